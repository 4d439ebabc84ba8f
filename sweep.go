package lotsim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// SweepOptions says what Sweep varies and measures. Results are named as
// [LOT:][RISK_risk_]METRIC: METRIC a simulate metric name or
// cost_per_completion, optionally after a risk level
// (Victims:high_risk_wait_p90); without a lot, every lot but the front
// door.
type SweepOptions struct {
	// Sim applies to every point. Seed is the scenario's unless given,
	// and every point uses it (common random numbers). Replications, or
	// the scenario's stopping rule, Horizon, Workers and MaxMemory apply
	// to each point. Progress and Replication must be nil: use Point.
	Sim SimOptions
	// Vary are grid ranges, PATH=FROM:TO:STEP or PATH=VALUE, in the
	// value's own unit (lots[Victims].service.caseworkers.fte=40:60:5);
	// Sweep simulates every combination, at most 200.
	Vary []string
	// Tornado are one-at-a-time ranges, PATH=LOW:HIGH: an end written
	// with a sign is added to the scenario's value (-1%:+1%), one written
	// xF multiplies it (x0.9:x1.1), any other is the value itself.
	Tornado []string
	// Metrics are the results of each grid point. None: the share of
	// referred people seen within target (for lots with targets), the
	// 90th percentile wait, the waiting list at the end, utilisation and
	// cost per completion of every lot but the front door.
	Metrics []string
	// Outcome is what the tornado measures. "": the share of referred
	// people seen within target at the first lot with targets, or the
	// first lot's 90th percentile wait if none has any. Without a lot,
	// the first lot's.
	Outcome string
	// Point, if not nil, is called before point i of n is simulated, with
	// a label: its settings ("PATH=VALUE, ...") or "the scenario's own
	// values". It returns a progress callback for that run, called as
	// SimOptions.Progress is, and a function called when the run ends,
	// well or not; either may be nil.
	Point func(i, n int, label string) (progress func(done, total int), end func())
}

// maxSweepPoints bounds the combinations of one sweep.
const maxSweepPoints = 200

