// Command compare-lotting compares two ways of lotting the same
// partnership: Southend, Essex and Thurrock's joint fund bought as six lots
// behind a front door (scenarios/essex-2025.yaml) and as one combined
// contract (scenarios/essex-2025-single.yaml). Both have the same money,
// demand and front door. It simulates each with the same seed and prints
// a table of key results with 95% confidence intervals: flows through the
// whole system, then each lot's waits and utilisation, then the paired
// differences of each scenario from the first (lotsim.Compare).
//
// The same seed gives both scenarios the same referrals (common random
// numbers: each replication's arrivals come from sources seeded by the
// seed and the replication's index), so the differences come from the
// lotting, not from luck in who was referred.
//
// The scenario paths are relative to the repository root, so run it from
// there:
//
//	go run ./examples/compare-lotting [-replications 50] [-seed N] [-workers 0] [FILE...]
//
// -seed defaults to the first scenario's own seed. With files given, it
// compares those scenarios instead (two or more).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// defaultFiles are the two Essex scenarios, relative to the repository
// root.
var defaultFiles = []string{"scenarios/essex-2025.yaml", "scenarios/essex-2025-single.yaml"}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program: it parses args, writes the comparison to
// stdout and problems to stderr, and returns the exit code (0 success, 1
// failure, 2 bad usage).
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("compare-lotting", flag.ContinueOnError)
	flags.SetOutput(stderr)
	reps := flags.Int("replications", 50, "Monte Carlo `replications` per scenario")
	seed := flags.Uint64("seed", 0, "random `seed` for every scenario (default: the first scenario's)")
	workers := flags.Int("workers", 0, "goroutines (0: one per CPU); never changes the results")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	files := flags.Args()
	if len(files) == 0 {
		files = defaultFiles
	}
	if *reps < 2 || len(files) < 2 {
		fmt.Fprintln(stderr, "compare-lotting: want at least 2 replications (for an interval) and 2 scenarios")
		flags.Usage()
		return 2
	}
	seedSet := false
	flags.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })

	var scenarios []*scenario.Scenario
	for _, f := range files {
		s, err := scenario.Load(f)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(stderr, "compare-lotting: %v\n(scenario paths are relative to the repository root: run from there)\n", err)
			} else {
				fmt.Fprintf(stderr, "compare-lotting: %v\n", err)
			}
			return 1
		}
		scenarios = append(scenarios, s)
	}
	if !seedSet {
		*seed = scenarios[0].Simulation.Seed
	}

	// Every scenario runs with the same seed and replications: common
	// random numbers. lotsim.Compare pairs each scenario's replications
	// with the first's.
	opt := lotsim.SimOptions{Replications: *reps, Seed: seed, Workers: *workers}
	var runs []*lotsim.SimResult
	r, err := lotsim.Compare(context.Background(), scenarios, lotsim.CompareOptions{Sim: opt,
		Result: func(_ int, res *lotsim.SimResult) { runs = append(runs, res) }})
	if err != nil {
		fmt.Fprintf(stderr, "compare-lotting: %v\n", err)
		return 1
	}
	printComparison(stdout, files, scenarios, r, runs)
	return 0
}

