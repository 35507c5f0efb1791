// Package static writes Goalpost's public pages as files that a plain web
// server, a CDN or a government portal serves as they are
// (`goalpost export-static DIR`), and keeps them in step with the database
// while Goalpost serves (`goalpost serve --static-dir DIR`, Keeper).
//
// Every page is rendered by the real handler in-process, as an anonymous
// visitor sees it, so the files are the pages serve shows; links are then
// made relative (rewrite.go), and what cannot be static (search, filters,
// sign-in, large text) is dropped, with a note on every page saying so.
// Chinese pages are at the top of DIR, English ones under en/; the API,
// assets and evidence files, the same in both languages, once.
package static

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// renderOrigin is the address pages are rendered at: absolute links to
// it (link previews, the embed card, feeds) are recognised and rewritten.
const renderOrigin = "http://goalpost-export.invalid"

// Inventory is what the site needs of the storage; *postgres.DB provides it.
type Inventory interface {
	Inventory(ctx context.Context) (postgres.Inventory, error)
}

// Site exports the public pages of Handler into Dir.
type Site struct {
	// Handler is the whole application (web.Server.Handler).
	Handler http.Handler
	Store   Inventory
	Dir     string
	// BaseURL, if set, is where Dir is published (ending in "/"): link
	// previews, the embed code and feeds need absolute addresses. Without
	// it, those that must be absolute are left out.
	BaseURL string
	Log     *slog.Logger
	// Workers render pages in parallel (4 if zero: rendering waits on the
	// database as much as it computes).
	Workers int

	mu      sync.Mutex
	current *layout // what the last export wrote
}

// job is one file of the site and where it comes from.
type job struct {
	file  string    // slash-separated, relative to Dir
	url   string    // path and query on the live site ("" for an asset)
	lang  i18n.Lang // the page's language
	asset string    // the name in web.StaticFiles, for an asset
	// plans are the plans whose change touches the file; every: any
	// plan's change does.
	plans []int64
	every bool
	// once: the file never changes (evidence): written when missing.
	once bool
}

// layout is every file of the site, and the address each stands for.
type layout struct {
	jobs  []job
	files map[string]*job
	// byURL maps key(lang, path, query) to the file.
	byURL map[string]string
}

func key(lang i18n.Lang, p string, q url.Values) string {
	return string(lang) + " " + p + "?" + q.Encode()
}

func (l *layout) add(j job, langs ...i18n.Lang) {
	l.jobs = append(l.jobs, j)
	u, _ := url.Parse(j.url)
	for _, lang := range langs {
		l.byURL[key(lang, u.Path, u.Query())] = j.file
	}
}

// page adds a page in both languages: Chinese at file, English under en/.
func (l *layout) page(address, file string, plans []int64, every bool) {
	l.add(job{file: file, url: address, lang: i18n.Chinese, plans: plans, every: every}, i18n.Chinese)
	l.add(job{file: "en/" + file, url: address, lang: i18n.English, plans: plans, every: every}, i18n.English)
}

// shared adds a file that is the same in both languages.
func (l *layout) shared(j job) { l.add(j, i18n.Chinese, i18n.English) }

