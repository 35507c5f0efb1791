package static

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/report"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
	"golang.org/x/net/html"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fixture is a database with the bundled plans, an editor of the
// environment bureau, and the site of its public pages.
type fixture struct {
	db     *postgres.DB
	site   *Site
	editor *goalpost.User
	admin  *goalpost.User
	pm     *goalpost.Tracked // Dalian's PM2.5 target
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db.Now = clock
	ctx := context.Background()
	editor, err := db.CreateUser(ctx, "env@example.org", "环保", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := db.CreateUser(ctx, "admin@example.org", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(db, db.Pool, web.Options{Logger: quiet, Now: clock})
	f := &fixture{db: db, editor: editor, admin: admin,
		site: &Site{Handler: srv.Handler(), Store: db, Dir: filepath.Join(t.TempDir(), "site"), Log: quiet}}
	ts, err := db.Targets(ctx, postgres.TargetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range ts {
		if tr.Key == "t22-pm25-concentration" {
			f.pm = tr
		}
	}
	if f.pm == nil {
		t.Fatal("no PM2.5 target")
	}
	return f
}

func (f *fixture) publish(t *testing.T, value float64, evidence bool) {
	t.Helper()
	p, err := goalpost.ParsePeriod("2024")
	if err != nil {
		t.Fatal(err)
	}
	nf := goalpost.NewFigure{TargetID: f.pm.ID, Period: p, Value: value}
	if evidence {
		nf.Attachments = []goalpost.NewAttachment{{Filename: "监测 报告.pdf", Data: []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")}}
	} else {
		nf.Reason = "复核更正"
	}
	if _, err := f.db.AddFigure(context.Background(), f.editor, nf); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, dir, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// files lists every file under dir, slash-separated.
func files(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(r)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkTree is what a visitor of the exported directory would find wrong:
// a link that leads nowhere, an address that only the live site answers,
// a .gz that is not its file, a file half written.
func checkTree(t *testing.T, dir string) {
	t.Helper()
	all := files(t, dir)
	links := 0
	for file := range all {
		if strings.Contains(path.Base(file), ".tmp-") {
			t.Errorf("temporary file left: %s", file)
		}
		if gz, ok := strings.CutSuffix(file, ".gz"); ok {
			zr, err := gzip.NewReader(strings.NewReader(read(t, dir, file)))
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			b, err := io.ReadAll(zr)
			if err != nil || string(b) != read(t, dir, gz) {
				t.Errorf("%s does not decompress to %s (%v)", file, gz, err)
			}
			continue
		}
		if !strings.HasSuffix(file, ".html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(read(t, dir, file)))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			if n.Type != html.ElementNode {
				return
			}
			for _, a := range n.Attr {
				if a.Key != "href" && a.Key != "src" && a.Key != "action" && a.Key != "srcset" {
					continue
				}
				v := a.Val
				if strings.HasPrefix(v, "#") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") && !strings.Contains(v, "goalpost-export.invalid") {
					continue
				}
				links++
				u, err := url.Parse(v)
				if err != nil || u.IsAbs() || strings.HasPrefix(v, "/") || u.RawQuery != "" {
					t.Errorf("%s: %s=%q is not a relative link to a file", file, a.Key, v)
					continue
				}
				target := path.Join(path.Dir(file), u.Path)
				if !all[target] {
					t.Errorf("%s: %s=%q leads to %s, which is not exported", file, a.Key, v, target)
				}
			}
		}
		walk(doc)
	}
	if links == 0 {
		t.Error("no links checked")
	}
}

func TestExportWritesEveryPublicPageWithWorkingLinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.publish(t, 33.7, true)
	pl, err := f.db.Plan(ctx, "dalian-2023-livelihood")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := f.db.Targets(ctx, postgres.TargetFilter{Plan: pl.Slug})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.PublishReport(ctx, f.admin, pl.Slug, "2025-02", report.Build(pl, "2025-02", ts, ts), func([]byte) string { return "" }); err != nil {
		t.Fatal(err)
	}
	st, err := f.site.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := f.site.Dir
	id := strconv.FormatInt(f.pm.ID, 10)
	all := files(t, dir)
	for _, want := range []string{
		"index.html", "index.html.gz", "en/index.html", "methodology/index.html", "en/methodology/index.html",
		"plans/dalian-2023-livelihood/index.html", "en/plans/dalian-2023-livelihood/index.html",
		"plans/dalian-2023-livelihood/feed.atom", "en/plans/dalian-2023-livelihood/feed.atom",
		"targets/" + id + "/index.html", "targets/" + id + "/embed/index.html", "en/targets/" + id + "/index.html",
		"departments/ecology-environment/index.html", "departments/ecology-environment/feed.atom",
		"reports/dalian-2023-livelihood/index.html", "reports/dalian-2023-livelihood/2025-02/index.html",
		"reports/dalian-2023-livelihood/2025-02/v1/index.html", "reports/dalian-2023-livelihood/2025-02.xlsx",
		"api/v1/targets.json", "api/v1/targets.csv", "api/v1/targets/" + id + ".json", "api/v1/targets/" + id + ".csv",
		"api/v1/plans/dalian-2023-livelihood/targets.csv", "api/v1/plans/dalian-2023-livelihood/targets.json",
		"static/style.css", "static/style.css.gz", "static/filters.js", "favicon.ico",
	} {
		if !all[want] {
			t.Errorf("%s not exported", want)
		}
	}
	if st.Files < 500 || st.Written == 0 {
		t.Errorf("stats: %s", st)
	}
	checkTree(t, dir)

	target := read(t, dir, "targets/"+id+"/index.html")
	if !strings.Contains(target, "33.7") {
		t.Error("the target page does not show its figure")
	}
	if !strings.Contains(target, `href="../../attachments/`) {
		t.Error("the target page does not link its evidence")
	}
	home := read(t, dir, "index.html")
	for _, gone := range []string{`action="/search"`, "/login", "/reading", `name="q"`} {
		if strings.Contains(home, gone) {
			t.Errorf("the home page still has %s", gone)
		}
	}
	if !strings.Contains(home, i18n.Chinese.T("static.note")) || !strings.Contains(read(t, dir, "en/index.html"), i18n.English.T("static.note")) {
		t.Error("no note on what the static copy lacks, in the page's language")
	}
	if !strings.Contains(home, `href="en/index.html"`) {
		t.Error("the language switch does not lead to the English home page")
	}
	en := read(t, dir, "en/plans/dalian-2023-livelihood/index.html")
	if !strings.Contains(en, `<html lang="en"`) || !strings.Contains(en, `href="../../../plans/dalian-2023-livelihood/index.html"`) {
		t.Error("the English plan page is not English, or its language switch is wrong")
	}
	plan := read(t, dir, "plans/dalian-2023-livelihood/index.html")
	if strings.Contains(plan, "?status=") || strings.Contains(plan, `id="filters"`) {
		t.Error("the plan page keeps filters that a static site cannot apply")
	}
	if strings.Contains(plan, "og:url") {
		t.Error("link previews name an address without a base URL")
	}
	feed := read(t, dir, "plans/dalian-2023-livelihood/feed.atom")
	if !strings.Contains(feed, `href="../../targets/`+id+`/index.html"`) {
		t.Errorf("the feed does not link the target's file: %s", feed)
	}

	// Exporting again writes nothing that did not change.
	info, _ := os.Stat(filepath.Join(dir, "targets", id, "index.html"))
	st, err = f.site.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 0 {
		t.Errorf("a second export wrote %d files", st.Written)
	}
	again, _ := os.Stat(filepath.Join(dir, "targets", id, "index.html"))
	if !again.ModTime().Equal(info.ModTime()) {
		t.Error("an unchanged file was rewritten")
	}
}

func TestExportWithBaseURL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.site.BaseURL = "https://portal.example.gov.cn/goalpost/"
	if _, err := f.site.Export(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(f.pm.ID, 10)
	page := read(t, f.site.Dir, "en/targets/"+id+"/index.html")
	for _, want := range []string{
		`content="https://portal.example.gov.cn/goalpost/en/targets/` + id + `/"`,
		`content="https://portal.example.gov.cn/goalpost/static/og.png"`,
		`src=&#34;https://portal.example.gov.cn/goalpost/en/targets/` + id + `/embed/&#34;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	feed := read(t, f.site.Dir, "plans/dalian-2023-livelihood/feed.atom")
	if !strings.Contains(feed, `href="https://portal.example.gov.cn/goalpost/plans/dalian-2023-livelihood/feed.atom"`) {
		t.Errorf("the feed's own address is not where it is published: %s", feed)
	}
	checkTree(t, f.site.Dir)
}

func TestExportRefusesAnotherDirectory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if err := os.MkdirAll(f.site.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.site.Dir, "thesis.tex"), []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := f.site.Export(context.Background())
	if err == nil || !strings.Contains(goalpost.ErrorMessageIn(err, i18n.English), "did not write") {
		t.Fatalf("export into a directory of other files: %v", err)
	}
	if read(t, f.site.Dir, "thesis.tex") != "years of work" {
		t.Error("someone's file was touched")
	}
}

// TestKeeperFollowsChanges: with serve --static-dir, a figure published
// reaches the plan's and target's files within 2 s, as the handler shows
// those pages, and a deleted target's files go.
func TestKeeperFollowsChanges(t *testing.T) {
	// Not parallel: the other tests' exports would compete for the 2 s.
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 16)
	k := &Keeper{Site: f.site, Listen: f.db.ListenChanges, Done: func(_ Stats, err error) { done <- err }}
	go k.Run(ctx)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no first export")
	}
	dir := f.site.Dir
	id := strconv.FormatInt(f.pm.ID, 10)
	targetFile, planFile := "targets/"+id+"/index.html", "plans/dalian-2023-livelihood/index.html"
	if strings.Contains(read(t, dir, targetFile), "41.3") {
		t.Fatal("the figure is there before it is published")
	}

	f.publish(t, 41.3, false)
	published := time.Now()
	for !strings.Contains(read(t, dir, targetFile), "41.3") || !strings.Contains(read(t, dir, planFile), "41.3") {
		if time.Since(published) > 2*time.Second {
			t.Fatal("the static files do not show the figure 2 s after it was published")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Let the rewrite finish, then compare with what serve answers now.
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.site.mu.Lock()
	l := f.site.current
	f.site.mu.Unlock()
	for _, file := range []string{targetFile, planFile, "en/" + targetFile, "index.html", "departments/ecology-environment/index.html", "api/v1/targets/" + id + ".json"} {
		want, err := f.site.Page(ctx, l, l.files[file])
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, dir, file); got != string(want) {
			t.Errorf("%s differs from the page serve shows", file)
		}
	}
	checkTree(t, dir)

	// A target deleted from the plan: its files go.
	before, err := f.db.Targets(ctx, postgres.TargetFilter{Plan: "dalian-2023-community"})
	if err != nil {
		t.Fatal(err)
	}
	var gone string
	_, err = f.db.EditPlan(ctx, f.admin, "dalian-2023-community", func(pf *planfile.File) error {
		for i := range pf.Sections {
			s := &pf.Sections[i]
			if n := len(s.Targets); n > 0 {
				gone = s.Targets[n-1].Key
				s.Targets = s.Targets[:n-1]
				return nil
			}
			for j := range s.Tasks {
				k := &s.Tasks[j]
				if n := len(k.Targets); n > 0 {
					gone = k.Targets[n-1].Key
					k.Targets = k.Targets[:n-1]
					return nil
				}
			}
		}
		return errors.New("no target to delete")
	})
	if err != nil {
		t.Fatal(err)
	}
	goneID := ""
	for _, tr := range before {
		if tr.Key == gone {
			goneID = strconv.FormatInt(tr.ID, 10)
		}
	}
	if goneID == "" {
		t.Fatalf("no target %s", gone)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	after := files(t, dir)
	for file := range after {
		if strings.Contains(file, "targets/"+goneID+"/") || strings.Contains(file, "targets/"+goneID+".") {
			t.Errorf("%s is still there after its target was deleted", file)
		}
	}
	checkTree(t, dir)
}

// TestExportHasEveryPageOfPlans: a city with more plans than the home page
// shows at once gets every page of them, linked from the first.
func TestExportHasEveryPageOfPlans(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	value := 10.0
	for i := range web.PlansPerPage {
		pf := &planfile.File{Slug: fmt.Sprintf("county-%02d", i), Title: fmt.Sprintf("第%d县民生实事", i), ShortTitle: fmt.Sprintf("第%d县", i), Issuer: "县政府",
			PeriodStart: planfile.Date{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
			PeriodEnd:   planfile.Date{Time: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
			Departments: []planfile.Department{{Slug: "county-office", Name: "县政府办"}},
			Sections: []planfile.Section{{Key: "一", Title: "实事", Tasks: []planfile.Task{{Number: 1, Title: "新建公园",
				Lead: []string{"county-office"}, Targets: []planfile.Target{{Key: "parks", Title: "新建口袋公园", Kind: "cumulative",
					Comparator: ">=", Value: &value, Unit: "个", Deadline: planfile.Date{Time: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
					SourceText: "新建口袋公园10个"}}}}}}}
		if _, err := f.db.ImportPlan(ctx, pf, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.site.Export(ctx); err != nil {
		t.Fatal(err)
	}
	checkTree(t, f.site.Dir)
	first, second := read(t, f.site.Dir, "index.html"), read(t, f.site.Dir, "page/2/index.html")
	if !strings.Contains(first, `href="page/2/index.html"`) {
		t.Error("the first page of plans does not link to the second")
	}
	if !strings.Contains(second, `href="../../index.html"`) {
		t.Error("the second page of plans does not link back to the first")
	}
	plans := regexp.MustCompile(`plans/[a-z0-9-]+/index.html`)
	seen := map[string]bool{}
	for _, page := range []string{first, second} {
		for _, p := range plans.FindAllString(page, -1) {
			seen[p] = true
		}
	}
	if len(seen) != web.PlansPerPage+2 {
		t.Errorf("the pages of plans link %d plans, want %d", len(seen), web.PlansPerPage+2)
	}
	if _, err := os.Stat(filepath.Join(f.site.Dir, "en/page/2/index.html")); err != nil {
		t.Errorf("no English second page: %v", err)
	}
}
