package optimise

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/scenario"
)

// twoLotsScenario reads testdata/two-lots.yaml, whose optimum is known from
// the closed forms (TestTwoLotsClosedForms):
//
//	North, 1.0 a day (365 a year): 34 slots, 94.2% within 14 days; 33 give 87.9%.
//	South, 1.5 a day (547.5 a year): 49 slots, 93.0%; 48 give 86.2%.
//
// with the pool set to pool.
func twoLotsScenario(t *testing.T, pool string) *scenario.Scenario {
	t.Helper()
	data, err := os.ReadFile("testdata/two-lots.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.ApplyOverrides("two-lots.yaml", data, scenario.Override{Path: "funders[Council].annual.amount", Op: scenario.Set, Value: pool})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestTwoLotsClosedForms checks the figures twoLots's comment quotes.
func TestTwoLotsClosedForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lambda float64
		slots  int
	}{{1.0, 34}, {1.5, 49}} {
		c, err := queueing.ServersForMMc(tc.lambda, 1.0/30, 14, 0.9)
		if err != nil || c != tc.slots {
			t.Errorf("λ %v: %d slots (%v), want %d", tc.lambda, c, err, tc.slots)
		}
	}
}

// TestSplitFindsTheClosedFormOptimum: the pool buys exactly the slots the
// two lots need, so the one split that meets both targets is 34 and 49
// slots. The optimiser must find it, judge it feasible on fresh random
// numbers, and judge today's 50:50 split not.
func TestSplitFindsTheClosedFormOptimum(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 2,000 replications")
	}
	s := twoLotsScenario(t, "£3,340,000")
	res, err := Run(context.Background(), s, Options{Step: funding.Pounds(40_000), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{34, 49}, res.Plan.Plan); diff != "" {
		t.Errorf("plan in £40,000 slots (-want +got):\n%s", diff)
	}
	if !res.Plan.Feasible {
		t.Errorf("the plan is not judged feasible: worst shortfall %v at target %d", res.Plan.WorstShortfall, res.Plan.Worst)
	}
	if res.Current.Feasible {
		t.Error("today's 50:50 split is judged feasible; South needs 49 of the 83 slots")
	}
	t.Logf("%d plans, %d replications; plan shares %v, lower bounds %v", res.Candidates, res.Replications, res.Plan.Mean, res.Plan.LowerBound)
}

// TestSplitShortMissesByLeast: with four slots too few, no split meets
// both targets; the optimiser says so and misses by less than today.
func TestSplitShortMissesByLeast(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 2,000 replications")
	}
	s := twoLotsScenario(t, "£3,180,000") // 79 slots and a half
	res, err := Run(context.Background(), s, Options{Step: funding.Pounds(40_000), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Feasible {
		t.Errorf("plan %v judged feasible with 79 slots; the lots need 83", res.Plan.Plan)
	}
	if !(res.Plan.WorstShortfall < res.Current.WorstShortfall) {
		t.Errorf("plan %v misses by %v, today's %v by %v; want less", res.Plan.Plan, res.Plan.WorstShortfall, res.Current.Plan, res.Current.WorstShortfall)
	}
}

// TestSameAnswerAnyWorkers: the search makes every decision at a
// checkpoint on replications seeded by their number, so one worker and
// two give the same answer, figure for figure.
func TestSameAnswerAnyWorkers(t *testing.T) {
	t.Parallel()
	s := twoLotsScenario(t, "£3,340,000")
	opt := Options{Step: funding.Pounds(40_000), FirstStage: 4, MaxReplications: 8}
	var results []*Result
	for _, w := range []int{1, 2} {
		opt.Workers = w
		res, err := Run(context.Background(), s, opt)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	if diff := cmp.Diff(results[0].Plan, results[1].Plan); diff != "" {
		t.Errorf("plan with 1 and 2 workers (-1 +2):\n%s", diff)
	}
	if results[0].Replications != results[1].Replications || results[0].Candidates != results[1].Candidates {
		t.Errorf("replications %d and %d, candidates %d and %d; want the same", results[0].Replications, results[1].Replications, results[0].Candidates, results[1].Candidates)
	}
}

func TestRunRejects(t *testing.T) {
	t.Parallel()
	s := twoLotsScenario(t, "£3,340,000")
	tests := []struct {
		name string
		opt  Options
		want error
	}{
		{"an unknown lot pinned", Options{Fix: []string{"East victims"}}, ErrOptions},
		{"one lot left to move", Options{Fix: []string{"North victims"}}, ErrNothingToMove},
		{"a step bigger than a lot's share", Options{Step: funding.Pounds(2_000_000)}, ErrOptions},
		{"alpha of a half", Options{Alpha: 0.5}, ErrOptions},
		{"one replication a stage", Options{FirstStage: 1}, ErrOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Run(context.Background(), s, tt.opt); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want one wrapping %v", err, tt.want)
			}
		})
	}
}

