package optimise

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// Earmarked money cannot be moved: a plan never gives a lot less than the
// money funders earmark to it in any year, nor the lots covering an area
// less than the money earmarked there (scenario.Scenario.EarmarkShortfalls).
// For the split goal each moved lot has a floor in whole steps, the fewest
// whose share of every year's pool holds its earmarks; plans below a floor,
// or that leave an area short, are never simulated. For the split per year
// the floor is each year's earmarks; for the money goal the extra money is
// general money, and a lot's money is never set below its earmarks.

// lotEarmarks returns the money earmarked to each of s's lots in year
// (to the lot itself, not to its areas).
func lotEarmarks(s *scenario.Scenario, year funding.FinancialYear) []funding.Money {
	out := make([]funding.Money, len(s.Structure.Lots))
	split, err := s.Earmarks(year)
	if err != nil {
		return out
	}
	for i, l := range split.Lots {
		out[i] = l.Allocation.Sub(l.General)
	}
	return out
}

// lotAreasOf returns each of s's lots' name and areas, for the funding
// package's earmark checks.
func lotAreasOf(s *scenario.Scenario) []funding.LotArea {
	out := make([]funding.LotArea, len(s.Structure.Lots))
	for i, l := range s.Structure.Lots {
		out[i] = funding.LotArea{Name: l.Name, Areas: l.Areas}
	}
	return out
}

// hasEarmarks reports whether any funder of s earmarks money.
func hasEarmarks(s *scenario.Scenario) bool {
	for _, f := range s.Pool.Funders {
		if len(f.Earmarks) > 0 {
			return true
		}
	}
	return false
}

// setFloors works out each moved lot's floor in steps: the fewest steps u
// such that u steps' share of the first year's pool, taken of every year's
// pool, holds the lot's earmarks that year. A penny, and the most the
// plan's percentages lose by truncation (1e-10 of the pool), are added, so
// that rounding to the penny never leaves the lot a penny short. Every lot
// keeps at least one step. Floors that together need more steps than
// there are (a step too large to fit the earmarks) leave every plan but
// today's refused, and the search keeps today's.
func (sp *space) setFloors() {
	sp.floors = make([]int, len(sp.moved))
	for j := range sp.floors {
		sp.floors[j] = 1
	}
	sp.earmarked = hasEarmarks(sp.base)
	if !sp.earmarked {
		return
	}
	pool1 := sp.pool.Decimal()
	penny := decimal.New(1, -2)
	for _, y := range sp.base.Pool.Years() {
		poolY := sp.base.Pool.Total(y).Decimal()
		if poolY.Sign() <= 0 {
			continue
		}
		e := lotEarmarks(sp.base, y)
		for j, i := range sp.moved {
			if e[i].Sign() <= 0 {
				continue
			}
			need := e[i].Decimal().Add(penny).Add(poolY.Shift(-10))
			u := need.Mul(pool1).Div(poolY.Mul(sp.step.Decimal())).Ceil()
			if u.GreaterThan(decimal.NewFromInt(maxUnits)) {
				u = decimal.NewFromInt(maxUnits)
			}
			sp.floors[j] = max(sp.floors[j], int(u.IntPart()))
		}
	}
}

// allowed reports whether plan p meets every earmark in every year of the
// pool. Today's plan (nil) does: the scenario is valid.
func (sp *space) allowed(p plan) bool {
	if p == nil || !sp.earmarked {
		return true
	}
	for j, u := range p {
		if u < sp.floors[j] {
			return false
		}
	}
	return len(sp.scenario(p).EarmarkShortfalls()) == 0
}

// lift raises every lot of p below its floor to it, a step at a time,
// taking each step from the lot with the most steps above its own floor
// (the earlier on a tie). It returns a new plan.
func lift(p plan, floors []int) plan {
	q := make(plan, len(p))
	copy(q, p)
	for j := range q {
		for q[j] < floors[j] {
			from := -1
			for k := range q {
				if k != j && q[k] > floors[k] && (from < 0 || q[k]-floors[k] > q[from]-floors[from]) {
					from = k
				}
			}
			if from < 0 {
				return q // no room: the caller's check refuses the plan
			}
			q[from]--
			q[j]++
		}
	}
	return q
}

