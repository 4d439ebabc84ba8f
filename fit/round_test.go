package fit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRoundToTotal: the rounded values add up to the total exactly, and
// none is a whole unit or more from its value when the values add up to
// the total.
func TestRoundToTotal(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 1000 {
		n := 1 + r.IntN(12)
		v := make([]float64, n)
		sum := 0.0
		for i := range v {
			v[i] = r.Float64()
			sum += v[i]
		}
		const total = 1200
		for i := range v {
			v[i] *= total / sum
		}
		got := roundToTotal(v, total)
		s := 0
		for i, g := range got {
			s += g
			if math.Abs(float64(g)-v[i]) >= 1 {
				t.Fatalf("trial %d: %v rounded to %d", trial, v[i], g)
			}
		}
		if s != total {
			t.Fatalf("trial %d: %v rounds to %v, adding up to %d, not %d", trial, v, got, s, total)
		}
	}
	if got := roundToTotal([]float64{100.6, 100.6, 100.6, 100.6, 100.6, 100.6, 100.6, 100.6, 100.6, 100.6, 100.6, 100.6}, 1200); got[0] != 100 || got[11] != 100 {
		t.Errorf("values over the total: %v; want each rounded down to 100", got)
	}
}
