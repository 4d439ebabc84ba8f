package selection

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// TestOCBAHand checks OCBA against hand calculations. Means 1, 2, 3 with
// sd 1, maximising: b = 2, d = 2 and 1, so N_0 ∝ (1/2)² = 0.25, N_1 ∝ 1,
// N_b = √(0.25² + 1²) = 1.030776; their sum is 2.280776, so 1000 new
// replications from nothing split 109.61, 438.45, 451.94: floors 109, 438,
// 451 (998) and the two left over go to the largest fractions, 0.94 then
// 0.61. If candidate 0 already has 200, more than its share 54.8 of the
// total 500, it gets none and the 300 split 1 : 1.030776 as 147.73,
// 152.27, rounded to 148 and 152.
func TestOCBAHand(t *testing.T) {
	for _, c := range []struct {
		name     string
		means    []float64
		sds      []float64
		counts   []int
		budget   int
		minimize bool
		want     []int
	}{
		{"fresh", []float64{1, 2, 3}, []float64{1, 1, 1}, []int{0, 0, 0}, 1000, false, []int{110, 438, 452}},
		{"fresh, minimising the negation", []float64{-1, -2, -3}, []float64{1, 1, 1}, []int{0, 0, 0}, 1000, true, []int{110, 438, 452}},
		{"one past its share", []float64{1, 2, 3}, []float64{1, 1, 1}, []int{200, 0, 0}, 300, false, []int{0, 148, 152}},
		// Candidates 1 and 2 tie for best: equal totals of 10, the rest none.
		{"tie", []float64{1, 3, 3}, []float64{1, 1, 1}, []int{0, 10, 0}, 10, false, []int{0, 0, 10}},
		// No spread anywhere: equal totals; 7/3 each, the spare one to index 0.
		{"no spread", []float64{1, 2, 3}, []float64{0, 0, 0}, []int{0, 0, 0}, 7, false, []int{3, 2, 2}},
		// A non-best candidate with no spread gets none: w = (0, 1, 1).
		{"one without spread", []float64{1, 2, 3}, []float64{0, 1, 1}, []int{0, 0, 0}, 10, false, []int{0, 5, 5}},
		{"no budget", []float64{1, 2, 3}, []float64{1, 1, 1}, []int{5, 5, 5}, 0, false, []int{0, 0, 0}},
		{"no candidates", nil, nil, nil, 5, false, []int{}},
	} {
		got, err := OCBA(c.means, c.sds, c.counts, c.budget, c.minimize)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: OCBA = %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	for name, call := range map[string]func() error{
		"NaN mean":    func() error { _, err := OCBA([]float64{math.NaN()}, []float64{1}, []int{0}, 1, false); return err },
		"Inf sd":      func() error { _, err := OCBA([]float64{1}, []float64{math.Inf(1)}, []int{0}, 1, false); return err },
		"negative sd": func() error { _, err := OCBA([]float64{1}, []float64{-1}, []int{0}, 1, false); return err },
		"count":       func() error { _, err := OCBA([]float64{1}, []float64{1}, []int{-1}, 1, false); return err },
		"budget":      func() error { _, err := OCBA([]float64{1}, []float64{1}, []int{0}, -1, false); return err },
		"lengths":     func() error { _, err := OCBA([]float64{1, 2}, []float64{1}, []int{0}, 1, false); return err },
	} {
		err := call()
		if err == nil || errors.Is(err, ErrNotFinite) != (name == "NaN mean" || name == "Inf sd") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}

// TestOCBARatios checks the defining conditions of Chen et al. (2000) on a
// large budget, where rounding is negligible: for random means and sds,
// N_i/N_j = (sd_i d_j / (sd_j d_i))² for non-best i, j and
// N_b = sd_b √(Σ N_i²/sd_i²), each to 0.5% (a share of about 10⁵ is
// rounded by at most 1; ratios are checked only between shares of 1000 or
// more), and the allocation sums to the budget.
func TestOCBARatios(t *testing.T) {
	rng := newRand(10, 0)
	checked := 0
	for range 50 {
		k := 2 + rng.IntN(6)
		means, sds := make([]float64, k), make([]float64, k)
		for i := range k {
			means[i] = rng.NormFloat64()
			sds[i] = 0.1 + rng.Float64()
		}
		const budget = 1_000_000
		n, err := OCBA(means, sds, make([]int, k), budget, false)
		if err != nil {
			t.Fatal(err)
		}
		b := 0
		for i := range k {
			if means[i] > means[b] {
				b = i
			}
		}
		total, s := 0, 0.0
		for i := range k {
			total += n[i]
			if i != b {
				s += float64(n[i]) * float64(n[i]) / (sds[i] * sds[i])
			}
		}
		if total != budget {
			t.Fatalf("means %v: allocation %v sums to %d", means, n, total)
		}
		checkClose(t, "N_b relative", 1, sds[b]*math.Sqrt(s)/float64(n[b]), 0.005)
		for i := range k {
			for j := range k {
				// Shares under 1000 could be off by more than 0.1% from rounding.
				if i == b || j == b || i == j || n[i] < 1000 || n[j] < 1000 {
					continue
				}
				checked++
				di, dj := means[b]-means[i], means[b]-means[j]
				want := math.Pow(sds[i]*dj/(sds[j]*di), 2)
				if got := float64(n[i]) / float64(n[j]); math.Abs(got/want-1) > 0.005 {
					t.Errorf("means %v sds %v: N_%d/N_%d = %v, want %v", means, sds, i, j, got, want)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d ratios checked", checked)
	}
	t.Logf("%d ratios checked", checked)
}

// TestOCBABeatsEqual checks the point of OCBA against the naive rule: on
// five candidates with independent normal outputs (means 0, 0.25, 0.5,
// 0.75, 1; sd 1), a total of 250 replications spent sequentially by OCBA
// (10 each first, then 20 at a time) picks the best sample mean correctly
// more often, over 1000 seeded macro-replications on the same data, than
// 50 replications each. The difference is reported in the test log.
func TestOCBABeatsEqual(t *testing.T) {
	const (
		runs  = 1000
		k     = 5
		n0    = 10
		step  = 20
		total = 250
	)
	mu := []float64{0, 0.25, 0.5, 0.75, 1}
	rng := newRand(11, 0)
	winsOCBA, winsEqual := 0, 0
	data := make([][]float64, k)
	for i := range data {
		data[i] = make([]float64, total)
	}
	stat := func(i, n int) (float64, float64) {
		m, sd := meanSD(data[i][:n])
		return m, sd
	}
	argmax := func(means []float64) int {
		b := 0
		for i := range means {
			if means[i] > means[b] {
				b = i
			}
		}
		return b
	}
	for range runs {
		for i := range data {
			for r := range data[i] {
				data[i][r] = mu[i] + rng.NormFloat64()
			}
		}
		counts := slices.Repeat([]int{n0}, k)
		means, sds := make([]float64, k), make([]float64, k)
		for spent := k * n0; ; spent += step {
			for i := range k {
				means[i], sds[i] = stat(i, counts[i])
			}
			if spent >= total {
				break
			}
			add, err := OCBA(means, sds, counts, min(step, total-spent), false)
			if err != nil {
				t.Fatal(err)
			}
			for i := range k {
				counts[i] += add[i]
			}
		}
		if argmax(means) == k-1 {
			winsOCBA++
		}
		for i := range k {
			means[i], _ = stat(i, total/k)
		}
		if argmax(means) == k-1 {
			winsEqual++
		}
	}
	t.Logf("PCS with %d replications: OCBA %.3f, equal allocation %.3f", total, float64(winsOCBA)/runs, float64(winsEqual)/runs)
	if winsOCBA <= winsEqual {
		t.Errorf("OCBA correct %d times, equal allocation %d", winsOCBA, winsEqual)
	}
}
