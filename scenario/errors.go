package scenario

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
)

// Sentinel errors an *Error wraps, for programs that act on the kind
// of problem (errors.Is). The message of each Error says, in words,
// what is wrong and what would be valid.
var (
	// ErrSyntax reports a file that is not well-formed YAML.
	ErrSyntax = errors.New("lotsim: YAML syntax error")
	// ErrTooLarge reports a file over MaxFileSize bytes.
	ErrTooLarge = errors.New("lotsim: scenario file too large")
	// ErrEmpty reports a file with no content.
	ErrEmpty = errors.New("lotsim: empty scenario file")
	// ErrMultipleDocuments reports a file holding more than one YAML document.
	ErrMultipleDocuments = errors.New("lotsim: more than one YAML document")
	// ErrAlias reports a YAML anchor, alias or explicit tag: a scenario is
	// written out in full, so that what is read is what is meant.
	ErrAlias = yamlnode.ErrAlias
	// ErrUnknownKey reports a key the format does not have.
	ErrUnknownKey = yamlnode.ErrUnknownKey
	// ErrMissing reports a required key that is absent or has no value.
	ErrMissing = yamlnode.ErrMissing
	// ErrType reports a value of the wrong shape: text where a number is
	// wanted, a list where a mapping is wanted, and so on.
	ErrType = yamlnode.ErrType
	// ErrInvalid reports a value of the right shape that is not allowed: out
	// of range, in the wrong order, inconsistent with another value.
	ErrInvalid = yamlnode.ErrInvalid
	// ErrDuplicate reports a name, key or year given twice.
	ErrDuplicate = yamlnode.ErrDuplicate
	// ErrUnknownName reports a reference to an area, lot or contract that the
	// scenario does not declare.
	ErrUnknownName = errors.New("lotsim: unknown name")
	// ErrTooMuchDemand reports a scenario whose simulation would bring more
	// than MaxPeoplePerReplication people into one replication: more than
	// any partnership sees, and more than a run can take in time and memory.
	ErrTooMuchDemand = errors.New("lotsim: demand too large to simulate")
)

// Error is one problem in a scenario file (or, for the records a scenario
// is fitted to, a table), with where it is and which field it concerns.
//
// It is the shape every lotsim error about an input takes: where (File,
// then Line and Column for YAML, or Row and Column for a table), which
// field (Path), what is wrong and what would be valid (Msg), and the kind
// of problem (Err, for errors.Is and errors.As). The model packages' own
// errors follow the same pattern without a file: lotting.Problem and
// simulate.ModelError carry Path, Msg and Err; funding.ParseError carries
// the text, Err and what would be valid.
type Error struct {
	File   string // file name as given to Load or Parse
	Line   int    // 1-based line of a YAML file; 0 for a table, or if the problem concerns the whole file
	Row    int    // 1-based row of a table as a spreadsheet numbers it, the header row being 1; 0 for YAML
	Column int    // 1-based column (of the line, or of the row); 0 if unknown
	Path   string // field path, e.g. funders[2].contributions[0].amount, or a table's column name; "" for the file
	Msg    string // what is wrong and what would be valid
	Err    error  // the underlying error: a sentinel of this package or of funding or lotting
}

// ScenarioError is the name Error had in package lotsim.
//
// Deprecated: use Error.
type ScenarioError = Error

// Error formats e as file:line:column: path: message for YAML, or
// file: row R, column C: path: message for a table, leaving out the parts
// that are unknown.
func (e *Error) Error() string {
	var where []string
	if e.File != "" {
		where = append(where, e.File)
	}
	var b strings.Builder
	switch {
	case e.Row > 0:
		b.WriteString(strings.Join(where, ":"))
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString("row " + strconv.Itoa(e.Row))
		if e.Column > 0 {
			b.WriteString(", column " + strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	default:
		if e.Line > 0 {
			where = append(where, strconv.Itoa(e.Line))
			if e.Column > 0 {
				where = append(where, strconv.Itoa(e.Column))
			}
		}
		if len(where) > 0 {
			b.WriteString(strings.Join(where, ":"))
			b.WriteString(": ")
		}
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every problem found in one scenario file, in order of
// position. Load and Parse return a non-empty ErrorList, never an empty one.
type ErrorList []*Error

// Error returns the problems one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.Is and errors.As look at each.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort orders l by position, then path and message, so that the order does
// not depend on the order in which the checks ran.
func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Row, b.Row),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}
