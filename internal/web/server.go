// Package web is Goalpost's HTTP layer: the public progress pages, the
// officials' sign-in and figure form, and the open-data API. Every route is
// listed in routes(); each handler lives in a file named after what it does.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/ledger"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/justinas/nosurf"
)

//go:embed static
var static embed.FS

// Store is what the handlers need of the storage; *postgres.DB provides it.
type Store interface {
	Ping(ctx context.Context) error
	Plans(ctx context.Context) ([]goalpost.Plan, error)
	Plan(ctx context.Context, slug string) (goalpost.Plan, error)
	Sections(ctx context.Context, planID int64) ([]goalpost.Section, error)
	Departments(ctx context.Context) ([]goalpost.Department, error)
	Department(ctx context.Context, slug string) (goalpost.Department, error)
	Targets(ctx context.Context, f postgres.TargetFilter) ([]*goalpost.Tracked, error)
	Target(ctx context.Context, id int64) (*goalpost.Tracked, error)
	Figures(ctx context.Context, targetID int64, withUnpublished bool) ([]goalpost.Figure, error)
	Decide(ctx context.Context, u *goalpost.User, figureID int64, approve bool, reason string) (goalpost.Figure, error)
	ReviewQueue(ctx context.Context, u *goalpost.User) ([]postgres.QueueItem, error)
	History(ctx context.Context, targetID int64) ([]postgres.HistoryEntry, error)
	AddFigure(ctx context.Context, u *goalpost.User, nf goalpost.NewFigure) (goalpost.Figure, error)
	Authenticate(ctx context.Context, email, password string) (*goalpost.User, error)
	User(ctx context.Context, id int64) (*goalpost.User, error)
	UserByToken(ctx context.Context, token string) (*goalpost.User, error)
	LoginAllowed(ctx context.Context, email, address string) error
	RecordLogin(ctx context.Context, email, address string, ok bool) error
	CreateToken(ctx context.Context, email, name string) (string, error)
	Tokens(ctx context.Context, userID int64) ([]postgres.Token, error)
	RevokeToken(ctx context.Context, u *goalpost.User, tokenID int64) error
	Audit(ctx context.Context, f postgres.AuditFilter) ([]postgres.AuditEntry, error)
	LatestFigures(ctx context.Context, targetIDs []int64) (map[int64]map[string]goalpost.Figure, error)
	AddFigures(ctx context.Context, u *goalpost.User, nfs []goalpost.NewFigure, apply bool) ([]postgres.BatchResult, bool, error)
	SaveLedgerUpload(ctx context.Context, u *goalpost.User, departmentID int64, figures []goalpost.NewFigure) (int64, error)
	ApplyLedgerUpload(ctx context.Context, u *goalpost.User, uploadID int64) ([]goalpost.NewFigure, []postgres.BatchResult, bool, error)
	SetSchedule(ctx context.Context, u *goalpost.User, targetID int64, s goalpost.Schedule) error
	Attachments(ctx context.Context, figureIDs []int64) (map[int64][]goalpost.Attachment, error)
	Attachment(ctx context.Context, id int64) (*postgres.AttachmentFile, error)
	Users(ctx context.Context) ([]*goalpost.User, error)
	CreateUser(ctx context.Context, email, name string, role goalpost.UserRole, password string, edit, review []string) (*goalpost.User, error)
	SetMemberships(ctx context.Context, admin *goalpost.User, userID int64, edit, review []string) error
	SetPassword(ctx context.Context, admin *goalpost.User, userID int64, password string) error
	SaveDepartment(ctx context.Context, admin *goalpost.User, slug, name string) error
	SetPlanReview(ctx context.Context, admin *goalpost.User, slug string, required bool) error
	ImportPlan(ctx context.Context, f *planfile.File, actor string) (postgres.ImportResult, error)
	TOTPSecret(ctx context.Context, userID int64) (string, error)
	SetTOTPSecret(ctx context.Context, u *goalpost.User, secret string) error
	RequireTOTP(ctx context.Context) (bool, error)
	SetRequireTOTP(ctx context.Context, admin *goalpost.User, on bool) error
	PublishReport(ctx context.Context, admin *goalpost.User, planSlug, period string, content any, changes func(previous []byte) string) (int, error)
	Report(ctx context.Context, planSlug, period string, version int) (*postgres.PublishedReport, error)
	Reports(ctx context.Context, planSlug string) ([]postgres.PublishedReport, error)
	SetBaseline(ctx context.Context, admin *goalpost.User, targetID int64, value *float64, date time.Time, text string) error
	Rules(ctx context.Context) (goalpost.Rules, error)
	SetRules(ctx context.Context, admin *goalpost.User, r goalpost.Rules) error
	SetOverride(ctx context.Context, u *goalpost.User, targetID int64, status goalpost.Status, reason string) error
	SaveDraft(ctx context.Context, userID, targetID int64, fields map[string]string) error
	DeleteDraft(ctx context.Context, userID, targetID int64) error
	Drafts(ctx context.Context, userID, targetID int64) ([]postgres.Draft, error)
}

