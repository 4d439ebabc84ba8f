package bench

import "math/rand/v2"

// Event kinds of the reference loop.
const (
	refArrival uint8 = iota
	refDepart
)

// refEvent is one pending event of the reference loop: its time and kind.
type refEvent struct {
	t    float64
	kind uint8
}

// refHeap is a plain binary min-heap of events ordered by time, written out
// by hand (no container/heap, no interface boxing).
type refHeap []refEvent

func (h *refHeap) push(e refEvent) {
	q := append(*h, e)
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if q[p].t <= e.t {
			break
		}
		q[i] = q[p]
		i = p
	}
	q[i] = e
	*h = q
}

func (h *refHeap) pop() refEvent {
	q := *h
	top := q[0]
	n := len(q) - 1
	last := q[n]
	q = q[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && q[c+1].t < q[c].t {
			c++
		}
		if last.t <= q[c].t {
			break
		}
		q[i] = q[c]
		i = c
	}
	if n > 0 {
		q[i] = last
	}
	*h = q
	return top
}

// ReferenceMMc is the hand-written reference loop of issue 12 that the
// engine's speed is measured against: an M/M/c queue (arrival rate lambda,
// service rate mu per server, c servers) simulated with a plain binary heap
// of (time, kind) events, exponential draws from math/rand/v2's PCG seeded
// with (seed, seed+1), a first-in-first-out waiting list of arrival times,
// accumulating only the mean wait. It serves the first customers arrivals
// and returns their mean wait in queue. It keeps no statistics, no
// customer records and no warm-up: it is the least work that simulates
// the queue, the floor any engine is compared with.
func ReferenceMMc(c int, lambda, mu float64, customers int, seed uint64) float64 {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	h := make(refHeap, 0, c+1)
	queue := make([]float64, 0, 1024) // arrival times of those waiting, FIFO from head
	head := 0
	busy, arrived, served := 0, 0, 0
	sumWait := 0.0
	h.push(refEvent{t: rng.ExpFloat64() / lambda, kind: refArrival})
	for served < customers && len(h) > 0 {
		ev := h.pop()
		now := ev.t
		switch ev.kind {
		case refArrival:
			arrived++
			if arrived < customers {
				h.push(refEvent{t: now + rng.ExpFloat64()/lambda, kind: refArrival})
			}
			if busy < c {
				busy++
				served++ // waited 0
				h.push(refEvent{t: now + rng.ExpFloat64()/mu, kind: refDepart})
			} else {
				queue = append(queue, now)
			}
		case refDepart:
			if head < len(queue) {
				sumWait += now - queue[head]
				head++
				served++
				h.push(refEvent{t: now + rng.ExpFloat64()/mu, kind: refDepart})
				if head == len(queue) { // reuse the list's memory once it empties
					queue, head = queue[:0], 0
				} else if head >= 1024 && head >= len(queue)/2 { // or drop the served half
					queue, head = queue[:copy(queue, queue[head:])], 0
				}
			} else {
				busy--
			}
		}
	}
	return sumWait / float64(served)
}
