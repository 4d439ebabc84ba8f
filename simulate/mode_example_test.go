package simulate_test

import (
	"context"
	"fmt"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// A perpetrator programme runs groups of 12 over 26 weeks, 5 at once with
// a possible start every 6 weeks, for 3 referrals a week who give up after
// 30 days on average; on day 540 a lockdown moves it to 1:1 work (40 cases
// at once, each 182 days) and on day 1066 back to groups. People waiting
// at each switch keep their place and wait; cohorts and cases running then
// finish as they started. The seed pins every number.
func ExampleModeStep() {
	patience := lotting.Distribution{Kind: lotting.Exponential, Mean: 30}
	m := &simulate.Model{
		Horizon: 1461, SampleEvery: -1, YearStarts: []float64{0, 365, 730, 1096},
		Streams: []simulate.Stream{{Group: lotting.Perpetrator, Rate: 3.0 / 7, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{
			Name: "Perpetrators", Mode: lotting.GroupWork,
			Slots: []simulate.CapacityStep{{Slots: 5}, {At: 540, Slots: 40}, {At: 1066, Slots: 5}},
			Modes: []simulate.ModeStep{{At: 540, Mode: lotting.Casework}, {At: 1066, Mode: lotting.GroupWork}},
			Group: simulate.GroupSettings{CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: 42},
			// The 1:1 case length: the same 26 weekly sessions, one at a time.
			Service:       lotting.Distribution{Kind: lotting.Lognormal, Mean: 182, SD: 21},
			Disengagement: []simulate.Disengagement{{Group: lotting.Perpetrator, Patience: &patience, DropOut: 0.4}},
		}},
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 7, Replications: 50, Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for y := range 4 {
		c := res.Cell(0, y, simulate.AllAreas, simulate.AllRisks)
		fmt.Printf("year %d: %.0f starts, %.0f gave up, mean wait %.1f days\n", y+1,
			c.Metric(simulate.Starts).Mean(), c.Metric(simulate.Disengaged).Mean(), c.Metric(simulate.WaitMean).Mean())
	}
	// Output:
	// year 1: 73 starts, 76 gave up, mean wait 17.5 days
	// year 2: 99 starts, 59 gave up, mean wait 11.7 days
	// year 3: 103 starts, 53 gave up, mean wait 11.4 days
	// year 4: 73 starts, 78 gave up, mean wait 17.5 days
}
