package simulate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestZigguratAsStdlib checks that source's Float64, ExpFloat64 and
// NormFloat64 return bit for bit what math/rand/v2's (*Rand) methods return
// from an identically seeded PCG, interleaved as the engine interleaves
// them, over enough draws (a million of each) that the rare branches (the
// tails, taken about once in 1,000 and 100 draws, and the wedges) run
// thousands of times. A slip in building the tables would show here.
func TestZigguratAsStdlib(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 20181001} {
		ours := newSourceRand()
		seedSource(&ours.pcg, seed, 7, 3)
		var pcg rand.PCG
		seedSource(&pcg, seed, 7, 3)
		std := rand.New(&pcg)
		for i := range 1_000_000 {
			pairs := [3][2]float64{
				{ours.ExpFloat64(), std.ExpFloat64()},
				{ours.NormFloat64(), std.NormFloat64()},
				{ours.Float64(), std.Float64()},
			}
			for k, p := range pairs {
				if math.Float64bits(p[0]) != math.Float64bits(p[1]) {
					t.Fatalf("seed %d, draw %d, kind %d: got %v, math/rand/v2 gives %v", seed, i, k, p[0], p[1])
				}
			}
		}
	}
}

// TestZigguratTails checks that the tables reach the tails: over
// many draws some exponential exceeds the ziggurat's base (zigRe, about
// 7.7, probability e^-7.7 = 4.5e-4 a draw, so about 450 of a million) and
// some normal exceeds zigRn in absolute value (probability 5.8e-4). Either
// failing by chance has probability below e^-400.
func TestZigguratTails(t *testing.T) {
	t.Parallel()
	s := newSourceRand()
	seedSource(&s.pcg, 5, 0, 0)
	var bigExp, bigNorm int
	for range 1_000_000 {
		if s.ExpFloat64() > zigRe {
			bigExp++
		}
		if math.Abs(s.NormFloat64()) > zigRn {
			bigNorm++
		}
	}
	if bigExp == 0 || bigNorm == 0 {
		t.Fatalf("no draw beyond the ziggurat base: %d exponential, %d normal", bigExp, bigNorm)
	}
}
