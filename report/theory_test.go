package report

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// queueModel is one stream of rate lambda, all standard risk with a
// target, into one lot of c slots with exponential case lengths of mean
// 1/mu; patience exponential of mean 1/theta when theta > 0. The warm-up
// and horizon are long against the queue's relaxation (mean case length
// 5 days), so the simulation should sit at the steady state.
func queueModel(c int, lambda, mu, theta, target float64) *simulate.Model {
	m := &simulate.Model{
		Horizon: 2000, WarmUp: 500, YearStarts: []float64{0, 1000}, SampleEvery: -1,
		Streams: []simulate.Stream{{Group: lotting.Victim, Rate: lambda, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{Name: "casework", Slots: []simulate.CapacityStep{{Slots: c}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 1 / mu}, Targets: [3]float64{target, 0, 0}}},
	}
	if theta > 0 {
		p := lotting.Distribution{Kind: lotting.Exponential, Mean: 1 / theta}
		m.Lots[0].Disengagement = []simulate.Disengagement{{Group: lotting.Victim, Patience: &p}}
	}
	return m
}

// runLot simulates m and returns its first lot's result and the run.
func runLot(t *testing.T, m *simulate.Model, reps int) (*Run, LotResult) {
	t.Helper()
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 7, Replications: reps, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	years := []string{"year 1", "year 2"}
	lots := LotResults(m, res, res.Lots, years, funding.Date{})
	return &Run{Replications: reps, Years: years, Lots: lots}, lots[0]
}

func close(got Float, want, tol float64) bool { return math.Abs(float64(got)-want) <= tol }

// TestTheoryMatchesQueueing builds M/M/c and M/M/c+M models directly and
// checks the theory's figures against package queueing's, computed here
// by hand from the same rates, and against the simulation: the check
// must agree, so no theory_disagrees finding.
func TestTheoryMatchesQueueing(t *testing.T) {
	t.Parallel()
	const (
		lambda, mu, target = 2.0, 0.2, 3.0 // load 10 Erlangs
	)
	tests := []struct {
		name      string
		c         int
		theta     float64
		wantModel string
	}{
		{"erlang_c", 12, 0, ModelErlangC},
		{"erlang_a", 11, 0.05, ModelErlangA}, // mean patience 20 days
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := queueModel(tc.c, lambda, mu, tc.theta, target)
			run, lr := runLot(t, m, 20)
			th := NewTheory(m, 0, run.Years, &lr, 22)
			if th == nil {
				t.Fatal("no theory")
			}
			if th.Model != tc.wantModel {
				t.Errorf("model %q, want %q", th.Model, tc.wantModel)
			}
			if len(th.Departures) != 0 {
				t.Errorf("departures %q, want none", th.Departures)
			}
			var within, gaveUp, wait float64
			var need int
			if tc.theta > 0 {
				q, err := queueing.NewErlangA(tc.c, lambda, mu, tc.theta)
				if err != nil {
					t.Fatal(err)
				}
				within, gaveUp, wait = q.ShareStartedWithin(target), q.ProbAbandon(), q.MeanWait()
				need, err = queueing.ServersForErlangA(lambda, mu, tc.theta, target, 0.9)
				if err != nil {
					t.Fatal(err)
				}
			} else {
				q, err := queueing.NewMMc(tc.c, lambda, mu)
				if err != nil {
					t.Fatal(err)
				}
				within, gaveUp, wait = q.ShareStartedWithin(target), 0, q.MeanWait()
				need, err = queueing.ServersForMMc(lambda, mu, target, 0.9)
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range append(slices.Clone(th.Years), th.Period) {
				if f.Slots != tc.c || !close(f.ArrivalsPerDay, lambda, 1e-12) || !close(f.MeanCaseLength, 1/mu, 1e-12) {
					t.Errorf("%q inputs: %d slots, %v a day, %v days", f.Year, f.Slots, f.ArrivalsPerDay, f.MeanCaseLength)
				}
				if !close(f.WithinTargetAll, within, 1e-12) || !close(f.WithinTarget["standard"], within, 1e-12) {
					t.Errorf("%q within target %v (standard %v), want %v", f.Year, f.WithinTargetAll, f.WithinTarget["standard"], within)
				}
				if !close(f.GaveUp, gaveUp, 1e-12) || !close(f.MeanWait, wait, 1e-12) {
					t.Errorf("%q gave up %v, mean wait %v; want %v, %v", f.Year, f.GaveUp, f.MeanWait, gaveUp, wait)
				}
				if beta := (float64(need) - lambda/mu) / math.Sqrt(lambda/mu); !close(f.SquareRootBeta, beta, 1e-12) {
					t.Errorf("%q square-root beta %v, want %v", f.Year, f.SquareRootBeta, beta)
				}
				if f.SlotsNeeded != need || f.SlotsNeededTightest != need || !close(f.FTENeeded, float64(need)/22, 1e-12) {
					t.Errorf("%q slots needed %d (tightest %d, %v FTE), want %d", f.Year, f.SlotsNeeded, f.SlotsNeededTightest, f.FTENeeded, need)
				}
			}
			ch := th.Check
			if ch == nil || ch.Measure != "share_referred_within_target" || ch.Disagrees || ch.Note != "" {
				t.Fatalf("check %+v, want an agreeing comparison of the share within target", ch)
			}
			t.Logf("within target: simulated %.4f ± %.4f, closed form %.4f; gave up simulated %.4f, closed form %.4f; "+
				"mean wait simulated %.3f, closed form %.3f", float64(ch.Simulated.Mean), ch.Simulated.HalfWidth(), within,
				float64(th.Period.Simulated.GaveUp), gaveUp, float64(th.Period.Simulated.MeanWait), wait)
			// Tighter than the finding's rule: the closed form lies within
			// the interval and half a point.
			if math.Abs(float64(ch.Gap)) > ch.Simulated.HalfWidth()+0.005 {
				t.Errorf("simulated %v and closed form %v differ by more than the interval %v", ch.Simulated.Mean, within, ch.Simulated.HalfWidth())
			}
			if !close(th.Period.Simulated.MeanWait, wait, 0.1*wait+0.05) || !close(th.Period.Simulated.GaveUp, gaveUp, 0.01) {
				t.Errorf("simulated mean wait %v, gave up %v; closed form %v, %v", th.Period.Simulated.MeanWait, th.Period.Simulated.GaveUp, wait, gaveUp)
			}
			run.Lots[0].Theory = th
			for _, f := range RunFindings(run, m) {
				if f.Kind == KindTheoryDisagrees {
					t.Errorf("finding %q on a model that meets the closed form's assumptions", f.Text)
				}
			}
		})
	}
}

