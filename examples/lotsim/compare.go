package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

const compareSynopsis = "compare [--replications N] [--seed N] [--workers N] [--horizon H] [--shard K/N --partial FILE] [--quiet] [--format text|markdown|json|csv] [--report DIR] A.yaml B.yaml..."

func runCompare(args []string, stdout, stderr io.Writer) int {
	return runCompareWith(args, stdout, stderr, nil)
}

// runCompareWith is compare; rp, if not nil, replays partial files (merge).
func runCompareWith(args []string, stdout, stderr io.Writer, rp *replayer) int {
	fs := newFlagSet("compare", compareSynopsis, stderr)
	var f simFlags
	f.register(fs)
	defer f.startParts("compare", args, rp)()
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
	var ss []*scenario.Scenario
	for _, file := range files {
		s, ok := f.loadScenario("compare", file, stderr)
		if !ok {
			return exitInvalid
		}
		ss = append(ss, s)
	}
	opt, err := f.options(ss[0])
	if err != nil {
		return simExit("compare", err, stderr)
	}
	// lotsim.Compare runs every scenario with the baseline's seed and
	// replications unless given.
	if n := cmp.Or(opt.Replications, ss[0].Simulation.Replications, scenario.DefaultReplications); n < 2 {
		fmt.Fprintln(stderr, "lotsim compare: paired differences need at least 2 replications")
		return exitInvalid
	}
	var runs []*lotsim.SimResult
	out, err := lotsim.Compare(interrupt, ss, lotsim.CompareOptions{Sim: opt, Start: func(i int, s *scenario.Scenario) (func(int, int), func()) {
		bar := newProgress(stderr, f.quiet, "Simulating "+files[i], "replications")
		return bar.update, bar.finish
	}, Result: func(_ int, res *lotsim.SimResult) { runs = append(runs, res) }})
	if err != nil {
		return simExit("compare", err, stderr)
	}
	p := provenance(runs[0], ss...)
	out.Date = p.Date.Format("2006-01-02")
	return f.write("compare", output{doc: compareDocument(out, runs, p), json: out, csv: func(w io.Writer, p *render.Provenance) error {
		return compareCSV(w, out, p)
	}}, stdout, stderr)
}

// shorten cuts s to at most n runes, ending with an ellipsis if cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// compareDocument lays out a comparison.
func compareDocument(r *report.Compare, runs []*lotsim.SimResult, p render.Provenance) *render.Document {
	doc := &render.Document{Title: "Comparison: " + r.Scenarios[0].Name, Provenance: p}
	doc.Sections = append(doc.Sections, render.Section{Heading: "How to read this", Blocks: []render.Block{render.Paragraph(fmt.Sprintf(
		"Every scenario is simulated with seed %d and %d replications, so replication k of each sees the same referrals and draws as far as their structures agree (common random numbers). "+
			"A difference is the mean over replications of B − A within each replication, with its 95%% confidence interval; every difference whose interval excludes zero and that is at least half a day of waiting, one percentage point of a share or one person is stated in words, people's outcomes first. "+
			"Figures are over the whole period and all areas, counts as rates a year; the totals are over every lot but the front door, with the mean wait weighted by starts. A plain 0 was nought in every replication. "+
			"\"Seen within target\" is the share of people referred who started within the target; those who gave up, were turned away or were still waiting past it at the end count as missed.", r.Seed, r.Replications))}})
	for i, c := range r.Comparisons {
		b := r.Scenarios[i+1]
		sec := render.Section{Heading: fmt.Sprintf("%s against %s", b.Name, r.Scenarios[0].Name)}
		sec.Blocks = append(sec.Blocks, render.Paragraph(fmt.Sprintf("A is %s; B is %s.", c.Baseline, c.Alternative)))
		if len(c.InputChanges) == 0 {
			sec.Blocks = append(sec.Blocks, render.Paragraph("The two files give the same values."))
		} else {
			var in render.Findings
			for _, ch := range c.InputChanges {
				switch ch.Kind {
				case "added":
					in = append(in, fmt.Sprintf("%s: only B gives it, %s", ch.Path, shorten(ch.B, 48)))
				case "removed":
					in = append(in, fmt.Sprintf("%s: only A gives it, %s", ch.Path, shorten(ch.A, 48)))
				case "more":
					in = append(in, ch.B+" (--format json lists them all)")
				default:
					line := fmt.Sprintf("%s: %s → %s", ch.Path, shorten(ch.A, 40), shorten(ch.B, 40))
					switch ch.Path {
					case "simulation.seed":
						line += fmt.Sprintf(" (not used here: both run with seed %d)", r.Seed)
					case "simulation.replications":
						line += fmt.Sprintf(" (not used here: both run %d replications)", r.Replications)
					}
					in = append(in, line)
				}
			}
			sec.Blocks = append(sec.Blocks, render.Paragraph(fmt.Sprintf("What differs in the inputs, A → B (%s; values as the files write them, "+
				"in full in --format json; a path can be given to sweep --vary):", plural(len(c.InputChanges), "value"))), in)
		}
		fs := render.Findings(c.Findings)
		if len(fs) == 0 {
			fs = render.Findings{"No key figure differs clearly: every interval of B − A includes zero."}
		}
		sec.Blocks = append(sec.Blocks, render.Paragraph("What differs in the results, B − A:"), fs)
		t := render.Table{Title: "Paired differences, B − A",
			Columns: []render.Column{textCol("lot"), textCol("risk"), textCol("figure"), numCol("A"), numCol("B"), numCol("B − A"), numCol("95% CI")}}
		waits := render.IntervalChart{Title: "Change in the 90th percentile wait", XLabel: "days, B minus A", LowSide: "B shorter", HighSide: "B longer", Decimals: 1,
			Desc: "For each lot both scenarios have, the paired difference in the 90th percentile wait by risk level, with its 95% confidence interval; a filled dot marks an interval that excludes zero."}
		groups := render.Table{Title: "Paired differences by client group over all lots, B − A",
			Columns: []render.Column{textCol("client group"), textCol("figure"), numCol("A"), numCol("B"), numCol("B − A"), numCol("95% CI")}}
		lists := render.IntervalChart{Title: "Change in the waiting list at the end", XLabel: "people, B minus A", LowSide: "B fewer", HighSide: "B more", Decimals: 0,
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
			if g := d.ClientGroup; g != "" && g != report.AllGroups {
				ci = fmt.Sprintf("%s to %s", render.Number(float64(d.Diff.Lo), dec).Text, render.Number(float64(d.Diff.Hi), dec).Text)
				groups.AddRow(strs(report.GroupWords(g), label, est(d.A, dec), est(d.B, dec), render.Number(float64(d.Diff.Mean), dec).Text, ci)...)
				continue
			}
			if share {
				ci = fmt.Sprintf("%s to %s points", render.Number(100*float64(d.Diff.Lo), 1).Text, render.Number(100*float64(d.Diff.Hi), 1).Text)
				t.AddRow(strs(lot, risk, label, estPct(d.A), estPct(d.B), render.Number(100*float64(d.Diff.Mean), 1).Text+" points", ci)...)
			} else {
				ci = fmt.Sprintf("%s to %s", render.Number(float64(d.Diff.Lo), dec).Text, render.Number(float64(d.Diff.Hi), dec).Text)
				t.AddRow(strs(lot, risk, label, est(d.A, dec), est(d.B, dec), render.Number(float64(d.Diff.Mean), dec).Text, ci)...)
			}
			rowLabel := lot + ", " + risk + " risk"
			if d.Risk == "" {
				rowLabel = lot + ", all risk levels"
			}
			item := render.IntervalItem{Label: rowLabel, Estimate: float64(d.Diff.Mean), Lo: float64(d.Diff.Lo), Hi: float64(d.Diff.Hi), Risk: d.Risk}
			if d.Metric == "wait_p90" && d.Lot != "" {
				waits.Items = append(waits.Items, item)
			}
			if d.Metric == "year_end_waiting" {
				item.Label = lot
				lists.Items = append(lists.Items, item)
			}
		}
		sec.Blocks = append(sec.Blocks, t)
		if len(groups.Rows) > 0 {
			groups.Notes = []string{"One of the two puts perpetrators in the same contract as victims, so no lot of one matches the other's perpetrator lot by name. " +
				"These rows count each client group's people wherever they are served, over every lot but the front door, so that perpetrators and victims compare like for like; the mean wait is weighted by starts."}
			sec.Blocks = append(sec.Blocks, groups)
		}
		sec.Blocks = append(sec.Blocks, waits, lists)
		doc.Sections = append(doc.Sections, sec)
	}
	if sec, ok := structureSection(r); ok {
		doc.Sections = append(doc.Sections, sec)
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "Waiting lists", Blocks: waitingCharts(r, runs)})
	return doc
}

