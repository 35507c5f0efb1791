package extract_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func num(v float64) *float64 { return &v }

// county is a small draft as the extractor would make it of a county's
// three-year plan: two parts, two tasks with owners, three targets.
func county() *extract.Draft {
	return &extract.Draft{
		Plan: extract.PlanMeta{Title: "青山县教育行动方案（2024—2026年）", Issuer: "青山县人民政府",
			PeriodStart: date("2024-01-01"), PeriodEnd: date("2026-12-31")},
		Sections: []extract.Section{{Key: "二", Title: "工作目标"}, {Key: "三", Title: "重点任务"}},
		Tasks: []extract.Task{
			{Section: "三", Number: 1, Title: "扩充学前教育资源", Lead: []string{"县教育局"}, Responsible: []string{"县财政局", "市教育局"}},
			{Section: "三", Number: 2, Title: "推进义务教育优质均衡", Lead: []string{"县教育局"}},
		},
		Targets: []extract.Candidate{
			{Title: "学前三年毛入园率", Kind: "level", Comparator: ">=", Value: num(95), Unit: "%", Deadline: date("2026-12-31"),
				Section: "二", Lead: []string{"县教育局"}, SourceText: "学前三年毛入园率达到95%以上",
				Baseline: &extract.Baseline{Value: 91.5, Date: date("2023-12-31"), Text: "截至2023年底…为91.5%"}},
			{Title: "新建改扩建公办幼儿园", Kind: "cumulative", Comparator: ">=", Value: num(12), Unit: "所", Deadline: date("2026-12-31"),
				Section: "三", Task: 1, SourceText: "新建、改扩建公办幼儿园12所"},
			{Title: "中小学教师本科及以上学历占比", Kind: "level", Comparator: ">=", Value: num(80), Unit: "%", Deadline: date("2025-12-31"),
				Section: "三", Task: 2, Approximate: true, SourceText: "中小学教师本科及以上学历占比提高到80%左右"},
		},
	}
}

var dalian = []goalpost.Department{{ID: 1, Slug: "education", Name: "市教育局"}, {ID: 2, Slug: "dept-1", Name: "市财政局（旧）"}}

func TestPlanFileIsAValidPlanFile(t *testing.T) {
	t.Parallel()
	f, problems := county().PlanFile("qingshan-education", dalian)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	// What Write writes, Read reads back to the same file: exactly what an import would load.
	var buf bytes.Buffer
	if err := planfile.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	back, err := planfile.Read("x.yaml", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, buf.String())
	}
	var again bytes.Buffer
	_ = planfile.Write(&again, back)
	if again.String() != buf.String() {
		t.Errorf("not the same plan after a round trip:\n%s\n---\n%s", buf.String(), again.String())
	}
	out := buf.String()
	for _, want := range []string{
		"slug: qingshan-education", "issuer: 青山县人民政府",
		// 市教育局 is Dalian's; 县教育局 and 县财政局 are new, with slugs not yet taken.
		"slug: education\n    name: 市教育局", "slug: dept-2\n    name: 县教育局", "slug: dept-3\n    name: 县财政局",
		"lead:\n          - dept-2\n        responsible:\n          - dept-3\n          - education",
		"key: s1-1", "key: t1-1", "key: t2-1", "approximate: true",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan file lacks %q:\n%s", want, out)
		}
	}
	if b := back.Sections[0].Targets[0].Baseline; b == nil || *b.Value != 91.5 || b.Date.Format(time.DateOnly) != "2023-12-31" {
		t.Errorf("baseline = %+v", b)
	}
	// The section target is led by the unit that leads tasks 1 and 2 alike:
	// no single task to report with.
	if strings.Contains(out, "related_task") {
		t.Errorf("related_task set though two tasks have the same lead:\n%s", out)
	}
}

func TestMatchDepartment(t *testing.T) {
	t.Parallel()
	depts := []goalpost.Department{{Slug: "education", Name: "市教育局"}, {Slug: "finance", Name: "市财政局"}, {Slug: "qs-edu", Name: "县教育局"}}
	for name, want := range map[string]string{
		"市教育局":      "education",
		" 市教育局（牵头）": "education",
		"大连市教育局":    "education",
		"财政局":       "finance",
		"教育局":       "", // 市 and 县 both have one: not a guess
		"县财政局":      "", // never the city's
		"区教育局":      "",
		"市卫生健康委":    "",
		"县教育局":      "qs-edu",
	} {
		d, ok := extract.MatchDepartment(name, depts)
		if got := map[bool]string{true: d.Slug}[ok]; got != want {
			t.Errorf("%q matched %q, want %q", name, got, want)
		}
	}
}

func TestPlanFileProblemsPerCandidate(t *testing.T) {
	t.Parallel()
	d := county()
	d.Targets[1].Value = nil                   // cumulative needs a value
	d.Targets[2].Kind = "goal"                 // not a kind
	d.Targets[0].Deadline = date("2020-12-31") // before the plan
	_, problems := d.PlanFile("Bad Slug", nil)
	got := map[int][]string{}
	for _, p := range problems {
		got[p.Candidate] = append(got[p.Candidate], p.Message(i18n.Chinese))
	}
	want := map[int]string{
		-1: "计划标识“Bad Slug”只能由小写字母",
		0:  "期限 2020-12-31 早于规划开始日期 2024-01-01",
		1:  "这种类型需要目标值",
		2:  "未知的类型“goal”",
	}
	for i, w := range want {
		if len(got[i]) != 1 || !strings.Contains(got[i][0], w) {
			t.Errorf("candidate %d: %q, want %q", i, got[i], w)
		}
	}
	if en := problems.For(1)[0].Message(i18n.English); en != "This kind of target needs a value" {
		t.Errorf("in English: %q", en)
	}
}