// Options configure the server.
type Options struct {
	// SecureCookies marks cookies Secure; set it when serving behind TLS.
	SecureCookies bool
	// IdleTimeout and Lifetime bound a session: it ends after IdleTimeout
	// without a request, and after Lifetime in any case.
	IdleTimeout, Lifetime time.Duration
	Logger                *slog.Logger
}

// Server serves Goalpost over HTTP.
type Server struct {
	store    Store
	sessions *scs.SessionManager
	log      *slog.Logger
	now      func() time.Time
	secure   bool
	health   dbHealth
	pool     *pgxpool.Pool // reset when the database goes away
}

// New builds a server whose sessions live in PostgreSQL (pool).
func New(store Store, pool *pgxpool.Pool, opts Options) *Server {
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = time.Hour
	}
	if opts.Lifetime == 0 {
		opts.Lifetime = 12 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	sm := scs.New()
	sm.Store = pgxstore.New(pool)
	sm.IdleTimeout, sm.Lifetime = opts.IdleTimeout, opts.Lifetime
	sm.Cookie.Name = "goalpost_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = opts.SecureCookies
	s := &Server{store: store, sessions: sm, log: opts.Logger, now: time.Now, secure: opts.SecureCookies, pool: pool}
	sm.ErrorFunc = s.sessionError
	return s
}

