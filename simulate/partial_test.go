package simulate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShardRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k, n, total int
		lo, hi      int
	}{
		{1, 1, 5, 0, 5},
		{1, 4, 10, 0, 3}, {2, 4, 10, 3, 6}, {3, 4, 10, 6, 8}, {4, 4, 10, 8, 10},
		{1, 4, 1000, 0, 250}, {4, 4, 1000, 750, 1000},
		{3, 3, 3, 2, 3},
	}
	for _, tt := range tests {
		lo, hi, err := ShardRange(tt.k, tt.n, tt.total)
		if err != nil || lo != tt.lo || hi != tt.hi {
			t.Errorf("ShardRange(%d, %d, %d) = %d, %d, %v; want %d, %d", tt.k, tt.n, tt.total, lo, hi, err, tt.lo, tt.hi)
		}
	}
	// The ranges of every split cover 0 to total-1 in order, each within
	// one replication of the others.
	for total := 1; total <= 40; total++ {
		for n := 1; n <= total; n++ {
			next, sizes := 0, []int{}
			for k := 1; k <= n; k++ {
				lo, hi, err := ShardRange(k, n, total)
				if err != nil || lo != next || hi <= lo {
					t.Fatalf("ShardRange(%d, %d, %d) = %d, %d, %v after %d", k, n, total, lo, hi, err, next)
				}
				next = hi
				sizes = append(sizes, hi-lo)
			}
			if next != total || slices.Max(sizes)-slices.Min(sizes) > 1 {
				t.Fatalf("%d shards of %d: end %d, sizes %v", n, total, next, sizes)
			}
		}
	}
	for _, bad := range [][3]int{{0, 4, 10}, {5, 4, 10}, {1, 0, 10}, {1, 11, 10}, {1, 1, 0}, {-1, -1, 5}} {
		if _, _, err := ShardRange(bad[0], bad[1], bad[2]); !errors.Is(err, ErrBadOptions) {
			t.Errorf("ShardRange%v: err %v, want ErrBadOptions", bad, err)
		}
	}
}

// recordModels are models that between them make the engine write every
// field of a tally.
func recordModels() map[string]*Model {
	engaged := fullModel()
	engaged.Lots[0].Disengagement[0].EngageEvery = 14
	stretch := fullModel()
	stretch.Lots[1].Stretch = &Stretch{Factor: 1.5}
	stretch.Lots[1].Slots[0].MaxSlots = 20
	return map[string]*Model{"full": fullModel(), "engaged": engaged, "stretch": stretch,
		"stretch by hand": stretchHand(), "rolling": rollingModel(0.3)}
}

// memShard keeps the records of a shard in memory.
type memShard struct {
	k, n int
	recs map[int][]byte
	// check, if not nil, sees each record as it is made.
	check func(index int, rec []byte)
}

func (s *memShard) Range(total int) (int, int, error) { return ShardRange(s.k, s.n, total) }

func (s *memShard) Record(index int, rec []byte) error {
	if s.check != nil {
		s.check(index, rec)
	}
	s.recs[index] = slices.Clone(rec)
	return nil
}

// memReplay replays records kept in memory.
type memReplay struct{ recs map[int][]byte }

func (r *memReplay) Start(total int) error {
	if len(r.recs) != total {
		return fmt.Errorf("have %d records, want %d", len(r.recs), total)
	}
	return nil
}

func (r *memReplay) Next(index int) ([]byte, error) { return r.recs[index], nil }

