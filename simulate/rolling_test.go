package simulate

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/lotting"
)

// rollingModel is one rolling cohort of size 12 over a 10-week programme
// that takes people up to week 6, fed by a list of 1,000 inherited people
// who never give up: more than the cohort can take, so every free seat is
// refilled at every session up to week 6. Start every 70 days and a
// horizon of 70 days make it one cohort.
func rollingModel(dropOut float64) *Model {
	m := groupModel(0, GroupSettings{CohortSize: 12, MinToStart: 1, Weeks: 10, StartEvery: 70,
		Rolling: true, JoinUntilWeek: 6}, 1, 70)
	m.Lots[0].Waiting = 1000
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Perpetrator, DropOut: dropOut}}
	return m
}

// TestRollingOccupancy: with a constant supply of waiting people the
// cohort is full (12) just after each weekly session up to week 6, and
// only falls after it; joiners at week w stay the (10 - w) weeks left, so
// every completion falls at day 70. Exact, from the trace.
func TestRollingOccupancy(t *testing.T) {
	t.Parallel()
	m := rollingModel(0.5)
	m.Horizon = 71 // so that the completions at day 70 are seen
	type ev struct {
		t float64
		d int
	}
	var evs []ev
	completedAt := map[float64]int{}
	_, err := Run(context.Background(), m, Options{Seed: 7, Replications: 1, Workers: 1, Trace: func(e TraceEvent) {
		switch e.Kind {
		case TraceStarted:
			evs = append(evs, ev{e.Time, 1})
		case TraceDroppedOut:
			evs = append(evs, ev{e.Time, -1})
		case TraceCompleted:
			evs = append(evs, ev{e.Time, -1})
			completedAt[e.Time]++
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Occupancy just after each session time (all events at that time
	// applied) and the lowest occupancy between sessions 6 and the end.
	occAfter := func(at float64) int {
		n := 0
		for _, e := range evs {
			if e.t <= at {
				n += e.d
			}
		}
		return n
	}
	for w := 0; w <= 6; w++ {
		if got := occAfter(7 * float64(w)); got != 12 {
			t.Errorf("occupancy after the session of week %d = %d, want 12 (cohort size)", w, got)
		}
	}
	if got := occAfter(69.999); got >= 12 {
		t.Errorf("occupancy before the end = %d, want below 12: seats freed after week 6 stay empty (with half dropping out)", got)
	}
	for at := range completedAt {
		if at != 70 {
			t.Errorf("a completion at day %v, want every completion with the cohort at day 70", at)
		}
	}
	if completedAt[70] == 0 {
		t.Error("no completions at day 70")
	}
}

// expectedRollingStarts is the expected number of starts per seat of a
// rolling cohort of weeks W taking people up to week n, whose members drop
// out with probability p at a uniform point of what is left of the
// programme when they join: an occupant who joined at week j leaves in
// week (w-1, w] with probability p/(W-j), and is replaced at session w.
// With a_0 = 1 and a_w = sum over j<w of a_j p/(W-j), the expected starts
// are a_0 + ... + a_n.
func expectedRollingStarts(W, n int, p float64) float64 {
	a := make([]float64, n+1)
	a[0] = 1
	total := 1.0
	for w := 1; w <= n; w++ {
		for j := range w {
			a[w] += a[j] * p / float64(W-j)
		}
		total += a[w]
	}
	return total
}

// TestRollingDropOutRefill: the starts of one cohort against the hand
// calculation of expectedRollingStarts (p = 0.5, W = 10, n = 6: 12 seats
// × 1.3575... = 16.29 starts), and none refilled under closed intake.
func TestRollingDropOutRefill(t *testing.T) {
	t.Parallel()
	want := 12 * expectedRollingStarts(10, 6, 0.5)
	s := perReplication(t, rollingModel(0.5), 11, 2000, func(r *Results) float64 {
		return r.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts).Mean()
	})
	within(t, "starts of a rolling cohort with drop-outs", s, want, seTolerance)

	closed := rollingModel(0.5)
	closed.Lots[0].Group.Rolling, closed.Lots[0].Group.JoinUntilWeek = false, 0
	res := run(t, closed, 11, 20)
	if got := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts); got.Mean() != 12 || got.SD() != 0 {
		t.Errorf("closed cohort starts %v (SD %v), want exactly 12: drop-outs' seats are not refilled", got.Mean(), got.SD())
	}
}

// TestRollingWaitClosedForm: Poisson referrals (2 a day) to a cohort that
// never fills and starts every W weeks as the last ends. A referral in the first
// n weeks of a cohort joins at the next weekly session (mean wait 3.5
// days); a later one waits for the next cohort (uniform wait over the
// 7(W-n) days left). So the mean wait is (7n × 3.5 + (7(W-n))²/2) / 7W:
// for W = 10, n = 6, (147 + 392)/70 = 7.7 days; closed intake (n = 0):
// 35 days.
func TestRollingWaitClosedForm(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n    int
		want float64
	}{{6, 7.7}, {0, 35}, {9, (63*3.5 + 49/2.0) / 70}} {
		m := groupModel(2, GroupSettings{CohortSize: 100000, MinToStart: 1, Weeks: 10, StartEvery: 70,
			Rolling: tt.n > 0, JoinUntilWeek: tt.n}, 2, 70*200) // 2: the next starts as the last ends
		// One person waiting at day 0 starts the first cohort then; at 2
		// referrals a day a later start finds nobody waiting with
		// probability e^-14, and that person's wait of 0 moves the mean by
		// about 3e-4 days, a fortieth of a standard error.
		m.Lots[0].Waiting = 1
		s := perReplication(t, m, 21, 20, func(r *Results) float64 {
			return r.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean).Mean()
		})
		within(t, fmt.Sprintf("mean wait, join until week %d", tt.n), s, tt.want, seTolerance)
	}
}

// TestEngagementErlangA: an M/M/1+M queue whose waiting people are
// engaged with a patience factor f gives up as Erlang A with abandonment
// rate theta/f; contacts every 2 days are counted (about the waiting
// list's time integral / 2) and never started.
func TestEngagementErlangA(t *testing.T) {
	t.Parallel()
	const lambda, mu, patience, f = 0.9, 1, 2.0, 3.0
	m := mmcModel(1, lambda, mu, 5000, 500)
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
		Patience:    &lotting.Distribution{Kind: lotting.Exponential, Mean: patience},
		EngageEvery: 2, PatienceFactor: f}}
	q, err := queueing.NewErlangA(1, lambda, mu, 1/(f*patience))
	if err != nil {
		t.Fatal(err)
	}
	s := perReplication(t, m, 31, 20, func(r *Results) float64 {
		c := r.Cell(0, AllYears, AllAreas, AllRisks)
		return c.Metric(Disengaged).Mean() / c.Metric(Referrals).Mean()
	})
	within(t, "share who give up while engaged", s, q.ProbAbandon(), seTolerance)
	// Each waiting person is contacted floor(wait/2) times, so contacts
	// are at most the waiting list's time integral / 2 and at least that
	// less one per person who waited.
	res := run(t, m, 31, 4)
	c := res.Cell(0, AllYears, AllAreas, AllRisks)
	area := c.Metric(MeanWaiting).Mean() * m.Horizon
	if got := c.Metric(Contacts).Mean(); got > area/2+1 || got < area/2-c.Metric(Referrals).Mean() || got == 0 {
		t.Errorf("contacts = %v, want between %v and %v", got, area/2-c.Metric(Referrals).Mean(), area/2)
	}
	// Without engagement nothing is counted.
	m.Lots[0].Disengagement[0].EngageEvery = 0
	if got := run(t, m, 31, 2).Cell(0, AllYears, AllAreas, AllRisks).Metric(Contacts); got.Mean() != 0 || got.SD() != 0 {
		t.Errorf("contacts without engagement = %v, want 0", got)
	}
}

