package lotsim

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// SensitivityOptions says how Sensitivity runs.
type SensitivityOptions struct {
	// Sim applies to every point, as SweepOptions.Sim does: every point
	// uses the same seed (common random numbers); Replications, if above
	// 0, lowers the cost of the ranking. Progress and Replication must be
	// nil: use Point.
	Sim SimOptions
	// Point, if not nil, is called before point i of n is simulated, as
	// SweepOptions.Point is.
	Point func(i, n int, label string) (progress func(done, total int), end func())
}

// sensitivityShare is how far an assumed figure is moved either way when
// its comment states no range: ±20%, as the issue on provenance pins.
const sensitivityShare = 0.2

// FigureBasis counts the figures of scenario s by what they rest on (see
// scenario.Figures): the section "What these figures rest on" before any
// ranking. s must have been read by Load or Parse; a scenario built in Go
// has no figures to count.
func FigureBasis(s *scenario.Scenario) *report.Basis {
	b := &report.Basis{Headline: []report.SweepResult{}, Ranking: []report.RankedFigure{}, Skipped: []report.SkippedFigure{}}
	for _, f := range scenario.Figures(s) {
		switch f.Status {
		case scenario.Sourced:
			b.Counts.Sourced++
		case scenario.Derived:
			b.Counts.Derived++
		case scenario.Fitted:
			b.Counts.Fitted++
		case scenario.Assumed:
			b.Counts.Assumed++
		default:
			b.Counts.Unmarked++
		}
	}
	return b
}

// Sensitivity moves every assumed figure of scenario s one at a time, all
// else at the scenario's values, and ranks them by how far they move the
// headline results. It is a tornado (see Sweep) over the assumed figures,
// on the same machinery and with the same seed at every point.
//
// Each figure goes to the range its comment states ("range 30 to 180
// days"), or else to its value less and more 20%; a figure written as a
// whole number that only whole numbers fit (a cohort size, a term in
// years) is rounded to whole numbers. The headline results are, for each
// lot with waiting-time targets, the share of referred people seen within
// target and the 90th percentile wait, or, with no targets in the
// scenario, each lot's 90th percentile wait, all over the whole period.
// A figure's rank is by the largest change it makes to any of them
// between its low and high end, as a share of that result's value with
// every figure as written (so that shares and days compare), largest
// first.
//
// Figures that cannot be moved are listed in Skipped with the reason,
// not simulated: a date or a list, a figure of 0 with no stated range, a
// path already moved, and a move that makes the scenario invalid (one
// share of a risk mix alone). The cost is 1 + 2 × (figures moved)
// simulations of Sim.Replications each.
//
// The error wraps ErrCannotSimulate for a scenario not read by Load or
// Parse or what Simulate would reject.
func Sensitivity(ctx context.Context, s *scenario.Scenario, opt SensitivityOptions) (*report.Basis, error) {
	var data []byte
	if s != nil {
		data = s.Source()
	}
	if data == nil {
		return nil, fmt.Errorf("%w: Sensitivity needs a scenario read by Load or Parse", ErrCannotSimulate)
	}
	so := opt.Sim
	if so.Progress != nil || so.Replication != nil {
		return nil, fmt.Errorf("%w: Sensitivity sets SimOptions.Progress and Replication itself; leave them nil and use SensitivityOptions.Point", ErrCannotSimulate)
	}
	seed := s.Simulation.Seed
	if so.Seed != nil {
		seed = *so.Seed
	}
	so.Seed = &seed
	b := FigureBasis(s)
	b.Ranked, b.Seed = true, seed
	r := &pointRunner{ctx: ctx, s: s, data: data, so: so, point: opt.Point}

	type moved struct {
		f      scenario.Figure
		stated bool
	}
	var tps []report.TornadoParameter
	var figs []moved
	seen := map[string]bool{}
	for _, f := range scenario.Figures(s) {
		if f.Status != scenario.Assumed {
			continue
		}
		if seen[f.Path] {
			b.Skipped = append(b.Skipped, report.SkippedFigure{Kind: "duplicate", Path: f.Path, Line: f.Line, Value: f.Value, Reason: "the same path as a figure already moved"})
			continue
		}
		seen[f.Path] = true
		low, high, stated, kind, reason := r.ends(f, so)
		if reason != "" {
			b.Skipped = append(b.Skipped, report.SkippedFigure{Kind: kind, Path: f.Path, Line: f.Line, Value: f.Value, Reason: reason})
			continue
		}
		tps = append(tps, report.TornadoParameter{Path: f.Path, Low: low, High: high})
		figs = append(figs, moved{f, stated})
	}
	r.points = 1 + 2*len(tps)
	t, base, err := r.tornado(tps, func(base *SimResult) ([]selector, error) { return headline(base), nil })
	if err != nil {
		return nil, err
	}
	b.Replications = base.Replications
	b.Headline = t.base
	for i, tp := range tps {
		rf := report.RankedFigure{Path: tp.Path, Line: figs[i].f.Line, Value: figs[i].f.Value, Note: figs[i].f.Note,
			Low: tp.Low, High: tp.High, Stated: figs[i].stated, RelativeSwing: report.Float(math.NaN())}
		widest := math.Inf(-1)
		for k, h := range t.base {
			lo, hi := t.low[i][k], t.high[i][k]
			sw := float64(hi.Estimate.Mean - lo.Estimate.Mean)
			rf.Outcomes = append(rf.Outcomes, report.BasisOutcome{Lot: lo.Lot, Risk: lo.Risk, Metric: lo.Metric,
				Low: lo.Estimate, High: hi.Estimate, Swing: report.Float(sw)})
			rel := math.Abs(sw) / math.Abs(float64(h.Estimate.Mean))
			if !math.IsNaN(rel) && !math.IsInf(rel, 0) && rel > widest {
				widest = rel
				rf.RelativeSwing = report.Float(rel)
			}
		}
		b.Ranking = append(b.Ranking, rf)
	}
	slices.SortStableFunc(b.Ranking, func(x, y report.RankedFigure) int {
		a, c := float64(x.RelativeSwing), float64(y.RelativeSwing)
		switch {
		case math.IsNaN(a) && math.IsNaN(c):
			return 0
		case math.IsNaN(a):
			return 1
		case math.IsNaN(c):
			return -1
		}
		return cmp.Compare(c, a)
	})
	return b, nil
}

