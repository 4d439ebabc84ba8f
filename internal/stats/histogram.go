package stats

import "math"

// Bucket layout of Histogram. Bucket 0 holds exact zeros. Buckets 1..64
// split (0, 2^-10] into 64 equal widths of 2^-16. From there on each power
// of two (2^e, 2^(e+1)], e >= -10, is split into 64 equal buckets of width
// 2^(e-6). Every bucket is open below and closed above, (lo, hi], so that a
// value equal to a boundary (a whole number of days, say) falls in the
// bucket it closes and FractionAtMost is exact at boundaries.
const (
	// subBits is the number of leading mantissa bits that pick a bucket
	// within a power of two: 2^6 = 64 buckets per octave, which keeps the
	// relative error under 1% (it is 2^-7, about 0.781%).
	subBits  = 6
	subCount = 1 << subBits
	// minExp is the smallest octave: values above 2^minExp (about 0.000977,
	// just under 1e-3) are resolved relatively, smaller ones absolutely.
	minExp = -10
	// linearScale is 1/width of the buckets in (0, 2^minExp]: 2^(6+10).
	linearScale = 0x1p16
	// linearLimitBits are the bits of 2^minExp, the top of the linear range.
	linearLimitBits = uint64(1023+minExp) << 52
	// firstOctave is the index of the first bucket above 2^minExp.
	firstOctave = 1 + subCount
	// octaveBias turns the top 12+subBits bits of a positive float64 below
	// a bucket's upper bound into its bucket index.
	octaveBias = (1023+minExp)<<subBits - firstOctave
)

// Error bounds of Histogram, stated in its doc comment and checked by the
// tests.
const (
	// HistogramRelErr bounds the relative error of Histogram.Quantile for
	// quantiles above HistogramLinearLimit: 2^-7, half a bucket width over
	// the bucket's lower bound.
	HistogramRelErr = 0x1p-7
	// HistogramAbsErr bounds the absolute error of Histogram.Quantile for
	// quantiles at or below HistogramLinearLimit: 2^-17, half a bucket width.
	HistogramAbsErr = 0x1p-17
	// HistogramLinearLimit is 2^-10 (about 0.000977), the value at or below
	// which Histogram resolves values absolutely rather than relatively.
	HistogramLinearLimit = 0x1p-10
)

// bucketIndex returns the index of the bucket (lo, hi] holding x, which must
// be positive and finite.
func bucketIndex(x float64) int {
	// p is the bits of the largest float64 below x: x is in (lo, hi] exactly
	// when that float is in [lo, hi), and every boundary is a float64 whose
	// low mantissa bits are zero, so p's leading bits name the bucket.
	p := math.Float64bits(x) - 1
	if p < linearLimitBits {
		// Multiplying by a power of two is exact, so the product is below 64.
		return 1 + int(math.Float64frombits(p)*linearScale)
	}
	return int(p>>(52-subBits)) - octaveBias
}

// bucketMid returns the midpoint of bucket i (0 for bucket 0), computed
// directly so that it is finite even for the last bucket, whose upper
// bound 2^1024 overflows to +Inf.
func bucketMid(i int) float64 {
	switch {
	case i == 0:
		return 0
	case i < firstOctave:
		return (float64(i) - 0.5) / linearScale
	}
	j := i - firstOctave
	return math.Ldexp(1+(float64(j&(subCount-1))+0.5)/subCount, minExp+j>>subBits)
}

// bucketBounds returns the bounds (lo, hi] of bucket i; bucket 0 is [0, 0].
// The last bucket, holding values up to math.MaxFloat64, has hi = +Inf.
func bucketBounds(i int) (lo, hi float64) {
	switch {
	case i == 0:
		return 0, 0
	case i < firstOctave:
		return float64(i-1) / linearScale, float64(i) / linearScale
	}
	j := i - firstOctave
	e := minExp + j>>subBits
	s := float64(j & (subCount - 1))
	return math.Ldexp(1+s/subCount, e), math.Ldexp(1+(s+1)/subCount, e)
}

