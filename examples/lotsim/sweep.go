package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/report"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

const sweepSynopsis = `sweep [flags] FILE (--vary PATH=FROM:TO:STEP | --tornado PATH=LOW:HIGH)... [--metric [LOT:]METRIC]... [--outcome [LOT:]METRIC]

--vary sets PATH to each value from FROM to TO by STEP, in the value's own
unit (lots[Victims].service.caseworkers.fte=40:60:5, demand.streams[*].growth=0%:6%:2%,
funders[0].annual.amount=£600k:£800k:£100k); several --vary give every combination.
--tornado moves PATH to LOW and to HIGH one at a time, all else at the scenario's
values, and measures --outcome: an end written with a sign is added to the
scenario's value (demand.streams[*].growth=-1%:+1%), one written xF multiplies it
(lots[Victims].service.caseworkers.caseload_per_fte=x0.9:x1.1), any other end is
the value itself. A path is written as the loader's errors write them, with lots[NAME]
picking a list item by name and [*] every item. METRIC is a simulate metric
(share_referred_within_target, wait_p90, year_end_waiting, utilisation, ...)
or cost_per_completion, optionally after a risk level (high_risk_wait_p90).
share_referred_within_target is the share of people referred who started within
the target (giving up, being turned away or still waiting past it at the end is a
miss); within_target counts only those who started. The default --outcome is
share_referred_within_target of the first lot with targets. Every point uses the
same seed (common random numbers).`

// SweepReport is the stable JSON form of `lotsim sweep --format json`.
// Fields are only ever added, never renamed or removed.
type SweepReport struct {
	Scenario     string `json:"scenario"`
	File         string `json:"file"`
	SHA256       string `json:"sha256"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"` // of each point (the first point's, under a stopping rule)
	Version      string `json:"lotsim_version"`
	Date         string `json:"date"`
	// Vary lists the varied paths and their values; Points every
	// combination, the last path varying fastest.
	Vary    []SweepParameter `json:"vary"`
	Points  []SweepPoint     `json:"points"`
	Tornado *Tornado         `json:"tornado"` // null without --tornado
}

// SweepParameter is one --vary: a path and the values it takes.
type SweepParameter struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// SweepPoint is one combination of values and its results.
type SweepPoint struct {
	Settings []Setting     `json:"settings"`
	Results  []SweepResult `json:"results"`
}

// Setting is a path and the value it was given.
type Setting struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// SweepResult is one result over the whole period and all areas: a metric
// of a lot at a risk level ("" for all). Cost per completion has no
// interval.
type SweepResult struct {
	Lot      string          `json:"lot"`
	Risk     string          `json:"risk"`
	Metric   string          `json:"metric"` // a simulate metric name or cost_per_completion
	Estimate lotsim.Estimate `json:"estimate"`
}

// Tornado is one-at-a-time sensitivity of one outcome.
type Tornado struct {
	Outcome    SweepResult        `json:"outcome"` // at the scenario's own values: the baseline
	Parameters []TornadoParameter `json:"parameters"`
}

// TornadoParameter is the outcome with one path at its low and its high
// end. Low and High are the ends as given ("-1%", "x0.9", "40"); Swing is
// the high outcome's mean minus the low one's.
type TornadoParameter struct {
	Path        string          `json:"path"`
	Low         string          `json:"low"`
	High        string          `json:"high"`
	LowOutcome  lotsim.Estimate `json:"low_outcome"`
	HighOutcome lotsim.Estimate `json:"high_outcome"`
	Swing       lotsim.Float    `json:"swing"`
}

// selector picks a result: a lot ("" for each), a risk and a metric.
type selector struct {
	lot    string
	risk   lotting.Risk
	metric string
}

