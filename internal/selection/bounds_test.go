package selection

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLowerBoundsHand checks the bounds against a hand calculation. Cell 0
// holds 0.80, 0.85, 0.90, 0.95, 1.00: mean 0.9, squared deviations
// 0.01+0.0025+0+0.0025+0.01 = 0.025, s² = 0.025/4 = 0.00625,
// s/√5 = √0.00125 = 0.0353553. The t quantiles with 4 degrees of freedom
// are from the NIST/SEMATECH e-Handbook of Statistical Methods, table
// 1.3.6.7.2 "Critical values of the Student's t distribution": 2.132
// (upper tail 0.05), 2.776 (0.025), 3.747 (0.01), 4.604 (0.005). Three
// decimals in the table give a tolerance of 0.0005·0.0354 < 2e-5 on the
// bound. Cell 1 is 1.0 every time (zero variance).
func TestLowerBoundsHand(t *testing.T) {
	rows := [][]float64{{0.80, 1}, {0.85, 1}, {0.90, 1}, {0.95, 1}, {1.00, 1}}
	const se = 0.035355339 // √0.00125
	const tol = 2e-5       // table rounding, see above
	for _, c := range []struct {
		alpha float64
		m     int
		t     float64 // NIST table 1.3.6.7.2, 4 degrees of freedom
	}{
		{0.05, 2, 2.776},  // alpha/m = 0.025
		{0.10, 2, 2.132},  // 0.05
		{0.05, 5, 3.747},  // 0.01
		{0.05, 10, 4.604}, // 0.005
	} {
		b, err := LowerBounds(rows, []float64{0.85, 0.99}, c.alpha, c.m)
		if err != nil {
			t.Fatal(err)
		}
		c0, c1 := b.Cells[0], b.Cells[1]
		wantLCB := 0.9 - c.t*se
		checkClose(t, "mean", 0.9, c0.Mean, 1e-15)
		checkClose(t, "sd", math.Sqrt(0.00625), c0.SD, 1e-15)
		checkClose(t, "LCB", wantLCB, c0.LCB, tol)
		checkClose(t, "UCB", 0.9+c.t*se, c0.UCB, tol)
		checkClose(t, "shortfall", 0.85-wantLCB, c0.Shortfall, tol)
		if c0.N != 5 || c0.Level != 0.85 || c0.Meets != (wantLCB >= 0.85) {
			t.Errorf("alpha %v m %d: cell 0 = %+v", c.alpha, c.m, c0)
		}
		if c1.Mean != 1 || c1.SD != 0 || c1.LCB != 1 || c1.UCB != 1 || !c1.Meets {
			t.Errorf("zero-variance cell = %+v, want mean = LCB = UCB = 1, met", c1)
		}
		// 0.9 − 2.132·0.0354 = 0.8246 < 0.85: cell 0 binds in every case.
		if b.Worst != 0 || b.AllMet {
			t.Errorf("alpha %v m %d: worst %d, all met %v; want 0, false", c.alpha, c.m, b.Worst, b.AllMet)
		}
	}
}

// TestLowerBoundsCoverage checks the Bonferroni guarantee by simulation:
// with m = 6 normal cells and n = 10 replications, over 4000 seeded
// experiments, all six true means lie at or above their bounds in at
// least a share 1 − alpha of experiments, less the Monte Carlo margin of
// three binomial standard errors (0.0103 at 0.95 and 4000 runs). For
// independent cells the coverage is exactly (1 − alpha/6)^6 = 0.95103, an
// independent check that each bound is at level alpha/m and no wider; with
// correlated cells Bonferroni is conservative, so only the floor is
// checked.
func TestLowerBoundsCoverage(t *testing.T) {
	const (
		alpha = 0.05
		m     = 6
		n     = 10
		runs  = 4000
	)
	mu := []float64{0.6, 0.7, 0.8, 0.9, 0.95, 0.5}
	levels := make([]float64, m) // unused by the coverage count
	for _, c := range []struct {
		rho   float64
		exact float64 // coverage for independent cells, NaN if not known
	}{
		{0, math.Pow(1-alpha/m, m)},
		{0.6, math.NaN()},
	} {
		rng := newRand(1, uint64(100*c.rho))
		covered := 0
		for range runs {
			b, err := LowerBounds(cellSample(rng, n, mu, 0.1, c.rho), levels, alpha, m)
			if err != nil {
				t.Fatal(err)
			}
			all := true
			for j, cell := range b.Cells {
				all = all && mu[j] >= cell.LCB
			}
			if all {
				covered++
			}
		}
		p := float64(covered) / runs
		t.Logf("rho %v: joint coverage %.4f over %d experiments (nominal ≥ %.2f)", c.rho, p, runs, 1-alpha)
		if floor := 1 - alpha - margin(1-alpha, runs); p < floor {
			t.Errorf("rho %v: coverage %.4f below %.4f", c.rho, p, floor)
		}
		if !math.IsNaN(c.exact) {
			checkClose(t, "independent coverage", c.exact, p, margin(c.exact, runs))
		}
	}
}

