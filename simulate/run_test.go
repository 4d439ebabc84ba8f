package simulate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// fullModel uses every feature of the engine at once: two areas, three
// contract years, a warm-up, four streams (one with a daily rate and
// repeats), a front door with self-serve, casework with capacity steps
// (one uncertain), inherited cases, patience and drop-out, a group
// programme and a refuge that turns people away.
func fullModel() *Model {
	rates := make([]float64, 400)
	for d := range rates {
		rates[d] = 3 + math.Sin(2*math.Pi*float64(d)/365) // seasonal
	}
	exp := func(mean float64) *lotting.Distribution {
		return &lotting.Distribution{Kind: lotting.Exponential, Mean: mean}
	}
	return &Model{
		Horizon: 1000, WarmUp: 100, YearStarts: []float64{0, 365, 730},
		Areas: []string{"North", "South"},
		Streams: []Stream{
			{Name: "North victims", Area: 0, Group: lotting.Victim, RatePerDay: rates, RiskMix: [3]float64{0.6, 0.3, 0.1}, RepeatRate: 0.1},
			{Name: "South victims", Area: 1, Group: lotting.Victim, Rate: 2, RiskMix: [3]float64{0.5, 0.3, 0.2}},
			{Name: "North perpetrators", Area: 0, Group: lotting.Perpetrator, Rate: 0.5, RiskMix: [3]float64{0.7, 0.2, 0.1}},
			{Name: "South families", Area: 1, Group: lotting.ChildFamily, Rate: 0.3, RiskMix: [3]float64{1, 0, 0}},
		},
		FrontDoor: &FrontDoor{Handlers: 2, HandlingTime: lotting.Distribution{Kind: lotting.Lognormal, Mean: 0.03, SD: 0.01},
			SelfServe: [3]float64{0.2, 0, 0}},
		Route: [][3]int{{0, 0, 1}, {0, 3, 1}, {2, 2, 2}, {0, -1, -1}},
		Lots: []Lot{
			{Name: "Community", Slots: []CapacityStep{{At: 0, Slots: 45}, {At: 400, Slots: 35}, {At: 600, Slots: 50, Probability: 0.5}},
				Service: lotting.Distribution{Kind: lotting.Gamma, Mean: 20, SD: 10},
				Disengagement: []Disengagement{
					{Group: lotting.Victim, Patience: exp(60), DropOut: 0.1},
					{Group: lotting.ChildFamily, Patience: &lotting.Distribution{Kind: lotting.Empirical, Values: []float64{10, 20, 40}}},
				},
				Targets: [3]float64{28, 10, 2}, Waiting: 20, OpenCases: 25,
				Cost: []funding.Money{funding.Pounds(500000), funding.Pounds(510000), funding.Pounds(520000)}},
			{Name: "IDVA", Slots: []CapacityStep{{Slots: 15}}, Service: lotting.Distribution{Kind: lotting.Lognormal, Mean: 30, SD: 15},
				Targets: [3]float64{0, 0, 2}},
			{Name: "Perpetrators", Mode: lotting.GroupWork, Slots: []CapacityStep{{Slots: 2}},
				Group:         GroupSettings{CohortSize: 10, MinToStart: 4, Weeks: 12, StartEvery: 28},
				Disengagement: []Disengagement{{Group: lotting.Perpetrator, Patience: exp(90), DropOut: 0.35}}},
			{Name: "Refuge", Mode: lotting.Beds, Slots: []CapacityStep{{Slots: 6}},
				Service:       lotting.Distribution{Kind: lotting.Triangular, Min: 30, Mode: 90, Max: 200},
				DeclinedShare: 0.1},
		},
	}
}

// digest lists every number in r bit for bit, for comparing runs.
func digest(r *Results) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	bits := func(x float64) uint64 { return math.Float64bits(x) }
	add("reps %d events %d customers %d", r.Replications, r.Events, r.Customers)
	for i := range r.cells {
		c := &r.cells[i]
		for m := range NumMetrics {
			s := c.metrics[m]
			add("cell %d %v: n %d mean %x var %x", i, m, s.N(), bits(s.Mean()), bits(s.Var()))
		}
		add("cell %d waits: n %d sum %x p90 %x", i, c.Waits.Count(), bits(c.Waits.Sum()), bits(c.Waits.Quantile(0.9)))
		add("cell %d missed %d/%d", i, c.MissedTarget.Successes(), c.MissedTarget.Trials())
	}
	for l := range r.Lots {
		for _, b := range r.WaitingBands(l) {
			add("band %d %v: %v %v %v %x", l, b.T, b.P10, b.P50, b.P90, bits(b.Mean))
		}
	}
	return out
}

