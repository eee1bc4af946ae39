package web

import (
	"slices"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/storage"
)

func archived(name, owner, kind string, at time.Time, size int64) storage.ArchivedBucket {
	return storage.ArchivedBucket{Name: name,
		ArchiveLabel: storage.ArchiveLabel{Owner: owner, Kind: kind, At: at},
		ObjectTally:  storage.ObjectTally{Size: size}}
}

func bucketNames(bs []storage.ArchivedBucket) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Name
	}
	return out
}

func sampleArchive() []storage.ArchivedBucket {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	return []storage.ArchivedBucket{
		archived("bob-data", "bob", "user", day, 300),
		archived("ws-vision", "vision", "workspace", day.Add(48*time.Hour), 100),
		archived("alice-data", "alice", "user", day.Add(24*time.Hour), 300),
		archived("misc", "Bobby", "user", day.Add(72*time.Hour), 5),
	}
}

func TestArchiveFilterMatchesNameOrOwnerIgnoringCaseAndKind(t *testing.T) {
	all := sampleArchive()
	got, want := bucketNames(filterArchive(all, "BOB", "")), []string{"bob-data", "misc"}
	if !slices.Equal(got, want) {
		t.Errorf("filter BOB = %v, want %v", got, want)
	}
	got, want = bucketNames(filterArchive(all, "", "workspace")), []string{"ws-vision"}
	if !slices.Equal(got, want) {
		t.Errorf("workspaces = %v, want %v", got, want)
	}
	if got := filterArchive(all, "vision", "user"); len(got) != 0 {
		t.Errorf("users matching vision = %v, want none", bucketNames(got))
	}
}

func TestArchiveSortsByEachColumnWithTiesByName(t *testing.T) {
	cases := []struct {
		key  string
		desc bool
		want []string
	}{
		{"name", false, []string{"alice-data", "bob-data", "misc", "ws-vision"}},
		{"archived", true, []string{"misc", "ws-vision", "alice-data", "bob-data"}},
		{"archived", false, []string{"bob-data", "alice-data", "ws-vision", "misc"}},
		{"size", true, []string{"bob-data", "alice-data", "ws-vision", "misc"}},
		{"size", false, []string{"misc", "ws-vision", "alice-data", "bob-data"}},
	}
	for _, c := range cases {
		bs := sampleArchive()
		sortArchive(bs, c.key, c.desc)
		if got := bucketNames(bs); !slices.Equal(got, c.want) {
			t.Errorf("sort %s desc=%v = %v, want %v", c.key, c.desc, got, c.want)
		}
	}
}

func TestArchiveSortAcceptsOnlyKnownColumns(t *testing.T) {
	cases := []struct {
		key, dir string
		wantKey  string
		wantDesc bool
	}{
		{"", "", "name", false},
		{"size", "", "size", true},
		{"size", "asc", "size", false},
		{"archived", "desc", "archived", true},
		{"owner; drop", "desc", "name", false},
	}
	for _, c := range cases {
		key, desc := parseArchiveSort(c.key, c.dir)
		if key != c.wantKey || desc != c.wantDesc {
			t.Errorf("parseArchiveSort(%q, %q) = %q, %v; want %q, %v",
				c.key, c.dir, key, desc, c.wantKey, c.wantDesc)
		}
	}
}