// TestEngagementTimeChange: with a fixed patience of 10 days and factor 2
// nobody is served (no capacity), so everyone gives up after exactly 20
// days and is contacted at days 7 and 14 of their wait (every 7): two
// contacts each.
func TestEngagementTimeChange(t *testing.T) {
	t.Parallel()
	m := mmcModel(1, 1, 1, 100, 0)
	m.Lots[0].Slots = []CapacityStep{{Slots: 0}}
	m.Lots[0].Waiting = 5
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
		Patience:    &lotting.Distribution{Kind: lotting.Fixed, Mean: 10},
		EngageEvery: 7, PatienceFactor: 2}}
	m.Streams[0].Rate = 0
	var gaveUp []float64
	res, err := Run(context.Background(), m, Options{Seed: 1, Replications: 1, Workers: 1, Trace: func(e TraceEvent) {
		if e.Kind == TraceGaveUp {
			gaveUp = append(gaveUp, e.Time)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range gaveUp {
		if math.Abs(at-20) > 1e-12 {
			t.Errorf("gave up at day %v, want 20 (patience 10 × factor 2)", at)
		}
	}
	c := res.Cell(0, AllYears, AllAreas, AllRisks)
	if len(gaveUp) != 5 || c.Metric(Contacts).Mean() != 10 || c.Metric(Starts).Mean() != 0 {
		t.Errorf("%d gave up, %v contacts, %v starts; want 5, 10 and 0", len(gaveUp), c.Metric(Contacts).Mean(), c.Metric(Starts).Mean())
	}
}
