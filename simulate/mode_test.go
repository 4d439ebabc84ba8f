package simulate

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
)

// modeModel is one lot fed by a perpetrator stream of rate 0 that starts
// with waiting people on its list, delivering first in mode, with both a
// case length and a group programme.
func modeModel(mode lotting.Delivery, waiting int, caseDays float64, g GroupSettings, slots []CapacityStep, modes []ModeStep, horizon float64) *Model {
	return &Model{
		Horizon: horizon, SampleEvery: -1,
		Streams: []Stream{{Group: lotting.Perpetrator, Rate: 0, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []Lot{{Name: "perpetrators", Mode: mode, Slots: slots, Modes: modes, Waiting: waiting,
			Service: lotting.FixedValue(caseDays), Group: g}},
	}
}

// traceTimes runs m once and returns the sorted times of its starts and
// completions, with the run's results.
func traceTimes(t *testing.T, m *Model) (starts, ends []float64, res *Results) {
	t.Helper()
	res, err := Run(context.Background(), m, Options{Seed: 1, Replications: 1, Trace: func(ev TraceEvent) {
		switch ev.Kind {
		case TraceStarted:
			starts = append(starts, ev.Time)
		case TraceCompleted:
			ends = append(ends, ev.Time)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(starts)
	slices.Sort(ends)
	return starts, ends, res
}

// TestModeSwitchByHand follows people inherited on the waiting list of a
// lot whose stream sends nobody, through switches of delivery, by hand.
func TestModeSwitchByHand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		m          *Model
		starts     []float64
		ends       []float64
		waitMean   float64
		util       float64 // utilisation of the delivery in force; NaN: not checked
		reason     string
		completion int
	}{
		{
			name: "group to 1:1",
			m: modeModel(lotting.GroupWork, 5, 5,
				GroupSettings{CohortSize: 2, MinToStart: 1, Weeks: 2, StartEvery: 7},
				[]CapacityStep{{At: 0, Slots: 1}, {At: 10, Slots: 2}},
				[]ModeStep{{At: 10, Mode: lotting.Casework}}, 30),
			// Day 0: a cohort takes A and B to day 14; day 7: no free cohort
			// slot; day 10: 1:1 with 2 slots, C and D start (to day 15), the
			// running cohort holds no case slot and runs on to day 14; day
			// 14: the grid of cohort starts stops; day 15: E starts, to 20.
			starts: []float64{0, 0, 10, 10, 15}, ends: []float64{14, 14, 15, 15, 20},
			waitMean: (0 + 0 + 10 + 10 + 15) / 5.0,
			// Slot-days in use: cohort 1 of 1 for 10 days, then cases 2 of 2
			// for 5 days and 1 of 2 for 5, 0 of 2 for 10: (10+10+5)/(10+10+10+20).
			util:   25.0 / 50,
			reason: "waiting people move to the 1:1 list in order; the cohort runs to its end outside the case slots",
		},
		{
			name: "group to 1:1 converting the running cohort",
			m: modeModel(lotting.GroupWork, 5, 5,
				GroupSettings{CohortSize: 3, MinToStart: 1, Weeks: 2, StartEvery: 7},
				[]CapacityStep{{At: 0, Slots: 1}, {At: 10, Slots: 2}},
				[]ModeStep{{At: 10, Mode: lotting.Casework, Convert: true}}, 30),
			// Day 0: a cohort takes A, B and C to day 14; day 10: 1:1 with 2
			// slots, and A, B and C become cases holding 3 of them (one over),
			// so D and E wait; day 14: A, B and C end, D and E start as slots
			// free, to day 19.
			starts: []float64{0, 0, 0, 14, 14}, ends: []float64{14, 14, 14, 19, 19},
			waitMean: (0 + 0 + 0 + 14 + 14) / 5.0,
			// Cohort 1 of 1 for 10 days; then 2 of 2 case slots (3 held, one
			// above capacity, integrated apart) for 4 days and 2 of 2 for 5;
			// 0 of 2 for 11: (10+8+10)/(10+8+10+22).
			util:   28.0 / 50,
			reason: "converted members hold case slots until their programme would have ended",
		},
		{
			name: "1:1 to group",
			m: modeModel(lotting.Casework, 4, 10,
				GroupSettings{CohortSize: 3, MinToStart: 1, Weeks: 1, StartEvery: 7},
				[]CapacityStep{{At: 0, Slots: 1}, {At: 15, Slots: 1}},
				[]ModeStep{{At: 15, Mode: lotting.GroupWork}}, 30),
			// Day 0: A's case to day 10; day 10: B's case to day 20; day 15:
			// group work, B's case runs on; the next start on the grid 0, 7,
			// 14, 21 is day 21: C and D, to day 28.
			starts: []float64{0, 10, 21, 21}, ends: []float64{10, 20, 28, 28},
			waitMean: (0 + 10 + 21 + 21) / 4.0,
			// Case slot busy 15 of 15 days; then cohorts: 0 of 1 from 15 to
			// 21, 1 of 1 from 21 to 28, 0 of 1 to 30: (15+7)/30.
			util:   22.0 / 30,
			reason: "open cases run to their end; waiting people wait for the next cohort on the grid",
		},
		{
			name: "group to 1:1 and back while a cohort runs",
			m: modeModel(lotting.GroupWork, 6, 3,
				GroupSettings{CohortSize: 2, MinToStart: 1, Weeks: 4, StartEvery: 7},
				[]CapacityStep{{At: 0, Slots: 1}, {At: 5, Slots: 1}, {At: 9, Slots: 1}},
				[]ModeStep{{At: 5, Mode: lotting.Casework}, {At: 9, Mode: lotting.GroupWork}}, 60),
			// Day 0: a cohort takes A and B to day 28; day 5: 1:1, C to day
			// 8; day 8: D to day 11; day 9: groups again, and the cohort
			// still running holds the one cohort slot, so days 14 and 21 start
			// nothing; day 28: it ends and E and F start, to day 56.
			starts: []float64{0, 0, 5, 8, 28, 28}, ends: []float64{8, 11, 28, 28, 56, 56},
			waitMean: (0 + 0 + 5 + 8 + 28 + 28) / 6.0,
			util:     math.NaN(),
			reason:   "units of a delivery count against its capacity again when the lot switches back",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			starts, ends, res := traceTimes(t, tt.m)
			if diff := cmp.Diff(tt.starts, starts); diff != "" {
				t.Errorf("start times (-want +got):\n%s\n%s", diff, tt.reason)
			}
			if diff := cmp.Diff(tt.ends, ends); diff != "" {
				t.Errorf("completion times (-want +got):\n%s\n%s", diff, tt.reason)
			}
			c := res.Cell(0, AllYears, AllAreas, AllRisks)
			if got := c.Metric(WaitMean).Mean(); math.Abs(got-tt.waitMean) > 1e-9 {
				t.Errorf("mean wait %v, want %v", got, tt.waitMean)
			}
			if got := c.Metric(Completions).Mean(); got != float64(len(tt.ends)) {
				t.Errorf("completions %v, want %v", got, len(tt.ends))
			}
			if got := c.Metric(Utilisation).Mean(); !math.IsNaN(tt.util) && math.Abs(got-tt.util) > 1e-9 {
				t.Errorf("utilisation %v, want %v", got, tt.util)
			}
		})
	}
}

// TestModeSwitchErlangC: a group lot that switches to 1:1 on day 30 and
// stays 1:1 is an M/M/c queue from then on. Contract year 1 starts on day
// 1000, long after the queue left by the group period has relaxed
// (relaxation time about 1/(mu(1-sqrt(rho))^2) = 240 days here), so the
// mean wait of its starts is Erlang C's C(c,a)/(c mu - lambda). People
// keep a long patience-free wait, so conservation is checked across the
// switch in every replication (Run fails otherwise).
func TestModeSwitchErlangC(t *testing.T) {
	t.Parallel()
	const (
		c      = 8
		lambda = 1.2 // referrals a day
		mu     = 0.2 // 1 / mean case length of 5 days: rho = 0.75
	)
	m := &Model{
		Horizon: 6000, SampleEvery: -1, YearStarts: []float64{0, 1000},
		Streams: []Stream{{Group: lotting.Perpetrator, Rate: lambda, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []Lot{{Name: "perpetrators", Mode: lotting.GroupWork,
			Slots:   []CapacityStep{{At: 0, Slots: 1}, {At: 30, Slots: c}},
			Modes:   []ModeStep{{At: 30, Mode: lotting.Casework}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 1 / mu},
			Group:   GroupSettings{CohortSize: 10, MinToStart: 4, Weeks: 12, StartEvery: 14}}},
	}
	var s, u stats.Summary
	for r := range 20 {
		res, err := Run(context.Background(), m, Options{Seed: 40 + uint64(r), Replications: 1})
		if err != nil {
			t.Fatal(err)
		}
		cell := res.Cell(0, 1, AllAreas, AllRisks)
		s.Add(cell.Metric(WaitMean).Mean())
		u.Add(cell.Metric(Utilisation).Mean())
	}
	within(t, "mean wait in the 1:1 period", s, mmcWait(c, lambda, mu), seTolerance)
	within(t, "utilisation in the 1:1 period", u, lambda/(c*mu), seTolerance)
}

// TestModeValidate checks the errors for impossible changes of delivery.
func TestModeValidate(t *testing.T) {
	t.Parallel()
	g := GroupSettings{CohortSize: 2, Weeks: 2, StartEvery: 7}
	tests := []struct {
		name  string
		mode  lotting.Delivery
		slots []CapacityStep
		modes []ModeStep
		want  string // "" for valid
	}{
		{"valid", lotting.GroupWork, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.Casework}}, ""},
		{"no step at the switch", lotting.GroupWork, []CapacityStep{{Slots: 1}}, []ModeStep{{At: 10, Mode: lotting.Casework}},
			"Lots[0] (perpetrators).Modes[0].At: needs a capacity step with Probability 0 at the same time 10"},
		{"only an uncertain step", lotting.GroupWork, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4, Probability: 0.5}}, []ModeStep{{At: 10, Mode: lotting.Casework}},
			"needs a capacity step with Probability 0"},
		{"same mode", lotting.GroupWork, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.GroupWork}},
			"Modes[0].Mode: is group already"},
		{"convert on a switch to group", lotting.Casework, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.GroupWork, Convert: true}},
			"Modes[0].Convert: converts running cohorts into 1:1 cases, so it needs a switch to casework"},
		{"beds", lotting.GroupWork, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.Beds}},
			"Modes[0].Mode: must be casework or group"},
		{"from beds", lotting.Beds, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.Casework}},
			"only casework and group lots change delivery"},
		{"at 0", lotting.GroupWork, []CapacityStep{{Slots: 1}}, []ModeStep{{At: 0, Mode: lotting.Casework}},
			"Modes[0].At: must be a finite time above 0"},
		{"not ascending", lotting.GroupWork, []CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.Casework}, {At: 10, Mode: lotting.GroupWork}},
			"Modes[1].At: must be a finite time above 0 and after the previous change"},
		{"NaN", lotting.GroupWork, []CapacityStep{{Slots: 1}}, []ModeStep{{At: math.NaN(), Mode: lotting.Casework}},
			"Modes[0].At: must be a finite time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := modeModel(tt.mode, 0, 5, g, tt.slots, tt.modes, 30)
			err := m.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrBadModel)):
				t.Errorf("Validate() = %v, want an ErrBadModel containing %q", err, tt.want)
			}
		})
	}
}

