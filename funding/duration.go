package funding

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Unit is the unit of a Duration.
type Unit int

// The units a Duration may carry.
const (
	Days Unit = iota + 1
	Weeks
	Months
	Years
)

// DaysPerYear is the mean length of a calendar year in days, used to turn
// months and years into days where a simulation needs a number of days.
const DaysPerYear = 365.25

var unitNames = map[Unit][2]string{
	Days:   {"day", "days"},
	Weeks:  {"week", "weeks"},
	Months: {"month", "months"},
	Years:  {"year", "years"},
}

// String returns the unit's plural name, "days", "weeks", "months" or "years".
func (u Unit) String() string {
	if n, ok := unitNames[u]; ok {
		return n[1]
	}
	return fmt.Sprintf("Unit(%d)", int(u))
}

// Duration is a whole number of days, weeks, months or years, as contracts
// and service specifications state them ("5 years", "24 months"). Months and
// years are calendar units: added to a date they move the calendar, not a
// fixed number of days. The zero value is no duration at all.
type Duration struct {
	N    int
	Unit Unit
}

// ErrDurationSyntax reports text that is not a duration with a unit.
var ErrDurationSyntax = errors.New("funding: not a duration (want a whole number and a unit: days, weeks, months or years, e.g. \"24 months\")")

// ParseDuration reads a whole number and a unit: "5 years", "1 year",
// "24 months", "22 weeks", "110 days". The number may not be negative. A
// duration without a unit is an error: "24" could mean anything.
func ParseDuration(text string) (Duration, error) {
	fields := strings.Fields(text)
	if len(fields) != 2 {
		return Duration{}, fmt.Errorf("%q: %w", text, ErrDurationSyntax)
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n < 0 {
		return Duration{}, fmt.Errorf("%q: %w", text, ErrDurationSyntax)
	}
	word := strings.ToLower(fields[1])
	for u, names := range unitNames {
		if word == names[0] || word == names[1] {
			return Duration{n, u}, nil
		}
	}
	return Duration{}, fmt.Errorf("%q: %w", text, ErrDurationSyntax)
}

// MustParseDuration is like ParseDuration but panics on bad text. It is for
// tests and examples with literal durations.
func MustParseDuration(text string) Duration {
	d, err := ParseDuration(text)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is no time at all.
func (d Duration) IsZero() bool { return d.N == 0 }

// String formats d as "5 years", "1 year", "24 months".
func (d Duration) String() string {
	names, ok := unitNames[d.Unit]
	if !ok {
		return fmt.Sprintf("%d ?", d.N)
	}
	if d.N == 1 {
		return "1 " + names[0]
	}
	return fmt.Sprintf("%d %s", d.N, names[1])
}

// From returns the date d after start: start plus the duration.
func (d Duration) From(start Date) Date {
	switch d.Unit {
	case Days:
		return start.AddDays(d.N)
	case Weeks:
		return start.AddDays(7 * d.N)
	case Months:
		return start.AddMonths(d.N)
	case Years:
		return start.AddMonths(12 * d.N)
	}
	return start
}

// Months returns d in whole calendar months, and false if d is in days or
// weeks, which do not make whole months.
func (d Duration) Months() (int, bool) {
	switch d.Unit {
	case Months:
		return d.N, true
	case Years:
		return 12 * d.N, true
	}
	return 0, false
}

// ApproxDays returns d as a number of days, taking a year as DaysPerYear
// days and a month as a twelfth of that. It is for simulation clocks and
// rates, not for contract dates (use From for those).
func (d Duration) ApproxDays() float64 {
	switch d.Unit {
	case Days:
		return float64(d.N)
	case Weeks:
		return 7 * float64(d.N)
	case Months:
		return float64(d.N) * DaysPerYear / 12
	case Years:
		return float64(d.N) * DaysPerYear
	}
	return 0
}

// MarshalText encodes d as "5 years".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes any text ParseDuration accepts.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := ParseDuration(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
