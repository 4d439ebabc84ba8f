package simulate

import (
	"testing"

	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/lotting"
)

// The share of referred people seen within target, ReferredWithinTarget,
// against closed forms written out independently of the engine.

// mmcPatienceWithin is the share of arrivals to an M/M/c+M queue
// (exponential patience of rate theta; none when theta is 0) who start
// within t (package queueing).
func mmcPatienceWithin(c int, lambda, mu, theta, t float64) float64 {
	q, err := queueing.NewErlangA(c, lambda, mu, theta)
	if err != nil {
		panic(err)
	}
	return q.ShareStartedWithin(t)
}

func TestReferredWithinTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                 string
		c                    int
		lambda, mu, patience float64
		target               float64
	}{
		// M/M/1 at rho 0.8: 1 - 0.8 e^{-0.4} = 46.4% within 2 days.
		{"M/M/1 rho 0.8, 2-day target", 1, 0.8, 1, 0, 2},
		// Overloaded and kept stable by people giving up: among those who
		// start most are within a day, but a fifth of referrals give up.
		{"M/M/5+M overloaded, 1-day target", 5, 5.5, 1, 2, 1},
		{"M/M/2+M, half-day target", 2, 1.7, 1, 4, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mmcModel(tt.c, tt.lambda, tt.mu, 10000, 1000)
			m.Lots[0].Targets = [3]float64{tt.target, 0, 0}
			theta := 0.0
			if tt.patience > 0 {
				theta = 1 / tt.patience
				m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
					Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: tt.patience}}}
			}
			res := run(t, m, 21, 20)
			cell := res.Cell(0, AllYears, AllAreas, AllRisks)
			want := mmcPatienceWithin(tt.c, tt.lambda, tt.mu, theta, tt.target)
			within(t, "share of referred within target", cell.Metric(ReferredWithinTarget), want, seTolerance)
			if theta > 0 {
				// People who give up are missed, not dropped: the share of
				// those who started is higher.
				if starters := cell.Metric(WithinTarget).Mean(); !(starters > cell.Metric(ReferredWithinTarget).Mean()+0.05) {
					t.Errorf("share of starters within target %.4f, want well above the share of referred %.4f",
						starters, cell.Metric(ReferredWithinTarget).Mean())
				}
			}
		})
	}
}

