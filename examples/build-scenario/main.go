// Command build-scenario shows how to use lotsim from Go without a YAML
// file: it builds a small commissioning scenario out of the Go values of
// packages funding and lotting, checks it as the YAML loader would, prints
// its budget, simulates it with a fixed seed and prints a few results with
// their 95% confidence intervals.
//
// The scenario, Westshire, is made up but sized like a real one: a county
// council and a Police and Crime Commissioner pool about £1m a year for a
// contract of 3 years plus an optional 1-year extension, bought as two
// lots: 1:1 casework for victims, whose caseworkers the lot's money pays
// for, and a group programme for perpetrators.
//
// Usage:
//
//	go run ./examples/build-scenario [-replications 40] [-seed 20250401]
//
// It reads no files, so it runs from any directory. Read the source from
// the top: each step is commented as a tutorial.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program: it parses args, writes the report to stdout
// and problems to stderr, and returns the exit code (0 success, 1 failure,
// 2 bad usage).
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build-scenario", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reps := fs.Int("replications", 40, "Monte Carlo `replications` to run")
	seed := fs.Uint64("seed", 20250401, "random `seed`; the same seed prints the same results")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || *reps < 1 {
		fmt.Fprintln(stderr, "build-scenario: takes no arguments, and -replications must be at least 1")
		fs.Usage()
		return 2
	}

	// Step 1: build the scenario in Go values.
	s := westshire(*seed, *reps)

	// Step 2: check it. Load and Parse check a scenario from a file; a
	// scenario built in Go has had no such check, and the root package
	// exports no Scenario.Validate, so validate calls the packages' own.
	if err := validate(s); err != nil {
		fmt.Fprintf(stderr, "build-scenario: the scenario is not valid:\n%v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n\n", s.Name)
	fmt.Fprintln(stdout, "== Checks")
	fmt.Fprintln(stdout, "no problems found")
	// Figures that are valid but do not reconcile (a stated share that is
	// not the share contributed) are findings, not errors.
	findings := s.Findings()
	if len(findings) == 0 {
		fmt.Fprintln(stdout, "findings: none (the stated total and shares reconcile)")
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, "finding:", f)
	}

	// Step 3: the budget, worked out exactly before anything is simulated.
	b, err := lotsim.Budget(s)
	if err != nil {
		fmt.Fprintln(stderr, "build-scenario:", err)
		return 1
	}
	printBudget(stdout, b)

	// Step 4: simulate. The scenario carries the seed and the replication
	// count; SimOptions could override them (and the number of workers,
	// which never changes the results).
	r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{})
	if err != nil {
		fmt.Fprintln(stderr, "build-scenario:", err)
		return 1
	}

	// Step 5: read the results.
	printResults(stdout, r)
	return 0
}

// Names used in more than one place: routing rules and contracts refer to
// lots and contracts by name.
const (
	north, south = "North Westshire", "South Westshire"
	contractName = "Westshire DA support 2025"
	victimLot    = "Victim casework"
	perpLot      = "Perpetrator programme"
)

