package goalpost_test

import (
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// The domain's rules name the field of each problem, so a form shows it
// next to the field and a plan file next to its line.
func TestValidateTarget(t *testing.T) {
	t.Parallel()
	plan := goalpost.Plan{Slug: "p", PeriodStart: day("2023-01-01"), PeriodEnd: day("2025-12-31")}
	v := 90.0
	ok := goalpost.Target{Key: "a", Title: "覆盖率", Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: &v,
		Deadline: day("2025-12-31"), SourceText: "原文", Schedule: goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}}
	if p := goalpost.ValidateTarget(ok, plan); len(p) != 0 {
		t.Fatalf("valid target: %v", p)
	}
	bad := ok
	bad.Key, bad.Value, bad.Deadline, bad.TaskNumber, bad.RelatedTask = "Bad Key", nil, day("2022-12-31"), 3, 4
	bad.Retired = &goalpost.Retirement{}
	fields := map[string]string{}
	for _, p := range goalpost.ValidateTarget(bad, plan) {
		fields[p.Field] = p.Message
	}
	for field, want := range map[string]string{"key": "只能由小写字母", "value": "需要 value", "deadline": "早于规划开始日期",
		"related_task": "只用于不属于任何任务的目标", "retired": "须说明原因"} {
		if !strings.Contains(fields[field], want) {
			t.Errorf("%s: %q, want %q", field, fields[field], want)
		}
	}
}

func TestRetiredTargetTakesNoFigures(t *testing.T) {
	t.Parallel()
	target := &goalpost.Target{Title: "PM2.5", Kind: goalpost.KindLevel, PlanStart: day("2023-01-01"), Deadline: day("2025-12-31"),
		Schedule: goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}}
	p, _ := goalpost.ParsePeriod("2024")
	if err := goalpost.ValidateFigure(target, &goalpost.NewFigure{Period: p, Value: 30}); err != nil {
		t.Fatalf("live target: %v", err)
	}
	target.Retired = &goalpost.Retirement{Reason: "口径调整"}
	err := goalpost.ValidateFigure(target, &goalpost.NewFigure{Period: p, Value: 30})
	if goalpost.ErrorCode(err) != goalpost.EINVALID || !strings.Contains(goalpost.ErrorMessage(err), "已停用（口径调整）") {
		t.Errorf("retired target: %v", err)
	}
	if items := goalpost.Agenda([]*goalpost.Tracked{{Target: *target}}, nil, day("2025-06-30")); len(items) != 0 {
		t.Errorf("a retired target on the agenda: %+v", items)
	}
}

// A rank target says how high counts (前3名: value 3, comparator <=), as a
// whole number; a growth target needs a value that is not zero.
func TestValidateRankAndGrowthTargets(t *testing.T) {
	t.Parallel()
	plan := goalpost.Plan{Slug: "p", PeriodStart: day("2023-01-01"), PeriodEnd: day("2025-12-31")}
	target := func(k goalpost.Kind, c goalpost.Comparator, v float64) goalpost.Target {
		return goalpost.Target{Key: "a", Title: "低保标准全省排名", Kind: k, Comparator: c, Value: &v,
			Deadline: day("2025-12-31"), SourceText: "保持全省前列", Schedule: goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}}
	}
	for _, tc := range []struct {
		name   string
		target goalpost.Target
		field  string // "" for valid
		want   string
	}{
		{"rank in the top 3", target(goalpost.KindRank, goalpost.AtMost, 3), "", ""},
		{"rank above 4th", target(goalpost.KindRank, goalpost.Below, 4), "", ""},
		{"rank with >=", target(goalpost.KindRank, goalpost.AtLeast, 3), "comparator", "排名目标的比较符应为 <="},
		{"rank of 2.5", target(goalpost.KindRank, goalpost.AtMost, 2.5), "value", "排名目标的 value 应为正整数"},
		{"rank of 0", target(goalpost.KindRank, goalpost.AtMost, 0), "value", "排名目标的 value 应为正整数"},
		{"growth of 20%", target(goalpost.KindGrowth, goalpost.AtLeast, 20), "", ""},
		{"growth of 0", target(goalpost.KindGrowth, goalpost.AtLeast, 0), "value", "增长目标的 value 不能为 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			problems := goalpost.ValidateTarget(tc.target, plan)
			if tc.field == "" {
				if len(problems) != 0 {
					t.Errorf("valid target: %v", problems)
				}
				return
			}
			for _, p := range problems {
				if p.Field == tc.field && strings.Contains(p.Message, tc.want) {
					return
				}
			}
			t.Errorf("problems %v, want %s: %q", problems, tc.field, tc.want)
		})
	}
}

