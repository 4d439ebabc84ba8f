package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/report"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

const compareSynopsis = "compare [--replications N] [--seed N] [--workers N] [--horizon H] [--quiet] [--format text|markdown|json|csv] [--report DIR] A.yaml B.yaml..."

// CompareReport is the stable JSON form of `lotsim compare --format
// json`: every scenario run with the same seed and replications, and the
// paired differences of each from the first. Fields are only ever added,
// never renamed or removed.
type CompareReport struct {
	Seed         uint64        `json:"seed"`
	Replications int           `json:"replications"`
	Version      string        `json:"lotsim_version"`
	Date         string        `json:"date"`
	Scenarios    []ScenarioRef `json:"scenarios"`   // the baseline first
	Comparisons  []Comparison  `json:"comparisons"` // each later scenario against the baseline
}

// ScenarioRef names one scenario compared and its lots.
type ScenarioRef struct {
	Name   string   `json:"name"`
	File   string   `json:"file"`
	SHA256 string   `json:"sha256"`
	Lots   []string `json:"lots"`
}

// Comparison is one scenario (B) against the baseline (A): the paired
// differences B − A over replications that share their random numbers.
type Comparison struct {
	Baseline    string `json:"baseline"`    // A's file
	Alternative string `json:"alternative"` // B's file
	// SameLots is true when both have the same lot names. Lots are
	// matched by name; the totals over all lots always compare.
	SameLots bool `json:"same_lots"`
	// SamePeriod is true when both report periods of the same length in
	// days; when not, whole-period counts do not compare like for like.
	SamePeriod        bool     `json:"same_period"`
	BaselinePeriod    Period   `json:"baseline_period"`
	AlternativePeriod Period   `json:"alternative_period"`
	OnlyInBaseline    []string `json:"only_in_baseline"`
	OnlyInAlternative []string `json:"only_in_alternative"`
	// InputChanges are the values that differ between the two files, as
	// paths that --vary and overrides accept.
	InputChanges []lotsim.InputChange `json:"input_changes"`
	Findings     []string             `json:"findings"` // differences whose interval excludes zero, in words
	Differences  []Difference         `json:"differences"`
}

// Period is a run's reported period, first and last days included.
type Period struct {
	Start funding.Date `json:"start"`
	End   funding.Date `json:"end"`
	Days  int          `json:"days"`
	Years int          `json:"contract_years"`
}

// Difference is one figure over the whole period and all areas in A and
// in B, and the mean of the per-replication difference B − A with its 95%
// interval. Lot "" is the total over all lots but the front door, where
// counts add up and the mean wait is weighted by starts. Counts (referrals,
// starts, completions, people giving up, dropping out or turned away) are
// rates a year, the period's count divided by its length in years, so that
// periods of different lengths compare; Unit says which.
type Difference struct {
	Lot    string          `json:"lot"`
	Risk   string          `json:"risk"`
	Metric string          `json:"metric"` // a simulate metric name
	Unit   string          `json:"unit"`   // "a year" (counts), "days", "share" (a fraction) or "people" (waiting lists)
	A      lotsim.Estimate `json:"a"`
	B      lotsim.Estimate `json:"b"`
	Diff   lotsim.Estimate `json:"difference"`
}

// isCount reports whether m counts events over the period, compared as a
// rate a year.
func isCount(m simulate.Metric) bool {
	switch m {
	case simulate.Referrals, simulate.Repeats, simulate.Starts, simulate.Completions, simulate.Disengaged,
		simulate.DroppedOut, simulate.TurnedAway, simulate.Declined, simulate.SelfServed:
		return true
	}
	return false
}