// Sweep simulates scenario s with the values at each combination of
// opt.Vary (the grid) and, for opt.Tornado, once at the scenario's own
// values and once with each path at its low and at its high end. Every
// point uses the same seed. s must have been read by Load or Parse, since
// the values are set in its file as ApplyOverrides does.
//
// Date is today's, in UTC. The error wraps ErrOverride for a range or
// path that does not apply, or a point that makes the scenario invalid,
// and ErrCannotSimulate for an unknown result name or what Simulate
// would reject.
func Sweep(ctx context.Context, s *scenario.Scenario, opt SweepOptions) (*report.Sweep, error) {
	var data []byte
	if s != nil {
		data = s.Source()
	}
	if data == nil {
		return nil, fmt.Errorf("%w: Sweep needs a scenario read by Load or Parse", ErrCannotSimulate)
	}
	so := opt.Sim
	if so.Progress != nil || so.Replication != nil {
		return nil, fmt.Errorf("%w: Sweep sets SimOptions.Progress and Replication itself; leave them nil and use SweepOptions.Point", ErrCannotSimulate)
	}
	if len(opt.Vary) == 0 && len(opt.Tornado) == 0 {
		return nil, fmt.Errorf("%w: Sweep needs at least one Vary or Tornado range", scenario.ErrOverride)
	}
	seed := s.Simulation.Seed
	if so.Seed != nil {
		seed = *so.Seed
	}
	so.Seed = &seed // every point shares the seed, whatever it sets
	params, err := parseVary(opt.Vary)
	if err != nil {
		return nil, err
	}
	var sels []selector
	for _, m := range opt.Metrics {
		sel, err := parseSelector(m)
		if err != nil {
			return nil, &sweepError{"metric " + err.Error(), ErrCannotSimulate, nil}
		}
		sels = append(sels, sel)
	}
	var tps []report.TornadoParameter
	for _, spec := range opt.Tornado {
		path, rest, ok := scenario.SplitAssignment(spec)
		ends := strings.Split(rest, ":")
		if !ok || len(ends) != 2 {
			return nil, &sweepError{fmt.Sprintf("tornado %q: write PATH=LOW:HIGH, e.g. demand.streams[*].growth=-1%%:+1%%", spec), scenario.ErrOverride, nil}
		}
		tps = append(tps, report.TornadoParameter{Path: path, Low: strings.TrimSpace(ends[0]), High: strings.TrimSpace(ends[1])})
	}
	if opt.Outcome != "" {
		if _, err := parseSelector(opt.Outcome); err != nil {
			return nil, &sweepError{"outcome " + err.Error(), ErrCannotSimulate, nil}
		}
	}

	out := &report.Sweep{Scenario: s.Name, File: s.File, SHA256: s.SHA256, Seed: seed, Version: Version,
		Date: time.Now().UTC().Format("2006-01-02"), Vary: params, Points: []report.SweepPoint{}}
	grid := combinations(params)
	r := &pointRunner{ctx: ctx, s: s, data: data, so: so, point: opt.Point, points: len(grid)}
	if len(tps) > 0 {
		r.points += 1 + 2*len(tps)
	}

	var first *SimResult
	for _, settings := range grid {
		var ovs []scenario.Override
		var labels []string
		for _, st := range settings {
			ovs = append(ovs, scenario.Override{Path: st.Path, Value: st.Value})
			labels = append(labels, st.Path+"="+st.Value)
		}
		res, err := r.run(strings.Join(labels, ", "), ovs)
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = res
		}
		pt := report.SweepPoint{Settings: settings}
		for _, sel := range sweepSelectors(res, sels) {
			lot, _ := res.LotIndex(sel.lot)
			pt.Results = append(pt.Results, report.SweepResult{Lot: sel.lot, Risk: riskText(sel.risk), ClientGroup: report.AllGroups, Metric: sel.metric, Estimate: measure(res, sel, lot)})
		}
		out.Points = append(out.Points, pt)
	}

	if len(tps) > 0 {
		var sel selector
		t, base, err := r.tornado(tps, func(base *SimResult) ([]selector, error) {
			outcome := opt.Outcome
			if outcome == "" {
				outcome = defaultOutcome(base)
			}
			sel, _ = parseSelector(outcome)
			if sel.lot == "" {
				sel.lot = base.Lots[0]
			}
			if _, ok := base.LotIndex(sel.lot); !ok {
				return nil, &sweepError{fmt.Sprintf("outcome: no lot %q; lots: %s", sel.lot, strings.Join(base.Lots, ", ")), ErrCannotSimulate, nil}
			}
			return []selector{sel}, nil
		})
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = base
		}
		out.Tornado = &report.Tornado{Outcome: t.base[0]}
		for i, tp := range tps {
			tp.LowOutcome, tp.HighOutcome = t.low[i][0].Estimate, t.high[i][0].Estimate
			tp.Swing = tp.HighOutcome.Mean - tp.LowOutcome.Mean
			out.Tornado.Parameters = append(out.Tornado.Parameters, tp)
		}
	}
	out.Replications = first.Replications
	return out, nil
}

// pointRunner simulates a scenario file with overrides, one point at a
// time, all with the same options (and so the same seed: common random
// numbers), telling point of each as Sweep's Point is told.
type pointRunner struct {
	ctx          context.Context
	s            *scenario.Scenario
	data         []byte // the scenario's file
	so           SimOptions
	point        func(i, n int, label string) (progress func(done, total int), end func())
	done, points int
}

// run applies the overrides and simulates; a scenario the overrides make
// invalid is invalid input.
func (r *pointRunner) run(label string, ovs []scenario.Override) (*SimResult, error) {
	ps, err := r.apply(label, ovs)
	if err != nil {
		return nil, err
	}
	o := r.so
	if r.point != nil {
		progress, end := r.point(r.done, r.points, label)
		o.Progress = progress
		if end != nil {
			defer end()
		}
	}
	r.done++
	return Simulate(r.ctx, ps, o)
}

// apply reads the scenario file with the overrides, keeping the
// scenario's stopping rule.
func (r *pointRunner) apply(label string, ovs []scenario.Override) (*scenario.Scenario, error) {
	ps, err := scenario.ApplyOverrides(r.s.File, r.data, ovs...)
	if err != nil {
		msg := fmt.Sprintf("%s is not a valid scenario with %s:\n  %s", r.s.File, label, strings.ReplaceAll(strings.TrimRight(err.Error(), "\n"), "\n", "\n  "))
		return nil, &sweepError{msg, scenario.ErrOverride, err}
	}
	ps.Simulation.StoppingRule = r.s.Simulation.StoppingRule
	return ps, nil
}

