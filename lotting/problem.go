package lotting

import (
	"errors"
	"strings"
)

// Sentinel errors for what Validate methods find. Every problem they report
// is a *Problem wrapping one of these, so callers can sort problems with
// errors.Is.
var (
	ErrBadLot         = errors.New("lotting: bad lot")
	ErrBadDemand      = errors.New("lotting: bad demand")
	ErrBadStructure   = errors.New("lotting: bad structure")
	ErrBadRule        = errors.New("lotting: bad routing rule")
	ErrFrontDoor      = errors.New("lotting: bad front door")
	ErrUnknownLot     = errors.New("lotting: unknown lot")
	ErrUnknownArea    = errors.New("lotting: unknown area")
	ErrGap            = errors.New("lotting: referrals with no route")
	ErrOverlap        = errors.New("lotting: referrals with two routes")
	ErrUnreachable    = errors.New("lotting: lot that no referral reaches")
	ErrAreaNotCovered = errors.New("lotting: referrals sent to a lot that does not cover their area")
)

// Problem is one thing wrong with a lot, a demand or a structure. Its Error
// reads "<sentinel>: <path>: <message>"; a loader that reports the path its
// own way (with a line number, say) can print Err and Msg instead.
type Problem struct {
	// Path locates the problem in scenario terms, e.g. "routing[2]",
	// "lots[0].service.caseworkers.fte", "demand.streams[1].risk_mix".
	// Lot.Validate and Demand.Validate give paths relative to the lot or
	// demand ("service.caseworkers.fte", "streams[1].risk_mix");
	// Structure.Validate gives full paths. Empty when the problem is the
	// whole thing.
	Path string
	// Err is the sentinel: ErrGap, ErrOverlap, ErrBadLot and so on.
	Err error
	// Msg says what is wrong, naming the thing, and what would be valid.
	Msg string
	// Cause is an underlying error, such as one from Distribution.Validate;
	// nil if there is none. Its text is already part of Msg.
	Cause error
}

// Error returns the sentinel's text, the path and the message.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Err != nil {
		b.WriteString(p.Err.Error())
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Unwrap returns the sentinel and the cause, if any, for errors.Is and
// errors.As.
func (p *Problem) Unwrap() []error {
	if p.Cause != nil {
		return []error{p.Err, p.Cause}
	}
	return []error{p.Err}
}

// problems collects Problems in the order they are found.
type problems []error

func (ps *problems) add(path string, sentinel error, msg string) {
	*ps = append(*ps, &Problem{Path: path, Err: sentinel, Msg: msg})
}

func (ps *problems) addCause(path string, sentinel error, msg string, cause error) {
	*ps = append(*ps, &Problem{Path: path, Err: sentinel, Msg: msg + ": " + strings.TrimPrefix(cause.Error(), "lotting: "), Cause: cause})
}

// join returns nil for no problems, and otherwise an error joining them all
// (errors.Join), which Structure.Validate flattens again with Split.
func (ps problems) join() error { return errors.Join(ps...) }

// Split returns the problems joined in err: the errors inside an
// errors.Join (as Lot.Validate and Demand.Validate return), each *Problem
// on its own; a single error as a one-element list; nil for nil.
func Split(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, isProblem := err.(*Problem); !isProblem {
			var out []error
			for _, e := range j.Unwrap() {
				out = append(out, Split(e)...)
			}
			return out
		}
	}
	return []error{err}
}

// rebase returns the problems with prefix joined to their paths.
func rebase(prefix string, errs []error) []error {
	out := make([]error, 0, len(errs))
	for _, e := range errs {
		p, ok := e.(*Problem)
		if !ok {
			out = append(out, e)
			continue
		}
		q := *p
		switch {
		case q.Path == "":
			q.Path = prefix
		case strings.HasPrefix(q.Path, "["):
			q.Path = prefix + q.Path
		default:
			q.Path = prefix + "." + q.Path
		}
		out = append(out, &q)
	}
	return out
}