func TestApportion(t *testing.T) {
	t.Parallel()
	sp := &space{units: 10}
	for _, tc := range []struct {
		w    []float64
		want plan
	}{
		{[]float64{1, 1}, plan{5, 5}},
		{[]float64{3, 1}, plan{7, 3}},       // 1 each, then 8 × 3/4 = 6 and 2
		{[]float64{1, 0}, plan{9, 1}},       // every lot keeps a step
		{[]float64{0, 0}, plan{5, 5}},       // no weights: even
		{[]float64{1, 1, 1}, plan{4, 3, 3}}, // the leftover step to the first
	} {
		if got := sp.apportion(tc.w); !cmp.Equal(tc.want, got) {
			t.Errorf("apportion(%v) = %v, want %v", tc.w, got, tc.want)
		}
	}
}

// TestMoneyFindsTheClosedFormNeeds: year by year, the least money is the
// closed forms' 34 and 49 slots at £40,000 (£1,360,000 and £1,960,000),
// whatever the pool; with a pool of £3,180,000 the extra money is
// £140,000 a year, with £3,340,000 none.
func TestMoneyFindsTheClosedFormNeeds(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 3,000 replications")
	}
	for _, tc := range []struct {
		pool  string
		extra int64
	}{{"£3,180,000", 140_000}, {"£3,340,000", -20_000}} {
		s := twoLotsScenario(t, tc.pool)
		res, err := Run(context.Background(), s, Options{Goal: Money, Step: funding.Pounds(40_000), Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		for k, year := range res.MoneyPlan {
			got := []string{year[0].String(), year[1].String()}
			if diff := cmp.Diff([]string{"£1,360,000.00", "£1,960,000.00"}, got); diff != "" {
				t.Errorf("pool %s, year %d: money (-want +got):\n%s", tc.pool, k, diff)
			}
			extra := year[0].Add(year[1]).Sub(res.TodayMoney[k][0]).Sub(res.TodayMoney[k][1])
			if !extra.Equal(funding.Pounds(tc.extra)) {
				t.Errorf("pool %s, year %d: plan less today %s, want %s", tc.pool, k, extra, funding.Pounds(tc.extra))
			}
			if !res.Reached[k] {
				t.Errorf("pool %s, year %d: not reached", tc.pool, k)
			}
		}
		if !res.Plan.Feasible {
			t.Errorf("pool %s: the plan is not judged feasible on fresh random numbers: %v", tc.pool, res.Plan.LowerBound)
		}
		t.Logf("pool %s: %d probes, %d replications", tc.pool, res.Candidates, res.Replications)
	}
}

// TestOutOfReach: testdata/with-groups.yaml adds a group programme bought
// with money whose 14-day target no money can meet (cohorts start every 8
// weeks). The optimiser must leave it at today's money, say why, and still
// split the rest as the closed forms say (34 and 49 slots).
func TestOutOfReach(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 1,500 replications")
	}
	s, err := scenario.Load("testdata/with-groups.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{Step: funding.Pounds(40_000), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Space.Moved(); !cmp.Equal([]int{0, 1}, got) {
		t.Errorf("moved lots %v, want the two casework lots [0 1]", got)
	}
	found := false
	for _, n := range res.Notes {
		found = found || strings.HasPrefix(n, "Perpetrators keeps today's money because money cannot reach its targets")
	}
	if !found {
		t.Errorf("notes %q do not say that money cannot reach the Perpetrators' target", res.Notes)
	}
	if diff := cmp.Diff([]int{34, 49}, res.Plan.Plan); diff != "" {
		t.Errorf("plan in £40,000 slots (-want +got):\n%s", diff)
	}
}