// unitOf is the unit a metric is compared in.
func unitOf(metric string) string {
	m, err := simulate.ParseMetric(metric)
	switch {
	case err != nil:
		return ""
	case isCount(m):
		return "a year"
	case lotsim.IsShare(m):
		return "share"
	case m == simulate.MeanWaiting || m == simulate.YearEndWaiting || m == simulate.ExcessCases:
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
		simulate.MeanWaiting, simulate.YearEndWaiting, simulate.Utilisation} {
		out = append(out, compareMetric{simulate.AllRisks, m})
	}
	for _, rk := range []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard} {
		for _, m := range []simulate.Metric{simulate.ReferredWithinTarget, simulate.Starts, simulate.Disengaged, simulate.WaitMean,
			simulate.WaitP90, simulate.WithinTarget} {
			out = append(out, compareMetric{rk, m})
		}
	}
	return out
}()

// totalMetrics are the figures compared over all lots: counts that add up
// and the mean wait weighted by starts.
var totalMetrics = []simulate.Metric{simulate.Referrals, simulate.Starts, simulate.Completions, simulate.Disengaged,
	simulate.DroppedOut, simulate.TurnedAway, simulate.WaitMean, simulate.MeanWaiting, simulate.YearEndWaiting}

// perRep holds one scenario's values replication by replication: for
// each served lot and each of lotMetrics, and the totals' parts.
type perRep struct {
	res    *lotsim.SimResult
	served int                        // lots before the front door
	vals   [][]float64                // [lot*len(lotMetrics)+j][replication]; NaN: undefined
	totals map[string][]float64       // total metric name -> per replication
	starts map[lotting.Risk][]float64 // all lots' starts, per risk, per replication
}

func runCompare(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("compare", compareSynopsis, stderr)
	var f simFlags
	f.register(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) < 2 {
		fmt.Fprintln(stderr, "lotsim compare: name a baseline and at least one scenario to compare with it, e.g. lotsim compare scenarios/staffordshire-2018.yaml scenarios/staffordshire-2023.yaml")
		return exitInvalid
	}
	if f.stop != "" || len(f.given(stopFlags...)) > 0 {
		fmt.Fprintln(stderr, "lotsim compare: --stop and its --stop-* options cannot be used: every scenario runs the same replications so that they pair; give --replications")
		return exitInvalid
	}
	var ss []*lotsim.Scenario
	var data [][]byte
	for _, file := range files {
		s, d, ok := loadScenario("compare", file, stderr)
		if !ok {
			return exitInvalid
		}
		ss = append(ss, s)
		data = append(data, d)
	}
	opt, err := f.options(ss[0])
	if err != nil {
		return simExit("compare", err, stderr)
	}
	// Common random numbers: one seed and one replication count for all,
	// the baseline's unless given.
	seed := ss[0].Simulation.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	opt.Seed = &seed
	if opt.Replications == 0 {
		opt.Replications = ss[0].Simulation.Replications
		if opt.Replications == 0 {
			opt.Replications = lotsim.DefaultReplications
		}
	}
	if opt.Replications < 2 {
		fmt.Fprintln(stderr, "lotsim compare: paired differences need at least 2 replications")
		return exitInvalid
	}
	runs := make([]*perRep, len(ss))
	for i, s := range ss {
		if runs[i], err = f.collect(s, opt, files[i], stderr); err != nil {
			return simExit("compare", err, stderr)
		}
	}
	out := &CompareReport{Seed: seed, Replications: opt.Replications, Version: lotsim.Version}
	for i, s := range ss {
		out.Scenarios = append(out.Scenarios, ScenarioRef{Name: s.Name, File: s.File, SHA256: s.SHA256, Lots: runs[i].res.Lots[:runs[i].served]})
	}
	for i := 1; i < len(ss); i++ {
		c := compareRuns(files[0], files[i], runs[0], runs[i])
		if c.InputChanges, err = lotsim.InputChanges(data[0], data[i]); err != nil {
			return simExit("compare", err, stderr)
		}
		out.Comparisons = append(out.Comparisons, c)
	}
	p := provenance(runs[0].res, ss...)
	out.Date = p.Date.Format("2006-01-02")
	return f.write("compare", output{doc: compareDocument(out, runs, p), json: out, csv: func(w io.Writer, p *report.Provenance) error {
		return compareCSV(w, out, p)
	}}, stdout, stderr)
}

