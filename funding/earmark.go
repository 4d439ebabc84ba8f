package funding

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Earmark ties part of a funder's contribution to one lot or one area:
// Essex's £75,000 of perpetrator match-funding is for perpetrator work
// (seed 004). Earmarked money counts toward the lot's allocation; it does
// not change the pool's allocation rules. It is a floor: in every year the
// lot's allocation must be at least the money earmarked to it, and the
// lots that cover an area together at least the money earmarked to that
// area (see CheckEarmarks).
//
// Exactly one of Lot and Area is set, and exactly one of Amount and Share:
// a fixed amount each year, or a percentage of the funder's contribution
// that year.
type Earmark struct {
	Lot  string // the lot's name, or "" for an area earmark
	Area string // the area's name, or "" for a lot earmark
	// Amount is the money earmarked each year, when Share is nil.
	Amount Money
	// Share, if not nil, is the percentage of the funder's contribution
	// each year that is earmarked: 100 for all of it.
	Share *decimal.Decimal
	// From and To bound the financial years the earmark applies in, both
	// included; zero means no bound.
	From, To FinancialYear
}

// Sentinel errors for earmarks, wrapped with context by Funder.Validate
// and CheckEarmarks.
var (
	// ErrBadEarmark reports an earmark that cannot hold: no lot or area,
	// both, a negative amount, a share outside 0% to 100%, years out of
	// order.
	ErrBadEarmark = errors.New("funding: invalid earmark")
	// ErrOverEarmarked reports earmarks of one funder that come to more
	// than its contribution in a year.
	ErrOverEarmarked = errors.New("funding: earmarks exceed the contribution")
	// ErrEarmarkShortfall reports a year in which the allocation gives a
	// lot, or the lots covering an area, less than the money earmarked to
	// them.
	ErrEarmarkShortfall = errors.New("funding: allocation below the money earmarked")
)

// Target names what e is tied to: "lot Perpetrator services" or "area
// Stoke-on-Trent".
func (e Earmark) Target() string {
	if e.Area != "" {
		return "area " + e.Area
	}
	return "lot " + e.Lot
}

// Applies reports whether e applies in year.
func (e Earmark) Applies(year FinancialYear) bool {
	return (e.From == 0 || year >= e.From) && (e.To == 0 || year <= e.To)
}

// For returns the money e earmarks in year from a contribution of c: £0
// outside its years; Amount, or Share% of c rounded down to the penny, so
// that shares adding up to at most 100% never earmark more than c.
func (e Earmark) For(c Money, year FinancialYear) Money {
	if !e.Applies(year) {
		return Money{}
	}
	if e.Share == nil {
		return e.Amount
	}
	exact := c.Decimal().Mul(*e.Share).Shift(-2)
	return FromDecimal(exact.Shift(2).Floor().Shift(-2))
}

// Earmarked returns the money each of f's earmarks ties up in year, in the
// order of f.Earmarks, from f's contribution that year. A year in which f
// pays nothing (not listed, or after it stops) earmarks nothing.
func (f Funder) Earmarked(year FinancialYear) []Money {
	c := f.Contribution(year)
	out := make([]Money, len(f.Earmarks))
	if c.IsZero() {
		return out
	}
	for i, e := range f.Earmarks {
		out[i] = e.For(c, year)
	}
	return out
}

