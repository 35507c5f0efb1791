// Package numparse turns figures typed by officials into numbers in a
// target's unit.
//
// Goalpost stores every target value as a number in the unit the policy
// document uses (13.0 for "13.0万人"). People type those figures in many ways
// — full-width digits from a Chinese input method, 万/亿 multipliers, the unit
// repeated after the number, thousands separators — so Parse accepts the
// common forms whose meaning is certain and rejects everything else with an
// *Error whose Code is stable and whose Message tells the person what to type
// instead. Guessing is never an option: a wrong target value is worse than a
// form that asks again.
package numparse

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// Error codes. They are part of the API: programs and tests branch on them,
// so they never change; the wording of messages may.
const (
	// CodeEmpty means nothing (or only spaces) was typed.
	CodeEmpty = "empty"
	// CodeNotANumber means the text is not one number written in digits:
	// letters, Chinese numerals, exponent notation, several numbers,
	// stacked multipliers such as 千万, or a value too large to store.
	CodeNotANumber = "not_a_number"
	// CodeBadGrouping means the thousands separators are not ASCII commas
	// between groups of three digits, so the digits' places are uncertain.
	CodeBadGrouping = "bad_grouping"
	// CodeUnitMismatch means the text carries a unit (or %, or a ratio)
	// that is not the target's unit and cannot be converted to it.
	CodeUnitMismatch = "unit_mismatch"
	// CodeApproximate means the text says the figure is approximate or a
	// bound (约, 左右, 以上, ~ …); a target needs the exact figure.
	CodeApproximate = "approximate"
	// CodeTooPrecise means the number has more significant digits than a
	// float64 keeps exactly, so storing it would silently change it.
	CodeTooPrecise = "too_precise"
	// CodeBadRatio means an a:b ratio is malformed or its b is not > 0.
	CodeBadRatio = "bad_ratio"
)

// maxSignificant is the number of decimal digits a float64 always keeps
// exactly (DBL_DIG); more would be silently rounded on save.
const maxSignificant = 15

// Error is a parse failure; Code is stable for tests and programs.
//
// Input and Unit are the text and unit given to Parse, kept so the message
// can quote them back to the person who typed them.
type Error struct {
	Code  string
	Input string
	Unit  string

	reason string // finer cause than Code, so Message can be specific
	got    string // the offending fragment: a unit, keyword, multiplier…
	num    string // the number as typed, reused so examples look familiar
	fix    string // an exact rewrite of the input, when one is certain
}

// Error returns the English message, so logs read the same as the UI.
func (e *Error) Error() string { return e.Message("en") }

// Message returns a specific, actionable sentence naming what was typed and
// what is expected. lang is "zh" (the default, also used for unknown values)
// or "en"; region suffixes such as "en-GB" are accepted.
func (e *Error) Message(lang string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en") {
		return e.message(i18n.English)
	}
	return e.message(i18n.Chinese)
}

// Finer causes behind the codes; unexported because only messages use them.
const (
	rEmpty            = "empty"
	rNotNumber        = "not_number"
	rChinese          = "chinese_numerals"
	rExponent         = "exponent"
	rMultiple         = "multiple"
	rTwoPoints        = "two_points"
	rFullStop         = "full_stop"
	rTrailingDot      = "trailing_dot"
	rMultiplier       = "multiplier"
	rOutOfRange       = "out_of_range"
	rGrouping         = "grouping"
	rChineseComma     = "chinese_comma"
	rUnit             = "unit"
	rPercentForPoints = "percent_for_points"
	rPointsForPercent = "points_for_percent"
	rPercentForOther  = "percent_for_other"
	rNoMultiplier     = "no_multiplier"
	rRatioForOther    = "ratio_for_other"
	rApprox           = "approx"
	rTooPrecise       = "too_precise"
	rZeroDenominator  = "zero_denominator"
	rBadRatio         = "bad_ratio"
)