// westshire builds the example scenario. Every figure is made up, but of
// the size the shipped scenarios (scenarios/*.yaml) take from real
// commissioning documents.
func westshire(seed uint64, reps int) *scenario.Scenario {
	// Money is funding.Money, an exact decimal: never a float64.
	// Both funders raise their contributions by 2% a year, rounded to the
	// penny, for each financial year in which a contract year starts
	// (2025/26 to 2028/29 with the extension).
	council := rising(2025, 2028, funding.Pounds(600_000), decimal.NewFromInt(2))
	pcc := rising(2025, 2028, funding.Pounds(400_000), decimal.NewFromInt(2))

	// The contract: 3 years from 1 April 2025, with an option of 1 more
	// year that has not been taken yet. Dates and durations are funding
	// types; NewDate panics on an impossible date, so use ParseDate for
	// input.
	terms := funding.Terms{
		Start:      funding.NewDate(2025, 4, 1),
		Initial:    funding.Duration{N: 3, Unit: funding.Years},
		Extensions: []funding.Extension{{Length: funding.Duration{N: 1, Unit: funding.Years}, Taken: false}},
		// Re-procurement must start 12 months before the end.
		ReprocurementLead: funding.Duration{N: 12, Unit: funding.Months},
	}

	// Victims: 1:1 casework. FTE 0 means "derive the FTE from the lot's
	// money": its allocation divided by the cost of an FTE at base-year
	// prices, times the year's price index. Times are in days.
	victims := lotting.Lot{
		Name:     victimLot,
		Kind:     lotting.KindCommunityVictimSupport,
		Contract: contractName, // the loader fills this in when there is one contract; in Go, set it
		// Percent is 0 to 100 (85 for 85%), as a decimal. The zero
		// AllocationRule is a fixed amount of £0, not "the remainder".
		Allocation: funding.AllocationRule{Name: victimLot, Method: funding.Percentage, Percent: decimal.NewFromInt(85)},
		Service: lotting.ServiceModel{
			Delivery: lotting.Casework,
			Caseworkers: &lotting.Caseworkers{
				CostPerFTE:     funding.Pounds(42_000), // loaded cost of a caseworker, 2025/26 prices
				CaseloadPerFTE: 22,                     // cases held at once
				CaseLength:     lotting.Distribution{Kind: lotting.Lognormal, Mean: 110, SD: 40},
			},
		},
		// The longest wait aimed for, in days, by risk level.
		WaitTargets: map[lotting.Risk]float64{lotting.High: 2, lotting.Medium: 10, lotting.Standard: 28},
		// Victims who wait give up after a patience drawn with a mean of 90
		// days.
		Disengagement: []lotting.Disengagement{{
			Group:    lotting.Victim,
			Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 90},
		}},
	}

	// Perpetrators: a 24-week group programme, a cohort of up to 10 every
	// 8 weeks, 3 cohorts at once: 6.5 cohorts, 65 places a year. It takes
	// the remainder of the pool (15%).
	perpetrators := lotting.Lot{
		Name:       perpLot,
		Kind:       lotting.KindPerpetratorProgramme,
		Contract:   contractName,
		Allocation: funding.AllocationRule{Name: perpLot, Method: funding.Remainder},
		Service: lotting.ServiceModel{
			Delivery: lotting.GroupWork,
			Group: &lotting.Group{
				CohortSize:        10,
				MinToStart:        5,
				Weeks:             24,
				StartEvery:        funding.Duration{N: 8, Unit: funding.Weeks},
				ConcurrentCohorts: 3,
				CostPerCohort:     funding.Pounds(21_000),
			},
		},
		WaitTargets: map[lotting.Risk]float64{lotting.Standard: 8 * 7},
		// Participation is voluntary: people give up waiting for a cohort,
		// and 40% of those who start drop out.
		Disengagement: []lotting.Disengagement{{
			Group:    lotting.Perpetrator,
			Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 45},
			DropOut:  0.40,
		}},
	}

	// Demand: referrals a year by area and client group. Rates and shares
	// are float64 fractions (0.03 is 3%), unlike allocation percentages.
	victimMix := map[lotting.Risk]float64{lotting.High: 0.10, lotting.Medium: 0.30, lotting.Standard: 0.60}
	demand := lotting.Demand{
		Start: terms.Start, // the date PerYear refers to; growth compounds from it
		Streams: []lotting.Stream{
			{Area: north, Group: lotting.Victim, PerYear: 800, RiskMix: victimMix, Growth: 0.03, RepeatRate: 0.10},
			{Area: south, Group: lotting.Victim, PerYear: 560, RiskMix: victimMix, Growth: 0.03, RepeatRate: 0.10},
			{Area: north, Group: lotting.Perpetrator, PerYear: 50, RiskMix: map[lotting.Risk]float64{lotting.Standard: 1}},
			{Area: south, Group: lotting.Perpetrator, PerYear: 35, RiskMix: map[lotting.Risk]float64{lotting.Standard: 1}},
		},
		// January to December, averaging 1: a New Year and a summer peak.
		Seasonality: [12]float64{1.10, 0.95, 0.90, 0.95, 0.95, 1.00, 1.10, 1.10, 1.00, 1.00, 0.95, 1.00},
	}

	// Routing: every referral (area, client group, risk level) must reach
	// exactly one lot. An empty list in a rule matches anything.
	rules := []lotting.Rule{
		{Groups: []lotting.ClientGroup{lotting.Victim}, Lot: victimLot},
		{Groups: []lotting.ClientGroup{lotting.Perpetrator}, Lot: perpLot},
	}

	return &scenario.Scenario{
		Name:     "Westshire, 2025 joint domestic abuse commissioning (built in Go)",
		BaseYear: 2025, // 2025/26: real terms and costs per FTE are at its prices
		Pool: funding.Pool{Funders: []funding.Funder{
			{
				Name: "Westshire County Council", Source: "council core budget", Lead: true,
				Contributions: council,
				StatedShare:   ptr(decimal.NewFromInt(60)), // "60%", as a document states it
			},
			{
				Name: "Westshire PCC", Source: "Victims Fund",
				Contributions: pcc,
				// The grant behind it is confirmed a year at a time: a 10%
				// chance a year that it is withdrawn (for good).
				Status:      funding.Status{Kind: funding.AtRisk, WithdrawalProbability: 0.10},
				StatedShare: ptr(decimal.NewFromInt(40)),
			},
		}},
		// What the documents state, for reconciliation (see Findings).
		Stated: funding.Stated{AnnualTotal: ptr(funding.Pounds(1_000_000)), Year: 2025},
		// Costs rise 3% a year while the money rises 2%: the lot's
		// money-derived FTE falls a little in real terms each year.
		Inflation: funding.Inflation{Default: decimal.NewFromInt(3)},
		Contracts: []scenario.Contract{{
			Name:  contractName,
			Terms: terms,
			// The contract's value rises 2% a year, as the funders'
			// contributions do.
			Uplift: funding.Uplift{Kind: funding.Fixed, Rate: decimal.NewFromInt(2)},
		}},
		Structure: lotting.Structure{
			Areas: []string{north, south},
			Lots:  []lotting.Lot{victims, perpetrators},
			Rules: rules,
		},
		Demand: demand,
		Simulation: scenario.Simulation{
			Seed:         seed,
			Replications: reps,
			// Horizon's zero value is the maximum term (every extension
			// taken): 1 April 2025 to 31 March 2029.
			// Six months of warm-up fill the caseloads before 1 April 2025.
			WarmUp: funding.Duration{N: 6, Unit: funding.Months},
		},
	}
}

