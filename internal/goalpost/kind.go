package goalpost

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// Kind says how a target is measured, and so how its progress is judged.
type Kind string

// The kinds of target found in the documents (see DOMAIN.md).
const (
	// KindLevel must rise to (≥) or fall to (≤) a value: 覆盖率达到90%, PM2.5降至32以下.
	KindLevel Kind = "level"
	// KindMaintain must hold a level throughout: 持续保持在70%以上.
	KindMaintain Kind = "maintain"
	// KindCumulative adds up the amounts of each period: 累计新增38万人.
	KindCumulative Kind = "cumulative"
	// KindAnnual recurs every calendar year: 每年…超过500场.
	KindAnnual Kind = "annual"
	// KindRate is a growth rate or yearly change: 年均增幅不低于8%.
	KindRate Kind = "rate"
	// KindRatio is a ratio x:1 such as 1.2:1.
	KindRatio Kind = "ratio"
	// KindZero must be brought to and kept at zero: 动态清零.
	KindZero Kind = "zero"
	// KindPerDistrict must be met in every district: 各地区至少1所.
	KindPerDistrict Kind = "per_district"
	// KindRelative is compared with another quantity: 高于全国水平.
	KindRelative Kind = "relative"
	// KindTrend must move one way every year, with no number: 逐年下降.
	KindTrend Kind = "trend"
	// KindMilestone is a stage reached, with no number: 基本完成.
	KindMilestone Kind = "milestone"
	// KindRank is a place among peers: 保持全省前列. The value is how high
	// counts (3 for the top 3, comparator <=); each figure is a rank with the
	// number ranked (its reference value: 3rd of 14 cities).
	KindRank Kind = "rank"
	// KindGrowth is growth over the whole plan period: 增长20%以上,
	// 提高5个百分点. Each figure is the growth since the base period so far,
	// judged against the target pro-rated by the time elapsed (序时进度).
	KindGrowth Kind = "growth"
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{KindLevel, KindMaintain, KindCumulative, KindAnnual, KindRate, KindRatio,
	KindZero, KindPerDistrict, KindRelative, KindTrend, KindMilestone, KindRank, KindGrowth}

// HasValue reports whether targets of kind k carry a number.
func (k Kind) HasValue() bool {
	switch k {
	case KindZero, KindRelative, KindTrend, KindMilestone:
		return false
	}
	return true
}

// HasReference reports whether each figure of kind k carries a second
// number: the value compared with (relative), or how many were ranked (rank).
func (k Kind) HasReference() bool { return k == KindRelative || k == KindRank }

// FiguresReadAs reports whether figures entered for a target of kind k
// keep their meaning for kind to: a level stays a level whether it must be
// reached, held or brought to zero; an amount for a period is not a stock,
// a yearly rate is not growth since the base period, a comparison value is
// not a rank. A target with figures changes kind only within its group.
func (k Kind) FiguresReadAs(to Kind) bool {
	group := func(k Kind) Kind {
		switch k {
		case KindLevel, KindMaintain, KindRatio, KindZero, KindTrend:
			return KindLevel
		case KindAnnual:
			return KindCumulative
		}
		return k
	}
	return group(k) == group(to)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Comparator says which side of the value meets a target.
type Comparator string

// Comparators as the documents write them: 达到/不低于 (≥), 超过 (>), 降至…以下 (≤), 低于 (<).
const (
	AtLeast Comparator = ">="
	Above   Comparator = ">"
	AtMost  Comparator = "<="
	Below   Comparator = "<"
	EqualTo Comparator = "="
)

// Valid reports whether c is a known comparator.
func (c Comparator) Valid() bool {
	switch c {
	case AtLeast, Above, AtMost, Below, EqualTo:
		return true
	}
	return false
}

// Symbol is the mathematical sign a reader expects.
func (c Comparator) Symbol() string {
	switch c {
	case AtLeast:
		return "≥"
	case AtMost:
		return "≤"
	}
	return string(c)
}

// Falling reports whether smaller is better.
func (c Comparator) Falling() bool { return c == AtMost || c == Below }

// ApproximateTolerance is the share of its value by which an approximate
// (左右) target may be missed and still be met; every reason of such a
// target states it.
const ApproximateTolerance = 0.05

// Meets reports whether v satisfies "v c target". An approximate target (左右)
// is met within 5% of the value, because the document asks for about that much.
func (c Comparator) Meets(v, target float64, approximate bool) bool {
	if approximate {
		tol := ApproximateTolerance * abs(target)
		switch c {
		case AtLeast, Above:
			return v >= target-tol
		case AtMost, Below:
			return v <= target+tol
		}
		return abs(v-target) <= tol
	}
	switch c {
	case AtLeast:
		return v >= target
	case Above:
		return v > target
	case AtMost:
		return v <= target
	case Below:
		return v < target
	}
	return v == target
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Stages of a milestone target, stored as the figure's value.
const (
	StageNotStarted = 0 // 未启动
	StageUnderway   = 1 // 推进中
	StageMostlyDone = 2 // 基本完成
	StageDone       = 3 // 已完成
)

// ValidStage reports whether v is one of the milestone stages.
func ValidStage(v float64) bool {
	return v == StageNotStarted || v == StageUnderway || v == StageMostlyDone || v == StageDone
}

// FormatValue writes a number with its unit the way the document does
// ("90%", "32微克/立方米", "1.2:1", "38万人").
// EnglishValue writes v in unit the English way ("380,000 people" for
// 38万人), multiplying out 万 (10⁴) and 亿 (10⁸): false when the catalogue
// has no English for the unit.
func EnglishValue(v float64, unit string, format func(float64) string) (string, bool) {
	if unit == "" {
		return format(v), true
	}
	if i18n.Has("unit." + unit) {
		return i18n.English.T("unit."+unit, format(v)), true
	}
	for prefix, places := range map[string]int{"万": 4, "亿": 8} {
		if rest, ok := strings.CutPrefix(unit, prefix); ok && i18n.Has("unit."+rest) {
			if scaled, ok := shiftDecimal(v, places); ok {
				return i18n.English.T("unit."+rest, format(scaled)), true
			}
		}
	}
	return "", false
}

// shiftDecimal multiplies v by 10^places exactly, on its decimal digits.
func shiftDecimal(v float64, places int) (float64, bool) {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	ip, fp, _ := strings.Cut(s, ".")
	for len(fp) < places {
		fp += "0"
	}
	r, err := strconv.ParseFloat(ip+fp[:places]+"."+fp[places:]+"0", 64)
	return r, err == nil
}

func FormatValue(v float64, unit string, format func(float64) string) string {
	s := format(v)
	if unit == "" {
		return s
	}
	if strings.HasPrefix(unit, ":") {
		return s + unit
	}
	return fmt.Sprintf("%s%s", s, unit)
}
