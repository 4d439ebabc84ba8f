package lotsim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/scenario"
)

// Staffordshire's 2018 contract against its 2023 recommissioning at flat
// cash, with the same seed and replications (common random numbers): the
// paired difference in the share of people referred to the victims' lot
// who were seen within target, and what differs between the files. Five
// replications keep the example quick; the seed pins every figure.
func ExampleCompare() {
	var ss []*scenario.Scenario
	for _, file := range []string{"scenarios/staffordshire-2018.yaml", "scenarios/staffordshire-2023.yaml"} {
		s, err := scenario.Load(file)
		if err != nil {
			log.Fatal(err)
		}
		ss = append(ss, s)
	}
	r, err := lotsim.Compare(context.Background(), ss, lotsim.CompareOptions{Sim: lotsim.SimOptions{Replications: 5, Workers: 1}})
	if err != nil {
		log.Fatal(err)
	}
	c := r.Comparisons[0]
	fmt.Println("seed", r.Seed, "replications", r.Replications, "same lots:", c.SameLots, "same period:", c.SamePeriod)
	for _, d := range c.Differences {
		if d.Lot == "Victims" && d.Risk == "" && d.Metric == "share_referred_within_target" {
			fmt.Printf("%s %s: %.1f%% -> %.1f%%, difference %.1f to %.1f points\n", d.Lot, d.Metric,
				100*d.A.Mean, 100*d.B.Mean, 100*d.Diff.Lo, 100*d.Diff.Hi)
		}
	}
	for _, ch := range c.InputChanges {
		if ch.Path == "lots[Victims].service.caseworkers.cost_per_fte" {
			fmt.Println(ch.Path+":", ch.A, "->", ch.B)
		}
	}
	// Output:
	// seed 20181001 replications 5 same lots: true same period: false
	// Victims share_referred_within_target: 70.5% -> 39.7%, difference -31.7 to -29.9 points
	// lots[Victims].service.caseworkers.cost_per_fte: £33,600 -> £41,400
}
