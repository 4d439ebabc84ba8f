package funding

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// StatusKind says how sure a funder's money is.
type StatusKind int

// The kinds of funding status. The zero value is Confirmed.
const (
	// Confirmed money is expected for every year listed.
	Confirmed StatusKind = iota
	// AtRisk money may be withdrawn: a grant not yet confirmed, a
	// settlement for one year only. Status.WithdrawalProbability says how
	// likely that is in any one year.
	AtRisk
	// Stopping money ends from a known financial year, Status.StopsFrom,
	// as the West Midlands PCC's contribution to Coventry did (seed 002).
	Stopping
)

var statusKindNames = [...]string{
	Confirmed: "confirmed",
	AtRisk:    "at_risk",
	Stopping:  "stopping",
}

// String returns the kind as a scenario file spells it: "confirmed",
// "at_risk" or "stopping".
func (k StatusKind) String() string {
	if k >= 0 && int(k) < len(statusKindNames) {
		return statusKindNames[k]
	}
	return fmt.Sprintf("StatusKind(%d)", int(k))
}

// Status is how sure a funder's money is. The zero value is confirmed.
type Status struct {
	Kind StatusKind
	// WithdrawalProbability is the probability, per financial year, that
	// money at risk is withdrawn (0 to 1). It is read only for AtRisk.
	WithdrawalProbability float64
	// StopsFrom is the first financial year with no money. It is read
	// only for Stopping.
	StopsFrom FinancialYear
}

// Contribution is the amount a funder puts into the pool in one financial
// year.
type Contribution struct {
	Year   FinancialYear
	Amount Money
}

// Funder is a body that pays into a pooled budget: a county or city
// council, a Police (Fire) and Crime Commissioner, health, probation.
type Funder struct {
	Name   string // e.g. "Staffordshire County Council"; unique in a pool
	Source string // where the money comes from, e.g. "Victims Fund"; optional
	Lead   bool   // the lead commissioner, who runs the procurement
	// Contributions lists the amount for each financial year, at most one
	// per year.
	Contributions []Contribution
	Status        Status
	// StatedShare is the funder's share of the pool in percent, as a
	// document states it (31 for "31%"), or nil if none is stated. Its
	// number of decimal places is the precision it was stated to: "31"
	// is checked to the whole percent, "31.1" to a tenth.
	StatedShare *decimal.Decimal
	// Earmarks tie parts of the contributions to lots or areas; none
	// means all of the funder's money is general money for the pool's
	// rules to share.
	Earmarks []Earmark
}

// Sentinel errors returned, wrapped with context, by Funder.Validate and
// Pool.Validate.
var (
	// ErrNoFunders reports a pool with no funders.
	ErrNoFunders = errors.New("funding: pool has no funders")
	// ErrFunderName reports a funder with no name or with the name of
	// another funder in the same pool.
	ErrFunderName = errors.New("funding: funder names must be present and unique")
	// ErrNegativeContribution reports a contribution below £0.
	ErrNegativeContribution = errors.New("funding: negative contribution")
	// ErrDuplicateYear reports two contributions from one funder for the
	// same financial year.
	ErrDuplicateYear = errors.New("funding: more than one contribution for a year")
	// ErrBadStatus reports a funding status that cannot hold: a withdrawal
	// probability outside 0 to 1, a stopping funder with no year it stops,
	// an unknown kind.
	ErrBadStatus = errors.New("funding: invalid funding status")
	// ErrBadShare reports a stated share outside 0% to 100%.
	ErrBadShare = errors.New("funding: stated share outside 0% to 100%")
)

// Contribution returns the amount f pays in year: £0 if f lists nothing for
// that year, and £0 from Status.StopsFrom on if f is Stopping. If f lists a
// year twice (which Validate reports) the amounts are added.
func (f Funder) Contribution(year FinancialYear) Money {
	var total Money
	if f.Status.Kind == Stopping && year >= f.Status.StopsFrom {
		return total
	}
	for _, c := range f.Contributions {
		if c.Year == year {
			total = total.Add(c.Amount)
		}
	}
	return total
}

// Validate reports every problem with f, joined with errors.Join: negative
// contributions, a year listed twice, an impossible status, a stated share
// outside 0% to 100%, earmarks that cannot hold or that come to more than
// the contribution in a year. Each problem wraps one of the sentinel errors above.
// A funder's name is checked by Pool.Validate.
func (f Funder) Validate() error {
	var errs []error
	seen := make(map[FinancialYear]int, len(f.Contributions))
	for i, c := range f.Contributions {
		if c.Amount.IsNegative() {
			errs = append(errs, fmt.Errorf("contributions[%d] (%s): %w: %s; a contribution must be £0 or more",
				i, c.Year, ErrNegativeContribution, c.Amount))
		}
		if j, dup := seen[c.Year]; dup {
			errs = append(errs, fmt.Errorf("contributions[%d]: %w: %s is also contributions[%d]; list each year once",
				i, ErrDuplicateYear, c.Year, j))
		} else {
			seen[c.Year] = i
		}
	}
	switch f.Status.Kind {
	case Confirmed:
	case AtRisk:
		p := f.Status.WithdrawalProbability
		if !(p >= 0 && p <= 1) { // also catches NaN
			errs = append(errs, fmt.Errorf("status: %w: withdrawal probability %v; want a probability per year from 0 to 1 (10%% is 0.1)",
				ErrBadStatus, p))
		}
	case Stopping:
		if f.Status.StopsFrom == 0 {
			errs = append(errs, fmt.Errorf("status: %w: stopping, but no financial year it stops from (e.g. 2024/25)", ErrBadStatus))
		}
	default:
		errs = append(errs, fmt.Errorf("status: %w: kind %v; want confirmed, at_risk or stopping", ErrBadStatus, f.Status.Kind))
	}
	if s := f.StatedShare; s != nil && (s.IsNegative() || s.GreaterThan(hundred)) {
		errs = append(errs, fmt.Errorf("stated share: %w: %s%%", ErrBadShare, s))
	}
	errs = append(errs, f.validateEarmarks()...)
	return errors.Join(errs...)
}

// hundred is 100, for percentages.
var hundred = decimal.NewFromInt(100)
