package report

import "github.com/lotsim/lotsim/funding"

// Optimise is the stable JSON form of `lotsim optimise --format json`:
// the plan that meets the waiting-time targets (or, where none does, the
// one that misses by least), today's plan judged the same way, what binds,
// the runners-up, how the answer was found and what it guarantees. Money
// is an exact decimal string of pounds. Fields are only ever added, never
// renamed or removed.
type Optimise struct {
	Scenario string `json:"scenario"`
	File     string `json:"file"`
	SHA256   string `json:"sha256"`
	Seed     uint64 `json:"seed"`
	Version  string `json:"lotsim_version"`
	Date     string `json:"date"`
	// Set lists the changes made to the scenario's values before the
	// search (lotsim optimise --set), as PATH=VALUE.
	Set []string `json:"set,omitempty"`
	// PerYear reports a split per contract year (each lot's money by year
	// in plan.lots[].money_by_year) rather than one share for every year.
	PerYear bool   `json:"per_year,omitempty"`
	Goal    string `json:"goal"` // "split" or "money"
	// Criterion is how a target is judged: "share" (the share seen within
	// target reaches the level) or "miss_chance" (the chance that a
	// contract year misses the level is at most MaxMissChance).
	Criterion     string   `json:"criterion"`
	MaxMissChance float64  `json:"max_miss_chance,omitempty"`
	Feasible      bool     `json:"feasible"` // the plan meets every target judged, in every contract year
	Summary       string   `json:"summary"`  // the answer in words
	Years         []string `json:"years"`    // the contract years judged, in order
	// Plan is the chosen plan; Current today's allocation, judged on the
	// same random numbers.
	Plan    OptimisePlan `json:"plan"`
	Current OptimisePlan `json:"current"`
	// Binding is the target the plan comes closest to missing, or misses
	// by most: the lot and risk level that set the answer.
	Binding *Binding `json:"binding"`
	// RunnersUp are the next best plans the search found, best first.
	RunnersUp []OptimisePlan `json:"runners_up"`
	// ExtraMoney is the least extra money each contract year needs, for
	// the money goal (0 where today's is enough); empty for the split goal.
	ExtraMoney []funding.Money `json:"extra_money"`
	// NeededMoney and TodayMoney are, for the money goal, the money the
	// moved lots need in each contract year and what today's rules give
	// them; ExtraMoney is the first less the second, at least 0.
	NeededMoney []funding.Money `json:"needed_money,omitempty"`
	TodayMoney  []funding.Money `json:"today_money,omitempty"`
	// Funder is the funder the extra money is asked of, if one was named.
	Funder string `json:"funder,omitempty"`
	// Frontier is the chance that a replication meets every target of the
	// moved lots in every contract year, at multiples of the plan's money:
	// money against the chance of meeting every target.
	Frontier []FrontierPoint `json:"frontier"`
	// Candidates is the number of plans simulated; Replications the
	// replications simulated in all, validation included.
	Candidates   int `json:"candidates"`
	Replications int `json:"replications"`
	// Method says how the plan was found and what the answer guarantees;
	// Limitations what it leaves out.
	Method      []string `json:"method"`
	Limitations []string `json:"limitations"`
}

// OptimisePlan is one allocation of the pool to lots, with how it fares.
type OptimisePlan struct {
	Lots []PlanLot `json:"lots"`
	// Feasible reports whether every target judged is met: the lower end of
	// each share's Bonferroni-corrected confidence interval reaches its
	// level.
	Feasible bool `json:"feasible"`
	// WorstShortfall is the largest shortfall of a lower bound below its
	// level, in share points (0.02 is 2 points); at or below 0 when every
	// target is met, and then its size is the margin of the tightest.
	WorstShortfall Float `json:"worst_shortfall"`
	// Today reports that the plan is today's allocation, unchanged.
	Today bool `json:"today"`
}

// PlanLot is one lot's part of a plan: its money and the capacity it buys
// in the first contract year, and how its referrals fare against each
// target in each contract year.
type PlanLot struct {
	Name string `json:"name"`
	// Money is the lot's allocation in the first contract year, extra money
	// included; Percent its share of that year's pool in percent: for a
	// moved lot, exactly the allocation rule the plan gives it (as --out
	// writes it), otherwise rounded to 4 places.
	Money   funding.Money `json:"money"`
	Percent string        `json:"percent"`
	// MoneyByYear is the lot's money in each contract year, for the money
	// goal's plan.
	MoneyByYear []funding.Money `json:"money_by_year,omitempty"`
	// Moved reports whether the optimiser sets this lot's money; a lot it
	// does not (fixed capacity, pinned with --fix) keeps today's.
	Moved bool `json:"moved"`
	// FTE is the frontline FTE the money buys in the first contract year (0
	// for a lot whose capacity is not bought as staff).
	FTE float64 `json:"fte"`
	// Beds and Groups are the refuge beds or groups at once the lot has in
	// the first contract year, where it has them.
	Beds   *int `json:"beds,omitempty"`
	Groups *int `json:"groups,omitempty"`
	// ExpectedDemand is the referrals a year the simulation sends to the
	// lot in the first contract year.
	ExpectedDemand Float        `json:"expected_demand"`
	Targets        []PlanTarget `json:"targets"`
}

// PlanTarget is the share of a lot's referred people at one risk level
// seen within the target wait in one contract year.
type PlanTarget struct {
	Year  string   `json:"year"`
	Risk  string   `json:"risk"`
	Days  float64  `json:"target_days"`
	Level float64  `json:"level"` // the share required
	Share Estimate `json:"share"`
	// Chance is the share of replications whose year reaches Level, with
	// its Wilson interval: 1 less the chance the year misses the target.
	Chance Probability `json:"chance"`
	// LowerBound is the lower end of the Bonferroni-corrected one-sided
	// interval of the figure judged: the share (criterion "share"),
	// against Level, or the chance (criterion "miss_chance", an exact
	// binomial bound), against 1 − MaxMissChance.
	LowerBound Float `json:"lower_bound"`
	Meets      bool  `json:"meets"`
}

// Binding names the target that sets the answer.
type Binding struct {
	Lot        string  `json:"lot"`
	Risk       string  `json:"risk"`
	Year       string  `json:"year"`
	Level      float64 `json:"level"`
	LowerBound Float   `json:"lower_bound"`
	// FirstShortYear is the first contract year in which any target is
	// missed; "" when none is.
	FirstShortYear string `json:"first_short_year"`
}

// FrontierPoint is one point of the frontier: the moved lots' money in the
// first contract year (Scale times the plan's) and the chance that a
// replication meets every one of their targets, with its Wilson interval.
type FrontierPoint struct {
	Scale  float64       `json:"scale"`
	Money  funding.Money `json:"money"`
	Chance Probability   `json:"chance"`
}
