package simulate

import (
	"context"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/lotting"
)

// mm1Impatient is an M/M/1 queue (lambda 0.9, mu 1 a day) whose people
// give up after an exponential patience of mean 20 days and drop out of
// 10% of cases, after a 100-day warm-up: every kind of exit a lot without
// a front door has.
func mm1Impatient() *Model {
	m := mmcModel(1, 0.9, 1, 2000, 100)
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
		Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 20}, DropOut: 0.1}}
	return m
}

// traceCounts are one replication's counts from the trace, over the
// reported period (times from 0 on), for lot 0.
type traceCounts struct {
	referrals, starts, gaveUp, completions, droppedOut float64
	waitSum                                            float64
}

// TestTraceMatchesResults checks, replication by replication, that the
// trace's referrals, starts, people giving up, completions and drop-outs
// over the reported period are the Results' counts exactly, and that the
// waits the trace gives (start time less referral time) have the Results'
// mean wait.
func TestTraceMatchesResults(t *testing.T) {
	t.Parallel()
	m := mm1Impatient()
	const reps = 5
	got := make([]traceCounts, reps)
	referred := map[int32]float64{} // person -> referral time
	opt := Options{Seed: 11, Replications: reps, Workers: 2}
	opt.Trace = func(ev TraceEvent) {
		c := &got[ev.Replication]
		switch ev.Kind {
		case TraceReferred:
			referred[ev.Person] = ev.Time
		case TraceStarted:
			if ev.Time >= 0 {
				c.starts++
				c.waitSum += ev.Time - referred[ev.Person]
			}
		}
		if ev.Time < 0 {
			return
		}
		switch ev.Kind {
		case TraceReferred:
			c.referrals++
		case TraceGaveUp:
			c.gaveUp++
		case TraceCompleted:
			c.completions++
		case TraceDroppedOut:
			c.droppedOut++
		}
	}
	seen := 0
	opt.Replication = func(i int, r *Replication) {
		seen++
		c := got[i]
		val := func(metric Metric) float64 {
			v, _ := r.Value(0, AllYears, AllAreas, AllRisks, metric)
			return v
		}
		for _, x := range []struct {
			name      string
			got, want float64
		}{
			{"referrals", c.referrals, val(Referrals)},
			{"starts", c.starts, val(Starts)},
			{"gave up", c.gaveUp, val(Disengaged)},
			{"completions", c.completions, val(Completions)},
			{"dropped out", c.droppedOut, val(DroppedOut)},
		} {
			if x.got != x.want || x.got == 0 {
				t.Errorf("replication %d: %s: trace %v, Results %v (want equal, above 0)", i, x.name, x.got, x.want)
			}
		}
		mean := c.waitSum / c.starts
		if want := val(WaitMean); math.Abs(mean-want) > 1e-9*want {
			t.Errorf("replication %d: mean wait from the trace %v, Results %v", i, mean, want)
		}
	}
	if _, err := Run(context.Background(), m, opt); err != nil {
		t.Fatal(err)
	}
	if seen != reps {
		t.Errorf("%d replications merged, want %d", seen, reps)
	}
}