// rising returns contributions for the financial years from to to, the
// first of first and each later one rise percent more, rounded to the
// penny (half to even).
func rising(from, to funding.FinancialYear, first funding.Money, rise decimal.Decimal) []funding.Contribution {
	factor := decimal.NewFromInt(1).Add(rise.Shift(-2)) // 2% -> 1.02
	var out []funding.Contribution
	amount := first
	for y := from; y <= to; y++ {
		out = append(out, funding.Contribution{Year: y, Amount: amount})
		amount = amount.Mul(factor).RoundPenny()
	}
	return out
}

// ptr returns a pointer to v, for the optional fields (stated figures).
func ptr[T any](v T) *T { return &v }

// validate runs every check the loader makes on a file, on a scenario
// built in Go values (Scenario.Validate): each package's own validation,
// the cross-checks no single package makes, and the simulation model.
func validate(s *scenario.Scenario) error {
	return s.Validate()
}

// printBudget prints the money side of the scenario: the pool by year,
// the funders' shares, each lot's allocation, the contract's timeline and
// value, and the capacity the money buys against the demand expected.
func printBudget(w io.Writer, b *report.Budget) {
	fmt.Fprintf(w, "\n== Budget (real terms at %s prices)\n", b.BaseYear)
	tw := table(w)
	fmt.Fprintln(tw, "year\tpool (cash)\tpool (real)\tat risk")
	for _, p := range b.Pool {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Year, p.Cash, p.Real, p.AtRisk)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nFunders in %s:\n", b.Years[0])
	for _, f := range b.Funders {
		fmt.Fprintf(w, "  %-26s %s (%s%%), %s\n", f.Name, f.Years[0].Cash, f.Years[0].Percent, f.Status)
	}

	fmt.Fprintln(w, "\nAllocation to lots (cash):")
	tw = table(w)
	fmt.Fprint(tw, "lot\trule")
	for _, y := range b.Years {
		fmt.Fprintf(tw, "\t%s", y)
	}
	fmt.Fprintln(tw)
	for _, l := range b.Lots {
		fmt.Fprintf(tw, "%s\t%s", l.Name, l.Rule)
		for _, y := range l.Years {
			fmt.Fprintf(tw, "\t%s", y.Cash)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	for _, c := range b.Contracts {
		fmt.Fprintf(w, "\nContract %q: %s to %s (with every extension, %s); procure by %s; uplift %s\n",
			c.Name, c.Start, c.End, c.MaxEnd, c.ProcureBy, c.Uplift)
		for _, p := range c.Periods {
			taken := "taken"
			if !p.Taken {
				taken = "option, not taken"
			}
			fmt.Fprintf(w, "  %-12s %s to %s (%s)\n", p.Name, p.Start, p.End, taken)
		}
		fmt.Fprintf(w, "  contract value: initial term %s, as taken %s, maximum %s (%s in real terms)\n",
			c.InitialCash, c.TakenCash, c.MaxCash, c.MaxReal)
	}

	first := b.Capacity[0]
	fmt.Fprintf(w, "\nCapacity against expected demand in %s (hand arithmetic, before simulating):\n", first.Year)
	tw = table(w)
	fmt.Fprintln(tw, "lot\tFTE\tcases a year\texpected referrals\tdemand as a share of capacity\tcost per case")
	for _, c := range first.Lots {
		fte := "-" // a group programme's capacity is its cohorts
		if c.FTE > 0 {
			fte = fmt.Sprintf("%.1f", c.FTE)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.2f\t%s\n", c.Lot, fte, c.CasesPerYear, c.ExpectedDemand, c.DemandShareOfCapacity, c.CostPerCase)
	}
	tw.Flush()
}

// printResults prints a few of the simulation's results, each as the
// mean across replications with its 95% confidence interval.
func printResults(w io.Writer, r *lotsim.SimResult) {
	fmt.Fprintf(w, "\n== Simulation: %d replications, seed %d, from %s (%s to %s)\n",
		r.Replications, r.Seed, r.Start, r.YearLabels[0], r.YearLabels[len(r.YearLabels)-1])
	fmt.Fprintln(w, "Each figure is the mean across replications [95% confidence interval].")

	// Results are indexed by the engine's lot order, which is not the
	// scenario's when there is a front door: look lots up by name.
	v, ok := r.LotIndex(victimLot)
	if !ok {
		panic("no lot " + victimLot) // the scenario above has it
	}
	res := r.Results

	// A Cell is one lot, contract year (or AllYears), area (or AllAreas)
	// and risk level (or AllRisks); Metric summarises one outcome of it.
	fmt.Fprintf(w, "\n%s, by contract year:\n", victimLot)
	tw := table(w)
	fmt.Fprintln(tw, "year\thigh-risk mean wait (days)\thigh-risk p90 wait (days)\twaiting list at year end\tutilisation")
	row := func(label string, year int) {
		high := res.Cell(v, year, simulate.AllAreas, lotting.High)
		all := res.Cell(v, year, simulate.AllAreas, simulate.AllRisks)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", label,
			estimate(high, simulate.WaitMean, 2),
			estimate(high, simulate.WaitP90, 2),
			estimate(all, simulate.YearEndWaiting, 0),
			estimate(all, simulate.Utilisation, 3)) // utilisation is kept for lot totals only
	}
	for y, label := range r.YearLabels {
		row(label, y)
	}
	row("all years", simulate.AllYears)
	tw.Flush()

	// The same lot by area, over the whole period. High-risk victims are
	// served first, so a shortfall shows in the standard-risk waits.
	fmt.Fprintf(w, "\n%s, whole period, by area:\n", victimLot)
	tw = table(w)
	fmt.Fprintln(tw, "area\treferrals\tmean wait (days): high risk\tstandard risk\twithin target\tgave up waiting")
	for a, area := range res.Areas {
		all := res.Cell(v, simulate.AllYears, a, simulate.AllRisks)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", area,
			estimate(all, simulate.Referrals, 0),
			estimate(res.Cell(v, simulate.AllYears, a, lotting.High), simulate.WaitMean, 2),
			estimate(res.Cell(v, simulate.AllYears, a, lotting.Standard), simulate.WaitMean, 1),
			estimate(all, simulate.WithinTarget, 3),
			estimate(all, simulate.Disengaged, 0))
	}
	tw.Flush()

	p, _ := r.LotIndex(perpLot)
	all := res.Cell(p, simulate.AllYears, simulate.AllAreas, simulate.AllRisks)
	fmt.Fprintf(w, "\n%s, whole period:\n", perpLot)
	tw = table(w)
	for _, m := range []struct {
		label  string
		metric simulate.Metric
		places int
	}{
		{"referrals", simulate.Referrals, 0},
		{"started a cohort", simulate.Starts, 0},
		{"completed", simulate.Completions, 0},
		{"dropped out", simulate.DroppedOut, 0},
		{"gave up waiting", simulate.Disengaged, 0},
		{"mean wait (days)", simulate.WaitMean, 1},
		{"utilisation of cohort places", simulate.Utilisation, 3},
	} {
		fmt.Fprintf(tw, "  %s\t%s\n", m.label, estimate(all, m.metric, m.places))
	}
	tw.Flush()

	// The probability that a lot misses its target (90% of starts within
	// the target wait) in a contract year is a proportion with a Wilson
	// interval, not a mean.
	fmt.Fprintf(w, "\nChance %s misses its waiting-time target, by year:\n", victimLot)
	for y, label := range r.YearLabels {
		m := res.Cell(v, y, simulate.AllAreas, simulate.AllRisks).MissedTarget
		ci := m.Wilson95()
		fmt.Fprintf(w, "  %s  %.2f [%.2f, %.2f]\n", label, m.Estimate(), ci.Lo, ci.Hi)
	}
}

// estimate formats metric m of cell c as "mean [lo, hi]" with places
// decimal places: the mean across replications and its 95% confidence
// interval. It takes the cell and the metric, not the summary, because
// the summary's type lives in lotsim's internal/stats, which a program
// outside the module cannot name.
func estimate(c *simulate.Cell, m simulate.Metric, places int) string {
	s := c.Metric(m)
	switch {
	case s.N() == 0:
		return "-" // not defined in any replication (no starts, say)
	case s.N() < 2:
		return number(s.Mean(), places) // too few for an interval
	}
	ci := s.CI95()
	if math.IsNaN(ci.Lo) {
		return number(s.Mean(), places)
	}
	// A t interval is symmetric: with few replications and a skewed
	// metric its lower end can fall below 0 even for a count.
	return fmt.Sprintf("%s [%s, %s]", number(s.Mean(), places), number(ci.Lo, places), number(ci.Hi, places))
}

// number formats x with places decimal places, printing a value that
// rounds to zero as 0, never -0.
func number(x float64, places int) string {
	p := math.Pow(10, float64(places))
	if math.Round(x*p) == 0 {
		x = 0
	}
	return fmt.Sprintf("%.*f", places, x)
}

// table returns a tabwriter for aligned columns; call Flush when done.
func table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}
