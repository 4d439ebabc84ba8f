package report

import (
	"context"
	"math"
	"testing"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// TestCellStretch checks that a cell carries the stretch figures only for a
// lot that may stretch, with the hand-calculated values of the small case
// in simulate's TestStretchHand: 2 of 3 starts stretched, stretched half
// the 40 days, 0.5 extra cases on average.
func TestCellStretch(t *testing.T) {
	t.Parallel()
	m := &simulate.Model{
		Horizon: 40, SampleEvery: -1,
		Streams: []simulate.Stream{{Group: lotting.Victim, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 1, 1}},
		Lots: []simulate.Lot{
			{Name: "stretch", Slots: []simulate.CapacityStep{{Slots: 1, MaxSlots: 2}},
				Service: lotting.Distribution{Kind: lotting.Fixed, Mean: 10}, Waiting: 3, Stretch: &simulate.Stretch{Factor: 2}},
			{Name: "plain", Slots: []simulate.CapacityStep{{Slots: 1, MaxSlots: 2}},
				Service: lotting.Distribution{Kind: lotting.Fixed, Mean: 10}},
		},
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 1, Replications: 3})
	if err != nil {
		t.Fatal(err)
	}
	years := []string{"year 1"}
	if c := cellResult(res, years, 1, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, simulate.AllGroups); c.Stretch != nil {
		t.Errorf("a lot with no stretch has stretch figures %+v", *c.Stretch)
	}
	c := cellResult(res, years, 0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, simulate.AllGroups)
	if c.Stretch == nil {
		t.Fatal("a lot that stretches has no stretch figures")
	}
	for _, x := range []struct {
		name   string
		got    Estimate
		want   float64
		lo, hi float64
	}{
		{"stretched starts", c.Stretch.StretchedStarts, 2, 2, 2},
		{"share of starts stretched", c.Stretch.StretchedShare, 2.0 / 3, 2.0 / 3, 2.0 / 3},
		{"share of time stretched", c.Stretch.TimeStretched, 0.5, 0.5, 0.5},
		{"extra caseload", c.Stretch.ExtraCaseload, 0.5, 0.5, 0.5},
	} {
		if math.Abs(float64(x.got.Mean)-x.want) > 1e-9 || math.Abs(float64(x.got.Lo)-x.lo) > 1e-9 || math.Abs(float64(x.got.Hi)-x.hi) > 1e-9 {
			t.Errorf("%s = %v [%v, %v], want %v every replication", x.name, x.got.Mean, x.got.Lo, x.got.Hi, x.want)
		}
	}
}