// TestTheoryErlangB checks a refuge that turns people away, with declined
// offers, against Erlang B of the thinned load.
func TestTheoryErlangB(t *testing.T) {
	t.Parallel()
	m := queueModel(10, 0.5, 1.0/30, 0, 0)
	m.Lots[0].Mode = lotting.Beds
	m.Lots[0].DeclinedShare = 0.2
	m.Lots[0].Service = lotting.Distribution{Kind: lotting.Gamma, Mean: 30, SD: 10} // Erlang B is insensitive to it
	run, lr := runLot(t, m, 10)
	th := NewTheory(m, 0, run.Years, &lr, 0)
	if th == nil || th.Model != ModelErlangB {
		t.Fatalf("theory %+v, want erlang_b", th)
	}
	b := queueing.ErlangB(10, 0.5*0.8*30)
	if !close(th.Period.TurnedAway, b, 1e-12) {
		t.Errorf("turned away %v, want %v", th.Period.TurnedAway, b)
	}
	if len(th.Departures) != 0 {
		t.Errorf("departures %q, want none (Erlang B does not care how stays spread)", th.Departures)
	}
	if ch := th.Check; ch == nil || ch.Measure != "turned_away_share" || ch.Disagrees {
		t.Errorf("check %+v, want an agreeing share turned away", ch)
	}
	if !math.IsNaN(float64(th.Period.FTENeeded)) {
		t.Errorf("FTE needed %v for beds, want none", th.Period.FTENeeded)
	}
}

