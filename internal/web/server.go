// Package web is Goalpost's HTTP layer: the public progress pages, the
// officials' sign-in and figure form, and the open-data API. Every route is
// listed in routes(); each handler lives in a file named after what it does.
package web

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/extract/docread"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/ledger"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
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
	PlanDepartments(ctx context.Context, planID int64) ([]goalpost.Department, error)
	Department(ctx context.Context, slug string) (goalpost.Department, error)
	Targets(ctx context.Context, f postgres.TargetFilter) ([]*goalpost.Tracked, error)
	Target(ctx context.Context, id int64) (*goalpost.Tracked, error)
	TargetAt(ctx context.Context, f postgres.TargetFilter) (*goalpost.Tracked, error)
	Figures(ctx context.Context, targetID int64, withUnpublished bool) ([]goalpost.Figure, error)
	FiguresKnown(ctx context.Context, targetID int64, withUnpublished bool, known time.Time) ([]goalpost.Figure, error)
	Decide(ctx context.Context, u *goalpost.User, figureID int64, approve bool, reason string) (goalpost.Figure, error)
	ReviewQueue(ctx context.Context, u *goalpost.User) ([]postgres.QueueItem, error)
	History(ctx context.Context, targetID int64, withUnpublished bool) ([]postgres.HistoryEntry, error)
	AddFigure(ctx context.Context, u *goalpost.User, nf goalpost.NewFigure) (goalpost.Figure, error)
	AddFigureTo(ctx context.Context, u *goalpost.User, t *goalpost.Tracked, nf goalpost.NewFigure) (goalpost.Figure, error)
	AddFigureOnce(ctx context.Context, u *goalpost.User, t *goalpost.Tracked, key string, requestHash []byte, nf goalpost.NewFigure, answer func(goalpost.Figure, error) postgres.Answer) (postgres.Answer, bool, error)
	IdempotentAnswer(ctx context.Context, userID int64, key string, requestHash []byte) (*postgres.Answer, error)
	Authenticate(ctx context.Context, email, password string) (*goalpost.User, error)
	User(ctx context.Context, id int64) (*goalpost.User, error)
	UserByToken(ctx context.Context, token string) (*goalpost.User, error)
	LoginAttempt(ctx context.Context, email, address string) error
	LoginPasswordOK(ctx context.Context, email, address string) error
	LoginSucceeded(ctx context.Context, email, address string) error
	CreateToken(ctx context.Context, email, name string) (string, error)
	Tokens(ctx context.Context, userID int64) ([]postgres.Token, error)
	AllTokens(ctx context.Context, admin *goalpost.User) ([]postgres.OwnedToken, error)
	RevokeToken(ctx context.Context, u *goalpost.User, tokenID int64) error
	SetDisabled(ctx context.Context, admin *goalpost.User, userID int64, disabled bool) error
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
	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error)
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
	PlanFile(ctx context.Context, slug string) (*planfile.File, error)
	EditPlan(ctx context.Context, admin *goalpost.User, slug string, edit func(f *planfile.File) error) (postgres.ImportResult, error)
	CreatePlan(ctx context.Context, admin *goalpost.User, f *planfile.File) error
	// issue 8: drafts
	CreatePlanDraft(ctx context.Context, admin *goalpost.User, fileName, text string, rv *extract.Review) (int64, error)
	PlanDraft(ctx context.Context, id int64) (*postgres.PlanDraft, error)
	PlanDrafts(ctx context.Context) ([]postgres.PlanDraftSummary, error)
	EditPlanDraft(ctx context.Context, admin *goalpost.User, id int64, edit func(*extract.Review) error) error
	PublishPlanDraft(ctx context.Context, admin *goalpost.User, id int64) (string, postgres.ImportResult, error)
	DiscardPlanDraft(ctx context.Context, admin *goalpost.User, id int64) error
	// issue 9: finding and taking away
	Search(ctx context.Context, q goalpost.SearchQuery) (goalpost.SearchResults, error)
	FeedItems(ctx context.Context, f goalpost.FeedFilter) ([]goalpost.FeedItem, error)
	// issue 10: the page cache hears what changed
	ListenChanges(ctx context.Context, handle func(postgres.Change))
}

// Options configure the server.
type Options struct {
	// SecureCookies marks cookies Secure; set it when serving behind TLS.
	SecureCookies bool
	// IdleTimeout and Lifetime bound a session: it ends after IdleTimeout
	// without a request, and after Lifetime in any case.
	IdleTimeout, Lifetime time.Duration
	Logger                *slog.Logger
	// Now is the clock (time.Now if nil); tests fix it to a moment.
	Now func() time.Time
	// PageCache keeps public answers in memory (cache.go). It serves
	// nothing until Listen has heard the database.
	PageCache bool
}

