package optimise

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// earmarkScenario reads testdata/two-lots-earmark.yaml: a pool of
// £3,760,000 with £1,780,000 earmarked to North victims, whose targets
// need only £1,360,000 (34 slots of £40,000); South needs 49 slots.
func earmarkScenario(t *testing.T) *scenario.Scenario {
	t.Helper()
	s, err := scenario.LoadValid("testdata/two-lots-earmark.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var northEarmark = funding.Pounds(1_780_000)

// TestEarmarkFloors checks the floors without simulating: in £40,000 steps
// of the £3,760,000 pool (94 steps), North keeps at least 45 steps (44 are
// £1,760,000, below its £1,780,000; 45 are £1,800,000 less what the
// percentages' truncation loses, a fraction of a penny).
func TestEarmarkFloors(t *testing.T) {
	t.Parallel()
	s := earmarkScenario(t)
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := newSpace(s, nil, funding.Pounds(40_000), b.Years[0].Start, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{45, 1}, sp.floors); diff != "" {
		t.Errorf("floors (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		p    plan
		want bool
	}{{plan{44, 50}, false}, {plan{45, 49}, true}, {plan{60, 34}, true}, {nil, true}} {
		if got := sp.allowed(tc.p); got != tc.want {
			t.Errorf("allowed(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	// The floor's plan really holds the earmark in every year, to the penny.
	ps := sp.scenario(plan{45, 49})
	for _, y := range ps.Pool.Years() {
		a, err := ps.LotFunding(y)
		if err != nil {
			t.Fatal(err)
		}
		if a.Parts[0].Cmp(northEarmark) < 0 {
			t.Errorf("%s: North gets %s at its floor, below its earmark %s", y, a.Parts[0], northEarmark)
		}
	}
	if diff := cmp.Diff(plan{45, 49}, lift(plan{34, 60}, sp.floors)); diff != "" {
		t.Errorf("lift (-want +got):\n%s", diff)
	}
}

// TestSplitStopsAtEarmark: without the earmark the best split moves money
// out of North below £1,780,000; with it the plan stops at North's floor,
// 45 steps, the one allowed split that meets South's target too (49
// slots), and the report says the floor binds.
func TestSplitStopsAtEarmark(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 4,000 replications")
	}
	s := earmarkScenario(t)
	free := *s
	free.Pool.Funders = []funding.Funder{s.Pool.Funders[0]}
	free.Pool.Funders[0].Earmarks = nil
	res, err := Run(context.Background(), &free, Options{Step: funding.Pounds(40_000), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Plan == nil || res.Plan.Plan[0] >= 45 {
		t.Fatalf("without the earmark the plan gives North %v steps; want fewer than 45, below the earmark, for the test to mean anything", res.Plan.Plan)
	}
	t.Logf("without the earmark: %v", res.Plan.Plan)

	res, err = Run(context.Background(), s, Options{Step: funding.Pounds(40_000), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{45, 49}, res.Plan.Plan); diff != "" {
		t.Errorf("plan in £40,000 steps (-want +got):\n%s", diff)
	}
	if !res.Plan.Feasible {
		t.Errorf("the plan at the floor is not judged feasible: lower bounds %v", res.Plan.LowerBound)
	}
	if len(res.Floors) != 1 || !strings.Contains(res.Floors[0], "North victims' money is held at its earmarks: Council ties £1,780,000.00 to it") {
		t.Errorf("floors %q, want one naming North victims", res.Floors)
	}
	r, err := Report(s, res)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(r.Limitations, "\n"), "held at its earmarks") {
		t.Errorf("the report's limitations do not mention the floor:\n%s", strings.Join(r.Limitations, "\n"))
	}
}

// TestPerYearAndMoneyKeepEarmark: the split per year and the money goal
// never give North less than its earmark in any contract year, though its
// targets need less; the money goal gives it exactly the earmark.
func TestPerYearAndMoneyKeepEarmark(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 1,500 replications")
	}
	s := earmarkScenario(t)
	for _, opt := range []Options{
		{PerYear: true, Step: funding.Pounds(40_000), Workers: 2, FirstStage: 4, MaxReplications: 16},
		{Goal: Money, Step: funding.Pounds(40_000), Workers: 2, FirstStage: 4, MaxReplications: 16},
	} {
		res, err := Run(context.Background(), s, opt)
		if err != nil {
			t.Fatal(err)
		}
		for k, year := range res.MoneyPlan {
			if year[0].Cmp(northEarmark) < 0 {
				t.Errorf("goal %v per year %v, year %d: North gets %s, below its earmark %s", opt.Goal, opt.PerYear, k, year[0], northEarmark)
			}
			if opt.Goal == Money && !year[0].Equal(northEarmark) {
				t.Errorf("money goal, year %d: North gets %s; its targets need £1,360,000, so want the earmark, %s", k, year[0], northEarmark)
			}
		}
		if len(res.Floors) == 0 {
			t.Errorf("goal %v per year %v: no floor reported; North's earmark binds", opt.Goal, opt.PerYear)
		}
	}
}

// TestAreaEarmarkFloor: money earmarked to an area holds the lots covering
// it, checked on every plan without simulating. £1,500,000 earmarked to
// the South is 37.5 steps of £40,000 for South victims, the one lot that
// covers it; the money goal raises South to it.
func TestAreaEarmarkFloor(t *testing.T) {
	t.Parallel()
	s := earmarkScenario(t)
	area := *s
	area.Pool.Funders = []funding.Funder{s.Pool.Funders[0]}
	area.Pool.Funders[0].Earmarks = []funding.Earmark{{Area: "South", Amount: funding.Pounds(1_500_000)}}
	if err := area.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := area.Build(area.Simulation.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := newSpace(&area, nil, funding.Pounds(40_000), b.Years[0].Start, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    plan
		want bool
	}{{plan{57, 37}, false}, {plan{56, 38}, true}, {plan{34, 60}, true}} {
		if got := sp.allowed(tc.p); got != tc.want {
			t.Errorf("allowed(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	money := []funding.Money{funding.Pounds(1_360_000), funding.Pounds(1_000_000)}
	keepEarmarks(sp, 2024, money)
	if diff := cmp.Diff([]string{"£1,360,000.00", "£1,500,000.00"}, []string{money[0].String(), money[1].String()}); diff != "" {
		t.Errorf("keepEarmarks (-want +got):\n%s", diff)
	}
}
