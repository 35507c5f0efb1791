package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// glanceHarness is a server on the Dalian plans whose clock reads
// 2026-11-27, past the livelihood plan's 2025 deadline, with figures
// published as entered.
func glanceHarness(t *testing.T) (*harness, *goalpost.User) {
	t.Helper()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	clock := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	db.Now = clock
	srv := httptest.NewServer(web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock}).Handler())
	t.Cleanup(srv.Close)
	u, err := db.CreateUser(context.Background(), "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, db: db, srv: srv}, u
}

func (h *harness) figure(u *goalpost.User, key, period string, value float64) {
	h.t.Helper()
	p, err := goalpost.ParsePeriod(period)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.db.AddFigure(context.Background(), u, goalpost.NewFigure{TargetID: h.target(key).ID, Period: p, Value: value}); err != nil {
		h.t.Fatal(err)
	}
}

func texts(s *goquery.Selection) []string {
	return s.Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) })
}

func attrFloat(t *testing.T, s *goquery.Selection, name string) float64 {
	t.Helper()
	v, _ := s.Attr(name)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return f
}

// roundTicks checks that y-axis labels are evenly spaced round numbers:
// every step 1, 2, 2.5 or 5 times a power of ten, and every tick a
// multiple of it.
func roundTicks(t *testing.T, labels []string) []float64 {
	t.Helper()
	if len(labels) < 3 {
		t.Fatalf("y ticks %v: want at least 3", labels)
	}
	var vs []float64
	for _, l := range labels {
		v, err := strconv.ParseFloat(strings.ReplaceAll(l, ",", ""), 64)
		if err != nil {
			t.Fatalf("tick %q is not a plain number", l)
		}
		vs = append(vs, v)
	}
	step := math.Abs(vs[1] - vs[0])
	mag := math.Pow(10, math.Floor(math.Log10(step)))
	nice := false
	for _, m := range []float64{1, 2, 2.5, 5} {
		nice = nice || math.Abs(step/mag-m) < 1e-9
	}
	if !nice {
		t.Errorf("y ticks %v: step %v is not round", labels, step)
	}
	for i, v := range vs {
		if math.Abs(v/step-math.Round(v/step)) > 1e-6 {
			t.Errorf("y tick %q is not a multiple of the step %v", labels[i], step)
		}
		if i > 0 && math.Abs(math.Abs(v-vs[i-1])-step) > 1e-9 {
			t.Errorf("y ticks %v unevenly spaced", labels)
		}
	}
	return vs
}

