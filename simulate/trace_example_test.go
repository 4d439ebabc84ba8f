package simulate_test

import (
	"context"
	"fmt"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// Follow each person through one replication of a one-caseworker service
// over its first week: referrals, starts and exits with their times and
// the person's slab index, which is reused once its person has left.
func ExampleOptions_trace() {
	m := &simulate.Model{
		Horizon: 7, SampleEvery: -1,
		Streams: []simulate.Stream{{Group: lotting.Victim, Rate: 0.8, RiskMix: [3]float64{0.7, 0.2, 0.1}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{
			Name: "IDVA", Slots: []simulate.CapacityStep{{Slots: 1}},
			Service:       lotting.Distribution{Kind: lotting.Exponential, Mean: 2},
			Disengagement: []simulate.Disengagement{{Group: lotting.Victim, Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 3}}},
		}},
	}
	trace := func(ev simulate.TraceEvent) {
		fmt.Printf("day %5.2f  person %d  %-9v %s risk\n", ev.Time, ev.Person, ev.Kind, ev.Risk)
	}
	if _, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 1, Replications: 1, Trace: trace}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// day  1.72  person 0  referred  medium risk
	// day  1.72  person 0  started   medium risk
	// day  2.40  person 1  referred  standard risk
	// day  2.72  person 0  completed medium risk
	// day  2.72  person 1  started   standard risk
	// day  2.74  person 0  referred  standard risk
	// day  4.08  person 2  referred  high risk
	// day  4.47  person 3  referred  medium risk
	// day  4.92  person 4  referred  medium risk
	// day  5.24  person 5  referred  standard risk
	// day  5.26  person 1  completed standard risk
	// day  5.26  person 2  started   high risk
}
