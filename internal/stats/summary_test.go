package stats

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat"
)

func TestSummaryHand(t *testing.T) {
	t.Parallel()
	// Hand calculation: 2 4 4 4 5 5 7 9 has mean 40/8 = 5 and squared
	// deviations 9+1+1+1+0+0+4+16 = 32, so sample variance 32/7. With n = 8
	// the t quantile on 7 d.f. is 2.364624 (NIST table), half-width
	// 2.364624 * sqrt(32/7) / sqrt(8) = 2.364624 * 0.755929 = 1.787488.
	var s Summary
	for _, x := range []float64{2, 4, 4, 4, 5, 5, 7, 9} {
		s.Add(x)
	}
	if s.N() != 8 {
		t.Errorf("N = %d, want 8", s.N())
	}
	checkClose(t, "Mean", 5, s.Mean(), 1e-15)
	checkClose(t, "Var", 32.0/7, s.Var(), 1e-15)
	checkClose(t, "SD", math.Sqrt(32.0/7), s.SD(), 1e-15)
	ci := s.CI95()
	checkClose(t, "HalfWidth", 1.787488, ci.HalfWidth, 1e-6)
	checkClose(t, "Lo", 5-1.787488, ci.Lo, 1e-6)
	checkClose(t, "Hi", 5+1.787488, ci.Hi, 1e-6)
}

func TestSummarySmall(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	nanCI := Interval{nan, nan, nan}
	tests := []struct {
		name     string
		in       []float64
		wantMean float64
		wantVar  float64
		wantCI   Interval
	}{
		{name: "empty", in: nil, wantMean: nan, wantVar: nan, wantCI: nanCI},
		{name: "one value", in: []float64{3.5}, wantMean: 3.5, wantVar: nan, wantCI: nanCI},
		// Two values a, b: mean (a+b)/2, variance (a-b)^2/2, half-width
		// t(1) * |a-b|/sqrt(2) / sqrt(2) = 12.706205 * |a-b| / 2.
		{name: "two values", in: []float64{1, 3}, wantMean: 2, wantVar: 2,
			wantCI: Interval{2 - 12.706205, 2 + 12.706205, 12.706205}},
		{name: "constant", in: []float64{7, 7, 7}, wantMean: 7, wantVar: 0,
			wantCI: Interval{7, 7, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var s Summary
			for _, x := range tt.in {
				s.Add(x)
			}
			type result struct {
				N         int
				Mean, Var float64
				CI        Interval
			}
			want := result{len(tt.in), tt.wantMean, tt.wantVar, tt.wantCI}
			got := result{s.N(), s.Mean(), s.Var(), s.CI95()}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return near(a, b, 1e-6) })); diff != "" {
				t.Errorf("Summary of %v (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// dataSet is seeded random data with the relative tolerance to which
// Welford's variance should match a two-pass computation.
type dataSet struct {
	name   string
	xs     []float64
	varTol float64
}

// randomData returns data sets of size n, including ones with a large
// offset, where the textbook formula (sum of squares minus n·mean²) loses
// every digit: with mean 1e9 and SD 1 it cancels 18 digits. Welford's
// error grows with mean/SD (rounding of the running mean, about
// eps·mean per step, perturbs each deviation), so its tolerance is looser
// for the offset data sets.
func randomData(n int) []dataSet {
	r := newRand(1, 2)
	var sets []dataSet
	add := func(name string, varTol float64, f func() float64) {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = f()
		}
		sets = append(sets, dataSet{name, xs, varTol})
	}
	add("normal", 1e-12, r.NormFloat64)
	add("offset 1e4", 1e-10, func() float64 { return 1e4 + r.NormFloat64() })
	add("offset 1e9", 1e-6, func() float64 { return 1e9 + r.NormFloat64() })
	add("exponential", 1e-12, func() float64 { return 30 * r.ExpFloat64() })
	add("lognormal", 1e-12, func() float64 { return math.Exp(2 + 1.5*r.NormFloat64()) })
	add("uniform tiny", 1e-12, func() float64 { return 1e-9 * r.Float64() })
	return sets
}

func TestSummaryVsTwoPass(t *testing.T) {
	t.Parallel()
	for _, d := range randomData(10001) {
		xs := d.xs
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			var s Summary
			for _, x := range xs {
				s.Add(x)
			}
			// gonum's MeanVariance is a corrected two-pass algorithm,
			// independent of Welford's update.
			mean, variance := stat.MeanVariance(xs, nil)
			if s.N() != len(xs) {
				t.Errorf("N = %d, want %d", s.N(), len(xs))
			}
			if rel := math.Abs(s.Mean()-mean) / math.Abs(mean); rel > 1e-13 {
				t.Errorf("Mean = %.17g, two-pass %.17g (relative error %g)", s.Mean(), mean, rel)
			}
			if rel := math.Abs(s.Var()-variance) / variance; rel > d.varTol {
				t.Errorf("Var = %.17g, two-pass %.17g (relative error %g)", s.Var(), variance, rel)
			}
		})
	}
}

