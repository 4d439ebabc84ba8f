// Package fit fits a scenario to a service's own records, so that the
// figures a committee is shown rest on what the service saw rather than
// on assumptions borrowed from elsewhere.
//
// Fit takes an extract read by package records (one row a referral, or
// monthly counts) and a base scenario, and returns a Report and the base
// file with the fitted figures put in:
//
//   - Demand per stream (area × client group), by one Poisson regression
//     of referrals over days grouped by month: a rate and a trend (growth
//     a year, compounding, with a test of whether it is real) per stream,
//     a monthly pattern shared by every stream (the format holds one) when
//     the records cover two whole years, and a multiplier for each of the
//     base's shocks and each stated period. Intervals are widened for
//     counts that vary more than Poisson (quasi-Poisson). Risk mix and
//     repeat share with Clopper–Pearson intervals.
//   - Case length per lot: exponential, gamma, lognormal and Weibull
//     fitted by maximum likelihood to completed cases, open ones censored
//     at the extract date, chosen by AIC among those a scenario can hold,
//     with a goodness-of-fit test and a Q-Q plot. Drop-outs are left out:
//     the engine ends a drop-out at a uniform point of the length drawn,
//     so their time in support is not a censored length.
//   - Patience per lot and client group: the time from referral to giving
//     up, with those who started censored at their start and those still
//     waiting at the extract date. The exponential is kept unless another
//     family fits decisively better and the records reach the median,
//     since a mean beyond the waits seen rests on the family alone.
//   - Drop-out share among those who started long enough before the
//     extract date to have ended (the 99th percentile of case length).
//   - The open cases and waiting list at a date, by lot and risk.
//
// The fitted scenario changes only the lines of the figures it fits,
// each with a comment "fitted: FILE (SHA-256 …), N rows, PERIOD, 95% CI LO
// to HI"; a trend the records give no evidence of (p ≥ 0.05) is written
// as no growth, with the test in the comment. Case length by risk is
// written as case_length_by_risk (casework lots) when two levels' means lie
// apart beyond their 95% CIs; otherwise only the pooled case length is
// written. Whatever the format cannot hold (seasonality per stream, case
// length by risk of a refuge or a fit that is not decisive) is listed in
// Report.LeftOut. No client id, name or directory goes into either.
//
// RunBacktest starts a scenario from the state records show at a date and
// sets the months after it, as the records saw them, against the
// simulated 10th to 90th percentile band.
package fit
