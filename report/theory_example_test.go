package report_test

import (
	"fmt"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/simulate"
)

// A casework lot with 2 referrals a day, 12 case slots, case lengths of 5
// days on average and people who give up after 20 days on average: Erlang
// A. Its closed form needs no simulation.
func ExampleNewTheory() {
	patience := lotting.Distribution{Kind: lotting.Exponential, Mean: 20}
	m := &simulate.Model{
		Horizon: 365, WarmUp: 100,
		Streams: []simulate.Stream{{Group: lotting.Victim, Rate: 2, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{Name: "Victims", Slots: []simulate.CapacityStep{{Slots: 12}},
			Service:       lotting.Distribution{Kind: lotting.Exponential, Mean: 5},
			Disengagement: []simulate.Disengagement{{Group: lotting.Victim, Patience: &patience}},
			Targets:       [3]float64{3, 0, 0}}},
	}
	t := report.NewTheory(m, 0, []string{"2025/26"}, nil, 20)
	p := t.Period
	fmt.Println(t.Model, "departures:", len(t.Departures))
	fmt.Printf("seen within 3 days %.1f%%, gave up %.2f%%, mean wait %.2f days\n",
		100*float64(p.WithinTargetAll), 100*float64(p.GaveUp), float64(p.MeanWait))
	fmt.Printf("slots needed for 90%%: %d (%.2f FTE at 20 cases each)\n", p.SlotsNeeded, float64(p.FTENeeded))
	// Output:
	// erlang_a departures: 0
	// seen within 3 days 93.1%, gave up 2.70%, mean wait 0.54 days
	// slots needed for 90%: 12 (0.60 FTE at 20 cases each)
}
