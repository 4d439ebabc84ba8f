package stats

import (
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// checkBucket fails t unless x lies in its bucket (lo, hi], or in bucket 0
// if it is zero.
func checkBucket(t *testing.T, x float64) {
	t.Helper()
	if x == 0 {
		return
	}
	i := bucketIndex(x)
	lo, hi := bucketBounds(i)
	if !(lo < x && x <= hi) || i < 1 {
		t.Errorf("bucketIndex(%.17g) = %d with bounds (%.17g, %.17g]", x, i, lo, hi)
	}
}

func TestBucketIndex(t *testing.T) {
	t.Parallel()
	edges := []float64{
		math.SmallestNonzeroFloat64, 0x1p-1022, 0x1p-17, 0x1p-16, 0x1p-11,
		HistogramLinearLimit, 1e-3, 0.5, 1, 2, 10, 28, 30, 365.25, 4096, 1e300,
		math.MaxFloat64,
	}
	for _, e := range edges {
		checkBucket(t, e)
		checkBucket(t, math.Nextafter(e, 0))
		checkBucket(t, math.Nextafter(e, math.Inf(1)))
	}
	r := newRand(7, 8)
	for range 100000 {
		// Spread over all binades, and over the range that matters.
		checkBucket(t, math.Float64frombits(r.Uint64N(math.Float64bits(math.MaxFloat64))+1))
		checkBucket(t, math.Ldexp(r.Float64(), r.IntN(60)-30))
	}
}

func TestBucketBoundsContiguous(t *testing.T) {
	t.Parallel()
	// Buckets tile (0, ∞) without gaps, and each is narrow enough for the
	// stated bounds: half a width is at most 2^-17 up to 2^-10 and at most
	// 2^-7 of the lower bound above it.
	_, prevHi := bucketBounds(0)
	last := bucketIndex(math.MaxFloat64)
	for i := 1; i <= last; i++ {
		lo, hi := bucketBounds(i)
		if lo != prevHi || !(hi > lo) {
			t.Fatalf("bucket %d is (%g, %g], previous ended at %g", i, lo, hi, prevHi)
		}
		// The largest value in the last bucket is MaxFloat64, not +Inf.
		top := math.Min(hi, math.MaxFloat64)
		mid := bucketMid(i)
		half := math.Max(mid-lo, top-mid)
		if !(lo < mid && mid < hi) {
			t.Errorf("bucket %d (%g, %g]: midpoint %g outside", i, lo, hi, mid)
		}
		if hi <= HistogramLinearLimit && half > HistogramAbsErr {
			t.Errorf("bucket %d (%g, %g]: half width %g > %g", i, lo, hi, half, HistogramAbsErr)
		}
		if lo >= HistogramLinearLimit && half > HistogramRelErr*lo {
			t.Errorf("bucket %d (%g, %g]: half width %g > %g of lo", i, lo, hi, half, HistogramRelErr)
		}
		prevHi = hi
	}
	if !math.IsInf(prevHi, 1) {
		t.Errorf("last bucket ends at %g, want +Inf (2^1024 overflows)", prevHi)
	}
}

func FuzzBucketIndex(f *testing.F) {
	for _, x := range []float64{1e-300, 1e-3, 1, 28, 1e300} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		x = math.Abs(x)
		if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		checkBucket(t, x)
	})
}

// sample is a named data set for the error-bound tests.
type sample struct {
	name string
	xs   []float64 // sorted
}

