package bench

import (
	"math"
	"testing"
)

// erlangCWait returns the mean wait in queue of a stationary M/M/c queue
// (Erlang's C formula): the probability of waiting over c·mu - lambda.
func erlangCWait(c int, lambda, mu float64) float64 {
	a := lambda / mu
	term, sum := 1.0, 0.0 // a^k/k!
	for k := range c {
		sum += term
		term *= a / float64(k+1)
	}
	tail := term * float64(c) / (float64(c) - a) // a^c/c! · c/(c-a)
	return tail / (sum + tail) / (float64(c)*mu - lambda)
}

// TestReferenceMMc checks the reference loop against Erlang's C formula,
// so that the speed it sets is that of a correct simulation: M/M/10 with
// lambda 9 and mu 1 (mean wait 0.6687 days) and M/M/1 at rho 0.5 (mean
// wait 1), 20 seeds of 200,000 customers each. The mean over seeds must be
// within 5.5 standard errors of the exact wait; the t distribution with
// 19 degrees of freedom exceeds 5.5 with probability about 3e-5, and the
// bias of starting empty (a relaxation of a few thousand customers) is
// under one standard error.
func TestReferenceMMc(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		c          int
		lambda, mu float64
	}{{10, 9, 1}, {1, 0.5, 1}} {
		want := erlangCWait(tc.c, tc.lambda, tc.mu)
		const seeds = 20
		var sum, sumSq float64
		for s := range seeds {
			w := ReferenceMMc(tc.c, tc.lambda, tc.mu, 200_000, uint64(1000+s))
			sum += w
			sumSq += w * w
		}
		mean := sum / seeds
		se := math.Sqrt((sumSq - seeds*mean*mean) / (seeds - 1) / seeds)
		if math.Abs(mean-want) > 5.5*se {
			t.Errorf("M/M/%d lambda %v mu %v: mean wait %.5f ± %.5f (se), Erlang C gives %.5f",
				tc.c, tc.lambda, tc.mu, mean, se, want)
		}
		if want2 := map[int]float64{10: 0.6687, 1: 1}[tc.c]; math.Abs(want-want2) > 5e-5 {
			t.Errorf("erlangCWait(%d, %v, %v) = %v, hand calculation %v", tc.c, tc.lambda, tc.mu, want, want2)
		}
	}
}