// floorNotes says which moved lots' money a plan holds at their earmarks:
// lots whose money in some contract year is less than one step above the
// money earmarked to them. money[k][j] is lot sp.moved[j]'s money in
// contract year k, whose financial year is years[k].
func floorNotes(sp *space, years []funding.FinancialYear, money [][]funding.Money, step funding.Money) []string {
	if !sp.earmarked {
		return nil
	}
	var out []string
	for j, i := range sp.moved {
		l := sp.base.Structure.Lots[i]
		least, at := funding.Money{}, -1
		for k, fy := range years {
			if k >= len(money) {
				break
			}
			e := lotEarmarks(sp.base, fy)[i]
			if e.Sign() <= 0 {
				continue
			}
			if money[k][j].Sub(e).Cmp(step) < 0 && (at < 0 || e.Cmp(least) > 0) {
				least, at = e, k
			}
		}
		if at < 0 {
			continue
		}
		out = append(out, fmt.Sprintf("%s money is held at its earmarks: %s %s %s to it in %s, and earmarked money cannot be moved, so the plan gives it no less even where its targets would need less.",
			possessive(l.Name), joinAnd(earmarkFunders(sp.base, l.Name)), verbFor(earmarkFunders(sp.base, l.Name)), least, years[at]))
	}
	return out
}

// verbFor is "ties" for one funder, "tie" for several.
func verbFor(names []string) string {
	if len(names) == 1 {
		return "ties"
	}
	return "tie"
}

// earmarkFunders names the funders that earmark money to lot.
func earmarkFunders(s *scenario.Scenario, lot string) []string {
	var out []string
	for _, f := range s.Pool.Funders {
		for _, e := range f.Earmarks {
			if e.Lot == lot {
				out = append(out, f.Name)
				break
			}
		}
	}
	return out
}

// infeasible is the score of a plan that breaks an earmark: worse than any
// plan simulated, so that a search never keeps it.
var infeasible = math.Inf(1)

// keepEarmarks raises the moved lots' money in one year (money[j] is lot
// sp.moved[j]'s, in financial year fy) so that no lot has less than the
// money earmarked to it, and then, for each area left short, gives the
// shortfall to the first moved lot covering the area. The extra money is
// general money.
func keepEarmarks(sp *space, fy funding.FinancialYear, money []funding.Money) {
	if !sp.earmarked {
		return
	}
	s := sp.base
	e := lotEarmarks(s, fy)
	for j, i := range sp.moved {
		if money[j].Cmp(e[i]) < 0 {
			money[j] = e[i]
		}
	}
	alloc, err := s.LotFunding(fy)
	if err != nil {
		return
	}
	lots := lotAreasOf(s)
	for range len(s.Structure.Areas) + 1 {
		parts := append([]funding.Money(nil), alloc.Parts...)
		for j, i := range sp.moved {
			parts[i] = money[j]
		}
		short := funding.CheckEarmarks(s.Pool, fy, lots, parts)
		if len(short) == 0 {
			return
		}
		raised := false
		for _, sf := range short {
			if sf.Area == "" {
				continue
			}
			for j, i := range sp.moved {
				if l := s.Structure.Lots[i]; len(l.Areas) == 0 || containsArea(l.Areas, sf.Area) {
					money[j] = money[j].Add(sf.Earmarked.Sub(sf.Allocated))
					raised = true
					break
				}
			}
		}
		if !raised {
			return // no moved lot covers the area: today's rules give it what they give
		}
	}
}

// containsArea reports whether areas holds area.
func containsArea(areas []string, area string) bool {
	for _, a := range areas {
		if a == area {
			return true
		}
	}
	return false
}