// repState is everything in a repResult, its histograms as their state
// (trailing empty buckets, which depend on the memory a reused record
// kept, trimmed) and its floats as bits.
func repState(rr *repResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "index %d events %d customers %d sys %+v start %v end %v samples %v\n", rr.index, rr.events, rr.customers, rr.sys, rr.stStart, rr.stEnd, rr.samples)
	for i := range rr.cells {
		t := &rr.cells[i]
		w, _ := t.waits.AppendBinary(nil)
		fmt.Fprintf(&b, "cell %d: n %v waits %x areas %x %x %x %x %x %x yearEnd %d vals", i, t.n, w,
			math.Float64bits(t.queueArea), math.Float64bits(t.busyArea), math.Float64bits(t.overArea), math.Float64bits(t.slotArea),
			math.Float64bits(t.extraArea), math.Float64bits(t.stretchTime), t.yearEnd)
		for _, v := range t.vals {
			fmt.Fprintf(&b, " %x", math.Float64bits(v))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestRecordRoundTrip decodes every record as it is made and compares the
// whole replication with the engine's own, field by field and bit for
// bit, in models that use every feature of the engine.
func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	for name, m := range recordModels() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := newPlan(m)
			if err != nil {
				t.Fatal(err)
			}
			decoded := newRepResult(p)
			var decodeErr error
			sh := &memShard{k: 1, n: 1, recs: map[int][]byte{}, check: func(index int, rec []byte) {
				decoded.reset()
				decodeErr = decoded.decode(rec, p.recordCells())
			}}
			seen := 0
			_, err = Run(context.Background(), m, Options{Seed: 3, Replications: 4, Workers: 2, Shard: sh,
				Replication: func(index int, r *Replication) {
					seen++
					if decodeErr != nil {
						t.Fatalf("replication %d: %v", index, decodeErr)
					}
					if diff := cmp.Diff(repState(r.rr), repState(decoded)); diff != "" {
						t.Errorf("replication %d: decoded record differs (-engine +decoded):\n%s", index, diff)
					}
				}})
			if err != nil || seen != 4 {
				t.Fatalf("Run: %v after %d replications", err, seen)
			}
		})
	}
}

// TestRecordFields fails when a field is added to a replication's results
// without being added to its record.
func TestRecordFields(t *testing.T) {
	t.Parallel()
	fields := func(v any) []string {
		var out []string
		ty := reflect.TypeOf(v)
		for i := range ty.NumField() {
			out = append(out, ty.Field(i).Name)
		}
		return out
	}
	// Each struct's fields, as appendRecord and decode handle them: a new
	// one must be written and read there (see the comment above
	// appendRecord) and then listed here. vals are derived by finish, err
	// and p are not results.
	want := map[string][]string{
		"tally":     {"n", "waits", "queueArea", "yearEnd", "busyArea", "overArea", "slotArea", "extraArea", "stretchTime", "vals"},
		"repResult": {"index", "cells", "samples", "sys", "stStart", "stEnd", "events", "customers", "err", "p"},
		"sysFlow":   {"start", "end", "arrivals", "repeats", "completions", "droppedOut", "abandoned", "turnedAway", "declined", "selfServed"},
	}
	got := map[string][]string{"tally": fields(tally{}), "repResult": fields(repResult{}), "sysFlow": fields(sysFlow{})}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the fields of a replication's results changed: record the new ones in partial.go (-recorded +now):\n%s", diff)
	}
	if mBits > 64 {
		t.Errorf("a cell's mask needs %d bits, more than a uint64 holds", mBits)
	}
}

// TestShardReplayIdentical splits runs into shards and replays them: the
// Results, and every value Options.Replication and Progress see, are bit
// for bit those of the whole run, for any number of shards.
func TestShardReplayIdentical(t *testing.T) {
	t.Parallel()
	m := fullModel()
	const reps = 7
	type hooked struct {
		Values   []string
		Progress [][2]int
	}
	hooks := func(h *hooked, opt *Options) {
		opt.Replication = func(index int, r *Replication) {
			v, ok := r.Value(0, AllYears, AllAreas, AllRisks, WaitP90)
			w, _ := r.Value(2, 1, 0, 1, Referrals)
			h.Values = append(h.Values, fmt.Sprintf("%d %x %v %v", index, math.Float64bits(v), ok, w))
		}
		opt.Progress = func(done, total int) { h.Progress = append(h.Progress, [2]int{done, total}) }
	}
	var whole hooked
	opt := Options{Seed: 9, Replications: reps, Workers: 2}
	hooks(&whole, &opt)
	res, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := digest(res)
	for _, n := range []int{1, 2, 3, reps} {
		recs := map[int][]byte{}
		for k := n; k >= 1; k-- { // shards in any order
			part, err := Run(context.Background(), m, Options{Seed: 9, Replications: reps, Workers: 1 + k%2, Shard: &memShard{k: k, n: n, recs: recs}})
			if err != nil {
				t.Fatalf("shard %d/%d: %v", k, n, err)
			}
			if lo, hi, _ := ShardRange(k, n, reps); part.Replications != hi-lo {
				t.Errorf("shard %d/%d merged %d replications, want %d", k, n, part.Replications, hi-lo)
			}
		}
		var got hooked
		opt := Options{Seed: 9, Replications: reps, Replay: &memReplay{recs}}
		hooks(&got, &opt)
		merged, err := Run(context.Background(), m, opt)
		if err != nil {
			t.Fatalf("%d shards: replay: %v", n, err)
		}
		if diff := cmp.Diff(want, digest(merged)); diff != "" {
			t.Errorf("%d shards: merged results differ (-whole +merged):\n%s", n, diff)
		}
		if diff := cmp.Diff(whole, got); diff != "" {
			t.Errorf("%d shards: hooks differ (-whole +merged):\n%s", n, diff)
		}
		if merged.System != res.System || merged.Events != res.Events || merged.Customers != res.Customers {
			t.Errorf("%d shards: system flow differs", n)
		}
	}
}

