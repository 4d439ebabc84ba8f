package lotsim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// CompareOptions says how Compare runs. The zero value runs every
// scenario with the first one's seed and replications.
type CompareOptions struct {
	// Sim applies to every run. Seed is the first scenario's unless
	// given, and Replications the first scenario's, or else
	// DefaultReplications; stopping rules are not used, since every run
	// needs the same replications. Horizon, Workers and MaxMemory apply
	// to each run. Progress and Replication must be nil: use Start.
	Sim SimOptions
	// Start, if not nil, is called before scenario i is simulated. It
	// returns a progress callback for that run, called as
	// SimOptions.Progress is, and a function called when the run ends,
	// well or not; either may be nil.
	Start func(i int, s *scenario.Scenario) (progress func(done, total int), end func())
	// Result, if not nil, is called with each scenario's simulation, in
	// the order of the scenarios, once every run has ended well: for
	// figures beyond the differences, such as waiting lists over time.
	Result func(i int, res *SimResult)
}

// Compare simulates every scenario with the same seed and number of
// replications and returns the paired differences of each from the
// first, ss[0], the baseline.
//
// Replication r of every run draws from the same random sources, so the
// runs see the same referrals, risk levels and case lengths as far as
// their structures agree (common random numbers), as in Paired. Each
// Difference is a figure over the whole period and all areas: for each
// lot both scenarios have, by name, and in total over all lots but the
// front door; when either scenario has a lot that pools perpetrators with
// other client groups (a single contract), each client group's total over
// all lots as well, so that perpetrators and victims compare like for
// like whichever lots serve them. Counts are rates a year. Findings state in words every
// difference whose interval excludes zero and that is at least half a day
// of waiting, one percentage point of a share or one person, people's
// outcomes first; InputChanges lists what differs between the files, for
// scenarios read by Load or Parse (nil for others).
//
// Date is today's, in UTC. The error wraps ErrCannotSimulate for fewer
// than two scenarios or replications, or for what Simulate would reject.
func Compare(ctx context.Context, ss []*scenario.Scenario, opt CompareOptions) (*report.Compare, error) {
	if len(ss) < 2 || slices.Contains(ss, nil) {
		return nil, fmt.Errorf("%w: Compare needs a baseline and at least one scenario to compare with it", ErrCannotSimulate)
	}
	so := opt.Sim
	if so.Progress != nil || so.Replication != nil {
		return nil, fmt.Errorf("%w: Compare sets SimOptions.Progress and Replication itself; leave them nil and use CompareOptions.Start", ErrCannotSimulate)
	}
	so.Seed, so.Replications = pairedRuns(ss[0], so)
	if so.Replications < 2 {
		return nil, fmt.Errorf("%w: paired differences need at least 2 replications", ErrCannotSimulate)
	}
	runs := make([]*perRep, len(ss))
	for i, s := range ss {
		var err error
		if runs[i], err = collect(ctx, i, s, so, opt.Start); err != nil {
			return nil, err
		}
	}
	out := &report.Compare{Seed: *so.Seed, Replications: so.Replications, Version: Version, Date: time.Now().UTC().Format("2006-01-02")}
	for i, s := range ss {
		out.Scenarios = append(out.Scenarios, report.ScenarioRef{Name: s.Name, File: s.File, SHA256: s.SHA256, Lots: runs[i].res.Lots[:runs[i].served]})
		if opt.Result != nil {
			opt.Result(i, runs[i].res)
		}
	}
	for i := 1; i < len(ss); i++ {
		c := compareRuns(ss[0].File, ss[i].File, runs[0], runs[i])
		if a, b := ss[0].Source(), ss[i].Source(); a != nil && b != nil {
			var err error
			if c.InputChanges, err = scenario.InputChanges(a, b); err != nil {
				return nil, err
			}
		}
		out.Comparisons = append(out.Comparisons, c)
	}
	if slices.ContainsFunc(ss, func(s *scenario.Scenario) bool { return !s.StructureCost.IsZero() }) {
		for _, s := range ss {
			sc, err := report.NewStructureCost(s)
			if err != nil {
				return nil, err
			}
			out.Structure = append(out.Structure, sc)
		}
	}
	return out, nil
}

// pairedRuns returns the seed and replications of runs that pair with
// a's: those of opt, or else a's, or else DefaultReplications.
func pairedRuns(a *scenario.Scenario, opt SimOptions) (*uint64, int) {
	seed := a.Simulation.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	n := opt.Replications
	if n == 0 {
		n = a.Simulation.Replications
		if n == 0 {
			n = scenario.DefaultReplications
		}
	}
	return &seed, n
}

