package simulate_test

import (
	"context"
	"fmt"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// A casework lot that stretches: 3 people already waiting, a normal
// caseload of 1, a stretched maximum of 2 and fixed 10-day cases that last
// twice as long when taken on stretched. One starts normally, one
// stretched at once, and the third stretched when the first ends on day 10;
// the lot is above its normal caseload for 20 of the 40 days. Everything is
// fixed, so no random draw changes the output.
func ExampleStretch() {
	m := &simulate.Model{
		Horizon: 40, SampleEvery: -1,
		Streams: []simulate.Stream{{Group: lotting.Victim, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{
			Name:    "IDVA",
			Slots:   []simulate.CapacityStep{{Slots: 1, MaxSlots: 2}},
			Service: lotting.Distribution{Kind: lotting.Fixed, Mean: 10},
			Waiting: 3,
			Stretch: &simulate.Stretch{Factor: 2},
		}},
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 1, Replications: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks)
	for _, mt := range []simulate.Metric{simulate.Starts, simulate.StretchedStarts, simulate.StretchedShare,
		simulate.TimeStretched, simulate.ExtraCaseload, simulate.Utilisation, simulate.WaitMean} {
		fmt.Printf("%-22s %.3f\n", mt, c.Metric(mt).Mean())
	}
	// Output:
	// starts                 3.000
	// stretched_starts       2.000
	// share_stretched_starts 0.667
	// share_time_stretched   0.500
	// extra_caseload         0.500
	// utilisation            0.625
	// wait_mean              3.333
}
