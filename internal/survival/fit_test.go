package survival

import (
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestExponentialClosedForm checks the exponential fit against its closed forms: rate
// = events / total time exactly, log-likelihood d·log(rate) - d, and a mean interval
// that agrees, to the order 1/d the delta method allows, with both the
// likelihood-ratio interval (found here by bisection on the likelihood) and the
// chi-squared interval [2T/χ²_{2d}(0.975), 2T/χ²_{2d}(0.025)].
func TestExponentialClosedForm(t *testing.T) {
	t.Parallel()
	obs := simulate(truth{Exponential, []float64{1.0 / 90}}, 3000, 200, newRand(1, 2))
	var d, total float64
	for _, o := range obs {
		total += o.T
		if o.Event {
			d++
		}
	}
	fit, err := FitFamily(obs, Exponential)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Params[0] != d/total {
		t.Errorf("rate = %.17g, want events/total time %.17g exactly", fit.Params[0], d/total)
	}
	if fit.Mean != total/d || fit.SD != total/d {
		t.Errorf("mean, sd = %g, %g, want %g", fit.Mean, fit.SD, total/d)
	}
	checkClose(t, "LogLik", d*math.Log(d/total)-d, fit.LogLik, 1e-12)
	checkClose(t, "AIC", 2-2*fit.LogLik, fit.AIC, 1e-12)
	checkClose(t, "Cov", 1/d, fit.Cov[0][0], 1e-15)
	if fit.N != len(obs) || fit.Events != int(d) {
		t.Errorf("N, Events = %d, %d, want %d, %d", fit.N, fit.Events, len(obs), int(d))
	}

	// Likelihood-ratio interval for the mean m = 1/rate: 2[ℓ(m̂) - ℓ(m)] = χ²₁(0.95).
	ll := func(m float64) float64 { return -d*math.Log(m) - total/m }
	crit := distuv.ChiSquared{K: 1}.Quantile(0.95)
	solve := func(lo, hi float64) float64 { // ℓ drop crosses crit between lo and hi
		f := func(m float64) float64 { return 2*(ll(total/d)-ll(m)) - crit }
		for range 200 {
			mid := (lo + hi) / 2
			if (f(mid) > 0) == (f(lo) > 0) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	m := total / d
	lrLo, lrHi := solve(m/2, m), solve(m, 2*m)
	chiLo := 2 * total / distuv.ChiSquared{K: 2 * d}.Quantile(0.975)
	chiHi := 2 * total / distuv.ChiSquared{K: 2 * d}.Quantile(0.025)
	// The log-scale endpoints of the three intervals differ by about z²/(6d) = 0.64/d.
	tol := 1.0 / d
	for _, c := range []struct {
		name   string
		lo, hi float64
	}{{"likelihood-ratio", lrLo, lrHi}, {"chi-squared", chiLo, chiHi}} {
		if math.Abs(math.Log(fit.MeanLo/c.lo)) > tol || math.Abs(math.Log(fit.MeanHi/c.hi)) > tol {
			t.Errorf("mean interval [%g, %g], %s interval [%g, %g]: log endpoints differ by more than %g",
				fit.MeanLo, fit.MeanHi, c.name, c.lo, c.hi, tol)
		}
	}
}

// TestLognormalUncensored checks that without censoring the lognormal MLE is the
// sample mean and the (divisor n) standard deviation of log t.
func TestLognormalUncensored(t *testing.T) {
	t.Parallel()
	obs := simulate(truth{Lognormal, []float64{4, 0.7}}, 2000, math.Inf(1), newRand(3, 4))
	var s, s2 float64
	for _, o := range obs {
		s += math.Log(o.T)
	}
	mu := s / float64(len(obs))
	for _, o := range obs {
		s2 += (math.Log(o.T) - mu) * (math.Log(o.T) - mu)
	}
	sigma := math.Sqrt(s2 / float64(len(obs)))
	fit, err := FitFamily(obs, Lognormal)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "mu", mu, fit.Params[0], 1e-8)
	checkClose(t, "sigma", sigma, fit.Params[1], 1e-8)
	checkClose(t, "mean", math.Exp(mu+sigma*sigma/2), fit.Mean, 1e-8)
	checkClose(t, "sd", fit.Mean*math.Sqrt(math.Exp(sigma*sigma)-1), fit.SD, 1e-8)
	// Closed-form information for uncensored normal data on (mu, log sigma):
	// diag(n/σ², 2n), so Cov = diag(σ²/n, 1/(2n)).
	n := float64(len(obs))
	checkClose(t, "Cov[0][0]", sigma*sigma/n, fit.Cov[0][0], 1e-6)
	checkClose(t, "Cov[1][1]", 1/(2*n), fit.Cov[1][1], 1e-6)
	checkClose(t, "Cov[0][1]", 0, fit.Cov[0][1], 1e-9)
}

// TestGammaUncensored checks the uncensored gamma MLE against its likelihood equations
// solved here by bisection: log a - ψ(a) = log(mean t) - mean(log t), rate = a / mean t.
func TestGammaUncensored(t *testing.T) {
	t.Parallel()
	obs := simulate(truth{Gamma, []float64{2.5, 0.03}}, 2000, math.Inf(1), newRand(5, 6))
	var s, sl float64
	for _, o := range obs {
		s += o.T
		sl += math.Log(o.T)
	}
	n := float64(len(obs))
	target := math.Log(s/n) - sl/n
	lo, hi := 1e-3, 1e3 // log a - ψ(a) decreases from +Inf to 0 over this range
	for range 200 {
		mid := math.Sqrt(lo * hi)
		if math.Log(mid)-mathext.Digamma(mid) > target {
			lo = mid
		} else {
			hi = mid
		}
	}
	a := math.Sqrt(lo * hi)
	fit, err := FitFamily(obs, Gamma)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "shape", a, fit.Params[0], 1e-7)
	checkClose(t, "rate", a/(s/n), fit.Params[1], 1e-7)
	checkClose(t, "mean", s/n, fit.Mean, 1e-7)
}

// TestWeibullShapeOne checks that the Weibull family with shape 1 is the exponential:
// equal likelihoods at k = 1, λ = 1/rate, a Weibull fit at least as good as the
// exponential one, and on exponential data a fitted shape within 4 standard errors of 1.
func TestWeibullShapeOne(t *testing.T) {
	t.Parallel()
	obs := simulate(truth{Exponential, []float64{1.0 / 60}}, 5000, 150, newRand(7, 8))
	d, err := prepare(obs)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := FitFamily(obs, Exponential)
	if err != nil {
		t.Fatal(err)
	}
	wAt := Weibull.logLik(d, []float64{0, -math.Log(exp.Params[0])}, nil)
	checkClose(t, "Weibull log-likelihood at k=1", exp.LogLik, wAt, 1e-12)
	w, err := FitFamily(obs, Weibull)
	if err != nil {
		t.Fatal(err)
	}
	if w.LogLik < exp.LogLik-1e-9 {
		t.Errorf("Weibull LogLik %g < exponential %g", w.LogLik, exp.LogLik)
	}
	if z := math.Log(w.Params[0]) / math.Sqrt(w.Cov[0][0]); math.Abs(z) > 4 {
		t.Errorf("Weibull shape %g is %.1f standard errors from 1", w.Params[0], z)
	}
	checkClose(t, "Weibull mean vs exponential mean", exp.Mean, w.Mean, 4*(exp.MeanHi-exp.MeanLo)/(2*z975)/exp.Mean)
}

// TestGradient checks each family's analytic gradient against central differences of
// its log-likelihood on censored data.
func TestGradient(t *testing.T) {
	t.Parallel()
	for i, tr := range trueFamilies {
		t.Run(tr.fam.String(), func(t *testing.T) {
			t.Parallel()
			obs := simulate(tr, 400, 2*tr.mean(), newRand(9, uint64(i)))
			d, err := prepare(obs)
			if err != nil {
				t.Fatal(err)
			}
			th, _ := tr.fam.theta(tr.params)
			th[0] += 0.1 // away from the optimum, where the gradient is not small
			g := make([]float64, len(th))
			tr.fam.logLik(d, th, g)
			const h = 1e-6
			for q := range th {
				x := slices.Clone(th)
				x[q] += h
				up := tr.fam.logLik(d, x, nil)
				x[q] -= 2 * h
				down := tr.fam.logLik(d, x, nil)
				fd := (up - down) / (2 * h)
				if math.Abs(fd-g[q]) > 1e-5*math.Max(1, math.Abs(fd)) {
					t.Errorf("gradient[%d] = %.10g, central difference %.10g", q, g[q], fd)
				}
			}
		})
	}
}

// TestFitBestPicksTrueFamily checks that AIC picks the true family for 5,000
// censored observations in at least 48 of 50 seeded data sets for each non-nested
// truth. (The exponential is left out: it is nested in the gamma and the Weibull, and
// AIC prefers a nested two-parameter family by chance in about 16% of data sets each.)
func TestFitBestPicksTrueFamily(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	t.Parallel()
	const seeds = 50
	for fi, tr := range trueFamilies[1:] {
		t.Run(tr.fam.String(), func(t *testing.T) {
			t.Parallel()
			right := 0
			for s := range seeds {
				obs := simulate(tr, 5000, 3*tr.mean(), newRand(uint64(300+fi), uint64(s)))
				best, all, err := FitBest(obs)
				if err != nil {
					t.Fatal(err)
				}
				if len(all) != 4 || !slices.IsSortedFunc(all, func(a, b Fit) int { return int(math.Copysign(1, a.AIC-b.AIC)) }) {
					t.Fatalf("seed %d: %d fits, not sorted by AIC", s, len(all))
				}
				if best.Family == tr.fam {
					right++
				}
			}
			t.Logf("%s chosen in %d of %d", tr.fam, right, seeds)
			if right < seeds-2 {
				t.Errorf("true family chosen in %d of %d data sets, want at least %d", right, seeds, seeds-2)
			}
		})
	}
}

// TestErrors checks that bad input gives the documented errors and never a panic.
func TestErrors(t *testing.T) {
	t.Parallel()
	good := []Obs{{1, true}, {2, true}, {3, false}, {4, true}}
	tests := []struct {
		name    string
		obs     []Obs
		fam     Family
		wantErr error
	}{
		{"empty", nil, Weibull, ErrNoEvents},
		{"all censored", []Obs{{1, false}, {2, false}}, Exponential, ErrNoEvents},
		{"zero time", []Obs{{1, true}, {0, true}}, Exponential, ErrBadTime},
		{"negative time", []Obs{{-1, true}}, Gamma, ErrBadTime},
		{"NaN time", []Obs{{math.NaN(), true}}, Lognormal, ErrBadTime},
		{"infinite time", []Obs{{math.Inf(1), false}}, Lognormal, ErrBadTime},
		{"one event", []Obs{{1, true}, {2, false}}, Exponential, ErrTooFewEvents},
		{"one event, two parameters", []Obs{{1, true}, {2, false}, {3, false}}, Gamma, ErrTooFewEvents},
		{"unknown family", good, Family(9), ErrUnknownFamily},
		{"all events tied", []Obs{{5, true}, {5, true}, {5, true}}, Gamma, ErrNoConvergence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := FitFamily(tt.obs, tt.fam)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("FitFamily error %v, want %v", err, tt.wantErr)
			}
		})
	}
	var oe *ObsError
	if _, err := FitFamily([]Obs{{1, true}, {2, true}, {-3, false}}, Weibull); !errors.As(err, &oe) || oe.Index != 2 {
		t.Errorf("error %v, want an *ObsError with Index 2", err)
	}
	if _, _, err := FitBest(good, Family(7)); !errors.Is(err, ErrUnknownFamily) {
		t.Errorf("FitBest with only an unknown family: error %v", err)
	}
	if best, all, err := FitBest(good); err != nil || len(all) == 0 || best.Family != all[0].Family {
		t.Errorf("FitBest on 3 events: %v, %d fits", err, len(all))
	}
}