// isCount reports whether m counts events over the period, compared as a
// rate a year.
func isCount(m simulate.Metric) bool {
	switch m {
	case simulate.Referrals, simulate.Repeats, simulate.Starts, simulate.Completions, simulate.Disengaged,
		simulate.DroppedOut, simulate.TurnedAway, simulate.Declined, simulate.SelfServed, simulate.StretchedStarts:
		return true
	}
	return false
}

// unitOf is the unit a metric is compared in.
func unitOf(m simulate.Metric) string {
	switch {
	case isCount(m):
		return "a year"
	case report.IsShare(m):
		return "share"
	case m == simulate.MeanWaiting || m == simulate.YearEndWaiting || m == simulate.ExcessCases || m == simulate.ExtraCaseload:
		return "people"
	}
	return "days"
}

// compareMetric is one figure compared for a lot at a risk level.
type compareMetric struct {
	risk lotting.Risk
	m    simulate.Metric
}

// lotMetrics are the figures compared for every lot both scenarios have.
var lotMetrics = func() []compareMetric {
	out := []compareMetric{}
	for _, m := range []simulate.Metric{simulate.ReferredWithinTarget, simulate.Referrals, simulate.Starts, simulate.Completions,
		simulate.Disengaged, simulate.DroppedOut, simulate.TurnedAway, simulate.WaitMean, simulate.WaitP90, simulate.WithinTarget,
		simulate.MeanWaiting, simulate.YearEndWaiting, simulate.Utilisation,
		// How a lot that may stretch its caseload stretched, as the run
		// report shows it (nought, and so left out, for one that cannot).
		simulate.StretchedStarts, simulate.TimeStretched, simulate.ExtraCaseload} {
		out = append(out, compareMetric{simulate.AllRisks, m})
	}
	for _, rk := range riskLevels {
		for _, m := range []simulate.Metric{simulate.ReferredWithinTarget, simulate.Starts, simulate.Disengaged, simulate.WaitMean,
			simulate.WaitP90, simulate.WithinTarget} {
			out = append(out, compareMetric{rk, m})
		}
	}
	return out
}()

// riskLevels are the risk levels in the order Compare reports them.
var riskLevels = []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard}

// totalMetrics are the figures compared over all lots: counts that add up
// and the mean wait weighted by starts.
var totalMetrics = []simulate.Metric{simulate.Referrals, simulate.Starts, simulate.Completions, simulate.Disengaged,
	simulate.DroppedOut, simulate.TurnedAway, simulate.WaitMean, simulate.MeanWaiting, simulate.YearEndWaiting}

// clientGroups are the client groups in the order Compare reports them.
var clientGroups = []lotting.ClientGroup{lotting.Victim, lotting.ChildFamily, lotting.Perpetrator}

// perRep holds one scenario's values replication by replication (NaN
// where undefined): for each served lot and each of lotMetrics, and the
// totals' parts, over every client group and for each.
type perRep struct {
	res    *SimResult
	served int                           // lots before the front door
	vals   [][]float64                   // [lot*len(lotMetrics)+j][replication]
	totals map[simulate.Metric][]float64 // each of totalMetrics but the mean wait
	starts map[lotting.Risk][]float64    // all lots' starts, by risk level (or all)
	waits  map[lotting.Risk][]float64    // all lots' waits before starting, by risk level (or all)
	// group[g] are the totals over all lots of client group g's people:
	// each of totalMetrics, the mean wait as the sum of waits (divided by
	// the starts in total).
	group map[lotting.ClientGroup]map[simulate.Metric][]float64
}

// poolsPerpetrators reports whether one of the run's served lots takes
// perpetrators together with another client group: a single contract.
func (pr *perRep) poolsPerpetrators() bool {
	for l := range pr.served {
		if gs := pr.res.Results.Groups(l); len(gs) > 1 && slices.Contains(gs, lotting.Perpetrator) {
			return true
		}
	}
	return false
}