// ends returns the values a sensitivity run moves figure f to, and
// whether they are its stated range, or why it cannot be moved. The ends
// are tried exactly, then as whole numbers; both must give a scenario
// that can be simulated.
func (r *pointRunner) ends(f scenario.Figure, so SimOptions) (low, high string, stated bool, kind, reason string) {
	if f.Low != "" && f.High != "" {
		if why := r.check(f.Path, f.Low, f.High, so); why != "" {
			return "", "", false, "invalid", why
		}
		return f.Low, f.High, true, "", ""
	}
	var why string
	for _, whole := range []bool{false, true} {
		lo, err := f.Move(1-sensitivityShare, whole)
		if err != nil {
			return "", "", false, "not_a_number", "not a single number (a date, a financial year or a list)"
		}
		hi, _ := f.Move(1+sensitivityShare, whole)
		if lo == hi {
			if whole {
				break
			}
			return "", "", false, "zero", "0, which ±20% does not move; state a range in its comment (range LOW to HIGH)"
		}
		if why = r.check(f.Path, lo, hi, so); why == "" {
			return lo, hi, false, "", ""
		}
	}
	return "", "", false, "invalid", why
}

// check returns why the scenario cannot be simulated with path at low or
// at high, or "" if it can.
func (r *pointRunner) check(path, low, high string, so SimOptions) string {
	for _, v := range []string{low, high} {
		ov := scenario.Override{Path: path, Value: v}
		ps, err := r.apply(ov.String(), []scenario.Override{ov})
		if err == nil {
			err = ps.Validate()
		}
		if err == nil {
			_, _, err = prepare(ps, so)
		}
		if err != nil {
			return "at " + v + ", " + invalidText(err)
		}
	}
	return ""
}

// invalidText is the first problem of an invalid scenario in words,
// without file, position and the packages' prefixes.
func invalidText(err error) string {
	var list scenario.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Msg
	}
	msg := strings.SplitN(err.Error(), "\n", 2)[0]
	if _, after, ok := strings.Cut(msg, "cannot be simulated: "); ok {
		msg = after
	}
	return strings.NewReplacer("lotsim: ", "", "funding: ", "", "lotting: ", "", "simulate: ", "", "invalid scenario: ", "").Replace(msg)
}

// headline selects the results a sensitivity ranking measures: for each
// served lot with waiting-time targets, the share of referred people seen
// within target and the 90th percentile wait; with no targets anywhere,
// each served lot's 90th percentile wait.
func headline(res *SimResult) []selector {
	served := res.Lots
	if fd := res.Results.FrontDoor; fd >= 0 {
		served = res.Lots[:fd]
	}
	var out []selector
	for i, l := range served {
		if hasTargets(res.Model.Lots[i]) {
			out = append(out, selector{lot: l, metric: simulate.ReferredWithinTarget.String()}, selector{lot: l, metric: "wait_p90"})
		}
	}
	if len(out) == 0 {
		for _, l := range served {
			out = append(out, selector{lot: l, metric: "wait_p90"})
		}
	}
	return out
}