// TestFitMethodsOnBadFits checks that CDF, Quantile, Draw and GoodnessOfFit neither
// panic nor return NaN on a zero or malformed Fit or bad arguments.
func TestFitMethodsOnBadFits(t *testing.T) {
	t.Parallel()
	fits := []Fit{{}, {Family: Gamma, Params: []float64{1}}, {Family: Weibull, Params: []float64{-1, 2}},
		{Family: Lognormal, Params: []float64{math.NaN(), 1}}, {Family: 200}}
	for _, f := range fits {
		for _, x := range []float64{math.NaN(), -1, 0, 0.5, 1, 2, math.Inf(1)} {
			if v := f.CDF(x); math.IsNaN(v) {
				t.Errorf("%+v.CDF(%g) is NaN", f, x)
			}
			if v := f.Quantile(x); math.IsNaN(v) {
				t.Errorf("%+v.Quantile(%g) is NaN", f, x)
			}
		}
		if g := f.Draw(newRand(1, 1)); g.Family != f.Family {
			t.Errorf("Draw changed the family")
		}
		if g := GoodnessOfFit([]Obs{{1, true}}, f); g.DF != 0 || g.PValue != 1 {
			t.Errorf("GoodnessOfFit on a bad fit: %+v", g)
		}
	}
	ok := Fit{Family: Exponential, Params: []float64{0.1}}
	for _, c := range []struct{ x, cdf, q float64 }{{-1, 0, 0}, {0, 0, 0}, {1, 1 - math.Exp(-0.1), math.Inf(1)}, {math.Inf(1), 1, math.Inf(1)}} {
		checkClose(t, "CDF", c.cdf, ok.CDF(c.x), 1e-15)
		if got := ok.Quantile(c.x); got != c.q {
			t.Errorf("Quantile(%g) = %g, want %g", c.x, got, c.q)
		}
	}
}

