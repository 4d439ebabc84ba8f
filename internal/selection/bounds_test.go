package selection

import (
	"errors"
	"math"
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
