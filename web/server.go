// Package web is the portal's HTTP layer: the echo server, the route
// table, middleware and the handlers.
package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/static"
	"github.com/prokube/pkadmin/views"
)

// Pinger is a dependency that can say whether it answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Directory is the realm as the handlers use it; *keycloak.Directory
// implements it against the admin API.
type Directory interface {
	Pinger
	FindUsers(ctx context.Context, q keycloak.UserQuery, adminGroup, userGroup string) (keycloak.UserPage, error)
	UserDetails(ctx context.Context, id string) (keycloak.Details, error)
	SetTemporaryPassword(ctx context.Context, id, password string) error
	LogoutEverywhere(ctx context.Context, id string) error
	AddToGroup(ctx context.Context, userID, group string) error
	RemoveFromGroupKeepingOne(ctx context.Context, userID, group string) error
	Workspaces(ctx context.Context) ([]keycloak.Role, error)
	Taken(ctx context.Context, username, email string) (userTaken, emailTaken bool, err error)
	CreateUser(ctx context.Context, u keycloak.NewUser) (string, error)
	GrantRoles(ctx context.Context, userID string, roles []keycloak.Role) error
	SMTPConfigured(ctx context.Context) (bool, error)
	SendActionsEmail(ctx context.Context, id string, actions []string, lifespan time.Duration) error
	Access(ctx context.Context, userID string, groups []keycloak.GroupRef) ([]keycloak.WorkspaceAccess, error)
	UpdateProfile(ctx context.Context, id string, p keycloak.Profile) error
	Groups(ctx context.Context) ([]keycloak.GroupRef, error)
	RemoveFromGroup(ctx context.Context, userID, group string) error
	RevokeRoles(ctx context.Context, userID string, roles []keycloak.Role) error
	GetUser(ctx context.Context, id string) (keycloak.User, error)
	UnreadyUsers(ctx context.Context, userGroup string) ([]keycloak.Unready, error)
	MarkEmailVerified(ctx context.Context, id string) error

	// Groups area.
	FindGroups(ctx context.Context, q keycloak.GroupQuery) (keycloak.GroupPage, error)
	CreateGroup(ctx context.Context, name, description string) (string, error)
	GroupByID(ctx context.Context, id string) (keycloak.GroupInfo, error)
	GroupMembers(ctx context.Context, groupID string, first, max int) ([]keycloak.User, error)
	AddGroupMember(ctx context.Context, groupID, userID string) error
	RemoveGroupMember(ctx context.Context, groupID, userID string) error
	DeleteGroup(ctx context.Context, id string) error
	AssignableRoles(ctx context.Context) ([]keycloak.Role, error)
	GrantGroupRoles(ctx context.Context, groupID string, roles []keycloak.Role) error
	RevokeGroupRoles(ctx context.Context, groupID string, roles []keycloak.Role) error
	RoleHolders(ctx context.Context, roleName string) (keycloak.Holders, error)
	UserByUsername(ctx context.Context, username string) (keycloak.User, error)

	// Realm roles area (it also uses RoleHolders, declared above), and
	// the identity-provider marks of the readiness page.
	RealmRoles(ctx context.Context) ([]keycloak.Role, error)
	CountHolders(ctx context.Context, names []string) (map[string]int, error)
	CreateRealmRole(ctx context.Context, name, description string) error
	DeleteRealmRole(ctx context.Context, name string) error
	IdentityProviderLinks(ctx context.Context) (keycloak.ProviderLinks, error)

	// Workspaces area (it also uses RoleHolders, GrantGroupRoles,
	// RevokeGroupRoles and UserByUsername, declared above).
	RoleExists(ctx context.Context, roleName string) (bool, error)
	CreateWorkspace(ctx context.Context, workspace, description string) (keycloak.Role, error)
}

// Cluster is Kubernetes as the handlers use it; *cluster.Cluster
// implements it.
type Cluster interface {
	Pinger
	State(ctx context.Context, name string) (cluster.State, error)
	Snapshot(ctx context.Context) (cluster.Snapshot, error)
}

// Storage is MinIO as the handlers use it; *storage.Storage implements it.
type Storage interface {
	Pinger
	Buckets(ctx context.Context) (storage.BucketSet, error)

	// Archive area: archived buckets, and purging one (refused for a
	// bucket that is not archived).
	ArchivedBuckets(ctx context.Context) ([]storage.ArchivedBucket, error)
	BucketTags(ctx context.Context, bucket string) (map[string]string, error)
	PurgePreview(ctx context.Context, bucket string) (storage.ObjectTally, error)
	PurgeBucket(ctx context.Context, bucket string) error
}