// validateEarmarks reports every problem with f's earmarks: each one's own,
// and years in which they come to more than f's contribution.
func (f Funder) validateEarmarks() []error {
	var errs []error
	for i, e := range f.Earmarks {
		at := fmt.Sprintf("earmarks[%d]", i)
		switch {
		case e.Lot == "" && e.Area == "":
			errs = append(errs, fmt.Errorf("%s: %w: no lot or area; give lot: NAME or area: NAME", at, ErrBadEarmark))
		case e.Lot != "" && e.Area != "":
			errs = append(errs, fmt.Errorf("%s: %w: both lot %q and area %q; an earmark is for one lot or one area", at, ErrBadEarmark, e.Lot, e.Area))
		}
		switch {
		case e.Share != nil && !e.Amount.IsZero():
			errs = append(errs, fmt.Errorf("%s: %w: both an amount (%s) and a share (%s%%); give one", at, ErrBadEarmark, e.Amount, e.Share))
		case e.Share != nil && (e.Share.IsNegative() || e.Share.GreaterThan(hundred)):
			errs = append(errs, fmt.Errorf("%s: %w: share %s%%; want 0%% to 100%% of the funder's contribution", at, ErrBadEarmark, e.Share))
		case e.Share == nil && e.Amount.IsNegative():
			errs = append(errs, fmt.Errorf("%s: %w: amount %s; want £0 or more", at, ErrBadEarmark, e.Amount))
		}
		if e.From != 0 && e.To != 0 && e.To < e.From {
			errs = append(errs, fmt.Errorf("%s: %w: to %s is before from %s", at, ErrBadEarmark, e.To, e.From))
		}
	}
	if len(errs) > 0 || len(f.Earmarks) == 0 {
		return errs
	}
	years := map[FinancialYear]bool{}
	var order []FinancialYear
	for _, c := range f.Contributions {
		if !years[c.Year] {
			years[c.Year] = true
			order = append(order, c.Year)
		}
	}
	for _, y := range order {
		c := f.Contribution(y)
		var sum Money
		for _, m := range f.Earmarked(y) {
			sum = sum.Add(m)
		}
		if sum.Cmp(c) > 0 {
			errs = append(errs, fmt.Errorf("earmarks: %w: they tie up %s in %s, %s more than the contribution of %s that year; lower an earmark or give it from/to years",
				ErrOverEarmarked, sum, y, sum.Sub(c), c))
		}
	}
	return errs
}

// LotArea is what CheckEarmarks needs of a lot: its name and the areas it
// covers (empty: every area).
type LotArea struct {
	Name  string
	Areas []string
}

// covers reports whether l serves area.
func (l LotArea) covers(area string) bool {
	if len(l.Areas) == 0 {
		return true
	}
	for _, a := range l.Areas {
		if a == area {
			return true
		}
	}
	return false
}

// EarmarkSplit is the pool's money in one year split into the money
// earmarked and the general rest, to the penny.
type EarmarkSplit struct {
	Year FinancialYear
	// Lots[i] is lot i's money: the part earmarked to it by each funder,
	// and the general part; they add up to its allocation exactly.
	Lots []LotSplit
	// Areas lists each area with money earmarked to it.
	Areas []AreaSplit
	// Earmarked is every earmark of every funder that year, to lots and
	// to areas, and General the pool's total less Earmarked; they add up
	// to the pool's total exactly.
	Earmarked, General Money
}

// LotSplit is one lot's allocation in a year, split.
type LotSplit struct {
	Lot        string
	Allocation Money
	Earmarked  []FunderMoney // by funder, in the pool's order; only funders with money earmarked
	General    Money         // Allocation less the earmarked money
}

// AreaSplit is the money earmarked to one area in a year, and the lots
// that cover it with their money together.
type AreaSplit struct {
	Area      string
	Earmarked []FunderMoney
	// Lots are the lots covering the area; Required is the money
	// earmarked to the area plus the money earmarked to those lots, and
	// Allocation their allocations together, which must be at least
	// Required.
	Lots                 []string
	Required, Allocation Money
}

// FunderMoney is money from one funder.
type FunderMoney struct {
	Funder string
	Amount Money
}

// SplitEarmarks splits year's allocation (parts[i] is the money of
// lots[i]) into earmarked and general money, by each funder's earmarks
// that year. It checks nothing; CheckEarmarks does. Earmarks naming no lot
// in lots, or an area no lot covers, count toward the pool's earmarked
// money only. It panics if parts and lots differ in length.
func SplitEarmarks(p Pool, year FinancialYear, lots []LotArea, parts []Money) EarmarkSplit {
	if len(parts) != len(lots) {
		panic("funding: SplitEarmarks: parts and lots differ in length")
	}
	s := EarmarkSplit{Year: year, Lots: make([]LotSplit, len(lots))}
	for i, l := range lots {
		s.Lots[i] = LotSplit{Lot: l.Name, Allocation: parts[i], General: parts[i]}
	}
	areaAt := map[string]int{}
	for _, f := range p.Funders {
		for k, m := range f.Earmarked(year) {
			if m.IsZero() {
				continue
			}
			s.Earmarked = s.Earmarked.Add(m)
			e := f.Earmarks[k]
			if e.Area != "" {
				j, ok := areaAt[e.Area]
				if !ok {
					j = len(s.Areas)
					areaAt[e.Area] = j
					s.Areas = append(s.Areas, AreaSplit{Area: e.Area})
				}
				s.Areas[j].Earmarked = addFunder(s.Areas[j].Earmarked, f.Name, m)
				s.Areas[j].Required = s.Areas[j].Required.Add(m)
				continue
			}
			for i, l := range lots {
				if l.Name == e.Lot {
					s.Lots[i].Earmarked = addFunder(s.Lots[i].Earmarked, f.Name, m)
					s.Lots[i].General = s.Lots[i].General.Sub(m)
					break
				}
			}
		}
	}
	for j := range s.Areas {
		a := &s.Areas[j]
		for i, l := range lots {
			if l.covers(a.Area) {
				a.Lots = append(a.Lots, l.Name)
				a.Allocation = a.Allocation.Add(parts[i])
				a.Required = a.Required.Add(s.Lots[i].Allocation.Sub(s.Lots[i].General))
			}
		}
	}
	s.General = p.Total(year).Sub(s.Earmarked)
	return s
}

