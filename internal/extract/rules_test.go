package extract

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// goalDoc wraps clauses in a small plan, so that they stand where targets
// stand: under 工作目标 of a plan for 2024–2026.
func goalDoc(body string) string {
	return "某某县某某工作三年行动方案（2024—2026年）\n\n一、工作目标\n" + body + "\n"
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// want is what a test expects of one candidate; zero fields are not checked
// except Value (nil means "no number").
type want struct {
	title      string // a part of the title
	kind       string
	cmp        string
	value      float64
	noValue    bool
	unit       string
	deadline   time.Time
	approx     bool
	aspire     bool
	lead       string
	baseline   float64
	noBaseline bool
}

func (w want) check(t *testing.T, c Candidate, text string) {
	t.Helper()
	var errs []string
	if w.title != "" && !strings.Contains(c.Title, w.title) {
		errs = append(errs, fmt.Sprintf("title %q, want it to contain %q", c.Title, w.title))
	}
	if w.kind != "" && c.Kind != w.kind {
		errs = append(errs, fmt.Sprintf("kind %s, want %s", c.Kind, w.kind))
	}
	if w.cmp != "" && c.Comparator != w.cmp {
		errs = append(errs, fmt.Sprintf("comparator %s, want %s", c.Comparator, w.cmp))
	}
	switch {
	case w.noValue && c.Value != nil:
		errs = append(errs, fmt.Sprintf("value %v, want none", *c.Value))
	case !w.noValue && w.value != 0 && (c.Value == nil || *c.Value != w.value):
		errs = append(errs, fmt.Sprintf("value %v, want %v", c.Value, w.value))
	}
	if w.unit != "" && c.Unit != w.unit {
		errs = append(errs, fmt.Sprintf("unit %q, want %q", c.Unit, w.unit))
	}
	if !w.deadline.IsZero() && !c.Deadline.Equal(w.deadline) {
		errs = append(errs, fmt.Sprintf("deadline %s, want %s", c.Deadline.Format("2006-01-02"), w.deadline.Format("2006-01-02")))
	}
	if c.Approximate != w.approx {
		errs = append(errs, fmt.Sprintf("approximate %v, want %v", c.Approximate, w.approx))
	}
	if c.Aspirational != w.aspire {
		errs = append(errs, fmt.Sprintf("aspirational %v, want %v", c.Aspirational, w.aspire))
	}
	if w.lead != "" && (len(c.Lead) == 0 || c.Lead[0] != w.lead) {
		errs = append(errs, fmt.Sprintf("lead %v, want %s", c.Lead, w.lead))
	}
	if w.baseline != 0 && (c.Baseline == nil || c.Baseline.Value != w.baseline) {
		errs = append(errs, fmt.Sprintf("baseline %+v, want %v", c.Baseline, w.baseline))
	}
	if w.noBaseline && c.Baseline != nil {
		errs = append(errs, fmt.Sprintf("baseline %+v, want none", c.Baseline))
	}
	if c.SourceText != text[c.Start:c.End] {
		errs = append(errs, "source_text is not text[Start:End]")
	}
	if len(errs) > 0 {
		t.Errorf("%s (from %q): %s", c.Title, c.SourceText, strings.Join(errs, "; "))
	}
}

// expect runs FromText and checks that it finds exactly the wanted targets,
// in document order.
func expect(t *testing.T, text string, ws ...want) *Draft {
	t.Helper()
	d := FromText(text)
	if len(d.Targets) != len(ws) {
		var got []string
		for _, c := range d.Targets {
			v := "-"
			if c.Value != nil {
				v = fmt.Sprint(*c.Value)
			}
			got = append(got, fmt.Sprintf("%s %s %s%s [%s]", c.Title, c.Comparator, v, c.Unit, c.Kind))
		}
		t.Fatalf("found %d targets, want %d:\n  %s", len(d.Targets), len(ws), strings.Join(got, "\n  "))
	}
	for i, w := range ws {
		w.check(t, d.Targets[i], text)
	}
	return d
}

func TestClauseComparators(t *testing.T) {
	end := date(2026, 12, 31)
	cases := []struct {
		clause string
		want   want
	}{
		{"森林覆盖率达到45%。", want{title: "森林覆盖率", kind: "level", cmp: ">=", value: 45, unit: "%", deadline: end}},
		{"城市生活垃圾回收利用率提高到40%以上。", want{title: "回收利用率", kind: "level", cmp: ">=", value: 40, unit: "%"}},
		{"义务教育巩固率不低于97%。", want{title: "巩固率", kind: "level", cmp: ">=", value: 97}},
		{"规模以上工业企业研发机构覆盖率超过50%。", want{title: "研发机构覆盖率", kind: "level", cmp: ">", value: 50}},
		{"城镇调查失业率控制在5.5%以内。", want{title: "失业率", kind: "level", cmp: "<=", value: 5.5}},
		{"婴儿死亡率降至4‰以下。", want{title: "婴儿死亡率", kind: "level", cmp: "<=", value: 4, unit: "‰"}},
		{"细颗粒物平均浓度低于30微克/立方米。", want{title: "细颗粒物平均浓度", kind: "level", cmp: "<", value: 30, unit: "微克/立方米"}},
		{"县域内就诊率达到90%左右。", want{title: "就诊率", kind: "level", cmp: "=", value: 90, approx: true}},
		{"力争旅游总收入突破300亿元。", want{title: "旅游总收入", kind: "level", cmp: ">", value: 300, unit: "亿元", aspire: true}},
		{"人均预期寿命提高到80.5岁。", want{title: "人均预期寿命", kind: "level", value: 80.5, unit: "岁"}},
	}
	for _, c := range cases {
		t.Run(c.clause, func(t *testing.T) {
			text := goalDoc(c.clause)
			expect(t, text, c.want)
		})
	}
}

func TestClauseKinds(t *testing.T) {
	cases := []struct {
		clause string
		want   []want
	}{
		{"高中阶段毛入学率稳定在95%以上。", []want{{title: "毛入学率", kind: "maintain", cmp: ">=", value: 95}}},
		{"累计新增城镇就业4.5万人。", []want{{title: "新增城镇就业", kind: "cumulative", value: 4.5, unit: "万人"}}},
		{"新建社区食堂40个，改造农贸市场12个。", []want{{title: "社区食堂", kind: "cumulative", value: 40, unit: "个"}, {title: "农贸市场", kind: "cumulative", value: 12}}},
		{"每年组织送戏下乡不少于200场。", []want{{title: "送戏下乡", kind: "annual", cmp: ">=", value: 200, unit: "场"}}},
		{"农村居民人均可支配收入年均增长7%以上。", []want{{title: "人均可支配收入", kind: "rate", cmp: ">=", value: 7, unit: "%"}}},
		{"参保率每年提高1个百分点。", []want{{title: "参保率", kind: "rate", value: 1, unit: "个百分点"}}},
		{"城乡居民收入比缩小到2.1:1。", []want{{title: "城乡居民收入比", kind: "ratio", cmp: "<=", value: 2.1}}},
		{"农村黑臭水体动态清零。", []want{{title: "黑臭水体", kind: "zero", noValue: true}}},
		{"每个乡镇至少建成1个综合文化站。", []want{{title: "综合文化站", kind: "per_district", cmp: ">=", value: 1}}},
		{"城乡居民收入增速高于全省平均水平。", []want{{title: "城乡居民收入增速", kind: "relative", cmp: ">", noValue: true}}},
		{"交通事故死亡人数逐年下降。", []want{{title: "交通事故死亡人数", kind: "trend", cmp: "<", noValue: true}}},
		{"基本建成现代化综合交通运输体系。", []want{{title: "综合交通运输体系", kind: "milestone", noValue: true}}},
		{"5G网络实现乡镇全覆盖。", []want{{title: "5G网络", kind: "level", value: 100, unit: "%"}}},
		{"养老保险参保率提高3个百分点，达到96%。", []want{{title: "参保率", kind: "rate", value: 3}, {title: "参保率", kind: "level", value: 96}}},
		{"投诉办结率、满意率均达到95%。", []want{{title: "投诉办结率", value: 95}, {title: "满意率", value: 95}}},
		{"校园安保达标率与视频监控覆盖率均达到100%。", []want{{title: "校园安保达标率", value: 100}, {title: "视频监控覆盖率", value: 100}}},
		{"城市、县城污水处理率分别达到98%和95%。", []want{{title: "城市", value: 98}, {title: "县城污水处理率", value: 95}}},
	}
	for _, c := range cases {
		t.Run(c.clause, func(t *testing.T) {
			expect(t, goalDoc(c.clause), c.want...)
		})
	}
}

func TestDeadlineForms(t *testing.T) {
	cases := []struct {
		clause string
		want   time.Time
	}{
		{"到2025年，绿色建筑占比达到70%。", date(2025, 12, 31)},
		{"2025年底前，绿色建筑占比达到70%。", date(2025, 12, 31)},
		{"到2025年末绿色建筑占比达到70%。", date(2025, 12, 31)},
		{"2025年6月底前，绿色建筑占比达到70%。", date(2025, 6, 30)},
		{"到“十五五”末，绿色建筑占比达到70%。", date(2030, 12, 31)},
		{"“十四五”期间，绿色建筑占比达到70%。", date(2025, 12, 31)},
		{"绿色建筑占比达到70%。", date(2026, 12, 31)}, // none: the plan's end
	}
	for _, c := range cases {
		t.Run(c.clause, func(t *testing.T) {
			d := expect(t, goalDoc(c.clause), want{title: "绿色建筑占比", value: 70, deadline: c.want})
			noDL := hasDoubt(d.Targets[0].Doubts, DoubtNoDeadline)
			if noDL != strings.HasPrefix(c.clause, "绿色") {
				t.Errorf("no_deadline doubt %v for %q", noDL, c.clause)
			}
		})
	}
	// A deadline stated once governs the clauses after it in its sentence,
	// not the next sentence.
	text := goalDoc("到2025年，A类设施覆盖率达到80%，B类设施覆盖率达到60%。C类设施覆盖率达到50%。")
	expect(t, text,
		want{title: "A类设施覆盖率", deadline: date(2025, 12, 31)},
		want{title: "B类设施覆盖率", deadline: date(2025, 12, 31)},
		want{title: "C类设施覆盖率", deadline: date(2026, 12, 31)})
}

func TestAchievementsAreBaselines(t *testing.T) {
	text := "某市全民健身三年行动计划（2024—2026年）\n\n一、发展基础\n截至2023年底，全市经常参加体育锻炼人数比例为38.5%，建成体育公园21个。\n\n二、主要目标\n过去三年新建健身步道300公里。到2026年，经常参加体育锻炼人数比例达到42%，新建体育公园10个。\n"
	d := expect(t, text,
		want{title: "经常参加体育锻炼人数比例", kind: "level", value: 42, baseline: 38.5},
		want{title: "体育公园", kind: "cumulative", value: 10, noBaseline: true})
	if b := d.Targets[0].Baseline; !b.Date.Equal(date(2023, 12, 31)) {
		t.Errorf("baseline date %s, want 2023-12-31", b.Date)
	}
	// 由…提高到…: the first figure is the baseline.
	expect(t, goalDoc("农村自来水普及率由2023年的88%提高到95%。"),
		want{title: "农村自来水普及率", value: 95, baseline: 88})
}

func TestNotTargets(t *testing.T) {
	text := goalDoc("根据《某某省实施方案》（某政发〔2023〕12号）要求，实施8大行动。各乡镇每季度报送一次进展情况。2023年，全县完成造林3.2万亩。")
	if d := FromText(text); len(d.Targets) != 0 {
		t.Fatalf("found %d targets in text with none: %+v", len(d.Targets), d.Targets)
	}
}

func TestOwnerForms(t *testing.T) {
	cases := []struct {
		text       string
		lead, resp []string
		guessed    bool
	}{
		{"（牵头单位：市教育局；责任单位：市财政局、市人社局，各区县人民政府）", []string{"市教育局"}, []string{"市财政局", "市人社局", "各区县人民政府"}, false},
		{"(牵头单位:市卫生健康委;责任单位:市医保局)", []string{"市卫生健康委"}, []string{"市医保局"}, false},
		{"（市教育局牵头，市财政局、市人力资源社会保障局按职责分工负责）", []string{"市教育局"}, []string{"市财政局", "市人力资源社会保障局"}, false},
		{"（区民政局、区卫健局牵头，各街道配合）", []string{"区民政局", "区卫健局"}, []string{"各街道"}, false},
		{"责任单位：县教育局（牵头）、县财政局、各乡镇人民政府", []string{"县教育局"}, []string{"县财政局", "各乡镇人民政府"}, false},
		{"责任单位：县卫健局、县医保局", []string{"县卫健局"}, []string{"县医保局"}, true},
		{"责任单位：市文化和旅游局及市体育局", []string{"市文化和旅游局"}, []string{"市体育局"}, true},
		{"牵头部门：县各县（市、区）人民政府", []string{"县各县（市、区）人民政府"}, nil, false},
	}
	for _, c := range cases {
		os := findOwners(c.text)
		if len(os) != 1 {
			t.Errorf("%s: %d owner statements, want 1", c.text, len(os))
			continue
		}
		o := os[0]
		if strings.Join(o.lead, "|") != strings.Join(c.lead, "|") || strings.Join(o.resp, "|") != strings.Join(c.resp, "|") || o.guessedLead != c.guessed {
			t.Errorf("%s: lead %v resp %v guessed %v, want %v %v %v", c.text, o.lead, o.resp, o.guessedLead, c.lead, c.resp, c.guessed)
		}
	}
}