// TestCDFQuantileAgainstClosedForms checks CDF and Quantile against closed forms for
// the families that have them.
func TestCDFQuantileAgainstClosedForms(t *testing.T) {
	t.Parallel()
	w := Fit{Family: Weibull, Params: []float64{1.5, 100}}
	checkClose(t, "Weibull CDF", 1-math.Exp(-math.Pow(0.8, 1.5)), w.CDF(80), 1e-14)
	checkClose(t, "Weibull median", 100*math.Pow(math.Ln2, 1/1.5), w.Quantile(0.5), 1e-12)
	l := Fit{Family: Lognormal, Params: []float64{4, 0.5}}
	checkClose(t, "lognormal median", math.Exp(4), l.Quantile(0.5), 1e-12)
	checkClose(t, "lognormal CDF", 0.5*math.Erfc(-(math.Log(30)-4)/(0.5*math.Sqrt2)), l.CDF(30), 1e-14)
	g := Fit{Family: Gamma, Params: []float64{1, 0.02}} // shape 1 is exponential
	checkClose(t, "gamma(1) CDF", 1-math.Exp(-0.02*50), g.CDF(50), 1e-14)
	checkClose(t, "gamma(1) quantile", -math.Log(0.1)/0.02, g.Quantile(0.9), 1e-10)
}

