package simulate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCalendarOrder drives the calendar like the engine does (peek, then
// the handler's first schedule replaces the event or the event is popped;
// nothing is scheduled before the current time) through a mix of near,
// ring and far events with many ties, and checks every event it hands out
// against a plain list of the pending events: it must be the earliest by
// (time, sequence), and events made stale must never come out. Pending
// counts go above calThreshold, so the ring is used, and back down.
func TestCalendarOrder(t *testing.T) {
	t.Parallel()
	type rec struct {
		t   float64
		seq uint64
	}
	for _, tc := range []struct {
		name    string
		spread  func(r *rand.Rand) float64 // delay of a new event
		initial int
	}{
		// Times on a grid of quarter days (ties are common) up to 2,000
		// days ahead: near, ring (1,024 days) and far.
		{"grid", func(r *rand.Rand) float64 { return float64(r.IntN(8000)) / 4 }, 600},
		// Mostly soon, some a hundred days ahead, a few beyond the ring,
		// one in a thousand absurdly far.
		{"mixed", func(r *rand.Rand) float64 {
			switch u := r.Float64(); {
			case u < 0.5:
				return r.ExpFloat64() * 0.1
			case u < 0.95:
				return r.ExpFloat64() * 100
			case u < 0.999:
				return 1000 + r.Float64()*5000
			default:
				return 1e300
			}
		}, 2000},
		// Few events, all within a few days: the ring is used once the
		// count wanders past calThreshold, the far heap never.
		{"small", func(r *rand.Rand) float64 { return r.ExpFloat64() }, 10},
		// Crowded buckets: half the events within a twentieth of a day,
		// on a grid (ties), so near holds hundreds at times.
		{"crowded", func(r *rand.Rand) float64 {
			if r.IntN(2) == 0 {
				return float64(r.IntN(50)) / 1000
			}
			return r.ExpFloat64() * 3
		}, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(5, 6))
			var c calendar
			c.reset(-100)
			var staleIDs []bool // by event id
			c.stale, c.staleKind = func(e *event) bool { return staleIDs[e.id] }, evDepart
			var pending []rec // live events, by (t, seq)
			ids := []int32{0} // event id by sequence number
			now, id := -100.0, int32(-1)
			schedule := func(replace bool) {
				id++
				tm := now + tc.spread(rng)
				if replace {
					c.replaceTop(tm, evDepart, id, 0)
				} else {
					c.push(tm, evDepart, id, 0)
				}
				pending = append(pending, rec{tm, c.seq})
				ids = append(ids, id) // ids[c.seq]
				staleIDs = append(staleIDs, false)
			}
			for range tc.initial {
				schedule(false)
			}
			usedFar, usedRing := false, false
			most := 0 // the most events pending at once
			for step := range 40000 {
				most = max(most, c.len())
				e := c.peek()
				if e == nil {
					break
				}
				got := rec{e.t, e.key >> 8}
				if !slices.Contains(pending, got) {
					t.Fatalf("step %d: calendar gave (%v, %d), which is not pending", step, got.t, got.seq)
				}
				want := rec{math.Inf(1), 0} // the earliest live event
				for _, p := range pending {
					if !staleIDs[ids[p.seq]] && (p.t < want.t || (p.t == want.t && p.seq < want.seq)) {
						want = p
					}
				}
				// A stale event may still come out of near (the engine's
				// handler ignores it), but never after a live one.
				if stale := staleIDs[ids[got.seq]]; got != want && !(stale && (got.t < want.t || (got.t == want.t && got.seq < want.seq))) {
					t.Fatalf("step %d: calendar gave (%v, %d) (stale %v), want (%v, %d)", step, got.t, got.seq, stale, want.t, want.seq)
				}
				pending = slices.DeleteFunc(pending, func(p rec) bool {
					return p == got || (staleIDs[ids[p.seq]] && (p.t < got.t || (p.t == got.t && p.seq < got.seq)))
				})
				now = got.t
				// The handler: schedule 0, 1 or 2 events (the first
				// replacing this one), now and then make a pending one
				// stale. Fewer new events late on, so the count falls.
				n := rng.IntN(3)
				if step > 20000 {
					n = rng.IntN(2)
				}
				for k := range n {
					schedule(k == 0)
				}
				if n == 0 {
					c.pop()
				}
				usedFar = usedFar || c.far.len() > 0
				usedRing = usedRing || c.inRing > 0
				if len(pending) > 0 && rng.IntN(10) == 0 {
					staleIDs[ids[pending[rng.IntN(len(pending))].seq]] = true
				}
			}
			// The ring is used once calThreshold events are pending; the
			// far heap only by the cases with events over 1,024 days ahead.
			if want := most >= calThreshold; usedRing != want {
				t.Errorf("ring used %v with at most %d events pending; want %v", usedRing, most, want)
			}
			if want := tc.initial > calThreshold && tc.name != "crowded"; usedFar != want {
				t.Errorf("far heap used %v; want %v", usedFar, want)
			}
		})
	}
}

// BenchmarkCalendar compares the calendar with the plain 4-ary heap on a
// hold model shaped like a partnership's event list: n pending events,
// each step takes the earliest and schedules one replacing it, a
// departure about 110 days ahead four times in five (case lengths) and
// otherwise an arrival a tenth of a day ahead.
func BenchmarkCalendar(b *testing.B) {
	delay := func(r *rand.Rand) float64 {
		if r.IntN(5) == 0 {
			return 0.1 * r.ExpFloat64()
		}
		return math.Exp(4.64 + 0.35*r.NormFloat64()) // lognormal, median 104 days
	}
	for _, n := range []int{20, 3000} {
		b.Run("calendar/n="+itoa(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var c calendar
			c.reset(0)
			for range n {
				c.push(delay(rng), evDepart, 0, 0)
			}
			b.ReportAllocs()
			for b.Loop() {
				e := c.peek()
				c.replaceTop(e.t+delay(rng), evDepart, 0, 0)
			}
		})
		b.Run("heap/n="+itoa(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var q eventQueue
			for range n {
				q.push(delay(rng), evDepart, 0, 0)
			}
			b.ReportAllocs()
			for b.Loop() {
				e := q.peek()
				q.replaceTop(e.t+delay(rng), evDepart, 0, 0)
			}
		})
	}
}