// samples draws n values from several distributions, each from its own
// seeded stream, covering tiny values, zeros, ties and heavy tails.
func samples(n int) []sample {
	draw := func(name string, seed uint64, f func(i int, u func() float64) float64) sample {
		r := newRand(seed, seed+1)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = f(i, r.Float64)
		}
		slices.Sort(xs)
		return sample{name, xs}
	}
	src := func(seed uint64) *distSrc { return &distSrc{newRand(seed, seed+1)} }
	exp := distuv.Exponential{Rate: 1.0 / 30, Src: src(11)}
	logn := distuv.LogNormal{Mu: 2, Sigma: 1.5, Src: src(13)}
	gam := distuv.Gamma{Alpha: 0.5, Beta: 0.1, Src: src(15)}
	par := distuv.Pareto{Xm: 1, Alpha: 0.7, Src: src(17)}
	return []sample{
		draw("exponential mean 30", 21, func(int, func() float64) float64 { return exp.Rand() }),
		draw("lognormal 2, 1.5", 23, func(int, func() float64) float64 { return logn.Rand() }),
		draw("gamma shape 0.5", 25, func(int, func() float64) float64 { return gam.Rand() }),
		draw("pareto alpha 0.7 (heavy tail)", 27, func(int, func() float64) float64 { return par.Rand() }),
		draw("uniform (0, 0.003)", 29, func(_ int, u func() float64) float64 { return 0.003 * u() }),
		draw("log-uniform 1e-9 to 1e9", 31, func(_ int, u func() float64) float64 { return math.Pow(10, 18*u()-9) }),
		draw("40% zeros, rest exponential", 33, func(_ int, u func() float64) float64 {
			if u() < 0.4 {
				return 0
			}
			return exp.Rand()
		}),
		draw("whole days (ties on boundaries)", 35, func(int, func() float64) float64 { return math.Floor(exp.Rand()) }),
		draw("all 7", 37, func(int, func() float64) float64 { return 7 }),
		draw("two values", 39, func(_ int, u func() float64) float64 {
			if u() < 0.3 {
				return 0.1
			}
			return 1000
		}),
	}
}

// distSrc adapts *rand.Rand to gonum's rand.Source.
type distSrc struct{ r interface{ Uint64() uint64 } }

func (s *distSrc) Uint64() uint64 { return s.r.Uint64() }

// quantileGrid returns the q values checked: fixed points including the
// extremes and the reporting percentiles, and seeded random ones.
func quantileGrid() []float64 {
	qs := []float64{0, 1e-5, 1e-4, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1}
	r := newRand(41, 42)
	for range 300 {
		qs = append(qs, r.Float64())
	}
	return qs
}

// quantileErrBound is the stated error bound for an exact quantile v.
func quantileErrBound(v float64) float64 {
	switch {
	case v == 0:
		return 0
	case v <= HistogramLinearLimit:
		return HistogramAbsErr
	default:
		return HistogramRelErr * v
	}
}

func TestHistogramQuantileBound(t *testing.T) {
	t.Parallel()
	for _, s := range samples(20001) {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			var h Histogram
			for _, x := range s.xs {
				if !h.Add(x) {
					t.Fatalf("Add(%g) rejected", x)
				}
			}
			n := len(s.xs)
			worstRel := 0.0
			for _, q := range quantileGrid() {
				want := stat.Quantile(q, stat.Empirical, s.xs, nil)
				got := h.Quantile(q)
				if err := math.Abs(got - want); err > quantileErrBound(want) {
					t.Errorf("Quantile(%v) = %.17g, exact %.17g: error %g exceeds bound %g",
						q, got, want, err, quantileErrBound(want))
				}
				if want > HistogramLinearLimit {
					worstRel = math.Max(worstRel, math.Abs(got-want)/want)
				}
			}
			// The ends are exact.
			for _, q := range []float64{0, 1 / float64(n), 1 - 0.5/float64(n), 1} {
				if got, want := h.Quantile(q), stat.Quantile(q, stat.Empirical, s.xs, nil); got != want {
					t.Errorf("Quantile(%v) = %.17g, want exactly %.17g", q, got, want)
				}
			}
			t.Logf("worst relative error above 2^-10: %.3g%% (bound %.3g%%)", 100*worstRel, 100*HistogramRelErr)
		})
	}
}

func TestHistogramQuantileEveryRank(t *testing.T) {
	t.Parallel()
	// With few values every order statistic can be checked: q = k/n and
	// just above and below it.
	for _, s := range samples(97) {
		var h Histogram
		for _, x := range s.xs {
			h.Add(x)
		}
		n := float64(len(s.xs))
		for k := range len(s.xs) + 1 {
			for _, q := range []float64{float64(k) / n, math.Nextafter(float64(k)/n, 0), math.Nextafter(float64(k)/n, 1)} {
				if q < 0 || q > 1 {
					continue
				}
				want := stat.Quantile(q, stat.Empirical, s.xs, nil)
				if got := h.Quantile(q); math.Abs(got-want) > quantileErrBound(want) {
					t.Errorf("%s: Quantile(%v) = %.17g, exact %.17g", s.name, q, got, want)
				}
			}
		}
	}
}

