package report

import "github.com/lotsim/lotsim/funding"

// Budget is the money side of a scenario, worked out exactly before
// anything is simulated: who pays what and what share, the pool by year in
// cash and in real terms, its allocation to lots, each contract's timeline
// and total value, the capacity each lot buys against the demand expected
// of it, and the money there is for each expected referral.
//
// Its JSON form is the stable output of `lotsim budget --format json`:
// money is a string holding an exact decimal number of pounds ("2157000",
// "0.5"), dates are "YYYY-MM-DD", financial years "2018/19", and rates are
// numbers. Fields are only ever added, never renamed or removed.
type Budget struct {
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
	Findings  []FundingFinding        `json:"findings"` // figures that do not reconcile; empty when all do
	// AreaEarmarks lists, by year, each area with money earmarked to it;
	// empty when no funder earmarks money to an area.
	AreaEarmarks []AreaEarmark `json:"area_earmarks"`
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
	// Earmarked is the money funders tie to lots or areas this year, and
	// General the rest; they add up to Cash to the penny.
	Earmarked funding.Money `json:"earmarked"`
	General   funding.Money `json:"general"`
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

// YearMoney is a lot's money in one financial year, in cash and in real
// terms, and its cash split into the part funders earmark to the lot and
// the general rest, which add up to Cash to the penny.
type YearMoney struct {
	Year      funding.FinancialYear `json:"year"`
	Cash      funding.Money         `json:"cash"`
	Real      funding.Money         `json:"real"`
	Earmarked []FunderMoney         `json:"earmarked"` // by funder; empty when none
	General   funding.Money         `json:"general"`
}

// FunderMoney is one funder's money, in cash.
type FunderMoney struct {
	Funder string        `json:"funder"`
	Cash   funding.Money `json:"cash"`
}

// AreaEarmark is the money funders earmark to one area in one year, and
// the lots that cover the area: their allocations together (Allocation)
// must be at least Required, the money earmarked to the area and to those
// lots. An area earmark buys money, not priority: referrals from the area
// are served as any other.
type AreaEarmark struct {
	Year       funding.FinancialYear `json:"year"`
	Area       string                `json:"area"`
	Earmarked  []FunderMoney         `json:"earmarked"`
	Lots       []string              `json:"lots"`
	Required   funding.Money         `json:"required"`
	Allocation funding.Money         `json:"allocation"`
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
	Periods    []ContractPeriod      `json:"periods"`
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

// ContractPeriod is the initial term or one extension, first and last days
// included.
type ContractPeriod struct {
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
	Lot string  `json:"lot"`
	FTE float64 `json:"fte"`
	// CasesPerYear is what the lot's normal caseload buys in the year.
	// It is the capacity ExpectedDemand, OverCapacity and
	// DemandShareOfCapacity are judged against, and it ignores stretch.
	CasesPerYear float64 `json:"cases_per_year"`
	// StretchedCasesPerYear is, for a casework lot that may stretch, the
	// most cases a year it takes when it holds its stretched maximum all
	// year, the cases above the normal caseload lasting the stretch's
	// length factor longer (Little's law): CasesPerYear × (1 + (maximum /
	// normal caseload − 1) / length factor), with the stretch as it
	// stands at the start of the year. Absent (0) for a lot that does
	// not stretch.
	StretchedCasesPerYear float64 `json:"stretched_cases_per_year,omitempty"`
	ExpectedDemand        float64 `json:"expected_demand"`
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
	// OnCost is the money taken off the top for management and overheads
	// (the lot's on_cost), to the penny, and Frontline what is left to buy
	// capacity; they add up to the lot's money for the year.
	OnCost    funding.Money `json:"on_cost"`
	Frontline funding.Money `json:"frontline"`
	// Unit is what the lot's money buys ("caseworker FTE", "bed",
	// "group", "handler seat"), and UnitCost one unit's cost at the
	// year's prices, to the penny; both are absent when the lot states no
	// cost.
	Unit     string        `json:"unit,omitempty"`
	UnitCost funding.Money `json:"unit_cost,omitzero"`
	// FromMoney is true when the money buys the capacity, false for a
	// fixed count (fte, beds, concurrent_cohorts, handlers) it cannot
	// move.
	FromMoney bool `json:"from_money"`
	// Beds, Groups (running at once) and Handlers (front-door seats) on
	// the first day of the year, and HandlerFTE the FTE the seats need (the
	// seats x the rota factor); 0 for lots of other kinds.
	Beds       int     `json:"beds"`
	Groups     int     `json:"groups"`
	Handlers   int     `json:"handlers"`
	HandlerFTE float64 `json:"handler_fte"`
}

// FundingFinding is a funding.Finding in the report's stable JSON form,
// with the sentence a person reads.
type FundingFinding struct {
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Stated     string `json:"stated"`
	Computed   string `json:"computed"`
	Difference string `json:"difference"`
	Suggestion string `json:"suggestion,omitempty"`
	Message    string `json:"message"`
}

// NewFundingFinding returns f in the report's JSON form.
func NewFundingFinding(f funding.Finding) FundingFinding {
	return FundingFinding{
		Kind: f.Kind.String(), Subject: f.Subject, Stated: f.Stated, Computed: f.Computed,
		Difference: f.Difference, Suggestion: f.Suggestion, Message: f.String(),
	}
}

// Within returns a copy of b whose capacity years are those that overlap
// the period from start to end, first and last days included: a run's
// findings and tables speak of the years it simulated only.
func (b *Budget) Within(start, end funding.Date) *Budget {
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
