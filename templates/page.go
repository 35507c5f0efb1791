// Package templates holds Goalpost's templ components: the public pages and
// the officials' forms. Components take their data as parameters; Page
// carries what every page needs (language, signed-in user, CSRF token).
package templates

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/numparse"
)

// Page is the context of one rendered page.
type Page struct {
	Lang      i18n.Lang
	User      *goalpost.User
	CSRFToken string
	// Path is the current path and query, for the language switch.
	Path  string
	Title string
	Now   time.Time
	// Sample is set when the page shows any sample figure.
	Sample bool
	// Known is set when the page shows what the public saw at that moment
	// (?as_known=…), before later corrections.
	Known time.Time
	// ShowsData is set on pages that show targets' figures; DataAsOf is
	// then the reference date of the latest published figure among them
	// (nil when none is published), for the "data as of" line.
	ShowsData bool
	DataAsOf  *time.Time
	// LargeText is the visitor's large-text, high-contrast mode (适老化).
	LargeText bool
	// issue 9: Feed is the path of the page's Atom feed, if it has one;
	// BaseURL (this site's address) and Description make link previews.
	Feed        string
	BaseURL     string
	Description string
}

// LatestURL is the current page without as_known: as it is known now.
func (p Page) LatestURL() string {
	base, query, _ := strings.Cut(p.Path, "?")
	if base == "" {
		base = "/"
	}
	var keep []string
	for _, kv := range strings.Split(query, "&") {
		if kv != "" && !strings.HasPrefix(kv, "as_known=") {
			keep = append(keep, kv)
		}
	}
	if len(keep) == 0 {
		return base
	}
	return base + "?" + strings.Join(keep, "&")
}

// ReadingSwitchURL turns the large-text mode on, or off when it is on, and
// comes back to this page.
func (p Page) ReadingSwitchURL() string {
	size := "large"
	if p.LargeText {
		size = "standard"
	}
	back := p.Path
	if back == "" {
		back = "/"
	}
	return "/reading?size=" + size + "&back=" + url.QueryEscape(back)
}

// Describe is the page's description for search engines and link
// previews: its own, or what Goalpost is.
func (p Page) Describe() string {
	if p.Description != "" {
		return p.Description
	}
	return p.T("site.tagline")
}

// OGLocale is the page's language as Open Graph writes it.
func (p Page) OGLocale() string {
	if p.Lang == i18n.English {
		return "en_US"
	}
	return "zh_CN"
}

// T translates key in the page's language.
func (p Page) T(key string, args ...any) string { return p.Lang.T(key, args...) }

// LangSwitchURL is the current page in the other language.
func (p Page) LangSwitchURL() string {
	other := "en"
	if p.Lang == i18n.English {
		other = "zh"
	}
	path := p.Path
	if path == "" {
		path = "/"
	}
	// Drop any lang parameter already present.
	base, query, _ := strings.Cut(path, "?")
	var keep []string
	for _, kv := range strings.Split(query, "&") {
		if kv != "" && !strings.HasPrefix(kv, "lang=") {
			keep = append(keep, kv)
		}
	}
	keep = append(keep, "lang="+other)
	return base + "?" + strings.Join(keep, "&")
}

// Num formats a number for display.
func Num(v float64) string { return numparse.Format(v) }

// WithUnit formats a value with the target's unit as the document writes it.
func WithUnit(v float64, unit string) string { return goalpost.FormatValue(v, unit, numparse.Format) }

// WithUnit formats a value with its unit in the page's language: on an
// English page 13.2万人 reads "132,000 people". A unit the catalogue does
// not know stays as the document writes it.
func (p Page) WithUnit(v float64, unit string) string {
	if p.Lang == i18n.English {
		if s, ok := EnglishValue(v, unit); ok {
			return s
		}
	}
	return WithUnit(v, unit)
}

// EnglishValue writes v in unit the English way, multiplying out 万 (10⁴)
// and 亿 (10⁸): false when the catalogue has no English for the unit.
func EnglishValue(v float64, unit string) (string, bool) {
	return goalpost.EnglishValue(v, unit, numparse.Format)
}