// TestTheoryDepartures lists the departures of a lot that breaks the
// closed form's assumptions, and none for group work (no closed form).
func TestTheoryDepartures(t *testing.T) {
	t.Parallel()
	m := queueModel(12, 2, 0.2, 0.05, 3)
	m.Lots[0].Service = lotting.Distribution{Kind: lotting.Lognormal, Mean: 5, SD: 2.5}
	m.Streams[0].RiskMix = [3]float64{0.5, 0.3, 0.2}
	m.Streams[0].RepeatRate = 0.1
	m.Lots[0].Slots = append(m.Lots[0].Slots, simulate.CapacityStep{At: 1500, Slots: 10})
	m.WarmUp = 0
	th := NewTheory(m, 0, []string{"a", "b"}, nil, 0)
	want := []string{"priorities", "non_exponential_service", "capacity_changes", "no_warm_up", "repeats"}
	if !slices.Equal(th.DepartureKinds, want) {
		t.Errorf("departure kinds %q, want %q", th.DepartureKinds, want)
	}
	found := false
	for _, d := range th.Departures {
		if d == "case lengths are lognormal with a coefficient of variation of 0.50, not exponential (1), and "+
			"less variable case lengths give shorter waits than the closed form" {
			found = true
		}
	}
	if !found {
		t.Errorf("departures %q lack the lognormal case length", th.Departures)
	}
	if th.Years[1].Slots != 11 { // 10 from day 1500 of the year from 1000 to 2000
		t.Errorf("year 2 slots %d, want the time average 11", th.Years[1].Slots)
	}
	if th.Check != nil {
		t.Errorf("check %+v without a simulation", th.Check)
	}
	m.Lots[0].Mode = lotting.GroupWork
	if th := NewTheory(m, 0, nil, nil, 0); th != nil {
		t.Errorf("group work has theory %+v, want none", th)
	}
}

// TestTheoryDisagrees feeds the theory a simulated result far from its
// closed form: the finding fires, naming the gap; a modest gap with
// departures does not.
func TestTheoryDisagrees(t *testing.T) {
	t.Parallel()
	m := queueModel(12, 2, 0.2, 0, 3)
	cf := NewTheory(m, 0, []string{"a", "b"}, nil, 0).Period.WithinTargetAll
	lot := func(share float64) LotResult {
		return LotResult{Name: "casework", Mode: "casework", Cells: []CellResult{{
			Referrals:            Estimate{Mean: 4000, Lo: 3950, Hi: 4050, N: 20},
			ReferredWithinTarget: Estimate{Mean: Float(share), Lo: Float(share - 0.01), Hi: Float(share + 0.01), N: 20},
		}}}
	}
	tests := []struct {
		name       string
		share      float64
		departures bool
		want       bool
		reason     string
	}{
		{"far off", float64(cf) - 0.3, false, true, "30 points beyond a 1-point interval"},
		{"just beyond", float64(cf) - 0.025, false, true, "2.5 points: more than the interval (1) and 1 point"},
		{"within", float64(cf) - 0.015, false, false, "1.5 points: within the interval and 1 point"},
		{"departures, modest", float64(cf) - 0.08, true, false, "8 points: within the 10 points allowed for departures"},
		{"departures, far", float64(cf) - 0.3, true, true, "30 points: beyond even the departures' allowance"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mm := queueModel(12, 2, 0.2, 0, 3)
			if tc.departures {
				mm.Lots[0].Service = lotting.Distribution{Kind: lotting.Lognormal, Mean: 5, SD: 2.5}
			}
			l := lot(tc.share)
			l.Theory = NewTheory(mm, 0, []string{"a", "b"}, &l, 0)
			run := &Run{Replications: 20, Years: []string{"a", "b"}, Lots: []LotResult{l}}
			var got []RunFinding
			for _, f := range RunFindings(run, mm) {
				if f.Kind == KindTheoryDisagrees {
					got = append(got, f)
				}
			}
			if (len(got) > 0) != tc.want || l.Theory.Check.Disagrees != tc.want {
				t.Fatalf("theory_disagrees %v (check %+v), want %v: %s", got, l.Theory.Check, tc.want, tc.reason)
			}
			if len(got) > 0 {
				t.Log(got[0].Text)
			}
		})
	}
}