// TestModeCaseworkNeedsCaseLength: a group lot that switches to 1:1 needs
// a valid case length even though it starts as groups.
func TestModeCaseworkNeedsCaseLength(t *testing.T) {
	t.Parallel()
	m := modeModel(lotting.GroupWork, 0, 5, GroupSettings{CohortSize: 2, Weeks: 2, StartEvery: 7},
		[]CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.Casework}}, 30)
	m.Lots[0].Service = lotting.Distribution{}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), ".Service") {
		t.Errorf("Validate() = %v, want an error on Service", err)
	}
	m = modeModel(lotting.Casework, 0, 5, GroupSettings{},
		[]CapacityStep{{Slots: 1}, {At: 10, Slots: 4}}, []ModeStep{{At: 10, Mode: lotting.GroupWork}}, 30)
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), ".Group.CohortSize") {
		t.Errorf("Validate() = %v, want an error on Group", err)
	}
}

// TestModeSwitchConservation switches busy lots (closed and rolling
// groups, with patience, drop-out, engagement, stretch and inherited
// people) back and forth many times, including at cohort start dates and
// while cohorts and cases run: every replication must pass the engine's
// conservation check, and at the horizon of each the case slots in use
// (busy while the lot is casework, other while it runs groups) must equal
// the people in service as cases, counted one by one.
func TestModeSwitchConservation(t *testing.T) {
	t.Parallel()
	patience := lotting.Distribution{Kind: lotting.Exponential, Mean: 20}
	for _, rolling := range []bool{false, true} {
		g := GroupSettings{CohortSize: 8, MinToStart: 2, Weeks: 6, StartEvery: 14, FirstStart: 3}
		if rolling {
			g.Rolling, g.JoinUntilWeek = true, 3
		}
		var slots []CapacityStep
		var modes []ModeStep
		slots = append(slots, CapacityStep{Slots: 2})
		mode := lotting.GroupWork
		for k, at := range []float64{17, 45, 59, 60, 100, 101, 150, 213, 280, 281} {
			if mode == lotting.GroupWork {
				mode = lotting.Casework
				slots = append(slots, CapacityStep{At: at, Slots: 6 + k%3, MaxSlots: 9})
			} else {
				mode = lotting.GroupWork
				slots = append(slots, CapacityStep{At: at, Slots: 1 + k%2})
			}
			modes = append(modes, ModeStep{At: at, Mode: mode, Convert: mode == lotting.Casework && k%4 == 2})
		}
		m := &Model{
			Horizon: 330, WarmUp: 30, SampleEvery: 7, YearStarts: []float64{0, 90, 200},
			Streams: []Stream{{Group: lotting.Perpetrator, Rate: 0.6, RiskMix: [3]float64{0.5, 0.3, 0.2}, RepeatRate: 0.1}},
			Route:   [][3]int{{0, 0, 0}},
			Lots: []Lot{{Name: "perpetrators", Mode: lotting.GroupWork, Slots: slots, Modes: modes, Group: g,
				Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 12}, Stretch: &Stretch{Factor: 1.5},
				Waiting: 10, OpenCases: 4,
				Disengagement: []Disengagement{{Group: lotting.Perpetrator, Patience: &patience, DropOut: 0.3, EngageEvery: 7, PatienceFactor: 2}}}},
		}
		p, err := newPlan(m)
		if err != nil {
			t.Fatal(err)
		}
		e := newEngine(p)
		for rep := range 50 {
			if rep == 25 { // end the rest on day 200, while the lot is casework
				m.Horizon, m.YearStarts = 200, []float64{0, 90}
				if p, err = newPlan(m); err != nil {
					t.Fatal(err)
				}
				e = newEngine(p)
			}
			rr := newRepResult(p)
			rr.reset()
			if err := e.run(context.Background(), 9, rep, rr); err != nil {
				t.Fatalf("rolling %v, replication %d: %v", rolling, rep, err)
			}
			cases := 0
			for _, cu := range e.cust {
				if (cu.state == stService || cu.state == stDropping) && cu.cohort == -1 {
					cases++
				}
			}
			s := &e.st[0]
			held := s.busy
			if s.mode == lotting.GroupWork {
				held = s.other
			}
			if held != cases || s.other < 0 || s.busy < 0 {
				t.Fatalf("rolling %v, replication %d (%v at the end): %d case slots held (busy %d, other %d), %d cases in service",
					rolling, rep, s.mode, held, s.busy, s.other, cases)
			}
		}
		m.Horizon, m.YearStarts = 330, []float64{0, 90, 200}
		res, err := Run(context.Background(), m, Options{Seed: 5, Replications: 200, Workers: 2})
		if err != nil {
			t.Fatalf("rolling %v: %v", rolling, err)
		}
		c := res.Cell(0, AllYears, AllAreas, AllRisks)
		if c.Metric(Starts).Mean() == 0 || c.Metric(Completions).Mean() == 0 {
			t.Errorf("rolling %v: no starts or completions: the test exercises nothing", rolling)
		}
		if u := c.Metric(Utilisation).Mean(); !(u >= 0 && u <= 1) {
			t.Errorf("rolling %v: utilisation %v, want within [0, 1]", rolling, u)
		}
	}
}
