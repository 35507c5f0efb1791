package goalpost

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// One set of rules: a plan file, the browser editor, the extractor's draft,
// the figure form, the API and the ledger all check plans, targets and
// figures with the functions here, and differ only in how they say where
// (a line of a file, a field of a form, a row of a spreadsheet).

// Problem is one thing wrong with a definition: the field it concerns (as
// the plan file names it: "title", "kind", "deadline" …) and why, in words
// an administrator can act on.
type Problem struct {
	Field   string
	Message string
}

func (p Problem) String() string { return p.Message }

// Retirement records that a target was withdrawn: it keeps its figures and
// history, stays visible as retired, counts in no roll-up and takes no new
// figures.
type Retirement struct {
	At     time.Time
	Reason string
}

// MaxTextLength bounds every free text of a definition (title, source text,
// notes, reasons), so a pasted document cannot become a target's title.
const MaxTextLength = 2000

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug: lower-case letters, digits and
// single hyphens (plans, departments and target keys).
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// ValidatePlan checks a plan's own fields: its slug, names and period.
func ValidatePlan(p Plan) []Problem {
	var out []Problem
	if !ValidSlug(p.Slug) {
		out = append(out, Problem{"slug", fmt.Sprintf("slug “%s” 只能由小写字母、数字和连字符组成", p.Slug)})
	}
	for _, f := range []struct{ name, value string }{{"title", p.Title}, {"short_title", p.ShortTitle}, {"issuer", p.Issuer}} {
		if strings.TrimSpace(f.value) == "" {
			out = append(out, Problem{f.name, "缺少 " + f.name})
		}
	}
	if p.PeriodStart.IsZero() || p.PeriodEnd.IsZero() {
		out = append(out, Problem{"period", "缺少 period_start 或 period_end"})
	} else if p.PeriodEnd.Before(p.PeriodStart) {
		out = append(out, Problem{"period", "period_end 早于 period_start"})
	}
	return out
}

// ValidateTarget checks a target's definition within its plan: its key,
// wording, kind and value, comparator, deadline (not before the plan
// starts), related task, schedule, baseline and retirement. What needs the
// rest of the plan (duplicate keys, whether a related task exists) the
// caller checks against the whole plan.
func ValidateTarget(t Target, plan Plan) []Problem {
	var out []Problem
	add := func(field, format string, args ...any) {
		out = append(out, Problem{field, fmt.Sprintf(format, args...)})
	}
	if !ValidSlug(t.Key) {
		add("key", "目标 key “%s” 只能由小写字母、数字和连字符组成", t.Key)
	}
	if strings.TrimSpace(t.Title) == "" {
		add("title", "缺少 title")
	}
	if strings.TrimSpace(t.SourceText) == "" {
		add("source_text", "缺少 source_text（文件原文）")
	}
	for _, f := range []struct{ name, value string }{{"title", t.Title}, {"source_text", t.SourceText}, {"notes", t.Notes}} {
		if len([]rune(f.value)) > MaxTextLength {
			add(f.name, "%s 不超过 %d 字", f.name, MaxTextLength)
		}
	}
	switch {
	case !t.Kind.Valid():
		add("kind", "未知的类型 kind “%s”（可选：%s）", t.Kind, kindList())
	case t.Kind.HasValue() && t.Value == nil:
		add("value", "类型 %s 需要 value", t.Kind)
	case !t.Kind.HasValue() && t.Value != nil:
		add("value", "类型 %s 没有数值，请删去 value", t.Kind)
	}
	if !t.Comparator.Valid() {
		add("comparator", "未知的比较符 comparator “%s”（可选：>=、>、<=、<、=）", t.Comparator)
	}
	switch {
	case t.Kind == KindRank && t.Comparator.Valid() && !t.Comparator.Falling():
		add("comparator", "排名目标的比较符应为 <=（如前3名：value 3，comparator <=），名次越小越好")
	case t.Kind == KindRank && t.Value != nil && (*t.Value < 1 || *t.Value != math.Trunc(*t.Value)):
		add("value", "排名目标的 value 应为正整数：计为达到的最低名次（如前3名为 3）")
	case t.Kind == KindGrowth && t.Value != nil && *t.Value == 0:
		add("value", "增长目标的 value 不能为 0：写规划期内较基期的增长幅度（如增长20%%为 20）")
	}
	if t.Deadline.IsZero() {
		add("deadline", "缺少 deadline")
	} else if !plan.PeriodStart.IsZero() && t.Deadline.Before(plan.PeriodStart) {
		add("deadline", "deadline %s 早于规划开始日期", t.Deadline.Format("2006-01-02"))
	}
	if t.RelatedTask != 0 && t.TaskNumber != 0 {
		add("related_task", "related_task 只用于不属于任何任务的目标")
	}
	if err := t.Schedule.Validate(); err != nil {
		add("schedule", "%s", ErrorMessage(err))
	}
	if b := t.Baseline; b != nil && !b.ByAdministrator && b.Date.IsZero() {
		add("baseline", "baseline 需要 value 和 date")
	}
	if r := t.Retired; r != nil && strings.TrimSpace(r.Reason) == "" {
		add("retired", "停用目标须说明原因")
	}
	return out
}

