package simulate

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/lotsim/lotsim/internal/stats"
)

// Splitting a run across processes: a shard simulates a contiguous range
// of the replications and records each one's own results (a record); a
// replay merges the records of every shard in replication order, exactly
// as Run merges replications it simulates itself, so that the merged
// Results, and everything Options.Replication sees, are bit-identical to
// those of the whole run in one process. Folding per-shard summaries
// would not be: the summaries are running (Welford) sums, whose bits
// depend on the order of their additions.

// ErrBadRecord reports a replication record Run cannot replay: not made by
// this version for this model, or cut short or changed.
var ErrBadRecord = errors.New("simulate: bad replication record")

// ShardRange returns the replications lo to hi-1 that shard k (1 to n)
// of n runs of a run of total replications. The split is fixed: the n
// ranges are contiguous, in order of k, and cover 0 to total-1; each has
// total/n replications, and the first total%n one more. It needs
// 1 <= k <= n <= total; otherwise the error wraps ErrBadOptions.
func ShardRange(k, n, total int) (lo, hi int, err error) {
	if n < 1 || k < 1 || k > n {
		return 0, 0, fmt.Errorf("%w: shard %d of %d: want 1 <= K <= N", ErrBadOptions, k, n)
	}
	if n > total {
		return 0, 0, fmt.Errorf("%w: %d shards of %d replications: each shard needs at least one, so use at most %d shards", ErrBadOptions, n, total, total)
	}
	q, r := total/n, total%n
	lo = (k-1)*q + min(k-1, r)
	hi = lo + q
	if k <= r {
		hi++
	}
	return lo, hi, nil
}

// Shard runs one part of a run split across processes or machines (see
// Options.Shard).
type Shard interface {
	// Range is called once when Run starts, with the number of
	// replications of the whole run, and returns the replications lo to
	// hi-1 to simulate (ShardRange gives the usual split).
	Range(total int) (lo, hi int, err error)
	// Record is called with the record of each replication simulated, in
	// replication order, from the goroutine that called Run, after the
	// replication is merged into the Results and before
	// Options.Replication. rec is valid only during the call. An error
	// stops the run and Run returns it.
	Record(index int, rec []byte) error
}

// Replay supplies the records of a run split across processes, so that
// Run merges them in place of simulating (see Options.Replay).
type Replay interface {
	// Start is called once when Run starts, with the number of
	// replications of the whole run.
	Start(total int) error
	// Next returns the record of replication index, as Shard.Record was
	// given it. Run asks for 0, 1, ..., total-1 in order; the slice need
	// stay valid only until the next call.
	Next(index int) ([]byte, error)
}

// validateParts checks Options.Shard and Options.Replay.
func (o *Options) validateParts(bad func(format string, args ...any) error) error {
	switch {
	case o.Shard != nil && o.Replay != nil:
		return bad("Shard and Replay cannot be used together")
	case (o.Shard != nil || o.Replay != nil) && o.Stop != nil:
		return bad("a stopping rule cannot be split across processes: give Replications, not Stop, with Shard or Replay")
	}
	return nil
}

// shardRange asks the shard for its range of total replications.
func shardRange(s Shard, total int) (lo, hi int, err error) {
	lo, hi, err = s.Range(total)
	if err != nil {
		return 0, 0, err
	}
	if lo < 0 || hi <= lo || hi > total {
		return 0, 0, fmt.Errorf("%w: Shard.Range(%d) gave replications %d to %d, want 0 <= lo < hi <= %d", ErrBadOptions, total, lo, hi-1, total)
	}
	return lo, hi, nil
}

// replay merges the records opt.Replay supplies for replications 0 to
// total-1, in order, one at a time.
func replay(ctx context.Context, p *plan, opt *Options, total int) (*Results, error) {
	if err := opt.Replay.Start(total); err != nil {
		return nil, err
	}
	res := newResults(p)
	c := &collector{res: res, opt: opt, total: total, rep: Replication{p: p}}
	rr, cells := newRepResult(p), p.recordCells()
	for r := range total {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := opt.Replay.Next(r)
		if err != nil {
			return nil, err
		}
		rr.reset()
		if err := rr.decode(rec, cells); err != nil {
			return nil, fmt.Errorf("replication %d: %w", r, err)
		}
		if rr.index != r {
			return nil, fmt.Errorf("%w: replication %d was asked for, the record is of replication %d", ErrBadRecord, r, rr.index)
		}
		c.add(rr)
	}
	return res, nil
}