// collect simulates scenario i, s, without its stopping rule, keeping
// every replication's values of the figures compared.
func collect(ctx context.Context, i int, s *scenario.Scenario, opt SimOptions, start func(int, *scenario.Scenario) (func(int, int), func())) (*perRep, error) {
	sc := *s
	sc.Simulation.StoppingRule = nil
	b, so, err := prepare(&sc, opt)
	if err != nil {
		return nil, err
	}
	n, lots := so.Replications, len(b.Model.Lots)
	// Counts times perYear are rates a year.
	perYear := funding.DaysPerYear / b.Model.Horizon
	// Each lot's figures are paired as Paired pairs its metrics.
	var cells []resultCell
	for l := 0; l < lots; l++ {
		for _, cm := range lotMetrics {
			cells = append(cells, resultCell{lot: l, year: simulate.AllYears, area: simulate.AllAreas, risk: cm.risk, m: cm.m})
		}
	}
	pr := &perRep{served: lots, vals: columns(len(cells), n),
		totals: map[simulate.Metric][]float64{}, starts: map[lotting.Risk][]float64{}, waits: map[lotting.Risk][]float64{}}
	for _, m := range totalMetrics {
		pr.totals[m] = make([]float64, n)
	}
	for _, rk := range append([]lotting.Risk{simulate.AllRisks}, riskLevels...) {
		pr.starts[rk], pr.waits[rk] = make([]float64, n), make([]float64, n)
	}
	pr.group = map[lotting.ClientGroup]map[simulate.Metric][]float64{}
	for _, g := range clientGroups {
		pr.group[g] = map[simulate.Metric][]float64{}
		for _, m := range append([]simulate.Metric{simulate.Starts}, totalMetrics...) {
			pr.group[g][m] = make([]float64, n)
		}
	}
	record := recordCells(cells, pr.vals)
	so.Replication = func(index int, r *simulate.Replication) {
		record(index, r)
		// Each client group's totals over the served lots: a lot the
		// group does not reach adds nothing.
		for _, g := range clientGroups {
			for m, vals := range pr.group[g] {
				sum := 0.0
				for l := 0; l < lots; l++ {
					v, ok := r.ValueGroup(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, g, m)
					switch {
					case !ok:
					case m == simulate.WaitMean:
						st, _ := r.ValueGroup(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, g, simulate.Starts)
						sum += v * st
					case isCount(m):
						sum += v * perYear
					default:
						sum += v
					}
				}
				vals[index] = sum
			}
		}
		value := func(l int, rk lotting.Risk, m simulate.Metric) float64 {
			v, _ := r.Value(l, simulate.AllYears, simulate.AllAreas, rk, m)
			if isCount(m) {
				v *= perYear
			}
			return v
		}
		// Totals over the served lots: counts add; the mean wait is
		// weighted by starts.
		for _, m := range totalMetrics {
			sum := 0.0
			for l := 0; l < lots; l++ {
				if m == simulate.WaitMean {
					st, _ := r.Value(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, simulate.Starts)
					if w, ok := r.Value(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, simulate.WaitMean); ok {
						sum += w * st
					}
					continue
				}
				sum += value(l, simulate.AllRisks, m)
			}
			pr.totals[m][index] = sum
		}
		for rk := range pr.starts {
			sum, wsum := 0.0, 0.0
			for l := 0; l < lots; l++ {
				st, _ := r.Value(l, simulate.AllYears, simulate.AllAreas, rk, simulate.Starts)
				sum += st
				if w, ok := r.Value(l, simulate.AllYears, simulate.AllAreas, rk, simulate.WaitMean); ok {
					wsum += w * st
				}
			}
			pr.starts[rk][index], pr.waits[rk][index] = sum, wsum
		}
	}
	if start != nil {
		progress, end := start(i, s)
		so.Progress = progress
		if end != nil {
			defer end()
		}
	}
	if pr.res, err = run(ctx, b, so); err != nil {
		return nil, err
	}
	// Counts are compared as rates a year.
	for j, c := range cells {
		if isCount(c.m) {
			for i := range pr.vals[j] {
				pr.vals[j][i] *= perYear
			}
		}
	}
	return pr, nil
}

// total returns a total figure per replication; the mean wait for risk rk
// is the starts-weighted mean wait at that level over all lots.
func (pr *perRep) total(m simulate.Metric, rk lotting.Risk) []float64 {
	if m != simulate.WaitMean {
		return pr.totals[m]
	}
	out := make([]float64, len(pr.starts[rk]))
	for i, st := range pr.starts[rk] {
		out[i] = math.NaN()
		if st > 0 {
			out[i] = pr.waits[rk][i] / st
		}
	}
	return out
}

// groupTotal returns client group g's total figure m per replication
// over all lots; the mean wait is weighted by starts.
func (pr *perRep) groupTotal(g lotting.ClientGroup, m simulate.Metric) []float64 {
	t := pr.group[g]
	if m != simulate.WaitMean {
		return t[m]
	}
	out := make([]float64, len(t[m]))
	for i, st := range t[simulate.Starts] {
		out[i] = math.NaN()
		if st > 0 {
			out[i] = t[m][i] / (st / pr.perYear())
		}
	}
	return out
}