func TestSameResultsAnyWorkers(t *testing.T) {
	t.Parallel()
	m := fullModel()
	var want []string
	for _, workers := range []int{1, 2, 8} {
		res, err := Run(context.Background(), m, Options{Seed: 7, Replications: 12, Workers: workers})
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		got := digest(res)
		if want == nil {
			want = got
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d workers differ from 1 worker (-want +got):\n%s", workers, diff)
		}
	}
}

func TestSeedMatters(t *testing.T) {
	t.Parallel()
	m := fullModel()
	a := digest(run(t, m, 1, 2))
	b := digest(run(t, m, 2, 2))
	if cmp.Equal(a, b) {
		t.Error("seeds 1 and 2 gave identical results")
	}
}

// TestFullModelFlows checks the full model end to end: conservation (Run
// fails if any replication breaks it), and that every kind of exit occurs.
func TestFullModelFlows(t *testing.T) {
	t.Parallel()
	res := run(t, fullModel(), 11, 4)
	s := res.System
	in := s.In.Mean() + s.Referrals.Mean()
	out := s.Completed.Mean() + s.DroppedOut.Mean() + s.Disengaged.Mean() + s.TurnedAway.Mean() +
		s.Declined.Mean() + s.SelfServed.Mean() + s.Out.Mean()
	if math.Abs(in-out) > 1e-9*in {
		t.Errorf("mean in %v != mean out %v", in, out)
	}
	for name, x := range map[string]float64{"repeats": s.Repeats.Mean(), "completed": s.Completed.Mean(),
		"dropped out": s.DroppedOut.Mean(), "gave up": s.Disengaged.Mean(), "turned away": s.TurnedAway.Mean(),
		"declined": s.Declined.Mean(), "self-served": s.SelfServed.Mean()} {
		if !(x > 0) {
			t.Errorf("no %s in the full model", name)
		}
	}
	// The front door sees every referral.
	fd := res.Cell(res.FrontDoor, AllYears, AllAreas, AllRisks)
	if got, want := fd.Metric(Referrals).Mean(), s.Referrals.Mean(); got != want {
		t.Errorf("front door referrals %v, system referrals %v", got, want)
	}
	// Per-year cells add up to the total.
	sum := 0.0
	for y := range res.Years {
		sum += res.Cell(0, y, AllAreas, AllRisks).Metric(Completions).Mean()
	}
	if tot := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(Completions).Mean(); math.Abs(sum-tot) > 1e-9*tot {
		t.Errorf("completions by year sum to %v, total %v", sum, tot)
	}
	if c, ok := res.CostPerCompletion(0, 0); !ok || !c.IsWholePence() || c.Sign() <= 0 {
		t.Errorf("CostPerCompletion(0, 0) = %v, %v; want a positive amount in whole pence", c, ok)
	}
}

func TestConservationCheckCatchesLoss(t *testing.T) {
	t.Parallel()
	p, err := newPlan(fullModel())
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(p)
	rr := newRepResult(p)
	e.setup(5, 0, rr)
	if err := e.runUntil(context.Background(), p.m.Horizon); err != nil {
		t.Fatal(err)
	}
	e.rr.sys.completions-- // lose one person
	e.finish()
	if err := e.check(); !errors.Is(err, ErrConservation) {
		t.Errorf("check after losing a completion = %v, want ErrConservation", err)
	}
}

func TestRunCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, w := range []int{1, 2} {
		if _, err := Run(ctx, fullModel(), Options{Seed: 1, Replications: 4, Workers: w}); !errors.Is(err, context.Canceled) {
			t.Errorf("%d workers: Run with a cancelled context = %v, want context.Canceled", w, err)
		}
	}
}

func TestBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opt  Options
	}{
		{"no replications", Options{}},
		{"negative workers", Options{Replications: 1, Workers: -1}},
		{"stop min 1", Options{Stop: &StoppingRule{Metric: WaitMean, RelativeHalfWidth: 0.1, Min: 1, Max: 5}}},
		{"stop lot out of range", Options{Stop: &StoppingRule{Metric: WaitMean, Lot: 9, RelativeHalfWidth: 0.1, Min: 2, Max: 5}}},
		{"stop zero width", Options{Stop: &StoppingRule{Metric: WaitMean, Min: 2, Max: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Run(context.Background(), mmcModel(1, 0.5, 1, 10, 0), tt.opt); !errors.Is(err, ErrBadOptions) {
				t.Errorf("Run = %v, want ErrBadOptions", err)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	var calls []int
	_, err := Run(context.Background(), mmcModel(2, 1, 1, 100, 0), Options{Seed: 1, Replications: 7, Workers: 3,
		Progress: func(done, total int) {
			if total != 7 {
				t.Errorf("Progress total %d, want 7", total)
			}
			calls = append(calls, done) // called from Run's goroutine only
		}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4, 5, 6, 7}, calls); diff != "" {
		t.Errorf("Progress calls (-want +got):\n%s", diff)
	}
}
