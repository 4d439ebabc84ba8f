package simulate

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
)

// groupModel is one group lot fed by one perpetrator stream.
func groupModel(rate float64, g GroupSettings, cohorts int, horizon float64) *Model {
	return &Model{
		Horizon: horizon, SampleEvery: -1,
		Streams: []Stream{{Group: lotting.Perpetrator, Rate: rate, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots:    []Lot{{Name: "programme", Mode: lotting.GroupWork, Slots: []CapacityStep{{Slots: cohorts}}, Group: g}},
	}
}

// TestGroupCohortsByHand follows 30 inherited people through a programme
// of 6 weekly sessions (42 days) with cohorts of at most 12, at least 6 to
// start, a possible start every 28 days from day 0 and one cohort at a
// time. By hand:
//
//	day   0: cohort 1 takes 12 (wait 0), runs to day 42; 18 wait
//	day  28: cohort 1 still running, no start
//	day  56: cohort 2 takes 12 (wait 56), runs to day 98; 6 wait
//	day  84: no start
//	day 112: cohort 3 takes the last 6 (wait 112), runs to day 154
//
// So 30 starts and 30 completions; mean wait (12×0 + 12×56 + 6×112)/30 =
// 44.8 days; median (15th of 30) 56, 90th percentile (27th) 112; the
// cohort slot is in use 3 × 42 = 126 of 200 days (0.63); the waiting list
// is 18 for 56 days and 6 for 56 days, a time average of 1344/200 = 6.72.
func TestGroupCohortsByHand(t *testing.T) {
	t.Parallel()
	m := groupModel(0, GroupSettings{CohortSize: 12, MinToStart: 6, Weeks: 6, StartEvery: 28}, 1, 200)
	m.Lots[0].Waiting = 30
	res := run(t, m, 1, 2)
	c := res.Cell(0, AllYears, AllAreas, AllRisks)
	got := map[string]float64{}
	for _, k := range []Metric{Starts, Completions, WaitMean, Utilisation, MeanWaiting, YearEndWaiting} {
		got[k.String()] = c.Metric(k).Mean()
	}
	want := map[string]float64{"starts": 30, "completions": 30, "wait_mean": 44.8,
		"utilisation": 0.63, "mean_waiting": 6.72, "year_end_waiting": 0}
	// Exact up to floating-point rounding in the time integrals.
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a)) })); diff != "" {
		t.Errorf("group programme by hand (-want +got):\n%s", diff)
	}
	// Quantiles come from a histogram, within its stated relative error.
	for _, q := range []struct {
		m    Metric
		want float64
	}{{WaitMedian, 56}, {WaitP90, 112}} {
		if got := c.Metric(q.m).Mean(); math.Abs(got-q.want) > stats.HistogramRelErr*q.want {
			t.Errorf("%v = %v, want %v within %.2f%%", q.m, got, q.want, 100*stats.HistogramRelErr)
		}
	}
}

// TestGroupWaitHalfInterval: with Poisson referrals, cohorts that never
// fill (size 1000), start with anyone waiting and may always run, a
// referral waits for the next start: uniformly distributed over the
// interval T between starts, so the mean wait is T/2 = 7 days and a cohort
// takes lambda T = 0.5 × 14 = 7 people on average.
func TestGroupWaitHalfInterval(t *testing.T) {
	t.Parallel()
	m := groupModel(0.5, GroupSettings{CohortSize: 1000, MinToStart: 1, Weeks: 1, StartEvery: 14}, 10, 14*500)
	s := perReplication(t, m, 5, 20, func(r *Results) float64 {
		return r.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean).Mean()
	})
	within(t, "mean wait for a cohort", s, 7, seTolerance)
	per := perReplication(t, m, 5, 20, func(r *Results) float64 {
		return r.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts).Mean() / 500
	})
	within(t, "people per cohort", per, 7, seTolerance)
}

// TestRefugeErlangB: a refuge that turns people away when full is an
// Erlang loss system. Declined offers leave the bed free, so beds fill at
// rate lambda(1-d) and, by PASTA, the share turned away is
// B(c, lambda(1-d) E[stay]) whatever the stay distribution (lognormal and
// triangular here).
func TestRefugeErlangB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		beds     int
		lambda   float64
		stay     lotting.Distribution
		declined float64
	}{
		{"6 beds lognormal stay", 6, 0.1, lotting.Distribution{Kind: lotting.Lognormal, Mean: 50, SD: 30}, 0},
		{"10 beds triangular stay, 20% decline", 10, 0.12, lotting.Distribution{Kind: lotting.Triangular, Min: 30, Mode: 60, Max: 150}, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &Model{
				Horizon: 20000, WarmUp: 1000, SampleEvery: -1,
				Streams: []Stream{{Group: lotting.Victim, Rate: tt.lambda, RiskMix: [3]float64{0, 0, 1}}},
				Route:   [][3]int{{0, 0, 0}},
				Lots: []Lot{{Name: "refuge", Mode: lotting.Beds, Slots: []CapacityStep{{Slots: tt.beds}},
					Service: tt.stay, DeclinedShare: tt.declined}},
			}
			s := perReplication(t, m, 6, 20, func(r *Results) float64 {
				c := r.Cell(0, AllYears, AllAreas, AllRisks)
				return c.Metric(TurnedAway).Mean() / c.Metric(Referrals).Mean()
			})
			a := tt.lambda * (1 - tt.declined) * tt.stay.Expected()
			within(t, "share turned away", s, queueing.ErlangB(tt.beds, a), seTolerance)
		})
	}
}
