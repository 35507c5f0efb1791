package ledger

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

func v(x float64) *float64 { return &x }

func period(s string) goalpost.Period { p, _ := goalpost.ParsePeriod(s); return p }

func testSheet() Sheet {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	deadline := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	target := func(id int64, kind goalpost.Kind, unit string) *goalpost.Tracked {
		return &goalpost.Tracked{Target: goalpost.Target{ID: id, Title: "指标" + string(kind), Kind: kind, Comparator: goalpost.AtLeast,
			Value: v(90), Unit: unit, PlanStart: start, Deadline: deadline, PlanTitle: "规划", SectionKey: "一", SectionTitle: "总体目标"}}
	}
	targets := []*goalpost.Tracked{
		target(1, goalpost.KindLevel, "%"),
		target(2, goalpost.KindCumulative, "万人"),
		target(3, goalpost.KindMilestone, ""),
		target(4, goalpost.KindPerDistrict, "所"),
	}
	latest := map[int64]map[string]goalpost.Figure{
		1: {"2023": {Period: period("2023"), Value: 85, State: goalpost.FigurePublished}},
		2: {"2024": {Period: period("2024"), Value: 12.5, State: goalpost.FigureSubmitted}},
		3: {"2023": {Period: period("2023"), Value: 1, State: goalpost.FigurePublished}},
	}
	return Build(goalpost.Department{ID: 9, Slug: "bureau", Name: "某局"}, targets, latest,
		func(t *goalpost.Target) string { return "≥ 90" }, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
}

// table is the sheet as written to CSV and read back: the round trip an
// official makes.
func table(t *testing.T, s Sheet, edit func([][]string)) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadTable(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(rows)
	}
	return rows
}

func TestUnchangedRoundTripIsNoChange(t *testing.T) {
	t.Parallel()
	s := testSheet()
	if got := strings.Join(s.Periods, ","); got != "2023,2024,2025" {
		t.Fatalf("periods = %s", got)
	}
	for _, format := range []string{"csv", "xlsx"} {
		var buf bytes.Buffer
		var err error
		if format == "csv" {
			err = s.WriteCSV(&buf)
		} else {
			err = s.WriteXLSX(&buf)
		}
		if err != nil {
			t.Fatal(err)
		}
		rows, err := ReadTable(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		changes, problems := s.Compare(rows)
		if len(changes) != 0 || len(problems) != 0 {
			t.Errorf("%s: unchanged file gives %v %v", format, changes, problems)
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	s := testSheet()
	// Row 4 is target 1, row 5 target 2, row 6 the milestone, row 7 per district.
	// Columns: 8 fixed, then 2023 (8), 2024 (9), 2025 (10), then 备注 (11).
	rows := table(t, s, func(rows [][]string) {
		rows[3][9] = "８８％"     // target 1, 2024: new
		rows[3][8] = "86"      // target 1, 2023: corrects a published 85...
		rows[3][11] = "统计口径调整" // ...with a reason in 备注
		rows[4][10] = "3.5千万"  // target 2, 2025: unreadable
		rows[5][9] = "基本完成"    // milestone stage by name
		rows[6][8] = "1"       // per district: web only
	})
	rows = append(rows, []string{"999", "x"}, []string{"abc"})
	changes, problems := s.Compare(rows)
	if len(changes) != 3 {
		t.Fatalf("changes = %+v", changes)
	}
	c := changes[0] // row order, then period order
	if c.Row != 4 || c.Column != "2023" || c.Figure.Value != 86 || !c.Correction || c.Figure.Reason != "统计口径调整" || *c.Old != 85 {
		t.Errorf("correction = %+v", c)
	}
	if c := changes[1]; c.Column != "2024" || c.Figure.Value != 88 || c.Correction || c.Figure.Period.Label != "2024" {
		t.Errorf("new figure = %+v", c)
	}
	if c := changes[2]; c.Figure.TargetID != 3 || c.Figure.Value != goalpost.StageMostlyDone {
		t.Errorf("milestone = %+v", c)
	}
	want := []string{
		`第 5 行“2025”列：“3.5千万”`,
		`第 7 行“2023”列：这个目标需要分地区或比较对象的数值`,
		`第 8 行“编号”列：“999”不是本单位台账中的目标编号`,
		`第 9 行“编号”列：“abc”不是`,
	}
	if len(problems) != len(want) {
		t.Fatalf("problems = %v", problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i].String(), w) {
			t.Errorf("problem %d = %q, want prefix %q", i, problems[i], w)
		}
	}
}

func TestCorrectionNeedsAReason(t *testing.T) {
	t.Parallel()
	s := testSheet()
	changes, problems := s.Compare(table(t, s, func(rows [][]string) { rows[3][8] = "86" }))
	if len(changes) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Message, "更正须在“备注”列写明原因") {
		t.Errorf("changes %v problems %v", changes, problems)
	}
	// A figure still waiting for review is replaced without a reason (AddFigure decides whether it may be).
	changes, problems = s.Compare(table(t, s, func(rows [][]string) { rows[4][9] = "13" }))
	if len(changes) != 1 || changes[0].Correction || len(problems) != 0 {
		t.Errorf("changes %v problems %v", changes, problems)
	}
}

func TestNotALedger(t *testing.T) {
	t.Parallel()
	s := testSheet()
	for name, data := range map[string][]byte{
		"random bytes":  {0x00, 0x01, 0x02, 'x'},
		"another sheet": []byte("姓名,电话\n张三,123\n"),
		"broken xlsx":   []byte("PK\x03\x04garbage"),
	} {
		rows, err := ReadTable(data)
		if err != nil {
			if !strings.Contains(err.Error(), "请上传") {
				t.Errorf("%s: error %q does not say what to do", name, err)
			}
			continue
		}
		if _, problems := s.Compare(rows); len(problems) == 0 {
			t.Errorf("%s accepted", name)
		}
	}
	missing := table(t, s, func(rows [][]string) { rows[2][9] = "二〇二四" })
	if _, problems := s.Compare(missing); len(problems) == 0 || !strings.Contains(problems[0].String(), "缺少这一列") {
		t.Errorf("renamed period column: %v", problems)
	}
}

// A file that cannot be a ledger is refused in the reader's language.
func TestFileProblemsInEitherLanguage(t *testing.T) {
	_, err := ReadTable([]byte("a,b\n\"unclosed,c\n"))
	if err == nil {
		t.Fatal("a broken CSV was read")
	}
	zh, en := goalpost.ErrorMessageIn(err, i18n.Chinese), goalpost.ErrorMessageIn(err, i18n.English)
	if !strings.Contains(zh, "无法读取 CSV") || !strings.Contains(en, "The CSV cannot be read") {
		t.Errorf("zh %q, en %q", zh, en)
	}
}
