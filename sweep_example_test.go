package lotsim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/scenario"
)

// Staffordshire's 2023 contract with the victims' caseworkers' caseloads
// at 18 and at 22 cases each, and a tornado of the default outcome (the
// share of people referred to the first lot with targets who were seen
// within target) with those caseloads 10% lower and higher than the
// file's. Every point uses the scenario's seed; three replications keep
// the example quick.
func ExampleSweep() {
	s, err := scenario.Load("scenarios/staffordshire-2023.yaml")
	if err != nil {
		log.Fatal(err)
	}
	r, err := lotsim.Sweep(context.Background(), s, lotsim.SweepOptions{
		Sim:     lotsim.SimOptions{Replications: 3, Workers: 1},
		Vary:    []string{"lots[Victims].service.caseworkers.caseload_per_fte=18:22:4"},
		Metrics: []string{"Victims:wait_p90"},
		Tornado: []string{"lots[Victims].service.caseworkers.caseload_per_fte=x0.9:x1.1"},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, pt := range r.Points {
		e := pt.Results[0].Estimate
		fmt.Printf("caseload %s: %s %s %.1f days (%.1f to %.1f)\n", pt.Settings[0].Value, pt.Results[0].Lot, pt.Results[0].Metric, e.Mean, e.Lo, e.Hi)
	}
	t := r.Tornado
	fmt.Printf("%s %s: %.1f%%\n", t.Outcome.Lot, t.Outcome.Metric, 100*t.Outcome.Estimate.Mean)
	for _, p := range t.Parameters {
		fmt.Printf("%s %s to %s: %.1f%% to %.1f%%\n", p.Path, p.Low, p.High, 100*p.LowOutcome.Mean, 100*p.HighOutcome.Mean)
	}
	// Output:
	// caseload 18: Victims wait_p90 157.7 days (154.8 to 160.5)
	// caseload 22: Victims wait_p90 101.8 days (95.6 to 108.1)
	// Victims share_referred_within_target: 40.0%
	// lots[Victims].service.caseworkers.caseload_per_fte x0.9 to x1.1: 39.5% to 40.4%
}
