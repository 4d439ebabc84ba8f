package simulate

// entry is a place in a waiting list: a customer and the generation the
// customer had when joining. A customer who leaves the list early (gives
// up waiting) bumps their generation instead of being removed, and the
// stale entry is skipped when it reaches the head (lazy deletion).
type entry struct {
	id  int32
	gen uint32
}

// ring is a FIFO of entries in a power-of-two ring buffer that doubles
// when full, so that pushing allocates only while it grows.
type ring struct {
	buf        []entry
	head, size int
}

func (r *ring) push(e entry) {
	if r.size == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.size)&(len(r.buf)-1)] = e
	r.size++
}

// pop removes the head; the ring must not be empty.
func (r *ring) pop() entry {
	e := r.buf[r.head]
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.size--
	return e
}

func (r *ring) grow() {
	n := max(2*len(r.buf), 16)
	buf := make([]entry, n)
	// Copy in order from head so the live entries start at 0.
	k := copy(buf, r.buf[r.head:])
	copy(buf[k:], r.buf[:r.head])
	r.buf, r.head = buf, 0
}

func (r *ring) reset() { r.head, r.size = 0, 0 }