func TestPlanFileRenumbersTasksNumberedPerPart(t *testing.T) {
	t.Parallel()
	d := county()
	d.Sections = append(d.Sections, extract.Section{Key: "四", Title: "保障措施"})
	d.Tasks = append(d.Tasks, extract.Task{Section: "四", Number: 1, Title: "加强经费保障", Lead: []string{"县财政局"}})
	d.Targets = append(d.Targets, extract.Candidate{Title: "教育专项资金", Kind: "annual", Comparator: ">=", Value: num(1), Unit: "亿元",
		Deadline: date("2026-12-31"), Section: "四", Task: 1, SourceText: "县财政每年安排教育专项资金不低于1亿元"})
	f, problems := d.PlanFile("qingshan", nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	last := f.Sections[2].Tasks[0]
	if last.Number != 3 || last.Title != "加强经费保障" || len(last.Targets) != 1 || last.Targets[0].Key != "t3-1" {
		t.Errorf("section 四's task = %+v", last)
	}
	if first := f.Sections[1].Tasks[0]; len(first.Targets) != 1 || first.Targets[0].Title != "新建改扩建公办幼儿园" {
		t.Errorf("task 1 of 三 = %+v", first)
	}
}

// A document whose metadata the extractor did not find still makes a plan
// file: the first line as its title, the period from the deadlines.
func TestPlanFileFillsWhatTheTextDoesNotSay(t *testing.T) {
	t.Parallel()
	d := &extract.Draft{Text: "\n  某县行动方案  \n正文……",
		Targets: []extract.Candidate{{Title: "覆盖率", Kind: "level", Comparator: ">=", Value: num(90), Unit: "%",
			Deadline: date("2027-12-31"), SourceText: "覆盖率达到90%"}, {Title: "消除大班额", Kind: "zero", Comparator: "=",
			SourceText: "全面消除大班额", Doubts: []string{extract.DoubtNoDeadline}}}}
	f, problems := d.PlanFile("x", nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if f.Title != "某县行动方案" || f.ShortTitle != f.Title || f.Issuer != extract.NotPublished ||
		f.PeriodStart.Format(time.DateOnly) != "2027-01-01" || f.PeriodEnd.Format(time.DateOnly) != "2027-12-31" {
		t.Errorf("metadata: %+v", f)
	}
	if got := f.Sections[0]; got.Key != "正文" || got.Targets[1].Deadline.Format(time.DateOnly) != "2027-12-31" {
		t.Errorf("section %+v", got)
	}
	rv := extract.NewReview(d, "x")
	doubts := rv.Doubts(nil)
	var said []string
	for _, n := range doubts[1] {
		said = append(said, n.Message(i18n.Chinese))
	}
	if strings.Join(said, "；") != "没有找到期限，按规划期末 2027-12-31 计；没有找到牵头单位" {
		t.Errorf("doubts: %q", said)
	}
}

func TestPeriodFromTitle(t *testing.T) {
	t.Parallel()
	for title, want := range map[string]string{"青山县建设教育强县三年行动方案（2024—2026年）": "2024-01-01 2026-12-31",
		"某市“十五五”规划（2026-2030年）": "2026-01-01 2030-12-31", "2025年政府工作报告": " "} {
		m := (&extract.Draft{Text: title}).Meta()
		if got := dateOrEmpty(m.PeriodStart) + " " + dateOrEmpty(m.PeriodEnd); got != want {
			t.Errorf("%s: %q, want %q", title, got, want)
		}
	}
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func TestDoubtsNameNewDepartments(t *testing.T) {
	t.Parallel()
	rv := extract.NewReview(county(), "q")
	doubts := rv.Doubts(dalian)
	var said []string
	for _, n := range doubts[1] { // task 1: 县教育局 leads, 县财政局 and 市教育局 share
		said = append(said, n.Message(i18n.Chinese))
	}
	want := "牵头单位“县教育局”不是已有单位：发布时将新建；责任单位“县财政局”不是已有单位：发布时将新建"
	if strings.Join(said, "；") != want {
		t.Errorf("doubts = %q", said)
	}
}

func TestSlugFromName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{"d1-education-county.txt": "d1-education-county", "青山县方案 2024.docx": "2024",
		"方案.pdf": "plan", "/tmp/Plan_File.HTML": "plan-file"} {
		if got := extract.SlugFromName(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// Every development text extracts to a plan file that is valid as it stands,
// as `goalpost extract FILE | goalpost import` needs: a trend's direction
// written as a comparator, a baseline stated without a date dated by the
// document.
func TestEveryDevelopmentTextMakesAValidPlanFile(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob("testdata/dev/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no development texts: %v", err)
	}
	for _, name := range names {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d := extract.FromText(string(text))
		if _, problems := d.PlanFile("dev-text", nil); len(problems) > 0 {
			t.Errorf("%s: %v", filepath.Base(name), problems)
		}
	}
}
