package simulate_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// A rate known only to within ±20% (a 95% interval): each replication
// runs on a model with its own rate, drawn from a source seeded by the
// replication index, so the spread of a year's referrals across
// replications includes the rate's uncertainty, not only Poisson noise,
// and the results do not depend on the number of workers. (Poisson alone
// gives an sd of sqrt(1,095) = 33; with the rate's log standard error
// s = 0.103 the variance adds 1,095² × (e^(s²) − 1) to give about 118.)
func ExampleOptions_modelFor() {
	model := func(rate float64) *simulate.Model {
		return &simulate.Model{
			Horizon: 365,
			Streams: []simulate.Stream{{Group: lotting.Victim, Rate: rate, RiskMix: [3]float64{1, 0, 0}}},
			Route:   [][3]int{{0, 0, 0}},
			Lots: []simulate.Lot{{Name: "IDVA", Slots: []simulate.CapacityStep{{Slots: 100}},
				Service: lotting.Distribution{Kind: lotting.Lognormal, Mean: 20, SD: 10}}},
		}
	}
	se := math.Log(1.2/0.8) / (2 * 1.959964) // the log rate's standard error
	drawn := func(rep int) (*simulate.Model, error) {
		r := rand.New(rand.NewPCG(99, uint64(rep)))
		return model(3 * math.Exp(se*r.NormFloat64())), nil
	}
	for _, hook := range []func(int) (*simulate.Model, error){nil, drawn} {
		res, err := simulate.Run(context.Background(), model(3), simulate.Options{Seed: 1, Replications: 400, Workers: 2, ModelFor: hook})
		if err != nil {
			fmt.Println(err)
			return
		}
		n := res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Referrals)
		fmt.Printf("drawn %-5t referrals a year %4.0f, sd across replications %3.0f\n", hook != nil, n.Mean(), n.SD())
	}
	// Output:
	// drawn false referrals a year 1094, sd across replications  34
	// drawn true  referrals a year 1098, sd across replications 120
}