// atMost is the exact share of the sorted xs that are <= x.
func atMost(xs []float64, x float64) float64 {
	return float64(sort.Search(len(xs), func(i int) bool { return xs[i] > x })) / float64(len(xs))
}

func TestHistogramFractionAtMost(t *testing.T) {
	t.Parallel()
	// Boundary targets, where the estimate must be exact: whole days up to
	// 128, quarter days up to 32, powers of two, multiples of 2^-16 below
	// 2^-10.
	exactTargets := []float64{0, 0x1p-16, 5 * 0x1p-16, HistogramLinearLimit, 0.25, 0.5, 1, 2, 7, 10, 28, 31.75, 90, 127, 128, 256, 1024}
	otherTargets := []float64{1e-6, 1e-4, 1e-3, 0.1, 1.0 / 24, 30.3, 99.9, 365.25, 1000, 1e4}
	for _, s := range samples(20001) {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			var h Histogram
			for _, x := range s.xs {
				h.Add(x)
			}
			for _, x := range exactTargets {
				if got, want := h.FractionAtMost(x), atMost(s.xs, x); got != want {
					t.Errorf("FractionAtMost(%v) = %v, want exactly %v", x, got, want)
				}
			}
			targets := slices.Concat(exactTargets, otherTargets)
			for i := 0; i < len(s.xs); i += 97 {
				targets = append(targets, s.xs[i], math.Nextafter(s.xs[i], 0), math.Nextafter(s.xs[i], math.Inf(1)))
			}
			for _, x := range targets {
				lower := x * 64 / 65
				if x <= HistogramLinearLimit {
					lower = x - 0x1p-16
				}
				got, hiF, loF := h.FractionAtMost(x), atMost(s.xs, x), atMost(s.xs, lower)
				if got < loF || got > hiF {
					t.Errorf("FractionAtMost(%.17g) = %v, want within [F(%.17g), F(x)] = [%v, %v]", x, got, lower, loF, hiF)
				}
			}
			for _, x := range []float64{-1, s.xs[0] - 1e-9, s.xs[len(s.xs)-1], math.Inf(1)} {
				if got, want := h.FractionAtMost(x), atMost(s.xs, x); got != want {
					t.Errorf("FractionAtMost(%v) = %v, want exactly %v", x, got, want)
				}
			}
		})
	}
}

func TestHistogramExactStats(t *testing.T) {
	t.Parallel()
	for _, s := range samples(5001) {
		var h Histogram
		// Add in a shuffled order: the sorted order must not matter.
		r := newRand(43, 44)
		xs := slices.Clone(s.xs)
		r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		for _, x := range xs {
			h.Add(x)
		}
		type exact struct {
			Count, Invalid int
			Min, Max       float64
		}
		want := exact{Count: len(s.xs), Min: s.xs[0], Max: s.xs[len(s.xs)-1]}
		got := exact{h.Count(), h.Invalid(), h.Min(), h.Max()}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", s.name, diff)
		}
		// Reference sum: the sorted values added smallest first in
		// extended precision is not available, so compare with a two-pass
		// mean (gonum) at a tolerance compensated summation easily meets.
		checkClose(t, s.name+" Mean", stat.Mean(s.xs, nil), h.Mean(), 1e-12)
	}
}

func TestHistogramInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		x      float64
		n      int
		wantOK bool
		reason string
	}{
		{name: "NaN", x: math.NaN(), n: 1, wantOK: false},
		{name: "negative", x: -1, n: 1, wantOK: false},
		{name: "tiny negative", x: -math.SmallestNonzeroFloat64, n: 1, wantOK: false, reason: "rejected, not rounded to zero"},
		{name: "+Inf", x: math.Inf(1), n: 1, wantOK: false, reason: "no finite bucket holds it"},
		{name: "-Inf", x: math.Inf(-1), n: 1, wantOK: false},
		{name: "NaN three times", x: math.NaN(), n: 3, wantOK: false, reason: "counted once per copy"},
		{name: "negative zero", x: math.Copysign(0, -1), n: 1, wantOK: true, reason: "-0 == 0 and is stored as +0"},
		{name: "zero copies of NaN", x: math.NaN(), n: 0, wantOK: false},
		{name: "largest finite", x: math.MaxFloat64, n: 1, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h Histogram
			h.Add(2)
			ok := h.AddN(tt.x, tt.n)
			type state struct {
				OK             bool
				Count, Invalid int
			}
			want := state{OK: tt.wantOK, Count: 1, Invalid: tt.n}
			if tt.wantOK {
				want.Count, want.Invalid = 1+tt.n, 0
			}
			if diff := cmp.Diff(want, state{ok, h.Count(), h.Invalid()}); diff != "" {
				t.Errorf("AddN(%v, %d) %s (-want +got):\n%s", tt.x, tt.n, tt.reason, diff)
			}
			if !tt.wantOK && (h.Min() != 2 || h.Max() != 2 || h.Mean() != 2) {
				t.Errorf("rejected value changed Min/Max/Mean to %v/%v/%v", h.Min(), h.Max(), h.Mean())
			}
		})
	}
	var h Histogram
	if h.Add(math.Copysign(0, -1)); math.Signbit(h.Min()) {
		t.Errorf("Min after adding -0 is -0, want +0")
	}
}

func TestHistogramEmpty(t *testing.T) {
	t.Parallel()
	var h Histogram
	got := []float64{h.Min(), h.Max(), h.Mean(), h.Quantile(0.5), h.FractionAtMost(1)}
	for i, v := range got {
		if !math.IsNaN(v) {
			t.Errorf("empty histogram: statistic %d = %v, want NaN", i, v)
		}
	}
	if h.Count() != 0 || h.Sum() != 0 {
		t.Errorf("empty histogram: Count %d, Sum %v, want 0, 0", h.Count(), h.Sum())
	}
}

func TestHistogramQuantilePanics(t *testing.T) {
	t.Parallel()
	for _, q := range []float64{-0.01, 1.01, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Quantile(%v) did not panic", q)
				}
			}()
			var h Histogram
			h.Add(1)
			h.Quantile(q)
		}()
	}
}

// histOpts compares Histograms by what they hold, allowing the
// compensated sum to differ by rounding: each bucket's whole count (count,
// however it is split between counts and high), up to the last non-zero
// one, not how far the slices grew, and the exact fields.
var histOpts = cmp.Transformer("view", func(h Histogram) histView {
	c := h.bucketCounts()
	for len(c) > 0 && c[len(c)-1] == 0 {
		c = c[:len(c)-1]
	}
	return histView{Counts: c, N: h.n, Invalid: h.invalid, Min: h.min, Max: h.max}
})

type histView struct {
	Counts     []int
	N, Invalid int
	Min, Max   float64
}

func TestHistogramAddN(t *testing.T) {
	t.Parallel()
	var one, many Histogram
	for _, x := range []float64{0, 0.0004, 3, 28, 28, 1e5} {
		for range 5 {
			one.Add(x)
		}
		many.AddN(x, 5)
	}
	if diff := cmp.Diff(&one, &many, histOpts); diff != "" {
		t.Errorf("AddN(x, 5) differs from 5 × Add(x) (-Add +AddN):\n%s", diff)
	}
	checkClose(t, "Sum", one.Sum(), many.Sum(), 1e-15)
	defer func() {
		if recover() == nil {
			t.Errorf("AddN with a negative count did not panic")
		}
	}()
	many.AddN(1, -1)
}

