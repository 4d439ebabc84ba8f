package glm

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// newRand returns a generator with its own stream, as gonum's tests do.
func newRand(seed1, seed2 uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed1, seed2))
}

// checkClose fails t if got is not within tol of want, relative to |want| when
// |want| > 1.
func checkClose(t *testing.T, what string, want, got, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))) {
		t.Errorf("%s = %.12g, want %.12g (tolerance %g)", what, got, want, tol)
	}
}

// TestInterceptOnly checks the closed form: β0 = log(Σy / Σexp(offset)), SE = 1/√Σy,
// and the deviance, log-likelihood and dispersion computed directly from μ.
func TestInterceptOnly(t *testing.T) {
	t.Parallel()
	y := []float64{12, 30, 7, 0, 19, 25, 3}
	days := []float64{31, 28, 31, 30, 31, 30, 31}
	x := make([][]float64, len(y))
	off := make([]float64, len(y))
	var sy, se float64
	for i := range y {
		x[i] = []float64{1}
		off[i] = math.Log(days[i])
		sy += y[i]
		se += days[i]
	}
	fit, err := FitPoisson(x, y, off)
	if err != nil {
		t.Fatal(err)
	}
	b0 := math.Log(sy / se)
	checkClose(t, "beta0", b0, fit.Beta[0], 1e-12)
	checkClose(t, "SE", 1/math.Sqrt(sy), fit.SE[0], 1e-10)
	var dev, ll, pearson float64
	for i := range y {
		mu := days[i] * sy / se
		if y[i] > 0 {
			dev += y[i] * math.Log(y[i]/mu)
		}
		dev -= y[i] - mu
		lg, _ := math.Lgamma(y[i] + 1)
		ll += y[i]*math.Log(mu) - mu - lg
		pearson += (y[i] - mu) * (y[i] - mu) / mu
		checkClose(t, "Predict", mu, fit.Predict(x[i], off[i]), 1e-12)
	}
	checkClose(t, "Deviance", 2*dev, fit.Deviance, 1e-10)
	checkClose(t, "LogLik", ll, fit.LogLik, 1e-12)
	checkClose(t, "Dispersion", pearson/6, fit.Dispersion, 1e-10)
	if fit.DF != 6 {
		t.Errorf("DF = %d, want 6", fit.DF)
	}
	lo, hi := fit.CI(0, 0.95)
	checkClose(t, "CI lo", b0-1.959963984540054/math.Sqrt(sy), lo, 1e-10)
	checkClose(t, "CI hi", b0+1.959963984540054/math.Sqrt(sy), hi, 1e-10)
}

// TestTwoGroups checks the closed form of a two-group model: each group's log rate,
// and SE(β1) = √(1/Y0 + 1/Y1) for group totals Y0, Y1.
func TestTwoGroups(t *testing.T) {
	t.Parallel()
	y := []float64{10, 14, 9, 40, 38, 51, 44}
	g := []float64{0, 0, 0, 1, 1, 1, 1}
	expo := []float64{1, 1.5, 1, 2, 2, 2.5, 2}
	x := make([][]float64, len(y))
	off := make([]float64, len(y))
	var y0, y1, e0, e1 float64
	for i := range y {
		x[i] = []float64{1, g[i]}
		off[i] = math.Log(expo[i])
		if g[i] == 0 {
			y0, e0 = y0+y[i], e0+expo[i]
		} else {
			y1, e1 = y1+y[i], e1+expo[i]
		}
	}
	fit, err := FitPoisson(x, y, off)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "group 0 log rate", math.Log(y0/e0), fit.Beta[0], 1e-12)
	checkClose(t, "group 1 log rate", math.Log(y1/e1), fit.Beta[0]+fit.Beta[1], 1e-12)
	checkClose(t, "SE(beta1)", math.Sqrt(1/y0+1/y1), fit.SE[1], 1e-10)
	checkClose(t, "SE(beta0)", math.Sqrt(1/y0), fit.SE[0], 1e-10)

	// Likelihood ratio against the intercept-only model, in closed form:
	// 2·Σ_g Y_g log((Y_g/E_g)/(Y/E)).
	x0 := make([][]float64, len(y))
	for i := range x0 {
		x0[i] = []float64{1}
	}
	fit0, err := FitPoisson(x0, y, off)
	if err != nil {
		t.Fatal(err)
	}
	r := (y0 + y1) / (e0 + e1)
	want := 2 * (y0*math.Log(y0/e0/r) + y1*math.Log(y1/e1/r))
	stat, p := LRTest(fit0, fit, 0)
	checkClose(t, "LR statistic", want, stat, 1e-9)
	checkClose(t, "LR p-value", distuv.ChiSquared{K: 1}.Survival(want), p, 1e-9)
}

