package lotting

import (
	"math"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// This file is the one overhead and unit-cost model: how a lot's money,
// less its on-cost, buys whole beds, concurrent groups and front-door
// handler seats (casework FTE, which may be fractional, are in lot.go).
// Money stays decimal until the final floor to whole units.

// DefaultRotaFactor is the FTE one front-door seat needs when the front
// door does not say (FrontDoor.RotaFactor). The simulation runs its
// handlers around the clock, 24 hours x 365.25 days = 8,766 hours a year
// per seat, and a full-time handler works about 1,650 hours a year after
// leave, bank holidays, training and sickness (an assumption: 37.5 hours a
// week over about 44 weeks): 8,766 / 1,650 = 5.31, taken as 5.3. So 3
// round-the-clock seats need about 16 FTE, not 3. A seat staffed in office
// hours only is about 1 FTE (rota_factor 1), but the simulation still
// treats it as open around the clock.
const DefaultRotaFactor = 5.3

// maxUnits caps the whole units WholeUnits returns, far above any real
// service (the scenario loader's limit is 1,000,000), so that the count
// always fits an int.
const maxUnits = 1 << 40

// Frontline returns the lot's money for frontline capacity: annual less
// the on-cost, annual x (1 - OnCost), exact to the last digit (not
// rounded). With no on-cost it is annual: £100,000 at 15% on-cost leaves
// £85,000.
func (l Lot) Frontline(annual funding.Money) funding.Money {
	if l.OnCost.Sign() <= 0 {
		return annual
	}
	return annual.Mul(decimal.NewFromInt(1).Sub(l.OnCost))
}

// WholeUnits returns how many whole units frontline money buys when one
// unit costs unitCost x per at base-year prices, at price level costIndex
// (0 taken as 1): floor(frontline / (unitCost x per x costIndex)), worked
// out in decimals and floored only at the end. per is the FTE a unit needs
// (facilitator FTE per group, FTE per front-door seat), 1 for a bed. For
// example £85,000 at £25,000 a bed and an index of 1.1 buys
// floor(85,000 / 27,500) = floor(3.09) = 3 beds. It returns 0 when there
// is no money, no positive cost, no positive finite per or a negative
// index, and at most 2^40.
func WholeUnits(frontline, unitCost funding.Money, per float64, costIndex decimal.Decimal) int {
	index, ok := costIndexOf(costIndex)
	if !ok || frontline.Sign() <= 0 || unitCost.Sign() <= 0 || !(per > 0) || math.IsInf(per, 0) {
		return 0
	}
	cost := unitCost.Decimal().Mul(decimal.NewFromFloat(per)).Mul(index)
	q, _ := frontline.Decimal().QuoRem(cost, 0) // truncated, so floored: both are positive
	if q.GreaterThan(decimal.NewFromInt(maxUnits)) {
		return maxUnits
	}
	return int(q.IntPart())
}

// UnitCost returns the cost of one unit at price level costIndex (0 taken
// as 1): unitCost x per x costIndex, exact. It is zero for a negative
// index or a per that is not a positive finite number.
func UnitCost(unitCost funding.Money, per float64, costIndex decimal.Decimal) funding.Money {
	index, ok := costIndexOf(costIndex)
	if !ok || !(per > 0) || math.IsInf(per, 0) {
		return funding.Money{}
	}
	return unitCost.Mul(decimal.NewFromFloat(per)).Mul(index)
}

// BedsFor returns the refuge's beds: Beds when given (above 0), else the
// beds frontline money buys at CostPerBed x costIndex (WholeUnits). For
// £500,000 at £25,000 a bed and index 1: 20 beds.
func (r Refuge) BedsFor(frontline funding.Money, costIndex decimal.Decimal) int {
	if r.Beds > 0 {
		return r.Beds
	}
	return WholeUnits(frontline, r.CostPerBed, 1, costIndex)
}

// FromMoney reports whether the refuge's beds come from its money: no
// beds given and a cost per bed to buy them with.
func (r Refuge) FromMoney() bool { return r.Beds == 0 && r.CostPerBed.Sign() > 0 }

// CohortsFor returns the cohorts the programme runs at once:
// ConcurrentCohorts when given (above 0), else the groups frontline money
// buys, each needing FacilitatorsPerGroup FTE at CostPerFacilitatorFTE x
// costIndex. For £200,000 at £40,000 a facilitator FTE and 1.25 FTE a
// group, index 1: floor(200,000 / 50,000) = 4 groups at once.
func (g Group) CohortsFor(frontline funding.Money, costIndex decimal.Decimal) int {
	if g.ConcurrentCohorts > 0 {
		return g.ConcurrentCohorts
	}
	return WholeUnits(frontline, g.CostPerFacilitatorFTE, g.FacilitatorsPerGroup, costIndex)
}

// FromMoney reports whether the concurrent cohorts come from the money:
// none given and a cost per facilitator FTE to buy them with.
func (g Group) FromMoney() bool {
	return g.ConcurrentCohorts == 0 && g.CostPerFacilitatorFTE.Sign() > 0
}

// Rota returns the FTE one seat needs: RotaFactor, or DefaultRotaFactor
// when it is 0.
func (f FrontDoor) Rota() float64 {
	if f.RotaFactor > 0 {
		return f.RotaFactor
	}
	return DefaultRotaFactor
}

// HandlersFor returns the handlers triaging at once (seats): Handlers when
// given (above 0), else the seats frontline money buys, each needing Rota()
// FTE at CostPerHandlerFTE x costIndex. For £703,250 at £32,000 a handler
// FTE and 5.3 FTE a seat, index 1: floor(703,250 / 169,600) = 4 seats.
func (f FrontDoor) HandlersFor(frontline funding.Money, costIndex decimal.Decimal) int {
	if f.Handlers > 0 {
		return f.Handlers
	}
	return WholeUnits(frontline, f.CostPerHandlerFTE, f.Rota(), costIndex)
}

// FromMoney reports whether the handlers come from the front door lot's
// money: none given and a cost per handler FTE to buy them with.
func (f FrontDoor) FromMoney() bool { return f.Handlers == 0 && f.CostPerHandlerFTE.Sign() > 0 }

// MaxRotaFactor is the most FTE a front-door seat may need: a seat open
// every hour of the year needs about 5.3 (DefaultRotaFactor), so 10 allows
// for far shorter working years and still catches a mistake of units.
const MaxRotaFactor = 10