func (s selector) String() string {
	out := s.metric
	if s.risk != simulate.AllRisks {
		out = s.risk.String() + "_risk_" + out
	}
	if s.lot != "" {
		out = s.lot + ":" + out
	}
	return out
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
			return sel, errUsage{fmt.Sprintf("%q: want [LOT:][RISK_risk_]METRIC with METRIC one of %s or cost_per_completion, e.g. Victims:high_risk_wait_p90", s, metricList())}
		}
	}
	sel.metric = name
	return sel, nil
}

func metricList() string {
	var names []string
	for m := simulate.Metric(0); m < simulate.NumMetrics; m++ {
		names = append(names, m.String())
	}
	return strings.Join(names, ", ")
}

// measure reads a selected result from a simulation.
func measure(res *lotsim.SimResult, sel selector, lot int) lotsim.Estimate {
	if sel.metric == "cost_per_completion" {
		if sel.risk != simulate.AllRisks {
			return lotsim.Estimate{Mean: lotsim.Float(math.NaN()), Lo: lotsim.Float(math.NaN()), Hi: lotsim.Float(math.NaN())}
		}
		c, ok := res.Results.CostPerCompletion(lot, simulate.AllYears)
		v := math.NaN()
		if ok {
			v = c.Float64()
		}
		return lotsim.Estimate{Mean: lotsim.Float(v), Lo: lotsim.Float(math.NaN()), Hi: lotsim.Float(math.NaN()), N: res.Replications}
	}
	m, _ := simulate.ParseMetric(sel.metric)
	return lotsim.MetricEstimate(res.Results.Cell(lot, simulate.AllYears, simulate.AllAreas, sel.risk), m)
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// maxSweepPoints bounds the combinations of one sweep.
const maxSweepPoints = 200

func runSweep(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sweep", sweepSynopsis, stderr)
	var f simFlags
	f.register(fs)
	var vary, tornado, metrics multiFlag
	fs.Var(&vary, "vary", "vary `PATH=FROM:TO:STEP` (repeatable: every combination)")
	fs.Var(&tornado, "tornado", "move `PATH=LOW:HIGH` one at a time for a tornado of --outcome (repeatable)")
	fs.Var(&metrics, "metric", "tabulate `[LOT:]METRIC` for each point (repeatable; default: waits, targets, waiting list, utilisation and cost of every lot)")
	outcome := fs.String("outcome", "", "the `[LOT:]METRIC` a tornado measures (default: share_referred_within_target of the first lot with targets; default lot: the first)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "lotsim sweep: name exactly one scenario file, e.g. lotsim sweep scenarios/staffordshire-2023.yaml --vary 'lots[Victims].service.caseworkers.cost_per_fte=£38k:£44k:£2k'")
		return exitInvalid
	}
	if len(vary) == 0 && len(tornado) == 0 {
		fmt.Fprintln(stderr, "lotsim sweep: give at least one --vary PATH=FROM:TO:STEP or --tornado PATH=LOW:HIGH; see lotsim sweep --help")
		return exitInvalid
	}
	s, data, ok := loadScenario("sweep", files[0], stderr)
	if !ok {
		return exitInvalid
	}
	opt, err := f.options(s)
	if err != nil {
		return simExit("sweep", err, stderr)
	}
	seed := s.Simulation.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	opt.Seed = &seed // every point shares the seed, whatever it sets

	params, err := parseVary(vary)
	if err != nil {
		return simExit("sweep", err, stderr)
	}
	var sels []selector
	for _, m := range metrics {
		sel, err := parseSelector(m)
		if err != nil {
			return simExit("sweep", fmt.Errorf("--metric %w", err), stderr)
		}
		sels = append(sels, sel)
	}
	out := &SweepReport{Scenario: s.Name, File: s.File, SHA256: s.SHA256, Seed: seed, Version: lotsim.Version, Vary: params, Points: []SweepPoint{}}

	// simulateWith applies overrides and simulates; a scenario the
	// overrides make invalid is invalid input.
	rules := s.Simulation.StoppingRule
	// Off a terminal, a line now and then says how many points are done,
	// besides each long point's own lines; on a terminal each point draws
	// its bar.
	points := len(combinations(params))
	if len(tornado) > 0 {
		points += 1 + 2*len(tornado)
	}
	var pointsDone int
	pointProgress := newProgress(stderr, f.quiet, "Sweeping "+files[0], "points")
	if pointProgress.mode == progressBar {
		pointProgress.mode = progressOff
	}
	simulateWith := func(label string, ovs []lotsim.Override) (*lotsim.SimResult, error) {
		ps, err := lotsim.ApplyOverrides(files[0], data, ovs...)
		if err != nil {
			return nil, errUsage{fmt.Sprintf("%s is not a valid scenario with %s:\n%s", files[0], label, indent(err.Error()))}
		}
		ps.Simulation.StoppingRule = rules
		res, err := f.simulate(ps, opt, "Sweeping "+label, stderr)
		pointsDone++
		pointProgress.update(pointsDone, points)
		return res, err
	}

	var first *lotsim.SimResult
	for _, settings := range combinations(params) {
		var ovs []lotsim.Override
		var labels []string
		for _, st := range settings {
			ovs = append(ovs, lotsim.Override{Path: st.Path, Value: st.Value})
			labels = append(labels, st.Path+"="+st.Value)
		}
		res, err := simulateWith(strings.Join(labels, ", "), ovs)
		if err != nil {
			return simExit("sweep", err, stderr)
		}
		if first == nil {
			first = res
		}
		pt := SweepPoint{Settings: settings}
		for _, sel := range sweepSelectors(res, sels) {
			lot, _ := res.LotIndex(sel.lot)
			pt.Results = append(pt.Results, SweepResult{Lot: sel.lot, Risk: riskText(sel.risk), Metric: sel.metric, Estimate: measure(res, sel, lot)})
		}
		out.Points = append(out.Points, pt)
	}

	if len(tornado) > 0 {
		base, err := simulateWith("the scenario's own values", nil)
		if err != nil {
			return simExit("sweep", err, stderr)
		}
		if *outcome == "" {
			*outcome = defaultOutcome(base)
		}
		sel, err := parseSelector(*outcome)
		if err != nil {
			return simExit("sweep", fmt.Errorf("--outcome %w", err), stderr)
		}
		if first == nil {
			first = base
		}
		if sel.lot == "" {
			sel.lot = base.Lots[0]
		}
		lot, ok := base.LotIndex(sel.lot)
		if !ok {
			return simExit("sweep", errUsage{fmt.Sprintf("--outcome: no lot %q; lots: %s", sel.lot, strings.Join(base.Lots, ", "))}, stderr)
		}
		t := &Tornado{Outcome: SweepResult{Lot: sel.lot, Risk: riskText(sel.risk), Metric: sel.metric, Estimate: measure(base, sel, lot)}}
		for _, spec := range tornado {
			path, rest, ok := lotsim.SplitAssignment(spec)
			ends := strings.Split(rest, ":")
			if !ok || len(ends) != 2 {
				return simExit("sweep", errUsage{fmt.Sprintf("--tornado %q: write PATH=LOW:HIGH, e.g. demand.streams[*].growth=-1%%:+1%%", spec)}, stderr)
			}
			tp := TornadoParameter{Path: path, Low: strings.TrimSpace(ends[0]), High: strings.TrimSpace(ends[1])}
			for i, end := range []string{tp.Low, tp.High} {
				ov := tornadoOverride(path, end)
				res, err := simulateWith(ov.String(), []lotsim.Override{ov})
				if err != nil {
					return simExit("sweep", err, stderr)
				}
				e := measure(res, sel, lot)
				if i == 0 {
					tp.LowOutcome = e
				} else {
					tp.HighOutcome = e
				}
			}
			tp.Swing = tp.HighOutcome.Mean - tp.LowOutcome.Mean
			t.Parameters = append(t.Parameters, tp)
		}
		out.Tornado = t
	}
	out.Replications = first.Replications
	p := provenance(first, s)
	out.Date = p.Date.Format("2006-01-02")
	return f.write("sweep", output{doc: sweepDocument(out, p), json: out, csv: func(w io.Writer, p *report.Provenance) error {
		return sweepCSV(w, out, p)
	}}, stdout, stderr)
}

// tornadoOverride reads one end of a --tornado range: +D or -D adds, xF
// or *F scales, anything else sets.
func tornadoOverride(path, end string) lotsim.Override {
	switch {
	case strings.HasPrefix(end, "+") || strings.HasPrefix(end, "-"):
		return lotsim.Override{Path: path, Op: lotsim.Add, Value: end}
	case strings.HasPrefix(end, "x") || strings.HasPrefix(end, "*") || strings.HasPrefix(end, "×"):
		return lotsim.Override{Path: path, Op: lotsim.Scale, Value: strings.TrimLeft(end, "x*×")}
	}
	return lotsim.Override{Path: path, Value: end}
}

func riskText(r lotting.Risk) string {
	if r == simulate.AllRisks {
		return ""
	}
	return r.String()
}

// parseVary reads --vary flags into paths and values.
func parseVary(vary []string) ([]SweepParameter, error) {
	params := []SweepParameter{}
	total := 1
	for _, v := range vary {
		path, rest, ok := lotsim.SplitAssignment(v)
		if !ok || path == "" || rest == "" {
			return nil, errUsage{fmt.Sprintf("--vary %q: write PATH=FROM:TO:STEP, e.g. lots[Victims].service.caseworkers.fte=40:60:5", v)}
		}
		parts := strings.Split(rest, ":")
		var values []string
		switch len(parts) {
		case 1:
			values = []string{rest}
		case 3:
			var err error
			if values, err = lotsim.Range(parts[0], parts[1], parts[2]); err != nil {
				return nil, errUsage{fmt.Sprintf("--vary %q: %v", v, err)}
			}
		default:
			return nil, errUsage{fmt.Sprintf("--vary %q: write PATH=FROM:TO:STEP (three parts), or PATH=VALUE", v)}
		}
		total *= len(values)
		if total > maxSweepPoints {
			return nil, errUsage{fmt.Sprintf("the --vary ranges give more than %d combinations; use larger steps or fewer paths", maxSweepPoints)}
		}
		params = append(params, SweepParameter{Path: path, Values: values})
	}
	return params, nil
}

// combinations lists every combination of the parameters' values, the
// last varying fastest; none without parameters.
func combinations(params []SweepParameter) [][]Setting {
	if len(params) == 0 {
		return nil
	}
	out := [][]Setting{{}}
	for _, p := range params {
		var next [][]Setting
		for _, prefix := range out {
			for _, v := range p.Values {
				next = append(next, append(append([]Setting{}, prefix...), Setting{Path: p.Path, Value: v}))
			}
		}
		out = next
	}
	return out
}

// sweepSelectors expands the chosen selectors over lots, or gives the
// default results of every served lot.
func sweepSelectors(res *lotsim.SimResult, sels []selector) []selector {
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

func hasTargets(l simulate.Lot) bool { return l.Targets != [3]float64{} }

// defaultOutcome is the tornado's outcome when none is given: the share of
// referred people seen within target at the first lot with targets, or the
// first lot's 90th percentile wait if none has any.
func defaultOutcome(res *lotsim.SimResult) string {
	for i, l := range res.Model.Lots {
		if hasTargets(l) {
			return res.Lots[i] + ":" + simulate.ReferredWithinTarget.String()
		}
	}
	return "wait_p90"
}

// sweepDocument lays out a sweep.
func sweepDocument(r *SweepReport, p report.Provenance) *report.Document {
	doc := &report.Document{Title: "Sweep: " + r.Scenario, Provenance: p}
	intro := []report.Block{report.Paragraph(fmt.Sprintf("Every point is simulated with seed %d and %d replications, so differences between points come from the values varied, not from chance draws (common random numbers). Results are over the whole period and all areas; ± gives the half-width of the 95%% confidence interval; a plain 0 was nought in every replication.", r.Seed, r.Replications))}
	doc.Sections = append(doc.Sections, report.Section{Heading: "How to read this", Blocks: intro})
	if len(r.Points) > 0 {
		var lots []string
		for _, res := range r.Points[0].Results {
			if !containsStr(lots, res.Lot) {
				lots = append(lots, res.Lot)
			}
		}
		var blocks []report.Block
		var paths, varied []string
		for _, v := range r.Vary {
			paths = append(paths, v.Path)
		}
		labels := pathLabels(paths)
		for i, v := range r.Vary {
			values := make([]string, len(v.Values))
			for k, x := range v.Values {
				values[k] = valueText(x)
			}
			what := v.Path
			if labels[i] != v.Path {
				what = fmt.Sprintf("%s (%s)", labels[i], v.Path)
			}
			varied = append(varied, fmt.Sprintf("%s over %s", what, strings.Join(values, ", ")))
		}
		blocks = append(blocks, report.Paragraph("Varied: "+strings.Join(varied, "; ")+"."))
		for _, lot := range lots {
			t := report.Table{Title: lot}
			for i := range r.Vary {
				t.Columns = append(t.Columns, textCol(labels[i]))
			}
			for _, res := range r.Points[0].Results {
				if res.Lot == lot {
					t.Columns = append(t.Columns, numCol(resultName(res)))
				}
			}
			for _, pt := range r.Points {
				var cells []string
				for _, st := range pt.Settings {
					cells = append(cells, valueText(st.Value))
				}
				for _, res := range pt.Results {
					if res.Lot == lot {
						cells = append(cells, resultText(res))
					}
				}
				t.AddRow(strs(cells...)...)
			}
			blocks = append(blocks, t)
		}
		doc.Sections = append(doc.Sections, report.Section{Heading: "Sweep", Blocks: blocks})
	}
	if t := r.Tornado; t != nil {
		o := t.Outcome
		name := resultName(o)
		tab := report.Table{Title: "One at a time: " + o.Lot + ", " + name,
			Columns: []report.Column{textCol("path"), textCol("low"), textCol("high"), numCol("at low"), numCol("at high"), numCol("swing (high − low)")}}
		chart := report.TornadoChart{Title: "Sensitivity of " + o.Lot + ", " + chartName(o), XLabel: chartName(o), Baseline: float64(o.Estimate.Mean), Decimals: decimalsFor(o.Metric),
			Desc: "Each bar runs from the outcome with every value at the scenario's own to the outcome with one path moved to its low or high end; the widest swing is on top."}
		for _, tp := range t.Parameters {
			tab.AddRow(strs(tp.Path, valueText(tp.Low), valueText(tp.High), resultText(SweepResult{Metric: o.Metric, Estimate: tp.LowOutcome}),
				resultText(SweepResult{Metric: o.Metric, Estimate: tp.HighOutcome}), swingText(o.Metric, float64(tp.Swing)))...)
			chart.Items = append(chart.Items, report.TornadoItem{Label: tp.Path, Low: float64(tp.LowOutcome.Mean), High: float64(tp.HighOutcome.Mean), LowInput: valueText(tp.Low), HighInput: valueText(tp.High)})
		}
		tab.Notes = []string{"A low or high written with a sign is added to the scenario's value; one written xF multiplies it; any other is the value itself."}
		doc.Sections = append(doc.Sections, report.Section{Heading: "Sensitivity (tornado)", Blocks: []report.Block{
			report.Paragraph(fmt.Sprintf("With every value at the scenario's own, %s of %s is %s.", name, o.Lot, resultText(o))), tab, chart}})
	}
	return doc
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// resultName names a result for a column, in words: "high-risk 90th
// percentile wait (days)".
func resultName(r SweepResult) string {
	name := metricLabel(r.Metric)
	if r.Risk != "" {
		name = r.Risk + "-risk " + name
	}
	return name
}

// chartName is a result's name in words for a chart's title and axis:
// "standard risk 90th percentile wait (days)", not "wait_p90".
func chartName(r SweepResult) string {
	words := map[string]string{
		"wait_mean": "mean wait", "wait_median": "median wait", "wait_p90": "90th percentile wait", "wait_p95": "95th percentile wait",
		"within_target": "share within target", "cost_per_completion": "cost per completed case",
	}
	w, ok := words[r.Metric]
	if !ok {
		w = strings.ReplaceAll(r.Metric, "_", " ")
	}
	return strings.Replace(resultName(r), r.Metric, w, 1)
}

// isShare reports whether a metric is a fraction shown as a percentage.
func isShare(metric string) bool {
	m, err := simulate.ParseMetric(metric)
	return err == nil && lotsim.IsShare(m)
}

func decimalsFor(metric string) int {
	switch {
	case strings.HasPrefix(metric, "wait_"):
		return 1
	case isShare(metric):
		return 3
	case metric == "cost_per_completion":
		return 2
	}
	return 0
}

// resultText formats a result with its interval.
func resultText(r SweepResult) string {
	switch {
	case isShare(r.Metric):
		return estPct(r.Estimate)
	case r.Metric == "cost_per_completion":
		if math.IsNaN(float64(r.Estimate.Mean)) {
			return "n/a"
		}
		m, err := funding.ParseMoney(fmt.Sprintf("%.2f", float64(r.Estimate.Mean)))
		if err != nil {
			return "n/a"
		}
		return m.String()
	}
	return est(r.Estimate, decimalsFor(r.Metric))
}

func swingText(metric string, v float64) string {
	if isShare(metric) {
		return report.Number(100*v, 1).Text + " points"
	}
	return report.Number(v, decimalsFor(metric)).Text
}

// sweepCSV writes a sweep as tidy rows with a first column naming the
// point: its settings, "baseline", or a tornado end.
func sweepCSV(w io.Writer, r *SweepReport, p *report.Provenance) error {
	var points []string
	var rows []report.TidyRow
	row := func(point string, res SweepResult) {
		points = append(points, point)
		rows = append(rows, report.TidyRow{Lot: res.Lot, Risk: res.Risk, Metric: res.Metric,
			Value: float64(res.Estimate.Mean), CILo: float64(res.Estimate.Lo), CIHi: float64(res.Estimate.Hi)})
	}
	for _, pt := range r.Points {
		var labels []string
		for _, st := range pt.Settings {
			labels = append(labels, st.Path+"="+st.Value)
		}
		for _, res := range pt.Results {
			row(strings.Join(labels, "; "), res)
		}
	}
	if t := r.Tornado; t != nil {
		row("baseline", t.Outcome)
		for _, tp := range t.Parameters {
			low, high := t.Outcome, t.Outcome
			low.Estimate, high.Estimate = tp.LowOutcome, tp.HighOutcome
			row("tornado "+tp.Path+" low "+tp.Low, low)
			row("tornado "+tp.Path+" high "+tp.High, high)
		}
	}
	return withFirstColumn("point", points, report.TidyTable("sweep", rows)).WriteCSV(w, p)
}

// withFirstColumn puts a text column before a table's columns.
func withFirstColumn(header string, values []string, t report.Table) *report.Table {
	t.Columns = append([]report.Column{textCol(header)}, t.Columns...)
	for i := range t.Rows {
		t.Rows[i] = append([]report.Cell{report.Str(values[i])}, t.Rows[i]...)
	}
	return &t
}