// The record of one replication: its own results, from which Results.merge
// and Replication.Value work, in a compact form. Integers are varints,
// floats AppendFloat's reversed varints; cells with nothing in them are
// left out. Only what the engine writes is kept: the cells of a single
// year, area and risk level, and the areas a station's year totals hold
// directly (capacity in use, stretching); decode rebuilds the sums over
// years, areas and risks and every metric with the same repResult.finish
// the engine ends a replication with, so that they come out bit for bit.
//
// To add a field to tally or repResult: write it in appendRecord, read it
// in decode, and list it in TestRecordFields.

// Bits of a cell's mask: one per counter, then these.
const (
	mWaits = nCounts + iota
	mQueueArea
	mYearEnd
	mBusyArea
	mOverArea
	mSlotArea
	mExtraArea
	mStretchTime
	mBits
)

// totalFields are the mask bits a station's year total may carry: the
// areas the engine adds to it directly.
const totalFields = 1<<mBusyArea | 1<<mOverArea | 1<<mSlotArea | 1<<mExtraArea | 1<<mStretchTime

// recordCell is a cell a record carries: its index, and whether it is a
// station's year total, of which only the directly written areas are kept.
type recordCell struct {
	i     int
	total bool
}

// recordCells lists the cells a record carries, in record order: every
// cell of one year, client-group slot, area and risk level that the
// engine writes (a station that pools client groups tallies into its group
// slots 1, 2, ..., and finish sums them into slot 0), then every station's
// year totals.
func (p *plan) recordCells() []recordCell {
	var out []recordCell
	for st := range p.nSt {
		for y := range p.nY {
			first := 0 // the slots the engine writes: 0 alone, or the groups' own
			if p.sc[st].nG > 1 {
				first = 1
			}
			for g := first; g < p.sc[st].nG; g++ {
				for a := range p.nA {
					for r := range 3 {
						out = append(out, recordCell{p.cellIndexG(st, y, g, a, r), false})
					}
				}
			}
		}
	}
	for st := range p.nSt {
		for y := range p.nY {
			out = append(out, recordCell{p.cellIndex(st, y, p.nA, 3), true})
		}
	}
	return out
}

// recorder makes the records of a run's replications, reusing its memory.
type recorder struct {
	buf   []byte
	cells []recordCell
}

// record returns rr's record, valid until the next call.
func (r *recorder) record(rr *repResult) []byte {
	if r.cells == nil {
		r.cells = rr.p.recordCells()
	}
	r.buf = appendRecord(r.buf[:0], rr, r.cells)
	return r.buf
}

// appendRecord appends rr's record to b; cells are p.recordCells().
func appendRecord(b []byte, rr *repResult, cells []recordCell) []byte {
	u := func(v uint64) { b = binary.AppendUvarint(b, v) }
	i64 := func(v int64) { b = binary.AppendVarint(b, v) }
	// The shape, so that a record of another model is refused.
	u(uint64(len(rr.cells)))
	u(uint64(len(rr.samples)))
	u(uint64(len(rr.stStart)))
	u(uint64(rr.index))
	i64(rr.events)
	i64(rr.customers)
	f := &rr.sys
	for _, v := range [...]int64{int64(f.start), int64(f.end), f.arrivals, f.repeats, f.completions, f.droppedOut, f.abandoned, f.turnedAway, f.declined, f.selfServed} {
		i64(v)
	}
	for i := range rr.stStart {
		i64(int64(rr.stStart[i]))
		i64(int64(rr.stEnd[i]))
	}
	// Waiting lists, each station's as a change from its last sample.
	for st := range len(rr.stStart) {
		prev := int64(0)
		for k := st; k < len(rr.samples); k += len(rr.stStart) {
			v := int64(rr.samples[k])
			i64(v - prev)
			prev = v
		}
	}
	next := 0
	for j, c := range cells {
		t, total := &rr.cells[c.i], c.total
		mask := t.mask()
		if total {
			mask &= totalFields
		}
		if mask == 0 {
			continue
		}
		u(uint64(j - next))
		next = j + 1
		u(mask)
		for k, v := range t.n {
			if mask&(1<<k) != 0 {
				i64(v)
			}
		}
		if mask&(1<<mWaits) != 0 {
			start := len(b)
			b = append(b, 0) // room for the length, usually one byte
			b, _ = t.waits.AppendBinary(b)
			n := len(b) - start - 1
			if n >= 0x80 {
				lenBuf := binary.AppendUvarint(nil, uint64(n))
				b = append(b, lenBuf[1:]...)
				copy(b[start+len(lenBuf):], b[start+1:start+1+n])
				copy(b[start:], lenBuf)
			} else {
				b[start] = byte(n)
			}
		}
		for _, fl := range t.floats() {
			if mask&(1<<fl.bit) != 0 {
				b = stats.AppendFloat(b, *fl.v)
			}
		}
		if mask&(1<<mYearEnd) != 0 {
			i64(int64(t.yearEnd))
		}
	}
	u(uint64(len(cells) - next)) // the end: a gap to just past the last cell
	return b
}