// addFunder adds m to funder's entry in list, keeping the order funders
// first appear in.
func addFunder(list []FunderMoney, funder string, m Money) []FunderMoney {
	for i := range list {
		if list[i].Funder == funder {
			list[i].Amount = list[i].Amount.Add(m)
			return list
		}
	}
	return append(list, FunderMoney{Funder: funder, Amount: m})
}

// Shortfall is a year in which the allocation gives a lot, or the lots
// covering an area, less than the money earmarked to them.
type Shortfall struct {
	Year FinancialYear
	// Lot or Area names what is short; Funders the funders whose
	// earmarks it carries.
	Lot, Area string
	Funders   []string
	// Earmarked is the money earmarked (for an area, to the area and to
	// the lots covering it), Allocated the allocation (for an area, of
	// the lots covering it together).
	Earmarked, Allocated Money
}

// Error says what is short, by how much, and what would fix it.
func (s Shortfall) Error() string {
	what := "lot " + s.Lot + " is allocated"
	fix := "raise the lot's allocation, or lower the earmark"
	if s.Area != "" {
		what = "the lots covering area " + s.Area + " are allocated"
		fix = "raise the allocation of the lots covering the area, or lower the earmark"
	}
	verb := "earmark"
	if len(s.Funders) == 1 {
		verb = "earmarks"
	}
	return fmt.Sprintf("%s: %s %s but %s %s %s to it, %s more; %s",
		s.Year, what, s.Allocated, joinNames(s.Funders), verb, s.Earmarked, s.Earmarked.Sub(s.Allocated), fix)
}

// Unwrap returns ErrEarmarkShortfall.
func (s Shortfall) Unwrap() error { return ErrEarmarkShortfall }

// joinNames lists names as "A", "A and B" or "A, B and C" (joinAnd),
// and no names as "no funder".
func joinNames(names []string) string {
	if len(names) == 0 {
		return "no funder"
	}
	return joinAnd(names)
}

// CheckEarmarks returns every shortfall of year's allocation (parts[i] is
// the money of lots[i]) below the money earmarked: a lot given less than
// the funders earmark to it, or an area whose covering lots together are
// given less than the money earmarked to the area and to those lots. A lot
// covering several areas counts its whole allocation toward each. The
// result is nil when every earmark is met. It panics if parts and lots
// differ in length.
func CheckEarmarks(p Pool, year FinancialYear, lots []LotArea, parts []Money) []Shortfall {
	s := SplitEarmarks(p, year, lots, parts)
	var out []Shortfall
	for _, l := range s.Lots {
		if l.General.IsNegative() {
			out = append(out, Shortfall{Year: year, Lot: l.Lot, Funders: funderNames(l.Earmarked),
				Earmarked: l.Allocation.Sub(l.General), Allocated: l.Allocation})
		}
	}
	for _, a := range s.Areas {
		if a.Allocation.Cmp(a.Required) < 0 {
			out = append(out, Shortfall{Year: year, Area: a.Area, Funders: funderNames(a.Earmarked),
				Earmarked: a.Required, Allocated: a.Allocation})
		}
	}
	return out
}

// funderNames returns the funders of list.
func funderNames(list []FunderMoney) []string {
	out := make([]string, len(list))
	for i, f := range list {
		out[i] = f.Funder
	}
	return out
}
