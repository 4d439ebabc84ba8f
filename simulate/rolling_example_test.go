package simulate_test

import (
	"context"
	"fmt"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// A perpetrator programme of 26 weekly sessions in cohorts of 12, a
// possible start every 7 weeks and 4 cohorts at once, for 2.5 referrals a
// week who give up after 30 days on average and of whom 40% drop out.
// Closed intake against rolling intake up to week 8 with a contact every
// 2 weeks that halves the rate of giving up. The seed pins every number.
func ExampleGroupSettings_rolling() {
	model := func(rolling bool) *simulate.Model {
		d := simulate.Disengagement{Group: lotting.Perpetrator, DropOut: 0.4,
			Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 30}}
		g := simulate.GroupSettings{CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: 49}
		if rolling {
			g.Rolling, g.JoinUntilWeek = true, 8
			d.EngageEvery, d.PatienceFactor = 14, 2
		}
		return &simulate.Model{
			Horizon: 5 * 365.25, WarmUp: 365.25, SampleEvery: -1,
			Streams: []simulate.Stream{{Group: lotting.Perpetrator, Rate: 2.5 / 7, RiskMix: [3]float64{1, 0, 0}}},
			Route:   [][3]int{{0, 0, 0}},
			Lots: []simulate.Lot{{Name: "Programme", Mode: lotting.GroupWork,
				Slots: []simulate.CapacityStep{{Slots: 4}}, Group: g, Disengagement: []simulate.Disengagement{d}}},
		}
	}
	for _, rolling := range []bool{false, true} {
		res, err := simulate.Run(context.Background(), model(rolling), simulate.Options{Seed: 11, Replications: 50, Workers: 2})
		if err != nil {
			fmt.Println(err)
			return
		}
		c := res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks)
		perYear := func(m simulate.Metric) float64 { return c.Metric(m).Mean() / 5 }
		fmt.Printf("rolling %-5v: %.0f starts, %.0f completions, %.0f gave up, %.0f contacts a year\n",
			rolling, perYear(simulate.Starts), perYear(simulate.Completions), perYear(simulate.Disengaged), perYear(simulate.Contacts))
	}
	// Output:
	// rolling false: 60 starts, 37 completions, 71 gave up, 0 contacts a year
	// rolling true : 92 starts, 57 completions, 39 gave up, 108 contacts a year
}
