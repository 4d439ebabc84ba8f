package stats

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestCountHistogramQuantile(t *testing.T) {
	t.Parallel()
	poisson := distuv.Poisson{Lambda: 120, Src: &distSrc{newRand(51, 52)}}
	geometric := newRand(53, 54)
	tests := []struct {
		name string
		n    int
		draw func() int
	}{
		{name: "poisson 120", n: 2000, draw: func() int { return int(poisson.Rand()) }},
		{name: "geometric with many zeros", n: 2001, draw: func() int { return int(math.Floor(5 * geometric.ExpFloat64())) }},
		{name: "single value", n: 1, draw: func() int { return 42 }},
		{name: "two values", n: 2, draw: func() func() int { v := 3; return func() int { v++; return v } }()},
		{name: "constant", n: 10, draw: func() int { return 0 }},
	}
	qs := append([]float64{0, 0.1, 0.5, 0.9, 1}, quantileGrid()...)
	for _, tt := range tests {
		// Draw before t.Run: the generators are shared by the table.
		var c CountHistogram
		xs := make([]float64, tt.n)
		for i := range xs {
			v := tt.draw()
			if !c.Add(v) {
				t.Fatalf("%s: Add(%d) rejected", tt.name, v)
			}
			xs[i] = float64(v)
		}
		slices.Sort(xs)
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if c.Count() != tt.n {
				t.Errorf("Count = %d, want %d", c.Count(), tt.n)
			}
			if got, want := c.Mean(), stat.Mean(xs, nil); math.Abs(got-want) > 1e-12*want {
				t.Errorf("Mean = %v, want %v", got, want)
			}
			for _, q := range qs {
				// Exact: the same value as gonum on the sorted sample.
				if got, want := c.Quantile(q), stat.Quantile(q, stat.Empirical, xs, nil); got != want {
					t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
				}
			}
		})
	}
}

func TestCountHistogramInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		v      int
		wantOK bool
	}{
		{name: "negative", v: -1, wantOK: false},
		{name: "zero", v: 0, wantOK: true},
		{name: "largest", v: MaxCountValue, wantOK: true},
		{name: "above the dense table", v: MaxCountValue + 1, wantOK: true},
		{name: "huge", v: math.MaxInt, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c CountHistogram
			c.Add(5)
			ok := c.Add(tt.v)
			type state struct {
				OK             bool
				Count, Invalid int
			}
			want := state{OK: false, Count: 1, Invalid: 1}
			if tt.wantOK {
				want = state{OK: true, Count: 2, Invalid: 0}
			}
			if diff := cmp.Diff(want, state{ok, c.Count(), c.Invalid()}); diff != "" {
				t.Errorf("Add(%d) (-want +got):\n%s", tt.v, diff)
			}
		})
	}
}

// TestCountHistogramLarge adds waiting lists above MaxCountValue, as a
// scenario with 300,000 referrals a year gives: they used to be rejected,
// leaving an empty histogram whose NaN quantiles broke JSON output.
func TestCountHistogramLarge(t *testing.T) {
	t.Parallel()
	var a, b CountHistogram
	for _, v := range []int{3_000_000, 10, 2_000_000} {
		a.Add(v)
	}
	b.Add(math.MaxInt)
	b.Add(3_000_000)
	a.Merge(&b)
	a.Merge(nil)
	type state struct {
		Count, Invalid     int
		P0, P50, P80, P100 float64
	}
	got := state{a.Count(), a.Invalid(), a.Quantile(0), a.Quantile(0.5), a.Quantile(0.8), a.Quantile(1)}
	want := state{5, 0, 10, 3_000_000, 3_000_000, math.MaxInt}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if m := a.Mean(); math.IsNaN(m) || math.IsInf(m, 0) {
		t.Errorf("Mean() = %v, want a finite number", m)
	}
	a.Merge(&a)
	if got, want := a.Quantile(0.5), 3_000_000.0; a.Count() != 10 || got != want {
		t.Errorf("after merging with itself: Count() = %d, Quantile(0.5) = %v; want 10, %v", a.Count(), got, want)
	}
	a.Reset()
	if a.Count() != 0 || !math.IsNaN(a.Quantile(1)) {
		t.Errorf("after Reset: Count() = %d, Quantile(1) = %v; want 0, NaN", a.Count(), a.Quantile(1))
	}
}

