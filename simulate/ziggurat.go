package simulate

import (
	"math"

	"github.com/lotsim/lotsim/internal/portable"
)

// This file draws exponential and normal variates by Marsaglia and Tsang's
// ziggurat ("The Ziggurat Method for Generating Random Variables", Journal
// of Statistical Software 5(8), 2000), reading the source exactly as
// math/rand/v2's (*Rand).ExpFloat64 and NormFloat64 do, with tables built
// below by the paper's set-up, so every draw is bit for bit the standard
// library's (TestZigguratAsStdlib checks a million of each). The
// difference is only in the call: rand.Rand reads its source through the
// rand.Source interface, an indirect call per draw that the compiler
// cannot inline; here the PCG's Uint64 is called on the concrete type.
// e^x, in the tables and in the wedges' acceptance test, is
// portable.Exp's, not math.Exp's, whose amd64 assembly takes another path
// on a processor with fused multiply-add: the draws are then the same on
// every amd64 processor, and still the standard library's on this one
// (the test compares two million).

// zigRe is where the exponential ziggurat's tail starts, as math/rand/v2
// states it (the set-up's own figure, expTableStart, agrees to 13 digits).
const zigRe = 7.69711747013104972

// zigRn is where the normal ziggurat's tail starts.
const zigRn = 3.442619855899

// Float64 returns a uniform value in [0, 1), as (*rand.Rand).Float64 does
// from the same source.
func (s *source) Float64() float64 {
	return float64(s.pcg.Uint64()<<11>>11) / (1 << 53)
}

// ExpFloat64 returns an exponential value of rate 1, as
// (*rand.Rand).ExpFloat64 does from the same source.
func (s *source) ExpFloat64() float64 {
	for {
		u := s.pcg.Uint64()
		j := uint32(u)
		i := uint8(u >> 32)
		x := float64(j) * float64(zigWe[i])
		if j < zigKe[i] {
			return x
		}
		if i == 0 {
			return zigRe - math.Log(s.Float64())
		}
		if zigFe[i]+float32(s.Float64())*(zigFe[i-1]-zigFe[i]) < float32(portable.Exp(-x)) {
			return x
		}
	}
}

// NormFloat64 returns a standard normal value, as (*rand.Rand).NormFloat64
// does from the same source.
func (s *source) NormFloat64() float64 {
	for {
		u := s.pcg.Uint64()
		j := int32(u) // possibly negative
		i := u >> 32 & 0x7F
		x := float64(j) * float64(zigWn[i])
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < zigKn[i] {
			return x // better than 99% of draws
		}
		if i == 0 {
			// The base strip's tail.
			for {
				x = -math.Log(s.Float64()) * (1.0 / zigRn)
				y := -math.Log(s.Float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigRn + x
			}
			return -zigRn - x
		}
		if zigFn[i]+float32(s.Float64())*(zigFn[i-1]-zigFn[i]) < float32(portable.Exp(-.5*x*x)) {
			return x
		}
	}
}

// The ziggurats' tables: for strip i, k is the threshold below which a
// draw is accepted at once (a fraction of 2^32, or 2^31 for the normal),
// w the factor turning the draw's integer into x, and f the density at the
// strip's edge. They are built once, by the paper's set-up (its zigset),
// in float64 and rounded as math/rand/v2's tables are.
var (
	zigKe        [256]uint32
	zigWe, zigFe [256]float32
	zigKn        [128]uint32
	zigWn, zigFn [128]float32
)

// The set-up's figures (Marsaglia and Tsang, 2000): the exponential's
// 256 strips start their tail at expTableStart and each has area
// expStripArea; the normal's 128 strips start at zigRn with area
// normStripArea.
const (
	expTableStart = 7.697117470131487
	expStripArea  = 3.949659822581572e-3
	normStripArea = 9.91256303526217e-3
)

func init() {
	// Exponential, density e^-x, integers scaled by 2^32.
	const m2 = 1 << 32
	d := expTableStart
	q := expStripArea / portable.Exp(-d)
	zigKe[0] = uint32(d / q * m2)
	zigWe[0] = float32(q / m2)
	zigWe[255] = float32(d / m2)
	zigFe[0] = 1
	zigFe[255] = float32(portable.Exp(-d))
	for i, prev := 254, d; i >= 1; i-- {
		d = -math.Log(expStripArea/d + portable.Exp(-d))
		zigKe[i+1] = uint32(d / prev * m2)
		prev = d
		zigFe[i] = float32(portable.Exp(-d))
		zigWe[i] = float32(d / m2)
	}

	// Normal, density e^(-x²/2), integers scaled by 2^31.
	const m1 = 1 << 31
	d = zigRn
	q = normStripArea / portable.Exp(-0.5*d*d)
	zigKn[0] = uint32(d / q * m1)
	zigWn[0] = float32(q / m1)
	zigWn[127] = float32(d / m1)
	zigFn[0] = 1
	zigFn[127] = float32(portable.Exp(-0.5 * d * d))
	for i, prev := 126, d; i >= 1; i-- {
		d = math.Sqrt(-2 * math.Log(normStripArea/d+portable.Exp(-0.5*d*d)))
		zigKn[i+1] = uint32(d / prev * m1)
		prev = d
		zigFn[i] = float32(portable.Exp(-0.5 * d * d))
		zigWn[i] = float32(d / m1)
	}
}
