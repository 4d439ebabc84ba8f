package records

import (
	"math"
	"strconv"
	"time"

	"github.com/lotsim/lotsim/funding"
)

// Day is a calendar day counted from 1970-01-01 (Day 0), the compact form
// in which an Extract holds its dates: four bytes instead of a
// funding.Date's three words, and subtraction gives a number of days.
type Day int32

// NoDay is a blank date: a case that never started, a case still open.
const NoDay Day = math.MinInt32

// DayOf returns d as a Day. d must be a real date (not the zero Date).
func DayOf(d funding.Date) Day { return Day(daysFromCivil(d.Year, int(d.Month), d.Day)) }

// Date returns d as a funding.Date, or the zero Date for NoDay.
func (d Day) Date() funding.Date {
	if d == NoDay {
		return funding.Date{}
	}
	y, m, dd := civilFromDays(int64(d))
	return funding.Date{Year: y, Month: time.Month(m), Day: dd}
}

// String formats d as YYYY-MM-DD, or "" for NoDay.
func (d Day) String() string {
	if d == NoDay {
		return ""
	}
	y, m, dd := civilFromDays(int64(d))
	b := make([]byte, 0, 10)
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, m, 2)
	b = append(b, '-')
	b = appendPadded(b, dd, 2)
	return string(b)
}

func appendPadded(b []byte, v, width int) []byte {
	if v < 0 { // as fmt's %04d: the sign takes a place
		b = append(b, '-')
		v, width = -v, width-1
	}
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// daysFromCivil returns the days from 1970-01-01 to year-month-day in the
// proleptic Gregorian calendar (H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms", days_from_civil). month is 1 to 12.
func daysFromCivil(year, month, day int) int64 {
	y := int64(year)
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	m := int64(month)
	var mp int64
	if m > 2 {
		mp = m - 3
	} else {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + int64(day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil (Hinnant, civil_from_days).
func civilFromDays(z int64) (year, month, day int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}

// daysIn returns the number of days in month (1 to 12) of year.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// validDate reports whether year-month-day is a calendar day.
func validDate(year, month, day int) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)
}

// excelEpoch is Excel's day 0 in the 1900 date system, 1899-12-31 ("1900
// January 0"), as a Day.
var excelEpoch = Day(daysFromCivil(1899, 12, 31))

// maxSerial is 9999-12-31, the last day Excel can hold, as a serial.
const maxSerial = 2958465

// fromSerial converts a day serial in Excel's 1900 date system. Excel
// counts 1900-02-29, a day that did not happen (Lotus 1-2-3's leap-year
// bug, kept for compatibility), as serial 60: serials 1 to 59 are
// 1900-01-01 to 1900-02-28, and from 61 on each serial is one day later
// than the count from the epoch. Serial 60 and anything outside 1 to
// 9999-12-31 is not a day; ok is false. A fraction (the time of day) is
// dropped.
func fromSerial(serial float64) (Day, bool) {
	if !(serial >= 1 && serial < maxSerial+1) { // also false for NaN
		return NoDay, false
	}
	n := int64(serial)
	switch {
	case n == 60:
		return NoDay, false
	case n > 60:
		n--
	}
	return excelEpoch + Day(n), true
}