// Histogram summarises non-negative values, such as waiting times in days,
// in memory that does not grow with the number of values. It is a
// log-linear (HDR-style) histogram: zeros are counted exactly, (0, 2^-10]
// is split into 64 equal buckets, and every power of two above it into 64
// equal buckets, so memory is 4 bytes (a 32-bit count) × (65 + 64 × the
// number of powers of two from 2^-10 up to the largest value): 5.8 KiB for
// values up to 4096 days, at most 259 KiB whatever the values. A count
// that reaches 2^32 (a pool of many replications of a large scenario)
// carries into a second array of the same size, made only then, so counts
// stay exact to 2^63.
//
// Count, Min, Max and Invalid are exact. Sum and Mean come from a
// compensated (Neumaier) sum of the values themselves, not of buckets.
// Quantiles are estimated within a stated error: if v is the exact
// quantile defined at [Histogram.Quantile], the estimate is within
//
//   - 2^-7 × v (0.79%, [HistogramRelErr]) if v > 2^-10 (about 0.000977),
//     so within 1% relative for every v >= 0.001;
//   - 2^-17 (7.7e-6, [HistogramAbsErr]) if 0 < v <= 2^-10;
//   - 0 if v is 0, and 0 for q <= 1/Count (Min) and q > 1-1/Count (Max).
//
// This holds for any data, whatever the order of adding and merging: the
// estimate is the midpoint of the bucket holding v, moved into [Min, Max]
// if it falls outside. [Histogram.FractionAtMost] states its own bound.
//
// Add rejects NaN, negative and infinite values: they are counted as
// invalid and otherwise ignored (negative zero counts as zero).
//
// The zero value is an empty Histogram ready to use. A Histogram holds a
// slice, so use it through a pointer; a copy shares its buckets with the
// original. To take an independent copy, merge into an empty Histogram.
type Histogram struct {
	// counts[i] is the number of values in bucket i modulo 2^32, and
	// high[i], once high is made (see carry), the number divided by 2^32:
	// count(i). Per-replication histograms never need high, and half the
	// bytes of counts is half the memory a replication's cells sweep
	// through when they are merged.
	counts   []uint32
	high     []uint32
	n        int // number of valid values
	invalid  int // number of rejected values
	min, max float64
	sum      float64 // Neumaier sum of the values: sum + comp
	comp     float64
}

// Add adds the value x and reports whether it was accepted: x must be a
// non-negative finite number. Adding allocates only when x is larger than
// every earlier value by enough to need a new power of two of buckets.
func (h *Histogram) Add(x float64) bool {
	if !(x >= 0 && x <= math.MaxFloat64) { // NaN fails both
		h.invalid++
		return false
	}
	// add(x, 1) written out: the engine adds every start's wait, and the
	// call and the multiplicity cost about a fifth of it.
	i := 0
	if x != 0 {
		i = bucketIndex(x)
	} else {
		x = 0 // -0 becomes +0 so that Min never reports -0
	}
	if i >= len(h.counts) {
		h.grow(i + 1)
	}
	h.counts[i]++
	if h.counts[i] == 0 {
		h.carry(i, 1)
	}
	if h.n == 0 {
		h.min, h.max = x, x
	} else if x < h.min {
		h.min = x
	} else if x > h.max {
		h.max = x
	}
	h.n++
	h.addSum(x, 0)
	return true
}

// add adds n > 0 copies of the non-negative finite value x.
func (h *Histogram) add(x float64, n int) {
	i := 0
	if x != 0 {
		i = bucketIndex(x)
	} else {
		x = 0 // -0 becomes +0 so that Min never reports -0
	}
	if i >= len(h.counts) {
		h.grow(i + 1)
	}
	h.addCount(i, n)
	if h.n == 0 {
		h.min, h.max = x, x
	} else if x < h.min {
		h.min = x
	} else if x > h.max {
		h.max = x
	}
	h.n += n
	if n == 1 {
		h.addSum(x, 0)
	} else {
		h.addSum(x*float64(n), 0)
	}
}

// count returns the number of values in bucket i, which must exist.
func (h *Histogram) count(i int) int {
	c := int(h.counts[i])
	if h.high != nil {
		c |= int(h.high[i]) << 32
	}
	return c
}