// TestLowerBoundsEdges checks zero variance, too few replications, bad
// values and bad arguments.
func TestLowerBoundsEdges(t *testing.T) {
	// 0.1 ten times: summing would give a mean of 0.09999999999999999 and
	// a tiny positive spread; equal values must give exactly 0.1 and 0.
	rows := make([][]float64, 10)
	for r := range rows {
		rows[r] = []float64{0.1, 0.8}
	}
	b, err := LowerBounds(rows, []float64{0.1, 0.9}, 0.05, 2)
	if err != nil {
		t.Fatal(err)
	}
	if c := b.Cells[0]; c.Mean != 0.1 || c.SD != 0 || c.LCB != 0.1 || !c.Meets || c.Shortfall != 0 {
		t.Errorf("constant 0.1 at level 0.1 = %+v, want met with zero spread", c)
	}
	if c := b.Cells[1]; c.LCB != 0.8 || c.Meets || b.Worst != 1 || b.AllMet {
		t.Errorf("constant 0.8 at level 0.9 = %+v (worst %d), want missed and binding", c, b.Worst)
	}
	for _, c := range b.Cells {
		if math.IsNaN(c.LCB) || math.IsNaN(c.UCB) || math.IsNaN(c.SD) {
			t.Errorf("NaN in %+v", c)
		}
	}

	if _, err := LowerBounds(rows[:1], []float64{0, 0}, 0.05, 2); !errors.Is(err, ErrTooFew) {
		t.Errorf("one replication: error %v, want ErrTooFew", err)
	}
	bad := [][]float64{{1, 2}, {1, math.NaN()}}
	if _, err := LowerBounds(bad, []float64{0, 0}, 0.05, 2); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: error %v, want ErrNotFinite", err)
	}
	bad[1][1] = math.Inf(-1)
	if _, err := LowerBounds(bad, []float64{0, 0}, 0.05, 2); !errors.Is(err, ErrNotFinite) {
		t.Errorf("-Inf: error %v, want ErrNotFinite", err)
	}
	for name, call := range map[string]func() error{
		"m < cells":   func() error { _, err := LowerBounds(rows, []float64{0, 0}, 0.05, 1); return err },
		"alpha 0":     func() error { _, err := LowerBounds(rows, []float64{0, 0}, 0, 2); return err },
		"alpha 1":     func() error { _, err := LowerBounds(rows, []float64{0, 0}, 1, 2); return err },
		"alpha NaN":   func() error { _, err := LowerBounds(rows, []float64{0, 0}, math.NaN(), 2); return err },
		"ragged row":  func() error { _, err := LowerBounds(rows, []float64{0}, 0.05, 2); return err },
		"level NaN":   func() error { _, err := LowerBounds(rows, []float64{0, math.NaN()}, 0.05, 2); return err },
		"no cells ok": func() error { return nil },
	} {
		if err := call(); (err == nil) != (name == "no cells ok") {
			t.Errorf("%s: error %v", name, err)
		}
	}
	// A Bonferroni share so small that 1 − alpha/m rounds to 1 makes t
	// infinite: zero spread still gives LCB = mean, spread gives −Inf, no NaN.
	huge := [][]float64{{0.5, 0.5}, {0.5, 0.6}}
	b, err = LowerBounds(huge, []float64{0.4, 0.4}, 0.05, 1<<62)
	if err != nil || b.Cells[0].LCB != 0.5 || !b.Cells[0].Meets || !math.IsInf(b.Cells[1].LCB, -1) || b.Worst != 1 {
		t.Errorf("m = 2^62: %+v, %v; want LCBs 0.5 and −Inf", b, err)
	}
	// No cells: nothing binds, everything (vacuously) met.
	b, err = LowerBounds([][]float64{{}, {}}, nil, 0.05, 1)
	if err != nil || b.Worst != -1 || !b.AllMet {
		t.Errorf("no cells = %+v, %v; want worst -1, all met", b, err)
	}
}

