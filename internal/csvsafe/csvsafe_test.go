package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example","点此")`: `'=HYPERLINK("http://evil.example","点此")`,
		"+1":                     "'+1",
		"@SUM(A1:A2)":            "'@SUM(A1:A2)",
		"-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
		"\t=1+1":                 "'\t=1+1",
		"\r=1+1":                 "'\r=1+1",
		"-1e3":                   "'-1e3",
		"-":                      "'-",
		"'=1+1":                  "''=1+1",
		"-3.5":                   "-3.5",
		"-12":                    "-12",
		"38":                     "38",
		"PM2.5平均浓度":              "PM2.5平均浓度",
		"'quoted":                "'quoted",
		"":                       "",
		"a=b":                    "a=b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
		if got := Uncell(Cell(in)); got != in {
			t.Errorf("Uncell(Cell(%q)) = %q", in, got)
		}
	}
}

func TestWriterRoundTrip(t *testing.T) {
	t.Parallel()
	rows := [][]string{{"id", "title"}, {"1", "=1+1"}, {"-2.5", "@x"}, {"3", "'-y"}}
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got[1][1] != "'=1+1" || got[2][0] != "-2.5" || got[2][1] != "'@x" {
		t.Errorf("written %q", got)
	}
	for i := range rows {
		for j := range rows[i] {
			if Uncell(got[i][j]) != rows[i][j] {
				t.Errorf("cell %d,%d reads back %q, want %q", i, j, Uncell(got[i][j]), rows[i][j])
			}
		}
	}
}
