package lotsim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// Budget works out the scenario's budget report. Its error is an
// allocation that cannot be made (fixed amounts and percentages over a
// year's pool, say), which Load reports for the years in the pool.
func Budget(s *scenario.Scenario) (*report.Budget, error) {
	r := &report.Budget{
		Scenario: s.Name, File: s.File, SHA256: s.SHA256, BaseYear: s.BaseYear,
		Years: s.Pool.Years(), Findings: []report.FundingFinding{}, AreaEarmarks: []report.AreaEarmark{},
	}
	for _, f := range s.Findings() {
		r.Findings = append(r.Findings, report.NewFundingFinding(f))
	}
	real := func(m funding.Money, y funding.FinancialYear) funding.Money {
		return s.Inflation.Real(m, y, s.BaseYear).RoundPenny()
	}

	for i, f := range s.Pool.Funders {
		fb := report.FunderBudget{Name: f.Name, Source: f.Source, Lead: f.Lead, Status: statusText(f.Status)}
		for _, y := range r.Years {
			c := f.Contribution(y)
			fb.Years = append(fb.Years, report.FunderShare{
				Year: y, Cash: c, Real: real(c, y), Percent: s.Pool.Share(i, y).Percent(2).StringFixed(2),
			})
		}
		r.Funders = append(r.Funders, fb)
	}

	for _, l := range s.Structure.Lots {
		r.Lots = append(r.Lots, report.LotBudget{
			Name: l.Name, Kind: l.Kind.String(), Contract: l.Contract, Rule: lotRuleText(l),
		})
	}
	// Each year's allocation is made once and shared by the pool, lot,
	// capacity and contract figures.
	allocs := map[funding.FinancialYear]funding.Allocation{}
	allocation := func(y funding.FinancialYear) (funding.Allocation, error) {
		if a, ok := allocs[y]; ok {
			return a, nil
		}
		a, err := s.LotFunding(y)
		if err == nil {
			allocs[y] = a
		}
		return a, err
	}
	for _, y := range r.Years {
		alloc, err := allocation(y)
		if err != nil {
			return nil, err
		}
		total := s.Pool.Total(y)
		py := report.PoolYear{
			Year: y, Cash: total, Real: real(total, y), AtRisk: s.Pool.AtRisk(y),
			Unallocated: alloc.Unallocated, ExpectedReferrals: s.ExpectedReferrals(y),
		}
		// Referrals are a count, not money: rounding the expected count to
		// 4 places before dividing keeps the pence exact and the same on
		// every machine. A count that rounds to 0 (a stream of 0.000001
		// referrals a year) has no figure per referral, as none does.
		if n := decimal.NewFromFloat(py.ExpectedReferrals).Round(4); n.Sign() > 0 {
			per := total.Div(n, 2)
			py.PerReferralCash, py.PerReferralReal = per, real(per, y)
		}
		split := funding.SplitEarmarks(s.Pool, y, lotAreas(s), alloc.Parts)
		py.Earmarked, py.General = split.Earmarked, split.General
		r.Pool = append(r.Pool, py)
		for i, part := range alloc.Parts {
			r.Lots[i].Years = append(r.Lots[i].Years, report.YearMoney{
				Year: y, Cash: part, Real: real(part, y),
				Earmarked: funderMoney(split.Lots[i].Earmarked), General: split.Lots[i].General,
			})
		}
		for _, a := range split.Areas {
			r.AreaEarmarks = append(r.AreaEarmarks, report.AreaEarmark{
				Year: y, Area: a.Area, Earmarked: funderMoney(a.Earmarked), Lots: a.Lots,
				Required: a.Required, Allocation: a.Allocation,
			})
		}

		index := s.Inflation.Index(s.BaseYear, y)
		cy := report.CapacityYear{Year: y, CostIndex: index.InexactFloat64()} // a float for the report only
		for i, c := range lotting.Plan(s.Structure, s.Demand, alloc.Parts, y, index) {
			cy.Lots = append(cy.Lots, report.LotCapacity{
				Lot: c.Lot, FTE: c.FTE, CasesPerYear: c.CasesPerYear, ExpectedDemand: c.ExpectedDemand,
				StretchedCasesPerYear: stretchedCasesPerYear(s.Structure.Lots[i], y, c.CasesPerYear),
				DemandShareOfCapacity: c.Utilisation, Utilisation: c.Utilisation, CostPerCase: c.CostPerCase, OverCapacity: c.OverCapacity, Note: c.Note,
				// To the penny, as JSON money is; the frontline is what the
				// on-cost leaves, so the two add up to the lot's money.
				OnCost: c.OnCost.RoundPenny(), Frontline: alloc.Parts[i].Sub(c.OnCost.RoundPenny()),
				Unit: c.Unit, UnitCost: c.UnitCost.RoundPenny(), FromMoney: c.FromMoney,
				Beds: c.Beds, Groups: c.Groups, Handlers: c.Handlers, HandlerFTE: c.HandlerFTE,
			})
		}
		r.Capacity = append(r.Capacity, cy)
	}

	for _, c := range s.Contracts {
		cb, err := contractBudget(s, c, allocation)
		if err != nil {
			return nil, err
		}
		r.Contracts = append(r.Contracts, cb)
	}
	return r, nil
}

