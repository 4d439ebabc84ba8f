package report

import (
	"math"
	"slices"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// TestTheoryCaseLengthByRisk checks that the closed form takes the mean
// case length weighted by the risk mix when lengths differ by risk: 2 a
// day, 80% standard of 5 days and 20% high of 10, a mean of 0.8 x 5 + 0.2
// x 10 = 6 days; and that it names the departure.
func TestTheoryCaseLengthByRisk(t *testing.T) {
	t.Parallel()
	m := queueModel(20, 2, 0.2, 0, 3)
	m.Streams[0].RiskMix = [3]float64{0.8, 0, 0.2}
	m.Lots[0].ServiceByRisk[2] = &lotting.Distribution{Kind: lotting.Exponential, Mean: 10}
	th := NewTheory(m, 0, []string{"a", "b"}, nil, 0)
	if got := float64(th.Period.MeanCaseLength); math.Abs(got-6) > 1e-9 {
		t.Errorf("mean case length %v, want 6 days (0.8 x 5 + 0.2 x 10)", got)
	}
	if !slices.Contains(th.DepartureKinds, "case_length_by_risk") {
		t.Errorf("departure kinds %q lack case_length_by_risk", th.DepartureKinds)
	}
}
