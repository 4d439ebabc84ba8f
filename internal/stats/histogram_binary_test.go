package stats

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// histState is everything a Histogram reports and merges with, its
// counts without trailing empty buckets (whose number depends on the
// memory a reused histogram kept).
type histState struct {
	Counts                      []int
	N, Invalid                  int
	Min, Max, Sum, Comp         uint64
	Mean, Median, P90, Fraction float64
}

func stateOf(h *Histogram) histState {
	c := h.bucketCounts()
	for len(c) > 0 && c[len(c)-1] == 0 {
		c = c[:len(c)-1]
	}
	return histState{Counts: c, N: h.n, Invalid: h.invalid,
		Min: math.Float64bits(h.min), Max: math.Float64bits(h.max), Sum: math.Float64bits(h.sum), Comp: math.Float64bits(h.comp),
		Mean: h.Mean(), Median: h.Quantile(0.5), P90: h.Quantile(0.9), Fraction: h.FractionAtMost(28)}
}

func TestHistogramBinaryRoundTrip(t *testing.T) {
	t.Parallel()
	rng := newRand(71, 72)
	build := func(n int, scale float64, bad int) *Histogram {
		var h Histogram
		for range n {
			h.Add(rng.ExpFloat64() * scale)
		}
		for range bad {
			h.Add(math.NaN())
		}
		return &h
	}
	tests := []struct {
		name string
		h    *Histogram
	}{
		{"empty", &Histogram{}},
		{"invalid only", build(0, 1, 3)},
		{"zeros", func() *Histogram { var h Histogram; h.Add(0); h.Add(math.Copysign(0, -1)); return &h }()},
		{"one", build(1, 30, 0)},
		{"many days", build(5000, 40, 2)},
		{"tiny", build(300, 1e-5, 0)},
		{"huge", func() *Histogram { h := build(10, 1, 0); h.Add(math.MaxFloat64); h.Add(1e300); return h }()},
	}
	// Built here, not in the parallel subtests: build draws from one
	// shared source, which the subtests would race on.
	base := build(100, 20, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, _ := tt.h.AppendBinary([]byte{0xaa})
			var got Histogram
			got.Add(12345) // reused memory must not leak into the result
			if err := got.UnmarshalBinary(b[1:]); err != nil {
				t.Fatal(err)
			}
			opt := cmp.Comparer(func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) })
			if diff := cmp.Diff(stateOf(tt.h), stateOf(&got), opt); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			// Merging the copy must give the bits merging the original gives.
			var a, c Histogram
			a.Merge(base)
			c.Merge(base)
			a.Merge(tt.h)
			c.Merge(&got)
			if diff := cmp.Diff(stateOf(&a), stateOf(&c), opt); diff != "" {
				t.Errorf("merge of the copy differs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHistogramBinaryBad(t *testing.T) {
	t.Parallel()
	var h Histogram
	for _, v := range []float64{0, 1.5, 3, 3, 400} {
		h.Add(v)
	}
	good, _ := h.AppendBinary(nil)
	// Every truncation, every single-byte change and trailing bytes must
	// give an error or a valid histogram, never a panic.
	for i := range len(good) {
		var g Histogram
		if err := g.UnmarshalBinary(good[:i]); !errors.Is(err, ErrBadEncoding) {
			t.Errorf("cut to %d bytes: err %v, want ErrBadEncoding", i, err)
		}
		for _, x := range []byte{0, 1, 0x7f, 0x80, 0xff} {
			bad := append([]byte(nil), good...)
			bad[i] = x
			var g Histogram
			err := g.UnmarshalBinary(bad)
			if err == nil && g.Count() != g.sumCounts() {
				t.Errorf("byte %d set to %#x: accepted with counts that do not add up", i, x)
			}
			if err == nil && g.Count() > 0 {
				// Merge, Reset and Quantile read only Min's to Max's
				// buckets: those must be the first and last occupied.
				if lo, hi := g.span(); hi >= len(g.counts) || g.firstOccupied() != lo || lastOccupied(g.bucketCounts()) != hi {
					t.Errorf("byte %d set to %#x: accepted with minimum %v and maximum %v outside the occupied buckets", i, x, g.Min(), g.Max())
				}
				var m Histogram
				m.Merge(&g)
				if m.Count() != m.sumCounts() {
					t.Errorf("byte %d set to %#x: merged into an empty histogram, counts do not add up", i, x)
				}
				g.Reset()
			}
		}
	}
	if err := new(Histogram).UnmarshalBinary(append(good, 0)); !errors.Is(err, ErrBadEncoding) {
		t.Errorf("trailing byte: err %v, want ErrBadEncoding", err)
	}
}

func (h *Histogram) sumCounts() int {
	s := 0
	for _, c := range h.bucketCounts() {
		s += c
	}
	return s
}

// bucketCounts returns every bucket's whole count (count).
func (h *Histogram) bucketCounts() []int {
	c := make([]int, len(h.counts))
	for i := range c {
		c[i] = h.count(i)
	}
	return c
}

// lastOccupied returns the index of the last non-zero count, or -1.
func lastOccupied(counts []int) int {
	for i := len(counts) - 1; i >= 0; i-- {
		if counts[i] != 0 {
			return i
		}
	}
	return -1
}