// printComparison prints the comparison: which scenario is which, the flows
// through the whole system side by side, each lot's waits, then the paired
// differences of each scenario from the first. runs are the scenarios'
// simulations, in order.
func printComparison(w io.Writer, files []string, scenarios []*scenario.Scenario, c *report.Compare, runs []*lotsim.SimResult) {
	first := runs[0]
	period := first.YearLabels[0] + " to " + first.YearLabels[len(first.YearLabels)-1]
	fmt.Fprintf(w, "Seed %d for every scenario (common random numbers), %d replications each, %s.\n",
		first.Seed, first.Replications, period)
	for _, r := range runs[1:] {
		if !slices.Equal(r.YearLabels, first.YearLabels) {
			fmt.Fprintln(w, "Note: the scenarios cover different periods; their totals are not like for like.")
			break
		}
	}
	fmt.Fprintln(w, "Figures are means across replications with 95% confidence intervals [low, high].")
	fmt.Fprintln(w)
	tw := table(w)
	for i, s := range scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", label(i), files[i], s.Name)
	}
	tw.Flush()

	// The whole system: every referral, whatever lot it reaches. The
	// counts are per replication, over the whole period.
	fmt.Fprintf(w, "\nWhole system, %s:\n", period)
	tw = table(w)
	for i := range runs {
		fmt.Fprintf(tw, "\t%s", label(i))
	}
	fmt.Fprintln(tw)
	rows := []struct {
		name string
		get  func(f *simulate.SystemFlow) (string, float64)
	}{
		{"referrals", func(f *simulate.SystemFlow) (string, float64) { return estimate(f.Referrals, 0) }},
		{"self-served at the front door", func(f *simulate.SystemFlow) (string, float64) { return estimate(f.SelfServed, 0) }},
		{"completed", func(f *simulate.SystemFlow) (string, float64) { return estimate(f.Completed, 0) }},
		{"dropped out of service", func(f *simulate.SystemFlow) (string, float64) { return estimate(f.DroppedOut, 0) }},
		{"gave up waiting", func(f *simulate.SystemFlow) (string, float64) { return estimate(f.Disengaged, 0) }},
		{"waiting or in service at the end", func(f *simulate.SystemFlow) (string, float64) { return estimate(f.Out, 0) }},
	}
	for _, row := range rows {
		fmt.Fprint(tw, row.name)
		for _, r := range runs {
			text, _ := row.get(&r.Results.System)
			fmt.Fprintf(tw, "\t%s", text)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	// Each lot over the whole period. High-risk victims are served first
	// in every lot; the all-risk wait shows what the others wait.
	fmt.Fprintf(w, "\nBy lot, %s (waits in days):\n", period)
	tw = table(w)
	fmt.Fprintln(tw, "\tlot\thigh-risk mean wait\thigh-risk p90 wait\tmean wait, all risks\twithin target\tutilisation")
	for i, r := range runs {
		res := r.Results
		for l, name := range r.Lots {
			if l == res.FrontDoor {
				continue // the front door's lot triages; it holds no cases
			}
			high := res.Cell(l, simulate.AllYears, simulate.AllAreas, lotting.High)
			all := res.Cell(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks)
			highMean, _ := estimate(high.Metric(simulate.WaitMean), 2)
			highP90, _ := estimate(high.Metric(simulate.WaitP90), 2)
			allMean, _ := estimate(all.Metric(simulate.WaitMean), 1)
			within, _ := estimate(all.Metric(simulate.WithinTarget), 3)
			util, _ := estimate(all.Metric(simulate.Utilisation), 3)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", label(i), name, highMean, highP90, allMean, within, util)
		}
	}
	tw.Flush()

	// The paired differences: replication k of each scenario saw the same
	// referrals, so the interval of B - A is far narrower than either
	// figure's. Counts are rates a year.
	for i, cmp := range c.Comparisons {
		fmt.Fprintf(w, "\n%s - A, paired, over all lots but the front door (counts a year, waits in days):\n", label(i+1))
		tw = table(w)
		fmt.Fprintf(tw, "\tA\t%s\t%s - A\n", label(i+1), label(i+1))
		for _, d := range cmp.Differences {
			if d.Lot != "" || d.Risk != "" {
				continue
			}
			places := 0
			if d.Unit == "days" {
				places = 1
			}
			name := strings.ReplaceAll(d.Metric, "_", " ")
			if d.Unit == "a year" {
				name += " a year"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, estimateText(d.A, places), estimateText(d.B, places), estimateText(d.Diff, places))
		}
		tw.Flush()
		for _, f := range cmp.Findings {
			fmt.Fprintln(w, f)
		}
	}
}

// estimateText formats an estimate as estimate does a summary.
func estimateText(e report.Estimate, places int) string {
	switch {
	case e.N == 0:
		return "-"
	case e.N < 2 || math.IsNaN(float64(e.Lo)):
		return number(float64(e.Mean), places)
	}
	return fmt.Sprintf("%s [%s, %s]", number(float64(e.Mean), places), number(float64(e.Lo), places), number(float64(e.Hi), places))
}

// label names the i-th scenario in the tables: A, B, C, ...
func label(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprint(i + 1)
}

// interval is the shape of the confidence interval a summary's CI95
// returns.
type interval = struct{ Lo, Hi, HalfWidth float64 }

// summary is what Cell.Metric and the SystemFlow fields return. Their
// type is stats.Summary, in lotsim's internal/stats, which a program
// outside the module cannot name; this constraint lets a function take
// one anyway, inferring the types from the argument.
type summary[I ~interval] interface {
	Mean() float64
	N() int
	CI95() I
}

// estimate formats s as "mean [lo, hi]" with places decimal places and
// returns its mean too. A metric defined in no replication (a wait where
// nobody started) prints as "-".
func estimate[S summary[I], I ~interval](s S, places int) (string, float64) {
	if s.N() == 0 {
		return "-", math.NaN()
	}
	ci := interval(s.CI95())
	if s.N() < 2 || math.IsNaN(ci.Lo) {
		return number(s.Mean(), places), s.Mean()
	}
	// A t interval is symmetric: with few replications and a skewed
	// metric its lower end can fall below 0 even for a count.
	return fmt.Sprintf("%s [%s, %s]", number(s.Mean(), places), number(ci.Lo, places), number(ci.Hi, places)), s.Mean()
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