// Offboarder is offboarding as the handlers use it; *offboard.Engine
// implements it.
type Offboarder interface {
	PreviewUser(ctx context.Context, userID string) (offboard.UserPreview, error)
	PreviewWorkspace(ctx context.Context, workspace string) (offboard.WorkspacePreview, error)
	CreateUserRun(ctx context.Context, userID, actor, reason string) (store.Run, error)
	CreateWorkspaceRun(ctx context.Context, workspace, actor, reason string) (store.Run, error)
	CreateBatch(ctx context.Context, userIDs []string, actor, reason string) (string, []offboard.BatchEntry)
	RunBatch(ctx context.Context, batchID string) error
	Run(ctx context.Context, runID string) error
	Resume(ctx context.Context, runID string) error
	Get(ctx context.Context, runID string) (store.Run, offboard.Plan, error)
	Incomplete(ctx context.Context) ([]store.Run, error)
}

// Deps are the services the portal talks to.
type Deps struct {
	Config   *config.Config
	Log      *slog.Logger
	Store    store.Store
	Provider *auth.Provider
	Keycloak Directory
	Storage  Storage
	Cluster  Cluster
	// Offboard deletes users and workspaces as recorded runs (offboarding
	// area).
	Offboard Offboarder
}

// Server serves the portal.
type Server struct {
	Deps
	sessions *auth.Sessions
	groups   auth.Groups
	echo     *echo.Echo
}

// New builds the server and registers every route.
func New(d Deps) *Server {
	s := &Server{
		Deps: d,
		sessions: &auth.Sessions{Store: d.Store, Lifetime: d.Config.SessionLifetime,
			Secure: d.Config.SecureCookies()},
		groups: auth.Groups{Admin: d.Config.AdminGroup, Helpdesk: d.Config.HelpdeskGroup},
		echo:   echo.New(),
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.handleError
	e.Use(s.requestID, s.logRequests, s.recoverPanics, s.securityHeaders, s.timeout)
	s.registerRoutes()
	return s
}

// Handler is the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// render writes a full page. It renders into a buffer first, so a failure
// half-way never sends half a page.
func (s *Server) render(c echo.Context, status int, title, section string, body templ.Component) error {
	p := s.page(c, title, section)
	var buf bytes.Buffer
	if err := views.Layout(p, body).Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// page describes the request for the layout.
func (s *Server) page(c echo.Context, title, section string) views.Page {
	p := views.Page{Title: title, Section: section, CSSURL: static.CSSURL, JSURL: static.JSURL}
	if se := sessionOf(c); se.SignedIn() {
		role := s.groups.RoleOf(se.Groups)
		p.Username, p.Name, p.CSRF = se.Username, se.Name, se.CSRFToken
		p.Admin, p.Helpdesk = role == auth.RoleAdmin, role == auth.RoleHelpdesk
	}
	return p
}

// Error is a failure with a message that is safe to show to a person.
type Error struct {
	Status  int
	Title   string
	Message string
	// Err is the cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Title + ": " + e.Err.Error()
	}
	return e.Title
}

func (e *Error) Unwrap() error { return e.Err }

// handleError renders every error as a page with the request ID. Only an
// *Error's own message is shown; anything else becomes a generic message.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, title := http.StatusInternalServerError, "Something went wrong"
	message := "The portal could not complete the request. If it keeps happening, " +
		"give the request ID below to the platform team."

	var pe *Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &pe):
		status, title, message = pe.Status, pe.Title, pe.Message
		if pe.Err != nil {
			logOf(c).Error("request failed", "status", status, "error", upstream.Describe(pe.Err))
		}
	case errors.As(err, &he):
		status = he.Code
		title = http.StatusText(status)
		message = "The page you asked for does not exist or does not accept this kind of request."
	default:
		logOf(c).Error("request failed", "status", status, "error", upstream.Describe(err))
	}

	if err := s.render(c, status, title, "", views.ErrorPage(title, message, requestIDOf(c))); err != nil {
		logOf(c).Error("render error page", "error", upstream.Describe(err))
		_ = c.String(status, title+"\nRequest ID: "+requestIDOf(c))
	}
}
