package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/minio/minio-go/v7/pkg/s3utils"

	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/views"
)

// showPurge previews the purge of an archived bucket: whose it was and
// what it holds, every version counted, and the confirmation form. A
// bucket that is not archived is refused with the reason.
func (s *Server) showPurge(c echo.Context) error {
	name, err := bucketParam(c)
	if err != nil {
		return err
	}
	b, err := s.archivedBucket(c, name)
	if errors.Is(err, storage.ErrNotArchived) {
		return s.renderPurge(c, http.StatusUnprocessableEntity, b, notArchived, "", "")
	}
	if err != nil {
		return archiveError(err, "the bucket")
	}
	return s.renderPurge(c, http.StatusOK, b, "", "", "")
}

// purgeBucket destroys an archived bucket, every object version and the
// bucket itself, once its name is typed to confirm. A bucket that is not
// archived, or a wrong confirmation, changes nothing.
func (s *Server) purgeBucket(c echo.Context) error {
	name, err := bucketParam(c)
	if err != nil {
		return err
	}
	target := "bucket/" + name
	noteAudit(c, target, "")
	b, err := s.archivedBucket(c, name)
	if errors.Is(err, storage.ErrNotArchived) {
		noteAudit(c, target, "refused: not archived")
		return s.renderPurge(c, http.StatusUnprocessableEntity, b, notArchived, "", "")
	}
	if err != nil {
		return archiveError(err, "the bucket")
	}

	confirm := c.FormValue("confirm")
	if confirm != name {
		noteAudit(c, target, "refused: not confirmed")
		return s.renderPurge(c, http.StatusUnprocessableEntity, b, "", confirm,
			"Type the bucket's name exactly as shown to purge it.")
	}

	detail := fmt.Sprintf("%d objects, %d versions, %d delete markers, %d bytes; "+
		"former owner %s %s", b.Objects, b.Versions, b.DeleteMarkers, b.Size, b.Kind, b.Owner)
	if err := s.Storage.PurgeBucket(c.Request().Context(), name); err != nil {
		noteAudit(c, target, "purge failed part way; preview was "+detail)
		return &Error{Status: http.StatusBadGateway, Title: "The purge did not finish",
			Message: "MinIO did not complete the purge of " + name + ". Some of its versions " +
				"may already be gone; the bucket stays archived. Open its purge page again " +
				"to see what is left and try again.", Err: err}
	}
	noteAudit(c, target, "purged "+detail)
	return c.Redirect(http.StatusSeeOther, "/admin/archive?"+url.Values{"purged": {name}}.Encode())
}

// notArchived is why a bucket that is not archived cannot be purged.
const notArchived = "This bucket is not archived, so it cannot be purged here. Only buckets " +
	"archived by offboarding a user or workspace can be purged; this one was left untouched."

// archivedBucket reads the bucket's archive label and what it holds. A
// bucket that exists but is not archived is returned by name with
// storage.ErrNotArchived.
func (s *Server) archivedBucket(c echo.Context, name string) (storage.ArchivedBucket, error) {
	ctx := c.Request().Context()
	b := storage.ArchivedBucket{Name: name}
	tally, err := s.Storage.PurgePreview(ctx, name)
	if err != nil {
		return b, err
	}
	tags, err := s.Storage.BucketTags(ctx, name)
	if err != nil {
		return b, err
	}
	label, ok := storage.LabelFromTags(tags)
	if !ok {
		return b, fmt.Errorf("%s: %w", name, storage.ErrNotArchived)
	}
	b.ArchiveLabel, b.ObjectTally = label, tally
	return b, nil
}

func (s *Server) renderPurge(c echo.Context, status int, b storage.ArchivedBucket,
	refusal, confirm, errMsg string) error {
	p := views.PurgePage{Bucket: b, Refusal: refusal, Confirm: confirm, Error: errMsg,
		CSRF: sessionOf(c).CSRFToken}
	return s.render(c, status, "Purge bucket "+b.Name, "archive", views.PurgeBucket(p))
}

// bucketParam is the route's bucket name; a name S3 would not accept
// names no bucket.
func bucketParam(c echo.Context) (string, error) {
	name := c.Param("bucket")
	if s3utils.CheckValidBucketNameStrict(name) != nil {
		return "", &Error{Status: http.StatusNotFound, Title: "Not found",
			Message: "There is no bucket of that name."}
	}
	return name, nil
}

// archiveError is a storage failure as a person sees it: a bucket that
// does not exist is not found; anything else is MinIO not answering.
func archiveError(err error, what string) error {
	if errors.Is(err, storage.ErrNoSuchBucket) {
		return &Error{Status: http.StatusNotFound, Title: "Not found",
			Message: "There is no bucket of that name. It may have been purged already.", Err: err}
	}
	return &Error{Status: http.StatusBadGateway, Title: "MinIO did not answer",
		Message: "The portal could not read " + what + " from MinIO. Nothing was changed. " +
			"Try again in a minute.", Err: err}
}
