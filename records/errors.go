package records

import (
	"cmp"
	"errors"
	"slices"
	"strconv"

	"github.com/lotsim/lotsim/scenario"
)

// Sentinel errors that the *scenario.Error values of an ErrorList wrap,
// for programs that act on the kind of problem (errors.Is). Each error's
// message says, in words, what is wrong and what would be valid.
var (
	// ErrFormat reports a file that cannot be read as a table: not .csv or
	// .xlsx, broken CSV quoting, a workbook that does not open, an unknown
	// sheet.
	ErrFormat = errors.New("records: unreadable file")
	// ErrBadHeader reports a header row with an unknown, repeated or
	// missing column.
	ErrBadHeader = errors.New("records: bad header")
	// ErrBadValue reports a value that is not valid in its column: not a
	// date, not one of the names the column takes, not a count.
	ErrBadValue = errors.New("records: bad value")
	// ErrDateOrder reports a date column that cannot be read with
	// certainty: month/day/year order, a mix of forms, or dates that read
	// either way.
	ErrDateOrder = errors.New("records: dates in an unclear order")
	// ErrInconsistent reports values that do not fit together: an end
	// before a start, an outcome the dates contradict, a date after the
	// extract date.
	ErrInconsistent = errors.New("records: inconsistent row")
	// ErrNoReferrals reports a file with no data rows.
	ErrNoReferrals = errors.New("records: no referrals")
	// ErrTooMany reports a file over Options.MaxRows rows, or a column with
	// more distinct names than an Extract can index.
	ErrTooMany = errors.New("records: too many rows or names")
)

// maxProblems is how many problems an ErrorList shows; the rest are
// counted in one last error.
const maxProblems = 100

// Each problem depends on the date columns whose values it compares: if
// such a column is refused as a whole, its comparisons mean nothing and
// are dropped.
const (
	depReferral = 1 << iota
	depStart
	depEnd
	depMasks = 1 << iota // number of distinct dependency sets
)

// problems keeps the first maxProblems problems (in row order) of each
// dependency set, and counts the rest, in bounded memory however bad the
// file.
type problems struct {
	file string
	sets [depMasks]struct {
		kept  []*scenario.Error
		total int
	}
}

func (p *problems) add(dep int, row, col int, path, msg string, err error) {
	s := &p.sets[dep]
	s.total++
	if len(s.kept) < maxProblems {
		s.kept = append(s.kept, &scenario.Error{File: p.file, Row: row, Column: col, Path: path, Msg: msg, Err: err})
	}
}

// room reports whether a problem in dependency set dep would be kept, so
// that a caller can skip the work of describing one that would not (a
// did-you-mean search on each of a million bad rows).
func (p *problems) room(dep int) bool { return len(p.sets[dep].kept) < maxProblems }

// skip counts a problem in dependency set dep without describing it.
func (p *problems) skip(dep int) { p.sets[dep].total++ }

// list returns the problems found, less those depending on a refused
// column (a bit set of dep constants), sorted by row and column, the
// first maxProblems and a last error counting the others; nil if none.
func (p *problems) list(refused int) error {
	var all scenario.ErrorList
	total := 0
	for dep := range p.sets {
		if dep&refused != 0 {
			continue
		}
		all = append(all, p.sets[dep].kept...)
		total += p.sets[dep].total
	}
	if total == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b *scenario.Error) int {
		return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Msg, b.Msg))
	})
	if len(all) > maxProblems {
		all = all[:maxProblems]
	}
	if total > len(all) {
		all = append(all, &scenario.Error{File: p.file, Err: ErrBadValue,
			Msg: "and " + strconv.Itoa(total-len(all)) + " more problems not shown: the first " + strconv.Itoa(len(all)) + " are above"})
	}
	return all
}
