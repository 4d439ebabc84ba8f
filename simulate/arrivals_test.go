package simulate

import (
	"math"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// TestPiecewiseRateCounts checks the non-homogeneous Poisson arrivals: the
// number of referrals in each contract year is Poisson with mean the
// integral of the daily rate over the year, here with zero-rate days, the
// last rate holding beyond the end of the list, and a warm-up (at day 0's
// rate) whose referrals are not counted. Tolerance: 4 standard errors of
// the mean count over 40 replications (see seTolerance).
func TestPiecewiseRateCounts(t *testing.T) {
	t.Parallel()
	rates := make([]float64, 45)
	for d := range rates {
		rates[d] = []float64{4, 6, 0, 3, 8, 0, 0}[d%7] // weekdays busy, weekends closed
	}
	m := mmcModel(1000, 0, 1, 60, 30)
	m.Streams[0].RatePerDay = rates
	m.YearStarts = []float64{0, 20, 40}
	rate := func(d int) float64 { return rates[min(d, len(rates)-1)] }
	for y, span := range [][2]int{{0, 20}, {20, 40}, {40, 60}} {
		want := 0.0
		for d := span[0]; d < span[1]; d++ {
			want += rate(d)
		}
		res := run(t, m, uint64(10+y), 40)
		within(t, "referrals in year "+string(rune('0'+y)), res.Cell(0, y, AllAreas, AllRisks).Metric(Referrals), want, seTolerance)
		// A Poisson count's variance equals its mean: check the spread too
		// (the sample variance of 40 counts has relative SE sqrt(2/39)).
		if v := res.Cell(0, y, AllAreas, AllRisks).Metric(Referrals).Var(); math.Abs(v/want-1) > 4*math.Sqrt(2.0/39) {
			t.Errorf("year %d: variance of counts %v, want about %v (Poisson)", y, v, want)
		}
	}
}

// TestRepeatReferrals: each first referral is followed by a repeat with
// probability p after a delay uniform on (0, w), so over [0, H) with
// constant rate lambda the expected repeats are p lambda (H - w/2) (a first
// referral at s repeats inside the period with probability p min(1, (H-s)/w)).
func TestRepeatReferrals(t *testing.T) {
	t.Parallel()
	m := mmcModel(1000, 5, 1, 1000, 0)
	m.Streams[0].RepeatRate, m.Streams[0].RepeatWithin = 0.3, 10
	res := run(t, m, 12, 20)
	within(t, "repeat referrals", res.Cell(0, AllYears, AllAreas, AllRisks).Metric(Repeats), 0.3*5*(1000-5), seTolerance)
	within(t, "all referrals", res.System.Referrals, 5*1000+0.3*5*(1000-5), seTolerance)
}

// TestFrontDoorTriage: a front door of 3 handlers with exponential handling
// time (mean 0.1 day) and 20 referrals a day is M/M/3 (load 2), so the mean
// wait for triage is Erlang C's; a quarter of standard-risk referrals are
// referred on without service, and the rest reach the lot.
func TestFrontDoorTriage(t *testing.T) {
	t.Parallel()
	m := mmcModel(10000, 20, 1, 2000, 100)
	m.Streams[0].RiskMix = [3]float64{0.8, 0, 0.2}
	m.FrontDoor = &FrontDoor{Handlers: 3, HandlingTime: lotting.Distribution{Kind: lotting.Exponential, Mean: 0.1},
		SelfServe: [3]float64{0.25, 0, 0}}
	res := run(t, m, 13, 20)
	fd := res.Cell(res.FrontDoor, AllYears, AllAreas, AllRisks)
	// Triage is by risk priority; with equal handling times the overall
	// mean wait is that of FIFO (work conservation, Kleinrock's law).
	within(t, "front door wait", fd.Metric(WaitMean), mmcWait(3, 20, 10), seTolerance)
	s := perReplication(t, m, 13, 10, func(r *Results) float64 {
		std := r.Cell(r.FrontDoor, AllYears, AllAreas, lotting.Standard)
		return std.Metric(SelfServed).Mean() / std.Metric(Completions).Mean()
	})
	within(t, "self-serve share of standard risk", s, 0.25, seTolerance)
	lot := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(Referrals).Mean()
	want := fd.Metric(Completions).Mean() - fd.Metric(SelfServed).Mean()
	if math.Abs(lot-want) > 10 { // at most the few in transit at the ends, averaged
		t.Errorf("lot referrals %v, want triaged minus self-served %v", lot, want)
	}
	if got := res.Cell(0, AllYears, AllAreas, lotting.Standard).Metric(Referrals).Mean(); !(got > 0) {
		t.Error("no standard-risk referrals reached the lot")
	}
}