// collect simulates s, keeping every replication's values of the figures
// compared.
func (f *simFlags) collect(s *lotsim.Scenario, opt lotsim.SimOptions, file string, stderr io.Writer) (*perRep, error) {
	s.Simulation.StoppingRule = nil
	pr := &perRep{totals: map[string][]float64{}, starts: map[lotting.Risk][]float64{}}
	n := opt.Replications
	var lots int
	perYear := 1.0 // counts times this are rates a year; set from the model below
	opt.Replication = func(index int, r *simulate.Replication) {
		if pr.vals == nil {
			return
		}
		for l := 0; l < lots; l++ {
			for j, cm := range lotMetrics {
				v, ok := r.Value(l, simulate.AllYears, simulate.AllAreas, cm.risk, cm.m)
				if !ok {
					v = math.NaN()
				}
				if isCount(cm.m) {
					v *= perYear
				}
				pr.vals[l*len(lotMetrics)+j][index] = v
			}
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
				v, _ := r.Value(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, m)
				if isCount(m) {
					v *= perYear
				}
				sum += v
			}
			pr.totals[m.String()][index] = sum
		}
		for _, rk := range []lotting.Risk{simulate.AllRisks, lotting.High, lotting.Medium, lotting.Standard} {
			sum, wsum := 0.0, 0.0
			for l := 0; l < lots; l++ {
				st, _ := r.Value(l, simulate.AllYears, simulate.AllAreas, rk, simulate.Starts)
				sum += st
				if w, ok := r.Value(l, simulate.AllYears, simulate.AllAreas, rk, simulate.WaitMean); ok {
					wsum += w * st
				}
			}
			pr.starts[rk][index] = sum
			pr.totals[fmt.Sprintf("wait_sum_%d", rk)][index] = wsum
		}
	}
	// The model tells how many lots are served, and the period's length,
	// before the run starts; a horizon given replaces the scenario's.
	sh := *s
	if opt.Horizon != nil {
		sh.Simulation.Horizon = *opt.Horizon
	}
	m, err := sh.Model()
	if err != nil {
		return nil, err
	}
	lots = len(m.Lots)
	pr.served = lots
	perYear = funding.DaysPerYear / m.Horizon
	pr.vals = make([][]float64, lots*len(lotMetrics))
	for i := range pr.vals {
		pr.vals[i] = make([]float64, n)
	}
	for _, mm := range totalMetrics {
		pr.totals[mm.String()] = make([]float64, n)
	}
	for _, rk := range []lotting.Risk{simulate.AllRisks, lotting.High, lotting.Medium, lotting.Standard} {
		pr.starts[rk] = make([]float64, n)
		pr.totals[fmt.Sprintf("wait_sum_%d", rk)] = make([]float64, n)
	}
	res, err := f.simulate(s, opt, "Simulating "+file, stderr)
	if err != nil {
		return nil, err
	}
	pr.res = res
	return pr, nil
}

// total returns a total figure per replication: "wait_mean" for risk rk
// is the starts-weighted mean wait at that level over all lots.
func (pr *perRep) total(metric string, rk lotting.Risk) []float64 {
	if metric == "wait_mean" {
		out := make([]float64, len(pr.starts[rk]))
		ws := pr.totals[fmt.Sprintf("wait_sum_%d", rk)]
		for i, st := range pr.starts[rk] {
			out[i] = math.NaN()
			if st > 0 {
				out[i] = ws[i] / st
			}
		}
		return out
	}
	return pr.totals[metric]
}

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

func estimateOf(s stats.Summary) lotsim.Estimate {
	ci := s.CI95()
	return lotsim.Estimate{Mean: lotsim.Float(s.Mean()), Lo: lotsim.Float(ci.Lo), Hi: lotsim.Float(ci.Hi), N: s.N()}
}

// difference pairs two runs' values replication by replication.
func difference(lot, risk, metric string, a, b []float64) Difference {
	var d stats.Summary
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			d.Add(b[i] - a[i])
		}
	}
	ea, eb := estimateOf(summarise(a)), estimateOf(summarise(b))
	if m, err := simulate.ParseMetric(metric); err == nil && lotsim.IsShare(m) {
		ea, eb = lotsim.ShareEstimate(summarise(a)), lotsim.ShareEstimate(summarise(b))
	}
	return Difference{Lot: lot, Risk: risk, Metric: metric, Unit: unitOf(metric), A: ea, B: eb, Diff: estimateOf(d)}
}

