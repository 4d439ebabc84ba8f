package stats

import "math"

// Summary accumulates the count, mean and variance of a stream of values
// with Welford's algorithm, in constant memory. It is meant for one outcome
// per replication (for example the mean wait of high-risk cases in a
// replication), so that the mean across replications can be reported with
// a confidence interval.
//
// The zero value is an empty Summary ready to use. Summary is a small value
// type with no pointers, so it can be copied and kept in large arrays.
// Values are not checked: a NaN or infinite value makes the mean and
// variance NaN or infinite, so that bad input shows instead of being
// silently dropped.
type Summary struct {
	n    int
	mean float64
	m2   float64 // sum of squared deviations from the mean
}

// Add adds the value x.
func (s *Summary) Add(x float64) {
	s.n++
	d := x - s.mean
	s.mean += d / float64(s.n)
	s.m2 += d * (x - s.mean)
}

// N returns the number of values added.
func (s Summary) N() int { return s.n }

// Mean returns the mean of the values, or NaN if there are none.
func (s Summary) Mean() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.mean
}

// Var returns the sample variance of the values (with the n-1 divisor), or
// NaN if there are fewer than two.
func (s Summary) Var() float64 {
	if s.n < 2 {
		return math.NaN()
	}
	return s.m2 / float64(s.n-1)
}

// SD returns the sample standard deviation, the square root of [Summary.Var];
// it is NaN if there are fewer than two values.
func (s Summary) SD() float64 { return math.Sqrt(s.Var()) }

// CI95 returns the 95% confidence interval for the mean,
// Mean ± t·SD/√n, where t is the 0.975 quantile of Student's t distribution
// with n-1 degrees of freedom (2.262157 for n = 10, tending to 1.959964 as
// n grows). It assumes the values are independent draws, as replications
// with separate random streams are. With fewer than two values the interval
// cannot be computed and all its fields are NaN.
func (s Summary) CI95() Interval {
	if s.n < 2 {
		return nanInterval()
	}
	h := tQuantile975(s.n-1) * s.SD() / math.Sqrt(float64(s.n))
	return Interval{Lo: s.mean - h, Hi: s.mean + h, HalfWidth: h}
}
