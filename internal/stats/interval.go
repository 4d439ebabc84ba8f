package stats

import (
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a two-sided confidence interval [Lo, Hi]. HalfWidth is
// (Hi-Lo)/2; for a symmetric interval such as [Summary.CI95] it is the
// margin of error around the estimate. An interval that cannot be computed
// (too little data) has all three fields NaN.
type Interval struct {
	Lo, Hi, HalfWidth float64
}

// nanInterval is the interval returned when there is too little data.
func nanInterval() Interval {
	nan := math.NaN()
	return Interval{Lo: nan, Hi: nan, HalfWidth: nan}
}

// tCacheLen is the number of degrees of freedom whose t quantile is
// cached. A quantile costs about 20µs to compute, and a stopping rule asks
// for the same one for every metric after every replication; runs rarely
// go beyond 2000 replications.
const tCacheLen = 2048

// tCache holds the bits of tQuantile975(nu) at index nu, or 0 if not yet
// computed (no quantile is +0). It fills lazily, safely for concurrent use:
// two goroutines racing to fill an entry store the same value.
var tCache [tCacheLen + 1]atomic.Uint64

// studentT975 is the 0.975 quantile of Student's t distribution with nu
// degrees of freedom.
func studentT975(nu int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(0.975)
}

// tQuantile975 is the 0.975 quantile of Student's t distribution with nu
// degrees of freedom (NaN for nu < 1), cached for small nu. Cached and
// computed values are identical: both come from studentT975.
func tQuantile975(nu int) float64 {
	if nu < 1 {
		return math.NaN()
	}
	if nu > tCacheLen {
		return studentT975(nu)
	}
	if b := tCache[nu].Load(); b != 0 {
		return math.Float64frombits(b)
	}
	t := studentT975(nu)
	tCache[nu].Store(math.Float64bits(t))
	return t
}