// TestLogTails checks the overflow guards against direct evaluation where that is
// accurate and against the leading asymptotic term far in the tail.
func TestLogTails(t *testing.T) {
	t.Parallel()
	for _, z := range []float64{-5, 0, 3, 10, 29.9} {
		checkClose(t, "logNormTail", math.Log(0.5*math.Erfc(z/math.Sqrt2)), logNormTail(z), 1e-14)
	}
	// Continuity across the switch at 30, and the leading term at 100.
	checkClose(t, "logNormTail at 30", logNormTail(29.999999), logNormTail(30), 1e-5)
	lead := -5000 - 0.5*math.Log(2*math.Pi) - math.Log(100)
	checkClose(t, "logNormTail(100)", lead, logNormTail(100), 1e-4/5000)
	// log Q(a, x) for a = 1 is -x exactly; for a = 2 it is log(1+x) - x.
	for _, x := range []float64{0.5, 10, 500, 800, 5000} {
		checkClose(t, "logGammaQ(1,x)", -x, logGammaQ(1, x), 1e-12)
		checkClose(t, "logGammaQ(2,x)", math.Log1p(x)-x, logGammaQ(2, x), 1e-12)
	}
	if v := logGammaQ(3, 0); v != 0 {
		t.Errorf("logGammaQ(3, 0) = %g, want 0", v)
	}
}

