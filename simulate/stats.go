package simulate

import "github.com/lotsim/lotsim/internal/stats"

// The statistics that Results hold are implemented in an internal package;
// these aliases let programs that import simulate name them (in a
// function's parameters, a struct field or a slice), not just call their
// methods.
type (
	// Summary is a running mean and variance across replications, with
	// a Student t 95% confidence interval (CI95).
	Summary = stats.Summary
	// Interval is a confidence interval: Lo, Hi and HalfWidth, all NaN
	// when it cannot be computed (fewer than two replications).
	Interval = stats.Interval
	// Histogram is a mergeable histogram of waiting times whose
	// quantiles are within 2^-7 relative of the exact ones above 2^-10 days.
	Histogram = stats.Histogram
	// Proportion is a count of successes in trials with a Wilson 95%
	// interval, such as the years in which a lot missed its target.
	Proportion = stats.Proportion
	// CountHistogram is an exact histogram of small counts, such as
	// waiting-list sizes across replications at one time.
	CountHistogram = stats.CountHistogram
)
