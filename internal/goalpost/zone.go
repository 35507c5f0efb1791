package goalpost

import (
	"fmt"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the zone database inside the binary: containers often have none
)

// DefaultZone is where the documents' governments reckon their dates.
const DefaultZone = "Asia/Shanghai"

// zone is the one time zone Goalpost reckons dates in: "today" for statuses,
// schedules and My work, a figure's period, the times pages show. Storage
// and pages read the same zone, so they never disagree about what day it is
// (a UTC container would otherwise see yesterday until 08:00 China time).
var zone atomic.Pointer[time.Location]

func init() {
	loc, err := time.LoadLocation(DefaultZone)
	if err != nil {
		panic(err) // the embedded zone database always has it
	}
	zone.Store(loc)
}

// Zone returns the time zone dates are reckoned in.
func Zone() *time.Location { return zone.Load() }

// SetZone changes the zone; serve calls it once at start (GOALPOST_TIMEZONE).
func SetZone(loc *time.Location) { zone.Store(loc) }

// LoadZone reads an IANA zone name such as Asia/Shanghai or Asia/Urumqi.
func LoadZone(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		return nil, fmt.Errorf("time zone %q: want an IANA name such as %s", name, DefaultZone)
	}
	return loc, nil
}

// Today is now's date in the zone, at midnight UTC: the way dates are
// stored and compared throughout Goalpost.
func Today(now time.Time) time.Time {
	n := now.In(Zone())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// InZone returns t as a clock in the zone shows it, for display.
func InZone(t time.Time) time.Time { return t.In(Zone()) }
