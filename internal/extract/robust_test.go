package extract

import (
	"testing"
	"unicode/utf8"
)

// Odd input never panics, and offsets always index the text.
func FuzzFromText(f *testing.F) {
	for _, s := range []string{"", "\n\n", "\t\t\n指标\t目标\n\t", "1.", "（", "一、工作目标\n到2025年，", "到2025年达到95%以上；\xff\xfe", "责任单位：", "（牵头单位：）", "达到", "100%的", "由2023年的", "1台和1台", "专栏1\n第一章\n（1）\n①", "2024—2026年", "——2026年1月15日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := FromText(s)
		for _, c := range d.Targets {
			if c.Start < 0 || c.End > len(s) || c.Start > c.End || c.SourceText != s[c.Start:c.End] {
				t.Fatalf("bad offsets %d–%d in %q", c.Start, c.End, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(c.SourceText) {
				t.Fatalf("source text cuts a character: %q", c.SourceText)
			}
		}
	})
}
