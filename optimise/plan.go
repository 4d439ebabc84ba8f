package optimise

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
)

// space is the set of plans the optimiser chooses among: the money of the
// moved lots in the first contract year, cut into whole steps and shared
// out between them. A plan is the steps each moved lot gets.
type space struct {
	base  *scenario.Scenario
	moved []int // indices in base.Structure.Lots of the lots the optimiser moves
	// pool is the first contract year's pool, movedMoney the part of it
	// today's rules give the moved lots, step the money of one step and
	// units the whole steps in movedMoney. The leftover, movedMoney −
	// units × step, goes to the last moved lot.
	pool, movedMoney, step funding.Money
	units                  int
	firstYear              funding.FinancialYear
	// floors are the fewest steps each moved lot may have, so that it
	// keeps the money earmarked to it (setFloors); earmarked says whether
	// any funder earmarks money.
	floors    []int
	earmarked bool
}

// plan is the number of steps each moved lot gets, in the order of
// space.moved; they add up to space.units. The nil plan is today's
// allocation exactly as the scenario gives it.
type plan []int

// key names a plan for caching.
func (p plan) key() string {
	if p == nil {
		return "today"
	}
	parts := make([]string, len(p))
	for i, u := range p {
		parts[i] = strconv.Itoa(u)
	}
	return strings.Join(parts, ",")
}

// movable reports whether money buys lot i's capacity in the first
// contract year (starting on day, in financial year fy) and the lot has a
// wait target to meet, and why not.
func movable(s *scenario.Scenario, i int, day funding.Date, fy funding.FinancialYear) (bool, string) {
	l := s.Structure.Lots[i]
	if len(l.WaitTargets) == 0 {
		return false, "it has no wait targets, so no target says how much it needs"
	}
	if len(l.Changes) > 0 {
		return false, "its capacity changes at stated dates"
	}
	if _, fromMoney, err := s.LotCapacity(i, day, fy, funding.Money{}); err != nil || !fromMoney {
		return false, "its capacity is a fixed number (FTE, beds or groups), not bought with money"
	}
	return true, ""
}

// newSpace finds the lots to move and the money they share.
func newSpace(s *scenario.Scenario, fix []string, step funding.Money, firstDay funding.Date, fewest int) (*space, []string, error) {
	firstYear := funding.FinancialYearOf(firstDay)
	sp := &space{base: s, step: step, firstYear: firstYear}
	var notes []string
	frontDoor := ""
	if fd := s.Structure.FrontDoor; fd != nil {
		frontDoor = fd.Lot
	}
	for _, name := range fix {
		if !slices.ContainsFunc(s.Structure.Lots, func(l lotting.Lot) bool { return l.Name == name }) {
			return nil, nil, fmt.Errorf("%w: --fix names lot %q, which the scenario does not have", ErrOptions, name)
		}
	}
	for i, l := range s.Structure.Lots {
		switch ok, why := movable(s, i, firstDay, firstYear); {
		case l.Name == frontDoor:
			notes = append(notes, fmt.Sprintf("%s keeps today's money: it runs the front door", l.Name))
		case slices.Contains(fix, l.Name):
			notes = append(notes, fmt.Sprintf("%s keeps today's money: it is pinned", l.Name))
		case !ok:
			notes = append(notes, fmt.Sprintf("%s keeps today's money: %s", l.Name, why))
		default:
			sp.moved = append(sp.moved, i)
		}
	}
	if fewest > 1 && len(sp.moved) > maxMoved {
		return nil, notes, fmt.Errorf("%w: a split moves money among at most %d lots, and %d could move; pin the others with --fix", ErrOptions, maxMoved, len(sp.moved))
	}
	if len(sp.moved) < fewest {
		what := "a split needs at least two lots with wait targets whose capacity the money buys"
		if fewest == 1 {
			what = "it needs a lot with wait targets whose capacity the money buys"
		}
		if len(sp.moved) == 1 {
			what += fmt.Sprintf(", and only %s is one (the money goal, --goal money, finds what it needs)", s.Structure.Lots[sp.moved[0]].Name)
		}
		return nil, notes, fmt.Errorf("%w: %s; %s", ErrNothingToMove, what, strings.Join(notes, "; "))
	}
	alloc, err := s.LotFunding(firstYear)
	if err != nil {
		return nil, notes, err
	}
	sp.pool = s.Pool.Total(firstYear)
	for _, i := range sp.moved {
		sp.movedMoney = sp.movedMoney.Add(alloc.Parts[i])
	}
	if !(sp.step.Sign() > 0) {
		return nil, notes, fmt.Errorf("%w: the step must be above £0, got %s", ErrOptions, sp.step)
	}
	units := sp.movedMoney.Decimal().Div(sp.step.Decimal()).Floor()
	if units.LessThan(decimal.NewFromInt(int64(fewest))) {
		return nil, notes, fmt.Errorf("%w: the moved lots' %s in %s is less than one step of %s for each; use a smaller --step", ErrOptions, sp.movedMoney, firstYear, sp.step)
	}
	if units.GreaterThan(decimal.NewFromInt(maxUnits)) {
		return nil, notes, fmt.Errorf("%w: %s in steps of %s is more than %d steps; use a larger --step", ErrOptions, sp.movedMoney, sp.step, maxUnits)
	}
	sp.units = int(units.IntPart())
	sp.setFloors()
	return sp, notes, nil
}

// maxMoved is the most lots a split moves money among: the search tries
// every move between two of them, so its work grows with the square of
// their number; essex-2025, the largest shipped scenario, moves five.
const maxMoved = 12

// maxUnits bounds the steps the moved money is cut into, so that a search
// is quick whatever the step: 100,000 steps of £5,000 is £500m.
const maxUnits = 100_000

