package simulate

import "math"

// The calendar's buckets: calPerDay buckets a day (three hours each), and
// a ring of calSlots of them, so that events up to 1,024 days ahead wait
// in the ring and later ones in the far heap. 1,024 days covers the case
// lengths, stays, patience and repeat delays of the shipped scenarios
// (means of 30 to 150 days, repeats within 365 days): in essex-2025 no
// event goes to the far heap. Both are powers of two, so that a bucket's
// slot is its number masked. On essex-2025, 8 buckets a day ran about 5%
// faster than 1 (about 30 events in the near heap when one is taken off,
// against a hundred), and 16 no faster than 8.
const (
	calPerDay = 8
	calSlots  = 1024 * calPerDay
)

// maxBucket bounds the bucket numbers the calendar computes, so that a
// time absurdly far ahead (a heavy-tailed draw) cannot overflow an int.
const maxBucket = 1 << 52

// calThreshold is the number of events pending at which the calendar
// starts using its ring: below it one short list is as fast and the ring
// would only add work. An M/M/10 queue without patience has
// at most ten events in the calendar (its departures: the engine keeps
// arrivals apart) and stays a heap (BenchmarkMMc); the shipped scenarios
// have thousands. It
// was 512 until a small model with patience showed the cost of waiting
// for so many: in M/M/10 with exponential patience of mean 5 days
// (BenchmarkMMcRisk) the heap holds the departures and 30 or so patience
// events, most of them stale (their customer started long ago), and each
// stale one was sifted down through the heap when it came to the top. With
// the ring from 16 events on, stale patience events are dropped when
// their bucket is opened, and the heap holds a bucket's events only: CPU
// time per customer fell by about 30% (243, 243, 260 ns against 168, 176,
// 175, runs alternated on the shared machine), with M/M/10 unchanged
// (149, 132, 165 ns against 137, 152, 144) and the order of events, so
// every result, the same (the calendar hands out events in heap order).
const calThreshold = 16

// calNode is an event waiting in a ring bucket, linked to the next one in
// the same bucket (-1 for none) or, when free, to the next free node.
type calNode struct {
	ev   event
	next int32
}

// calendar is the engine's event list: a heap ordered by (time, sequence
// number) that turns into a two-level calendar queue when it grows large.
// Either way it hands out events in exactly the order of one heap, so it
// changes no result; the calendar only keeps the lists it sorts short.
//
// It starts as one short list (small, sorted latest first). Once that
// holds calThreshold events it starts its ring, and its events move to
// near, a heap: time is cut into buckets of 1/calPerDay days from the
// start of the clock, and an event scheduled after the current bucket
// waits unsorted in a ring of buckets (each a linked list through a slab
// of nodes, so memory is reused and nothing is allocated once the slab has
// grown) if it falls in the next calSlots-1 buckets, and in the far heap
// if later; near's own later events move there too. Events of the current
// bucket or before go to near. Whenever near's earliest event is not of
// the current bucket or before (or near is empty), the calendar moves on
// to the earliest bucket with an event in near, the ring or the far heap,
// and moves that bucket's events into near. Every event left in the ring
// and the far heap is then of a later bucket, so near's earliest is
// everyone's.
//
// In the shipped scenarios thousands of events are pending (a departure
// for every case in service, a patience event for everyone waiting) but
// only a few dozen fall in one bucket: scheduling a departure a hundred
// days ahead is an append to a list instead of a sift through a heap of
// thousands, and each event is later sifted through a heap of dozens.
//
// Dropping: an event of kind staleKind for which stale returns true when
// it leaves the ring or the far heap is dropped instead of entering near.
// The engine uses it for patience events of people who have started
// service or left, which would do nothing when handled (lazy
// cancellation): in an overloaded lot most people who wait start before
// they give up, and their patience events would otherwise each pass
// through near.
type calendar struct {
	// small holds every pending event, the latest first, until the ring
	// is first used: a few events, kept sorted, so that the earliest is
	// the last and is taken off without a sift (see insertSmall).
	small     []event
	near, far eventQueue
	origin    float64 // time of the start of bucket 0
	ring      bool    // the ring is in use
	bucket    int     // the current bucket; near holds every pending event of buckets <= bucket
	// next and farEnd are bucket+1 and bucket+calSlots in units of
	// buckets from origin: an event at t, (t-origin)*calPerDay buckets
	// from origin, goes to near if below next, to the ring if below
	// farEnd, else to far. Both are +Inf until the ring is in use, so
	// that every event goes to near.
	next, farEnd float64
	head         [calSlots]int32 // first node of each bucket in the ring, or -1
	nodes        []calNode
	free         int32 // first free node, or -1
	inRing       int   // events in the ring
	seq          uint64
	stale        func(*event) bool // if not nil, drops events of staleKind leaving the ring or far
	// staleKind is the only kind of event stale is asked about (the
	// engine's patience events): the others leave the ring without an
	// indirect call.
	staleKind uint8
}