// TestChartsPeopleCanRead reads the charts of three Dalian targets after
// their deadline as a visitor would: round ticks with the unit, the axis
// from zero for a total, the running total of a cumulative target against
// its target at the deadline, the expected path, labelled values and a
// deadline marker; and a projection rounded to the document's precision,
// in the past tense.
func TestChartsPeopleCanRead(t *testing.T) {
	t.Parallel()
	h, admin := glanceHarness(t)
	h.figure(admin, "overall-new-urban-jobs", "2023", 13.2)
	h.figure(admin, "overall-new-urban-jobs", "2024", 12.1)
	h.figure(admin, "overall-inclusive-kindergarten-coverage", "2023", 85.1)
	h.figure(admin, "overall-inclusive-kindergarten-coverage", "2024", 87.6)
	h.figure(admin, "t22-pm25-concentration", "2023", 33.7)
	h.figure(admin, "t22-pm25-concentration", "2024", 33.1)
	c := h.client()

	// The cumulative target: the running total 13.2 → 25.3 against 38 at
	// the deadline, on an axis from zero.
	_, doc := c.get(fmt.Sprintf("/targets/%d", h.target("overall-new-urban-jobs").ID))
	chart := doc.Find(`svg[data-testid="chart"]`)
	if chart.Length() != 1 {
		t.Fatal("no chart on the cumulative target")
	}
	if got := chart.Find(`[data-testid="chart-unit"]`).Text(); got != "单位：万人" {
		t.Errorf("unit on the axis = %q", got)
	}
	ticks := roundTicks(t, texts(chart.Find(`[data-testid="y-tick"]`)))
	if ticks[0] != 0 || ticks[len(ticks)-1] < 38 {
		t.Errorf("y ticks %v: a total's axis runs from 0 to past its target 38", ticks)
	}
	if got := strings.Join(texts(chart.Find(`[data-testid="value-label"]`)), " "); got != "13.2 25.3" {
		t.Errorf("value labels = %q, want the running total 13.2 25.3", got)
	}
	if got := chart.Find(`[data-testid="target-mark"]`).Text(); !strings.Contains(got, "目标 ≥ 38万人") {
		t.Errorf("target label = %q", got)
	}
	if got := strings.Join(texts(chart.Find(`[data-testid="x-tick"]`)), " "); got != "2023年底 2024年底 2025年底" {
		t.Errorf("x ticks = %q, want the years from the start to the deadline", got)
	}
	deadline := chart.Find(`[data-testid="deadline-marker"]`)
	if !strings.Contains(deadline.Text(), "期限 2025-12-31") {
		t.Errorf("deadline marker = %q", deadline.Text())
	}
	dx := attrFloat(t, deadline.Find("line"), "x1")
	lastTick := attrFloat(t, chart.Find(`[data-testid="x-tick"]`).Last(), "x")
	diamondAt := chart.Find(`[data-testid="target-mark"] path`)
	if d, _ := diamondAt.Attr("d"); !strings.HasPrefix(d, "M"+strconv.FormatFloat(dx, 'f', 1, 64)+" ") || math.Abs(lastTick-dx) > 0.5 {
		t.Errorf("target drawn at %q, deadline at x=%v, last year tick at x=%v: want all at the deadline", d, dx, lastTick)
	}
	if chart.Find(`[data-testid="expected-path"]`).Length() != 1 {
		t.Error("no expected path (序时进度) on the cumulative chart")
	}
	if got := doc.Find(`[data-testid="chart-legend"]`).Text(); !strings.Contains(got, "累计数") || !strings.Contains(got, "序时进度") {
		t.Errorf("legend = %q, want it to name the running total and the expected path", got)
	}
	if doc.Find(`[data-testid="axis-not-zero"]`).Length() != 0 {
		t.Error("a total's axis is flagged as not starting at zero")
	}

	// A share: its axis need not start at zero, but then it says so.
	_, doc = c.get(fmt.Sprintf("/targets/%d", h.target("overall-inclusive-kindergarten-coverage").ID))
	chart = doc.Find(`svg[data-testid="chart"]`)
	ticks = roundTicks(t, texts(chart.Find(`[data-testid="y-tick"]`)))
	if ticks[0] > 85.1 || ticks[len(ticks)-1] < 90 {
		t.Errorf("y ticks %v do not cover the figures and the target 90", ticks)
	}
	if ticks[0] != 0 && doc.Find(`[data-testid="axis-not-zero"]`).Length() != 1 {
		t.Errorf("y axis starts at %v without saying so", ticks[0])
	}
	if got := chart.Find(`[data-testid="chart-unit"]`).Text(); got != "单位：%" {
		t.Errorf("unit on the axis = %q", got)
	}

	// The projection after the deadline: past tense, one decimal as the figures.
	pm := fmt.Sprintf("/targets/%d", h.target("t22-pm25-concentration").ID)
	_, doc = c.get(pm)
	got := doc.Find(`[data-testid="projection"]`).Text()
	if !regexp.MustCompile(`^期限（2025-12-31）已过：按期限前数据的趋势推算，到期时约为 \d+\.\d微克/立方米（`).MatchString(got) {
		t.Errorf("projection after the deadline = %q, want the past tense and one decimal", got)
	}
	if !strings.Contains(doc.Find(`[data-testid="chart-legend"]`).Text(), "点线") {
		t.Error("the projection on the chart is not explained in the legend")
	}
	_, doc = c.get(pm + "?lang=en")
	if got := doc.Find(`[data-testid="projection"]`).Text(); !regexp.MustCompile(`would have stood at about \d+\.\d μg/m³`).MatchString(got) {
		t.Errorf("English projection after the deadline = %q", got)
	}
	if got := doc.Find(`[data-testid="chart-unit"]`).Text(); got != "Unit: μg/m³" {
		t.Errorf("English unit on the axis = %q", got)
	}
}