// tornadoRuns holds a tornado's results: each selector's at the
// scenario's own values, and at each parameter's low and high end.
type tornadoRuns struct {
	base      []report.SweepResult
	low, high [][]report.SweepResult // by parameter, then selector
}

// tornado simulates the scenario's own values, then each parameter at its
// low and at its high end, one at a time, and measures the selectors pick
// chooses from the base run at every point. It returns the base run too.
func (r *pointRunner) tornado(tps []report.TornadoParameter, pick func(base *SimResult) ([]selector, error)) (*tornadoRuns, *SimResult, error) {
	base, err := r.run("the scenario's own values", nil)
	if err != nil {
		return nil, nil, err
	}
	sels, err := pick(base)
	if err != nil {
		return nil, nil, err
	}
	measureAll := func(res *SimResult) []report.SweepResult {
		out := make([]report.SweepResult, len(sels))
		for i, sel := range sels {
			lot, _ := res.LotIndex(sel.lot)
			out[i] = report.SweepResult{Lot: sel.lot, Risk: riskText(sel.risk), ClientGroup: report.AllGroups, Metric: sel.metric, Estimate: measure(res, sel, lot)}
		}
		return out
	}
	t := &tornadoRuns{base: measureAll(base)}
	for _, tp := range tps {
		for i, end := range []string{tp.Low, tp.High} {
			ov := tornadoOverride(tp.Path, end)
			res, err := r.run(ov.String(), []scenario.Override{ov})
			if err != nil {
				return nil, nil, err
			}
			if i == 0 {
				t.low = append(t.low, measureAll(res))
			} else {
				t.high = append(t.high, measureAll(res))
			}
		}
	}
	return t, base, nil
}

// sweepError is a bad sweep option or point, with a message that reads
// without the sentinel's text. It wraps kind (ErrOverride or
// ErrCannotSimulate) and the cause, if any.
type sweepError struct {
	msg       string
	kind, err error
}

func (e *sweepError) Error() string { return e.msg }

func (e *sweepError) Unwrap() []error {
	if e.err == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.err}
}

// selector picks a result: a lot ("" for each), a risk and a metric.
type selector struct {
	lot    string
	risk   lotting.Risk
	metric string
}

// parseSelector reads [LOT:][RISK_risk_]METRIC.
func parseSelector(s string) (selector, error) {
	var sel selector
	name := s
	if i := strings.LastIndex(s, ":"); i >= 0 {
		sel.lot, name = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	}
	for _, rk := range []lotting.Risk{lotting.Standard, lotting.Medium, lotting.High} {
		if rest, ok := strings.CutPrefix(name, rk.String()+"_risk_"); ok {
			sel.risk, name = rk, rest
			break
		}
	}
	if name != "cost_per_completion" {
		if _, err := simulate.ParseMetric(name); err != nil {
			return sel, fmt.Errorf("%q: want [LOT:][RISK_risk_]METRIC with METRIC one of %s or cost_per_completion, e.g. Victims:high_risk_wait_p90", s, metricList())
		}
	}
	sel.metric = name
	return sel, nil
}

// metricList names every simulate metric.
func metricList() string {
	var names []string
	for m := simulate.Metric(0); m < simulate.NumMetrics; m++ {
		names = append(names, m.String())
	}
	return strings.Join(names, ", ")
}

// measure reads a selected result from a simulation.
func measure(res *SimResult, sel selector, lot int) report.Estimate {
	if sel.metric == "cost_per_completion" {
		if sel.risk != simulate.AllRisks {
			return report.Estimate{Mean: report.Float(math.NaN()), Lo: report.Float(math.NaN()), Hi: report.Float(math.NaN())}
		}
		c, ok := res.Results.CostPerCompletion(lot, simulate.AllYears)
		v := math.NaN()
		if ok {
			v = c.Float64()
		}
		return report.Estimate{Mean: report.Float(v), Lo: report.Float(math.NaN()), Hi: report.Float(math.NaN()), N: res.Replications}
	}
	m, _ := simulate.ParseMetric(sel.metric)
	return report.MetricEstimate(res.Results.Cell(lot, simulate.AllYears, simulate.AllAreas, sel.risk), m)
}

