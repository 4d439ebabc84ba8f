package survival

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// newRand returns a generator with its own stream, as gonum's tests do.
func newRand(seed1, seed2 uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed1, seed2))
}

// truth is a family with natural parameters, for simulating data.
type truth struct {
	fam    Family
	params []float64
}

// rander returns a distuv distribution for tr drawing from r.
func (tr truth) rander(r *rand.Rand) interface{ Rand() float64 } {
	p := tr.params
	switch tr.fam {
	case Gamma:
		return distuv.Gamma{Alpha: p[0], Beta: p[1], Src: r}
	case Lognormal:
		return distuv.LogNormal{Mu: p[0], Sigma: p[1], Src: r}
	case Weibull:
		return distuv.Weibull{K: p[0], Lambda: p[1], Src: r}
	}
	return distuv.Exponential{Rate: p[0], Src: r}
}

// mean returns the true mean of tr.
func (tr truth) mean() float64 {
	th, _ := tr.fam.theta(tr.params)
	m, _ := tr.fam.meanSD(th)
	return m
}

// simulate draws n durations from tr, each censored by an independent uniform time
// on (0, censorAt); censorAt = +Inf gives exact data.
func simulate(tr truth, n int, censorAt float64, r *rand.Rand) []Obs {
	d := tr.rander(r)
	obs := make([]Obs, n)
	for i := range obs {
		x := d.Rand()
		c := math.Inf(1)
		if !math.IsInf(censorAt, 1) {
			c = censorAt * r.Float64()
		}
		if x <= c {
			obs[i] = Obs{T: x, Event: true}
		} else {
			obs[i] = Obs{T: c}
		}
	}
	return obs
}

// checkClose fails t if got is not within tol of want, relative to |want| when
// |want| > 1.
func checkClose(t *testing.T, what string, want, got, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))) {
		t.Errorf("%s = %.12g, want %.12g (tolerance %g)", what, got, want, tol)
	}
}

// trueFamilies are the simulation truths used across tests: means between 60 and
// 150 days, the scale of case lengths and patience in the domain.
var trueFamilies = []truth{
	{Exponential, []float64{1.0 / 90}},
	{Gamma, []float64{2, 2.0 / 120}},
	{Lognormal, []float64{4.2, 0.8}},
	{Weibull, []float64{1.5, 100}},
}