// compareRuns pairs run b with run a.
func compareRuns(fileA, fileB string, a, b *perRep) Comparison {
	lotsA, lotsB := a.res.Lots[:a.served], b.res.Lots[:b.served]
	c := Comparison{Baseline: fileA, Alternative: fileB, OnlyInBaseline: []string{}, OnlyInAlternative: []string{}, Findings: []string{}}
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
	c.BaselinePeriod, c.AlternativePeriod = periodOf(a.res), periodOf(b.res)
	c.SamePeriod = c.BaselinePeriod.Days == c.AlternativePeriod.Days
	for _, m := range totalMetrics {
		c.Differences = append(c.Differences, difference("", "", m.String(), a.total(m.String(), simulate.AllRisks), b.total(m.String(), simulate.AllRisks)))
	}
	for _, rk := range []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard} {
		c.Differences = append(c.Differences, difference("", rk.String(), "wait_mean", a.total("wait_mean", rk), b.total("wait_mean", rk)))
	}
	for ia, l := range lotsA {
		ib := slices.Index(lotsB, l)
		if ib < 0 {
			continue
		}
		for j, cm := range lotMetrics {
			c.Differences = append(c.Differences, difference(l, riskText(cm.risk), cm.m.String(),
				a.vals[ia*len(lotMetrics)+j], b.vals[ib*len(lotMetrics)+j]))
		}
	}
	// Drop figures defined in neither run, or nought in every replication
	// of both (a risk level a lot never sees, a casework lot's turned away).
	nought := func(e lotsim.Estimate) bool { return e.N == 0 || (e.Mean == 0 && !(e.Hi > 0)) }
	c.Differences = slices.DeleteFunc(c.Differences, func(d Difference) bool { return nought(d.A) && nought(d.B) })
	c.Findings = compareFindings(c)
	return c
}

// periodOf is a run's reported period.
func periodOf(r *lotsim.SimResult) Period {
	days := int(r.Model.Horizon)
	return Period{Start: r.Start, End: r.Start.AddDays(days - 1), Days: days, Years: len(r.YearLabels)}
}

// Smallest differences worth a sentence, when their interval excludes
// zero: half a day of waiting, one percentage point of a share, one person
// (a year, for counts; on the waiting list, for waiting lists).
const (
	minWaitDifference  = 0.5
	minShareDifference = 0.01
	minCountDifference = 1
)

// metricWords names a metric in a sentence.
var metricWords = map[string]string{
	"referrals": "referrals a year", "starts": "starts a year", "completions": "completed cases a year",
	"disengaged": "number giving up waiting a year", "dropped_out": "number dropping out a year", "turned_away": "number turned away a year",
	"wait_mean": "mean wait", "wait_p90": "90th percentile wait",
	"share_referred_within_target": "share of referred people seen within target",
	"within_target":                "share of starters within target",
	"mean_waiting":                 "average waiting list", "year_end_waiting": "waiting list at the end", "utilisation": "utilisation",
	"excess_cases": "cases held above capacity",
}

// findingOrder ranks metrics for the order of compare's findings: what
// people referred experience first.
var findingOrder = []string{"share_referred_within_target", "wait_p90", "wait_mean", "disengaged", "turned_away", "dropped_out",
	"year_end_waiting", "mean_waiting", "within_target", "starts", "completions", "referrals", "utilisation"}

// practical reports whether a difference is large enough to state: at
// least minWaitDifference days, minShareDifference of a share or
// minCountDifference people.
func practical(d Difference) bool {
	size := math.Abs(float64(d.Diff.Mean))
	switch d.Unit {
	case "days":
		return size >= minWaitDifference
	case "share":
		return size >= minShareDifference
	}
	return size >= minCountDifference
}