// TestArrivalRates checks the arrival rate against a hand sum: two
// streams, a risk mix, routes to two lots and to self-serve, front-door
// self-serve and repeats.
func TestArrivalRates(t *testing.T) {
	t.Parallel()
	m := &simulate.Model{
		Horizon: 10,
		Streams: []simulate.Stream{
			{Group: lotting.Victim, RatePerDay: []float64{1, 2, 3, 4}, RiskMix: [3]float64{0.5, 0.3, 0.2}, RepeatRate: 0.1},
			{Group: lotting.Victim, Rate: 2, RiskMix: [3]float64{0.6, 0.4, 0}},
		},
		Route:     [][3]int{{0, 0, 1}, {0, -1, 0}},
		FrontDoor: &simulate.FrontDoor{Handlers: 1, HandlingTime: lotting.FixedValue(0), SelfServe: [3]float64{0.2, 0.5, 0}},
		Lots:      []simulate.Lot{{Name: "a"}, {Name: "b"}},
	}
	tests := []struct {
		name     string
		lot      int
		from, to float64
		want     [3]float64
		reason   string
	}{
		// Stream 1 over days 1 and 2: (2+3)/2 = 2.5 a day, x 1.1 with
		// repeats = 2.75. Standard: 2.75 x 0.5 x 0.8 + 2 x 0.6 x 0.8 =
		// 1.1 + 0.96; medium: 2.75 x 0.3 x 0.5 (stream 2's medium
		// self-serves); high goes to lot 1.
		{"lot a, days 1-2", 0, 1, 3, [3]float64{2.06, 0.4125, 0}, "hand sum"},
		{"lot b, days 1-2", 1, 1, 3, [3]float64{0, 0, 0.55}, "2.75 x 0.2, high risk never self-serves"},
		// Half days: (0.5 x 1 + 2 + 0.5 x 3) / 2 = 2 a day, x 1.1.
		{"lot b, half days", 1, 0.5, 2.5, [3]float64{0, 0, 2.2 * 0.2}, "days weighted by the part inside"},
		{"lot b, past the end", 1, 6, 9, [3]float64{0, 0, 4 * 1.1 * 0.2}, "the last day's rate holds beyond"},
		{"empty window", 0, 3, 3, [3]float64{}, "no length"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := ArrivalRates(m, tc.lot, tc.from, tc.to)
			for r := range got {
				if math.Abs(got[r]-tc.want[r]) > 1e-12 {
					t.Errorf("ArrivalRates = %v, want %v (%s)", got, tc.want, tc.reason)
					break
				}
			}
		})
	}
}

// TestArrivalRatesSameEveryCall checks that a lot's rate, summed over
// client groups, has the same bits on every call: summed in a map's random
// order it did not (0.1 + 0.2 + 0.3 depends on the order of the sums), so
// one run of a scenario reported 25.42341841298412 referrals a day and the
// next 25.423418412984127. The groups are summed in the order of
// lotting.ClientGroups whatever the order of the streams.
func TestArrivalRatesSameEveryCall(t *testing.T) {
	t.Parallel()
	m := &simulate.Model{
		Horizon: 10,
		Streams: []simulate.Stream{
			{Group: lotting.Perpetrator, Rate: 0.3, RiskMix: [3]float64{1, 0, 0}},
			{Group: lotting.Victim, Rate: 0.1, RiskMix: [3]float64{1, 0, 0}},
			{Group: lotting.ChildFamily, Rate: 0.2, RiskMix: [3]float64{1, 0, 0}},
		},
		Route: [][3]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
		Lots:  []simulate.Lot{{Name: "a"}},
	}
	v, c, p := 0.1, 0.2, 0.3 // variables: constant sums would be exact
	want := (v + c) + p      // victim, child and family, perpetrator
	if want == v+(c+p) {
		t.Fatal("the test's rates do not make the order of the sum matter")
	}
	for range 200 {
		if got := ArrivalRates(m, 0, 0, 10)[0]; got != want {
			t.Fatalf("ArrivalRates = %v, want %v, the groups summed in the order of lotting.ClientGroups", got, want)
		}
	}
}
