package simulate

import (
	"context"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// TestNoAllocationsPerEvent checks that, once the engine's slices have
// grown to the sizes a replication needs, simulating further allocates
// nothing at all: not per event, not per customer. (This counts
// allocations, which is deterministic; speed is left to the benchmarks.)
// It is not parallel because AllocsPerRun counts every goroutine's
// allocations. The traced cases show that the trace hook (Options.Trace)
// allocates nothing either, with a consumer that does not.
func TestNoAllocationsPerEvent(t *testing.T) {
	var traced int
	count := func(TraceEvent) { traced++ }
	for _, tc := range []struct {
		name  string
		model *Model
		trace func(TraceEvent)
	}{
		{"M/M/10", mmcModel(10, 9, 1, 1e6, 0), nil},
		{"full model", func() *Model { m := fullModel(); m.Horizon, m.YearStarts = 1e6, nil; return m }(), nil},
		{"M/M/10 traced", mmcModel(10, 9, 1, 1e6, 0), count},
		{"M/M/10 inherited", func() *Model {
			m := mmcModel(10, 9, 1, 1e6, 0)
			m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
				Patience: &lotting.Distribution{Kind: lotting.Lognormal, Mean: 5, SD: 3}}}
			for k := range 40 {
				m.Lots[0].Inherited = append(m.Lots[0].Inherited, InheritedPerson{Waiting: k >= 10, Elapsed: float64(k % 7), Stream: -1})
			}
			return m
		}(), nil},
		{"full model traced", func() *Model { m := fullModel(); m.Horizon, m.YearStarts = 1e6, nil; return m }(), count},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := newPlan(tc.model)
			if err != nil {
				t.Fatal(err)
			}
			e := newEngine(p)
			e.trace = tc.trace
			rr := newRepResult(p)
			rr.reset()
			e.setup(1, 0, rr)
			ctx := context.Background()
			until := 3000.0
			if err := e.runUntil(ctx, until); err != nil { // grow the slab, queue, rings and histograms
				t.Fatal(err)
			}
			before := e.events
			allocs := testing.AllocsPerRun(20, func() {
				until += 25
				if err := e.runUntil(ctx, until); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("%d events, %d traced, %v allocations per run", e.events-before, traced, allocs)
			if allocs != 0 {
				t.Errorf("%v allocations per run of about %d events, want 0", allocs, (e.events-before)/21)
			}
		})
	}
}