// Unit is a unit in the page's language, for labels ("Value (people)").
func (p Page) Unit(unit string) string {
	if p.Lang == i18n.English {
		if s, ok := EnglishValue(1, unit); ok {
			if u := strings.TrimSpace(strings.TrimPrefix(s, "1")); u != "" {
				return u
			}
		}
	}
	return unit
}

// Part is a piece of a sentence; Zh marks a piece quoted in Chinese.
type Part struct {
	Text string
	Zh   bool
}

// Parts is the sentence key in the page's language cut at its arguments,
// so that an English page can mark the arguments that are Chinese (a
// reason an official wrote, a title from the document).
func (p Page) Parts(key string, args ...any) []Part {
	pattern := p.Lang.Pattern(key)
	var out []Part
	lit := strings.Builder{}
	next := 0
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '%' || i+1 == len(pattern) {
			lit.WriteByte(c)
			continue
		}
		if pattern[i+1] == '%' {
			lit.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		if pattern[j] == '[' {
			end := strings.IndexByte(pattern[j:], ']')
			if end < 0 {
				lit.WriteByte(c)
				continue
			}
			if n, err := strconv.Atoi(pattern[j+1 : j+end]); err == nil {
				next = n - 1
			}
			j += end + 1
		}
		k := j
		for k < len(pattern) && strings.IndexByte("+-# 0123456789.", pattern[k]) >= 0 {
			k++
		}
		if k == len(pattern) {
			lit.WriteString(pattern[i:])
			break
		}
		spec := "%" + pattern[j:k+1]
		if lit.Len() > 0 {
			out = append(out, Part{Text: lit.String()})
			lit.Reset()
		}
		if next < len(args) {
			text := fmt.Sprintf(spec, args[next])
			out = append(out, Part{Text: text, Zh: HasChinese(text)})
		}
		next++
		i = k
	}
	if lit.Len() > 0 {
		out = append(out, Part{Text: lit.String()})
	}
	return out
}

// ZhLang is "zh-CN" for a Chinese text on an English page, for an element
// that cannot hold a span (an option); "" otherwise (no attribute).
func (p Page) ZhLang(s string) string {
	if p.Lang == i18n.English && HasChinese(s) {
		return "zh-CN"
	}
	return ""
}

// OtherLang is the language the switch in the header offers.
func (p Page) OtherLang() i18n.Lang {
	if p.Lang == i18n.English {
		return i18n.Chinese
	}
	return i18n.English
}

// HasChinese reports whether s has a Chinese character or punctuation mark.
func HasChinese(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || r == '“' || r == '”' {
			return true
		}
	}
	return false
}

// Local is t on the clock of the zone Goalpost reckons dates in.
func Local(t time.Time) time.Time { return goalpost.InZone(t) }

// Date formats a date as the Chinese interface writes it.
func Date(t time.Time) string { return t.Format("2006-01-02") }

// StatusLabel is the word of a status light.
func (p Page) StatusLabel(s goalpost.Status) string { return p.T("status." + string(s)) }

// GoalText writes a target as a person reads it: "到2025年 ≥ 90%", "≥ 90% by 2025".
func (p Page) GoalText(t *goalpost.Target) string {
	val := ""
	if t.Value != nil {
		val = t.Comparator.Symbol() + " " + p.WithUnit(*t.Value, t.Unit)
		if t.Approximate {
			val = p.T("target.approx") + p.WithUnit(*t.Value, t.Unit)
		}
	}
	year := t.Deadline.Year()
	by := func() string {
		if p.Lang == i18n.English {
			return p.T("goal.by", val, year)
		}
		return p.T("goal.by", year, val)
	}
	var s string
	switch t.Kind {
	case goalpost.KindMaintain:
		s = p.T("goal.maintain", val, year)
	case goalpost.KindCumulative:
		if p.Lang == i18n.English {
			s = p.T("goal.cumulative", val, year)
		} else {
			s = p.T("goal.cumulative", year, val)
		}
	case goalpost.KindAnnual:
		s = p.T("goal.annual", val)
	case goalpost.KindRate:
		s = p.T("goal.rate", val)
	case goalpost.KindZero:
		s = p.T("goal.zero")
	case goalpost.KindPerDistrict:
		s = p.T("goal.per_district", val)
	case goalpost.KindRelative:
		s = p.T("goal.relative_eq")
		if t.Comparator == goalpost.Above {
			s = p.T("goal.relative_up")
		}
	case goalpost.KindTrend:
		s = p.T("goal.trend_up")
		if t.Comparator.Falling() {
			s = p.T("goal.trend_down")
		}
	case goalpost.KindMilestone:
		s = p.T("goal.milestone", year)
	case goalpost.KindRank:
		if t.Value != nil {
			top := *t.Value
			if t.Comparator == goalpost.Below {
				top--
			}
			s = p.T("goal.rank", numparse.Format(top), year)
		}
	case goalpost.KindGrowth:
		if p.Lang == i18n.English {
			s = p.T("goal.growth", val, year)
		} else {
			s = p.T("goal.growth", year, val)
		}
	default:
		s = by()
	}
	if t.Aspirational {
		s += p.T("target.aspire")
	}
	return s
}

