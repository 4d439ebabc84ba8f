package funding

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// Pool is a pooled budget: the contributions of several funders combined.
// Funders keep the order they are given in.
type Pool struct {
	Funders []Funder
}

// Years returns every financial year in which any funder lists a
// contribution, in order, each once.
func (p Pool) Years() []FinancialYear {
	var years []FinancialYear
	for _, f := range p.Funders {
		for _, c := range f.Contributions {
			years = append(years, c.Year)
		}
	}
	slices.Sort(years)
	return slices.Compact(years)
}

// Total returns the sum of all funders' contributions in year (see
// Funder.Contribution).
func (p Pool) Total(year FinancialYear) Money {
	var total Money
	for _, f := range p.Funders {
		total = total.Add(f.Contribution(year))
	}
	return total
}

// Share returns the contribution of the funder at funderIndex in year as a
// part of the pool's total that year. It panics if funderIndex is out of
// range.
func (p Pool) Share(funderIndex int, year FinancialYear) Share {
	return Share{Part: p.Funders[funderIndex].Contribution(year), Whole: p.Total(year)}
}

// AtRisk returns the sum of the contributions in year of funders whose
// status is AtRisk. Money from a Stopping funder is not counted: its end is
// known, not a risk.
func (p Pool) AtRisk(year FinancialYear) Money {
	var total Money
	for _, f := range p.Funders {
		if f.Status.Kind == AtRisk {
			total = total.Add(f.Contribution(year))
		}
	}
	return total
}

// Validate reports every problem with the pool, joined with errors.Join: no
// funders, a funder without a name or with another's name, and each
// funder's own problems (see Funder.Validate), prefixed with the funder's
// position and name. Each problem wraps a sentinel error.
func (p Pool) Validate() error {
	if len(p.Funders) == 0 {
		return fmt.Errorf("%w: a pool needs at least one funder", ErrNoFunders)
	}
	var errs []error
	names := make(map[string]int, len(p.Funders))
	for i, f := range p.Funders {
		switch j, dup := names[f.Name]; {
		case f.Name == "":
			errs = append(errs, fmt.Errorf("funders[%d]: %w: the funder has no name", i, ErrFunderName))
		case dup:
			errs = append(errs, fmt.Errorf("funders[%d]: %w: %q is also funders[%d]", i, ErrFunderName, f.Name, j))
		default:
			names[f.Name] = i
		}
		if err := f.Validate(); err != nil {
			for _, e := range unjoin(err) {
				errs = append(errs, fmt.Errorf("funders[%d] (%q): %w", i, f.Name, e))
			}
		}
	}
	return errors.Join(errs...)
}

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// Share is one amount as a part of a whole: a funder's contribution and the
// pool's total. Keeping both amounts, rather than a rounded percentage, lets
// a report show the share to any precision and check it against a stated
// figure.
type Share struct {
	Part, Whole Money
}

// Percent returns the part as a percentage of the whole, rounded half to
// even at places decimal places: Share{£670,490, £2,230,970}.Percent(2) is
// 30.05. A share of a £0 whole is 0.
func (s Share) Percent(places int32) decimal.Decimal {
	if s.Whole.IsZero() {
		return decimal.Zero
	}
	return divBank(s.Part.Decimal().Mul(hundred), s.Whole.Decimal(), places)
}

// Equal reports whether s and o have equal parts and equal wholes.
func (s Share) Equal(o Share) bool {
	return s.Part.Equal(o.Part) && s.Whole.Equal(o.Whole)
}

// String formats the share as "£670,490.00 of £2,230,970.00 (30.05%)".
func (s Share) String() string {
	return fmt.Sprintf("%s of %s (%s%%)", s.Part, s.Whole, s.Percent(2).StringFixed(2))
}