// TestTraceOrder follows every person of the full model (front door with
// self-serve, casework with patience and drop-out, group work, a refuge
// that turns people away and whose offers are declined, inherited people
// and a warm-up) through the trace: each person's events must come in an
// order the engine allows, with the same stream, area, group, risk and
// repeat flag throughout, times must never go back within a replication,
// and replications must come in order.
func TestTraceOrder(t *testing.T) {
	t.Parallel()
	m := fullModel()
	fd := len(m.Lots)
	type person struct {
		state int // 1 at the front door, 2 waiting at a lot, 3 in service, 4 referred nowhere
		lot   int
		first TraceEvent
	}
	const (
		atDoor = iota + 1
		atLot
		inService
		nowhere
	)
	live := map[int32]*person{}
	kinds := map[TraceKind]int{}
	rep, last := 0, math.Inf(-1)
	fails := 0
	fail := func(ev TraceEvent, format string, args ...any) {
		t.Helper()
		if fails++; fails <= 10 {
			t.Errorf("replication %d, person %d, %v at %.3f: "+format, append([]any{ev.Replication, ev.Person, ev.Kind, ev.Time}, args...)...)
		}
	}
	opt := Options{Seed: 5, Replications: 3}
	opt.Trace = func(ev TraceEvent) {
		kinds[ev.Kind]++
		if ev.Replication != rep {
			if ev.Replication != rep+1 {
				fail(ev, "replication after %d", rep)
			}
			rep, last = ev.Replication, math.Inf(-1)
			clear(live)
		}
		if ev.Time < last {
			fail(ev, "time goes back from %.3f", last)
		}
		last = ev.Time
		p := live[ev.Person]
		switch ev.Kind {
		case TraceReferred, TraceInherited:
			if p != nil {
				fail(ev, "person already in the system since %v", p.first.Kind)
			}
			p = &person{first: ev, lot: ev.Lot}
			live[ev.Person] = p
			switch {
			case ev.Kind == TraceInherited && ev.Waiting:
				p.state = atLot
			case ev.Kind == TraceInherited:
				p.state = inService
			case ev.Lot == fd:
				p.state = atDoor
			case ev.Lot == -1:
				p.state = nowhere
			default:
				p.state = atLot
			}
			return
		}
		if p == nil {
			fail(ev, "not in the system")
			return
		}
		f := p.first
		if ev.Stream != f.Stream || ev.Area != f.Area || ev.Group != f.Group || ev.Risk != f.Risk || ev.Repeat != f.Repeat {
			fail(ev, "person's details changed from %+v to %+v", f, ev)
		}
		want := map[TraceKind][]int{
			TraceRouted: {atDoor}, TraceReferredOn: {atDoor, nowhere},
			TraceStarted: {atLot}, TraceGaveUp: {atLot}, TraceTurnedAway: {atLot}, TraceDeclined: {atLot},
			TraceCompleted: {inService}, TraceDroppedOut: {inService},
		}[ev.Kind]
		ok := false
		for _, s := range want {
			ok = ok || s == p.state
		}
		if !ok {
			fail(ev, "in state %d, want one of %v", p.state, want)
		}
		if ev.Kind != TraceReferredOn && ev.Kind != TraceRouted && ev.Lot != p.lot {
			fail(ev, "at lot %d, want %d", ev.Lot, p.lot)
		}
		switch ev.Kind {
		case TraceRouted:
			p.state, p.lot = atLot, ev.Lot
		case TraceStarted:
			p.state = inService
		default:
			delete(live, ev.Person)
		}
	}
	if _, err := Run(context.Background(), m, opt); err != nil {
		t.Fatal(err)
	}
	t.Logf("events by kind: %v", kinds)
	for k := TraceReferred; k <= TraceDeclined; k++ {
		if kinds[k] == 0 {
			t.Errorf("no %v events: the test does not exercise them", k)
		}
	}
}

// TestTraceKeepsResults checks that a traced run gives the results of an
// untraced one bit for bit, whatever the untraced run's workers.
func TestTraceKeepsResults(t *testing.T) {
	t.Parallel()
	m := fullModel()
	plain, err := Run(context.Background(), m, Options{Seed: 3, Replications: 4, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	traced, err := Run(context.Background(), m, Options{Seed: 3, Replications: 4, Workers: 2, Trace: func(TraceEvent) { n++ }})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("the trace was never called")
	}
	if d := cmp.Diff(digest(plain), digest(traced)); d != "" {
		t.Errorf("traced results differ (-untraced +traced):\n%s", d)
	}
}

func TestTraceKindString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		k    TraceKind
		want string
	}{
		{TraceReferred, "referred"}, {TraceDroppedOut, "dropped_out"}, {TraceDeclined, "declined"},
		{0, "TraceKind(0)"}, {TraceDeclined + 1, "TraceKind(11)"},
	} {
		if got := tc.k.String(); got != tc.want {
			t.Errorf("TraceKind(%d).String() = %q, want %q", int(tc.k), got, tc.want)
		}
	}
}
