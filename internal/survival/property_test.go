package survival

import (
	"errors"
	"math"
	"testing"
)

// finiteFit reports the first non-finite or negative field of a fit that should be
// usable, or "".
func finiteFit(f Fit) string {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	for _, v := range f.Params {
		if bad(v) {
			return "Params"
		}
	}
	for _, row := range f.Cov {
		for _, v := range row {
			if bad(v) {
				return "Cov"
			}
		}
	}
	switch {
	case bad(f.LogLik), bad(f.AIC):
		return "LogLik/AIC"
	case math.IsNaN(f.Mean), math.IsNaN(f.SD), !(f.Mean > 0):
		return "Mean/SD"
	case math.IsNaN(f.MeanLo), math.IsNaN(f.MeanHi), !(f.MeanLo <= f.Mean && f.Mean <= f.MeanHi):
		return "MeanLo/MeanHi"
	}
	return ""
}

// TestSmallAndAwkwardSamples fits every family to many small, heavily censored,
// tied or extreme samples: each fit either fails with a documented error or returns
// finite values, and GoodnessOfFit, QQ and Draw never return NaN.
func TestSmallAndAwkwardSamples(t *testing.T) {
	t.Parallel()
	r := newRand(600, 1)
	known := []error{ErrNoEvents, ErrTooFewEvents, ErrNoConvergence}
	fitted := 0
	for s := range 300 {
		n := 1 + r.IntN(30)
		obs := make([]Obs, n)
		scale := math.Pow(10, -3+8*r.Float64()) // from 0.001 to 100,000 days
		for i := range obs {
			v := scale * r.ExpFloat64()
			if s%5 == 0 {
				v = math.Ceil(v) // whole days, many ties
			}
			obs[i] = Obs{T: math.Max(v, 1e-9), Event: r.Float64() < 0.4}
		}
		for _, f := range Families() {
			fit, err := FitFamily(obs, f)
			if err != nil {
				ok := false
				for _, k := range known {
					ok = ok || errors.Is(err, k)
				}
				if !ok {
					t.Errorf("sample %d, %s: undocumented error %v", s, f, err)
				}
				continue
			}
			fitted++
			if what := finiteFit(fit); what != "" {
				t.Errorf("sample %d, %s: %s not finite: %+v", s, f, what, fit)
			}
			g := GoodnessOfFit(obs, fit)
			if math.IsNaN(g.Statistic) || math.IsNaN(g.PValue) {
				t.Errorf("sample %d, %s: GoF %+v", s, f, g)
			}
			for _, q := range QQ(obs, fit, 5) {
				if math.IsNaN(q.Observed) || math.IsNaN(q.Fitted) {
					t.Errorf("sample %d, %s: QQ %+v", s, f, q)
				}
			}
			if d := fit.Draw(r); finiteFit(Fit{Params: d.Params, Mean: d.Mean, SD: d.SD, MeanLo: d.Mean, MeanHi: d.Mean}) != "" && !math.IsInf(d.Mean, 1) {
				t.Errorf("sample %d, %s: draw %+v", s, f, d)
			}
		}
	}
	// Most of these samples have enough events; if none fitted the test checked nothing.
	t.Logf("%d of %d fits succeeded", fitted, 300*4)
	if fitted < 600 {
		t.Errorf("only %d of %d fits succeeded", fitted, 300*4)
	}
}

// TestTiedEvents checks that every two-parameter family reports a flat likelihood
// (all events at one time) as ErrNoConvergence rather than returning a degenerate fit.
func TestTiedEvents(t *testing.T) {
	t.Parallel()
	obs := []Obs{{5, true}, {5, true}, {5, true}, {7, false}}
	for _, f := range []Family{Gamma, Lognormal, Weibull} {
		fit, err := FitFamily(obs, f)
		if err == nil {
			if what := finiteFit(fit); what != "" {
				t.Errorf("%s: %s not finite: %+v", f, what, fit)
			}
			continue
		}
		if !errors.Is(err, ErrNoConvergence) {
			t.Errorf("%s: error %v, want ErrNoConvergence or a finite fit", f, err)
		}
	}
}