// Unit kinds that change the rules: none of them takes 万/亿/千, and % and
// 个百分点 must not be confused with each other.
const (
	kindPercent  = "percent"
	kindPoints   = "points"
	kindPermille = "permille"
	kindRatio    = "ratio"
)

// multipliers are the only magnitude words accepted after a number. 千万,
// 百万 and 万亿 are refused on purpose: stacked words are where typing
// slips (3千万 vs 3千 万) turn into thousand-fold errors.
var multipliers = []struct {
	word string
	exp  int
}{{"万", 4}, {"萬", 4}, {"亿", 8}, {"億", 8}, {"千", 3}}

// magnitudeExp gives every Chinese magnitude character a power of ten, so a
// refused stack like 千万 can still be rewritten exactly in the message.
var magnitudeExp = map[rune]int{
	'十': 1, '拾': 1, '百': 2, '佰': 2, '千': 3, '仟': 3,
	'万': 4, '萬': 4, '亿': 8, '億': 8,
}

// aliases lists other spellings of a unit that mean exactly the same thing,
// keyed by the unit as policy documents write it (without 万/亿).
var aliases = map[string][]string{
	"微克/立方米": {"μg/m³", "µg/m³", "ug/m³", "μg/m3", "µg/m3", "ug/m3", "微克每立方米"},
	"公里":     {"km", "千米"},
	"千米":     {"km", "公里"},
	"个百分点":   {"百分点"},
	"元/人·月":  {"元/(人·月)", "元/人/月", "元/月/人", "元/人月", "元每人每月"},
	"岁":      {"周岁"},
}

// approxWords mark a figure as approximate or a bound. Matching is by
// substring, so 约 also covers 大约 and 超 covers 超过/不超过.
var approxWords = []string{
	"约", "大概", "左右", "上下", "近", "多", "余", "几", "若干", "超",
	"以上", "以下", "以内", "不到", "不足", "不少于", "不低于", "不高于",
	"至少", "最多", "最少", "~", "≈", "≥", "≤", ">", "<", "±",
}

// chineseDigits are numerals that mean the person wrote the number in
// words; magnitude words alone (万, 千) are not listed because they also
// follow digits legitimately.
const chineseDigits = "〇零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾"

// unitInfo is a target unit split into its magnitude prefix and base.
type unitInfo struct {
	display string // as given, for messages
	norm    string // normalised, for matching
	prefix  string // leading 万/亿 words, e.g. "万" in 万人
	exp     int    // power of ten of prefix
	base    string // unit without prefix, e.g. "人"
	kind    string // kindPercent… or "" for ordinary units
}

func parseUnit(unit string) unitInfo {
	u := unitInfo{display: strings.TrimSpace(unit)}
	u.norm = removeSpaces(normalize(unit))
	rest := u.norm
	for {
		switch {
		case strings.HasPrefix(rest, "万"), strings.HasPrefix(rest, "萬"):
			u.exp += 4
		case strings.HasPrefix(rest, "亿"), strings.HasPrefix(rest, "億"):
			u.exp += 8
		default:
			u.prefix = u.norm[:len(u.norm)-len(rest)]
			u.base = rest
			switch {
			case u.norm == ":1":
				u.kind = kindRatio
			case u.base == "%":
				u.kind = kindPercent
			case u.base == "个百分点" || u.base == "百分点":
				u.kind = kindPoints
			case u.base == "‰":
				u.kind = kindPermille
			}
			return u
		}
		rest = rest[len("万"):] // every prefix word is 3 bytes in UTF-8
	}
}

// forms returns the base unit and its aliases.
func (u unitInfo) forms() []string {
	return append([]string{u.base}, aliases[u.base]...)
}

