package stats_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/lotsim/lotsim/internal/stats"
)

// Per-replication outcomes are summarised as they arrive; a worker's
// summary is merged into the total in replication order.
func ExampleSummary() {
	// Mean wait (days) of high-risk cases in eight replications.
	var first, second stats.Summary
	for _, x := range []float64{2, 4, 4, 4} {
		first.Add(x)
	}
	for _, x := range []float64{5, 5, 7, 9} {
		second.Add(x)
	}
	first.Merge(second)
	ci := first.CI95()
	fmt.Printf("n=%d mean=%.3f sd=%.3f\n", first.N(), first.Mean(), first.SD())
	fmt.Printf("95%% CI [%.3f, %.3f], ±%.3f\n", ci.Lo, ci.Hi, ci.HalfWidth)
	// Output:
	// n=8 mean=5.000 sd=2.138
	// 95% CI [3.213, 6.787], ±1.787
}

// Waiting times from a seeded source, summarised in fixed memory.
func ExampleHistogram() {
	r := rand.New(rand.NewPCG(20181001, 1))
	var h stats.Histogram
	for range 100000 {
		if r.Float64() < 0.2 {
			h.Add(0) // seen at once
		} else {
			h.Add(30 * r.ExpFloat64()) // waited, mean 30 days
		}
	}
	h.Add(-1) // rejected, counted
	fmt.Printf("count %d, invalid %d, mean %.2f days\n", h.Count(), h.Invalid(), h.Mean())
	fmt.Printf("median %.2f, p90 %.2f, max %.2f days\n", h.Quantile(0.5), h.Quantile(0.9), h.Max())
	fmt.Printf("seen within 28 days: %.2f%%\n", 100*h.FractionAtMost(28))
	// The exact sample median is 13.99 and p90 61.95 (sorting all values),
	// within the stated 0.79%; count, max and the share within 28 days (a
	// bucket boundary) are exact. The distribution's own median is
	// 30·ln(1.6) = 14.10 and p90 30·ln(8) = 62.38.

	// Output:
	// count 100000, invalid 1, mean 23.83 days
	// median 13.94, p90 61.75, max 335.06 days
	// seen within 28 days: 68.76%
}

// Waiting-list size on one date across replications, as percentile bands.
func ExampleCountHistogram() {
	var c stats.CountHistogram
	for _, n := range []int{120, 95, 143, 101, 130, 88, 115, 160, 99, 124} {
		c.Add(n)
	}
	fmt.Printf("p10 %v, p50 %v, p90 %v, mean %.1f\n", c.Quantile(0.1), c.Quantile(0.5), c.Quantile(0.9), c.Mean())
	// Output:
	// p10 88, p50 115, p90 143, mean 117.5
}

// The probability that a lot misses its target in a year.
func ExampleProportion() {
	var missed stats.Proportion
	for _, m := range []bool{true, true, false, true, true, true, true, false, true, true} {
		missed.Add(m)
	}
	ci := missed.Wilson95()
	fmt.Printf("missed in %d of %d years: %.2f, 95%% CI [%.4f, %.4f]\n",
		missed.Successes(), missed.Trials(), missed.Estimate(), ci.Lo, ci.Hi)
	// Output:
	// missed in 8 of 10 years: 0.80, 95% CI [0.4902, 0.9433]
}
