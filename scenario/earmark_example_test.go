package scenario_test

import (
	"fmt"
	"log"

	"github.com/lotsim/lotsim/scenario"
)

// Essex's £75,000 a year of perpetrator match-funding (seed 004) is
// earmarked to the perpetrator lot: of the lot's £427,750, £75,000 is the
// PFCC's and the rest general money.
func ExampleScenario_Earmarks() {
	s, err := scenario.LoadValid("../scenarios/essex-2025.yaml")
	if err != nil {
		log.Fatal(err)
	}
	split, err := s.Earmarks(2025)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range split.Lots {
		for _, f := range l.Earmarked {
			fmt.Printf("%s: %s from %s, %s general, %s in all\n", l.Lot, f.Amount, f.Funder, l.General, l.Allocation)
		}
	}
	fmt.Printf("pool: %s earmarked, %s general\n", split.Earmarked, split.General)
	// Output:
	// Perpetrator services: £75,000.00 from Essex PFCC (Community Safety Fund, perpetrator match-funding), £352,750.00 general, £427,750.00 in all
	// pool: £75,000.00 earmarked, £7,175,000.00 general
}