// match reports the power of ten that converts a number followed by rest
// into the target unit, e.g. -4 for "人" when the unit is 万人.
func (u unitInfo) match(rest string) (int, bool) {
	if u.prefix != "" && rest == u.prefix {
		return 0, true
	}
	for _, f := range u.forms() {
		if f == "" {
			continue
		}
		if strings.EqualFold(rest, u.prefix+f) {
			return 0, true
		}
		if u.exp != 0 && strings.EqualFold(rest, f) {
			return -u.exp, true
		}
	}
	if u.kind != "" {
		return 0, false
	}
	for _, m := range multipliers {
		after, ok := strings.CutPrefix(rest, m.word)
		if !ok {
			continue
		}
		if after == "" {
			return m.exp - u.exp, true
		}
		for _, f := range u.forms() {
			if f != "" && strings.EqualFold(after, f) {
				return m.exp - u.exp, true
			}
		}
	}
	return 0, false
}

// normalize folds what Chinese input methods produce into ASCII so one set
// of rules covers both: full-width forms U+FF01–U+FF5E, the ideographic
// space, the Unicode minus and the various middle dots used in 人·月.
// Zero-width characters from copy-paste are dropped.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFF01 - 0x21
		case r == '\u3000' || unicode.IsSpace(r):
			r = ' '
		case r == '\u2212':
			r = '-'
		case r == '\u2022' || r == '\u2219' || r == '\u22C5' || r == '\u30FB' || r == '\uFF65':
			r = '·'
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\uFEFF':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func removeSpaces(s string) string { return strings.ReplaceAll(s, " ", "") }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func hasDigit(s string) bool { return strings.IndexFunc(s, isASCIIDigit) >= 0 }

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// number is a lexed decimal kept as digit strings, so unit conversion can
// move the decimal point exactly instead of multiplying floats.
type number struct {
	neg    bool
	digits string // integer digits, commas removed
	frac   string // digits after the point
	raw    string // as typed, sign and commas included
}

// significant counts digits from the first to the last non-zero one.
// Trailing zeros are not counted: 2400000 is as exact as 24.
func (n number) significant() int {
	d := strings.Trim(n.digits+n.frac, "0")
	return len(d)
}

