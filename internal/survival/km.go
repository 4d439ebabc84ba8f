package survival

import (
	"cmp"
	"slices"
)

// KMStep is one step of the Kaplan–Meier estimate: at time T, Events events happened
// among AtRisk people still under observation just before T (including anyone
// censored at T), and S is the estimated survival just after T.
type KMStep struct {
	T, S           float64
	AtRisk, Events int
}

// KaplanMeier returns the product-limit estimate of the survival function, one step
// per distinct event time in ascending order. Censoring at the same time as events is
// taken to happen just after them, the usual convention. Observations whose time is not
// positive and finite are ignored. With no events it returns nil.
func KaplanMeier(obs []Obs) []KMStep {
	s := make([]Obs, 0, len(obs))
	for _, o := range obs {
		if validTime(o.T) {
			s = append(s, o)
		}
	}
	slices.SortFunc(s, func(a, b Obs) int { return cmp.Compare(a.T, b.T) })
	var steps []KMStep
	surv := 1.0
	atRisk := len(s)
	for i := 0; i < len(s); {
		t := s[i].T
		ev, all := 0, 0
		for ; i < len(s) && s[i].T == t; i++ {
			all++
			if s[i].Event {
				ev++
			}
		}
		if ev > 0 {
			surv *= 1 - float64(ev)/float64(atRisk)
			steps = append(steps, KMStep{T: t, S: surv, AtRisk: atRisk, Events: ev})
		}
		atRisk -= all
	}
	return steps
}

// QQPoint is one point of a quantile–quantile plot: at probability P, the Kaplan–Meier
// quantile (Observed) and the fit's quantile (Fitted), both in days.
type QQPoint struct {
	P, Observed, Fitted float64
}

// QQ returns n points comparing the Kaplan–Meier quantiles of obs with the quantiles
// of f, at the probabilities P_i = F_max·i/(n+1), i = 1..n, where F_max = 1 - S is the
// highest cumulative probability the Kaplan–Meier estimate reaches (below 1 when the
// longest times are censored). The Kaplan–Meier quantile at P is the first event time
// at which 1 - S ≥ P. It returns nil for n < 1 or when obs has no events.
func QQ(obs []Obs, f Fit, n int) []QQPoint {
	km := KaplanMeier(obs)
	if n < 1 || len(km) == 0 {
		return nil
	}
	fmax := 1 - km[len(km)-1].S
	out := make([]QQPoint, n)
	j := 0
	for i := range out {
		p := fmax * float64(i+1) / float64(n+1)
		// Tolerance for rounding in the running product.
		for j < len(km)-1 && 1-km[j].S < p*(1-1e-12) {
			j++
		}
		out[i] = QQPoint{P: p, Observed: km[j].T, Fitted: f.Quantile(p)}
	}
	return out
}