// Handler returns the whole application: routes wrapped in sessions, CSRF
// protection and security headers.
func (s *Server) Handler() http.Handler {
	csrf := nosurf.New(s.routes())
	csrf.SetBaseCookie(http.Cookie{Name: "goalpost_csrf", Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	csrf.SetFailureHandler(http.HandlerFunc(s.csrfFailed))
	// Behind a TLS-terminating proxy the request looks like plain HTTP; the
	// origin check must still expect https.
	csrf.SetIsTLSFunc(func(r *http.Request) bool { return s.secure || r.TLS != nil })
	// Health checks come from load balancers that carry no session or token.
	csrf.ExemptPath("/healthz")
	// The API authenticates by bearer token only, never by cookie, so a
	// forged cross-site request carries no credential to abuse.
	csrf.ExemptFunc(func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") })
	// limitBody comes first: the CSRF check itself reads the form.
	// guardDB comes before sessions, which need the database.
	return securityHeaders(limitBody(s.guardDB(staticFiles(), s.sessions.LoadAndSave(csrf))))
}

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer, recordAddress, s.loadUser, s.enforceTOTP)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, goalpost.Errorf(goalpost.EINVALID, "method not allowed"), http.StatusMethodNotAllowed)
	})

	r.Get("/healthz", s.healthz)

	r.Get("/", s.home)
	r.Get("/methodology", s.methodology)
	r.Get("/reports/{plan}", s.reportsIndex)
	r.Get("/reports/{plan}/{period}", s.reportShow)
	r.Post("/reports/{plan}/{period}/publish", s.reportPublish)
	r.Get("/plans/{slug}", s.planShow)
	r.Get("/targets/{id}", s.targetShow)
	r.Post("/targets/{id}/figures", s.figureCreate)
	r.Get("/departments/{slug}", s.departmentShow)
	r.Get("/departments/{slug}/ledger.xlsx", s.ledgerXLSX)
	r.Get("/departments/{slug}/ledger.csv", s.ledgerCSV)
	r.Post("/departments/{slug}/ledger", s.ledgerUpload)
	r.Post("/ledger/{id}/confirm", s.ledgerConfirm)
	r.Get("/review", s.reviewQueue)
	r.Get("/work", s.workShow)
	r.Get("/attachments/{id}", s.attachmentShow)
	r.Post("/targets/{id}/schedule", s.scheduleSet)
	r.Post("/targets/{id}/override", s.overrideSet)
	r.Post("/targets/{id}/baseline", s.baselineSet)
	r.Post("/admin/settings/rules", s.rulesSet)
	r.Get("/account", s.accountShow)
	r.Get("/admin/audit", s.auditShow)
	r.Get("/admin/users", s.adminUsers)
	r.Post("/admin/users", s.adminUserCreate)
	r.Post("/admin/users/{id}/memberships", s.adminUserMemberships)
	r.Post("/admin/users/{id}/password", s.adminUserPassword)
	r.Get("/admin/departments", s.adminDepartments)
	r.Post("/admin/departments", s.adminDepartmentSave)
	r.Get("/admin/plans", s.adminPlans)
	r.Post("/admin/plans/import", s.adminPlanImport)
	r.Post("/admin/plans/{slug}/review", s.adminPlanReview)
	r.Get("/admin/audit.csv", s.auditCSV)
	r.Post("/account/tokens", s.tokenCreate)
	r.Post("/account/tokens/{id}/revoke", s.tokenRevoke)
	r.Post("/figures/{id}/approve", s.figureApprove)
	r.Post("/figures/{id}/return", s.figureReturn)

	r.Get("/login", s.loginShow)
	r.Post("/login", s.loginSubmit)
	r.Post("/logout", s.logout)
	r.Get("/login/totp", s.totpShow)
	r.Post("/login/totp", s.totpSubmit)
	r.Post("/account/totp/start", s.totpStart)
	r.Post("/account/totp/confirm", s.totpConfirm)
	r.Post("/account/totp/disable", s.totpDisable)
	r.Post("/admin/settings/totp", s.requireTOTPSet)

	r.Get("/api/v1/targets", s.apiTargetsJSON)
	r.Get("/api/v1/targets.csv", s.apiTargetsCSV)
	r.Get("/api/v1/targets/{id}", s.apiTargetShow)
	r.Post("/api/v1/targets/{id}/figures", s.apiFigureCreate)
	r.Post("/api/v1/figures/{id}/approve", s.apiFigureApprove)
	r.Post("/api/v1/figures/{id}/return", s.apiFigureReturn)
	return r
}

// recordAddress makes the client's address part of every audit entry the
// request writes.
func recordAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(postgres.WithAddress(r.Context(), clientAddress(r))))
	})
}

// limitBody bounds request bodies: every form here is a few fields, so a
// large body is a mistake or an attack, refused before it is read.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(64 << 10)
		switch {
		case strings.HasSuffix(r.URL.Path, "/ledger"), r.URL.Path == "/admin/plans/import":
			limit += ledger.MaxUpload
		case strings.HasSuffix(r.URL.Path, "/figures") && !strings.HasPrefix(r.URL.Path, "/api/"):
			limit += goalpost.MaxAttachmentsPerFig * goalpost.MaxAttachmentSize // evidence files
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// No page runs script; styles come only from our stylesheet.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// staticFiles serves the stylesheet and images; Handler serves them ahead of
// sessions, since they need no database.
func staticFiles() http.Handler {
	sub, _ := fs.Sub(static, "static")
	return http.StripPrefix("/static/", cacheFor(time.Hour, http.FileServerFS(sub)))
}

func cacheFor(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age="+itoa(int64(d.Seconds())))
		next.ServeHTTP(w, r)
	})
}
