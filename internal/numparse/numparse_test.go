package numparse

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// parseCases is shared by TestParse and the fuzz seed corpus.
var parseCases = []struct {
	text, unit string
	want       float64  // when code == ""
	code       string   // expected Error.Code, "" for success
	msgHas     []string // substrings the zh message must contain
}{
	// Plain numbers are already in the target's unit.
	{text: "90", unit: "%", want: 90},
	{text: "0.9", unit: "%", want: 0.9}, // no guessing that 0.9 meant 90%
	{text: "2400000", unit: "人", want: 2400000},
	{text: "2,400,000", unit: "人", want: 2400000},
	{text: "1,234.5", unit: "万元", want: 1234.5},
	{text: "3.5", unit: "万人", want: 3.5},
	{text: "0.5", unit: "万人", want: 0.5},
	{text: ".5", unit: "万人", want: 0.5},
	{text: "35000", unit: "万人", want: 35000},
	{text: "+3", unit: "个", want: 3},
	{text: "-0", unit: "人", want: 0},

	// Multipliers and units convert to the target unit.
	{text: "3.5万", unit: "万人", want: 3.5},
	{text: "3.5万人", unit: "万人", want: 3.5},
	{text: "3.5 万 人", unit: "万人", want: 3.5},
	{text: "35000人", unit: "万人", want: 3.5},
	{text: "1.2亿", unit: "万人", want: 12000},
	{text: "3.5千", unit: "万人", want: 0.35},
	{text: "3.5万", unit: "人", want: 35000},
	{text: "3.5万人", unit: "人", want: 35000},
	{text: "3萬", unit: "人", want: 30000},
	{text: "2000亿", unit: "亿元", want: 2000},
	{text: "2000亿元", unit: "亿元", want: 2000},
	{text: "5000万元", unit: "亿元", want: 0.5},
	{text: "120万个次", unit: "万个次", want: 120},
	{text: "10万套", unit: "万套", want: 10},
	{text: "1.5万株", unit: "万株", want: 1.5},
	{text: "80万亩", unit: "万亩", want: 80},
	{text: "12人次", unit: "人次", want: 12},
	{text: "90%", unit: "%", want: 90},
	{text: "1", unit: "个百分点", want: 1},
	{text: "1个百分点", unit: "个百分点", want: 1},
	{text: "78.5岁", unit: "岁", want: 78.5},
	{text: "150公里", unit: "公里", want: 150},
	{text: "150km", unit: "公里", want: 150},
	{text: "32", unit: "微克/立方米", want: 32},
	{text: "32微克/立方米", unit: "微克/立方米", want: 32},
	{text: "32μg/m³", unit: "微克/立方米", want: 32},
	{text: "32µg/m3", unit: "微克/立方米", want: 32},
	{text: "32ug/m3", unit: "微克/立方米", want: 32},
	{text: "2500元/人·月", unit: "元/人·月", want: 2500},
	{text: "2500元/人・月", unit: "元/人·月", want: 2500}, // Japanese-style middle dot from some IMEs

	// Full-width input from Chinese input methods.
	{text: "90％", unit: "%", want: 90},
	{text: "１２．５％", unit: "%", want: 12.5},
	{text: "\u3000３．５万人\u3000", unit: "万人", want: 3.5},
	{text: "２，４００", unit: "人", code: CodeBadGrouping}, // full-width comma is a Chinese comma
	{text: "−0.5", unit: "个百分点", want: -0.5},
	{text: "－2", unit: "个百分点", want: -2},

	// Ratios.
	{text: "1.2", unit: ":1", want: 1.2},
	{text: "1.2:1", unit: ":1", want: 1.2},
	{text: "1.2：1", unit: ":1", want: 1.2},
	{text: "6:5", unit: ":1", want: 1.2},
	{text: "1.2:0", unit: ":1", code: CodeBadRatio, msgHas: []string{"1.2:0", "大于 0"}},
	{text: "1.2:-1", unit: ":1", code: CodeBadRatio},
	{text: "1:2:3", unit: ":1", code: CodeBadRatio},
	{text: "1.2:", unit: ":1", code: CodeBadRatio},
	{text: "6:5", unit: "万人", code: CodeUnitMismatch},

	// Empty and not numbers.
	{text: "", unit: "万人", code: CodeEmpty, msgHas: []string{"万人"}},
	{text: "   ", unit: "万人", code: CodeEmpty},
	{text: "\u3000", unit: "人", code: CodeEmpty},
	{text: "abc", unit: "人", code: CodeNotANumber, msgHas: []string{"“abc”", "人"}},
	{text: "三万", unit: "万人", code: CodeNotANumber, msgHas: []string{"“三万”", "阿拉伯数字", "万人"}},
	{text: "1e5", unit: "人", code: CodeNotANumber, msgHas: []string{"100000"}},
	{text: "1E+5", unit: "人", code: CodeNotANumber},
	{text: "NaN", unit: "人", code: CodeNotANumber},
	{text: "Inf", unit: "人", code: CodeNotANumber},
	{text: "-Inf", unit: "人", code: CodeNotANumber},
	{text: "12 13", unit: "人", code: CodeNotANumber},
	{text: "3-5", unit: "万人", code: CodeNotANumber},
	{text: "3万5千", unit: "人", code: CodeNotANumber},
	{text: "1.2.3", unit: "人", code: CodeNotANumber},
	{text: "5.", unit: "人", code: CodeNotANumber},
	{text: "3。5", unit: "万人", code: CodeNotANumber, msgHas: []string{"3.5"}},
	{text: "3.5千万", unit: "万人", code: CodeNotANumber, msgHas: []string{"“3.5千万”", "万人", "3500万"}},
	{text: "2万亿", unit: "亿元", code: CodeNotANumber, msgHas: []string{"20000亿"}},
	{text: "1" + strings.Repeat("0", 310), unit: "人", code: CodeNotANumber},

	// Thousands separators.
	{text: "2,40,000", unit: "人", code: CodeBadGrouping, msgHas: []string{"2,40,000", "240,000"}},
	{text: "2，400，000", unit: "人", code: CodeBadGrouping, msgHas: []string{"2，400，000", "“，”"}},
	{text: "3、5", unit: "人", code: CodeBadGrouping},
	{text: "1,5", unit: "人", code: CodeBadGrouping},
	{text: "0,500", unit: "人", code: CodeBadGrouping},
	{text: "1000,", unit: "人", code: CodeBadGrouping},
	{text: "1.234,5", unit: "人", code: CodeBadGrouping},

	// Units that do not match.
	{text: "3.5元", unit: "万人", code: CodeUnitMismatch, msgHas: []string{"“3.5元”", "“元”", "“万人”"}},
	{text: "3.5万元", unit: "万人", code: CodeUnitMismatch},
	{text: "90‰", unit: "%", code: CodeUnitMismatch, msgHas: []string{"‰", "“%”"}},
	{text: "90个百分点", unit: "%", code: CodeUnitMismatch, msgHas: []string{"不是百分比"}},
	{text: "1%", unit: "个百分点", code: CodeUnitMismatch, msgHas: []string{"“1%”", "个百分点", "不是百分比"}},
	{text: "90%", unit: "万人", code: CodeUnitMismatch, msgHas: []string{"90%", "万人"}},
	{text: "3万", unit: "%", code: CodeUnitMismatch},
	{text: "32mg/m3", unit: "微克/立方米", code: CodeUnitMismatch},
	{text: "12abc", unit: "", code: CodeUnitMismatch},

	// Approximate figures and bounds.
	{text: "约3.5万", unit: "万人", code: CodeApproximate, msgHas: []string{"“约3.5万”", "约", "万人"}},
	{text: "3.5万左右", unit: "万人", code: CodeApproximate},
	{text: "大约90%", unit: "%", code: CodeApproximate},
	{text: "90%以上", unit: "%", code: CodeApproximate},
	{text: "3万多", unit: "万人", code: CodeApproximate},
	{text: "3~5", unit: "万人", code: CodeApproximate, msgHas: []string{"范围"}},
	{text: "≈12", unit: "人", code: CodeApproximate},

	// Precision beyond what a float64 keeps.
	{text: "1234567890123456", unit: "人", code: CodeTooPrecise},
	{text: "3.14159265358979323", unit: "人", code: CodeTooPrecise},
	{text: "123456789012345", unit: "人", want: 123456789012345},
	{text: "0.000000000000000001", unit: "人", want: 1e-18},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, err := Parse(c.text, c.unit)
		if c.code == "" {
			if err != nil {
				t.Errorf("Parse(%q, %q): unexpected error %v", c.text, c.unit, err)
			} else if got != c.want {
				t.Errorf("Parse(%q, %q) = %v, want %v", c.text, c.unit, got, c.want)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q, %q) = %v, %v; want *Error with code %s", c.text, c.unit, got, err, c.code)
			continue
		}
		if pe.Code != c.code {
			t.Errorf("Parse(%q, %q) code = %s, want %s (%s)", c.text, c.unit, pe.Code, c.code, pe.Message("zh"))
		}
		if pe.Input != c.text || pe.Unit != c.unit {
			t.Errorf("Parse(%q, %q) error records %q, %q", c.text, c.unit, pe.Input, pe.Unit)
		}
		msg := pe.Message("zh")
		for _, want := range c.msgHas {
			if !strings.Contains(msg, want) {
				t.Errorf("Parse(%q, %q) zh message %q lacks %q", c.text, c.unit, msg, want)
			}
		}
	}
}