// validateRank checks a rank figure: a place (1 is first) among a number
// ranked that includes it.
func validateRank(nf *NewFigure) error {
	whole := func(v float64) bool { return v >= 1 && v == math.Trunc(v) }
	switch {
	case nf.ReferenceValue == nil:
		return Errorf(EINVALID, "这是排名目标，请同时填写参与排名的总数（如全省 14 个市）")
	case !whole(nf.Value):
		return Errorf(EINVALID, "名次应为正整数（第 1 名为 1），不能是 %s", fmtNum(nf.Value))
	case !whole(*nf.ReferenceValue):
		return Errorf(EINVALID, "参与排名的总数应为正整数，不能是 %s", fmtNum(*nf.ReferenceValue))
	case nf.Value > *nf.ReferenceValue:
		return Errorf(EINVALID, "名次不能大于参与排名的总数：第 %s 名，共 %s 个", fmtNum(nf.Value), fmtNum(*nf.ReferenceValue))
	}
	return nil
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, "、")
}

// ValidateFigure checks a figure against its target before it is stored:
// that the target still takes figures, and what depends on its kind, its
// period and the figure's texts and files. It trims nf.District.
func ValidateFigure(t *Target, nf *NewFigure) error {
	if t.Retired != nil {
		return Errorf(EINVALID, "目标“%s”已停用（%s），不再接受数据", t.Title, t.Retired.Reason)
	}
	nf.District = strings.TrimSpace(nf.District)
	switch {
	case t.Kind == KindPerDistrict && nf.District == "":
		return Errorf(EINVALID, "这是分地区目标，请填写地区")
	case t.Kind != KindPerDistrict && nf.District != "":
		return Errorf(EINVALID, "只有分地区目标才填写地区")
	case t.Kind == KindMilestone && !ValidStage(nf.Value):
		return Errorf(EINVALID, "请选择阶段：未启动、推进中、基本完成或已完成")
	case t.Kind == KindRelative && nf.ReferenceValue == nil:
		return Errorf(EINVALID, "这是与比较对象对比的目标，请同时填写比较对象的数值")
	case t.Kind == KindRank:
		if err := validateRank(nf); err != nil {
			return err
		}
	case (t.Kind == KindCumulative || t.Kind == KindAnnual) && nf.Value < 0:
		return Errorf(EINVALID, "累计和年度目标的数值是本期新增量，不能为负数")
	}
	if nf.Period.End.Year() < t.PlanStart.Year()-5 || nf.Period.Start.After(t.Deadline.AddDate(1, 0, 0)) {
		return Errorf(EINVALID, "时期 %s 不在规划期（%d—%d 年）附近", nf.Period.Label, t.PlanStart.Year(), t.Deadline.Year())
	}
	if u := strings.TrimSpace(nf.SourceURL); u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return Errorf(EINVALID, "来源链接须以 http:// 或 https:// 开头")
	}
	if len([]rune(nf.Note)) > MaxTextLength || len([]rune(nf.Reason)) > MaxTextLength || len(nf.SourceURL) > MaxTextLength {
		return Errorf(EINVALID, "说明、原因和链接每项不超过 2000 字")
	}
	if len(nf.Attachments) > MaxAttachmentsPerFig {
		return Errorf(EINVALID, "每个数值最多 %d 个附件", MaxAttachmentsPerFig)
	}
	for _, a := range nf.Attachments {
		if _, err := CheckEvidence(a); err != nil {
			return err
		}
	}
	return nil
}