// reset empties the calendar, keeping its memory, and starts bucket 0 at
// origin, with the ring not in use.
func (c *calendar) reset(origin float64) {
	c.small = c.small[:0]
	c.near.reset()
	c.far.reset()
	c.origin = origin
	c.ring = false
	c.bucket = 0
	c.next, c.farEnd = math.Inf(1), math.Inf(1)
	for i := range c.head {
		c.head[i] = -1
	}
	c.nodes = c.nodes[:0]
	c.free = -1
	c.inRing = 0
	c.seq = 0
}

// bucketOf returns the bucket of time t, at most maxBucket.
func (c *calendar) bucketOf(t float64) int {
	d := (t - c.origin) * calPerDay
	if !(d < maxBucket) {
		return maxBucket
	}
	return int(max(d, 0))
}

// setBucket makes b the current bucket.
func (c *calendar) setBucket(b int) {
	c.bucket = b
	c.next = float64(b + 1)
	c.farEnd = float64(b + calSlots)
	if b >= maxBucket { // everything pending is near
		c.next, c.farEnd = math.Inf(1), math.Inf(1)
	}
}

// len returns the number of pending events.
func (c *calendar) len() int { return len(c.small) + c.near.len() + c.inRing + c.far.len() }

// key returns the ordering key of an event of kind k scheduled now: the
// next sequence number and the kind. The engine's arrivals, kept apart
// from the calendar, take their keys from it too, so that events at equal
// times run in the order they were scheduled whichever list holds them.
func (c *calendar) key(k uint8) uint64 {
	c.seq++
	return c.seq<<8 | uint64(k)
}

// push schedules an event of kind k at time t.
func (c *calendar) push(t float64, k uint8, id int32, aux uint32) {
	c.insert(event{t: t, key: c.key(k), id: id, aux: aux})
}

// replaceTop removes the earliest event and schedules an event of kind k at
// time t; peek must have returned the earliest event since the last change.
func (c *calendar) replaceTop(t float64, k uint8, id int32, aux uint32) {
	e := event{t: t, key: c.key(k), id: id, aux: aux}
	if !c.ring { // a small model: no bucket to work out
		c.small = c.small[:len(c.small)-1]
		c.insertSmall(e)
		return
	}
	d := (t - c.origin) * calPerDay
	if !(d >= c.next) {
		c.near.replaceTopEvent(e)
		return
	}
	c.near.removeTop()
	c.file(e, d) // what insert would do
}

// insert files e in near, the ring or far by its bucket.
func (c *calendar) insert(e event) {
	if !c.ring {
		c.insertSmall(e)
		if len(c.small) >= calThreshold {
			c.startRing()
		}
		return
	}
	if d := (e.t - c.origin) * calPerDay; d >= c.next {
		c.file(e, d)
		return
	}
	c.near.pushEvent(e) // a NaN time too, as one heap would
}

// insertSmall adds e to small, keeping it sorted latest first. Events
// enter small numbered as they come (push, replaceTop), so e's key is
// above every key in small: an event at e's time was scheduled first and
// runs first, so it stays nearer the end. e's place is therefore the
// count of events strictly later than it, which a loop without a branch
// finds (a binary search's branches would mispredict about every other
// time on random times), and the events from there on move along by one.
// In M/M/10 this takes the place of a heap's sifts, whose comparisons
// mispredict as often.
func (c *calendar) insertSmall(e event) {
	h := c.small
	later, i := 0, 0
	for ; i+4 <= len(h); i += 4 { // four a step: fewer loop tests
		q := h[i : i+4 : i+4]
		later += b2i(q[0].t > e.t) + b2i(q[1].t > e.t) + b2i(q[2].t > e.t) + b2i(q[3].t > e.t)
	}
	for ; i < len(h); i++ {
		later += b2i(h[i].t > e.t)
	}
	h = append(h, event{})
	copy(h[later+1:], h[later:len(h)-1])
	h[later] = e
	c.small = h
}

