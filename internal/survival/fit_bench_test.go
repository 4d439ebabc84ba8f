package survival

import (
	"fmt"
	"testing"
)

// BenchmarkFitFamily fits each family to a million censored observations with
// continuous (all distinct) times, the worst case for the tie-merging.
func BenchmarkFitFamily(b *testing.B) {
	for i, tr := range trueFamilies {
		obs := simulate(tr, 1_000_000, 3*tr.mean(), newRand(500, uint64(i)))
		b.Run(fmt.Sprintf("%s/n=1e6", tr.fam), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FitFamily(obs, tr.fam); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
