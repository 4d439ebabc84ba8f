package simulate

import (
	"math"
	"slices"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// pooledModel has a front door and two lots over two areas and two years:
// lot 0 pools victims and perpetrators (patience, drop-outs, engagement
// and a stretch, so that every counter moves), lot 1 takes only
// children and families.
func pooledModel() *Model {
	exp := func(mean float64) *lotting.Distribution {
		return &lotting.Distribution{Kind: lotting.Exponential, Mean: mean}
	}
	return &Model{
		Horizon: 730, WarmUp: 100, YearStarts: []float64{0, 365}, Areas: []string{"North", "South"},
		Streams: []Stream{
			{Group: lotting.Victim, Area: 0, Rate: 1.2, RiskMix: [3]float64{0.5, 0.3, 0.2}, RepeatRate: 0.2},
			{Group: lotting.Victim, Area: 1, Rate: 0.8, RiskMix: [3]float64{0.5, 0.3, 0.2}},
			{Group: lotting.Perpetrator, Area: 1, Rate: 0.7, RiskMix: [3]float64{0.6, 0.4, 0}},
			{Group: lotting.ChildFamily, Area: 0, Rate: 0.3, RiskMix: [3]float64{1, 0, 0}},
		},
		FrontDoor: &FrontDoor{Handlers: 2, HandlingTime: lotting.FixedValue(0.05), SelfServe: [3]float64{0.1, 0, 0}},
		Route:     [][3]int{{0, 0, 0}, {0, 0, 0}, {0, 0, -1}, {1, 1, 1}},
		Lots: []Lot{
			{Name: "combined", Slots: []CapacityStep{{Slots: 40, MaxSlots: 44}, {At: 400, Slots: 38, MaxSlots: 42}},
				Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 30},
				Stretch: &Stretch{Factor: 1.5},
				Targets: [3]float64{28, 14, 2},
				Disengagement: []Disengagement{
					{Group: lotting.Victim, Patience: exp(40), DropOut: 0.1},
					{Group: lotting.Perpetrator, Patience: exp(20), DropOut: 0.3, EngageEvery: 7, PatienceFactor: 2},
				},
				Waiting: 10, OpenCases: 20},
			{Name: "children", Slots: []CapacityStep{{Slots: 5}},
				Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 20}},
		},
	}
}

func TestGroupsFromRouting(t *testing.T) {
	t.Parallel()
	res := run(t, pooledModel(), 1, 2)
	for _, tc := range []struct {
		lot  int
		want []lotting.ClientGroup
	}{
		{0, []lotting.ClientGroup{lotting.Victim, lotting.Perpetrator}},
		{1, []lotting.ClientGroup{lotting.ChildFamily}},
		{2, []lotting.ClientGroup{lotting.Victim, lotting.ChildFamily, lotting.Perpetrator}}, // the front door sees every stream
	} {
		if got := res.Groups(tc.lot); !slices.Equal(got, tc.want) {
			t.Errorf("Groups(%d) = %v, want %v", tc.lot, got, tc.want)
		}
	}
	// A lot with one group: its cells are that group's; other groups have
	// none.
	all := res.Cell(1, AllYears, AllAreas, AllRisks)
	if got := res.CellGroup(1, AllYears, AllAreas, AllRisks, lotting.ChildFamily); got != all {
		t.Errorf("CellGroup(children, child_family) is not Cell(children)")
	}
	if got := res.CellGroup(1, AllYears, AllAreas, AllRisks, lotting.Victim); got != nil {
		t.Errorf("CellGroup(children, victim) = %p, want nil", got)
	}
	if got := res.CellGroup(0, 0, 1, lotting.High, AllGroups); got != res.Cell(0, 0, 1, lotting.High) {
		t.Errorf("CellGroup(..., AllGroups) is not Cell")
	}
	// Perpetrators are never high risk here, so their high-risk cell of a
	// pooled lot is empty while the victims' is not.
	if n := res.CellGroup(0, AllYears, AllAreas, lotting.High, lotting.Perpetrator).Metric(Referrals).Mean(); n != 0 {
		t.Errorf("high-risk perpetrator referrals = %v, want 0", n)
	}
	if n := res.CellGroup(0, AllYears, AllAreas, lotting.High, lotting.Victim).Metric(Referrals).Mean(); !(n > 0) {
		t.Errorf("high-risk victim referrals = %v, want some", n)
	}
}