// waitingCharts draws, for each lot in any scenario, a chart of its
// waiting list over time in every scenario that has it: a chart a lot,
// each on its own scale, so that a small lot's list is as readable as a
// large one's, with scenario A, B, ... in the same colour in each.
func waitingCharts(r *report.Compare, runs []*lotsim.SimResult) []render.Block {
	var lots []string
	for _, sc := range r.Scenarios {
		for _, l := range sc.Lots {
			if !slices.Contains(lots, l) {
				lots = append(lots, l)
			}
		}
	}
	var names []string
	for i := range r.Scenarios {
		names = append(names, fmt.Sprintf("%c is %s", 'A'+i, r.Scenarios[i].Name))
	}
	var blocks []render.Block
	for _, lot := range lots {
		band := render.BandChart{Title: "Waiting list over time: " + lot, XLabel: "days from the start", YLabel: "people waiting",
			Desc: "The median waiting list of " + lot + " in each scenario across replications (line) and its 10th to 90th percentile band (shaded), sampled weekly; " +
				strings.Join(names, "; ") + ". Scenarios may start on different dates."}
		for i, res := range runs {
			s := render.BandSeries{Name: string(rune('A' + i))}
			l := slices.Index(r.Scenarios[i].Lots, lot)
			if l < 0 {
				s.Name += " (has no such lot)"
			} else {
				for _, b := range res.Results.WaitingBands(l) {
					s.Points = append(s.Points, render.BandPoint{X: b.T, Lo: b.P10, Mid: b.P50, Hi: b.P90})
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
func compareCSV(w io.Writer, r *report.Compare, p *render.Provenance) error {
	var which []string
	var rows []render.TidyRow
	add := func(label string, d report.Difference, e report.Estimate) {
		which = append(which, label)
		rows = append(rows, render.TidyRow{Lot: d.Lot, Risk: d.Risk, ClientGroup: d.ClientGroup, Metric: d.Metric, Value: float64(e.Mean), CILo: float64(e.Lo), CIHi: float64(e.Hi)})
	}
	for _, c := range r.Comparisons {
		for _, d := range c.Differences {
			add("A: "+c.Baseline, d, d.A)
			add("B: "+c.Alternative, d, d.B)
			add("B − A: "+c.Alternative+" − "+c.Baseline, d, d.Diff)
		}
	}
	return withFirstColumn("scenario", which, render.TidyTable("comparison", rows)).WriteCSV(w, p)
}
