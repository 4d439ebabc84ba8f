package funding

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// UpliftKind is the kind of price uplift clause in a contract.
type UpliftKind int

// The kinds of uplift. The zero value is None.
const (
	// None: the contract value stays flat in cash, and so falls in real
	// terms (the concern of seed 000's scrutiny committee).
	None UpliftKind = iota
	// Fixed: the annual value rises by Uplift.Rate percent each contract
	// year.
	Fixed
	// CPI: the annual value rises by the inflation of the financial year
	// before each contract year starts, within Uplift.Floor and Uplift.Cap.
	CPI
)

var upliftKindNames = [...]string{None: "none", Fixed: "fixed", CPI: "cpi"}

// String returns the kind as a scenario file spells it: "none", "fixed" or
// "cpi".
func (k UpliftKind) String() string {
	if k >= 0 && int(k) < len(upliftKindNames) {
		return upliftKindNames[k]
	}
	return fmt.Sprintf("UpliftKind(%d)", int(k))
}

// Uplift is a contract's price uplift clause. The zero value is no uplift.
// An uplift applies from the second contract year on, compounding.
type Uplift struct {
	Kind UpliftKind
	// Rate is the yearly uplift in percent (2 for "2%"), for Fixed.
	Rate decimal.Decimal
	// Cap and Floor bound a CPI uplift in percent; nil means unbounded.
	Cap, Floor *decimal.Decimal
}

// Sentinel errors returned, wrapped with context, by Uplift.Validate and
// Inflation.Validate.
var (
	// ErrBadUplift reports an uplift clause that cannot hold.
	ErrBadUplift = errors.New("funding: invalid uplift")
	// ErrBadInflation reports an inflation rate of -100% or less, which
	// would make prices vanish.
	ErrBadInflation = errors.New("funding: invalid inflation rate")
)

// minusHundred is -100%, below which no rate can go.
var minusHundred = decimal.NewFromInt(-100)

// Validate reports an unknown kind, a rate of -100% or less, or a CPI cap
// below its floor, wrapping ErrBadUplift.
func (u Uplift) Validate() error {
	switch u.Kind {
	case None:
	case Fixed:
		if !u.Rate.GreaterThan(minusHundred) {
			return fmt.Errorf("%w: fixed rate %s%%; want more than -100%%", ErrBadUplift, u.Rate)
		}
	case CPI:
		if u.Cap != nil && u.Floor != nil && u.Cap.LessThan(*u.Floor) {
			return fmt.Errorf("%w: CPI cap %s%% is below its floor %s%%", ErrBadUplift, u.Cap, u.Floor)
		}
		if u.Floor != nil && !u.Floor.GreaterThan(minusHundred) {
			return fmt.Errorf("%w: CPI floor %s%%; want more than -100%%", ErrBadUplift, u.Floor)
		}
	default:
		return fmt.Errorf("%w: kind %v; want none, fixed or cpi", ErrBadUplift, u.Kind)
	}
	return nil
}

// Percent returns the uplift, in percent, for a contract year starting in
// financial year fy: 0 for None, Rate for Fixed, and for CPI the inflation
// rate of the financial year before fy, raised to Floor and lowered to Cap.
// (Values applies it from the second contract year on.)
func (u Uplift) Percent(fy FinancialYear, inf Inflation) decimal.Decimal {
	switch u.Kind {
	case Fixed:
		return u.Rate
	case CPI:
		r := inf.Rate(fy - 1)
		if u.Floor != nil && r.LessThan(*u.Floor) {
			r = *u.Floor
		}
		if u.Cap != nil && r.GreaterThan(*u.Cap) {
			r = *u.Cap
		}
		return r
	}
	return decimal.Zero
}

// String describes the clause: "no uplift", "2% a year", "CPI, at least
// 0%, at most 3%".
func (u Uplift) String() string {
	switch u.Kind {
	case None:
		return "no uplift"
	case Fixed:
		return percent(u.Rate) + " a year"
	case CPI:
		s := "CPI"
		if u.Floor != nil {
			s += ", at least " + percent(*u.Floor)
		}
		if u.Cap != nil {
			s += ", at most " + percent(*u.Cap)
		}
		return s
	}
	return u.Kind.String()
}

// Inflation is a price inflation series by financial year, in percent: the
// rise in prices over each year. The zero value is no inflation.
type Inflation struct {
	Rates   map[FinancialYear]decimal.Decimal // percent, 2.5 for "2.5%"
	Default decimal.Decimal                   // percent, for years not in Rates
}

// Rate returns the inflation of year y in percent: Rates[y] if listed,
// otherwise Default.
func (inf Inflation) Rate(y FinancialYear) decimal.Decimal {
	if r, ok := inf.Rates[y]; ok {
		return r
	}
	return inf.Default
}

