package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/lotting"
)

func TestNewServes(t *testing.T) {
	t.Parallel()
	l := &LotResult{Cells: []CellResult{
		{Referrals: Estimate{Mean: 100}},
		{Area: "outside the area", Referrals: Estimate{Mean: 60}, Starts: Estimate{Mean: 20}, TurnedAway: Estimate{Mean: 35}},
	}}
	if got := NewServes(lotting.Serves{}, l, "outside the area"); got != nil {
		t.Errorf("NewServes of nothing stated = %+v, want nil", got)
	}
	got := NewServes(lotting.Serves{FemaleOnly: true}, l, "outside the area")
	want := &Serves{FemaleOnly: true, Note: "female-only"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("female-only (-want +got):\n%s", diff)
	}
	got = NewServes(lotting.Serves{Specialist: "Black and minoritised women", OutOfAreaShare: 0.6}, l, "outside the area")
	want = &Serves{Specialist: "Black and minoritised women", OutOfAreaShare: 0.6,
		Note:      "specialist: Black and minoritised women; 60% of referrals from outside the area",
		OutOfArea: &AreaFlow{Area: "outside the area", Referrals: Estimate{Mean: 60}, Starts: Estimate{Mean: 20}, TurnedAway: Estimate{Mean: 35}}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b Float) bool { return a == b || a != a && b != b })); diff != "" {
		t.Errorf("specialist with out-of-area share (-want +got):\n%s", diff)
	}
}
