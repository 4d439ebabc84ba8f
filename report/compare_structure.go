package report

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
)

// StructureCost is what one scenario's lot structure costs in its base
// year, beside what pooling does to waits (the paired differences of
// Compare): the lots' on-cost, which the simulation already takes off
// their capacity, and the stated costs of the structure block
// (scenario.StructureCost), which it does not: managing each contract; and
// the capacity a new contract loses while it mobilises (each contract's
// mobilisation, which the simulation applies only to a contract starting
// inside the simulated period, priced here once a term). Each is shown as
// money and as lost capacity: the cases a year the money would buy at the
// structure's own frontline cost per case (its frontline money over the
// cases a year its lots can take, lotting.Plan), or for mobilisation the
// cases its lost capacity would have taken. Money is exact to the penny.
type StructureCost struct {
	Scenario string                `json:"scenario"`
	File     string                `json:"file"`
	Year     funding.FinancialYear `json:"year"`   // the base year, at its prices
	Stated   bool                  `json:"stated"` // the scenario has a structure block
	// Lots counts the lots, the front door's included; Contracts the
	// contracts let (the structure block's, or one a lot).
	Lots      int `json:"lots"`
	Contracts int `json:"contracts"`
	// Money is the pool's total in Year; Frontline the lots' money after
	// their on-cost; CasesPerYear what the lots but the front door can
	// take in Year (lotting.Plan).
	Money        funding.Money `json:"money"`
	Frontline    funding.Money `json:"frontline"`
	CasesPerYear float64       `json:"cases_per_year"`
	// OnCost is the lots' on-cost (lots[].on_cost) in Year: a cost a
	// year, already out of the simulated capacity.
	OnCost StructureItem `json:"on_cost"`
	// Management is Contracts x the management cost of one contract, a
	// year; not simulated.
	Management StructureItem `json:"management"`
	// Mobilisation is the frontline capacity lost while the contracts
	// mobilise (contracts[].mobilisation), once a contract term: for each
	// lot, its contract's weeks x the share of capacity lost, of the
	// lot's frontline money and of its cases a year. With the same period
	// and share, lots and one contract lose the same in all, as each lot
	// mobilises its own capacity; what differs is a period or share
	// stated differently for each structure. MobilisationDays and
	// MobilisationShare (of capacity lost) are the period and share when
	// every mobilising contract states the same, and 0 otherwise.
	Mobilisation      StructureItem `json:"mobilisation"`
	MobilisationDays  float64       `json:"mobilisation_days"`
	MobilisationShare float64       `json:"mobilisation_capacity_lost"`
}

// StructureItem is one cost of a structure as money and as the cases a
// year (or, for mobilisation, the cases once) it takes from the service.
type StructureItem struct {
	Money funding.Money `json:"money"`
	// ShareOfMoney is Money as a share of the pool's total in the year
	// (0.05 for 5%).
	ShareOfMoney float64 `json:"share_of_money"`
	CasesLost    float64 `json:"cases_lost"`
}

// NewStructureCost works out s's StructureCost in its base year at
// base-year prices. The error is the allocation's (scenario.LotFunding).
func NewStructureCost(s *scenario.Scenario) (StructureCost, error) {
	y := s.BaseYear
	c := StructureCost{Scenario: s.Name, File: s.File, Year: y, Stated: !s.StructureCost.IsZero(),
		Lots: len(s.Structure.Lots), Contracts: s.StructureCost.Contracts}
	if c.Contracts == 0 {
		c.Contracts = c.Lots
	}
	alloc, err := s.LotFunding(y)
	if err != nil {
		return c, err
	}
	c.Money = s.Pool.Total(y)
	fd := ""
	if s.Structure.FrontDoor != nil {
		fd = s.Structure.FrontDoor.Lot
	}
	mobilises := map[string]*scenario.Mobilisation{} // by lot
	for _, l := range s.Structure.Lots {
		for _, k := range s.Contracts {
			if k.Name == l.Contract && k.Mobilisation != nil && k.Mobilisation.Capacity < 1 {
				mobilises[l.Name] = k.Mobilisation
			}
		}
	}
	onCost, mobMoney := funding.Money{}, funding.Money{}
	var mobCases float64
	uniform := true
	var first *scenario.Mobilisation
	for _, p := range lotting.Plan(s.Structure, s.Demand, alloc.Parts, y, decimal.NewFromInt(1)) {
		c.Frontline = c.Frontline.Add(p.Frontline)
		onCost = onCost.Add(p.OnCost)
		if p.Lot != fd {
			c.CasesPerYear += p.CasesPerYear
		}
		mob := mobilises[p.Lot]
		if mob == nil {
			continue
		}
		if first == nil {
			first = mob
		} else if *mob != *first {
			uniform = false
		}
		// The share of a year lost: (1 - capacity) x 7 x weeks / 365.25,
		// in decimal to 12 places, and the money it takes to the penny.
		lost := decimal.NewFromInt(1).Sub(decimal.NewFromFloat(mob.Capacity))
		f := lost.Mul(decimal.NewFromInt(int64(7*mob.Weeks))).DivRound(decimal.NewFromFloat(funding.DaysPerYear), 12)
		mobMoney = mobMoney.Add(p.Frontline.Mul(f))
		if p.Lot != fd {
			mobCases += p.CasesPerYear * f.InexactFloat64()
		}
	}
	c.OnCost = c.item(onCost.RoundPenny())
	c.Management = c.item(s.StructureCost.ManagementPerContract.MulInt(int64(c.Contracts)).RoundPenny())
	if first != nil {
		m := mobMoney.RoundPenny()
		c.Mobilisation = StructureItem{Money: m, ShareOfMoney: share(m, c.Money), CasesLost: mobCases}
		if uniform {
			c.MobilisationDays = float64(7 * first.Weeks)
			c.MobilisationShare = 1 - first.Capacity
		}
	}
	return c, nil
}

// item is money a year as a StructureItem: its share of the pool and the
// cases a year it would buy at the structure's frontline cost per case.
func (c StructureCost) item(m funding.Money) StructureItem {
	it := StructureItem{Money: m, ShareOfMoney: share(m, c.Money)}
	if c.Frontline.Sign() > 0 {
		it.CasesLost = m.Ratio(c.Frontline, 12).InexactFloat64() * c.CasesPerYear
	}
	return it
}

// share is m over total as a fraction, 0 when total is not above 0.
func share(m, total funding.Money) float64 {
	if total.Sign() <= 0 {
		return 0
	}
	return m.Ratio(total, 12).InexactFloat64()
}

// String sums the item up in words, like "£120,000.00 (5.0% of the
// money), 180 cases a year".
func (it StructureItem) String() string {
	return fmt.Sprintf("%s (%.1f%% of the money), %.0f cases", it.Money, 100*it.ShareOfMoney, it.CasesLost)
}
