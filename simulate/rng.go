package simulate

import "math/rand/v2"

// Random stream identities. Every replication draws from separate
// sources per purpose, so that common random numbers carry across
// scenarios: changing a lot's capacity does not change the arrivals, and
// adding a stream does not change the other streams' arrivals.
const (
	streamArrivals   = 1 // + stream index << 8: arrival times of one stream
	streamTriage     = 2 // risk levels, repeats, front door handling, self-serve, inherited state
	streamService    = 3 // + lot index << 8: case lengths, stays, refuge declines
	streamDisengage  = 4 // + lot index << 8: patience and drop-out
	streamCapacity   = 5 // whether uncertain capacity steps happen
	streamIndexShift = 8
)

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64
// (OOPSLA 2014), a bijective mixing function on 64 bits.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedSource seeds p for one purpose (id) in one replication of a run with
// the given seed. The two PCG seed words are derived with splitmix64 from
// (seed, replication, id), so the stream depends on those three only: never
// on which worker runs the replication or when.
func seedSource(p *rand.PCG, seed uint64, replication int, id uint64) {
	a := splitmix64(seed)
	a = splitmix64(a ^ uint64(replication))
	a = splitmix64(a ^ id)
	b := splitmix64(a ^ 0x6a09e667f3bcc909) // fraction bits of sqrt(2): any fixed constant
	p.Seed(a, b)
}

// source is a PCG with the *rand.Rand that reads it, built once per worker
// and reseeded for every replication.
type source struct {
	pcg rand.PCG
	*rand.Rand
}

func newSourceRand() *source {
	s := &source{}
	s.Rand = rand.New(&s.pcg)
	return s
}
