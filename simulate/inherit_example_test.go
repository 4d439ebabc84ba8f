package simulate_test

import (
	"context"
	"fmt"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// Take over a one-caseworker service part-way: a case 4 days into a fixed
// 10-day length, and two people who have already waited 2 and 9 days.
// Waiters are placed first, longest wait first, so the open case is
// person 2. It ends on day 6; the longer waiter starts then, having
// waited 15 days in all, and the other on day 16, having waited 18.
func ExampleInheritedPerson() {
	m := &simulate.Model{
		Horizon: 30, SampleEvery: -1,
		Streams: []simulate.Stream{{Group: lotting.Victim, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{
			Name: "IDVA", Slots: []simulate.CapacityStep{{Slots: 1}},
			Service: lotting.FixedValue(10),
			Inherited: []simulate.InheritedPerson{
				{Elapsed: 4, Stream: 0, Risk: lotting.Standard},
				{Waiting: true, Elapsed: 2, Stream: 0, Risk: lotting.Standard},
				{Waiting: true, Elapsed: 9, Stream: -1}, // stream and risk drawn
			},
		}},
	}
	trace := func(ev simulate.TraceEvent) {
		fmt.Printf("day %4.1f  person %d  %v\n", ev.Time, ev.Person, ev.Kind)
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 1, Replications: 1, Trace: trace})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean wait %.1f days\n", res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.WaitMean).Mean())
	// Output:
	// day  0.0  person 0  inherited
	// day  0.0  person 1  inherited
	// day  0.0  person 2  inherited
	// day  6.0  person 2  completed
	// day  6.0  person 0  started
	// day 16.0  person 0  completed
	// day 16.0  person 1  started
	// day 26.0  person 1  completed
	// mean wait 16.5 days
}