// TestCheckpoints checks the doubling schedule against hand-written ones.
func TestCheckpoints(t *testing.T) {
	for _, c := range []struct {
		n0, max int
		want    []int
	}{
		{10, 80, []int{10, 20, 40, 80}},
		{10, 100, []int{10, 20, 40, 80, 100}},
		{10, 10, []int{10}},
		{1, 5, []int{1, 2, 4, 5}},
		{10, 9, nil},
		{0, 9, nil},
	} {
		if got := Checkpoints(c.n0, c.max); !slices.Equal(got, c.want) {
			t.Errorf("Checkpoints(%d, %d) = %v, want %v", c.n0, c.max, got, c.want)
		}
	}
}

// TestLowerBoundsBinary checks the Clopper–Pearson bounds against their
// closed forms at the ends (x = n: LCB = a^(1/n); x = 0: UCB = 1 −
// a^(1/n)) and a middle value from the Beta quantile by bisection on the
// binomial tail, and their coverage over seeded experiments.
func TestLowerBoundsBinary(t *testing.T) {
	t.Parallel()
	ones := make([][]float64, 10)
	zeros := make([][]float64, 10)
	for r := range ones {
		ones[r], zeros[r] = []float64{1}, []float64{0}
	}
	b, err := LowerBoundsBinary(ones, []float64{0.7}, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Pow(0.05, 0.1); math.Abs(b.Cells[0].LCB-want) > 1e-9 || b.Cells[0].UCB != 1 || !b.AllMet {
		t.Errorf("10 of 10: LCB %v, UCB %v, met %v; want %v, 1, true", b.Cells[0].LCB, b.Cells[0].UCB, b.AllMet, want)
	}
	if b, _ = LowerBoundsBinary(ones, []float64{0.75}, 0.05, 1); b.AllMet {
		t.Error("10 of 10 meets a level of 0.75 at alpha 0.05; the exact bound is 0.741")
	}
	b, err = LowerBoundsBinary(zeros, []float64{0.1}, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 - math.Pow(0.05, 0.1); math.Abs(b.Cells[0].UCB-want) > 1e-9 || b.Cells[0].LCB != 0 {
		t.Errorf("0 of 10: LCB %v, UCB %v; want 0, %v", b.Cells[0].LCB, b.Cells[0].UCB, want)
	}
	// 8 of 10: the lower bound p solves P(X ≥ 8 | p) = 0.05.
	mixed := make([][]float64, 10)
	for r := range mixed {
		mixed[r] = []float64{1}
		if r < 2 {
			mixed[r][0] = 0
		}
	}
	b, _ = LowerBoundsBinary(mixed, []float64{0.5}, 0.05, 1)
	tail := func(p float64) float64 { // P(X ≥ 8), X ~ Binomial(10, p)
		return 45*math.Pow(p, 8)*math.Pow(1-p, 2) + 10*math.Pow(p, 9)*(1-p) + math.Pow(p, 10)
	}
	if got := tail(b.Cells[0].LCB); math.Abs(got-0.05) > 1e-9 {
		t.Errorf("8 of 10: P(X ≥ 8) at the lower bound %v is %v, want 0.05", b.Cells[0].LCB, got)
	}
	if _, err := LowerBoundsBinary([][]float64{{1}, {0.5}}, []float64{0.5}, 0.05, 1); !errors.Is(err, ErrNotBinary) {
		t.Errorf("a value of 0.5: error %v, want ErrNotBinary", err)
	}
	// Coverage: the exact bound holds at least 1 − alpha of the time for
	// any true chance (it is conservative), here p = 0.9 and n = 40.
	const experiments, n, p = 4000, 40, 0.9
	rng := rand.New(rand.NewPCG(11, 12))
	covered := 0
	rows := make([][]float64, n)
	for range experiments {
		for r := range rows {
			rows[r] = []float64{0}
			if rng.Float64() < p {
				rows[r][0] = 1
			}
		}
		b, err := LowerBoundsBinary(rows, []float64{p}, 0.05, 1)
		if err != nil {
			t.Fatal(err)
		}
		if b.Cells[0].LCB <= p {
			covered++
		}
	}
	// 3 binomial standard errors at 0.95 over 4000: 0.0103.
	if c := float64(covered) / experiments; c < 0.95-0.0103 {
		t.Errorf("coverage %.4f, want at least 0.95 (less 0.0103)", c)
	}
}