// CurrentText is the figure a status is judged on, with its unit and date.
func (p Page) CurrentText(t *goalpost.Tracked) string {
	s := t.Summary
	if s.Latest == nil {
		return p.T("target.none")
	}
	switch t.Kind {
	case goalpost.KindMilestone:
		return p.T(fmt.Sprintf("stage.%d", int(s.Latest.Value))) + p.T("punct.paren", s.Latest.Period.Label)
	case goalpost.KindCumulative:
		return p.T("target.total") + " " + p.WithUnit(s.Total, t.Unit) + p.T("punct.paren", s.Latest.Period.Label)
	case goalpost.KindAnnual:
		return p.T("target.year_total") + " " + p.WithUnit(s.LatestYearTotal, t.Unit) + p.T("punct.paren", s.Latest.Period.Label)
	case goalpost.KindRank:
		if ref := s.Latest.ReferenceValue; ref != nil {
			return p.T("target.rank_of", numparse.Format(s.Latest.Value), numparse.Format(*ref)) + p.T("punct.paren", s.Latest.Period.Label)
		}
	case goalpost.KindPerDistrict:
		if a := t.Assessment.Current; a != nil {
			return fmt.Sprintf("%d/%d", int(*a), len(s.Districts)) + p.T("punct.paren", s.Latest.Period.Label)
		}
	}
	return p.WithUnit(s.Latest.Value, t.Unit) + p.T("punct.paren", s.Latest.Period.Label)
}

// Percent formats a 0–1 share.
func Percent(x *float64) string {
	if x == nil {
		return ""
	}
	return fmt.Sprintf("%.0f%%", 100**x)
}

// ProgressValue is the value of a <progress max="100"> element.
func ProgressValue(x *float64) string {
	if x == nil {
		return "0"
	}
	return fmt.Sprintf("%.1f", 100*math.Max(0, math.Min(1, *x)))
}

// DepartmentNames joins department names for a table cell.
func DepartmentNames(ds []goalpost.Department) string {
	return strings.Join(departmentNames(ds), "、")
}

func departmentNames(ds []goalpost.Department) []string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name
	}
	return names
}

// SetData records that the page shows these targets, for its "data as of"
// line: the latest reference date of their published figures.
func (p *Page) SetData(ts ...*goalpost.Tracked) {
	p.ShowsData = true
	for _, t := range ts {
		if l := t.Summary.Latest; l != nil && (p.DataAsOf == nil || l.Period.End.After(*p.DataAsOf)) {
			end := l.Period.End
			p.DataAsOf = &end
		}
	}
}

// AnySample reports whether any target shows sample figures.
func AnySample(ts []*goalpost.Tracked) bool {
	for _, t := range ts {
		if t.Summary.Sample {
			return true
		}
	}
	return false
}

// referenceKey names the second number a figure of kind k carries: the
// comparison value of a relative target, how many were ranked for a rank.
func referenceKey(k goalpost.Kind) string {
	if k == goalpost.KindRank {
		return "target.rank_peers"
	}
	return "target.reference"
}

// valueKey names a figure's value: a rank's is its place.
func valueKey(k goalpost.Kind) string {
	if k == goalpost.KindRank {
		return "target.rank_value"
	}
	return "target.value"
}
