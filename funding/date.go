package funding

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time of day and no time zone, as contracts
// state them. The zero value is not a valid date; use IsZero to test for it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ErrDateSyntax reports text that is not a date in the form 2006-01-02.
var ErrDateSyntax = errors.New("funding: not a date (want YYYY-MM-DD, e.g. 2018-10-01)")

// NewDate returns the date year-month-day. It panics if the day does not
// exist (for example 2023-02-30); use ParseDate for input.
func NewDate(year int, month time.Month, day int) Date {
	d := Date{year, month, day}
	if !d.valid() {
		panic(fmt.Sprintf("funding: no such date %04d-%02d-%02d", year, month, day))
	}
	return d
}

// ParseDate reads a date written as YYYY-MM-DD.
func ParseDate(text string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(text))
	if err != nil {
		return Date{}, fmt.Errorf("%q: %w", text, ErrDateSyntax)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func (d Date) valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.compare(o) > 0 }

// compare orders d and o: -1, 0 or +1. Real dates compare field by field,
// without building a time.Time (demand rates compare every day with every
// shock, millions of times in a long scenario); any other Date, which
// time.Date would normalise, compares as its time.Time.
func (d Date) compare(o Date) int {
	if !d.real() || !o.real() {
		return d.Time().Compare(o.Time())
	}
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// real reports whether d is a day of the Gregorian calendar, as valid does,
// by arithmetic alone.
func (d Date) real() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	n := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[d.Month]
	if d.Month == time.February && d.Year%4 == 0 && (d.Year%100 != 0 || d.Year%400 == 0) {
		n = 29
	}
	return d.Day <= n
}

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d == o }

// AddDays returns the date n days after d (before, if n is negative).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysSince returns the number of days from o to d (negative if d is earlier).
func (d Date) DaysSince(o Date) int {
	// Whole seconds between midnights UTC: exact for any two dates, where
	// time.Duration would saturate beyond about 292 years.
	return int((d.Time().Unix() - o.Time().Unix()) / 86400)
}

// AddMonths returns the date n calendar months after d. A day that does not
// exist in the target month is clamped to that month's last day, as
// contracts read: one month after 31 January is 28 (or 29) February.
func (d Date) AddMonths(n int) Date {
	total := int(d.Month) - 1 + n
	year := d.Year + floorDiv(total, 12)
	month := time.Month(total - 12*floorDiv(total, 12) + 1)
	day := min(d.Day, daysIn(year, month))
	return Date{year, month, day}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// MarshalText encodes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a date written as YYYY-MM-DD.
func (d *Date) UnmarshalText(text []byte) error {
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// FinancialYear is a UK public-sector financial year, named by the calendar
// year in which it starts: FinancialYear(2018) runs from 1 April 2018 to 31
// March 2019 and is written "2018/19".
type FinancialYear int

// ErrFinancialYearSyntax reports text that is not a financial year.
var ErrFinancialYearSyntax = errors.New("funding: not a financial year (want 2018/19, 2018-19 or 2018)")

// ParseFinancialYear reads "2018/19", "2018-19", "2018/2019" or "2018".
func ParseFinancialYear(text string) (FinancialYear, error) {
	s := strings.TrimSpace(text)
	first, second, split := strings.Cut(s, "/")
	if !split {
		first, second, split = strings.Cut(s, "-")
	}
	start, err := strconv.Atoi(first)
	if err != nil || len(first) != 4 || start < 1900 || start > 2200 {
		return 0, fmt.Errorf("%q: %w", text, ErrFinancialYearSyntax)
	}
	if split {
		end, err := strconv.Atoi(second)
		ok := err == nil && ((len(second) == 2 && end == (start+1)%100) ||
			(len(second) == 4 && end == start+1))
		if !ok {
			return 0, fmt.Errorf("%q: %w: the second year must follow the first", text, ErrFinancialYearSyntax)
		}
	}
	return FinancialYear(start), nil
}

// FinancialYearOf returns the financial year that contains d.
func FinancialYearOf(d Date) FinancialYear {
	if d.Month < time.April {
		return FinancialYear(d.Year - 1)
	}
	return FinancialYear(d.Year)
}

// Start returns 1 April of the year's first calendar year.
func (y FinancialYear) Start() Date { return Date{int(y), time.April, 1} }

// End returns 31 March of the year's second calendar year.
func (y FinancialYear) End() Date { return Date{int(y) + 1, time.March, 31} }

// String formats y as "2018/19".
func (y FinancialYear) String() string { return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100) }

// MarshalText encodes y as "2018/19".
func (y FinancialYear) MarshalText() ([]byte, error) { return []byte(y.String()), nil }

// UnmarshalText decodes any text ParseFinancialYear accepts.
func (y *FinancialYear) UnmarshalText(text []byte) error {
	v, err := ParseFinancialYear(string(text))
	if err != nil {
		return err
	}
	*y = v
	return nil
}
