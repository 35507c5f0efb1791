package goalpost

import (
	"fmt"
	"strconv"
	"time"
)

// Cadence is how often a target's figures are reported.
type Cadence string

// Cadences officials use: 月报, 季报, 年报.
const (
	Monthly   Cadence = "monthly"
	Quarterly Cadence = "quarterly"
	Annual    Cadence = "annual"
)

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool { return c == Monthly || c == Quarterly || c == Annual }

// Schedule says when a target's figures are due: for each period of the
// cadence, on DueDay of the month after the period ends (a year's figure
// for 2024 with due day 15 is due on 2025-01-15).
type Schedule struct {
	Cadence Cadence
	DueDay  int
}

// Validate checks a schedule an administrator sets.
func (s Schedule) Validate() error {
	if !s.Cadence.Valid() {
		return E(EINVALID, "err.cadence", s.Cadence)
	}
	if s.DueDay < 1 || s.DueDay > 28 {
		return E(EINVALID, "err.due_day", s.DueDay)
	}
	return nil
}

// PeriodAt is the period of the cadence that contains date d. It is built
// directly, not parsed: statuses of thousands of targets call it.
func (s Schedule) PeriodAt(d time.Time) Period {
	y, m := d.Year(), d.Month()
	switch s.Cadence {
	case Monthly:
		start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return Period{Label: start.Format("2006-01"), Start: start, End: start.AddDate(0, 1, -1)}
	case Quarterly:
		q := (int(m)-1)/3 + 1
		start := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		return Period{Label: fmt.Sprintf("%d-Q%d", y, q), Start: start, End: start.AddDate(0, 3, -1)}
	}
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return Period{Label: strconv.Itoa(y), Start: start, End: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)}
}

// Due is when the figure for period p is due.
func (s Schedule) Due(p Period) time.Time {
	next := p.End.AddDate(0, 0, 1) // first day of the following month
	return time.Date(next.Year(), next.Month(), s.DueDay, 0, 0, 0, 0, time.UTC)
}

// Previous is the period before p.
func (s Schedule) Previous(p Period) Period { return s.PeriodAt(p.Start.AddDate(0, 0, -1)) }

// Next is the period after p.
func (s Schedule) Next(p Period) Period { return s.PeriodAt(p.End.AddDate(0, 0, 1)) }

// Deadlines says, as of today, which period's figure fell due last (the one
// that is overdue if missing) and which falls due next, within the target's
// reporting window from its plan's start to its deadline. ok is false for a
// due period when none has fallen due yet, and for next when none remains.
func (s Schedule) Deadlines(t *Target, today time.Time) (lastDue Period, lastOK bool, next Period, nextOK bool) {
	first := s.PeriodAt(t.PlanStart)
	final := s.PeriodAt(t.Deadline)
	// The period whose due date is the latest on or before today.
	p := s.PeriodAt(today)
	for s.Due(p).After(today) {
		p = s.Previous(p)
	}
	if !p.End.Before(first.End) {
		if p.End.After(final.End) {
			p = final
		}
		lastDue, lastOK = p, true
	}
	n := s.Next(p)
	if n.End.Before(first.End) {
		n = first
	}
	if !n.End.After(final.End) {
		next, nextOK = n, true
	}
	return lastDue, lastOK, next, nextOK
}
