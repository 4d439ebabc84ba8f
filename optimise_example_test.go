package lotsim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/optimise"
	"github.com/lotsim/lotsim/scenario"
)

// Two casework lots share a pool that buys 83 caseworkers at £40,000; the
// closed forms say North needs 34 and South 49 to see 90% of referrals
// within 14 days. Today's 50:50 split leaves South short; Optimise finds
// the split that meets both targets, moving money in £40,000 steps.
func ExampleOptimise() {
	s, err := scenario.Load("optimise/testdata/two-lots.yaml")
	if err != nil {
		log.Fatal(err)
	}
	r, err := lotsim.Optimise(context.Background(), s, optimise.Options{Step: funding.Pounds(40_000)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("every target met: %v (today: %v)\n", r.Feasible, r.Current.Feasible)
	for i, l := range r.Plan.Lots {
		fmt.Printf("%s: %s (%.1f FTE), today %s\n", l.Name, l.Money, l.FTE, r.Current.Lots[i].Money)
	}
	// Output:
	// every target met: true (today: false)
	// North victims: £1,360,000.00 (34.0 FTE), today £1,670,000.00
	// South victims: £1,980,000.00 (49.5 FTE), today £1,670,000.00
}
