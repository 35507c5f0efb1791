package goalpost

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Period is the span of time a figure describes: a year, a quarter, a month
// or a single day. Its End is the figure's reference date.
type Period struct {
	Label string // canonical: 2024, 2024-Q2, 2024-06, 2024-06-30
	Start time.Time
	End   time.Time
}

var periodPattern = regexp.MustCompile(`^(\d{4})(?:-Q([1-4])|-(\d{2})|-(\d{2})-(\d{2}))?$`)

// ParsePeriod reads the period forms officials use: "2024", "2024-Q2",
// "2024-06" or a date "2024-06-30". Chinese forms such as "2024年6月" are
// accepted too, since that is how a 台账 writes them.
func ParsePeriod(s string) (Period, error) {
	s = normalisePeriod(s)
	m := periodPattern.FindStringSubmatch(s)
	if m == nil {
		return Period{}, E(EINVALID, "err.period_unknown", s)
	}
	year, _ := strconv.Atoi(m[1])
	if year < 1949 || year > 2100 {
		return Period{}, E(EINVALID, "err.period_year", s, year)
	}
	day := func(y, mo, d int) time.Time { return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC) }
	switch {
	case m[2] != "":
		q, _ := strconv.Atoi(m[2])
		start := day(year, 3*q-2, 1)
		return Period{Label: s, Start: start, End: start.AddDate(0, 3, -1)}, nil
	case m[3] != "":
		mo, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 {
			return Period{}, E(EINVALID, "err.period_month", s, mo)
		}
		start := day(year, mo, 1)
		return Period{Label: s, Start: start, End: start.AddDate(0, 1, -1)}, nil
	case m[4] != "":
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			return Period{}, E(EINVALID, "err.period_day", s)
		}
		return Period{Label: s, Start: d, End: d}, nil
	}
	return Period{Label: s, Start: day(year, 1, 1), End: day(year, 12, 31)}, nil
}

var shortDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$`)

var chinesePeriod = regexp.MustCompile(`^(\d{4})年(?:第?([1-4一二三四])季度|(\d{1,2})月(?:(\d{1,2})日)?)?$`)

func normalisePeriod(s string) string {
	r := []rune(s)
	out := make([]rune, 0, len(r))
	for _, c := range r {
		switch {
		case c >= '０' && c <= '９':
			c = c - '０' + '0'
		case c == '－' || c == '/' || c == '.':
			c = '-'
		case c == 'ｑ' || c == 'Ｑ' || c == 'q':
			c = 'Q'
		case c == ' ' || c == '　':
			continue
		}
		out = append(out, c)
	}
	s = string(out)
	if m := chinesePeriod.FindStringSubmatch(s); m != nil {
		switch {
		case m[2] != "":
			q := map[string]string{"一": "1", "二": "2", "三": "3", "四": "4"}[m[2]]
			if q == "" {
				q = m[2]
			}
			return m[1] + "-Q" + q
		case m[4] != "":
			mo, _ := strconv.Atoi(m[3])
			d, _ := strconv.Atoi(m[4])
			return fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)
		case m[3] != "":
			mo, _ := strconv.Atoi(m[3])
			return fmt.Sprintf("%s-%02d", m[1], mo)
		}
		return m[1]
	}
	// 2024-6 → 2024-06, 2024-6-3 → 2024-06-03
	if m := shortDate.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[2])
		if m[3] == "" {
			return fmt.Sprintf("%s-%02d", m[1], mo)
		}
		d, _ := strconv.Atoi(m[3])
		return fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)
	}
	return s
}

// Overlaps reports whether p and q share a day.
func (p Period) Overlaps(q Period) bool {
	return !p.End.Before(q.Start) && !q.End.Before(p.Start)
}