// Validate reports a rate of -100% or less, wrapping ErrBadInflation.
func (inf Inflation) Validate() error {
	if !inf.Default.GreaterThan(minusHundred) {
		return fmt.Errorf("%w: default %s%%; want more than -100%%", ErrBadInflation, inf.Default)
	}
	for y, r := range inf.Rates {
		if !r.GreaterThan(minusHundred) {
			return fmt.Errorf("%w: %s: %s%%; want more than -100%%", ErrBadInflation, y, r)
		}
	}
	return nil
}

// ratio returns the price level of y relative to base as an exact
// fraction num/den: the product of (1 + rate/100) over the years after
// base up to y, or its reciprocal if y is before base.
func (inf Inflation) ratio(base, y FinancialYear) (num, den decimal.Decimal) {
	num, den = decimal.NewFromInt(1), decimal.NewFromInt(1)
	one := decimal.NewFromInt(1)
	for k := base + 1; k <= y; k++ {
		num = num.Mul(one.Add(inf.Rate(k).Shift(-2)))
	}
	for k := y + 1; k <= base; k++ {
		den = den.Mul(one.Add(inf.Rate(k).Shift(-2)))
	}
	return num, den
}

// Index returns the price level of financial year y relative to base,
// compounding each year's rate: with 2.5% in 2019/20 and 1.8% in 2020/21,
// Index(2018, 2020) is 1.025 × 1.018 = 1.04345. A year before base gives
// the reciprocal. The result is exact, rounded half to even at 12 places;
// it is 0 if a rate is -100% or less (see Validate).
func (inf Inflation) Index(base, y FinancialYear) decimal.Decimal {
	num, den := inf.ratio(base, y)
	if num.Sign() <= 0 || den.Sign() <= 0 {
		return decimal.Zero
	}
	return divBank(num, den, 12)
}

// Real returns cash paid in financial year year in the prices of base:
// cash divided by Index(base, year), computed from the exact index and
// rounded half to even to the penny. It returns £0 if a rate is -100% or
// less (see Validate).
func (inf Inflation) Real(cash Money, year, base FinancialYear) Money {
	num, den := inf.ratio(base, year)
	if num.Sign() <= 0 || den.Sign() <= 0 {
		return Money{}
	}
	return FromDecimal(divBank(cash.Decimal().Mul(den), num, 2))
}

// YearValue is the value of one contract year, in cash and in real terms.
type YearValue struct {
	Year ContractYear
	// FinancialYear is the financial year in which the contract year
	// starts; its price level deflates the cash.
	FinancialYear FinancialYear
	Cash, Real    Money // rounded half to even to the penny
}

// Values returns the value of each contract year (to Terms.End, or
// Terms.MaxEnd if maxTerm is true) of a contract worth annual in its first
// year. From the second contract year on, the annual value rises by the
// uplift for the financial year in which that contract year starts,
// compounding. A part year is worth its Fraction of the year's annual
// value, computed exactly from its months or days. Cash is rounded to the
// penny only at the end; Real deflates each year's cash to base prices by
// the financial year in which the contract year starts.
func Values(annual Money, t Terms, u Uplift, inf Inflation, base FinancialYear, maxTerm bool) []YearValue {
	out := cashValues(annual, t.ContractYears(maxTerm), u, inf)
	for i, v := range out {
		out[i].Real = inf.Real(v.Cash, v.FinancialYear, base)
	}
	return out
}

// cashValues returns the values of the contract years in cash, leaving
// Real zero.
func cashValues(annual Money, years []ContractYear, u Uplift, inf Inflation) []YearValue {
	out := make([]YearValue, 0, len(years))
	level := annual.Decimal() // exact annual value of the current contract year
	one := decimal.NewFromInt(1)
	for _, cy := range years {
		fy := FinancialYearOf(cy.Start)
		if cy.Index > 1 {
			level = level.Mul(one.Add(u.Percent(fy, inf).Shift(-2)))
		}
		num, den := yearFraction(cy)
		cash := FromDecimal(divBank(level.Mul(decimal.NewFromInt(num)), decimal.NewFromInt(den), 2))
		out = append(out, YearValue{Year: cy, FinancialYear: fy, Cash: cash})
	}
	return out
}

// TotalValue returns the total contract value in cash over the initial
// term and over the maximum term (every extension taken), as Values
// computes each year; it is £0 for terms with no valid start or initial
// term.
func TotalValue(annual Money, t Terms, u Uplift, inf Inflation) (initial, max Money) {
	for _, v := range cashValues(annual, contractYears(t.Start, t.InitialEnd()), u, inf) {
		initial = initial.Add(v.Cash)
	}
	for _, v := range cashValues(annual, t.ContractYears(true), u, inf) {
		max = max.Add(v.Cash)
	}
	return initial, max
}