// value returns n × 10^exp, rounded once by strconv.
func (n number) value(exp int) (float64, bool) {
	m := n.digits
	if m == "" {
		m = "0"
	}
	if n.frac != "" {
		m += "." + n.frac
	}
	if exp != 0 {
		m += "e" + strconv.Itoa(exp)
	}
	f, err := strconv.ParseFloat(m, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	if n.neg {
		f = -f
	}
	if f == 0 {
		f = 0 // never hand out -0, it prints as "-0"
	}
	return f, true
}

// shift writes n × 10^exp as a plain decimal string, exactly; used to
// suggest rewrites like 3.5千万 → 3500万.
func (n number) shift(exp int) string {
	d := n.digits + n.frac
	point := len(n.digits) + exp
	if point < 0 {
		d = strings.Repeat("0", -point) + d
		point = 0
	}
	if point > len(d) {
		d += strings.Repeat("0", point-len(d))
	}
	i := strings.TrimLeft(d[:point], "0")
	if i == "" {
		i = "0"
	}
	s := i
	if f := strings.TrimRight(d[point:], "0"); f != "" {
		s += "." + f
	}
	if n.neg && s != "0" {
		s = "-" + s
	}
	return s
}

// lexNumber reads one number from the start of s. It returns the text
// after it, or a reason when s does not start with a usable number.
func lexNumber(s string) (number, string, string) {
	var n number
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		n.neg = s[i] == '-'
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	start := i
	for i < len(s) && (isDigit(s[i]) || s[i] == ',') {
		i++
	}
	intRaw := s[start:i]
	point := false
	fracRaw := ""
	if i < len(s) && s[i] == '.' {
		point = true
		i++
		fs := i
		for i < len(s) && (isDigit(s[i]) || s[i] == ',') {
			i++
		}
		fracRaw = s[fs:i]
	}
	if !hasDigit(intRaw) && !hasDigit(fracRaw) {
		return n, s, rNotNumber
	}
	n.raw = s[:i]
	n.digits = strings.ReplaceAll(intRaw, ",", "")
	n.frac = fracRaw
	if strings.Contains(fracRaw, ",") || !validGroups(intRaw) {
		n.frac = strings.ReplaceAll(fracRaw, ",", "")
		return n, s[i:], rGrouping
	}
	if point && fracRaw == "" {
		return n, s[i:], rTrailingDot
	}
	return n, s[i:], ""
}

// validGroups accepts digits with no commas, or commas between groups of
// exactly three after a first group of one to three. A first group of 0
// is refused because "0,5" is a European decimal, not five hundred.
func validGroups(s string) bool {
	if !strings.Contains(s, ",") {
		return true
	}
	groups := strings.Split(s, ",")
	if g := groups[0]; g == "" || len(g) > 3 || g[0] == '0' {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// parser carries one call's state so errors can quote it.
type parser struct {
	input    string
	unitText string // as given, so Error.Unit equals Parse's argument
	unit     unitInfo
	num      string
}

func (p *parser) fail(code, reason, got, fix string) *Error {
	return &Error{Code: code, Input: p.input, Unit: p.unitText,
		reason: reason, got: got, num: p.num, fix: fix}
}

// Parse reads text typed by a person as a value in unit.
//
// A bare number is already in unit (35000 for 万人 means 35000万人, as the
// form's label says). A number may be followed by 万, 亿 or 千 and/or the
// unit or its base (人 for 万人), and is then converted: for unit 万人,
// "3.5万" and "3.5万人" give 3.5, "35000人" gives 3.5 and "1.2亿" gives
// 12000. For the ratio unit ":1", "6:5" gives 1.2. Full-width characters
// are folded to ASCII first. Failures are always *Error.
func Parse(text, unit string) (float64, error) {
	p := &parser{input: text, unitText: unit, unit: parseUnit(unit)}
	v, err := p.parse()
	if err != nil {
		return 0, err
	}
	return v, nil
}

func (p *parser) parse() (float64, *Error) {
	s := strings.TrimSpace(normalize(p.input))
	if s == "" {
		return 0, p.fail(CodeEmpty, rEmpty, "", "")
	}
	if kw := p.approxWord(s); kw != "" {
		// Reuse the number in the example only when the word sits at
		// either end; inside ("3~5") the digits around it are not one
		// figure.
		t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, kw), kw))
		if n, _, why := lexNumber(t); t != s && why == "" && n.significant() <= maxSignificant {
			p.num = n.raw
		}
		return 0, p.fail(CodeApproximate, rApprox, kw, "")
	}
	// Checked on the raw text because folding would turn "，" into ",".
	if hasDigit(s) && strings.ContainsAny(p.input, "，、") {
		return 0, p.fail(CodeBadGrouping, rChineseComma, "", "")
	}
	a, rem, why := lexNumber(s)
	switch why {
	case rNotNumber:
		if strings.ContainsAny(s, chineseDigits) {
			return 0, p.fail(CodeNotANumber, rChinese, "", "")
		}
		return 0, p.fail(CodeNotANumber, rNotNumber, "", "")
	case rGrouping:
		return 0, p.fail(CodeBadGrouping, rGrouping, a.digits, "")
	case rTrailingDot:
		p.num = a.shift(0) // "5." most likely meant 5; show it
		return 0, p.fail(CodeNotANumber, rTrailingDot, "", "")
	}
	if a.significant() <= maxSignificant {
		p.num = a.raw
	}
	rest := removeSpaces(rem)
	exp := 0
	switch {
	case rest == "":
	case strings.HasPrefix(rest, ":") || (p.unit.kind == kindRatio && strings.HasPrefix(rest, "比")):
		return p.ratio(a, rest)
	default:
		e, ok := p.unit.match(rest)
		if !ok {
			return 0, p.mismatch(a, rem, rest)
		}
		exp = e
	}
	if a.significant() > maxSignificant {
		return 0, p.fail(CodeTooPrecise, rTooPrecise, "", "")
	}
	v, ok := a.value(exp)
	if !ok {
		return 0, p.fail(CodeNotANumber, rOutOfRange, "", "")
	}
	return v, nil
}