// TestReferredWithinTargetRefuge: a refuge that turns people away is an
// Erlang loss system (see TestRefugeErlangB). Everyone who gets a bed gets
// it at once, within any target; the turned away count as missed and the
// declined offers are left out, so the share is
// (1-B)(1-d) / (B + (1-B)(1-d)).
func TestReferredWithinTargetRefuge(t *testing.T) {
	t.Parallel()
	const beds, lambda, stay, declined = 6, 0.12, 50.0, 0.25
	m := &Model{
		Horizon: 20000, WarmUp: 1000, SampleEvery: -1,
		Streams: []Stream{{Group: lotting.Victim, Rate: lambda, RiskMix: [3]float64{0, 0, 1}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []Lot{{Name: "refuge", Mode: lotting.Beds, Slots: []CapacityStep{{Slots: beds}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: stay}, DeclinedShare: declined,
			Targets: [3]float64{0, 0, 1}}},
	}
	res := run(t, m, 22, 20)
	b := queueing.ErlangB(beds, lambda*(1-declined)*stay)
	want := (1 - b) * (1 - declined) / (b + (1-b)*(1-declined))
	within(t, "share of referred within target", res.Cell(0, AllYears, AllAreas, lotting.High).Metric(ReferredWithinTarget), want, seTolerance)
	// Among those who started everyone was within it.
	if got := res.Cell(0, AllYears, AllAreas, lotting.High).Metric(WithinTarget).Mean(); got != 1 {
		t.Errorf("share of starters within target = %v, want 1", got)
	}
}

// TestReferredWithinTargetYearAndEnd: a lot with three contract years of
// 100 days, no capacity until day 150 and ample capacity from then, and a
// 10-day target. Everyone referred in year 1 waits at least 50 days, so
// that year's share is exactly 0, although they start in year 2; everyone
// referred in year 3 starts at once, so its share is exactly 1; and the
// share of year 2's starters within target is low, as it includes year
// 1's referrals. A run that ends before the capacity comes, with a
// target longer than the run, counts nobody: everyone is still inside the
// target at the end, so the share is undefined, not 0 or 1.
func TestReferredWithinTargetYearAndEnd(t *testing.T) {
	t.Parallel()
	m := mmcModel(0, 0.5, 1.0/5, 300, 0)
	m.YearStarts = []float64{0, 100, 200}
	m.Lots[0].Slots = []CapacityStep{{At: 0, Slots: 0}, {At: 150, Slots: 1000}}
	m.Lots[0].Targets = [3]float64{10, 0, 0}
	res := run(t, m, 23, 5)
	for _, tc := range []struct {
		year int
		m    Metric
		want func(float64) bool
		what string
	}{
		{0, ReferredWithinTarget, func(v float64) bool { return v == 0 }, "0"},
		{2, ReferredWithinTarget, func(v float64) bool { return v == 1 }, "1"},
		{1, WithinTarget, func(v float64) bool { return v < 0.7 }, "below 0.7"},
		{AllYears, ReferredWithinTarget, func(v float64) bool { return v > 0.3 && v < 0.7 }, "about a half"},
	} {
		s := res.Cell(0, tc.year, AllAreas, AllRisks).Metric(tc.m)
		if s.N() != 5 || !tc.want(s.Mean()) {
			t.Errorf("year %d %v = %v over %d replications, want %s over 5", tc.year, tc.m, s.Mean(), s.N(), tc.what)
		}
	}
	if p := res.Cell(0, 0, AllAreas, AllRisks).MissedTarget; p.Successes() != 5 || p.Trials() != 5 {
		t.Errorf("year 1 missed its target in %d of %d replications, want 5 of 5", p.Successes(), p.Trials())
	}

	short := mmcModel(0, 0.5, 1.0/5, 50, 0)
	short.Lots[0].Targets = [3]float64{60, 0, 0}
	res = run(t, short, 23, 3)
	if s := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(ReferredWithinTarget); s.N() != 0 {
		t.Errorf("share with everyone inside the target at the end = %v over %d replications, want none counted", s.Mean(), s.N())
	}
	short.Lots[0].Targets = [3]float64{20, 0, 0}
	res = run(t, short, 23, 3)
	if s := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(ReferredWithinTarget); s.N() != 3 || s.Mean() != 0 {
		t.Errorf("share with people waiting past the target at the end = %v over %d replications, want 0 over 3", s.Mean(), s.N())
	}
}

// TestUtilisationNeverAboveOne: capacity that falls while cases are open,
// and a caseload inherited beyond capacity, keep utilisation at most 1 and
// show as excess cases instead.
func TestUtilisationNeverAboveOne(t *testing.T) {
	t.Parallel()
	m := mmcModel(10, 9, 1.0/20, 365, 0)
	m.Lots[0].Slots = []CapacityStep{{At: 0, Slots: 200}, {At: 100, Slots: 50}}
	m.Lots[0].OpenCases = 400 // twice the capacity at the start
	res := run(t, m, 24, 4)
	c := res.Cell(0, AllYears, AllAreas, AllRisks)
	if u := c.Metric(Utilisation); u.N() != 4 || !(u.Mean() <= 1) || u.Mean() < 0.9 {
		t.Errorf("utilisation = %v over %d replications, want at most 1 (and about 1)", u.Mean(), u.N())
	}
	// 200 inherited cases above capacity drain at rate 1/20 of the open
	// cases (uniform remaining times), so there are excess cases in the
	// first year.
	if x := c.Metric(ExcessCases); !(x.Mean() > 1) {
		t.Errorf("excess cases = %v, want some", x.Mean())
	}
	plain := mmcModel(10, 5, 1, 365, 0)
	if x := run(t, plain, 24, 2).Cell(0, AllYears, AllAreas, AllRisks).Metric(ExcessCases); x.Mean() != 0 {
		t.Errorf("excess cases with steady capacity = %v, want 0", x.Mean())
	}
}