func TestSummaryMerge(t *testing.T) {
	t.Parallel()
	for _, d := range randomData(1000) {
		name, xs := d.name, d.xs
		for _, split := range []int{0, 1, 2, 333, 500, 999, 1000} {
			var all, a, b Summary
			for i, x := range xs {
				all.Add(x)
				if i < split {
					a.Add(x)
				} else {
					b.Add(x)
				}
			}
			a.Merge(b)
			if a.N() != all.N() {
				t.Errorf("%s split %d: merged N = %d, want %d", name, split, a.N(), all.N())
			}
			// Merging and adding one by one differ only by rounding.
			if rel := math.Abs(a.Mean()-all.Mean()) / math.Abs(all.Mean()); rel > 1e-13 {
				t.Errorf("%s split %d: merged Mean = %.17g, all at once %.17g", name, split, a.Mean(), all.Mean())
			}
			if rel := math.Abs(a.Var()-all.Var()) / all.Var(); rel > d.varTol {
				t.Errorf("%s split %d: merged Var = %.17g, all at once %.17g", name, split, a.Var(), all.Var())
			}
		}
	}
}

func TestSummaryMergeMany(t *testing.T) {
	t.Parallel()
	// Merge 100 replications' summaries in index order, twice from
	// scratch: the results must be bit-identical, and agree with one
	// Summary of everything up to rounding.
	xs := randomData(5000)[4].xs // lognormal
	merge := func() Summary {
		parts := make([]Summary, 100)
		for i, x := range xs {
			parts[i%len(parts)].Add(x)
		}
		var m Summary
		for _, p := range parts {
			m.Merge(p)
		}
		return m
	}
	first, second := merge(), merge()
	bits := func(s Summary) [3]uint64 {
		return [3]uint64{uint64(s.N()), math.Float64bits(s.Mean()), math.Float64bits(s.Var())}
	}
	if diff := cmp.Diff(bits(first), bits(second)); diff != "" {
		t.Errorf("repeated merge not bit-identical (-first +second):\n%s", diff)
	}
	mean, variance := stat.MeanVariance(xs, nil)
	checkClose(t, "merged Mean", mean, first.Mean(), 1e-13)
	checkClose(t, "merged Var", variance, first.Var(), 1e-12)
}

func TestSummaryMergeEmpty(t *testing.T) {
	t.Parallel()
	var a, empty Summary
	a.Add(1)
	a.Add(2)
	want := a
	a.Merge(empty)
	if diff := cmp.Diff(want, a, cmp.AllowUnexported(Summary{})); diff != "" {
		t.Errorf("merging an empty Summary changed it (-want +got):\n%s", diff)
	}
	empty.Merge(a)
	if diff := cmp.Diff(want, empty, cmp.AllowUnexported(Summary{})); diff != "" {
		t.Errorf("merging into an empty Summary (-want +got):\n%s", diff)
	}
}

func TestSummaryCI95Coverage(t *testing.T) {
	t.Parallel()
	// The t interval for the mean of n = 10 normal draws covers the true
	// mean with probability exactly 0.95. Over 4000 seeded trials the
	// coverage has standard error sqrt(0.95*0.05/4000) = 0.0034, so it
	// should lie within 0.95 ± 0.014 (4 SE); a normal quantile (1.96 in
	// place of 2.262) would give about 0.918 and fail.
	r := newRand(3, 4)
	const trials, n, mu = 4000, 10, 5.0
	var cover Proportion
	for range trials {
		var s Summary
		for range n {
			s.Add(mu + 2*r.NormFloat64())
		}
		ci := s.CI95()
		cover.Add(ci.Lo <= mu && mu <= ci.Hi)
	}
	if got := cover.Estimate(); math.Abs(got-0.95) > 0.014 {
		t.Errorf("coverage of CI95 = %.4f over %d trials, want 0.95 ± 0.014", got, trials)
	}
}

func BenchmarkSummaryAdd(b *testing.B) {
	r := newRand(5, 6)
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = r.ExpFloat64()
	}
	var s Summary
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Add(xs[i&1023])
		i++
	}
}

// The methods below are used only by tests, so they live here rather
// than in the package proper.

// Merge adds all the values summarised by o, as if they had been added to
// s one by one, using the pairwise update of Chan, Golub and LeVeque
// (1979). The result agrees with adding the values one by one up to
// rounding; merging the same summaries in the same order always gives
// bit-identical results.
func (s *Summary) Merge(o Summary) {
	switch {
	case o.n == 0:
		return
	case s.n == 0:
		*s = o
		return
	}
	na, nb := float64(s.n), float64(o.n)
	n := na + nb
	d := o.mean - s.mean
	s.mean += d * (nb / n)
	s.m2 += o.m2 + d*d*(na*nb/n)
	s.n += o.n
}
