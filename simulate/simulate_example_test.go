package simulate_test

import (
	"context"
	"fmt"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// A small IDVA service: 4 victim referrals a day, a tenth of them high
// risk, 82 case slots with lognormal case lengths of 20 days on average,
// targets of 7 days for standard risk and half a day for high risk, one contract year after a 90-day warm-up.
// High risk is served first, so its waits stay short while standard-risk
// waits are longer. The seed pins every number printed.
func Example() {
	m := &simulate.Model{
		Horizon: 365, WarmUp: 90, SampleEvery: 30,
		Streams: []simulate.Stream{{Group: lotting.Victim, Rate: 4, RiskMix: [3]float64{0.6, 0.3, 0.1}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{
			Name:    "IDVA",
			Slots:   []simulate.CapacityStep{{Slots: 82}},
			Service: lotting.Distribution{Kind: lotting.Lognormal, Mean: 20, SD: 10},
			Targets: [3]float64{7, 3, 0.5},
			Cost:    []funding.Money{funding.Pounds(450000)},
		}},
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 20181001, Replications: 20, Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("replications:", res.Replications)
	for _, r := range []lotting.Risk{lotting.High, lotting.Standard} {
		c := res.Cell(0, simulate.AllYears, simulate.AllAreas, r)
		w := c.Metric(simulate.WaitMean)
		ci := w.CI95()
		fmt.Printf("%-8s mean wait %.2f days (95%% CI %.2f to %.2f), within target %.3f, P(miss) %.2f\n",
			r, w.Mean(), ci.Lo, ci.Hi, c.Metric(simulate.WithinTarget).Mean(), c.MissedTarget.Estimate())
	}
	all := res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks)
	fmt.Printf("utilisation %.3f\n", all.Metric(simulate.Utilisation).Mean())
	cost, _ := res.CostPerCompletion(0, 0)
	fmt.Println("cost per completed case:", cost)
	// Output:
	// replications: 20
	// high     mean wait 0.17 days (95% CI 0.15 to 0.20), within target 0.898, P(miss) 0.45
	// standard mean wait 4.04 days (95% CI 2.70 to 5.37), within target 0.750, P(miss) 0.60
	// utilisation 0.969
	// cost per completed case: £310.07
}