// b2i is 1 for true and 0 for false, which the compiler makes a set
// instruction, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// startRing starts using the ring at the bucket of the earliest event and
// moves the later buckets' events from small to the ring, far and near.
// The earliest event goes to the top of near, so an event being handled
// (still at the top, see engine.schedule) remains there.
func (c *calendar) startRing() {
	// small, read from its end, is in heap order: the earliest first.
	for i := len(c.small) - 1; i >= 0; i-- {
		c.near.h = append(c.near.h, c.small[i])
	}
	c.small = c.small[:0]
	c.ring = true
	c.setBucket(c.bucketOf(c.near.h[0].t))
	keep := c.near.h[:0]
	for _, e := range c.near.h {
		if d := (e.t - c.origin) * calPerDay; !(d >= c.next) {
			keep = append(keep, e)
		} else {
			c.file(e, d)
		}
	}
	c.near.h = keep
	c.near.heapify()
}

// file puts e, d buckets from origin and after the current bucket, in the
// ring or far.
func (c *calendar) file(e event, d float64) {
	switch {
	case d >= c.farEnd:
		c.far.pushEvent(e)
	default:
		n := c.free
		if n >= 0 {
			c.free = c.nodes[n].next
		} else {
			c.nodes = append(c.nodes, calNode{})
			n = int32(len(c.nodes) - 1)
		}
		slot := &c.head[int(d)&(calSlots-1)]
		c.nodes[n] = calNode{ev: e, next: *slot}
		*slot = n
		c.inRing++
	}
}

// peek returns the earliest pending event, or nil if there is none. It
// may move the calendar on to a later bucket. A small model's case, which
// nearly always has an event to hand out, is kept apart from the ring's
// (peekRing), so that built with the profile (default.pgo) peek is
// inlined into the engine's loop.
func (c *calendar) peek() *event {
	if n := len(c.small); !c.ring && n > 0 {
		return &c.small[n-1]
	}
	return c.peekRing()
}

// peekRing is peek when the ring is in use or small is empty.
func (c *calendar) peekRing() *event {
	if !c.ring {
		return nil // small is empty
	}
	for {
		if len(c.near.h) > 0 && (!((c.near.h[0].t-c.origin)*calPerDay >= c.next) || c.bucket >= maxBucket) {
			return &c.near.h[0]
		}
		if !c.advance() {
			return nil
		}
	}
}

// drop reports whether e, leaving the ring or far, is stale and is to be
// dropped.
func (c *calendar) drop(e *event) bool {
	return e.kind() == c.staleKind && c.stale != nil && c.stale(e)
}

// pop removes the earliest event; peek must have returned it.
func (c *calendar) pop() {
	if !c.ring {
		c.small = c.small[:len(c.small)-1]
		return
	}
	c.near.removeTop()
}

// advance moves on to the earliest bucket after the current one with an
// event in near, the ring or far, and moves that bucket's events from the
// ring and far to near (dropping stale ones). It returns false if no
// event is pending.
func (c *calendar) advance() bool {
	if c.len() == 0 {
		return false
	}
	nb := maxBucket
	if len(c.near.h) > 0 {
		nb = c.bucketOf(c.near.h[0].t)
	}
	if c.far.len() > 0 {
		nb = min(nb, c.bucketOf(c.far.peek().t))
	}
	if c.inRing > 0 {
		// Every event in the ring is of a bucket in (bucket,
		// bucket+calSlots), so a slot holds events of one bucket only and
		// the first non-empty slot after bucket's is the ring's earliest.
		for b := c.bucket + 1; b < nb && b < c.bucket+calSlots; b++ {
			if c.head[b&(calSlots-1)] >= 0 {
				nb = b
				break
			}
		}
	}
	c.setBucket(nb)
	// Into an empty near, append and heapify (linear time); into a
	// non-empty one, push each.
	empty := len(c.near.h) == 0
	add := func(e *event) {
		if empty {
			c.near.h = append(c.near.h, *e)
		} else {
			c.near.pushEvent(*e)
		}
	}
	if c.inRing > 0 {
		// The slot of nb holds events of bucket nb only: if nb is before
		// the ring's earliest bucket, it is empty.
		slot := &c.head[nb&(calSlots-1)]
		for n := *slot; n >= 0; {
			node := &c.nodes[n]
			if !c.drop(&node.ev) {
				add(&node.ev)
			}
			c.inRing--
			nn := node.next
			node.next = c.free
			c.free = n
			n = nn
		}
		*slot = -1
	}
	for c.far.len() > 0 && ((c.far.peek().t-c.origin)*calPerDay < c.next || c.bucket >= maxBucket) {
		e := c.far.pop()
		if !c.drop(&e) {
			add(&e)
		}
	}
	if empty {
		c.near.heapify()
	}
	return true
}
