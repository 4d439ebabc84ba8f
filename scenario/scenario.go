package scenario

import (
	"fmt"
	"slices"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// Scenario is a whole commissioning scenario in Go values: who pays what,
// the contracts, the lots and what they deliver, the demand and how it is
// routed, and how to simulate it. Load and Parse build one from a YAML
// file; a program may also build one directly.
//
// Lists keep the order of the file. Zero values mean the documented
// defaults: a zero Stated states nothing, a zero Inflation is 0% a year, a
// zero Simulation is DefaultReplications replications over the maximum term
// from an empty start with seed 0.
type Scenario struct {
	File        string                // path as given to Load, or the name given to Parse
	SHA256      string                // hex SHA-256 digest of the file's bytes
	Name        string                // e.g. "Staffordshire and Stoke-on-Trent, 2018 contract"
	Description string                // free text; may be empty
	BaseYear    funding.FinancialYear // the price base for real terms
	Pool        funding.Pool          // the funders, in file order
	Stated      funding.Stated        // pool figures as documents state them, for reconciliation
	Inflation   funding.Inflation     // yearly inflation, for real terms and CPI uplifts
	Contracts   []Contract            // in file order
	Structure   lotting.Structure     // areas, lots (in file order), routing rules and front door
	Demand      lotting.Demand        // referral streams, seasonality and shocks
	Simulation  Simulation            // how to run the Monte Carlo simulation
	// StructureCost is what the lot structure costs beyond the lots'
	// money (the structure block), for lotsim compare; it does not change
	// the simulation.
	StructureCost StructureCost

	// data is the file's bytes as Parse read them (see Source).
	data []byte
}

// Source returns a copy of the file's bytes as Parse read them, so that a
// program can list what differs between two files (InputChanges) or apply
// overrides to the file (ApplyOverrides); nil for a scenario built in Go.
func (s *Scenario) Source() []byte { return slices.Clone(s.data) }

// Contract is one contract the lots are bought under: its terms and its
// price uplift.
type Contract struct {
	Name   string         // unique in the scenario, e.g. "New Era"
	Terms  funding.Terms  // start, initial term, extensions and lead times
	Uplift funding.Uplift // how the price changes from year 2 on; zero: none
	// Mobilisation, if not nil, is the new service's start-up: reduced
	// capacity for a stated period from the contract's start.
	Mobilisation *Mobilisation
}

// Mobilisation is a new contract's start-up. For Weeks weeks from the
// contract's start every lot bought under it runs at Capacity, a share of
// the capacity it would otherwise have (case slots, the stretched
// maximum, groups at once and beds each floor(count × Capacity)), then at
// its full capacity.
//
// It applies only when the contract starts inside the simulated period
// (after its first day and before the horizon): a contract that starts on
// or before the first day is taken as already mobilised, because the
// warm-up and any inherited people stand for a service already running
// and the engine runs the warm-up with the capacity of the first day.
//
// The handover is implicit: a lot is one service across providers, so the
// old provider's open cases and waiting list carry over to the new one
// unchanged, with their waits and time in service; no re-assessment delay
// is modelled.
type Mobilisation struct {
	// Weeks is the length of the start-up, in whole weeks (at least 1).
	Weeks int
	// Capacity is the share of the usual capacity that runs during it,
	// from 0 to 1 (0.5 for 50%).
	Capacity float64
}

// DefaultReplications is the number of Monte Carlo replications a
// Simulation with Replications 0 runs.
const DefaultReplications = 100

// Simulation says how to run a scenario's Monte Carlo simulation. The zero
// value runs DefaultReplications replications with seed 0 over the maximum
// term, starting from empty lots.
type Simulation struct {
	// Seed seeds every random draw; the same seed gives the same results.
	// 0 is a seed like any other.
	Seed uint64
	// Replications is the number of replications; 0 means
	// DefaultReplications. With a StoppingRule, its Min and Max govern
	// instead.
	Replications int
	// Horizon is how long to simulate.
	Horizon Horizon
	// WarmUp is simulated before the reported period, so that lots start
	// with waiting lists and open cases; zero for none.
	WarmUp funding.Duration
	// Inherited gives lots' waiting lists and open cases at the start, as
	// an alternative to a warm-up; empty for none.
	Inherited []Inherited
	// StoppingRule, if not nil, stops adding replications once a metric is
	// estimated precisely enough.
	StoppingRule *StoppingRule
}

// HorizonKind says what a Horizon runs to.
type HorizonKind int

// The kinds of simulation horizon. The zero value is MaxTerm.
const (
	// MaxTerm runs to the latest end of any contract with every extension
	// taken.
	MaxTerm HorizonKind = iota
	// TakenTerm runs to the latest end of any contract with the
	// extensions marked taken.
	TakenTerm
	// Fixed runs for Horizon.Length from the earliest contract start.
	Fixed
)

// String returns the kind as a scenario writes it: "max_term",
// "taken_term", or "fixed" (a scenario writes a duration for Fixed).
func (k HorizonKind) String() string {
	switch k {
	case MaxTerm:
		return "max_term"
	case TakenTerm:
		return "taken_term"
	case Fixed:
		return "fixed"
	}
	return fmt.Sprintf("HorizonKind(%d)", int(k))
}

// Horizon is how long a simulation runs. The zero value is the maximum
// term.
type Horizon struct {
	Kind   HorizonKind
	Length funding.Duration // for Fixed only
}

// Inherited is a lot's state at the start of a simulation, taken over from
// the contract before.
type Inherited struct {
	Lot       string // the lot's name
	Waiting   int    // people on the waiting list
	OpenCases int    // cases in service
}

// StoppingRule stops a simulation once the 95% confidence interval of a
// metric is narrow enough relative to its estimate, after at least Min and
// at most Max replications.
type StoppingRule struct {
	Metric            string  // e.g. "high_risk_wait_p90"
	Lot               string  // the lot the metric is of; "" means the first lot that is not the front door
	RelativeHalfWidth float64 // e.g. 0.05: half-width within 5% of the estimate
	Min, Max          int     // replications at least and at most
}

// Contract returns the contract called name, and false if there is none.
func (s *Scenario) Contract(name string) (Contract, bool) {
	for _, c := range s.Contracts {
		if c.Name == name {
			return c, true
		}
	}
	return Contract{}, false
}

// Findings returns every figure in the scenario that does not reconcile
// with the others: first the pool's stated total and shares against the
// contributions (funding.Reconcile), then each contract's stated dates
// against its terms (funding.Terms.Check), contracts in file order, each
// subject prefixed by the contract's name. A
// finding is not an error: documents disagree, and the scenario records
// what they state. The result is nil when everything reconciles.
func (s *Scenario) Findings() []funding.Finding {
	out := funding.Reconcile(s.Pool, s.Stated)
	for _, c := range s.Contracts {
		for _, f := range c.Terms.Check() {
			// Name the contract: two contracts on the same terms would
			// otherwise give two findings that read the same.
			f.Subject = c.Name + ": " + f.Subject
			out = append(out, f)
		}
	}
	return out
}

// LotFunding allocates the pool's total for year to the lots, by each
// lot's allocation rule that year (lotting.Lot.RuleFor): Parts[i] is the money of Structure.Lots[i], to the
// penny, and the parts and Unallocated add up to the total exactly. The
// error is funding.Allocate's: fixed amounts and percentages that take
// more than the year's total, for example.
func (s *Scenario) LotFunding(year funding.FinancialYear) (funding.Allocation, error) {
	rules := make([]funding.AllocationRule, len(s.Structure.Lots))
	for i, l := range s.Structure.Lots {
		rules[i] = l.RuleFor(year)
	}
	a, err := funding.Allocate(s.Pool.Total(year), rules)
	if err != nil {
		return funding.Allocation{}, fmt.Errorf("lotsim: allocating %s to lots: %w", year, err)
	}
	return a, nil
}