// Server serves Goalpost over HTTP.
type Server struct {
	store    Store
	sessions *scs.SessionManager
	log      *slog.Logger
	now      func() time.Time
	secure   bool
	// readers admits uploaded spreadsheets to be read, a few at once:
	// each may take tens of megabytes while read. An upload waits readWait
	// for a slot, then is told to try again.
	readers  chan struct{}
	readWait time.Duration
	health   dbHealth
	pool     *pgxpool.Pool // reset when the database goes away
	cache    *pageCache    // nil without Options.PageCache
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
	sm.Cookie.Name = sessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = opts.SecureCookies
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{store: store, sessions: sm, log: opts.Logger, now: opts.Now, secure: opts.SecureCookies, pool: pool,
		readers: make(chan struct{}, 2), readWait: 5 * time.Second}
	sm.ErrorFunc = s.sessionError
	if opts.PageCache {
		s.cache = newPageCache()
	}
	return s
}

// sessionCookie names the session's cookie: a request that carries one is
// never answered from the page cache.
const sessionCookie = "goalpost_session"

// Listen hears the database's announcements of what changed, for the page
// cache, until ctx ends. Without a page cache it returns at once.
func (s *Server) Listen(ctx context.Context) {
	if s.cache != nil {
		s.store.ListenChanges(ctx, s.cache.heard)
	}
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
	h := securityHeaders(s.secure, s.limitBody(s.guardDB(staticFiles(), s.sessions.LoadAndSave(csrf))))
	if s.cache != nil {
		// Outermost: a kept answer is written with no other work.
		h = s.cache.middleware(h)
	}
	return h
}

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	// GetHead: HEAD is answered by the GET handler (the server drops the body).
	r.Use(middleware.Recoverer, middleware.GetHead, s.refuseBadText, recordAddress, s.loadUser, s.enforceTOTP)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, goalpost.Errorf(goalpost.EINVALID, "method not allowed"), http.StatusMethodNotAllowed)
	})

	r.Get("/healthz", s.healthz)

	r.Get("/", s.home)
	r.Get("/methodology", s.methodology)
	r.Get("/reading", s.readingSet) // issue 9: large text, high contrast
	r.Get("/search", s.search)      // issue 9: finding things
	r.Get("/plans/{slug}/feed.atom", s.planFeed)
	r.Get("/departments/{slug}/feed.atom", s.departmentFeed)
	r.Get("/targets/{id}/embed", s.targetEmbed)
	r.Get("/favicon.ico", favicon)
	r.Get("/reports/{plan}", s.reportsIndex)
	r.Get("/reports/{plan}/{period}", s.reportShow)
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
	r.Post("/targets/{id}/override", s.overrideSet)
	r.Get("/account", s.accountShow)
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

	// Administrators only: one guard for the whole group (requireAdmin).
	// The integrator moves the routes marked "issue 8: drafts" (document
	// import and draft review) into this group too.
	r.Group(func(r chi.Router) {
		r.Use(s.requireAdmin)
		r.Post("/reports/{plan}/{period}/publish", s.reportPublish)
		r.Post("/targets/{id}/schedule", s.scheduleSet)
		r.Post("/targets/{id}/baseline", s.baselineSet)
		r.Post("/admin/settings/rules", s.rulesSet)
		r.Get("/admin/audit", s.auditShow)
		r.Get("/admin/users", s.adminUsers)
		r.Post("/admin/users", s.adminUserCreate)
		r.Post("/admin/users/{id}/memberships", s.adminUserMemberships)
		r.Post("/admin/users/{id}/password", s.adminUserPassword)
		r.Post("/admin/users/{id}/disable", s.adminUserDisable)
		r.Post("/admin/users/{id}/enable", s.adminUserEnable)
		r.Get("/admin/tokens", s.adminTokens)
		r.Post("/admin/tokens/{id}/revoke", s.adminTokenRevoke)
		r.Get("/admin/departments", s.adminDepartments)
		r.Post("/admin/departments", s.adminDepartmentSave)
		r.Get("/admin/plans", s.adminPlans)
		r.Post("/admin/plans/import", s.adminPlanImport)
		r.Post("/admin/plans/{slug}/review", s.adminPlanReview)
		r.Get("/admin/audit.csv", s.auditCSV)
		r.Post("/admin/settings/totp", s.requireTOTPSet)
		// The plan editor (issue 8).
		r.Get("/admin/plans/new-empty", s.planNewShow)
		r.Post("/admin/plans/new-empty", s.planNewCreate)
		r.Get("/admin/plans/{slug}.yaml", s.planDownload)
		r.Get("/admin/plans/{slug}/edit", s.planEditShow)
		r.Post("/admin/plans/{slug}/edit", s.planEditSave)
		r.Post("/admin/plans/{slug}/sections", s.sectionAdd)
		r.Post("/admin/plans/{slug}/sections/{index}", s.sectionSave)
		r.Post("/admin/plans/{slug}/tasks", s.taskAdd)
		r.Post("/admin/plans/{slug}/tasks/{number}", s.taskSave)
		r.Get("/admin/plans/{slug}/targets/new", s.targetEditShow)
		r.Post("/admin/plans/{slug}/targets", s.targetSave)
		r.Get("/admin/plans/{slug}/targets/{key}", s.targetEditShow)
		r.Post("/admin/plans/{slug}/targets/{key}", s.targetSave)
		r.Post("/admin/plans/{slug}/targets/{key}/retire", s.targetRetire)
		r.Post("/admin/plans/{slug}/targets/{key}/delete", s.targetDelete)
		// Plans from documents: upload, review the draft, publish (issue 8).
		r.Get("/admin/plans/new", s.draftNew)
		r.Post("/admin/plans/new", s.draftCreate)
		r.Get("/admin/drafts", s.draftsList)
		r.Get("/admin/drafts/{id}", s.draftShow)
		r.Post("/admin/drafts/{id}/plan", s.draftPlanSave)
		r.Post("/admin/drafts/{id}/candidates", s.draftCandidateAdd)
		r.Post("/admin/drafts/{id}/candidates/{n}", s.draftCandidateSave)
		r.Post("/admin/drafts/{id}/publish", s.draftPublish)
		r.Post("/admin/drafts/{id}/discard", s.draftDiscard)
	})

	r.Get("/api/v1/targets", s.apiTargetsJSON)
	r.Get("/api/v1/targets.csv", s.apiTargetsCSV)
	r.Get("/api/v1/targets/{id}.csv", s.apiTargetCSV) // issue 9: taking things away
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

