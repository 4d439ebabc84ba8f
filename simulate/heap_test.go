package simulate

import (
	"container/heap"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEventQueueOrder checks that events come out ordered by time and, at
// equal times, in the order they were scheduled, through any mix of push,
// pop and replaceTop.
func TestEventQueueOrder(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var q eventQueue
	type rec struct {
		t   float64
		seq uint64
	}
	var out []rec
	pending := 0
	for i := range 20000 {
		// Times on a coarse grid so that ties are common.
		tm := float64(rng.IntN(5))
		switch {
		case pending > 0 && rng.IntN(3) == 0:
			e := q.pop()
			out = append(out, rec{e.t, e.key >> 8})
			pending--
		case pending > 0 && rng.IntN(3) == 0:
			e := *q.peek()
			out = append(out, rec{e.t, e.key >> 8})
			q.replaceTop(e.t+tm, evDepart, int32(i), 0)
		default:
			now := 0.0 // as in a simulation, nothing is scheduled in the past
			if len(out) > 0 {
				now = out[len(out)-1].t
			}
			q.push(now+tm, evArrival, int32(i), 0)
			pending++
		}
		// Whatever was popped must not be after anything still pending.
		if len(out) > 0 && q.len() > 0 {
			last, top := out[len(out)-1], q.peek()
			if top.t < last.t || (top.t == last.t && top.key>>8 < last.seq) {
				t.Fatalf("step %d: popped (%v, %d) before pending (%v, %d)", i, last.t, last.seq, top.t, top.key>>8)
			}
		}
	}
	for q.len() > 0 {
		e := q.pop()
		out = append(out, rec{e.t, e.key >> 8})
	}
	if !slices.IsSortedFunc(out[len(out)-pending:], func(a, b rec) int {
		if a.t != b.t {
			if a.t < b.t {
				return -1
			}
			return 1
		}
		return int(int64(a.seq) - int64(b.seq))
	}) {
		t.Error("final drain not in (time, sequence) order")
	}
}

// boxedQueue is the container/heap version of the event queue, kept for
// the comparison benchmark only.
type boxedQueue []event

func (q boxedQueue) Len() int           { return len(q) }
func (q boxedQueue) Less(i, j int) bool { return q[i].before(&q[j]) }
func (q boxedQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *boxedQueue) Push(x any)        { *q = append(*q, x.(event)) }
func (q *boxedQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// BenchmarkEventQueue compares the typed 4-ary heap with container/heap on
// a hold model: n pending events, each step removes the earliest and
// schedules one an exponential time later (what an M/M/c queue does).
func BenchmarkEventQueue(b *testing.B) {
	for _, n := range []int{11, 1000} {
		b.Run("typed4/n="+itoa(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var q eventQueue
			for range n {
				q.push(rng.ExpFloat64(), evDepart, 0, 0)
			}
			b.ReportAllocs()
			for b.Loop() {
				e := q.peek()
				q.replaceTop(e.t+rng.ExpFloat64(), evDepart, 0, 0)
			}
		})
		b.Run("typed4-poppush/n="+itoa(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var q eventQueue
			for range n {
				q.push(rng.ExpFloat64(), evDepart, 0, 0)
			}
			b.ReportAllocs()
			for b.Loop() {
				e := q.pop()
				q.push(e.t+rng.ExpFloat64(), evDepart, 0, 0)
			}
		})
		b.Run("container-heap/n="+itoa(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			q := &boxedQueue{}
			var seq uint64
			for range n {
				seq++
				heap.Push(q, event{t: rng.ExpFloat64(), key: seq << 8})
			}
			b.ReportAllocs()
			for b.Loop() {
				e := heap.Pop(q).(event)
				seq++
				heap.Push(q, event{t: e.t + rng.ExpFloat64(), key: seq << 8})
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// The methods below are used only by tests, so they live here rather
// than in the package proper.

// push schedules an event of kind k at time t, with the next sequence
// number.
func (q *eventQueue) push(t float64, k uint8, id int32, aux uint32) {
	q.seq++
	q.pushEvent(event{t: t, key: q.seq<<8 | uint64(k), id: id, aux: aux})
}

// replaceTop removes the earliest event and schedules an event of kind k at
// time t in one sift, cheaper than pop then push; the queue must not be
// empty. The new event's sequence number is larger than any pending, so it
// orders after every pending event at the same time, as with push.
func (q *eventQueue) replaceTop(t float64, k uint8, id int32, aux uint32) {
	q.seq++
	q.siftDown(0, event{t: t, key: q.seq<<8 | uint64(k), id: id, aux: aux})
}