// monthly builds a design of 36 months: intercept, trend in years, and 11 month-of-year
// dummies (January the reference), optionally without the trend column.
func monthly(withTrend bool) [][]float64 {
	x := make([][]float64, 36)
	for m := range x {
		row := []float64{1}
		if withTrend {
			row = append(row, float64(m)/12)
		}
		for k := 1; k < 12; k++ {
			row = append(row, b2f(m%12 == k))
		}
		x[m] = row
	}
	return x
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// season is a fixed seasonal pattern on the log scale (a winter peak and a summer dip
// of about ±15%), and trend the true growth: 3% a year on the log scale.
var season = [12]float64{0.12, 0.08, 0.04, 0, -0.05, -0.1, -0.15, -0.1, -0.02, 0.03, 0.06, 0.09}

// simulateMonths draws 36 monthly counts with rate about 300 a month, the seasonal
// pattern and growth trend a year (log scale).
func simulateMonths(trend float64, r *rand.Rand) []float64 {
	y := make([]float64, 36)
	for m := range y {
		lambda := 300 * math.Exp(season[m%12]+trend*float64(m)/12)
		y[m] = distuv.Poisson{Lambda: lambda, Src: r}.Rand()
	}
	return y
}

// TestTrendRecoveryAndCoverage fits 1,000 seeded series of 36 months with seasonality
// and a 3% a year trend. The 95% Wald interval for the trend must cover the truth in
// 92% to 97.5% of them (binomial sd 0.0069 at 0.95), the mean estimate must lie within
// 4 standard errors of the mean of the truth, and the mean dispersion within 4 of its
// standard errors of 1 (Var(Pearson/DF) ≈ 2/DF).
func TestTrendRecoveryAndCoverage(t *testing.T) {
	t.Parallel()
	const seeds, trend = 1000, 0.03
	x := monthly(true)
	covered := 0
	var sum, sumSE, sumDisp float64
	for s := range seeds {
		y := simulateMonths(trend, newRand(1, uint64(s)))
		fit, err := FitPoisson(x, y, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", s, err)
		}
		lo, hi := fit.CI(1, 0.95)
		if lo <= trend && trend <= hi {
			covered++
		}
		sum += fit.Beta[1]
		sumSE += fit.SE[1]
		sumDisp += fit.Dispersion
	}
	cov := float64(covered) / seeds
	mean, se := sum/seeds, sumSE/seeds
	t.Logf("coverage %.3f, mean trend %.5f (true %g), mean SE %.5f, mean dispersion %.3f", cov, mean, trend, se, sumDisp/seeds)
	if cov < 0.92 || cov > 0.975 {
		t.Errorf("coverage %.3f, want within [0.92, 0.975]", cov)
	}
	if math.Abs(mean-trend) > 4*se/math.Sqrt(seeds) {
		t.Errorf("mean trend estimate %g, want %g ± %g", mean, trend, 4*se/math.Sqrt(seeds))
	}
	if d := sumDisp / seeds; math.Abs(d-1) > 4*math.Sqrt(2.0/(36-13)/seeds) {
		t.Errorf("mean dispersion %g, want 1 ± %g", d, 4*math.Sqrt(2.0/(36-13)/seeds))
	}
}

// TestLRTestSize checks that with no trend the likelihood-ratio test of the trend
// rejects at 5% in 0.05 ± 4 binomial sd (0.0049 each) of 2,000 seeded series.
func TestLRTestSize(t *testing.T) {
	t.Parallel()
	const seeds = 2000
	full, restricted := monthly(true), monthly(false)
	rejected := 0
	for s := range seeds {
		y := simulateMonths(0, newRand(2, uint64(s)))
		f1, err := FitPoisson(full, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		f0, err := FitPoisson(restricted, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, p := LRTest(f0, f1, 1); p < 0.05 {
			rejected++
		}
	}
	rate := float64(rejected) / seeds
	t.Logf("LR test rejects at 5%% in %.4f of %d series", rate, seeds)
	if sd := math.Sqrt(0.05 * 0.95 / seeds); math.Abs(rate-0.05) > 4*sd {
		t.Errorf("size %.4f, want 0.05 ± %.4f", rate, 4*sd)
	}
}

// TestOverdispersion checks that counts with extra-Poisson variation (a gamma-mixed
// Poisson with variance μ + μ²/20, so about 16 times μ at μ = 300) give a dispersion
// far above 1 and a quasi-Poisson interval wider than the Wald interval by about its
// square root.
func TestOverdispersion(t *testing.T) {
	t.Parallel()
	r := newRand(3, 4)
	x := monthly(true)
	y := make([]float64, 36)
	for m := range y {
		lambda := 300 * math.Exp(season[m%12]) * distuv.Gamma{Alpha: 20, Beta: 20, Src: r}.Rand()
		y[m] = distuv.Poisson{Lambda: lambda, Src: r}.Rand()
	}
	fit, err := FitPoisson(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Pearson/DF is a mean of 23 squared standardised residuals with expectation about
	// 16; below 4 would need a chance far under 1 in 10,000.
	if fit.Dispersion < 4 {
		t.Errorf("Dispersion %g, want well above 1", fit.Dispersion)
	}
	lo, hi := fit.CI(1, 0.95)
	qlo, qhi := fit.QuasiCI(1, 0.95)
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 23}.Quantile(0.975)
	ratio := (qhi - qlo) / (hi - lo)
	checkClose(t, "quasi/Wald width", tq/1.959963984540054*math.Sqrt(fit.Dispersion), ratio, 1e-9)
}

// TestErrors checks that bad input gives the documented errors, naming the column.
func TestErrors(t *testing.T) {
	t.Parallel()
	ok := [][]float64{{1, 0}, {1, 1}, {1, 0}, {1, 1}}
	y := []float64{3, 5, 2, 6}
	tests := []struct {
		name    string
		x       [][]float64
		y, off  []float64
		wantErr error
		wantCol int
		reason  string
	}{
		{"no data", nil, nil, nil, ErrNoData, -1, ""},
		{"rows mismatch", ok[:3], y, nil, ErrShape, -1, ""},
		{"offset mismatch", ok, y, []float64{0}, ErrShape, -1, ""},
		{"ragged", [][]float64{{1, 0}, {1}, {1, 0}, {1, 1}}, y, nil, ErrShape, -1, ""},
		{"no columns", [][]float64{{}, {}, {}, {}}, y, nil, ErrShape, -1, ""},
		{"more columns than rows", [][]float64{{1, 0, 1}, {1, 1, 0}}, y[:2], nil, ErrShape, -1, ""},
		{"negative count", ok, []float64{3, -1, 2, 6}, nil, ErrBadValue, -1, ""},
		{"NaN count", ok, []float64{3, math.NaN(), 2, 6}, nil, ErrBadValue, -1, ""},
		{"Inf in x", [][]float64{{1, 0}, {1, math.Inf(1)}, {1, 0}, {1, 1}}, y, nil, ErrBadValue, -1, ""},
		{"NaN offset", ok, y, []float64{0, 0, math.NaN(), 0}, ErrBadValue, -1, ""},
		{"zero column", [][]float64{{1, 0}, {1, 0}, {1, 0}, {1, 0}}, y, nil, ErrZeroColumn, 1, ""},
		{"collinear", [][]float64{{1, 0, 1}, {1, 1, 0}, {1, 0, 1}, {1, 1, 0}}, y, nil, ErrCollinear, 2,
			"column 2 = column 0 - column 1"},
		{"duplicate column", [][]float64{{1, 2, 2}, {1, 3, 3}, {1, 5, 5}, {1, 1, 1}}, y, nil, ErrCollinear, 2, ""},
		{"zero-count dummy", ok, []float64{3, 0, 2, 0}, nil, ErrInfinite, 1,
			"every row of group 1 has a zero count, so its log rate is -infinity"},
		{"separated by a contrast", [][]float64{{1, 1, 0}, {1, 1, 0}, {1, -1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, 1}},
			[]float64{0, 0, 5, 6, 3, 4}, nil, ErrInfinite, -1,
			"direction (-1,-1,1) sends rows 0-1 (zero counts) to -infinity, fixing the others; no single column is one-signed with zero counts"},
		{"all counts zero", ok, []float64{0, 0, 0, 0}, nil, ErrInfinite, 0, "the intercept runs to -infinity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := FitPoisson(tt.x, tt.y, tt.off)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			var ce *ColumnError
			if tt.wantCol >= 0 && (!errors.As(err, &ce) || ce.Column != tt.wantCol) {
				t.Errorf("error %v, want column %d", err, tt.wantCol)
			}
		})
	}
}

// TestNoNaN checks that CI, QuasiCI, LRTest and Predict return no NaN on bad
// arguments or a zero Poisson.
func TestNoNaN(t *testing.T) {
	t.Parallel()
	var z Poisson
	for _, j := range []int{-1, 0, 5} {
		for _, l := range []float64{math.NaN(), 0, 0.95, 1} {
			for _, f := range []func(int, float64) (float64, float64){z.CI, z.QuasiCI} {
				lo, hi := f(j, l)
				if math.IsNaN(lo) || math.IsNaN(hi) {
					t.Errorf("interval(%d, %g) = %g, %g", j, l, lo, hi)
				}
			}
		}
	}
	if s, p := LRTest(z, z, 0); math.IsNaN(s) || p != 1 {
		t.Errorf("LRTest of zero models: %g, %g", s, p)
	}
	if v := z.Predict([]float64{1, 2}, 0); v != 1 {
		t.Errorf("Predict with no coefficients = %g, want exp(0) = 1", v)
	}
	fit := Poisson{Beta: []float64{1, 2}}
	checkClose(t, "Predict short row", math.Exp(1+0.5), fit.Predict([]float64{1}, 0.5), 1e-15)
}
