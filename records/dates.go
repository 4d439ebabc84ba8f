package records

import (
	"strconv"
)

// badDay marks, while a file is read, a date that is present but cannot be
// used: not a date, or in a column whose format is refused. It never
// reaches an Extract.
const badDay Day = NoDay + 1

// dateForm is how a date value is written.
type dateForm uint8

const (
	formBad    dateForm = iota // not a date
	formISO                    // YYYY-MM-DD
	formSlash                  // D/M/YYYY or M/D/YYYY
	formSerial                 // a spreadsheet day number
)

// dateText is a date value read apart.
type dateText struct {
	form dateForm
	day  Day // formISO, formSerial
	a, b int // formSlash: the first and second parts
	year int // formISO, formSlash
}

// scanDate reads s (trimmed, not blank) as a date. A time of day after
// the date, separated by a space or T, is allowed and dropped. A plain
// number is a day serial when serials is true (a workbook's date cells).
func scanDate(s string, serials bool) dateText {
	date, rest, timed := s, "", false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == 'T' {
			date, rest, timed = s[:i], s[i+1:], true
			break
		}
	}
	if timed && !timeOfDay(rest) {
		return dateText{}
	}
	if serials && !timed {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if d, ok := fromSerial(f); ok {
				return dateText{form: formSerial, day: d}
			}
			return dateText{}
		}
	}
	if y, m, d, ok := splitDate(date, '-', 4, 2, 2); ok {
		if !validDate(y, m, d) {
			return dateText{}
		}
		return dateText{form: formISO, day: Day(daysFromCivil(y, m, d)), year: y}
	}
	if a, b, y, ok := splitDate(date, '/', 1, 1, 4); ok {
		return dateText{form: formSlash, a: a, b: b, year: y}
	}
	return dateText{}
}

// splitDate reads three runs of digits separated by sep. With w0 = 4 the
// runs are 4, 2 and 2 digits (ISO); with w0 = 1 they are 1-2, 1-2 and 4.
func splitDate(s string, sep byte, w0, w1, w2 int) (p0, p1, p2 int, ok bool) {
	var parts [3]int
	var widths [3]int
	k := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if widths[k] == 4 {
				return 0, 0, 0, false
			}
			parts[k] = parts[k]*10 + int(c-'0')
			widths[k]++
		case c == sep && k < 2 && widths[k] > 0:
			k++
		default:
			return 0, 0, 0, false
		}
	}
	if k != 2 {
		return 0, 0, 0, false
	}
	if w0 == 4 {
		ok = widths[0] == 4 && widths[1] == 2 && widths[2] == 2
	} else {
		ok = widths[0] <= 2 && widths[1] <= 2 && widths[2] == 4
	}
	return parts[0], parts[1], parts[2], ok
}

// timeOfDay reports whether s looks like a time of day: digits with
// colons, a decimal point, and perhaps a zone (Z, +01:00).
func timeOfDay(s string) bool {
	if len(s) < 4 || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ':', c == '.', c == ',', c == 'Z', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// example is a value seen at a row, kept for a message.
type example struct {
	row int
	val string
}

func (e *example) set(row int, val string) {
	if e.row == 0 {
		*e = example{row, val}
	}
}

// dateCol gathers what a column's values say about how its dates are
// written, so that the column is read one way throughout (day first) and
// refused when that reading is not certain.
type dateCol struct {
	iso, slash example // first value in each form
	dayFirst   example // first slash value only day/month reads (first part over 12)
	monthFirst example // first slash value only month/day reads (second part over 12)
	either     example // first slash value both ways read, differently
}

// read returns the day s stands for, NoDay for a blank, or badDay with a
// message saying why s is not a date. monthly asks for the first of a
// month, written also as YYYY-MM.
func (c *dateCol) read(s string, row int, serials, monthly bool) (Day, string) {
	if s == "" {
		return NoDay, ""
	}
	if monthly && len(s) == 7 && s[4] == '-' {
		if y, m, _, ok := splitDate(s+"-01", '-', 4, 2, 2); ok && m >= 1 && m <= 12 {
			c.iso.set(row, s)
			return Day(daysFromCivil(y, m, 1)), ""
		}
	}
	t := scanDate(s, serials)
	var d Day
	switch t.form {
	case formBad:
		return badDay, notDate(s, monthly)
	case formISO:
		c.iso.set(row, s)
		d = t.day
	case formSerial:
		d = t.day
	case formSlash:
		c.slash.set(row, s)
		uk := validDate(t.year, t.b, t.a)
		us := validDate(t.year, t.a, t.b)
		if monthly {
			// The first of a month reads 01/MM/YYYY day first; MM/01/YYYY
			// read day first is not the first, whichever way it was meant.
			if !uk || t.a != 1 {
				return badDay, notDate(s, monthly)
			}
			return Day(daysFromCivil(t.year, t.b, 1)), ""
		}
		switch {
		case uk && us:
			if t.a != t.b {
				c.either.set(row, s)
			}
		case uk:
			c.dayFirst.set(row, s)
		case us:
			c.monthFirst.set(row, s)
			return badDay, "" // the column is refused as a whole
		default:
			return badDay, notDate(s, monthly)
		}
		d = Day(daysFromCivil(t.year, t.b, t.a))
	}
	if monthly && d.Date().Day != 1 {
		return badDay, quote(s) + " is not the first of a month; write the month as YYYY-MM (e.g. 2024-03)"
	}
	return d, ""
}

func notDate(s string, monthly bool) string {
	if monthly {
		return quote(s) + " is not a month; write YYYY-MM (e.g. 2024-03) or the first of the month as YYYY-MM-DD or DD/MM/YYYY"
	}
	return quote(s) + " is not a date; write YYYY-MM-DD (e.g. 2024-01-31) or DD/MM/YYYY (e.g. 31/01/2024)"
}

// refusal returns why the column's dates cannot be read with certainty,
// and the row to report it at, or "" if they can, and whether the reason
// is that they read both ways. dayFirst is Options.DayFirst.
func (c *dateCol) refusal(dayFirst bool) (row int, msg string, ambiguous bool) {
	switch {
	case c.iso.row > 0 && c.slash.row > 0:
		first, second := c.iso, c.slash
		if second.row < first.row {
			first, second = second, first
		}
		return second.row, "the column mixes YYYY-MM-DD (row " + strconv.Itoa(c.iso.row) + ": " + quote(c.iso.val) +
			") and DD/MM/YYYY (row " + strconv.Itoa(c.slash.row) + ": " + quote(c.slash.val) +
			"); write every date in a column the same way", false
	case c.dayFirst.row > 0 && c.monthFirst.row > 0:
		return max(c.dayFirst.row, c.monthFirst.row), "the column mixes day/month/year (row " + strconv.Itoa(c.dayFirst.row) + ": " +
			quote(c.dayFirst.val) + ") and month/day/year (row " + strconv.Itoa(c.monthFirst.row) + ": " + quote(c.monthFirst.val) +
			"); write every date as DD/MM/YYYY or YYYY-MM-DD", false
	case c.monthFirst.row > 0:
		return c.monthFirst.row, quote(c.monthFirst.val) + " is month/day/year (US) order, which is not accepted; " +
			"write dates as DD/MM/YYYY or YYYY-MM-DD", false
	case c.either.row > 0 && c.dayFirst.row == 0 && !dayFirst:
		return c.either.row, quote(c.either.val) + " and every other date in the column reads as day/month or month/day; " +
			"write dates as YYYY-MM-DD, or, if they are DD/MM/YYYY, say so (Options.DayFirst, --day-first)", true
	}
	return 0, "", false
}