// bodyLimit is the largest body a request to path may carry: every form
// here is a few fields, except the uploads.
func bodyLimit(path string) int64 {
	const form = 64 << 10
	switch {
	case strings.HasSuffix(path, "/ledger"), path == "/admin/plans/import":
		return form + ledger.MaxUpload
	case path == "/admin/plans/new": // issue 8: a policy document
		return form + docread.MaxSize
	case strings.HasSuffix(path, "/figures") && !strings.HasPrefix(path, "/api/"):
		return form + goalpost.MaxAttachmentsPerFig*goalpost.MaxAttachmentSize // evidence files
	}
	return form
}

// multipartMemory is how much of a multipart body's files is kept in
// memory while parsing; the rest goes to a temporary file.
const multipartMemory = 1 << 20

// limitBody bounds request bodies, refused with 413 before they are read
// when their length says they are too large, and owns form parsing: a
// form is parsed here, once, so that a multipart form's temporary files
// are removed after the response whatever the outcome. Parsing it here
// also keeps the CSRF check (which reads the token from the form, on a
// copy of the request) from parsing it again where nobody cleans up.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := bodyLimit(r.URL.Path)
		if r.ContentLength > limit {
			s.tooLarge(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		var err error
		mt := formType(r)
		switch mt {
		case "multipart/form-data":
			err = r.ParseMultipartForm(multipartMemory)
			defer func() {
				if r.MultipartForm != nil {
					_ = r.MultipartForm.RemoveAll()
				}
			}()
		case "application/x-www-form-urlencoded":
			// Parsed here too, so a body that turns out too large is
			// answered as such, not as a form without its CSRF token.
			err = r.ParseForm()
		default:
			next.ServeHTTP(w, r)
			return
		}
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			s.tooLarge(w, r)
		case mt == "multipart/form-data" && r.MultipartForm == nil:
			// Go removes what a failed parse wrote; answer now, so nothing
			// parses the rest of the body again.
			err := goalpost.Errorf(goalpost.EINVALID, "%s", i18n.FromRequest(r).T("error.malformed_upload"))
			if strings.HasPrefix(r.URL.Path, "/api/") {
				s.apiError(w, r, err)
			} else {
				s.renderError(w, r, err, 0)
			}
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// formType is the media type of the form r carries that the CSRF check or
// a handler would parse, or "": the same test as net/http's, for the
// methods nosurf checks.
func formType(r *http.Request) string {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return ""
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// tooLarge refuses a body over its route's limit, saying what the limit is.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request) {
	// The body is left unread: the connection is closed after the answer.
	w.Header().Set("Connection", "close")
	lang := i18n.FromRequest(r)
	var msg string
	switch limit := bodyLimit(r.URL.Path); {
	case strings.HasSuffix(r.URL.Path, "/figures"):
		msg = lang.T("error.evidence_too_large", goalpost.MaxAttachmentsPerFig, goalpost.MaxAttachmentSize>>20)
	case limit > 1<<20:
		msg = lang.T("error.file_too_large", limit>>20)
	default:
		msg = lang.T("error.form_too_large")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"error": map[string]string{"code": goalpost.EINVALID, "message": msg}})
		return
	}
	p := s.page(w, r, lang.T("error.too_large"))
	s.render(w, r, http.StatusRequestEntityTooLarge, templates.ErrorPage(p, p.Title, msg))
}

func securityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if tls {
			// Served over TLS (secure cookies): browsers keep to https for a year.
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		// Scripts and styles come only from this site: the one script
		// (static/filters.js) applies filters; every page works without it.
		// Only a target's card (issue 9) may be framed by other sites.
		frame := "frame-ancestors 'none'"
		if embeddable(r.URL.Path) {
			frame = "frame-ancestors *"
		} else {
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+frame+"; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
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
