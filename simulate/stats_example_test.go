package simulate_test

import (
	"fmt"

	"github.com/lotsim/lotsim/simulate"
)

// meanWithCI formats a result the way a committee paper quotes it. Its
// parameter is a simulate.Summary, which a program outside the module
// can name thanks to the alias.
func meanWithCI(s simulate.Summary) string {
	ci := s.CI95()
	return fmt.Sprintf("%.2f (95%% CI %.2f to %.2f, %d replications)", s.Mean(), ci.Lo, ci.Hi, s.N())
}

func ExampleSummary() {
	var waits simulate.Summary
	for _, days := range []float64{1, 2, 3, 4} {
		waits.Add(days)
	}
	// Mean 2.5; sd 1.291; half-width t(0.975, 3) x sd / 2 = 3.182 x 0.6455 = 2.05.
	fmt.Println(meanWithCI(waits))
	// Output: 2.50 (95% CI 0.45 to 4.55, 4 replications)
}