// compareFindings says in words every difference that meets the stated
// rule: its interval excludes zero and it is of practical size. They come
// in findingOrder, lot by lot in the report's order within a metric.
func compareFindings(c Comparison) []string {
	out := []string{}
	if !c.SamePeriod {
		out = append(out, fmt.Sprintf("The reported periods differ: the baseline runs %s (%s to %s), the alternative %s (%s to %s). Counts are compared as rates a year; waits, shares and waiting lists compare as they are.",
			plural(c.BaselinePeriod.Years, "contract year"), c.BaselinePeriod.Start, c.BaselinePeriod.End,
			plural(c.AlternativePeriod.Years, "contract year"), c.AlternativePeriod.Start, c.AlternativePeriod.End))
	}
	if !c.SameLots {
		out = append(out, fmt.Sprintf("The lot structures differ: %s; %s. Lots are compared by name where both have them; the totals over all lots compare the whole service.",
			lotList("only the baseline has", c.OnlyInBaseline), lotList("only the alternative has", c.OnlyInAlternative)))
	}
	// A risk level's difference that is the lot's whole difference (the
	// lot sees one risk level) says nothing more.
	whole := map[[2]string]float64{}
	for _, d := range c.Differences {
		if d.Risk == "" {
			whole[[2]string{d.Lot, d.Metric}] = float64(d.Diff.Mean)
		}
	}
	var clear []Difference
	for _, d := range c.Differences {
		if w, ok := whole[[2]string{d.Lot, d.Metric}]; d.Risk != "" && ok && w == float64(d.Diff.Mean) {
			continue
		}
		if d.Diff.N >= 2 && d.Diff.Excludes(0) && practical(d) {
			clear = append(clear, d)
		}
	}
	rank := func(m string) int {
		if i := slices.Index(findingOrder, m); i >= 0 {
			return i
		}
		return len(findingOrder)
	}
	slices.SortStableFunc(clear, func(a, b Difference) int { return rank(a.Metric) - rank(b.Metric) })
	for _, d := range clear {
		up := d.Diff.Mean > 0
		verb := "cuts"
		if up {
			verb = "raises"
		}
		lo, hi := math.Abs(float64(d.Diff.Lo)), math.Abs(float64(d.Diff.Hi))
		if lo > hi {
			lo, hi = hi, lo
		}
		what := metricWords[d.Metric]
		if what == "" {
			what = d.Metric
		}
		if d.Risk != "" {
			what = d.Risk + "-risk " + what
		}
		where := "over all lots"
		if d.Lot != "" {
			where = "at " + d.Lot
		}
		var amount string
		switch d.Unit {
		case "share":
			amount = fmt.Sprintf("by %s to %s percentage points (from %s to %s)", report.Number(100*lo, 1).Text, report.Number(100*hi, 1).Text,
				report.Percent(float64(d.A.Mean), 1).Text, report.Percent(float64(d.B.Mean), 1).Text)
		case "days":
			amount = fmt.Sprintf("by %s to %s days (from %s to %s days)", report.Number(lo, 1).Text, report.Number(hi, 1).Text,
				report.Number(float64(d.A.Mean), 1).Text, report.Number(float64(d.B.Mean), 1).Text)
		default:
			amount = fmt.Sprintf("by %s to %s (from %s to %s)", report.Number(lo, 0).Text, report.Number(hi, 0).Text,
				report.Number(float64(d.A.Mean), 0).Text, report.Number(float64(d.B.Mean), 0).Text)
		}
		out = append(out, fmt.Sprintf("The alternative %s the %s %s %s.", verb, what, where, amount))
	}
	return out
}

// shorten cuts s to at most n runes, ending with an ellipsis if cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func lotList(lead string, lots []string) string {
	if len(lots) == 0 {
		return strings.Replace(lead, "has", "has no lot of its own", 1)
	}
	return lead + " " + strings.Join(lots, ", ")
}