// TestMoneyMissChance: judged by the chance that a year misses its level
// (at most 10%, by the exact binomial bound), each lot needs at least the
// slots the share rule gives (34 and 49 at £40,000), since a year's share
// must reach 90% in nine years of ten, not only on average; and on fresh
// random numbers every year reaches 90% in at least nine replications of
// ten. (The least money is marginal by design: the cautious bound on fresh
// numbers may fall just short, and the report then says so.)
func TestMoneyMissChance(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 3,000 replications")
	}
	s := twoLotsScenario(t, "£3,340,000")
	res, err := Run(context.Background(), s, Options{Goal: Money, Step: funding.Pounds(40_000), MaxMissChance: 0.1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, year := range res.MoneyPlan {
		if year[0].Cmp(funding.Pounds(1_360_000)) < 0 || year[1].Cmp(funding.Pounds(1_960_000)) < 0 {
			t.Errorf("year %d: %s and %s; want at least the share rule's £1,360,000 and £1,960,000", k, year[0], year[1])
		}
	}
	for j, met := range res.Plan.Reached {
		if float64(met) < 0.9*float64(res.Plan.N) {
			t.Errorf("target %d: %d of %d years reach 90%%, want at least nine in ten", j, met, res.Plan.N)
		}
	}
	t.Logf("money %v; chances reached %v of %d", res.MoneyPlan, res.Plan.Reached, res.Plan.N)
}

// TestStepFTE: a step of one FTE is £40,000 in the two-lot scenario, so
// the split is the closed forms' 34 and 49; where a lot that would move is
// a group programme, a step in FTE is refused.
func TestStepFTE(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 1,500 replications")
	}
	res, err := Run(context.Background(), twoLotsScenario(t, "£3,340,000"), Options{StepFTE: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{34, 49}, res.Plan.Plan); diff != "" {
		t.Errorf("plan in one-FTE steps (-want +got):\n%s", diff)
	}
	s, err := scenario.Load("testdata/with-groups.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), s, Options{StepFTE: 1}); !errors.Is(err, ErrOptions) {
		t.Errorf("a step in FTE with a group programme to move: error %v, want ErrOptions", err)
	}
	if _, err := Run(context.Background(), s, Options{StepFTE: 1, Step: funding.Pounds(5000)}); !errors.Is(err, ErrOptions) {
		t.Errorf("both steps: error %v, want ErrOptions", err)
	}
}

// TestPerYear: split year by year, each contract year's £3,340,000 goes
// 34 and 49 slots at £40,000 (the leftover £20,000 to the last lot), as
// the closed forms say, and the plan meets every target on fresh random
// numbers.
func TestPerYear(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates about 1,000 replications")
	}
	res, err := Run(context.Background(), twoLotsScenario(t, "£3,340,000"), Options{Step: funding.Pounds(40_000), PerYear: true, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, year := range res.MoneyPlan {
		got := []string{year[0].String(), year[1].String()}
		if diff := cmp.Diff([]string{"£1,360,000.00", "£1,980,000.00"}, got); diff != "" {
			t.Errorf("year %d (-want +got):\n%s", k, diff)
		}
	}
	if !res.Plan.Feasible || !res.PerYear {
		t.Errorf("feasible %v, per year %v; want both", res.Plan.Feasible, res.PerYear)
	}
	if _, err := Run(context.Background(), twoLotsScenario(t, "£3,340,000"), Options{Goal: Money, PerYear: true}); !errors.Is(err, ErrOptions) {
		t.Errorf("per year with the money goal: error %v, want ErrOptions", err)
	}
}

// TestSameAnswerAnyWorkersMoneyAndPerYear: the money goal and the split
// per year decide on checkpoints too, so one worker and two agree.
func TestSameAnswerAnyWorkersMoneyAndPerYear(t *testing.T) {
	t.Parallel()
	s := twoLotsScenario(t, "£3,180,000")
	for _, base := range []Options{{Goal: Money}, {PerYear: true}} {
		base.Step, base.FirstStage, base.MaxReplications = funding.Pounds(40_000), 4, 8
		var got [][][]funding.Money
		for _, w := range []int{1, 2} {
			opt := base
			opt.Workers = w
			res, err := Run(context.Background(), s, opt)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, res.MoneyPlan)
		}
		if !cmp.Equal(got[0], got[1]) {
			t.Errorf("goal %v, per year %v: 1 worker %v, 2 workers %v", base.Goal, base.PerYear, got[0], got[1])
		}
	}
}