func TestHistogramMerge(t *testing.T) {
	t.Parallel()
	for _, s := range samples(3001) {
		for _, split := range []int{0, 1, 1500, 3000, 3001} {
			var all, a, b Histogram
			r := newRand(45, 46)
			xs := slices.Clone(s.xs)
			r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
			for i, x := range xs {
				all.Add(x)
				if i < split {
					a.Add(x)
				} else {
					b.Add(x)
				}
			}
			a.Add(-1) // an invalid value merges too
			all.Add(-1)
			a.Merge(&b)
			if diff := cmp.Diff(&all, &a, histOpts); diff != "" {
				t.Errorf("%s split %d: merged halves differ from all at once (-all +merged):\n%s", s.name, split, diff)
			}
			checkClose(t, s.name+" merged Sum", all.Sum(), a.Sum(), 1e-13)
		}
	}
}

func TestHistogramMergeSpecial(t *testing.T) {
	t.Parallel()
	build := func(xs ...float64) *Histogram {
		var h Histogram
		for _, x := range xs {
			h.Add(x)
		}
		return &h
	}
	tests := []struct {
		name      string
		dst, src  *Histogram
		self      bool
		want      *Histogram
		wantCount int
	}{
		{name: "nil", dst: build(1, 2), src: nil, want: build(1, 2)},
		{name: "empty into full", dst: build(1, 2), src: build(), want: build(1, 2)},
		{name: "full into empty", dst: build(), src: build(3, 400), want: build(3, 400)},
		{name: "self doubles", dst: build(0, 3, 400), self: true, want: build(0, 0, 3, 3, 400, 400)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.self {
				tt.src = tt.dst
			}
			tt.dst.Merge(tt.src)
			if diff := cmp.Diff(tt.want, tt.dst, histOpts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			checkClose(t, "Sum", tt.want.Sum(), tt.dst.Sum(), 1e-15)
		})
	}
}

func TestHistogramMergeDeterministic(t *testing.T) {
	t.Parallel()
	// Per-replication histograms merged in index order, twice from
	// scratch, give bit-identical sums (counts are integers anyway).
	xs := samples(4000)[1].xs
	merge := func() *Histogram {
		parts := make([]Histogram, 50)
		for i, x := range xs {
			parts[(i*7)%len(parts)].Add(x)
		}
		var m Histogram
		for i := range parts {
			m.Merge(&parts[i])
		}
		return &m
	}
	a, b := merge(), merge()
	if diff := cmp.Diff(a, b, cmp.AllowUnexported(Histogram{}), cmp.Comparer(func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y)
	})); diff != "" {
		t.Errorf("repeated merge not bit-identical (-first +second):\n%s", diff)
	}
}

func TestHistogramReset(t *testing.T) {
	t.Parallel()
	var h, want Histogram
	h.Add(5000)
	h.Add(-5)
	h.Reset()
	if diff := cmp.Diff(&want, &h, histOpts); diff != "" {
		t.Errorf("after Reset (-want +got):\n%s", diff)
	}
	h.Add(2)
	want.Add(2)
	if diff := cmp.Diff(&want, &h, histOpts); diff != "" {
		t.Errorf("after Reset and Add(2) (-want +got):\n%s", diff)
	}
	checkClose(t, "Sum", 2, h.Sum(), 0)
}

func TestHistogramMemory(t *testing.T) {
	t.Parallel()
	// Memory depends on the largest value, not on the count: a million
	// values up to 4096 days use 65 + 64*22 buckets (22 powers of two
	// from 2^-10 to 2^12), as the doc comment says (5.8 KiB).
	var h Histogram
	r := newRand(47, 48)
	for range 1_000_000 {
		h.Add(4096 * r.Float64())
	}
	if got, want := cap(h.counts), 65+64*22; got != want {
		t.Errorf("buckets for values up to 4096: %d, want %d", got, want)
	}
	h.Add(math.MaxFloat64)
	// Octaves from 2^-10 to 2^1024.
	if got, want := cap(h.counts), 65+64*1034; got != want || got*4 > 259*1024 || h.high != nil {
		t.Errorf("buckets with MaxFloat64: %d (%d bytes, high made %v), want %d, at most 259 KiB", got, got*4, h.high != nil, want)
	}
}