// compareDocument lays out a comparison.
func compareDocument(r *CompareReport, runs []*perRep, p report.Provenance) *report.Document {
	doc := &report.Document{Title: "Comparison: " + r.Scenarios[0].Name, Provenance: p}
	doc.Sections = append(doc.Sections, report.Section{Heading: "How to read this", Blocks: []report.Block{report.Paragraph(fmt.Sprintf(
		"Every scenario is simulated with seed %d and %d replications, so replication k of each sees the same referrals and draws as far as their structures agree (common random numbers). "+
			"A difference is the mean over replications of B − A within each replication, with its 95%% confidence interval; every difference whose interval excludes zero and that is at least half a day of waiting, one percentage point of a share or one person is stated in words, people's outcomes first. "+
			"Figures are over the whole period and all areas, counts as rates a year; the totals are over every lot but the front door, with the mean wait weighted by starts. A plain 0 was nought in every replication. "+
			"\"Seen within target\" is the share of people referred who started within the target; those who gave up, were turned away or were still waiting past it at the end count as missed.", r.Seed, r.Replications))}})
	for i, c := range r.Comparisons {
		b := r.Scenarios[i+1]
		sec := report.Section{Heading: fmt.Sprintf("%s against %s", b.Name, r.Scenarios[0].Name)}
		sec.Blocks = append(sec.Blocks, report.Paragraph(fmt.Sprintf("A is %s; B is %s.", c.Baseline, c.Alternative)))
		if len(c.InputChanges) == 0 {
			sec.Blocks = append(sec.Blocks, report.Paragraph("The two files give the same values."))
		} else {
			var in report.Findings
			for _, ch := range c.InputChanges {
				switch ch.Kind {
				case "added":
					in = append(in, fmt.Sprintf("%s: only B gives it, %s", ch.Path, shorten(ch.B, 48)))
				case "removed":
					in = append(in, fmt.Sprintf("%s: only A gives it, %s", ch.Path, shorten(ch.A, 48)))
				case "more":
					in = append(in, ch.B+" (--format json lists them all)")
				default:
					in = append(in, fmt.Sprintf("%s: %s → %s", ch.Path, shorten(ch.A, 40), shorten(ch.B, 40)))
				}
			}
			sec.Blocks = append(sec.Blocks, report.Paragraph(fmt.Sprintf("What differs in the inputs, A → B (%s; values as the files write them, "+
				"in full in --format json; a path can be given to sweep --vary):", plural(len(c.InputChanges), "value"))), in)
		}
		fs := report.Findings(c.Findings)
		if len(fs) == 0 {
			fs = report.Findings{"No key figure differs clearly: every interval of B − A includes zero."}
		}
		sec.Blocks = append(sec.Blocks, fs)
		t := report.Table{Title: "Paired differences, B − A",
			Columns: []report.Column{textCol("lot"), textCol("risk"), textCol("figure"), numCol("A"), numCol("B"), numCol("B − A"), numCol("95% CI")}}
		waits := report.IntervalChart{Title: "Change in the 90th percentile wait", XLabel: "days, B minus A", LowSide: "B shorter", HighSide: "B longer", Decimals: 1,
			Desc: "For each lot both scenarios have, the paired difference in the 90th percentile wait by risk level, with its 95% confidence interval; a filled dot marks an interval that excludes zero."}
		lists := report.IntervalChart{Title: "Change in the waiting list at the end", XLabel: "people, B minus A", LowSide: "B fewer", HighSide: "B more", Decimals: 0,
			Desc: "The paired difference in the number waiting at the end of the period, for each lot both scenarios have and over all lots."}
		for _, d := range c.Differences {
			lot, risk := d.Lot, d.Risk
			if lot == "" {
				lot = "all lots"
			}
			if risk == "" {
				risk = "all"
			}
			label := metricLabel(d.Metric)
			if d.Unit == "a year" {
				label += " a year"
			}
			dec, share := 0, d.Unit == "share"
			if d.Unit == "days" {
				dec = 1
			}
			var ci string
			if share {
				ci = fmt.Sprintf("%s to %s points", report.Number(100*float64(d.Diff.Lo), 1).Text, report.Number(100*float64(d.Diff.Hi), 1).Text)
				t.AddRow(strs(lot, risk, label, estPct(d.A), estPct(d.B), report.Number(100*float64(d.Diff.Mean), 1).Text+" points", ci)...)
			} else {
				ci = fmt.Sprintf("%s to %s", report.Number(float64(d.Diff.Lo), dec).Text, report.Number(float64(d.Diff.Hi), dec).Text)
				t.AddRow(strs(lot, risk, label, est(d.A, dec), est(d.B, dec), report.Number(float64(d.Diff.Mean), dec).Text, ci)...)
			}
			rowLabel := lot + ", " + risk + " risk"
			if d.Risk == "" {
				rowLabel = lot + ", all risk levels"
			}
			item := report.IntervalItem{Label: rowLabel, Estimate: float64(d.Diff.Mean), Lo: float64(d.Diff.Lo), Hi: float64(d.Diff.Hi), Risk: d.Risk}
			if d.Metric == "wait_p90" && d.Lot != "" {
				waits.Items = append(waits.Items, item)
			}
			if d.Metric == "year_end_waiting" {
				item.Label = lot
				lists.Items = append(lists.Items, item)
			}
		}
		sec.Blocks = append(sec.Blocks, t, waits, lists)
		doc.Sections = append(doc.Sections, sec)
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: "Waiting lists", Blocks: waitingCharts(r, runs)})
	return doc
}

