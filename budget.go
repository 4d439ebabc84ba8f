package lotsim

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
)

// BudgetReport is the money side of a scenario, worked out exactly before
// anything is simulated: who pays what and what share, the pool by year in
// cash and in real terms, its allocation to lots, each contract's timeline
// and total value, the capacity each lot buys against the demand expected
// of it, and the money there is for each expected referral.
//
// Its JSON form is the stable output of `lotsim budget --format json`:
// money is a string holding an exact decimal number of pounds ("2157000",
// "0.5"), dates are "YYYY-MM-DD", financial years "2018/19", and rates are
// numbers. Fields are only ever added, never renamed or removed.
type BudgetReport struct {
	Scenario  string                  `json:"scenario"`
	File      string                  `json:"file"`
	SHA256    string                  `json:"sha256"`
	BaseYear  funding.FinancialYear   `json:"base_year"` // real terms are at this year's prices
	Years     []funding.FinancialYear `json:"years"`     // the financial years the pool has money for
	Funders   []FunderBudget          `json:"funders"`
	Pool      []PoolYear              `json:"pool"`
	Lots      []LotBudget             `json:"lots"`
	Contracts []ContractBudget        `json:"contracts"`
	Capacity  []CapacityYear          `json:"capacity"`
	Findings  []FindingReport         `json:"findings"` // figures that do not reconcile; empty when all do
}

// FunderBudget is one funder's contributions by year.
type FunderBudget struct {
	Name   string        `json:"name"`
	Source string        `json:"source,omitempty"`
	Lead   bool          `json:"lead"`
	Status string        `json:"status"` // "confirmed", "at risk (10% a year)", "stopping from 2024/25"
	Years  []FunderShare `json:"years"`
}

// FunderShare is a funder's contribution in one year and its share of the
// pool, exact in money and rounded to two places in percent.
type FunderShare struct {
	Year    funding.FinancialYear `json:"year"`
	Cash    funding.Money         `json:"cash"`
	Real    funding.Money         `json:"real"`
	Percent string                `json:"percent"` // "31.08", of the pool's total that year
}

// PoolYear is the pooled fund in one financial year.
type PoolYear struct {
	Year        funding.FinancialYear `json:"year"`
	Cash        funding.Money         `json:"cash"`
	Real        funding.Money         `json:"real"`
	AtRisk      funding.Money         `json:"at_risk"`     // from funders whose money may be withdrawn
	Unallocated funding.Money         `json:"unallocated"` // left over after every lot's allocation
	// ExpectedReferrals is the referrals the demand streams are expected
	// to bring in the year, and PerReferral the pool's money for each.
	ExpectedReferrals float64       `json:"expected_referrals"`
	PerReferralCash   funding.Money `json:"per_referral_cash"` // to the penny; zero when no referrals are expected
	PerReferralReal   funding.Money `json:"per_referral_real"`
}

// LotBudget is one lot's money by year, from the pool's allocation.
type LotBudget struct {
	Name     string      `json:"name"`
	Kind     string      `json:"kind"`
	Contract string      `json:"contract"`
	Rule     string      `json:"allocation"` // "85%", "£1,800,000.00", "remainder"
	Years    []YearMoney `json:"years"`
}

// YearMoney is an amount in one financial year, in cash and in real terms.
type YearMoney struct {
	Year funding.FinancialYear `json:"year"`
	Cash funding.Money         `json:"cash"`
	Real funding.Money         `json:"real"`
}

// ContractBudget is one contract's timeline and value. Its annual value is
// what the pool allocates to its lots in the financial year in which it
// starts (AnnualYear); uplifts apply from its second year on.
type ContractBudget struct {
	Name       string                `json:"name"`
	Start      funding.Date          `json:"start"`
	InitialEnd funding.Date          `json:"initial_end"`
	End        funding.Date          `json:"end"`                 // with the extensions marked taken
	MaxEnd     funding.Date          `json:"max_end"`             // with every extension taken
	ProcureBy  funding.Date          `json:"procure_by,omitzero"` // absent when the contract states no re-procurement lead time
	Periods    []PeriodReport        `json:"periods"`
	Uplift     string                `json:"uplift"`
	Lots       []string              `json:"lots"`
	AnnualYear funding.FinancialYear `json:"annual_year"`
	Annual     funding.Money         `json:"annual"`
	Years      []ContractYearValue   `json:"years"` // to MaxEnd
	// Totals over the contract years to End (taken) and MaxEnd (every
	// extension taken), and over the initial term alone.
	InitialCash funding.Money `json:"initial_cash"`
	InitialReal funding.Money `json:"initial_real"`
	TakenCash   funding.Money `json:"taken_cash"`
	TakenReal   funding.Money `json:"taken_real"`
	MaxCash     funding.Money `json:"max_cash"`
	MaxReal     funding.Money `json:"max_real"`
}

// PeriodReport is the initial term or one extension, first and last days
// included.
type PeriodReport struct {
	Name  string       `json:"name"`
	Start funding.Date `json:"start"`
	End   funding.Date `json:"end"`
	Taken bool         `json:"taken"`
}

// ContractYearValue is one contract year's value.
type ContractYearValue struct {
	Index         int                   `json:"index"` // 1 for the first contract year
	Start         funding.Date          `json:"start"`
	End           funding.Date          `json:"end"`
	FinancialYear funding.FinancialYear `json:"financial_year"` // in which it starts
	Fraction      string                `json:"fraction"`       // of a full year, exact: "1", "0.5"
	Period        string                `json:"period"`         // "initial term", "extension 1", ...
	Cash          funding.Money         `json:"cash"`
	Real          funding.Money         `json:"real"`
}