// floatField is one float area of a tally and its mask bit.
type floatField struct {
	bit int
	v   *float64
}

func (t *tally) floats() [6]floatField {
	return [...]floatField{{mQueueArea, &t.queueArea}, {mBusyArea, &t.busyArea}, {mOverArea, &t.overArea},
		{mSlotArea, &t.slotArea}, {mExtraArea, &t.extraArea}, {mStretchTime, &t.stretchTime}}
}

// mask returns the bits of t's non-zero fields.
func (t *tally) mask() uint64 {
	var m uint64
	for k, v := range t.n {
		if v != 0 {
			m |= 1 << k
		}
	}
	if !t.waits.Empty() {
		m |= 1 << mWaits
	}
	for _, fl := range t.floats() {
		if *fl.v != 0 {
			m |= 1 << fl.bit
		}
	}
	if t.yearEnd != 0 {
		m |= 1 << mYearEnd
	}
	return m
}

// decode sets rr, which must be empty, from a record appendRecord wrote
// for a model of the same shape, and finishes it as the engine does;
// cells are p.recordCells().
func (rr *repResult) decode(rec []byte, cells []recordCell) error {
	d := stats.Decoder{Data: rec}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadRecord, fmt.Sprintf(format, args...))
	}
	i64 := func() int64 {
		v, n := binary.Varint(d.Data)
		if n <= 0 {
			if d.Err == nil {
				d.Err = errors.New("cut short or an overlong number")
			}
			return 0
		}
		d.Data = d.Data[n:]
		return v
	}
	nc, ns, nst := d.Int(), d.Int(), d.Int()
	if d.Err == nil && (nc != len(rr.cells) || ns != len(rr.samples) || nst != len(rr.stStart)) {
		return bad("made for a model of %d cells, %d waiting-list samples and %d lots, not this one's %d, %d and %d",
			nc, ns, nst, len(rr.cells), len(rr.samples), len(rr.stStart))
	}
	rr.index = d.Int()
	rr.events, rr.customers = i64(), i64()
	f := &rr.sys
	f.start, f.end = int(i64()), int(i64())
	for _, v := range [...]*int64{&f.arrivals, &f.repeats, &f.completions, &f.droppedOut, &f.abandoned, &f.turnedAway, &f.declined, &f.selfServed} {
		*v = i64()
	}
	for i := range rr.stStart {
		rr.stStart[i], rr.stEnd[i] = int(i64()), int(i64())
	}
	for st := range nst {
		prev := int64(0)
		for k := st; k < len(rr.samples); k += nst {
			prev += i64()
			rr.samples[k] = int32(prev)
			if d.Err == nil && int64(rr.samples[k]) != prev {
				return bad("waiting-list sample %d out of range", prev)
			}
		}
	}
	next := 0
	for d.Err == nil {
		j := next + d.Int()
		if d.Err != nil {
			break
		}
		if j == len(cells) {
			break
		}
		if j > len(cells) || j < next {
			return bad("cell %d out of range", j)
		}
		next = j + 1
		i, total := cells[j].i, cells[j].total
		mask := d.Uint()
		switch {
		case d.Err != nil:
		case mask == 0, mask >= 1<<mBits, total && mask&^totalFields != 0:
			return bad("cell %d has fields %#x it cannot have", i, mask)
		}
		t := &rr.cells[i]
		for k := range t.n {
			if mask&(1<<k) != 0 {
				t.n[k] = i64()
			}
		}
		if mask&(1<<mWaits) != 0 {
			if w := d.Bytes(); d.Err == nil {
				if err := t.waits.UnmarshalBinary(w); err != nil {
					return bad("cell %d: %v", i, err)
				}
			}
		}
		for _, fl := range t.floats() {
			if mask&(1<<fl.bit) != 0 {
				*fl.v = d.Float()
			}
		}
		if mask&(1<<mYearEnd) != 0 {
			t.yearEnd = int(i64())
		}
	}
	if d.Err != nil {
		return bad("%v", d.Err)
	}
	if len(d.Data) > 0 {
		return bad("%d bytes after the end", len(d.Data))
	}
	rr.finish()
	return nil
}