func TestReplayBad(t *testing.T) {
	t.Parallel()
	m := fullModel()
	recs := map[int][]byte{}
	if _, err := Run(context.Background(), m, Options{Seed: 1, Replications: 2, Shard: &memShard{k: 1, n: 1, recs: recs}}); err != nil {
		t.Fatal(err)
	}
	good := recs[0]
	replay := func(m *Model, recs map[int][]byte) error {
		_, err := Run(context.Background(), m, Options{Seed: 1, Replications: len(recs), Replay: &memReplay{recs}})
		return err
	}
	other := fullModel()
	other.Areas = append(other.Areas, "East")
	if err := replay(other, recs); !errors.Is(err, ErrBadRecord) || !strings.Contains(err.Error(), "made for a model") {
		t.Errorf("another model's records: err %v, want ErrBadRecord naming the shape", err)
	}
	if err := replay(m, map[int][]byte{0: recs[1], 1: recs[0]}); !errors.Is(err, ErrBadRecord) || !strings.Contains(err.Error(), "record is of replication 1") {
		t.Errorf("records out of order: err %v, want ErrBadRecord", err)
	}
	// Cut short, changed or extended records give an error or results
	// that merge, never a panic: every byte of a small model's record,
	// and cuts of the full model's.
	small := stretchHand()
	smallRecs := map[int][]byte{}
	if _, err := Run(context.Background(), small, Options{Seed: 1, Replications: 1, Shard: &memShard{k: 1, n: 1, recs: smallRecs}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		m      *Model
		rec    []byte
		step   int
		change bool
	}{{small, smallRecs[0], 1, true}, {m, good, len(good)/97 + 1, false}} {
		p, err := newPlan(c.m)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(c.rec); i += c.step {
			rr := newRepResult(p)
			if err := rr.decode(c.rec[:i], p.recordCells()); !errors.Is(err, ErrBadRecord) {
				t.Errorf("record cut to %d of %d bytes: err %v, want ErrBadRecord", i, len(c.rec), err)
			}
			for _, x := range []byte{0, 0x7f, 0xff} {
				if !c.change {
					break
				}
				bad := slices.Clone(c.rec)
				bad[i] = x
				rr, res := newRepResult(p), newResults(p)
				if rr.decode(bad, p.recordCells()) == nil {
					res.merge(rr)
				}
			}
		}
	}
	if err := replay(m, map[int][]byte{0: append(slices.Clone(good), 0)}); !errors.Is(err, ErrBadRecord) {
		t.Errorf("trailing byte: err %v, want ErrBadRecord", err)
	}
	stop := &StoppingRule{Metric: WaitMean, RelativeHalfWidth: 0.1, Min: 2, Max: 5}
	for name, opt := range map[string]Options{
		"shard with stop":  {Stop: stop, Shard: &memShard{k: 1, n: 2}},
		"replay with stop": {Stop: stop, Replay: &memReplay{}},
		"both":             {Replications: 2, Shard: &memShard{k: 1, n: 2}, Replay: &memReplay{}},
		"too many shards":  {Replications: 2, Shard: &memShard{k: 1, n: 3}},
	} {
		if _, err := Run(context.Background(), m, opt); !errors.Is(err, ErrBadOptions) {
			t.Errorf("%s: err %v, want ErrBadOptions", name, err)
		}
	}
}

// TestRecordSize keeps the record compact: a replication of the full
// model, whose results fill 960 cells, in a few kilobytes.
func TestRecordSize(t *testing.T) {
	t.Parallel()
	recs := map[int][]byte{}
	if _, err := Run(context.Background(), fullModel(), Options{Seed: 1, Replications: 1, Shard: &memShard{k: 1, n: 1, recs: recs}}); err != nil {
		t.Fatal(err)
	}
	if n := len(recs[0]); n > 8<<10 {
		t.Errorf("record of one replication of the full model is %d bytes, want at most 8 KiB", n)
	}
}
