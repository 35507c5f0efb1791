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
		return e.messageEN()
	}
	return e.messageZH()
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

func (e *Error) messageZH() string {
	u := parseUnit(e.Unit)
	in := "“" + strings.TrimSpace(e.Input) + "”"
	unit := "“" + u.display + "”"
	want := "请填写数字"
	if u.kind == kindRatio {
		want = "请填写比值"
	}
	tail := "，例如 " + e.examples(u, "或")
	if u.display != "" {
		tail = "，可带单位" + unit + tail
	}
	fixOr := func(lead, alt string) string {
		if e.fix != "" {
			return lead + e.fix
		}
		return alt
	}
	fixLead := "，请写成 "
	if u.display != "" {
		fixLead = "；单位是" + unit + "，请写成 "
	}
	switch e.why() {
	case rEmpty:
		return "没有填写数值：" + want + tail
	case rChinese:
		return in + "用了汉字数字，无法识别：请用阿拉伯数字 0–9 填写" + tail
	case rExponent:
		return in + "是科学计数法，无法识别：请直接写出完整的数字" + fixOr("，例如 ", tail)
	case rMultiple:
		return in + "里不止一个数字：每一格只能填一个数字" + tail
	case rTwoPoints:
		return in + "有多个小数点：一个数字只能有一个小数点" + tail
	case rFullStop:
		return in + "里的“。”是句号，不是小数点：小数点请用“.”" + fixOr("，例如 ", tail)
	case rTrailingDot:
		return in + "的小数点后面没有数字：请补全小数，或去掉小数点" + tail
	case rMultiplier:
		return in + "无法识别：数字后面只能用一个“千”“万”或“亿”，不能写“" + e.got + "”" + fixOr(fixLead, "；"+want+tail)
	case rOutOfRange:
		return in + "太大，超出了可以保存的范围：请检查是否多写了零或多写了“万”“亿”"
	case rGrouping:
		return in + "的千位分隔逗号位置不对：逗号要从个位起每三位一个，也可以不写逗号，例如 " + e.groupedDigits("或")
	case rChineseComma:
		return in + "里有中文逗号“，”或顿号“、”：每一格只能填一个数字，千位分隔请用英文逗号“,”或者不写，例如 2,400,000 或 2400000"
	case rPercentForPoints:
		return in + "是百分比（%），但该指标的单位是" + unit + "：百分点是两个百分比之差，不是百分比。请填写百分点数" + tail
	case rPointsForPercent:
		return in + "是百分点，但该指标的单位是" + unit + "：百分点是两个百分比之差，不是百分比。请填写百分比数值" + tail
	case rPercentForOther:
		return in + "是百分比，但该指标的单位是" + unit + "，不是百分比：" + want + tail
	case rNoMultiplier:
		return in + "用了“" + e.got + "”，但单位" + unit + "不能再带“万”“亿”“千”：请直接填写数字" + tail
	case rRatioForOther:
		return in + "是比例写法，但该指标的单位是" + unit + "，不是比例：" + want + tail
	case rApprox:
		if !e.atEnd() {
			return in + "是范围或约数，不是确切数字：目标值必须填写一个确切的数字" + tail
		}
		return in + "含有“" + e.got + "”，不是确切数字：目标值必须填写确切的数字，请去掉“" + e.got + "”后填写" + tail
	case rTooPrecise:
		return in + "的有效数字超过 15 位，保存时会被改动：请最多保留 15 位有效数字"
	case rZeroDenominator:
		return in + "的后项不大于 0：比例 a:b 的后项 b 必须大于 0" + tail
	case rBadRatio:
		return in + "不是有效的比例：请写成 a:b（例如 6:5）或直接填写比值" + tail
	case rUnit:
		if u.display == "" {
			return in + "带了单位，但该指标没有单位：请只填写数字，例如 " + e.examples(u, "或")
		}
		if e.got != "" {
			return in + "的单位“" + e.got + "”与指标单位" + unit + "不符：" + want + tail
		}
		return in + "的单位与指标单位" + unit + "不符：" + want + tail
	}
	return in + "无法识别：" + want + tail
}

