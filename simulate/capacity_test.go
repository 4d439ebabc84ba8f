package simulate

import (
	"math"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// TestCapacityStep: a lot with no capacity until day 100 starts nobody in
// year 0 (days 0-100), so everyone referred then is still waiting at its
// end; from day 100 it has ample capacity and the list clears at once.
func TestCapacityStep(t *testing.T) {
	t.Parallel()
	m := mmcModel(0, 1, 1, 200, 0)
	m.YearStarts = []float64{0, 100}
	m.Lots[0].Slots = []CapacityStep{{At: 0, Slots: 0}, {At: 100, Slots: 1000}}
	res := run(t, m, 14, 5)
	y0 := res.Cell(0, 0, AllAreas, AllRisks)
	if got := y0.Metric(Starts).Mean(); got != 0 {
		t.Errorf("starts in year 0 = %v, want 0", got)
	}
	if got, want := y0.Metric(YearEndWaiting).Mean(), y0.Metric(Referrals).Mean(); got != want {
		t.Errorf("waiting at the end of year 0 = %v, want every referral of year 0 (%v)", got, want)
	}
	if n := y0.Metric(Utilisation).N(); n != 0 {
		t.Errorf("utilisation defined in %d replications of a year with no capacity", n)
	}
	if got := res.Cell(0, 1, AllAreas, AllRisks).Metric(YearEndWaiting).Mean(); got != 0 {
		t.Errorf("waiting at the end of year 1 = %v, want 0", got)
	}
}

// TestUncertainCapacityStep: a step with probability 0.3 happens in about
// 30% of replications (binomial; tolerance 4 standard errors).
func TestUncertainCapacityStep(t *testing.T) {
	t.Parallel()
	m := mmcModel(0, 1, 1, 50, 0)
	m.Lots[0].Slots = []CapacityStep{{At: 10, Slots: 5, Probability: 0.3}}
	s := perReplication(t, m, 15, 200, func(r *Results) float64 {
		if r.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts).Mean() > 0 {
			return 1
		}
		return 0
	})
	within(t, "share of replications with the step", s, 0.3, seTolerance)
}

// TestInheritedOpenCases: 10 open cases of a fixed 30-day length, each with
// a uniform share left, all finish within 30 days, and the 3 inherited
// waiting take their slots and finish within 60; none of the 13 is a
// referral in the period.
func TestInheritedOpenCases(t *testing.T) {
	t.Parallel()
	m := mmcModel(10, 0, 1, 70, 0)
	m.Lots[0].Service = lotting.FixedValue(30)
	m.Lots[0].OpenCases = 10
	m.Lots[0].Waiting = 3
	res := run(t, m, 16, 3)
	c := res.Cell(0, AllYears, AllAreas, AllRisks)
	for _, tc := range []struct {
		m    Metric
		want float64
	}{{Starts, 3}, {Completions, 13}, {Referrals, 0}, {YearEndWaiting, 0}} {
		if got := c.Metric(tc.m).Mean(); got != tc.want {
			t.Errorf("%v = %v, want %v", tc.m, got, tc.want)
		}
	}
	if got := res.System.In.Mean(); got != 13 {
		t.Errorf("in the system at the start = %v, want 13", got)
	}
	// The 3 waiting start as the first open cases finish: their waits are
	// order statistics of 30U, so under 30 days.
	if got := c.Metric(WaitMean).Mean(); !(got > 0 && got < 30) || math.IsNaN(got) {
		t.Errorf("mean wait of inherited waiting = %v, want in (0, 30)", got)
	}
}

// TestSharedCapacityEvent: two lots' cuts that depend on the same event
// (one funder's grant) happen together or not at all.
func TestSharedCapacityEvent(t *testing.T) {
	t.Parallel()
	m := mmcModel(0, 1, 1, 50, 0)
	m.Streams[0].RiskMix = [3]float64{0.5, 0, 0.5}
	m.Route[0] = [3]int{0, 0, 1}
	m.Lots = append(m.Lots, m.Lots[0])
	m.Lots[1].Name = "second"
	for l := range m.Lots {
		m.Lots[l].Slots = []CapacityStep{{At: 10, Slots: 5, Probability: 0.5, Event: "grant"}}
	}
	together := 0
	for seed := range uint64(40) {
		res := run(t, m, 100+seed, 1)
		a := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts).Mean() > 0
		b := res.Cell(1, AllYears, AllAreas, AllRisks).Metric(Starts).Mean() > 0
		if a != b {
			t.Fatalf("seed %d: step in lot 0 %v, in lot 1 %v; want both or neither", 100+seed, a, b)
		}
		if a {
			together++
		}
	}
	if together == 0 || together == 40 {
		t.Errorf("the shared step happened in %d of 40 replications; want some but not all", together)
	}
}
