package goalpost_test

import (
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
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
