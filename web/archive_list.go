package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/views"
)

// showArchive lists the archived buckets, read from MinIO's bucket tags
// alone, filtered by the former owner's kind and a text, and sorted by
// name, archive time or size.
//
// Every bucket's tags are read and every archived bucket's versions are
// counted for each view of the page (MinIO cannot search by tag), so the
// page slows down as the archive holds more buckets and objects.
func (s *Server) showArchive(c echo.Context) error {
	search := strings.TrimSpace(c.QueryParam("q"))
	if len(search) > maxSearchLength {
		search = search[:maxSearchLength]
	}
	kind := c.QueryParam("kind")
	if kind != "user" && kind != "workspace" {
		kind = ""
	}
	sortKey, desc := parseArchiveSort(c.QueryParam("sort"), c.QueryParam("dir"))

	all, err := s.Storage.ArchivedBuckets(c.Request().Context())
	if err != nil {
		return archiveError(err, "the archived buckets")
	}
	shown := filterArchive(all, search, kind)
	sortArchive(shown, sortKey, desc)

	l := views.ArchiveList{Buckets: shown, Sort: sortKey, Desc: desc, Kind: kind,
		Search: search, Archived: len(all)}
	if name := c.QueryParam("purged"); name != "" {
		l.Notice = "Bucket " + name + " was purged: its objects, versions and the bucket are gone."
	}
	return s.render(c, http.StatusOK, "Archive", "archive", views.Archive(l))
}

// parseArchiveSort accepts only the known sort keys, each in the direction
// it starts in unless dir names one.
func parseArchiveSort(key, dir string) (string, bool) {
	for _, s := range views.ArchiveSorts {
		if s.Key != key {
			continue
		}
		switch dir {
		case "asc":
			return key, false
		case "desc":
			return key, true
		}
		return key, s.Desc
	}
	return "name", false
}

// filterArchive keeps the buckets of the kind (both kinds when empty)
// whose name or former owner contains the search, ignoring case.
func filterArchive(all []storage.ArchivedBucket, search, kind string) []storage.ArchivedBucket {
	search = strings.ToLower(search)
	var out []storage.ArchivedBucket
	for _, b := range all {
		if kind != "" && b.Kind != kind {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(b.Name), search) &&
			!strings.Contains(strings.ToLower(b.Owner), search) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// sortArchive orders the buckets by the key; ties are broken by name.
func sortArchive(bs []storage.ArchivedBucket, key string, desc bool) {
	slices.SortStableFunc(bs, func(a, b storage.ArchivedBucket) int {
		var n int
		switch key {
		case "archived":
			n = a.At.Compare(b.At)
		case "size":
			n = cmp.Compare(a.Size, b.Size)
		}
		if n == 0 {
			n = strings.Compare(a.Name, b.Name)
		}
		if desc {
			return -n
		}
		return n
	})
}