func TestHistogramAddAllocs(t *testing.T) {
	// Not parallel: AllocsPerRun counts allocations process-wide.
	var h Histogram
	h.Add(1000) // grow once
	xs := []float64{0, 1e-5, 0.3, 2, 28, 999}
	allocs := testing.AllocsPerRun(1000, func() {
		for _, x := range xs {
			h.Add(x)
		}
		h.AddN(7, 3)
	})
	if allocs != 0 {
		t.Errorf("Add allocates %v times per run, want 0", allocs)
	}
}

// waits returns seeded waiting times in days for benchmarks: exponential,
// mean 30 days, with 20% zeros.
func waits(n int) []float64 {
	r := newRand(49, 50)
	xs := make([]float64, n)
	for i := range xs {
		if r.Float64() >= 0.2 {
			xs[i] = 30 * r.ExpFloat64()
		}
	}
	return xs
}

func BenchmarkHistogramAdd(b *testing.B) {
	xs := waits(1024)
	var h Histogram
	for _, x := range xs {
		h.Add(x)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h.Add(xs[i&1023])
		i++
	}
}

func BenchmarkHistogramQuantile(b *testing.B) {
	var h Histogram
	for _, x := range waits(100000) {
		h.Add(x)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.Quantile(0.9)
	}
}

func BenchmarkHistogramMerge(b *testing.B) {
	var src, dst Histogram
	for _, x := range waits(100000) {
		src.Add(x)
	}
	b.ReportAllocs()
	for b.Loop() {
		dst.Merge(&src)
	}
}

// The methods below are used only by tests, so they live here rather
// than in the package proper.

// AddN adds n copies of the value x and reports whether x was accepted, as
// [Histogram.Add] does; a rejected x counts n times in Invalid. AddN panics
// if n is negative; n = 0 adds nothing.
func (h *Histogram) AddN(x float64, n int) bool {
	if n < 0 {
		panic("stats: Histogram.AddN with negative count")
	}
	if !(x >= 0 && x <= math.MaxFloat64) {
		h.invalid += n
		return false
	}
	if n > 0 {
		h.add(x, n)
	}
	return true
}

// Invalid returns the number of values rejected (NaN, negative or
// infinite) by Add and AddN, including those of merged histograms.
func (h *Histogram) Invalid() int { return h.invalid }

// Min returns the smallest value added, or NaN if there are none.
func (h *Histogram) Min() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return h.min
}

// TestHistogramResetClearsEveryBucket checks that Reset, which clears only
// the buckets between Min's and Max's, leaves no count behind: values
// spread over every octave, zeros and the linear range included, are
// added, the histogram is reset and every bucket must read zero.
func TestHistogramResetClearsEveryBucket(t *testing.T) {
	t.Parallel()
	for _, s := range samples(3001) {
		var h Histogram
		for _, x := range s.xs {
			h.Add(x)
		}
		h.Add(0)
		h.Add(1e-9)
		h.Add(1e300)
		h.Reset()
		for i, c := range h.bucketCounts() {
			if c != 0 {
				t.Fatalf("%s: bucket %d holds %d after Reset", s.name, i, c)
			}
		}
	}
}

func TestHistogramQuantilesAsQuantile(t *testing.T) {
	t.Parallel()
	// Quantiles must give Quantile's figures bit for bit, for every order
	// statistic and the probabilities between them, in one call.
	for _, size := range []int{0, 1, 2, 97, 3001} {
		for _, s := range samples(size) {
			var h Histogram
			for _, x := range s.xs {
				h.Add(x)
			}
			var qs []float64
			n := float64(len(s.xs))
			for k := range len(s.xs) + 1 {
				for _, q := range []float64{math.Nextafter(float64(k)/n, 0), float64(k) / n, math.Nextafter(float64(k)/n, 1)} {
					if q >= 0 && q <= 1 && (len(qs) == 0 || q >= qs[len(qs)-1]) {
						qs = append(qs, q)
					}
				}
			}
			for _, set := range [][]float64{qs, {0, 0.5, 0.9, 0.95, 1}, {0.5, 0.5}, {1}} {
				got := make([]float64, len(set))
				h.Quantiles(got, set)
				for k, q := range set {
					if want := h.Quantile(q); math.Float64bits(got[k]) != math.Float64bits(want) && !(math.IsNaN(got[k]) && math.IsNaN(want)) {
						t.Errorf("%s (%d values): Quantiles at %v = %.17g, Quantile %.17g", s.name, len(s.xs), q, got[k], want)
					}
				}
			}
		}
	}
}