// perYear is the factor that makes the run's period counts rates a year.
func (pr *perRep) perYear() float64 { return funding.DaysPerYear / pr.res.Model.Horizon }

// summarise summarises values, skipping NaN.
func summarise(vals []float64) stats.Summary {
	var s stats.Summary
	for _, v := range vals {
		if !math.IsNaN(v) {
			s.Add(v)
		}
	}
	return s
}

// pairedSummary summarises the differences b[i] − a[i] over the
// replications i in which both are defined (not NaN).
func pairedSummary(a, b []float64) stats.Summary {
	var d stats.Summary
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			d.Add(b[i] - a[i])
		}
	}
	return d
}

// difference pairs two runs' values of m replication by replication.
func difference(lot string, rk lotting.Risk, m simulate.Metric, a, b []float64) report.Difference {
	return report.Difference{Lot: lot, Risk: riskText(rk), ClientGroup: report.AllGroups, Metric: m.String(), Unit: unitOf(m),
		A: report.EstimateOf(m, summarise(a)), B: report.EstimateOf(m, summarise(b)), Diff: report.NewEstimate(pairedSummary(a, b))}
}

// riskText is a risk level's name, "" for all.
func riskText(r lotting.Risk) string {
	if r == simulate.AllRisks {
		return ""
	}
	return r.String()
}

// compareRuns pairs run b with run a.
func compareRuns(fileA, fileB string, a, b *perRep) report.Comparison {
	lotsA, lotsB := a.res.Lots[:a.served], b.res.Lots[:b.served]
	c := report.Comparison{Baseline: fileA, Alternative: fileB, OnlyInBaseline: []string{}, OnlyInAlternative: []string{}, Findings: []string{}}
	for _, l := range lotsA {
		if !slices.Contains(lotsB, l) {
			c.OnlyInBaseline = append(c.OnlyInBaseline, l)
		}
	}
	for _, l := range lotsB {
		if !slices.Contains(lotsA, l) {
			c.OnlyInAlternative = append(c.OnlyInAlternative, l)
		}
	}
	c.SameLots = len(c.OnlyInBaseline) == 0 && len(c.OnlyInAlternative) == 0
	c.BaselinePeriod, c.AlternativePeriod = reportedPeriod(a.res), reportedPeriod(b.res)
	c.SamePeriod = c.BaselinePeriod.Days == c.AlternativePeriod.Days
	for _, m := range totalMetrics {
		c.Differences = append(c.Differences, difference("", simulate.AllRisks, m, a.total(m, simulate.AllRisks), b.total(m, simulate.AllRisks)))
	}
	for _, rk := range riskLevels {
		c.Differences = append(c.Differences, difference("", rk, simulate.WaitMean, a.total(simulate.WaitMean, rk), b.total(simulate.WaitMean, rk)))
	}
	// A single contract that pools perpetrators with victims has no lot
	// to match a lotted scenario's perpetrator lot by name: compare each
	// client group over all lots, wherever it is served.
	if a.poolsPerpetrators() || b.poolsPerpetrators() {
		for _, g := range clientGroups {
			for _, m := range totalMetrics {
				d := difference("", simulate.AllRisks, m, a.groupTotal(g, m), b.groupTotal(g, m))
				d.ClientGroup = g.String()
				c.Differences = append(c.Differences, d)
			}
		}
	}
	for ia, l := range lotsA {
		ib := slices.Index(lotsB, l)
		if ib < 0 {
			continue
		}
		for j, cm := range lotMetrics {
			c.Differences = append(c.Differences, difference(l, cm.risk, cm.m, a.vals[ia*len(lotMetrics)+j], b.vals[ib*len(lotMetrics)+j]))
		}
	}
	// Drop figures defined in neither run, or nought in every replication
	// of both (a risk level a lot never sees, a casework lot's turned away).
	nought := func(e report.Estimate) bool { return e.N == 0 || (e.Mean == 0 && !(e.Hi > 0)) }
	c.Differences = slices.DeleteFunc(c.Differences, func(d report.Difference) bool { return nought(d.A) && nought(d.B) })
	c.Findings = report.CompareFindings(c)
	return c
}

// reportedPeriod is a run's reported period.
func reportedPeriod(r *SimResult) report.Period {
	days := int(r.Model.Horizon)
	return report.Period{Start: r.Start, End: r.Start.AddDays(days - 1), Days: days, Years: len(r.YearLabels)}
}
