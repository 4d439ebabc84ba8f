package stats

import (
	"math"
	"slices"
)

// MaxCountValue is the largest value a [CountHistogram] keeps in its dense
// table, 2^12, which bounds that table to 32 KiB. Larger values are
// counted exactly too, in a sparse table whose size grows with the number
// of distinct values added, not with the values themselves: a waiting
// list of a million people in one replication costs one entry, not 8 MB.
// (A run keeps a histogram for every lot and sample time, hundreds of
// them; a dense table of 2^20 counters each took gigabytes when waiting
// lists grew that long.)
const MaxCountValue = 1 << 12

// CountHistogram counts small non-negative integers exactly, such as the
// size of a waiting list at a time point in each replication, so that
// percentile bands (10th, 50th, 90th) across replications can be reported
// without keeping every value. It keeps one counter per possible value up
// to the largest added, or to MaxCountValue, so that table is at most 16
// bytes × (the largest value + 1), allowing for growth, and at most 64 KiB. Values above [MaxCountValue] are kept in a map of their own, one
// entry per distinct value, so memory is bounded by the number of values
// added, and every statistic stays exact and finite.
//
// Add rejects negative values: they are counted as invalid and otherwise
// ignored.
//
// The zero value is an empty CountHistogram ready to use. It holds a slice,
// so use it through a pointer; a copy shares its counts with the original.
type CountHistogram struct {
	counts  []int       // counts[v] is the number of times v was added
	large   map[int]int // the same for values above MaxCountValue
	n       int
	invalid int
	sum     int     // exact sum of the values up to MaxCountValue: at most 2^12 × n
	lsum    float64 // sum of the larger values, which could overflow an int
}

// Add adds the value v and reports whether it was accepted: v must not be
// negative.
func (c *CountHistogram) Add(v int) bool {
	if v < 0 {
		c.invalid++
		return false
	}
	if v > MaxCountValue {
		if c.large == nil {
			c.large = map[int]int{}
		}
		c.large[v]++
		c.n++
		c.lsum += float64(v)
		return true
	}
	if v >= len(c.counts) {
		c.grow(v + 1)
	}
	c.counts[v]++
	c.n++
	c.sum += v
	return true
}

// grow extends counts to at least length n (at most MaxCountValue+1),
// doubling so that a rising sequence of values costs amortised O(1).
func (c *CountHistogram) grow(n int) {
	n = min(max(n, 2*len(c.counts)), MaxCountValue+1)
	counts := make([]int, n)
	copy(counts, c.counts)
	c.counts = counts
}

// Mean returns the mean of the values added, or NaN if there are none. It
// is exact (rounded once to float64) when no value is above MaxCountValue,
// and within float64 rounding otherwise.
func (c *CountHistogram) Mean() float64 {
	if c.n == 0 {
		return math.NaN()
	}
	return (float64(c.sum) + c.lsum) / float64(c.n)
}

// Quantile returns the q-quantile of the values added, for q in [0, 1],
// exactly. It uses the same definition as [Histogram.Quantile] and gonum's
// stat.Quantile with stat.Empirical: the k-th smallest value where
// k = max(1, ⌈q·Count⌉), so the result is always one of the values added.
// Quantile returns NaN if c is empty and panics if q is NaN or outside
// [0, 1].
func (c *CountHistogram) Quantile(q float64) float64 {
	if !(q >= 0 && q <= 1) {
		panic("stats: quantile outside [0, 1]")
	}
	if c.n == 0 {
		return math.NaN()
	}
	rank := q * float64(c.n)
	cum := 0
	for v, k := range c.counts {
		cum += k
		if k > 0 && float64(cum) >= rank {
			return float64(v)
		}
	}
	large := make([]int, 0, len(c.large))
	for v := range c.large {
		large = append(large, v)
	}
	slices.Sort(large)
	for _, v := range large {
		cum += c.large[v]
		if float64(cum) >= rank {
			return float64(v)
		}
	}
	panic("stats: CountHistogram counts do not add up") // not reached
}