// TestDraw checks that parameter draws have mean θ̂ and covariance Cov on the
// optimisation scale: over 20,000 draws the sample mean lies within 4.5 standard
// errors of θ̂ and each sample variance within 4.5 of its standard errors (√(2/m)·var).
func TestDraw(t *testing.T) {
	t.Parallel()
	obs := simulate(truth{Weibull, []float64{1.5, 100}}, 300, 250, newRand(11, 12))
	fit, err := FitFamily(obs, Weibull)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := Weibull.theta(fit.Params)
	r := newRand(13, 14)
	const m = 20000
	var sum, sum2 [2]float64
	for range m {
		g := fit.Draw(r)
		x, _ := Weibull.theta(g.Params)
		for q := range 2 {
			sum[q] += x[q]
			sum2[q] += (x[q] - th[q]) * (x[q] - th[q])
		}
		if mu, _ := Weibull.meanSD(x); math.Abs(g.Mean-mu) > 1e-12*mu || g.LogLik != fit.LogLik {
			t.Fatalf("draw's Mean %g, want %g, or LogLik changed", g.Mean, mu)
		}
	}
	for q := range 2 {
		v := fit.Cov[q][q]
		if d := sum[q]/m - th[q]; math.Abs(d) > 4.5*math.Sqrt(v/m) {
			t.Errorf("param %d: mean of draws off by %g (se %g)", q, d, math.Sqrt(v/m))
		}
		if d := sum2[q]/m - v; math.Abs(d) > 4.5*v*math.Sqrt(2.0/m) {
			t.Errorf("param %d: variance of draws %g, want %g", q, sum2[q]/m, v)
		}
	}
}

// TestTwoStageMatchesDirect checks that the two-stage fit used for large samples
// (a fit on thinned data, then Newton steps on the full data) reaches the same
// maximum as BFGS on the full data: coordinates within 1e-5, against standard errors
// of about 1e-2 at this size, for every two-parameter family.
func TestTwoStageMatchesDirect(t *testing.T) {
	t.Parallel()
	for i, tr := range trueFamilies[1:] {
		t.Run(tr.fam.String(), func(t *testing.T) {
			t.Parallel()
			obs := simulate(tr, 3*thinAbove, 3*tr.mean(), newRand(700, uint64(i)))
			d, err := prepare(obs)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.t) <= thinAbove {
				t.Fatalf("%d distinct times: the two-stage path is not taken", len(d.t))
			}
			two, err := optimiseTheta(d, tr.fam)
			if err != nil {
				t.Fatal(err)
			}
			direct, err := bfgsTheta(d, tr.fam, start(d, tr.fam))
			if err != nil {
				t.Fatal(err)
			}
			for q := range two {
				checkClose(t, "theta", direct[q], two[q], 1e-5)
			}
			// The thinned data really are thinner, and keep the total weights.
			r := d.thinned(thinBins)
			var wAll, wCen float64
			for j := range r.t {
				wAll += r.ev[j] + r.cen[j]
			}
			for _, w := range r.cW {
				wCen += w
			}
			if len(r.t) > thinBins+1 || wAll != float64(d.n) || wCen != float64(d.n-d.events) {
				t.Errorf("thinned: %d times, weights %g and %g, want ≤ %d, %d and %d",
					len(r.t), wAll, wCen, thinBins+1, d.n, d.n-d.events)
			}
		})
	}
}