// nearToday returns the plan in whole steps nearest today's split of the
// moved money, where the search can start from today.
func (sp *space) nearToday() plan {
	return lift(sp.nearTodayUnlifted(), sp.floors)
}

// nearTodayUnlifted is nearToday before lifting to the earmarks' floors.
func (sp *space) nearTodayUnlifted() plan {
	alloc, err := sp.base.LotFunding(sp.firstYear)
	if err != nil { // newSpace allocated this year already
		panic(err)
	}
	w := make([]float64, len(sp.moved))
	for j, i := range sp.moved {
		w[j] = alloc.Parts[i].Float64() // a weight, not money
	}
	return sp.apportion(w)
}

// apportion shares the first year's steps in proportion to weights w
// (apportionUnits).
func (sp *space) apportion(w []float64) plan { return apportionUnits(w, sp.units) }

// apportionUnits shares units steps in proportion to weights w by largest
// remainder, giving every lot at least one step; ties go to the earlier
// lot, so the result depends on w alone.
func apportionUnits(w []float64, units int) plan {
	sp := struct{ units int }{units}
	total := 0.0
	for _, x := range w {
		total += max(x, 0)
	}
	p := make(plan, len(w))
	if !(total > 0) {
		for j := range p {
			p[j] = sp.units / len(p)
		}
		p[len(p)-1] += sp.units - sp.units/len(p)*len(p)
		return p
	}
	free := sp.units - len(w) // one step each first
	rem := make([]float64, len(w))
	used := 0
	for j, x := range w {
		exact := max(x, 0) / total * float64(free)
		p[j] = 1 + int(exact)
		rem[j] = exact - float64(int(exact))
		used += p[j]
	}
	for ; used < sp.units; used++ {
		best := 0
		for j := range rem {
			if rem[j] > rem[best] {
				best = j
			}
		}
		p[best]++
		rem[best] = -1
	}
	return p
}

// percents returns each moved lot's share of the first year's pool, in
// percent, for plan p: steps × step ÷ pool, the last lot taking the
// leftover so that the moved lots keep exactly today's total share.
func (sp *space) percents(p plan) []decimal.Decimal {
	hundred := decimal.NewFromInt(100)
	pool := sp.pool.Decimal()
	// Truncated, not rounded, so that the percentages never take a
	// fraction of a penny more than the moved lots had.
	total := sp.movedMoney.Decimal().Mul(hundred).Div(pool).Truncate(percentPlaces)
	out := make([]decimal.Decimal, len(p))
	sum := decimal.Zero
	for j, u := range p {
		if j == len(p)-1 {
			out[j] = total.Sub(sum)
			break
		}
		out[j] = sp.step.Decimal().Mul(decimal.NewFromInt(int64(u))).Mul(hundred).Div(pool).Truncate(percentPlaces)
		sum = sum.Add(out[j])
	}
	return out
}

// percentPlaces is the decimal places of a plan's percentages: 1e-8 % of
// a £100m pool is a penny.
const percentPlaces = 8

// scenario returns the base scenario with plan p's allocation: each moved
// lot takes its percentage of every year's pool; every other lot keeps its
// rule. Only the lots are copied; the rest is shared with the base. The
// nil plan is the base itself.
func (sp *space) scenario(p plan) *scenario.Scenario {
	if p == nil {
		return sp.base
	}
	s := *sp.base
	s.Structure.Lots = slices.Clone(sp.base.Structure.Lots)
	for j, pct := range sp.percents(p) {
		l := &s.Structure.Lots[sp.moved[j]]
		l.Allocation = funding.AllocationRule{Name: l.Name, Method: funding.Percentage, Percent: pct}
	}
	return &s
}

// fteStep returns the money that buys n FTE in the first contract year (on
// day, financial year fy) in every lot that would move: n × cost per FTE ×
// the year's price index ÷ (1 − on-cost), rounded up to the penny. The
// lots must all be bought as caseworkers at the same cost, so that one
// step of money is n FTE wherever it goes.
func fteStep(s *scenario.Scenario, fix []string, n float64, day funding.Date) (funding.Money, error) {
	fy := funding.FinancialYearOf(day)
	frontDoor := ""
	if fd := s.Structure.FrontDoor; fd != nil {
		frontDoor = fd.Lot
	}
	var step funding.Money
	first := ""
	for i, l := range s.Structure.Lots {
		if ok, _ := movable(s, i, day, fy); !ok || l.Name == frontDoor || slices.Contains(fix, l.Name) {
			continue
		}
		cw := l.Service.Caseworkers
		if l.Service.Delivery != lotting.Casework || cw == nil {
			return funding.Money{}, fmt.Errorf("%w: a step in FTE needs every lot that moves to be bought as caseworkers, and %s is not; give --step in pounds", ErrOptions, l.Name)
		}
		keep := decimal.NewFromInt(1).Sub(l.OnCost)
		m := cw.CostPerFTE.Mul(decimal.NewFromFloat(n)).Mul(s.Inflation.Index(s.BaseYear, fy)).Decimal().Div(keep)
		money := funding.FromDecimal(m.Mul(decimal.NewFromInt(100)).Ceil().Div(decimal.NewFromInt(100)))
		switch {
		case first == "":
			step, first = money, l.Name
		case !money.Equal(step):
			return funding.Money{}, fmt.Errorf("%w: %g FTE costs %s in %s but %s in %s; a step in FTE needs one cost, so give --step in pounds", ErrOptions, n, step, first, money, l.Name)
		}
	}
	if first == "" {
		return funding.Money{}, fmt.Errorf("%w: no lot would move, so there is no FTE to step by", ErrNothingToMove)
	}
	return step, nil
}
