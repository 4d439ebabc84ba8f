package stats

import "math"

// z975 is the 0.975 quantile of the standard normal distribution,
// distuv.UnitNormal.Quantile(0.975) (checked in TestZ975).
const z975 = 1.959963984540054

// Proportion counts successes out of trials, for instance the replications
// in which a lot misses its waiting-time target in a year. The zero value
// is ready to use; Proportion is a small value type with no pointers.
type Proportion struct {
	successes, trials int
}

// Add records one trial, a success if ok is true.
func (p *Proportion) Add(ok bool) {
	p.trials++
	if ok {
		p.successes++
	}
}

// Successes returns the number of successes.
func (p Proportion) Successes() int { return p.successes }

// Trials returns the number of trials.
func (p Proportion) Trials() int { return p.trials }

// Estimate returns the share of trials that succeeded, or NaN if there
// were no trials.
func (p Proportion) Estimate() float64 {
	if p.trials == 0 {
		return math.NaN()
	}
	return float64(p.successes) / float64(p.trials)
}

// Wilson95 returns the Wilson score 95% interval for the success
// probability (Wilson 1927; Newcombe 1998, method 3), which unlike the
// normal-approximation interval stays within [0, 1] and behaves well near 0
// and 1 and for few trials: 8 successes in 10 trials give [0.4902, 0.9433].
// Lo is exactly 0 when there are no successes and Hi exactly 1 when every
// trial succeeded. The interval is not centred on [Proportion.Estimate];
// HalfWidth is half its width. With no trials all fields are NaN.
func (p Proportion) Wilson95() Interval {
	if p.trials == 0 {
		return nanInterval()
	}
	n := float64(p.trials)
	phat := float64(p.successes) / n
	z2 := z975 * z975
	denom := 1 + z2/n
	centre := (phat + z2/(2*n)) / denom
	h := z975 / denom * math.Sqrt(phat*(1-phat)/n+z2/(4*n*n))
	lo, hi := centre-h, centre+h
	if p.successes == 0 {
		lo = 0
	}
	if p.successes == p.trials {
		hi = 1
	}
	lo, hi = math.Max(lo, 0), math.Min(hi, 1)
	return Interval{Lo: lo, Hi: hi, HalfWidth: (hi - lo) / 2}
}
