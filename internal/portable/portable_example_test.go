package portable_test

import (
	"fmt"

	"github.com/lotsim/lotsim/internal/portable"
)

// A lognormal case length drawn from a standard normal value z: the same
// bits on every machine.
func ExampleExp() {
	mu, sigma, z := 3.8, 0.6, 0.25
	fmt.Printf("%.6f days\n", portable.Exp(mu+float64(sigma*z)))
	// Output: 51.935367 days
}