func TestParseNoNegativeZero(t *testing.T) {
	// -0 would display as "-0" and compare oddly in JSON; never return it.
	for _, c := range [][2]string{{"-0", "人"}, {"-0.0", "人"}, {"-0万", "人"}, {"-0:1", ":1"}, {"-0人", "万人"}} {
		v, err := Parse(c[0], c[1])
		if err != nil || math.Signbit(v) {
			t.Errorf("Parse(%q, %q) = %v, %v; want 0", c[0], c[1], v, err)
		}
	}
}

func TestMessage(t *testing.T) {
	_, err := Parse("3.5千万", "万人")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %v", err)
	}
	zh := e.Message("zh")
	if e.Message("") != zh || e.Message("fr") != zh {
		t.Errorf("unknown or empty lang should give the zh message")
	}
	en := e.Message("en")
	if en == zh || e.Message("en-GB") != en || e.Error() != en {
		t.Errorf("en message not used consistently: %q", en)
	}
	if !strings.Contains(en, `"3.5千万"`) || !strings.Contains(en, "3500万") {
		t.Errorf("en message %q should quote the input and the rewrite", en)
	}

	// Errors built by hand (e.g. in other packages' tests) still read well.
	for _, code := range []string{CodeEmpty, CodeNotANumber, CodeBadGrouping, CodeUnitMismatch, CodeApproximate, CodeTooPrecise, CodeBadRatio} {
		h := &Error{Code: code, Input: "x", Unit: "万人"}
		for _, lang := range []string{"zh", "en"} {
			if m := h.Message(lang); m == "" || strings.Contains(m, "“”") || strings.Contains(m, `""`) {
				t.Errorf("hand-built %s error, %s message %q", code, lang, m)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{
		{2400000, "2,400,000"},
		{0.6, "0.6"},
		{81.5, "81.5"},
		{1.2, "1.2"},
		{-3, "-3"},
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{9999, "9999"},
		{10000, "10,000"},
		{12000, "12,000"},
		{-12345.5, "-12,345.5"},
		{9999.99999, "10,000"},
		{1234.56789, "1234.5679"},
		{0.1 + 0.2, "0.3"},
		{2.00005, "2.0001"},
		{-0.00004, "0"},
		{1e-18, "0"},
		{1e21, "1,000,000,000,000,000,000,000"},
		{123456789012345, "123,456,789,012,345"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
	}
	for _, c := range cases {
		if got := Format(c.v); got != c.want {
			t.Errorf("Format(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

var knownCodes = map[string]bool{
	CodeEmpty: true, CodeNotANumber: true, CodeBadGrouping: true, CodeUnitMismatch: true,
	CodeApproximate: true, CodeTooPrecise: true, CodeBadRatio: true,
}

func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.text, c.unit)
	}
	f.Fuzz(func(t *testing.T, text, unit string) {
		v, err := Parse(text, unit)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q, %q) error %T is not *Error", text, unit, err)
			}
			if !knownCodes[e.Code] {
				t.Fatalf("Parse(%q, %q) unknown code %q", text, unit, e.Code)
			}
			if e.Message("zh") == "" || e.Message("en") == "" {
				t.Fatalf("Parse(%q, %q) empty message", text, unit)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Parse(%q, %q) = %v", text, unit, v)
		}
		if parseUnit(unit).kind == kindRatio {
			return // a:b can yield values with more digits than a typed number
		}
		// What Goalpost displays must read back as the same displayed value,
		// so editing a saved target without changes never alters it.
		shown := Format(v)
		w, err := Parse(shown, unit)
		if err != nil {
			t.Fatalf("Parse(Format(%v)=%q, %q): %v", v, shown, unit, err)
		}
		if Format(w) != shown {
			t.Fatalf("round trip %q -> %v -> %q, want %q", text, v, Format(w), shown)
		}
		if d := math.Abs(w - v); d > 0.00005+1e-12*math.Abs(v) {
			t.Fatalf("round trip %q: %v -> %v differs by %v", text, v, w, d)
		}
	})
}

// The parser's sentences live in the one catalogue (internal/i18n), worded
// as before: a Chinese and an English message are the catalogue's
// sentences with the input quoted the catalogue's way.
func TestMessagesComeFromTheCatalogue(t *testing.T) {
	_, err := Parse("1234567890123456", "人")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %v", err)
	}
	for _, tc := range []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.Chinese, "“1234567890123456”的有效数字超过 15 位，保存时会被改动：请最多保留 15 位有效数字"},
		{i18n.English, `"1234567890123456" has more than 15 significant digits and would be changed when saved: keep at most 15 significant digits`},
	} {
		fromCatalogue := tc.lang.T("numparse.too_precise", tc.lang.T("numparse.quote", "1234567890123456"))
		if got := e.Message(string(tc.lang)); got != tc.want || got != fromCatalogue {
			t.Errorf("%s: message %q, want %q, the catalogue's %q", tc.lang, got, tc.want, fromCatalogue)
		}
	}
}