// approxWord finds a word that makes the figure inexact. The unit is
// removed first so a unit that happens to contain such a word still works.
func (p *parser) approxWord(s string) string {
	for _, f := range append(p.unit.forms(), p.unit.norm) {
		if f != "" {
			s = strings.ReplaceAll(s, f, "")
		}
	}
	for _, w := range approxWords {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}

// ratio handles "a:b" (and "a比b") for the ratio unit ":1".
func (p *parser) ratio(a number, rest string) (float64, *Error) {
	if p.unit.kind != kindRatio {
		return 0, p.fail(CodeUnitMismatch, rRatioForOther, "", "")
	}
	after, ok := strings.CutPrefix(rest, ":")
	if !ok {
		after = strings.TrimPrefix(rest, "比")
	}
	b, tail, why := lexNumber(after)
	if why != "" || tail != "" {
		return 0, p.fail(CodeBadRatio, rBadRatio, "", "")
	}
	if b.neg || b.significant() == 0 {
		return 0, p.fail(CodeBadRatio, rZeroDenominator, "", "")
	}
	if a.significant() > maxSignificant || b.significant() > maxSignificant {
		return 0, p.fail(CodeTooPrecise, rTooPrecise, "", "")
	}
	av, okA := a.value(0)
	bv, okB := b.value(0)
	v := av / bv
	if !okA || !okB || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, p.fail(CodeNotANumber, rOutOfRange, "", "")
	}
	if v == 0 {
		v = 0
	}
	return v, nil
}

// mismatch explains why the text after the number was not accepted, most
// specific cause first.
func (p *parser) mismatch(a number, rem, rest string) *Error {
	u := p.unit
	switch {
	case len(rem) > 1 && rem[0] == '.' && isDigit(rem[1]):
		return p.fail(CodeNotANumber, rTwoPoints, "", "")
	case strings.HasPrefix(rest, "。"):
		fix := strings.ReplaceAll(strings.TrimSpace(normalize(p.input)), "。", ".")
		if _, err := Parse(fix, u.display); err != nil {
			fix = ""
		}
		return p.fail(CodeNotANumber, rFullStop, "", fix)
	case (rest[0] == 'e' || rest[0] == 'E') && len(rest) > 1:
		if x, err := strconv.Atoi(rest[1:]); err == nil {
			fix := ""
			if x >= -30 && x <= 30 && a.significant() <= maxSignificant {
				fix = a.shift(x)
			}
			return p.fail(CodeNotANumber, rExponent, "", fix)
		}
	}
	if secondNumber(rest) {
		return p.fail(CodeNotANumber, rMultiple, "", "")
	}
	got := ""
	switch rest {
	case "%":
		got = kindPercent
	case "个百分点", "百分点":
		got = kindPoints
	}
	switch {
	case got == kindPercent && u.kind == kindPoints:
		return p.fail(CodeUnitMismatch, rPercentForPoints, rest, "")
	case got == kindPoints && u.kind == kindPercent:
		return p.fail(CodeUnitMismatch, rPointsForPercent, rest, "")
	case got == kindPercent && u.kind != kindPercent:
		return p.fail(CodeUnitMismatch, rPercentForOther, rest, "")
	}
	run := strings.IndexFunc(rest, func(r rune) bool { _, ok := magnitudeExp[r]; return !ok })
	if run < 0 {
		run = len(rest)
	}
	if run > 0 {
		words := rest[:run]
		if u.kind != "" {
			return p.fail(CodeUnitMismatch, rNoMultiplier, words, "")
		}
		if _, ok := u.match(words); !ok || utf8.RuneCountInString(words) > 1 {
			return p.fail(CodeNotANumber, rMultiplier, words, p.rewrite(a, words, rest[run:]))
		}
	}
	return p.fail(CodeUnitMismatch, rUnit, rest, "")
}