// TestStatusOverview reads the overview on the home and plan pages: every
// target counted once by status, each count a link to the list filtered to
// that status, and a "data as of" line giving the latest figure's date.
func TestStatusOverview(t *testing.T) {
	t.Parallel()
	h, admin := glanceHarness(t)
	h.figure(admin, "overall-new-urban-jobs", "2023", 13.2)
	h.figure(admin, "overall-new-urban-jobs", "2024", 12.1)
	h.figure(admin, "overall-inclusive-kindergarten-coverage", "2025", 91)
	h.figure(admin, "overall-remote-inpatient-settlement-rate", "2025", 75)
	c := h.client()

	_, doc := c.get("/")
	card := doc.Find(`[data-testid="plan-card"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "民生")
	})
	overview := card.Find(`[data-testid="overview"]`)
	if got := overview.Find(`[data-testid="overview-total"]`).Text(); got != "全部 109 个目标的状态" {
		t.Errorf("overview heading = %q", got)
	}
	if overview.Find(`[data-testid="status-bar"]`).Length() != 1 {
		t.Error("no status bar on the home page")
	}
	sum := 0
	links := overview.Find(`a[data-testid^="overview-"]`)
	links.Each(func(_ int, a *goquery.Selection) {
		n, err := strconv.Atoi(a.Find(".n").Text())
		if err != nil {
			t.Errorf("count %q", a.Text())
		}
		sum += n
	})
	if sum != 109 {
		t.Errorf("the overview counts %d targets, want 109", sum)
	}
	achieved := overview.Find(`a[data-testid="overview-achieved"]`)
	href, _ := achieved.Attr("href")
	if href != "/plans/dalian-2023-livelihood?status=achieved" || achieved.Find(".n").Text() != "2" || !strings.Contains(achieved.Text(), "已完成") {
		t.Errorf("achieved link = %q %q, want 2 linking to the filtered list", href, achieved.Text())
	}
	_, plan := c.get(href)
	if got := plan.Find(`[data-testid="target-row"]`).Length(); got != 2 {
		t.Errorf("the achieved link lists %d targets, want 2", got)
	}
	if got := plan.Find(`[data-testid="data-as-of"]`).Text(); !strings.HasPrefix(got, "数据截至 2025-12-31") {
		t.Errorf("data as of on the filtered plan page = %q", got)
	}
	if got := doc.Find(`[data-testid="data-as-of"]`).Text(); got != "数据截至 2025-12-31（已发布的最新一期）· 状态评估于 2026-11-27" {
		t.Errorf("data as of on the home page = %q", got)
	}

	// On the plan page the counts keep the other filters and mark the current one.
	_, doc = c.get("/plans/dalian-2023-livelihood?department=education&status=achieved")
	ov := doc.Find(`[data-testid="overview"]`)
	if got := ov.Find(`[data-testid="overview-total"]`).Text(); !strings.HasPrefix(got, "所选范围内") {
		t.Errorf("filtered overview heading = %q", got)
	}
	ov.Find(`a[data-testid^="overview-"]`).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if !strings.Contains(href, "department=education") {
			t.Errorf("overview link %q drops the department filter", href)
		}
	})
	if got := ov.Find(`a[aria-current]`); got.Length() != 1 || got.AttrOr("data-testid", "") != "overview-achieved" {
		t.Errorf("counts marked current: %v, want only 已完成", texts(got))
	}

	// A target without figures says so rather than giving a date.
	_, doc = c.get(fmt.Sprintf("/targets/%d", h.target("t22-pm25-concentration").ID))
	if got := doc.Find(`[data-testid="data-as-of"]`).Text(); got != "尚无已发布数据 · 状态评估于 2026-11-27" {
		t.Errorf("data as of on a target without figures = %q", got)
	}
	_, doc = c.get("/?lang=en")
	if got := doc.Find(`[data-testid="data-as-of"]`).Text(); got != "Data as of 2025-12-31 (the latest published period) · statuses assessed on 2026-11-27" {
		t.Errorf("English data as of = %q", got)
	}
}

// TestStatusesDifferWithoutColour checks that each status a badge can show
// has its own shape in the stylesheet, that 待更新 is not drawn like 无数据,
// and that the overview gives each status its word.
func TestStatusesDifferWithoutColour(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	resp, err := http.Get(h.srv.URL + "/static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	css := string(body)
	glyph := func(class string) string {
		// The last rule wins, as in the browser.
		ms := regexp.MustCompile(`\.`+class+`::before \{ content: "([^"]*)"`).FindAllStringSubmatch(css, -1)
		if len(ms) == 0 {
			return ""
		}
		return ms[len(ms)-1][1]
	}
	seen := map[string]string{}
	for _, s := range append(append([]goalpost.Status{}, goalpost.Statuses...), "overdue", "retired") {
		g := glyph("status-" + string(s))
		if g == "" {
			t.Errorf("status %s has no shape of its own", s)
			continue
		}
		if other, dup := seen[g]; dup {
			t.Errorf("statuses %s and %s share the shape %q", s, other, g)
		}
		seen[g] = string(s)
	}
}
