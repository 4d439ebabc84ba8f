// Command compare-lotting simulates the Southend, Essex and Thurrock
// arrangement lotted two ways, six lots behind a front door
// (scenarios/essex-2025.yaml) and one combined contract
// (scenarios/essex-2025-single.yaml), with the same seed, and prints each
// lot's high-risk mean wait with its 95% confidence interval.
//
// Run it from the repository root:
//
//	go run ./examples/compare-lotting [-reps 50] [-workers 0] [FILE...]
//
// With files given, it compares those scenarios instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

func main() {
	reps := flag.Int("reps", 50, "replications per scenario")
	workers := flag.Int("workers", 0, "goroutines (0: one per CPU); never changes the results")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		files = []string{"scenarios/essex-2025.yaml", "scenarios/essex-2025-single.yaml"}
	}
	if err := run(os.Stdout, files, *reps, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "compare-lotting:", err)
		os.Exit(1)
	}
}

// run simulates every file with the first file's seed and prints the
// high-risk waits.
func run(w io.Writer, files []string, reps, workers int) error {
	var seed *uint64
	for _, f := range files {
		s, err := lotsim.Load(f)
		if err != nil {
			return err
		}
		if seed == nil {
			seed = &s.Simulation.Seed // the same seed for all: common random numbers
		}
		r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: reps, Seed: seed, Workers: workers})
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		fmt.Fprintf(w, "%s (%s)\n", s.Name, f)
		fmt.Fprintf(w, "  %d replications, seed %d, %s to %s\n", r.Replications, r.Seed, r.YearLabels[0], r.YearLabels[len(r.YearLabels)-1])
		for l, name := range r.Lots {
			if l == r.Results.FrontDoor {
				continue
			}
			c := r.Results.Cell(l, simulate.AllYears, simulate.AllAreas, lotting.High)
			wait := c.Metric(simulate.WaitMean)
			if wait.N() < 2 {
				continue // no high-risk referrals start here
			}
			ci := wait.CI95()
			fmt.Fprintf(w, "  %-32s high-risk mean wait %6.2f days (95%% CI %6.2f to %6.2f), %5.1f%% within target\n",
				name, wait.Mean(), ci.Lo, ci.Hi, 100*c.Metric(simulate.WithinTarget).Mean())
		}
	}
	return nil
}
