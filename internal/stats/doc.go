// Package stats holds the statistics machinery that lotsim's Monte Carlo
// engine (package simulate) uses to aggregate results across replications
// in memory that does not grow with the number of replications.
//
// It provides four accumulators, each mergeable so that workers can
// summarise their own replications and the results can be combined:
//
//   - [Summary]: running mean and variance (Welford) of one outcome per
//     replication, with a Student t 95% confidence interval for the mean
//     ([Summary.CI95]), for instance to drive a stopping rule.
//   - [Histogram]: a log-linear histogram of non-negative values such as
//     waiting times in days, with exact count, minimum and maximum, an
//     accurate mean, and quantiles within a stated error bound (0.79%
//     relative above 2^-10 of a unit, 7.7e-6 absolute at or below it).
//   - [CountHistogram]: an exact histogram of small non-negative integers,
//     such as the waiting-list size at a time point across replications.
//   - [Proportion]: successes out of trials with a Wilson score 95% interval,
//     such as the probability that a lot misses its waiting-time target.
//
// # Determinism
//
// Every operation is a deterministic function of its inputs and their
// order: adding the same values, or merging the same accumulators, in the
// same order gives bit-identical results. Floating-point merges are not
// associative, so callers who want results independent of the number of
// workers should merge per-replication results in replication-index order,
// never in completion order.
//
// # Where it stops
//
// The package draws no random numbers and knows nothing of money, dates or
// the domain: values are float64 (days, counts, rates) and the caller
// decides what they mean. It does no time-weighted statistics (for
// instance the time-average queue length within a replication); the engine
// computes those and may feed one value per replication into a [Summary].
// For exact quantiles of a small sample that fits in memory, sort it and use
// gonum's stat.Quantile instead of a [Histogram]. None of the types is safe
// for concurrent use: give each goroutine its own and merge afterwards.
package stats