// addCount adds n >= 0 to the count of bucket i, which must exist.
func (h *Histogram) addCount(i, n int) {
	s := uint64(h.counts[i]) + uint64(n)&math.MaxUint32
	h.counts[i] = uint32(s)
	if c := s>>32 + uint64(n)>>32; c != 0 {
		h.carry(i, c)
	}
}

// setCount sets the count of bucket i, which must exist, to c >= 0.
func (h *Histogram) setCount(i, c int) {
	h.counts[i] = uint32(c)
	if c>>32 != 0 || h.high != nil {
		h.carry(i, 0)
		h.high[i] = uint32(c >> 32)
	}
}

// carry adds c to high[i], making high the first time a count passes
// 2^32 - 1.
func (h *Histogram) carry(i int, c uint64) {
	if h.high == nil {
		h.high = make([]uint32, len(h.counts))
	}
	h.high[i] += uint32(c)
}

// addSum adds v + c to the compensated sum (Neumaier 1974).
func (h *Histogram) addSum(v, c float64) {
	t := h.sum + v
	if math.Abs(h.sum) >= math.Abs(v) {
		h.comp += (h.sum - t) + v
	} else {
		h.comp += (v - t) + h.sum
	}
	h.comp += c
	h.sum = t
}

// grow extends counts to at least length n, to the end of an octave, in
// one exact allocation, so memory is as the Histogram doc comment states.
// It is called once per new largest power of two of the values at most.
func (h *Histogram) grow(n int) {
	if n > firstOctave {
		n = firstOctave + (n-firstOctave+subCount-1)&^(subCount-1)
	}
	c := make([]uint32, n)
	copy(c, h.counts)
	h.counts = c
	if h.high != nil {
		c := make([]uint32, n)
		copy(c, h.high)
		h.high = c
	}
}

// Merge adds every value counted by o to h, as if each had been added to h
// (apart from rounding in Sum). Counts, Min and Max merge exactly; merging
// the same histograms in the same order gives bit-identical results. o may
// be h itself, which doubles every count; a nil o adds nothing.
func (h *Histogram) Merge(o *Histogram) {
	if o == nil {
		return
	}
	if o == h {
		// Carries are found by comparing the sums with o's counts, which
		// a self-merge overwrites: merge a copy. No engine does this.
		var c Histogram
		c.Merge(h)
		o = &c
	}
	// Read o before writing h.
	on, oinv, omin, omax, osum, ocomp := o.n, o.invalid, o.min, o.max, o.sum, o.comp
	h.invalid += oinv
	if on == 0 {
		return
	}
	if len(o.counts) > len(h.counts) {
		h.grow(len(o.counts))
	}
	// Only o's buckets from its Min's to its Max's can be non-zero (see
	// span): a histogram of a few waits touches a few of its hundreds of
	// buckets, and a run merges thousands of them per replication.
	lo, hi := o.span()
	if h.high == nil && o.high == nil && uint64(h.n)+uint64(on) <= math.MaxUint32 {
		// No count can wrap: a bucket's count is at most its histogram's
		// number of values (the counts sum to it), and the two numbers
		// together stay below 2^32. This is every merge of a
		// replication's cells.
		addCountsSmall(h.counts[lo:hi+1], o.counts[lo:hi+1])
	} else if addCounts(h.counts[lo:], o.counts[lo:hi+1]) {
		// A sum below what was added wrapped round 2^32.
		for i := lo; i <= hi; i++ {
			if h.counts[i] < o.counts[i] {
				h.carry(i, 1)
			}
		}
	}
	if o.high != nil {
		for i := lo; i <= hi; i++ {
			if o.high[i] != 0 {
				h.carry(i, uint64(o.high[i]))
			}
		}
	}
	if h.n == 0 {
		h.min, h.max = omin, omax
	} else {
		h.min, h.max = math.Min(h.min, omin), math.Max(h.max, omax)
	}
	h.n += on
	h.addSum(osum, ocomp)
}

