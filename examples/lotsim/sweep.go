package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
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

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func runSweep(args []string, stdout, stderr io.Writer) int {
	return runSweepWith(args, stdout, stderr, nil)
}

// runSweepWith is sweep; rp, if not nil, replays partial files (merge).
func runSweepWith(args []string, stdout, stderr io.Writer, rp *replayer) int {
	fs := newFlagSet("sweep", sweepSynopsis, stderr)
	var f simFlags
	f.register(fs)
	defer f.startParts("sweep", args, rp)()
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
	s, ok := f.loadScenario("sweep", files[0], stderr)
	if !ok {
		return exitInvalid
	}
	opt, err := f.options(s)
	if err != nil {
		return simExit("sweep", err, stderr)
	}
	// Off a terminal, a line now and then says how many points are done,
	// besides each long point's own lines; on a terminal each point draws
	// its bar.
	pointProgress := newProgress(stderr, f.quiet, "Sweeping "+files[0], "points")
	if pointProgress.mode == progressBar {
		pointProgress.mode = progressOff
	}
	out, err := lotsim.Sweep(interrupt, s, lotsim.SweepOptions{Sim: opt, Vary: vary, Tornado: tornado, Metrics: metrics, Outcome: *outcome,
		Point: func(i, n int, label string) (func(int, int), func()) {
			bar := newProgress(stderr, f.quiet, "Sweeping "+label, "replications")
			return bar.update, func() {
				bar.finish()
				pointProgress.update(i+1, n)
			}
		}})
	if err != nil {
		return simExit("sweep", err, stderr)
	}
	p := provenance(nil, s)
	p.Seed, p.Replications = out.Seed, out.Replications
	out.Date = p.Date.Format("2006-01-02")
	return f.write("sweep", output{doc: sweepDocument(out, p), json: out, csv: func(w io.Writer, p *render.Provenance) error {
		return sweepCSV(w, out, p)
	}}, stdout, stderr)
}

// sweepDocument lays out a sweep.
func sweepDocument(r *report.Sweep, p render.Provenance) *render.Document {
	doc := &render.Document{Title: "Sweep: " + r.Scenario, Provenance: p}
	intro := []render.Block{render.Paragraph(fmt.Sprintf("Every point is simulated with seed %d and %d replications, so differences between points come from the values varied, not from chance draws (common random numbers). Results are over the whole period and all areas; ± gives the half-width of the 95%% confidence interval; a plain 0 was nought in every replication.", r.Seed, r.Replications))}
	doc.Sections = append(doc.Sections, render.Section{Heading: "How to read this", Blocks: intro})
	if len(r.Points) > 0 {
		var lots []string
		for _, res := range r.Points[0].Results {
			if !containsStr(lots, res.Lot) {
				lots = append(lots, res.Lot)
			}
		}
		var blocks []render.Block
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
		blocks = append(blocks, render.Paragraph("Varied: "+strings.Join(varied, "; ")+"."))
		for _, lot := range lots {
			t := render.Table{Title: lot}
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
		doc.Sections = append(doc.Sections, render.Section{Heading: "Sweep", Blocks: blocks})
	}
	if t := r.Tornado; t != nil {
		o := t.Outcome
		name := resultName(o)
		tab := render.Table{Title: "One at a time: " + o.Lot + ", " + name,
			Columns: []render.Column{textCol("path"), textCol("low"), textCol("high"), numCol("at low"), numCol("at high"), numCol("swing (high − low)")}}
		chart := render.TornadoChart{Title: "Sensitivity of " + o.Lot + ", " + chartName(o), XLabel: chartName(o), Baseline: float64(o.Estimate.Mean), Decimals: decimalsFor(o.Metric),
			Desc: "Each bar runs from the outcome with every value at the scenario's own to the outcome with one path moved to its low or high end; the widest swing is on top."}
		for _, tp := range t.Parameters {
			tab.AddRow(strs(tp.Path, valueText(tp.Low), valueText(tp.High), resultText(report.SweepResult{Metric: o.Metric, Estimate: tp.LowOutcome}),
				resultText(report.SweepResult{Metric: o.Metric, Estimate: tp.HighOutcome}), swingText(o.Metric, float64(tp.Swing)))...)
			chart.Items = append(chart.Items, render.TornadoItem{Label: tp.Path, Low: float64(tp.LowOutcome.Mean), High: float64(tp.HighOutcome.Mean), LowInput: valueText(tp.Low), HighInput: valueText(tp.High)})
		}
		tab.Notes = []string{"A low or high written with a sign is added to the scenario's value; one written xF multiplies it; any other is the value itself."}
		doc.Sections = append(doc.Sections, render.Section{Heading: "Sensitivity (tornado)", Blocks: []render.Block{
			render.Paragraph(fmt.Sprintf("With every value at the scenario's own, %s of %s is %s.", name, o.Lot, resultText(o))), tab, chart}})
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
func resultName(r report.SweepResult) string {
	name := metricLabel(r.Metric)
	if r.Risk != "" {
		name = r.Risk + "-risk " + name
	}
	return name
}

// chartName is a result's name in words for a chart's title and axis:
// "standard risk 90th percentile wait (days)", not "wait_p90".
func chartName(r report.SweepResult) string {
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
	return err == nil && report.IsShare(m)
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
func resultText(r report.SweepResult) string {
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
		return render.Number(100*v, 1).Text + " points"
	}
	return render.Number(v, decimalsFor(metric)).Text
}

// sweepCSV writes a sweep as tidy rows with a first column naming the
// point: its settings, "baseline", or a tornado end.
func sweepCSV(w io.Writer, r *report.Sweep, p *render.Provenance) error {
	var points []string
	var rows []render.TidyRow
	row := func(point string, res report.SweepResult) {
		points = append(points, point)
		rows = append(rows, render.TidyRow{Lot: res.Lot, Risk: res.Risk, Metric: res.Metric,
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
	return withFirstColumn("point", points, render.TidyTable("sweep", rows)).WriteCSV(w, p)
}

// withFirstColumn puts a text column before a table's columns.
func withFirstColumn(header string, values []string, t render.Table) *render.Table {
	t.Columns = append([]render.Column{textCol(header)}, t.Columns...)
	for i := range t.Rows {
		t.Rows[i] = append([]render.Cell{render.Str(values[i])}, t.Rows[i]...)
	}
	return &t
}