// waitingCharts draws, for each lot in any scenario, a chart of its
// waiting list over time in every scenario that has it: a chart a lot,
// each on its own scale, so that a small lot's list is as readable as a
// large one's, with scenario A, B, ... in the same colour in each.
func waitingCharts(r *CompareReport, runs []*perRep) []report.Block {
	var lots []string
	for _, pr := range runs {
		for l := 0; l < pr.served; l++ {
			if !slices.Contains(lots, pr.res.Lots[l]) {
				lots = append(lots, pr.res.Lots[l])
			}
		}
	}
	var names []string
	for i := range runs {
		names = append(names, fmt.Sprintf("%c is %s", 'A'+i, r.Scenarios[i].Name))
	}
	var blocks []report.Block
	for _, lot := range lots {
		band := report.BandChart{Title: "Waiting list over time: " + lot, XLabel: "days from the start", YLabel: "people waiting",
			Desc: "The median waiting list of " + lot + " in each scenario across replications (line) and its 10th to 90th percentile band (shaded), sampled weekly; " +
				strings.Join(names, "; ") + ". Scenarios may start on different dates."}
		for i, pr := range runs {
			s := report.BandSeries{Name: string(rune('A' + i))}
			l := slices.Index(pr.res.Lots[:pr.served], lot)
			if l < 0 {
				s.Name += " (has no such lot)"
			} else {
				for _, b := range pr.res.Results.WaitingBands(l) {
					s.Points = append(s.Points, report.BandPoint{X: b.T, Lo: b.P10, Mid: b.P50, Hi: b.P90})
				}
			}
			band.Series = append(band.Series, s)
		}
		blocks = append(blocks, band)
	}
	return blocks
}

// compareCSV writes each comparison as tidy rows: A's and B's figures and
// the difference, with a first column saying which.
func compareCSV(w io.Writer, r *CompareReport, p *report.Provenance) error {
	var which []string
	var rows []report.TidyRow
	add := func(label string, d Difference, e lotsim.Estimate) {
		which = append(which, label)
		rows = append(rows, report.TidyRow{Lot: d.Lot, Risk: d.Risk, Metric: d.Metric, Value: float64(e.Mean), CILo: float64(e.Lo), CIHi: float64(e.Hi)})
	}
	for _, c := range r.Comparisons {
		for _, d := range c.Differences {
			add("A: "+c.Baseline, d, d.A)
			add("B: "+c.Alternative, d, d.B)
			add("B − A: "+c.Alternative+" − "+c.Baseline, d, d.Diff)
		}
	}
	return withFirstColumn("scenario", which, report.TidyTable("comparison", rows)).WriteCSV(w, p)
}