// addCounts adds src into dst element by element, modulo 2^32, and
// reports whether any sum wrapped round; dst must be at least as long as
// src, and the slices must not overlap. It is Merge's path for counts
// that may pass 2^32 - 1 (a pool of many replications); the others take
// addCountsSmall. The loop runs four elements a step with the bounds
// checks hoisted out of it, and finds wrapping without a branch (the
// sums' bits above 32 or-ed together).
func addCounts(dst, src []uint32) bool {
	var over uint64
	dst = dst[:len(src)]
	i := 0
	for ; i+4 <= len(src); i += 4 {
		s, d := src[i:i+4:i+4], dst[i:i+4:i+4]
		s0 := uint64(d[0]) + uint64(s[0])
		s1 := uint64(d[1]) + uint64(s[1])
		s2 := uint64(d[2]) + uint64(s[2])
		s3 := uint64(d[3]) + uint64(s[3])
		d[0], d[1], d[2], d[3] = uint32(s0), uint32(s1), uint32(s2), uint32(s3)
		over |= s0 | s1 | s2 | s3
	}
	for ; i < len(src); i++ {
		s := uint64(dst[i]) + uint64(src[i])
		dst[i] = uint32(s)
		over |= s
	}
	return over>>32 != 0
}

// addCountsSmall adds src into dst, of the same length, element by
// element; no sum may pass 2^32 - 1. Without addCounts' test for wrapping
// each element is a load and an add to memory.
func addCountsSmall(dst, src []uint32) {
	dst = dst[:len(src)]
	i := 0
	for ; i+4 <= len(src); i += 4 {
		s, d := src[i:i+4:i+4], dst[i:i+4:i+4]
		d[0] += s[0]
		d[1] += s[1]
		d[2] += s[2]
		d[3] += s[3]
	}
	for ; i < len(src); i++ {
		dst[i] += src[i]
	}
}

// span returns the indices of the buckets of Min and Max, lo <= hi, for a
// non-empty h: every count outside counts[lo:hi+1] is zero, because a
// value lands in a bucket between those of the smallest and the largest
// values, and Add and Merge keep Min and Max exact. The bucket index is
// monotone in the value, and bucket 0 holds zeros.
func (h *Histogram) span() (lo, hi int) {
	if h.min > 0 {
		lo = bucketIndex(h.min)
	}
	if h.max > 0 {
		hi = bucketIndex(h.max)
	}
	return lo, hi
}

// Reset empties h, keeping its memory for reuse.
func (h *Histogram) Reset() {
	if h.n > 0 {
		lo, hi := h.span()
		clear(h.counts[lo : hi+1]) // the rest is zero already (see span)
		if h.high != nil {
			clear(h.high[lo : hi+1])
		}
	}
	*h = Histogram{counts: h.counts, high: h.high}
}

// Count returns the number of values added (not counting rejected ones).
func (h *Histogram) Count() int { return h.n }

// Max returns the largest value added, or NaN if there are none.
func (h *Histogram) Max() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return h.max
}

// Sum returns the sum of the values added (0 if there are none), computed
// with compensated summation, so it is accurate to about one rounding.
func (h *Histogram) Sum() float64 { return h.sum + h.comp }

// Mean returns the mean of the values added, Sum/Count, or NaN if there are
// none.
func (h *Histogram) Mean() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return h.Sum() / float64(h.n)
}

// Quantile returns an estimate of the q-quantile of the values added, for q
// in [0, 1], within the error bound stated on [Histogram]. The quantile is
// the inverse of the empirical distribution function, as gonum's
// stat.Quantile with stat.Empirical: the k-th smallest value where
// k = max(1, ⌈q·Count⌉). So Quantile(0) is Min, Quantile(1) is Max, and
// Quantile(0.5) of an even number of values is the lower middle value.
// Quantile returns NaN if h is empty and panics if q is NaN or outside
// [0, 1].
func (h *Histogram) Quantile(q float64) float64 {
	if !(q >= 0 && q <= 1) {
		panic("stats: quantile outside [0, 1]")
	}
	if h.n == 0 {
		return math.NaN()
	}
	// Compare in float64 exactly as gonum does, so both pick the same k.
	rank := q * float64(h.n)
	if rank <= 1 {
		return h.min
	}
	if rank > float64(h.n-1) {
		return h.max
	}
	cum := 0
	lo, hi := h.span() // the buckets before lo are empty, and cum reaches n by hi
	for i := lo; i <= hi; i++ {
		cum += h.count(i)
		if float64(cum) >= rank {
			return math.Min(math.Max(bucketMid(i), h.min), h.max)
		}
	}
	return h.max // not reached: the counts add up to n
}

