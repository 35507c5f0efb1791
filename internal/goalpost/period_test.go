package goalpost_test

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// day is a calendar date at midnight UTC, the way periods and deadlines are stored.
func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		label string
		start string
		end   string
	}{
		{"year", "2024", "2024", "2024-01-01", "2024-12-31"},
		{"first quarter", "2024-Q1", "2024-Q1", "2024-01-01", "2024-03-31"},
		{"second quarter", "2024-Q2", "2024-Q2", "2024-04-01", "2024-06-30"},
		{"fourth quarter", "2024-Q4", "2024-Q4", "2024-10-01", "2024-12-31"},
		{"lower-case quarter", "2024-q3", "2024-Q3", "2024-07-01", "2024-09-30"},
		{"month", "2024-06", "2024-06", "2024-06-01", "2024-06-30"},
		{"31-day month", "2024-12", "2024-12", "2024-12-01", "2024-12-31"},
		{"february in a leap year", "2024-02", "2024-02", "2024-02-01", "2024-02-29"},
		{"february in a common year", "2023-02", "2023-02", "2023-02-01", "2023-02-28"},
		{"date", "2024-06-30", "2024-06-30", "2024-06-30", "2024-06-30"},
		{"leap day", "2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29"},
		{"chinese year", "2024年", "2024", "2024-01-01", "2024-12-31"},
		{"chinese month", "2024年6月", "2024-06", "2024-06-01", "2024-06-30"},
		{"chinese two-digit month", "2024年06月", "2024-06", "2024-06-01", "2024-06-30"},
		{"chinese quarter in words", "2024年第二季度", "2024-Q2", "2024-04-01", "2024-06-30"},
		{"chinese quarter in digits", "2024年第3季度", "2024-Q3", "2024-07-01", "2024-09-30"},
		{"chinese quarter without 第", "2024年四季度", "2024-Q4", "2024-10-01", "2024-12-31"},
		{"chinese date", "2024年6月30日", "2024-06-30", "2024-06-30", "2024-06-30"},
		{"full-width digits and dash", "２０２４－０６", "2024-06", "2024-06-01", "2024-06-30"},
		{"full-width chinese month", "２０２４年６月", "2024-06", "2024-06-01", "2024-06-30"},
		{"single-digit month", "2024-6", "2024-06", "2024-06-01", "2024-06-30"},
		{"single-digit month and day", "2024-6-3", "2024-06-03", "2024-06-03", "2024-06-03"},
		{"slashes", "2024/06/30", "2024-06-30", "2024-06-30", "2024-06-30"},
		{"dots", "2024.06", "2024-06", "2024-06-01", "2024-06-30"},
		{"surrounding and inner spaces", " 2024 - 06 ", "2024-06", "2024-06-01", "2024-06-30"},
		{"first year in range", "1949", "1949", "1949-01-01", "1949-12-31"},
		{"last year in range", "2100", "2100", "2100-01-01", "2100-12-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := goalpost.ParsePeriod(tc.in)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): unexpected error %v", tc.in, err)
			}
			want := goalpost.Period{Label: tc.label, Start: day(tc.start), End: day(tc.end)}
			if got.Label != want.Label || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
				t.Errorf("ParsePeriod(%q) = {%s %s %s}, want {%s %s %s}", tc.in,
					got.Label, got.Start.Format(time.DateOnly), got.End.Format(time.DateOnly),
					want.Label, want.Start.Format(time.DateOnly), want.End.Format(time.DateOnly))
			}
			if got.Start.Location() != time.UTC || got.End.Location() != time.UTC {
				t.Errorf("ParsePeriod(%q): dates not in UTC: %v, %v", tc.in, got.Start, got.End)
			}
		})
	}
}

func TestParsePeriodCanonicalLabelRoundTrips(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"2024", "2024-Q2", "2024-06", "2024-06-30", "2024年第二季度", "２０２４－０６", "2024-6"} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			first, err := goalpost.ParsePeriod(in)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", in, err)
			}
			again, err := goalpost.ParsePeriod(first.Label)
			if err != nil {
				t.Fatalf("ParsePeriod(%q) (label of %q): %v", first.Label, in, err)
			}
			if got, want := again, first; got != want {
				t.Errorf("ParsePeriod(label %q) = %+v, want %+v", first.Label, got, want)
			}
		})
	}
}

func TestParsePeriodInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		// mention is what the message must quote so the official sees what was wrong.
		mention []string
	}{
		{"empty", "", []string{"“”"}},
		{"two-digit year", "24", []string{"“24”"}},
		{"month 13", "2024-13", []string{"2024-13", "13"}},
		{"month 00", "2024-00", []string{"2024-00"}},
		{"quarter 5", "2024-Q5", []string{"2024-Q5"}},
		{"quarter 0", "2024-Q0", []string{"2024-Q0"}},
		{"february 30", "2024-02-30", []string{"2024-02-30"}},
		{"february 29 in a common year", "2023-02-29", []string{"2023-02-29"}},
		{"year before 1949", "1800", []string{"1800", "1949"}},
		{"year after 2100", "2101", []string{"2101", "2100"}},
		{"letters", "abc", []string{"abc"}},
		// The message quotes the normalised form (slashes become dashes), not what was typed.
		{"june 31 with slashes", "2024/06/31", []string{"2024-06-31"}},
		{"chinese month 13", "2024年13月", []string{"2024-13"}},
		{"chinese quarter 5", "2024年第五季度", []string{"2024年第五季度"}},
		{"chinese june 31", "2024年6月31日", []string{"2024-06-31"}},
		{"trailing text", "2024-06 上半年", []string{"2024-06上半年"}},
		{"five-digit year", "20245", []string{"20245"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := goalpost.ParsePeriod(tc.in)
			if err == nil {
				t.Fatalf("ParsePeriod(%q) = %+v, want an error", tc.in, p)
			}
			if got, want := goalpost.ErrorCode(err), goalpost.EINVALID; got != want {
				t.Errorf("ErrorCode(ParsePeriod(%q)) = %q, want %q", tc.in, got, want)
			}
			if got, want := p, (goalpost.Period{}); got != want {
				t.Errorf("ParsePeriod(%q) returned %+v with its error, want the zero Period", tc.in, got)
			}
			msg := goalpost.ErrorMessage(err)
			if !hasHan(msg) {
				t.Errorf("ErrorMessage(ParsePeriod(%q)) = %q, want a Chinese message", tc.in, msg)
			}
			for _, m := range tc.mention {
				if !strings.Contains(msg, m) {
					t.Errorf("ErrorMessage(ParsePeriod(%q)) = %q, want it to mention %q", tc.in, msg, m)
				}
			}
		})
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestPeriodOverlaps(t *testing.T) {
	t.Parallel()
	mustParse := func(s string) goalpost.Period {
		p, err := goalpost.ParsePeriod(s)
		if err != nil {
			panic(err)
		}
		return p
	}
	tests := []struct {
		name string
		p, q string
		want bool
	}{
		{"same period", "2024-Q2", "2024-Q2", true},
		{"year contains quarter", "2024", "2024-Q3", true},
		{"quarter contains month", "2024-Q2", "2024-05", true},
		{"month contains its last day", "2024-06", "2024-06-30", true},
		{"month contains its first day", "2024-06", "2024-06-01", true},
		{"adjacent quarters", "2024-Q1", "2024-Q2", false},
		{"adjacent months", "2024-05", "2024-06", false},
		{"adjacent years", "2023", "2024", false},
		{"day after month", "2024-06", "2024-07-01", false},
		{"distant years", "2020", "2024", false},
		{"same day", "2024-06-30", "2024-06-30", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, q := mustParse(tc.p), mustParse(tc.q)
			if got, want := p.Overlaps(q), tc.want; got != want {
				t.Errorf("%s.Overlaps(%s) = %v, want %v", tc.p, tc.q, got, want)
			}
			if got, want := q.Overlaps(p), tc.want; got != want {
				t.Errorf("%s.Overlaps(%s) = %v, want %v (not symmetric)", tc.q, tc.p, got, want)
			}
		})
	}
}