// A rank figure is a place (1 is first) among a number ranked that
// includes it: 3rd of 14 cities.
func TestValidateRankFigure(t *testing.T) {
	t.Parallel()
	top3 := 3.0
	target := &goalpost.Target{Title: "低保标准全省排名", Kind: goalpost.KindRank, Comparator: goalpost.AtMost, Value: &top3,
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	p, _ := goalpost.ParsePeriod("2024")
	of := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name    string
		rank    float64
		ranked  *float64
		wantErr string
	}{
		{"3rd of 14", 3, of(14), ""},
		{"14th of 14", 14, of(14), ""},
		{"no number ranked", 3, nil, "请同时填写参与排名的总数"},
		{"rank 0", 0, of(14), "名次应为正整数"},
		{"rank 2.5", 2.5, of(14), "名次应为正整数"},
		{"15th of 14", 15, of(14), "名次不能大于参与排名的总数"},
		{"3rd of 13.5", 3, of(13.5), "参与排名的总数应为正整数"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := goalpost.ValidateFigure(target, &goalpost.NewFigure{Period: p, Value: tc.rank, ReferenceValue: tc.ranked})
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("valid figure: %v", err)
			case tc.wantErr != "" && (goalpost.ErrorCode(err) != goalpost.EINVALID || !strings.Contains(goalpost.ErrorMessage(err), tc.wantErr)):
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestKindFiguresReadAs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to goalpost.Kind
		want     bool
	}{
		{goalpost.KindLevel, goalpost.KindMaintain, true},
		{goalpost.KindLevel, goalpost.KindZero, true},
		{goalpost.KindCumulative, goalpost.KindAnnual, true},
		{goalpost.KindCumulative, goalpost.KindLevel, false},
		{goalpost.KindRate, goalpost.KindGrowth, false},
		{goalpost.KindRelative, goalpost.KindRank, false},
		{goalpost.KindRelative, goalpost.KindMilestone, false},
		{goalpost.KindRank, goalpost.KindRank, true},
	} {
		if got := tc.from.FiguresReadAs(tc.to); got != tc.want {
			t.Errorf("%s → %s: %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// Every problem and every refusal of the domain reads in English too, and
// an English title for a target is checked to be English.
func TestRulesSpeakEnglish(t *testing.T) {
	t.Parallel()
	plan := goalpost.Plan{Slug: "p", PeriodStart: day("2023-01-01"), PeriodEnd: day("2025-12-31")}
	bad := goalpost.Target{Key: "Bad Key", Title: "覆盖率", TitleEN: "覆盖率 coverage", Kind: "speed", Comparator: "~",
		Deadline: day("2022-12-31"), TaskNumber: 3, RelatedTask: 4, Retired: &goalpost.Retirement{},
		Baseline: &goalpost.Baseline{Value: 1}, Schedule: goalpost.Schedule{Cadence: "weekly", DueDay: 30}}
	problems := goalpost.ValidateTarget(bad, plan)
	fields := map[string]bool{}
	for _, p := range problems {
		fields[p.Field] = true
		if en := p.In(i18n.English); hasHan(en) || en == p.Message {
			t.Errorf("%s: English %q (Chinese %q)", p.Field, en, p.Message)
		}
	}
	for _, f := range []string{"key", "title_en", "kind", "comparator", "source_text", "deadline", "related_task", "schedule", "baseline", "retired"} {
		if !fields[f] {
			t.Errorf("no problem with %s: %v", f, problems)
		}
	}
	for _, p := range goalpost.ValidatePlan(goalpost.Plan{Slug: "P Q"}) {
		if hasHan(p.In(i18n.English)) {
			t.Errorf("plan %s: %q", p.Field, p.In(i18n.English))
		}
	}
	_, err := goalpost.ParsePeriod("2024-13")
	if got := goalpost.ErrorMessageIn(err, i18n.English); got != "The period “2024-13” has no month 13: months are 01–12" {
		t.Errorf("period error in English: %q", got)
	}
	if got := goalpost.ErrorMessageIn(err, i18n.Chinese); got != goalpost.ErrorMessage(err) || !hasHan(got) {
		t.Errorf("period error in Chinese: %q", got)
	}
	target := &goalpost.Target{Title: "覆盖率", Kind: goalpost.KindPerDistrict, PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	p, _ := goalpost.ParsePeriod("2024")
	err = goalpost.ValidateFigure(target, &goalpost.NewFigure{Period: p})
	if got := goalpost.ErrorMessageIn(err, i18n.English); got != "This target is per district: enter the district" {
		t.Errorf("figure refusal in English: %q", got)
	}
}

// Rank figures and search words are refused in either language.
func TestRankAndSearchRefusalsSpeakEnglish(t *testing.T) {
	t.Parallel()
	top3 := 3.0
	target := &goalpost.Target{Title: "排名", Kind: goalpost.KindRank, Comparator: goalpost.AtMost, Value: &top3,
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	p, _ := goalpost.ParsePeriod("2024")
	err := goalpost.ValidateFigure(target, &goalpost.NewFigure{Period: p, Value: 3})
	if got := goalpost.ErrorMessageIn(err, i18n.English); !strings.Contains(got, "how many were ranked") {
		t.Errorf("rank refusal in English: %q", got)
	}
	if got := goalpost.ErrorMessageIn(goalpost.ErrSearchTooMany, i18n.English); !strings.Contains(got, "Too many search words") {
		t.Errorf("search refusal in English: %q", got)
	}
}