// TestGroupCellsConserve checks that a pooled station's group cells add up
// to its all-groups cell, for every count and waiting-list measure, in
// every year, area and risk, and that the engine's own conservation check
// (run in every replication) passed.
func TestGroupCellsConserve(t *testing.T) {
	t.Parallel()
	res := run(t, pooledModel(), 7, 20)
	counts := []Metric{Referrals, Repeats, Starts, Completions, Disengaged, DroppedOut, TurnedAway,
		Declined, SelfServed, StretchedStarts, Contacts, MeanWaiting, YearEndWaiting}
	for _, lot := range []int{0, 2} {
		groups := res.Groups(lot)
		for _, y := range []int{0, 1, AllYears} {
			for _, a := range []int{0, 1, AllAreas} {
				for _, r := range []lotting.Risk{lotting.Standard, lotting.Medium, lotting.High, AllRisks} {
					all := res.Cell(lot, y, a, r)
					for _, m := range counts {
						// Means across the same replications: the sum of
						// the groups' means is the mean of the sums.
						var sum float64
						for _, g := range groups {
							sum += res.CellGroup(lot, y, a, r, g).Metric(m).Mean()
						}
						want := all.Metric(m).Mean()
						if math.Abs(sum-want) > 1e-9*math.Max(1, math.Abs(want)) {
							t.Errorf("%s year %d area %d risk %v: %s: groups sum to %v, all groups %v", res.Lots[lot], y, a, r, m, sum, want)
						}
					}
					var n int
					for _, g := range groups {
						n += res.CellGroup(lot, y, a, r, g).Waits.Count()
					}
					if n != all.Waits.Count() {
						t.Errorf("%s year %d area %d risk %v: waits: groups hold %d, all groups %d", res.Lots[lot], y, a, r, n, all.Waits.Count())
					}
				}
			}
		}
	}
	// The measure was exercised: both groups gave up, started and were
	// stretched, and perpetrators were contacted while waiting.
	for _, g := range []lotting.ClientGroup{lotting.Victim, lotting.Perpetrator} {
		c := res.CellGroup(0, AllYears, AllAreas, AllRisks, g)
		for _, m := range []Metric{Starts, Disengaged, DroppedOut, StretchedStarts, MeanWaiting} {
			if !(c.Metric(m).Mean() > 0) {
				t.Errorf("combined, %v: %s = %v, want some", g, m, c.Metric(m).Mean())
			}
		}
		if u := c.Metric(Utilisation); u.N() != 0 {
			t.Errorf("combined, %v: utilisation defined (%d replications), want it in the all-groups cell only", g, u.N())
		}
	}
	if c := res.CellGroup(0, AllYears, AllAreas, AllRisks, lotting.Perpetrator).Metric(Contacts).Mean(); !(c > 0) {
		t.Errorf("perpetrator contacts = %v, want some", c)
	}
}

// TestPooledGroupsMMc pools two client groups with the same exponential
// case length and a single risk level in one M/M/c lot. Service is in
// order of arrival, whatever the group, so each group's mean wait is the
// pooled queue's, C(c, a)/(c mu - lambda), with lambda the sum of the
// groups' rates; the tolerance is seTolerance (see closedform_test.go).
func TestPooledGroupsMMc(t *testing.T) {
	t.Parallel()
	// The benchmark's queue split 6:3 between the groups: lambda 9, c 10,
	// mu 1, Wq = 0.6687 days.
	m := mmcModel(10, 9, 1, 5000, 2000)
	m.Streams = []Stream{
		{Group: lotting.Victim, Rate: 6, RiskMix: [3]float64{1, 0, 0}},
		{Group: lotting.Perpetrator, Rate: 3, RiskMix: [3]float64{1, 0, 0}},
	}
	m.Route = [][3]int{{0, 0, 0}, {0, 0, 0}}
	res := run(t, m, 3, 20)
	want := mmcWait(10, 9, 1)
	within(t, "all groups mean wait", res.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean), want, seTolerance)
	for _, g := range []lotting.ClientGroup{lotting.Victim, lotting.Perpetrator} {
		c := res.CellGroup(0, AllYears, AllAreas, AllRisks, g)
		within(t, g.String()+" mean wait", c.Metric(WaitMean), want, seTolerance)
	}
	// Arrivals split by rate: the victims' share of referrals is 6/9.
	v := res.CellGroup(0, AllYears, AllAreas, AllRisks, lotting.Victim).Metric(Referrals).Mean()
	all := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(Referrals).Mean()
	// Referrals over 20 × 5000 days at 9 a day: the share's SD is
	// sqrt(p(1-p)/n) = 0.0005; 0.003 is 6 SD.
	if share := v / all; math.Abs(share-2.0/3) > 0.003 {
		t.Errorf("victims' share of referrals = %.4f, want 2/3", share)
	}
}

// TestValueGroup checks, replication by replication, that the groups'
// counts add up to the all-groups value, that ValueGroup with AllGroups
// is Value, and that a group that does not reach a lot has no value.
func TestValueGroup(t *testing.T) {
	t.Parallel()
	m := pooledModel()
	checked := 0
	opt := Options{Seed: 5, Replications: 4, Workers: 2, Replication: func(_ int, r *Replication) {
		checked++
		for _, metric := range []Metric{Referrals, Starts, Completions, Disengaged, DroppedOut, Contacts, YearEndWaiting} {
			for _, y := range []int{0, 1, AllYears} {
				all, _ := r.Value(0, y, AllAreas, AllRisks, metric)
				if v, _ := r.ValueGroup(0, y, AllAreas, AllRisks, AllGroups, metric); v != all {
					t.Errorf("%s year %d: ValueGroup(AllGroups) = %v, Value = %v", metric, y, v, all)
				}
				sum := 0.0
				for _, g := range []lotting.ClientGroup{lotting.Victim, lotting.Perpetrator} {
					v, ok := r.ValueGroup(0, y, AllAreas, AllRisks, g, metric)
					if !ok {
						t.Fatalf("%s year %d: no value for %v", metric, y, g)
					}
					sum += v
				}
				if sum != all {
					t.Errorf("%s year %d: groups sum to %v, all groups %v", metric, y, sum, all)
				}
			}
		}
		if v, ok := r.ValueGroup(0, AllYears, AllAreas, AllRisks, lotting.ChildFamily, Referrals); ok || !math.IsNaN(v) {
			t.Errorf("children and families at the combined lot: %v, %v, want NaN, false", v, ok)
		}
		if v, _ := r.ValueGroup(1, AllYears, AllAreas, AllRisks, lotting.ChildFamily, Referrals); v == 0 {
			t.Error("children's lot: no child_family referrals")
		}
	}}
	if _, err := Run(t.Context(), m, opt); err != nil {
		t.Fatal(err)
	}
	if checked != 4 {
		t.Errorf("checked %d replications, want 4", checked)
	}
}