func TestCountHistogramMerge(t *testing.T) {
	t.Parallel()
	build := func(vs ...int) *CountHistogram {
		var c CountHistogram
		for _, v := range vs {
			c.Add(v)
		}
		return &c
	}
	opts := cmp.Options{cmp.AllowUnexported(CountHistogram{}), cmp.Transformer("trimZeros", func(c []int) []int {
		i := len(c)
		for i > 0 && c[i-1] == 0 {
			i--
		}
		return c[:i]
	})}
	tests := []struct {
		name     string
		dst, src *CountHistogram
		self     bool
		want     *CountHistogram
	}{
		{name: "halves", dst: build(3, 9, 9, -1), src: build(0, 120, 9), want: build(3, 9, 9, -1, 0, 120, 9)},
		{name: "longer into shorter", dst: build(1), src: build(500), want: build(1, 500)},
		{name: "nil", dst: build(1, 2), src: nil, want: build(1, 2)},
		{name: "into empty", dst: build(), src: build(4, 4), want: build(4, 4)},
		{name: "self doubles", dst: build(2, 7, -3), self: true, want: build(2, 7, -3, 2, 7, -3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.self {
				tt.src = tt.dst
			}
			tt.dst.Merge(tt.src)
			if diff := cmp.Diff(tt.want, tt.dst, opts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCountHistogramEmptyAndReset(t *testing.T) {
	t.Parallel()
	var c CountHistogram
	if !math.IsNaN(c.Quantile(0.5)) || !math.IsNaN(c.Mean()) || c.Count() != 0 {
		t.Errorf("empty: Quantile %v, Mean %v, Count %d; want NaN, NaN, 0", c.Quantile(0.5), c.Mean(), c.Count())
	}
	c.Add(100)
	c.Add(-1)
	c.Reset()
	c.Add(3)
	if c.Count() != 1 || c.Invalid() != 0 || c.Quantile(1) != 3 || c.Mean() != 3 {
		t.Errorf("after Reset and Add(3): Count %d, Invalid %d, max %v, Mean %v", c.Count(), c.Invalid(), c.Quantile(1), c.Mean())
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Quantile(2) did not panic")
		}
	}()
	c.Quantile(2)
}

func BenchmarkCountHistogramAdd(b *testing.B) {
	var c CountHistogram
	c.Add(1023)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Add(i & 1023)
		i++
	}
}

func TestCountHistogramMemory(t *testing.T) {
	t.Parallel()
	// Memory follows the largest value, not the count: rising values
	// double the counters, capped at MaxCountValue+1.
	var c CountHistogram
	for v := range 1000 {
		for range 100 {
			c.Add(v)
		}
	}
	if got := cap(c.counts); got < 1000 || got > 2*1000 {
		t.Errorf("counters for values up to 999: %d, want 1000 to 2000", got)
	}
	c.Add(MaxCountValue)
	if got, want := cap(c.counts), MaxCountValue+1; got != want {
		t.Errorf("counters with MaxCountValue: %d, want %d", got, want)
	}
}

// The methods below are used only by tests, so they live here rather
// than in the package proper.

// Merge adds every value counted by o to c. Merging is exact, so the result
// does not depend on the order of merges. o may be c itself; a nil o adds
// nothing.
func (c *CountHistogram) Merge(o *CountHistogram) {
	if o == nil {
		return
	}
	on, oinv, osum, olsum := o.n, o.invalid, o.sum, o.lsum
	if len(o.counts) > len(c.counts) {
		c.grow(len(o.counts))
	}
	for v, k := range o.counts {
		c.counts[v] += k
	}
	if o != c && len(o.large) > 0 {
		if c.large == nil {
			c.large = map[int]int{}
		}
		for v, k := range o.large {
			c.large[v] += k
		}
	} else if o == c {
		for v := range c.large {
			c.large[v] *= 2
		}
	}
	c.n += on
	c.invalid += oinv
	c.sum += osum
	c.lsum += olsum
}

// Reset empties c, keeping its memory for reuse.
func (c *CountHistogram) Reset() {
	clear(c.counts)
	clear(c.large)
	*c = CountHistogram{counts: c.counts, large: c.large}
}

// Count returns the number of values added (not counting rejected ones).
func (c *CountHistogram) Count() int { return c.n }

// Invalid returns the number of values rejected (negative) by Add, including those of merged histograms.
func (c *CountHistogram) Invalid() int { return c.invalid }
