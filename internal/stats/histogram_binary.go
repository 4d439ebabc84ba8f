package stats

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// ErrBadEncoding reports data that UnmarshalBinary cannot decode: it was
// not written by AppendBinary, or was cut short or changed.
var ErrBadEncoding = errors.New("stats: bad histogram encoding")

// A bucket's count c and its distance g from the end of the last are
// encoded as the varint (c-1)<<gapBits | min(g, gapMax), followed by the
// varint g-gapMax if g >= gapMax.
const (
	gapBits = 3
	gapMax  = 1<<gapBits - 1
)

// maxBuckets is the number of buckets of a Histogram holding
// math.MaxFloat64: the most an encoding may name.
var maxBuckets = bucketIndex(math.MaxFloat64) + 1

// AppendBinary appends h's encoding to b and returns the extended slice
// (encoding.BinaryAppender). The encoding is compact: empty buckets left
// out, each other bucket a varint of its count and its distance from the
// last (one byte for a count up to 16 within 7 buckets of the last), and
// Min, Max and the compensated sum bit for bit, so that UnmarshalBinary
// gives a histogram that merges, and reports, exactly as h does. The
// error is always nil.
func (h *Histogram) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(h.n))
	b = binary.AppendUvarint(b, uint64(h.invalid))
	if h.n == 0 {
		return b, nil
	}
	for _, v := range [...]float64{h.min, h.max, h.sum, h.comp} {
		b = AppendFloat(b, v)
	}
	nonzero := 0
	for i := range h.counts {
		if h.count(i) != 0 {
			nonzero++
		}
	}
	b = binary.AppendUvarint(b, uint64(nonzero))
	next := 0
	for i := range h.counts {
		if c := h.count(i); c != 0 {
			gap := uint64(i - next)
			b = binary.AppendUvarint(b, uint64(c-1)<<gapBits|min(gap, gapMax))
			if gap >= gapMax {
				b = binary.AppendUvarint(b, gap-gapMax)
			}
			next = i + 1
		}
	}
	return b, nil
}

// UnmarshalBinary sets h to the histogram AppendBinary encoded in data,
// which must hold that encoding and nothing else
// (encoding.BinaryUnmarshaler). It reuses h's memory. An encoding that is
// cut short, names a bucket that cannot exist, or whose counts do not add
// up gives an error wrapping ErrBadEncoding and leaves h empty.
func (h *Histogram) UnmarshalBinary(data []byte) error {
	h.Reset()
	if err := h.decode(data); err != nil {
		// Not Reset: a bad encoding may leave Min and Max apart from the
		// counts, and Reset trusts them.
		clear(h.counts)
		clear(h.high)
		*h = Histogram{counts: h.counts, high: h.high}
		return err
	}
	return nil
}

func (h *Histogram) decode(data []byte) error {
	d := Decoder{Data: data}
	n, invalid := d.Int(), d.Int()
	if d.Err != nil {
		return fmt.Errorf("%w: %v", ErrBadEncoding, d.Err)
	}
	h.invalid = invalid
	if n > 0 {
		h.min, h.max, h.sum, h.comp = d.Float(), d.Float(), d.Float(), d.Float()
		k := d.Int()
		if d.Err == nil && !(h.min >= 0 && h.min <= h.max && h.max <= math.MaxFloat64) {
			return fmt.Errorf("%w: minimum %v and maximum %v are not 0 <= min <= max", ErrBadEncoding, h.min, h.max)
		}
		if d.Err == nil && k > n {
			return fmt.Errorf("%w: %d buckets hold only %d values", ErrBadEncoding, k, n)
		}
		next, total := 0, 0
		for range k {
			v := d.Uint()
			uc, gap := v>>gapBits+1, v&gapMax
			if gap == gapMax {
				gap += d.Uint()
			}
			if d.Err != nil {
				break
			}
			if gap >= uint64(maxBuckets) || uc > uint64(n-total) {
				return fmt.Errorf("%w: a bucket %d past the last, of count %d, is out of range", ErrBadEncoding, gap, uc)
			}
			i, c := next+int(gap), int(uc)
			if i >= maxBuckets {
				return fmt.Errorf("%w: bucket %d of count %d is out of range", ErrBadEncoding, i, c)
			}
			if i >= len(h.counts) {
				h.grow(i + 1)
			}
			h.setCount(i, c)
			total += c
			next = i + 1
		}
		if d.Err == nil && total != n {
			return fmt.Errorf("%w: the buckets hold %d values, not %d", ErrBadEncoding, total, n)
		}
		h.n = n
		// Merge, Reset and Quantile read only the buckets from Min's to
		// Max's (span): the first and last occupied buckets must be those.
		if d.Err == nil {
			if lo, hi := h.span(); hi >= len(h.counts) || h.count(lo) == 0 || h.count(hi) == 0 || next != hi+1 || h.firstOccupied() != lo {
				return fmt.Errorf("%w: minimum %v and maximum %v are not in the first and last occupied buckets", ErrBadEncoding, h.min, h.max)
			}
		}
	}
	if d.Err != nil {
		return fmt.Errorf("%w: %v", ErrBadEncoding, d.Err)
	}
	if len(d.Data) > 0 {
		return fmt.Errorf("%w: %d bytes after the end", ErrBadEncoding, len(d.Data))
	}
	return nil
}

// AppendFloat appends v's bits to b as a varint with its bytes reversed,
// as encoding/gob does: whole numbers and other values with short
// mantissas, and zero, take a few bytes, and every value, NaN included,
// comes back bit for bit through Decoder.Float.
func AppendFloat(b []byte, v float64) []byte {
	return binary.AppendUvarint(b, bits.ReverseBytes64(math.Float64bits(v)))
}

// Decoder reads varints and floats from Data, the way AppendBinary and
// AppendFloat write them. The first error is kept in Err and every read
// after it returns 0, so that a caller may read a whole record and check
// Err once.
type Decoder struct {
	Data []byte
	Err  error
}

// Uint reads an unsigned varint.
func (d *Decoder) Uint() uint64 {
	if d.Err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.Data)
	if n <= 0 {
		d.Err = errors.New("cut short or an overlong number")
		return 0
	}
	d.Data = d.Data[n:]
	return v
}

// Int reads an unsigned varint that must fit a non-negative int.
func (d *Decoder) Int() int {
	v := d.Uint()
	if v > math.MaxInt {
		d.fail(fmt.Errorf("number %d out of range", v))
		return 0
	}
	return int(v)
}

// Float reads a float written by AppendFloat.
func (d *Decoder) Float() float64 {
	return math.Float64frombits(bits.ReverseBytes64(d.Uint()))
}

// Bytes reads a length-prefixed byte string (a uvarint length, then the
// bytes), returning a sub-slice of Data.
func (d *Decoder) Bytes() []byte {
	n := d.Int()
	if d.Err != nil {
		return nil
	}
	if n > len(d.Data) {
		d.fail(fmt.Errorf("%d bytes wanted, %d left", n, len(d.Data)))
		return nil
	}
	b := d.Data[:n:n]
	d.Data = d.Data[n:]
	return b
}

func (d *Decoder) fail(err error) {
	if d.Err == nil {
		d.Err = err
	}
}

// Empty reports whether nothing was added to h, not even a rejected value:
// whether it is as the zero Histogram reports and merges.
func (h *Histogram) Empty() bool { return h.n == 0 && h.invalid == 0 }

// firstOccupied returns the index of the first non-zero count, or -1.
func (h *Histogram) firstOccupied() int {
	for i := range h.counts {
		if h.count(i) != 0 {
			return i
		}
	}
	return -1
}
