package lotsim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// PairedMetric names one figure for Paired to compare between two
// scenarios: a metric of one cell of the results, by names that both
// scenarios share.
type PairedMetric struct {
	// Lot is the name of a lot both scenarios have (the front door's lot
	// included).
	Lot string
	// Year is a contract year, 0 for the first, or simulate.AllYears for
	// the whole period.
	Year int
	// Area is the name of an area both scenarios have, or "" for all
	// areas.
	Area string
	// Risk is a risk level, or simulate.AllRisks (the zero value) for
	// all.
	Risk lotting.Risk
	// Metric is the figure compared.
	Metric simulate.Metric
}

// PairedDifference is the difference B − A of one PairedMetric between
// two scenarios simulated with common random numbers.
type PairedDifference struct {
	PairedMetric
	// Mean is the mean across replications of the per-replication
	// difference B − A, and CI its 95% confidence interval (Diff.Mean()
	// and Diff.CI95()).
	Mean float64
	CI   stats.Interval
	// Diff summarises the per-replication differences, over the
	// replications in which the metric is defined in both runs (a wait
	// metric needs a start in both, say).
	Diff stats.Summary
	// A and B summarise the metric across each run's replications, as
	// simulate.Cell.Metric does. Their intervals are those of
	// independent runs: when the two runs are positively correlated, as
	// common random numbers make them, the interval of the difference of
	// their means is wider than CI.
	A, B stats.Summary
}

// Paired simulates scenarios a and b with the same seed and number of
// replications and returns, for each of metrics, the mean per-replication
// difference B − A with its 95% confidence interval.
//
// Replication r of both runs draws from the same random sources (see the
// simulate package: per stream, lot and purpose), so the two see the same
// referrals, risk levels and case lengths as far as their structures
// agree, and their difference varies far less than two independent runs'
// would: common random numbers. The interval comes from the spread of
// the per-replication differences, so it is much narrower than one from
// the two runs' own intervals when they move together.
//
// The seed is opt.Seed, or else a's. The number of replications is
// opt.Replications, or else a's replications, or else
// DefaultReplications; stopping rules are not used, since both runs need
// the same replications. Horizon, Workers and Progress apply to both runs
// (Progress is called during each in turn, a's first); opt.Replication
// must be nil, since Paired uses the hook itself. Memory beyond the two
// runs is two numbers per replication and metric.
//
// The error wraps ErrCannotSimulate if a metric names a lot, area, year
// or risk that either scenario does not have, or for what Simulate would
// reject.
func Paired(ctx context.Context, a, b *scenario.Scenario, opt SimOptions, metrics []PairedMetric) ([]PairedDifference, error) {
	if a == nil || b == nil {
		return nil, fmt.Errorf("%w: Paired needs two scenarios", ErrCannotSimulate)
	}
	if opt.Replication != nil {
		return nil, fmt.Errorf("%w: Paired sets SimOptions.Replication itself; leave it nil", ErrCannotSimulate)
	}
	if opt.Seed == nil {
		seed := a.Simulation.Seed
		opt.Seed = &seed
	}
	if opt.Replications == 0 {
		opt.Replications = a.Simulation.Replications
		if opt.Replications == 0 {
			opt.Replications = scenario.DefaultReplications
		}
	}
	ba, soA, err := prepare(a, opt)
	if err != nil {
		return nil, err
	}
	bb, soB, err := prepare(b, opt)
	if err != nil {
		return nil, err
	}
	var errs []error
	cellsA, cellsB := pairedCells(ba, a, metrics, &errs), pairedCells(bb, b, metrics, &errs)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// Each run's values, replication by replication (NaN where
	// undefined), paired as Compare pairs its figures.
	n := soA.Replications
	valsA, valsB := columns(len(metrics), n), columns(len(metrics), n)
	soA.Replication, soB.Replication = recordCells(cellsA, valsA), recordCells(cellsB, valsB)
	resA, err := run(ctx, ba, soA)
	if err != nil {
		return nil, err
	}
	resB, err := run(ctx, bb, soB)
	if err != nil {
		return nil, err
	}
	out := make([]PairedDifference, len(metrics))
	for j, pm := range metrics {
		ca, cb := cellsA[j], cellsB[j]
		d := pairedSummary(valsA[j], valsB[j])
		out[j] = PairedDifference{
			PairedMetric: pm,
			Mean:         d.Mean(),
			CI:           d.CI95(),
			Diff:         d,
			A:            resA.Results.Cell(ca.lot, ca.year, ca.area, ca.risk).Metric(ca.m),
			B:            resB.Results.Cell(cb.lot, cb.year, cb.area, cb.risk).Metric(cb.m),
		}
	}
	return out, nil
}

// resultCell is a PairedMetric in the indices of one scenario's results.
type resultCell struct {
	lot, year, area int
	risk            lotting.Risk
	m               simulate.Metric
}

// columns returns k columns of n values each.
func columns(k, n int) [][]float64 {
	out := make([][]float64, k)
	for j := range out {
		out[j] = make([]float64, n)
	}
	return out
}

// recordCells returns a replication hook that keeps the value of each of
// cells in its column of vals, NaN where undefined.
func recordCells(cells []resultCell, vals [][]float64) func(int, *simulate.Replication) {
	return func(index int, r *simulate.Replication) {
		for j, c := range cells {
			v, ok := r.Value(c.lot, c.year, c.area, c.risk, c.m)
			if !ok {
				v = math.NaN()
			}
			vals[j][index] = v
		}
	}
}

// pairedCells maps metrics to the indices of the results of s, built as
// b, adding an error to errs for each that does not fit.
func pairedCells(b *scenario.Built, s *scenario.Scenario, metrics []PairedMetric, errs *[]error) []resultCell {
	out := make([]resultCell, len(metrics))
	for j, pm := range metrics {
		bad := func(format string, args ...any) {
			*errs = append(*errs, fmt.Errorf("%w: paired metric %d: scenario %q: %s", ErrCannotSimulate, j, s.Name, fmt.Sprintf(format, args...)))
		}
		c := resultCell{year: pm.Year, area: simulate.AllAreas, risk: pm.Risk, m: pm.Metric}
		if c.lot = slices.Index(b.Lots, pm.Lot); c.lot < 0 {
			bad("no lot %q; want one of %s", pm.Lot, strings.Join(b.Lots, ", "))
		}
		if pm.Area != "" {
			if c.area = slices.Index(s.Structure.Areas, pm.Area); c.area < 0 {
				bad("no area %q; want one of %s, or \"\" for all", pm.Area, strings.Join(s.Structure.Areas, ", "))
			}
		}
		if pm.Year != simulate.AllYears && (pm.Year < 0 || pm.Year >= len(b.Years)) {
			bad("no contract year %d; want 0 to %d, or simulate.AllYears", pm.Year, len(b.Years)-1)
		}
		if pm.Risk != simulate.AllRisks && !pm.Risk.Valid() {
			bad("risk %d is not a risk level or simulate.AllRisks", int(pm.Risk))
		}
		if pm.Metric < 0 || pm.Metric >= simulate.NumMetrics {
			bad("metric %d is not a simulate.Metric", int(pm.Metric))
		}
		out[j] = c
	}
	return out
}
