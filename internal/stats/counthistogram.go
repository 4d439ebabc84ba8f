package stats

import "math"

// MaxCountValue is the largest value a [CountHistogram] accepts, 2^20,
// which bounds its memory to 8 MiB.
const MaxCountValue = 1 << 20

// CountHistogram counts small non-negative integers exactly, such as the
// size of a waiting list at a time point in each replication, so that
// percentile bands (10th, 50th, 90th) across replications can be reported
// without keeping every value. It keeps one counter per possible value up
// to the largest added, so memory is at most 16 bytes × (the largest value
// + 1), allowing for growth, and at most 8 MiB, whatever the number of
// values.
//
// Add rejects negative values and values above [MaxCountValue]: they are
// counted by Invalid and otherwise ignored.
//
// The zero value is an empty CountHistogram ready to use. It holds a slice,
// so use it through a pointer; a copy shares its counts with the original.
type CountHistogram struct {
	counts  []int // counts[v] is the number of times v was added
	n       int
	invalid int
	sum     int // exact: at most 2^20 × n
}

// Add adds the value v and reports whether it was accepted: v must be in
// [0, MaxCountValue].
func (c *CountHistogram) Add(v int) bool {
	if v < 0 || v > MaxCountValue {
		c.invalid++
		return false
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

// Merge adds every value counted by o to c. Merging is exact, so the result
// does not depend on the order of merges. o may be c itself; a nil o adds
// nothing.
func (c *CountHistogram) Merge(o *CountHistogram) {
	if o == nil {
		return
	}
	on, oinv, osum := o.n, o.invalid, o.sum
	if len(o.counts) > len(c.counts) {
		c.grow(len(o.counts))
	}
	for v, k := range o.counts {
		c.counts[v] += k
	}
	c.n += on
	c.invalid += oinv
	c.sum += osum
}

// Reset empties c, keeping its memory for reuse.
func (c *CountHistogram) Reset() {
	clear(c.counts)
	*c = CountHistogram{counts: c.counts}
}

// Count returns the number of values added (not counting rejected ones).
func (c *CountHistogram) Count() int { return c.n }

// Invalid returns the number of values rejected (negative or above
// MaxCountValue) by Add, including those of merged histograms.
func (c *CountHistogram) Invalid() int { return c.invalid }

// Mean returns the exact mean of the values added (rounded once to
// float64), or NaN if there are none.
func (c *CountHistogram) Mean() float64 {
	if c.n == 0 {
		return math.NaN()
	}
	return float64(c.sum) / float64(c.n)
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
	panic("stats: CountHistogram counts do not add up") // not reached
}
