// Package glm fits Poisson regression (a generalised linear model with log link) to
// counts, the numerical core under `lotsim fit` for monthly referral counts: a rate per
// stream, a trend (growth a year), monthly seasonality and shocks for stated periods,
// with an exposure offset.
//
// # Method
//
// [FitPoisson] maximises the Poisson likelihood of counts y with mean
// μ_i = exp(x_i·β + offset_i) by iteratively reweighted least squares (Fisher scoring,
// which for the canonical log link is Newton's method), solving the weighted normal
// equations XᵀWXβ = XᵀWz by Cholesky factorisation (gonum mat), and halving the step
// whenever the deviance would rise. Before fitting it rejects, with an error naming the
// column, a column that is all zero, a column that is a linear combination of earlier
// ones, and a column whose coefficient has no finite estimate because every row where
// the column is non-zero (all of one sign) has a zero count. Standard errors come from
// the inverse of XᵀWX at the optimum; [Poisson.CI] is the Wald interval, and
// [Poisson.Dispersion], the Pearson chi-squared over its degrees of freedom, lets the
// caller widen intervals for overdispersion quasi-Poisson style ([Poisson.QuasiCI]).
// [LRTest] compares nested models by the likelihood-ratio test.
//
// # Where it stops
//
// The package knows nothing of dates or streams: the caller builds the design matrix,
// including the intercept column, and the offset (for instance the log of the number of
// days in a month or of the population). It fits Poisson models only, with no
// regularisation, so it expects many more rows than columns.
package glm