func TestHistogramQuantilesPanics(t *testing.T) {
	t.Parallel()
	var h Histogram
	h.Add(1)
	for _, qs := range [][]float64{{0.5, 0.4}, {math.NaN()}, {-0.1}, {1.5}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Quantiles(%v) did not panic", qs)
				}
			}()
			h.Quantiles(make([]float64, len(qs)), qs)
		}()
	}
}

// TestHistogramPast32Bits follows counts past 2^32 - 1, where a bucket's
// count carries into its high word, through every way a count grows (one
// Add, add of many, Merge with a carry in the sum, Merge of a histogram
// already carrying, a self-merge), and through Quantile, FractionAtMost,
// the binary encoding and Reset, against plain int arithmetic. A pool of
// 100,000 replications of a scenario with 50,000 immediate starts each
// holds 5e9 in the zero bucket.
func TestHistogramPast32Bits(t *testing.T) {
	t.Parallel()
	const top = 1<<32 - 1
	check := func(name string, h *Histogram, want map[float64]int) {
		t.Helper()
		n := 0
		for x, c := range want {
			i := 0
			if x > 0 {
				i = bucketIndex(x)
			}
			if got := h.count(i); got != c {
				t.Errorf("%s: bucket of %v holds %d, want %d", name, x, got, c)
			}
			n += c
		}
		if h.Count() != n || h.sumCounts() != n {
			t.Errorf("%s: Count %d and the buckets' sum %d, want %d", name, h.Count(), h.sumCounts(), n)
		}
		var c Histogram
		b, _ := h.AppendBinary(nil)
		if err := c.UnmarshalBinary(b); err != nil {
			t.Errorf("%s: decoding: %v", name, err)
		} else if diff := cmp.Diff(h, &c, histOpts); diff != "" {
			t.Errorf("%s: decoded (-want +got):\n%s", name, diff)
		}
	}

	var a Histogram
	a.add(3, top)
	check("2^32 - 1 in one bucket", &a, map[float64]int{3: top})
	if a.high != nil {
		t.Errorf("2^32 - 1 made the high words")
	}
	a.Add(3)
	a.Add(40)
	check("one Add past it", &a, map[float64]int{3: top + 1, 40: 1})

	var b Histogram
	b.add(3, 3e9)
	b.add(0, 5e9)
	var c Histogram
	c.add(3, 3e9)
	c.Merge(&b) // 6e9 in the bucket of 3: the sum wraps
	check("a merge that wraps", &c, map[float64]int{3: 6e9, 0: 5e9})

	c.Merge(&a) // a already carries
	check("a merge of a carrying histogram", &c, map[float64]int{3: 6e9 + top + 1, 0: 5e9, 40: 1})

	c.Merge(&c)
	check("a self-merge", &c, map[float64]int{3: 2 * (6e9 + top + 1), 0: 1e10, 40: 2})
	if got, want := c.Quantile(0.5), 3.0; math.Abs(got-want) > want*HistogramRelErr {
		t.Errorf("median %v, want %v", got, want)
	}
	if got, want := c.FractionAtMost(0), 1e10/float64(c.Count()); got != want {
		t.Errorf("FractionAtMost(0) = %v, want %v", got, want)
	}

	// At the edge of Merge's path for sums that cannot wrap.
	var d, e Histogram
	d.add(3, 1<<31)
	e.add(3, 1<<31-1)
	d.Merge(&e)
	check("a merge to 2^32 - 1", &d, map[float64]int{3: top})
	e.Add(3)
	d.Merge(&e)
	check("a merge past it", &d, map[float64]int{3: top + 1<<31})

	c.Reset()
	check("reset", &c, map[float64]int{})
	c.Add(7)
	check("an Add after Reset", &c, map[float64]int{7: 1})
}