// secondNumber reports whether rest holds another number ("5", "-5",
// "万5千") rather than a unit whose name has a digit after a letter
// ("mg/m3"), so the message can name the right problem.
func secondNumber(rest string) bool {
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !isDigit(c) && !(i == 0 && (c == '-' || c == '+' || c == '.')) {
			continue
		}
		if i == 0 {
			return true
		}
		if p := rest[i-1]; !(p >= 'a' && p <= 'z' || p >= 'A' && p <= 'Z' || p == '^' || isDigit(p)) {
			return true
		}
	}
	return false
}

// rewrite expresses a stacked multiplier (3.5千万) with a single accepted
// one (3500万), keeping any trailing unit, when the result is certain.
func (p *parser) rewrite(a number, words, tail string) string {
	if a.significant() > maxSignificant {
		return ""
	}
	exp := 0
	for _, r := range words {
		exp += magnitudeExp[r]
	}
	var s string
	switch {
	case exp >= 8:
		s = a.shift(exp-8) + "亿"
	case exp >= 4:
		s = a.shift(exp-4) + "万"
	default:
		s = a.shift(exp)
	}
	s += tail
	if _, err := Parse(s, p.unit.display); err != nil {
		return ""
	}
	return s
}

// why returns the specific reason, falling back to the code for Errors
// built outside this package.
func (e *Error) why() string {
	if e.reason != "" {
		return e.reason
	}
	switch e.Code {
	case CodeEmpty:
		return rEmpty
	case CodeBadGrouping:
		return rGrouping
	case CodeUnitMismatch:
		return rUnit
	case CodeApproximate:
		return rApprox
	case CodeTooPrecise:
		return rTooPrecise
	case CodeBadRatio:
		return rBadRatio
	}
	return rNotNumber
}

// examples shows the number as typed both bare and with the unit's
// multiplier or unit, e.g. "3.5 或 3.5万", so people see both forms work.
func (e *Error) examples(u unitInfo, or string) string {
	n := e.num
	if n == "" {
		n = "3.5"
		if u.kind == kindRatio {
			n = "1.2"
		}
	}
	switch {
	case u.kind == kindRatio:
		return n + " " + or + " " + n + ":1"
	case u.prefix != "":
		return n + " " + or + " " + n + u.prefix
	case u.display != "":
		return n + " " + or + " " + n + u.display
	}
	return n
}

// groupedDigits shows e.got (digits without commas) both with correct
// commas and without, for the bad_grouping message.
func (e *Error) groupedDigits(or string) string {
	d := strings.TrimLeft(e.got, "0")
	if d == "" || strings.Trim(d, "0123456789") != "" {
		return "2,400,000 " + or + " 2400000"
	}
	if len(d) <= 3 {
		return d
	}
	return group(d) + " " + or + " " + d
}

// atEnd reports whether e.got starts or ends the input, i.e. whether
// removing it leaves one figure ("约3万") rather than a range ("3~5").
func (e *Error) atEnd() bool {
	s := strings.TrimSpace(normalize(e.Input))
	return e.got != "" && (strings.HasPrefix(s, e.got) || strings.HasSuffix(s, e.got))
}

