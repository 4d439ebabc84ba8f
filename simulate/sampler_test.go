package simulate

import (
	"math"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// TestLognormalAsDistuv checks that the sampler's lognormal draws are bit
// for bit those of gonum's distuv.LogNormal.Rand on an identically seeded
// source, which the sampler used to call: the shortcut changes no result.
func TestLognormalAsDistuv(t *testing.T) {
	t.Parallel()
	for _, d := range []lotting.Distribution{
		{Kind: lotting.Lognormal, Mean: 110, SD: 40},
		{Kind: lotting.Lognormal, Mean: 0.0625, SD: 0.03125}, // 90 minutes, sd 45
		{Kind: lotting.Lognormal, Mean: 3, SD: 30},
	} {
		ours, theirs := newSourceRand(), newSourceRand()
		seedSource(&ours.pcg, 1, 2, 3)
		seedSource(&theirs.pcg, 1, 2, 3)
		s := newSampler(d, ours)
		ref := newSampler(d, theirs).logn // distuv.LogNormal with Src = theirs
		for i := range 10000 {
			if got, want := s.draw(), ref.Rand(); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%+v: draw %d = %v, distuv gives %v", d, i, got, want)
			}
		}
	}
}