// CapacityYear is the hand arithmetic of capacity against expected demand
// for every lot in one financial year.
type CapacityYear struct {
	Year      funding.FinancialYear `json:"year"`
	CostIndex float64               `json:"cost_index"` // price level against the base year
	Lots      []LotCapacity         `json:"lots"`
}

// LotCapacity is lotting.Capacity in the report's stable JSON form.
type LotCapacity struct {
	Lot            string  `json:"lot"`
	FTE            float64 `json:"fte"`
	CasesPerYear   float64 `json:"cases_per_year"`
	ExpectedDemand float64 `json:"expected_demand"`
	// DemandShareOfCapacity is ExpectedDemand / CasesPerYear: 1.5 means
	// half as many referrals again as the lot can take. It is 0 when the
	// lot has no capacity (see Note).
	DemandShareOfCapacity float64 `json:"demand_share_of_capacity"`
	// Utilisation holds the same value as DemandShareOfCapacity under a
	// name that misled: it is not the share of capacity in use.
	//
	// Deprecated: read demand_share_of_capacity. The field stays in the
	// JSON for one more version (fields are only ever added), then goes.
	Utilisation  float64       `json:"utilisation"`
	CostPerCase  funding.Money `json:"cost_per_case"`
	OverCapacity bool          `json:"over_capacity"`
	Note         string        `json:"note,omitempty"`
}

// FindingReport is a funding.Finding in the report's stable JSON form,
// with the sentence a person reads.
type FindingReport struct {
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Stated     string `json:"stated"`
	Computed   string `json:"computed"`
	Difference string `json:"difference"`
	Suggestion string `json:"suggestion,omitempty"`
	Message    string `json:"message"`
}

// NewFindingReport returns f in the report's JSON form.
func NewFindingReport(f funding.Finding) FindingReport {
	return FindingReport{
		Kind: f.Kind.String(), Subject: f.Subject, Stated: f.Stated, Computed: f.Computed,
		Difference: f.Difference, Suggestion: f.Suggestion, Message: f.String(),
	}
}

// Budget works out the scenario's budget report. Its error is an
// allocation that cannot be made (fixed amounts and percentages over a
// year's pool, say), which Load reports for the years in the pool.
func Budget(s *scenario.Scenario) (*BudgetReport, error) {
	r := &BudgetReport{
		Scenario: s.Name, File: s.File, SHA256: s.SHA256, BaseYear: s.BaseYear,
		Years: s.Pool.Years(), Findings: []FindingReport{},
	}
	for _, f := range s.Findings() {
		r.Findings = append(r.Findings, NewFindingReport(f))
	}
	real := func(m funding.Money, y funding.FinancialYear) funding.Money {
		return s.Inflation.Real(m, y, s.BaseYear).RoundPenny()
	}

	for i, f := range s.Pool.Funders {
		fb := FunderBudget{Name: f.Name, Source: f.Source, Lead: f.Lead, Status: statusText(f.Status)}
		for _, y := range r.Years {
			c := f.Contribution(y)
			fb.Years = append(fb.Years, FunderShare{
				Year: y, Cash: c, Real: real(c, y), Percent: s.Pool.Share(i, y).Percent(2).StringFixed(2),
			})
		}
		r.Funders = append(r.Funders, fb)
	}

	for _, l := range s.Structure.Lots {
		r.Lots = append(r.Lots, LotBudget{
			Name: l.Name, Kind: l.Kind.String(), Contract: l.Contract, Rule: ruleText(l.Allocation),
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
		py := PoolYear{
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
		r.Pool = append(r.Pool, py)
		for i, part := range alloc.Parts {
			r.Lots[i].Years = append(r.Lots[i].Years, YearMoney{Year: y, Cash: part, Real: real(part, y)})
		}

		index := s.Inflation.Index(s.BaseYear, y)
		cy := CapacityYear{Year: y, CostIndex: index.InexactFloat64()} // a float for the report only
		for _, c := range lotting.Plan(s.Structure, s.Demand, alloc.Parts, y, index) {
			cy.Lots = append(cy.Lots, LotCapacity{
				Lot: c.Lot, FTE: c.FTE, CasesPerYear: c.CasesPerYear, ExpectedDemand: c.ExpectedDemand,
				DemandShareOfCapacity: c.Utilisation, Utilisation: c.Utilisation, CostPerCase: c.CostPerCase, OverCapacity: c.OverCapacity, Note: c.Note,
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
func contractBudget(s *scenario.Scenario, c scenario.Contract, allocation func(funding.FinancialYear) (funding.Allocation, error)) (ContractBudget, error) {
	t := c.Terms
	cb := ContractBudget{
		Name: c.Name, Start: t.Start, InitialEnd: t.InitialEnd(), End: t.End(), MaxEnd: t.MaxEnd(),
		Uplift: c.Uplift.String(), AnnualYear: funding.FinancialYearOf(t.Start),
	}
	if !t.ReprocurementLead.IsZero() {
		cb.ProcureBy = t.ProcureBy()
	}
	periods := t.Periods()
	for _, p := range periods {
		cb.Periods = append(cb.Periods, PeriodReport{Name: p.Name, Start: p.Start, End: p.End, Taken: p.Taken})
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
		cb.Years = append(cb.Years, ContractYearValue{
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

// within returns a copy of b whose capacity years are those that overlap
// the period from start to end, first and last days included: a run's
// findings and tables speak of the years it simulated only.
func (b *BudgetReport) within(start, end funding.Date) *BudgetReport {
	out := *b
	out.Capacity = nil
	for _, cy := range b.Capacity {
		if cy.Year.End().Before(start) || cy.Year.Start().After(end) {
			continue
		}
		out.Capacity = append(out.Capacity, cy)
	}
	return &out
}