// contractBudget values one contract: its lots' allocation in the
// financial year it starts (or the pool's first year, if the pool has no
// money that year), carried over its contract years with the uplift.
// allocation gives a year's allocation to lots, made once per year by Budget.
func contractBudget(s *scenario.Scenario, c scenario.Contract, allocation func(funding.FinancialYear) (funding.Allocation, error)) (report.ContractBudget, error) {
	t := c.Terms
	cb := report.ContractBudget{
		Name: c.Name, Start: t.Start, InitialEnd: t.InitialEnd(), End: t.End(), MaxEnd: t.MaxEnd(),
		Uplift: c.Uplift.String(), AnnualYear: funding.FinancialYearOf(t.Start),
	}
	if !t.ReprocurementLead.IsZero() {
		cb.ProcureBy = t.ProcureBy()
	}
	periods := t.Periods()
	for _, p := range periods {
		cb.Periods = append(cb.Periods, report.ContractPeriod{Name: p.Name, Start: p.Start, End: p.End, Taken: p.Taken})
	}
	if years := s.Pool.Years(); len(years) > 0 && s.Pool.Total(cb.AnnualYear).IsZero() {
		cb.AnnualYear = years[0]
	}
	alloc, err := allocation(cb.AnnualYear)
	if err != nil {
		return cb, err
	}
	for i, l := range s.Structure.Lots {
		if l.Contract == c.Name {
			cb.Lots = append(cb.Lots, l.Name)
			cb.Annual = cb.Annual.Add(alloc.Parts[i])
		}
	}
	for _, v := range funding.Values(cb.Annual, t, c.Uplift, s.Inflation, s.BaseYear, true) {
		period := periodOf(periods, v.Year.Start)
		cb.Years = append(cb.Years, report.ContractYearValue{
			Index: v.Year.Index, Start: v.Year.Start, End: v.Year.End, FinancialYear: v.FinancialYear,
			Fraction: v.Year.Fraction.String(), Period: period.Name, Cash: v.Cash, Real: v.Real,
		})
		cb.MaxCash, cb.MaxReal = cb.MaxCash.Add(v.Cash), cb.MaxReal.Add(v.Real)
		if !v.Year.Start.After(cb.End) {
			cb.TakenCash, cb.TakenReal = cb.TakenCash.Add(v.Cash), cb.TakenReal.Add(v.Real)
		}
		if !v.Year.Start.After(cb.InitialEnd) {
			cb.InitialCash, cb.InitialReal = cb.InitialCash.Add(v.Cash), cb.InitialReal.Add(v.Real)
		}
	}
	return cb, nil
}

// lotAreas returns each lot's name and areas, for funding.SplitEarmarks.
func lotAreas(s *scenario.Scenario) []funding.LotArea {
	out := make([]funding.LotArea, len(s.Structure.Lots))
	for i, l := range s.Structure.Lots {
		out[i] = funding.LotArea{Name: l.Name, Areas: l.Areas}
	}
	return out
}

// funderMoney returns list in the report's form, never nil.
func funderMoney(list []funding.FunderMoney) []report.FunderMoney {
	out := make([]report.FunderMoney, len(list))
	for i, f := range list {
		out[i] = report.FunderMoney{Funder: f.Funder, Cash: f.Amount}
	}
	return out
}

// periodOf returns the period that contains day.
func periodOf(periods []funding.Period, day funding.Date) funding.Period {
	for _, p := range periods {
		if !day.Before(p.Start) && !day.After(p.End) {
			return p
		}
	}
	return funding.Period{}
}

func statusText(st funding.Status) string {
	switch st.Kind {
	case funding.AtRisk:
		return fmt.Sprintf("at risk (%s a year)", numfmt.PercentShortest(st.WithdrawalProbability))
	case funding.Stopping:
		return "stopping from " + st.StopsFrom.String()
	}
	return "confirmed"
}

func ruleText(r funding.AllocationRule) string {
	switch r.Method {
	case funding.FixedAmount:
		return r.Amount.String()
	case funding.Percentage:
		return r.Percent.String() + "%"
	case funding.Remainder:
		return "remainder"
	}
	return "?"
}

// lotRuleText is a lot's allocation rule in words, with the years it has
// a fixed amount for.
func lotRuleText(l lotting.Lot) string {
	if len(l.AllocationByYear) == 0 {
		return ruleText(l.Allocation)
	}
	years := make([]funding.FinancialYear, 0, len(l.AllocationByYear))
	for y := range l.AllocationByYear {
		years = append(years, y)
	}
	slices.Sort(years)
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = l.AllocationByYear[y].String() + " in " + y.String()
	}
	return strings.Join(parts, ", ") + "; otherwise " + ruleText(l.Allocation)
}

// stretchedCasesPerYear is the most cases a year lot l takes in year y
// when it holds its stretched maximum, given the cases a year its normal
// caseload buys: cases above the normal caseload last the stretch's
// length factor longer, so by Little's law they add (maximum / normal −
// 1) / factor of the normal throughput. It is 0 for a lot that does not
// stretch.
func stretchedCasesPerYear(l lotting.Lot, y funding.FinancialYear, cases float64) float64 {
	cw := l.ServiceOn(y.Start()).Caseworkers
	if cw == nil || cw.Stretch == nil || !(cases > 0) || !(cw.CaseloadPerFTE > 0) || !(cw.Stretch.LengthFactor >= 1) {
		return 0
	}
	return cases * (1 + (cw.Stretch.MaxCaseloadPerFTE/cw.CaseloadPerFTE-1)/cw.Stretch.LengthFactor)
}