// Quantiles sets dst[k] to Quantile(qs[k]) for every k, bit for bit, in
// one pass over the buckets instead of one a quantile; qs must be in
// increasing order. It panics if a q is NaN or outside [0, 1], if qs is
// not in increasing order, or if dst is shorter than qs.
func (h *Histogram) Quantiles(dst, qs []float64) {
	dst = dst[:len(qs)]
	var lo, hi, cum int
	if h.n > 0 {
		lo, hi = h.span()
		cum = h.count(lo) // values in buckets lo to i, i = lo to begin with
	}
	i := lo
	for k, q := range qs {
		if !(q >= 0 && q <= 1) {
			panic("stats: quantile outside [0, 1]")
		}
		if k > 0 && q < qs[k-1] {
			panic("stats: quantiles not in increasing order")
		}
		rank := q * float64(h.n)
		switch {
		case h.n == 0:
			dst[k] = math.NaN()
		case rank <= 1:
			dst[k] = h.min
		case rank > float64(h.n-1):
			dst[k] = h.max
		default:
			// Every bucket before i holds fewer than an earlier, smaller
			// rank, so the first bucket from i on that reaches rank is
			// the one Quantile finds; cum reaches n by hi. float64(cum)
			// >= rank, Quantile's test, is cum >= need for a whole cum
			// below 2^53 (and rank < n), compared without a conversion.
			need := int(math.Ceil(rank))
			if h.high == nil {
				// Eight buckets a step while the rank lies beyond them:
				// a replication's cells span hundreds of buckets, most
				// of them empty, and the walk is most of the cost of
				// their quantiles.
				c := h.counts
				for i+8 <= hi {
					b := c[i+1 : i+9 : i+9]
					sum := int(b[0]) + int(b[1]) + int(b[2]) + int(b[3]) + int(b[4]) + int(b[5]) + int(b[6]) + int(b[7])
					if cum+sum >= need {
						break
					}
					cum += sum
					i += 8
				}
			}
			for cum < need && i < hi {
				i++
				cum += h.count(i)
			}
			dst[k] = math.Min(math.Max(bucketMid(i), h.min), h.max)
		}
	}
}

// FractionAtMost returns an estimate of the share of values that are at
// most x, for example the share of cases seen within a waiting target.
// The estimate never overstates the true share F(x): it is the exact share
// at most b, where b is the largest bucket boundary not above x, so
//
//	F(x·64/65) <= FractionAtMost(x) <= F(x)   for x > 2^-10,
//	F(x-2^-16) <= FractionAtMost(x) <= F(x)   for 0 <= x <= 2^-10.
//
// It is exact when x is a bucket boundary, which includes 0, every whole
// number up to 128, every multiple of 0.25 up to 32 and every power of two
// from 2^-16 on; and exact when x < Min (0) or x >= Max (1). So a target of
// 2, 10 or 28 days gives the exact share. FractionAtMost returns NaN if h
// is empty or x is NaN.
func (h *Histogram) FractionAtMost(x float64) float64 {
	switch {
	case h.n == 0 || math.IsNaN(x):
		return math.NaN()
	case x < h.min:
		return 0
	case x >= h.max:
		return 1
	}
	// Here 0 <= Min <= x < Max, so x is finite and bucket i exists.
	i := 0
	if x > 0 {
		i = bucketIndex(x)
	}
	if _, hi := bucketBounds(i); x == hi {
		i++ // bucket i lies wholly at or below x
	}
	cum := 0
	for j := range i {
		cum += h.count(j)
	}
	return float64(cum) / float64(h.n)
}