// tornadoOverride reads one end of a tornado range: +D or -D adds, xF or
// *F scales, anything else sets.
func tornadoOverride(path, end string) scenario.Override {
	switch {
	case strings.HasPrefix(end, "+") || strings.HasPrefix(end, "-"):
		return scenario.Override{Path: path, Op: scenario.Add, Value: end}
	case strings.HasPrefix(end, "x") || strings.HasPrefix(end, "*") || strings.HasPrefix(end, "×"):
		return scenario.Override{Path: path, Op: scenario.Scale, Value: strings.TrimLeft(end, "x*×")}
	}
	return scenario.Override{Path: path, Value: end}
}

// parseVary reads grid ranges into paths and values.
func parseVary(vary []string) ([]report.SweepParameter, error) {
	params := []report.SweepParameter{}
	total := 1
	for _, v := range vary {
		path, rest, ok := scenario.SplitAssignment(v)
		if !ok || path == "" || rest == "" {
			return nil, &sweepError{fmt.Sprintf("vary %q: write PATH=FROM:TO:STEP, e.g. lots[Victims].service.caseworkers.fte=40:60:5", v), scenario.ErrOverride, nil}
		}
		parts := strings.Split(rest, ":")
		var values []string
		switch len(parts) {
		case 1:
			values = []string{rest}
		case 3:
			var err error
			if values, err = scenario.Range(parts[0], parts[1], parts[2]); err != nil {
				return nil, fmt.Errorf("vary %q: %w", v, err)
			}
		default:
			return nil, &sweepError{fmt.Sprintf("vary %q: write PATH=FROM:TO:STEP (three parts), or PATH=VALUE", v), scenario.ErrOverride, nil}
		}
		total *= len(values)
		if total > maxSweepPoints {
			return nil, &sweepError{fmt.Sprintf("the vary ranges give more than %d combinations; use larger steps or fewer paths", maxSweepPoints), scenario.ErrOverride, nil}
		}
		params = append(params, report.SweepParameter{Path: path, Values: values})
	}
	return params, nil
}

// combinations lists every combination of the parameters' values, the
// last varying fastest; none without parameters.
func combinations(params []report.SweepParameter) [][]report.Setting {
	if len(params) == 0 {
		return nil
	}
	out := [][]report.Setting{{}}
	for _, p := range params {
		var next [][]report.Setting
		for _, prefix := range out {
			for _, v := range p.Values {
				next = append(next, append(append([]report.Setting{}, prefix...), report.Setting{Path: p.Path, Value: v}))
			}
		}
		out = next
	}
	return out
}

// sweepSelectors expands the chosen selectors over lots, or gives the
// default results of every served lot.
func sweepSelectors(res *SimResult, sels []selector) []selector {
	var out []selector
	served := res.Lots
	if fd := res.Results.FrontDoor; fd >= 0 {
		served = res.Lots[:fd]
	}
	if len(sels) == 0 {
		for i, l := range served {
			if hasTargets(res.Model.Lots[i]) {
				out = append(out, selector{lot: l, metric: simulate.ReferredWithinTarget.String()})
			}
			out = append(out, selector{lot: l, metric: "wait_p90"})
			out = append(out, selector{lot: l, metric: "year_end_waiting"}, selector{lot: l, metric: "utilisation"}, selector{lot: l, metric: "cost_per_completion"})
		}
		return out
	}
	for _, s := range sels {
		if s.lot != "" {
			out = append(out, s)
			continue
		}
		for _, l := range served {
			c := s
			c.lot = l
			out = append(out, c)
		}
	}
	return out
}

// hasTargets reports whether a lot has waiting-time targets.
func hasTargets(l simulate.Lot) bool { return l.Targets != [3]float64{} }

// defaultOutcome is the tornado's outcome when none is given: the share of
// referred people seen within target at the first lot with targets, or the
// first lot's 90th percentile wait if none has any.
func defaultOutcome(res *SimResult) string {
	for i, l := range res.Model.Lots {
		if hasTargets(l) {
			return res.Lots[i] + ":" + simulate.ReferredWithinTarget.String()
		}
	}
	return "wait_p90"
}