// lookup is the file that the live site's address (seen from a page in
// lang) stands for.
func (l *layout) lookup(lang i18n.Lang, u *url.URL) (string, bool) {
	q := u.Query()
	if v := q.Get("lang"); v == "en" {
		lang = i18n.English
	} else if v == "zh" {
		lang = i18n.Chinese
	}
	q.Del("lang")
	f, ok := l.byURL[key(lang, u.Path, q)]
	return f, ok
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// attachmentFile names an evidence file: its id, then its name made safe
// for any file system and URL (the extension tells the server its type).
func attachmentFile(a postgres.InventoryAttachment) string {
	name := strings.Trim(unsafeName.ReplaceAllString(path.Base(a.Filename), "_"), "._")
	if name == "" {
		name = "file"
	}
	return fmt.Sprintf("attachments/%d/%s", a.ID, name)
}

// plan lays out the site the inventory describes.
func plan(inv postgres.Inventory) (*layout, error) {
	l := &layout{files: map[string]*job{}, byURL: map[string]string{}}
	// In the order a change rewrites them: a plan's page and its most
	// recently changed target first.
	owners := map[string][]int64{}
	for _, p := range inv.Plans {
		ids := []int64{p.ID}
		l.page("/plans/"+p.Slug, "plans/"+p.Slug+"/index.html", ids, false)
		l.page("/plans/"+p.Slug+"/feed.atom", "plans/"+p.Slug+"/feed.atom", ids, false)
		l.page("/reports/"+p.Slug, "reports/"+p.Slug+"/index.html", ids, false)
		l.shared(job{file: "api/v1/plans/" + p.Slug + "/targets.json", url: "/api/v1/targets?plan=" + url.QueryEscape(p.Slug), plans: ids})
		l.shared(job{file: "api/v1/plans/" + p.Slug + "/targets.csv", url: "/api/v1/targets.csv?plan=" + url.QueryEscape(p.Slug), plans: ids})
		for _, id := range p.Targets {
			n := strconv.FormatInt(id, 10)
			l.page("/targets/"+n, "targets/"+n+"/index.html", ids, false)
			l.page("/targets/"+n+"/embed", "targets/"+n+"/embed/index.html", ids, false)
			l.shared(job{file: "api/v1/targets/" + n + ".json", url: "/api/v1/targets/" + n, plans: ids})
			l.shared(job{file: "api/v1/targets/" + n + ".csv", url: "/api/v1/targets/" + n + ".csv", plans: ids})
		}
		for _, r := range p.Reports {
			base := "reports/" + p.Slug + "/" + r.Period
			v := strconv.Itoa(r.Version)
			l.page("/"+base+"?version="+v, base+"/v"+v+"/index.html", ids, false)
			if r.Latest {
				l.page("/"+base, base+"/index.html", ids, false)
				l.page("/"+base+".xlsx", base+".xlsx", ids, false)
			}
		}
		for _, a := range p.Attachments {
			l.shared(job{file: attachmentFile(a), url: "/attachments/" + strconv.FormatInt(a.ID, 10), plans: ids, once: true})
		}
		for _, d := range p.Departments {
			owners[d] = append(owners[d], p.ID)
		}
	}
	l.page("/", "index.html", nil, true)
	// The home page lists the plans a page at a time (web.PlansPerPage).
	for n := 2; (n-1)*web.PlansPerPage < len(inv.Plans); n++ {
		l.page("/?page="+strconv.Itoa(n), "page/"+strconv.Itoa(n)+"/index.html", nil, true)
	}
	l.shared(job{file: "api/v1/targets.json", url: "/api/v1/targets", every: true})
	l.shared(job{file: "api/v1/targets.csv", url: "/api/v1/targets.csv", every: true})
	l.page("/methodology", "methodology/index.html", nil, false)
	l.shared(job{file: "favicon.ico", url: "/favicon.ico"})
	assets, err := fs.Glob(web.StaticFiles(), "*")
	if err != nil {
		return nil, err
	}
	for _, name := range assets {
		l.shared(job{file: "static/" + name, url: "/static/" + name, asset: name})
	}
	for _, d := range inv.Departments {
		l.page("/departments/"+d, "departments/"+d+"/index.html", owners[d], false)
		l.page("/departments/"+d+"/feed.atom", "departments/"+d+"/feed.atom", owners[d], false)
	}
	for i := range l.jobs {
		l.files[l.jobs[i].file] = &l.jobs[i]
	}
	return l, nil
}

// touches reports whether a change of plan id may change j.
func (j *job) touches(id int64) bool {
	if j.every {
		return true
	}
	for _, p := range j.plans {
		if p == id {
			return true
		}
	}
	return false
}

// render asks the handler for j's address as an anonymous visitor in j's
// language would.
func (s *Site) render(ctx context.Context, j *job) (int, []byte) {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, renderOrigin+j.url, nil)
	if j.lang == i18n.English {
		req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
	}
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}