func (e *Error) messageEN() string {
	u := parseUnit(e.Unit)
	in := `"` + strings.TrimSpace(e.Input) + `"`
	unit := `"` + u.display + `"`
	want := "type a number"
	if u.kind == kindRatio {
		want = "type a ratio"
	}
	tail := ", e.g. " + e.examples(u, "or")
	if u.display != "" {
		tail = ", optionally followed by the unit " + unit + tail
	}
	fixOr := func(lead, alt string) string {
		if e.fix != "" {
			return lead + e.fix
		}
		return alt
	}
	fixLead := "; write "
	if u.display != "" {
		fixLead = "; with the unit " + unit + ", write "
	}
	switch e.why() {
	case rEmpty:
		return "no value was entered: " + want + tail
	case rChinese:
		return in + " uses Chinese numerals, which are not supported: type the digits 0-9" + tail
	case rExponent:
		return in + " is in exponent notation, which is not supported: write the number out in full" + fixOr(", e.g. ", tail)
	case rMultiple:
		return in + " contains more than one number: each field takes one number" + tail
	case rTwoPoints:
		return in + " has more than one decimal point: type one number" + tail
	case rFullStop:
		return in + ` uses the full stop "。" instead of a decimal point: use "."` + fixOr(", e.g. ", tail)
	case rTrailingDot:
		return in + " has no digits after the decimal point: finish the decimal or remove the point" + tail
	case rMultiplier:
		return in + ` is not understood: only one of 千, 万 or 亿 may follow the number, not "` + e.got + `"` + fixOr(fixLead, "; "+want+tail)
	case rOutOfRange:
		return in + " is too large to store: check for extra zeros or an extra 万/亿"
	case rGrouping:
		return in + " has thousands separators in the wrong places: put a comma every three digits from the units, or none, e.g. " + e.groupedDigits("or")
	case rChineseComma:
		return in + ` contains a Chinese comma "，" or "、": each field takes one number; separate thousands with an ASCII comma "," or not at all, e.g. 2,400,000 or 2400000`
	case rPercentForPoints:
		return in + " is a percentage, but this target is measured in " + unit + " (percentage points, the difference between two percentages, not a percentage): enter the number of points" + tail
	case rPointsForPercent:
		return in + " is in percentage points, but this target is a percentage " + unit + " (points are the difference between two percentages): enter the percentage" + tail
	case rPercentForOther:
		return in + " is a percentage, but this target is measured in " + unit + ": " + want + tail
	case rNoMultiplier:
		return in + ` uses "` + e.got + `", but the unit ` + unit + " cannot take 万, 亿 or 千: type the number itself" + tail
	case rRatioForOther:
		return in + " is a ratio, but this target is measured in " + unit + ": " + want + tail
	case rApprox:
		if !e.atEnd() {
			return in + " is a range or an estimate, not an exact figure: a target needs one exact number" + tail
		}
		return in + ` contains "` + e.got + `", so it is not an exact figure: a target needs the exact number; remove "` + e.got + `" and type the exact figure` + tail
	case rTooPrecise:
		return in + " has more than 15 significant digits and would be changed when saved: keep at most 15 significant digits"
	case rZeroDenominator:
		return in + " has a second term that is not greater than 0: in a ratio a:b, b must be greater than 0" + tail
	case rBadRatio:
		return in + " is not a valid ratio: write a:b (e.g. 6:5) or the ratio's value" + tail
	case rUnit:
		if u.display == "" {
			return in + " has a unit, but this target has none: type only the number, e.g. " + e.examples(u, "or")
		}
		if e.got != "" {
			return in + ` has the unit "` + e.got + `", which does not match the target's unit ` + unit + ": " + want + tail
		}
		return in + " has a unit that does not match the target's unit " + unit + ": " + want + tail
	}
	return in + " is not understood: " + want + tail
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
