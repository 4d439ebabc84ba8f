package simulate_test

import (
	"context"
	"fmt"
	"math"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// A single contract that pools victims and perpetrators in one caseload:
// Groups lists who reaches the lot, and CellGroup breaks its results down
// by group, the groups adding up to the lot's total.
func ExampleResults_CellGroup() {
	m := &simulate.Model{
		Horizon: 365, WarmUp: 60, SampleEvery: -1,
		Streams: []simulate.Stream{
			{Group: lotting.Victim, Rate: 4, RiskMix: [3]float64{0.6, 0.3, 0.1}},
			{Group: lotting.Perpetrator, Rate: 1, RiskMix: [3]float64{0.5, 0.5, 0}},
		},
		Route: [][3]int{{0, 0, 0}, {0, 0, 0}},
		Lots: []simulate.Lot{{
			Name:    "Combined service",
			Slots:   []simulate.CapacityStep{{Slots: 150}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 30},
		}},
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 1, Replications: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("client groups:", res.Groups(0))
	total := res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Referrals).Mean()
	sum := 0.0
	for _, g := range res.Groups(0) {
		c := res.CellGroup(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, g)
		n := c.Metric(simulate.Referrals).Mean()
		sum += n
		// About 4 and 1 a day for a year: 1,461 and 365.
		fmt.Printf("%s: about %.0f hundred referrals a year\n", g, n/100)
	}
	fmt.Println("groups add up to the total:", math.Abs(sum-total) < 1e-9*total)
	// Output:
	// client groups: [victim perpetrator]
	// victim: about 15 hundred referrals a year
	// perpetrator: about 4 hundred referrals a year
	// groups add up to the total: true
}
