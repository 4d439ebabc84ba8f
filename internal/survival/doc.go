// Package survival fits parametric distributions to durations with right-censoring,
// the numerical core under `lotsim fit` for case lengths (time in support, open cases
// censored at the extract date) and patience (time on the waiting list before giving
// up, censored at the start of support or at the extract date).
//
// # Method
//
// [FitFamily] maximises the censored log-likelihood
//
//	ℓ(θ) = Σ_events log f(t_i; θ) + Σ_censored log S(t_i; θ)
//
// for one of four families ([Exponential], [Gamma], [Lognormal], [Weibull]) by BFGS
// (gonum optimize) on unconstrained scales (log rate, log shape, log sigma, log scale),
// from starting values that match the exponential mean (which allows for censoring) and
// the spread of the event times, with analytic gradients (the gamma shape derivative of
// the censored terms by central differences). The covariance is the inverse of the
// observed information, from central differences of the gradient at the optimum. Observations are sorted and tied times merged once, so a likelihood
// evaluation is one pass over the distinct times; events enter through sufficient
// statistics where the family has them. Log-survival is computed without underflow:
// log of the regularised upper incomplete gamma function with an asymptotic series far in
// the tail, and log of the normal upper tail with its asymptotic series for large z.
// The exponential fit is in closed form (rate = events / total time). Samples with more
// than 20,000 distinct times are fitted first on a thinned copy (at most 4,000 pooled
// times, event sufficient statistics exact), then by Newton steps on the full data with
// that fit's information as the Hessian: a million censored observations take about a
// second.
//
// [FitBest] fits several families and ranks them by AIC. [KaplanMeier] gives the
// product-limit estimate, [QQ] sets its quantiles against a fit's, and [GoodnessOfFit]
// tests a fit with a grouped chi-squared statistic on the cumulative hazard that remains
// valid under right-censoring (see its documentation).
//
// # Where it stops
//
// Times are float64 days and must be positive and finite. Censoring is assumed
// independent of the duration (non-informative). The package knows nothing of dates,
// lots or risk levels: the caller selects and converts the records. It draws random
// numbers only in [Fit.Draw], from the generator it is given.
package survival