// message is the sentence for e in l, put together from the catalogue's
// numparse.* sentences (internal/i18n/catalogue.go).
func (e *Error) message(l i18n.Lang) string {
	u := parseUnit(e.Unit)
	in := l.T("numparse.quote", strings.TrimSpace(e.Input))
	unit := l.T("numparse.quote", u.display)
	want := l.T("numparse.want")
	if u.kind == kindRatio {
		want = l.T("numparse.want_ratio")
	}
	or := l.T("numparse.or")
	tail := l.T("numparse.eg", e.examples(u, or))
	if u.display != "" {
		tail = l.T("numparse.eg_unit", unit, e.examples(u, or))
	}
	// egFix gives the exact rewrite as the example, when there is one;
	// writeFix says to write it, else what to type.
	egFix, writeFix := tail, l.T("numparse.then", want, tail)
	switch {
	case e.fix != "" && u.display != "":
		egFix, writeFix = l.T("numparse.eg", e.fix), l.T("numparse.write_unit", unit, e.fix)
	case e.fix != "":
		egFix, writeFix = l.T("numparse.eg", e.fix), l.T("numparse.write", e.fix)
	}
	switch e.why() {
	case rEmpty:
		return l.T("numparse.empty", want, tail)
	case rChinese:
		return l.T("numparse.chinese_numerals", in, tail)
	case rExponent:
		return l.T("numparse.exponent", in, egFix)
	case rMultiple:
		return l.T("numparse.multiple", in, tail)
	case rTwoPoints:
		return l.T("numparse.two_points", in, tail)
	case rFullStop:
		return l.T("numparse.full_stop", in, egFix)
	case rTrailingDot:
		return l.T("numparse.trailing_dot", in, tail)
	case rMultiplier:
		return l.T("numparse.multiplier", in, e.got, writeFix)
	case rOutOfRange:
		return l.T("numparse.out_of_range", in)
	case rGrouping:
		return l.T("numparse.grouping", in, e.groupedDigits(or))
	case rChineseComma:
		return l.T("numparse.chinese_comma", in)
	case rPercentForPoints:
		return l.T("numparse.percent_for_points", in, unit, tail)
	case rPointsForPercent:
		return l.T("numparse.points_for_percent", in, unit, tail)
	case rPercentForOther:
		return l.T("numparse.percent_for_other", in, unit, want, tail)
	case rNoMultiplier:
		return l.T("numparse.no_multiplier", in, e.got, unit, tail)
	case rRatioForOther:
		return l.T("numparse.ratio_for_other", in, unit, want, tail)
	case rApprox:
		if !e.atEnd() {
			return l.T("numparse.range", in, tail)
		}
		return l.T("numparse.approx", in, e.got, tail)
	case rTooPrecise:
		return l.T("numparse.too_precise", in)
	case rZeroDenominator:
		return l.T("numparse.zero_denominator", in, tail)
	case rBadRatio:
		return l.T("numparse.bad_ratio", in, tail)
	case rUnit:
		if u.display == "" {
			return l.T("numparse.unit_none", in, e.examples(u, or))
		}
		if e.got != "" {
			return l.T("numparse.unit_named", in, e.got, unit, want, tail)
		}
		return l.T("numparse.unit", in, unit, want, tail)
	}
	return l.T("numparse.not_understood", in, want, tail)
}

// Format prints a value for display without float noise: the shortest
// decimal that identifies v, rounded half away from zero to at most 4
// decimals, trailing zeros trimmed, and thousands separators in the integer
// part from 10000 up. NaN and infinities print as strconv does.
func Format(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	ip, fp, _ := strings.Cut(s, ".")
	if len(fp) > 4 {
		// Round the decimal string, not the binary value, so 2.00005
		// shows as 2.0001 the way the person typed it would round.
		d := []byte(ip + fp[:4])
		if fp[4] >= '5' {
			i := len(d) - 1
			for ; i >= 0 && d[i] == '9'; i-- {
				d[i] = '0'
			}
			if i < 0 {
				d = append([]byte{'1'}, d...)
			} else {
				d[i]++
			}
		}
		ip, fp = string(d[:len(d)-4]), string(d[len(d)-4:])
	}
	fp = strings.TrimRight(fp, "0")
	if len(ip) >= 5 {
		ip = group(ip)
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if v < 0 && out != "0" {
		out = "-" + out
	}
	return out
}

// group inserts a comma every three digits from the right.
func group(d string) string {
	var b strings.Builder
	for i := range len(d) {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}
