package simulate

import (
	"fmt"
	"slices"

	"github.com/lotsim/lotsim/funding"
)

// engines hands each replication the engine to run it on: one engine per
// worker for the run's model, or, with Options.ModelFor, an engine built
// for that replication's own model. It belongs to one goroutine.
type engines struct {
	base  *plan
	e     *engine // the worker's engine for the base model, made on first use
	opt   *Options
	lim   limit
	trace func(TraceEvent)
}

func newEngines(p *plan, opt *Options, lim limit, trace func(TraceEvent)) *engines {
	return &engines{base: p, opt: opt, lim: lim, trace: trace}
}

// get returns the engine for replication rep. With Options.ModelFor the
// model is compiled afresh (its plan and engine), which allocates once per
// replication, never per event.
func (x *engines) get(rep int) (*engine, error) {
	if x.opt.ModelFor == nil {
		if x.e == nil {
			x.e = newEngine(x.base)
			x.e.lim = x.lim
			x.e.trace = x.trace
		}
		return x.e, nil
	}
	m, err := x.opt.ModelFor(rep)
	if err != nil {
		return nil, fmt.Errorf("%w: Options.ModelFor(%d): %w", ErrBadOptions, rep, err)
	}
	p, err := newPlan(m)
	if err != nil {
		return nil, fmt.Errorf("%w: Options.ModelFor(%d) gave a model the engine cannot run: %w", ErrBadOptions, rep, err)
	}
	if err := sameShape(x.base, p); err != nil {
		return nil, fmt.Errorf("%w: Options.ModelFor(%d) gave a model of another shape than the run's: %s", ErrBadOptions, rep, err)
	}
	e := newEngine(p)
	e.lim = x.lim
	e.trace = x.trace
	return e, nil
}

// sameShape says how q differs from p in what the results are laid out by
// or reported with (lots, their names, delivery, target shares and costs,
// streams, areas, contract years, horizon, waiting-list samples, front
// door), or returns nil if it does not. Rates, case lengths, patience,
// capacity and the other figures may differ.
func sameShape(p, q *plan) error {
	a, b := p.m, q.m
	switch {
	case len(a.Lots) != len(b.Lots):
		return fmt.Errorf("%d lots, not %d", len(b.Lots), len(a.Lots))
	case p.frontDoor != q.frontDoor:
		return fmt.Errorf("front door %t, not %t", b.FrontDoor != nil, a.FrontDoor != nil)
	case len(a.Streams) != len(b.Streams):
		return fmt.Errorf("%d streams, not %d", len(b.Streams), len(a.Streams))
	case !slices.Equal(a.Areas, b.Areas) || p.nA != q.nA:
		return fmt.Errorf("areas %q, not %q", b.Areas, a.Areas)
	case !slices.Equal(p.yearStarts, q.yearStarts) || p.nY != q.nY:
		return fmt.Errorf("contract years starting on days %v, not %v", q.yearStarts, p.yearStarts)
	case a.Horizon != b.Horizon:
		return fmt.Errorf("a horizon of %v days, not %v", b.Horizon, a.Horizon)
	case p.nSamples != q.nSamples || p.sampleEvery != q.sampleEvery:
		return fmt.Errorf("waiting lists sampled every %v days, not %v", q.sampleEvery, p.sampleEvery)
	case !slices.Equal(p.targetShare, q.targetShare):
		return fmt.Errorf("target shares %v, not %v", q.targetShare, p.targetShare)
	}
	for i := range a.Streams {
		sa, sb := &a.Streams[i], &b.Streams[i]
		if sa.Area != sb.Area || sa.Group != sb.Group {
			return fmt.Errorf("stream Streams[%d] is area %d, %v, not area %d, %v", i, sb.Area, sb.Group, sa.Area, sa.Group)
		}
	}
	for i := range a.Lots {
		la, lb := &a.Lots[i], &b.Lots[i]
		if la.Name != lb.Name || la.Mode != lb.Mode {
			return fmt.Errorf("lot Lots[%d] is %q (%v), not %q (%v)", i, lb.Name, lb.Mode, la.Name, la.Mode)
		}
		if !slices.EqualFunc(la.Cost, lb.Cost, func(x, y funding.Money) bool { return x.Equal(y) }) {
			return fmt.Errorf("lot Lots[%d] (%s) costs %v, not %v", i, la.Name, lb.Cost, la.Cost)
		}
	}
	return nil
}
