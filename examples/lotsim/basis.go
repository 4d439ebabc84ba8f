package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// basisTop is how many assumptions the report names in text: the ones
// that move the headline most.
const basisTop = 3

// sensitivity ranks the scenario's assumed figures (lotsim.Sensitivity),
// with a progress line per point on stderr as sweep shows them.
func (f *simFlags) sensitivity(s *scenario.Scenario, opt lotsim.SimOptions, stderr io.Writer) (*report.Basis, error) {
	pointProgress := newProgress(stderr, f.quiet, "Ranking the assumptions of "+s.File, "points")
	if pointProgress.mode == progressBar {
		pointProgress.mode = progressOff
	}
	return lotsim.Sensitivity(interrupt, s, lotsim.SensitivityOptions{Sim: opt,
		Point: func(i, n int, label string) (func(int, int), func()) {
			bar := newProgress(stderr, f.quiet, "Sensitivity: "+label, "replications")
			return bar.update, func() {
				bar.finish()
				pointProgress.update(i+1, n)
			}
		}})
}

// countsText says how many figures have each status: "Of the 72
// figures in the file, 46 are assumed, 18 sourced, 4 derived, 0 fitted
// and 0 unmarked."
func countsText(c report.BasisCounts) string {
	return fmt.Sprintf("Of the %d figures in the scenario file, %d %s assumed, %d sourced, %d derived, %d fitted and %d unmarked (lotsim check --figures lists each with its comment).",
		c.Total(), c.Assumed, isAre(c.Assumed), c.Sourced, c.Derived, c.Fitted, c.Unmarked)
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// headlineText names a headline result in words with its value:
// "Victims, share of referred people seen within target: 41.3% ±1.2".
func headlineText(h report.SweepResult) string {
	return h.Lot + ", " + chartName(h) + ": " + resultText(h)
}

// basisSection is "What these figures rest on": the counts by status,
// and with a ranking the assumptions that move the headline most, the
// figures not moved, and a tornado chart for each headline result (whose
// data table in the HTML report is the full ranking).
func basisSection(b *report.Basis) render.Section {
	sec := render.Section{Heading: "What these figures rest on"}
	if b == nil {
		return sec
	}
	sec.Blocks = append(sec.Blocks, render.Paragraph(countsText(b.Counts)))
	if !b.Ranked {
		sec.Blocks = append(sec.Blocks, render.Paragraph("lotsim run --sensitivity moves each assumed figure to the range its comment states, or by ±20%, one at a time with the same random numbers, and ranks them by how far they move the headline results: for each lot with waiting-time targets, the share of referred people seen within target and the 90th percentile wait."))
		return sec
	}
	var heads []string
	for _, h := range b.Headline {
		heads = append(heads, headlineText(h))
	}
	what := "for each lot with waiting-time targets, the share of referred people seen within target and the 90th percentile wait"
	if len(b.Headline) > 0 && b.Headline[0].Metric == "wait_p90" && (len(b.Headline) == 1 || b.Headline[1].Metric == "wait_p90") {
		what = "each lot's 90th percentile wait (no lot has waiting-time targets)"
	}
	sec.Blocks = append(sec.Blocks, render.Paragraph(fmt.Sprintf(
		"Each assumed figure was moved to the range its comment states, or else by ±20%%, one at a time, with every other figure as written and the same seed (%d) and %d replications at every point. The headline is, %s, over the whole period; with every figure as written it is: %s. Figures are ranked by the largest change they make to any headline result, as a share of that result.",
		b.Seed, b.Replications, what, strings.Join(heads, "; "))))
	if len(b.Ranking) == 0 {
		sec.Blocks = append(sec.Blocks, render.Paragraph("No assumed figure could be moved."))
	} else {
		n := min(basisTop, len(b.Ranking))
		top := render.Findings{}
		for _, rf := range b.Ranking[:n] {
			top = append(top, rankedText(rf))
		}
		lead := fmt.Sprintf("The %d assumptions that move the headline most", n)
		if n == 1 {
			lead = "The one assumption moved"
		}
		sec.Blocks = append(sec.Blocks, render.Paragraph(lead+" (--format json, csv and the HTML report rank all "+plural(len(b.Ranking), "figure")+" moved):"), top)
	}
	if len(b.Skipped) > 0 {
		kinds := map[string][]string{}
		for _, sk := range b.Skipped {
			kinds[sk.Kind] = append(kinds[sk.Kind], sk.Path)
		}
		var parts []string
		for _, k := range []struct{ kind, why string }{
			{"invalid", "the move makes the scenario invalid (a single share of a risk mix, a term the funding does not cover)"},
			{"zero", "they are 0, which ±20% does not move (a comment's \"range LOW to HIGH\" would)"},
			{"not_a_number", "they are dates or lists"},
			{"duplicate", "their path was already moved"},
		} {
			if paths := kinds[k.kind]; len(paths) > 0 {
				parts = append(parts, fmt.Sprintf("%d because %s: %s", len(paths), k.why, strings.Join(paths, ", ")))
			}
		}
		sec.Blocks = append(sec.Blocks, render.Paragraph(fmt.Sprintf("%s not moved (--format json gives each reason): %s.", plural(len(b.Skipped), "assumed figure")+" "+wasWere(len(b.Skipped)), strings.Join(parts, "; "))))
	}
	for k, h := range b.Headline {
		chart := render.TornadoChart{Title: "What moves " + h.Lot + ", " + chartName(h), XLabel: chartName(h), Baseline: float64(h.Estimate.Mean), Decimals: decimalsFor(h.Metric),
			Desc: "Each bar runs from the result with every figure as written to the result with one assumed figure moved to its low or high end; the widest swing is on top."}
		still := 0
		for _, rf := range b.Ranking {
			o := rf.Outcomes[k]
			if o.Low.Mean == h.Estimate.Mean && o.High.Mean == h.Estimate.Mean {
				// Moves nothing here (a lot the figure does not touch):
				// a bar of no length is a pile of labels.
				still++
				continue
			}
			chart.Items = append(chart.Items, render.TornadoItem{Label: rf.Path, Low: float64(o.Low.Mean), High: float64(o.High.Mean), LowInput: valueText(rf.Low), HighInput: valueText(rf.High)})
		}
		if still > 0 {
			chart.Desc += fmt.Sprintf(" %s moved leave this result exactly as written and are not drawn.", plural(still, "figure"))
		}
		if len(chart.Items) > 0 {
			sec.Blocks = append(sec.Blocks, chart)
		}
	}
	return sec
}

// rankedText is one ranked assumption in a sentence: its path and value,
// the start of its comment, and the headline result it moves most (as a
// share of that result) at its low and high end.
func rankedText(rf report.RankedFigure) string {
	how := "±20%"
	if rf.Stated {
		how = "its stated range"
	}
	best, widest := -1, -1.0
	for i, o := range rf.Outcomes {
		if rel := math.Abs(float64(o.Swing)); !math.IsNaN(rel) && rel > 0 {
			// compare by the swing relative to the mean of the two ends,
			// which is near the result as written
			mid := math.Abs(float64(o.Low.Mean+o.High.Mean)) / 2
			if mid > 0 && rel/mid > widest {
				best, widest = i, rel/mid
			}
		}
	}
	note := shortNote(rf.Note)
	if note != "" {
		note = " (" + note + ")"
	}
	head := fmt.Sprintf("%s, %s as written%s, moved by %s", rf.Path, valueText(rf.Value), note, how)
	if best < 0 {
		return head + ": no headline result moves."
	}
	o := rf.Outcomes[best]
	r := report.SweepResult{Lot: o.Lot, Risk: o.Risk, Metric: o.Metric}
	rl, rh := r, r
	rl.Estimate, rh.Estimate = o.Low, o.High
	return fmt.Sprintf("%s: %s, %s, %s at %s and %s at %s.", head, o.Lot, chartName(r), resultText(rl), valueText(rf.Low), resultText(rh), valueText(rf.High))
}

// shortNote is a comment's first clause (up to "; " or ". "), at most
// about 80 characters.
func shortNote(note string) string {
	for _, sep := range []string{"; ", ". "} {
		if i := strings.Index(note, sep); i > 0 {
			note = note[:i]
		}
	}
	if r := []rune(note); len(r) > 80 {
		note = strings.TrimSpace(string(r[:79])) + "…"
	}
	return note
}

// tidyBasis lists the section's figures as tidy rows: the counts by
// status (metric figures_STATUS), and for each ranked figure, most
// influential first, each headline result at its low and its high end
// (metric "METRIC with PATH=VALUE") and its swing ("METRIC swing with
// PATH").
func tidyBasis(b *report.Basis) []render.TidyRow {
	if b == nil {
		return nil
	}
	nan := math.NaN()
	c := b.Counts
	rows := []render.TidyRow{
		{Metric: "figures_sourced", Value: float64(c.Sourced), CILo: nan, CIHi: nan},
		{Metric: "figures_derived", Value: float64(c.Derived), CILo: nan, CIHi: nan},
		{Metric: "figures_fitted", Value: float64(c.Fitted), CILo: nan, CIHi: nan},
		{Metric: "figures_assumed", Value: float64(c.Assumed), CILo: nan, CIHi: nan},
		{Metric: "figures_unmarked", Value: float64(c.Unmarked), CILo: nan, CIHi: nan},
	}
	for _, rf := range b.Ranking {
		for _, o := range rf.Outcomes {
			for _, end := range []struct {
				v string
				e report.Estimate
			}{{rf.Low, o.Low}, {rf.High, o.High}} {
				rows = append(rows, render.TidyRow{Lot: o.Lot, Risk: o.Risk, Metric: o.Metric + " with " + rf.Path + "=" + end.v,
					Value: float64(end.e.Mean), CILo: float64(end.e.Lo), CIHi: float64(end.e.Hi)})
			}
			rows = append(rows, render.TidyRow{Lot: o.Lot, Risk: o.Risk, Metric: o.Metric + " swing with " + rf.Path, Value: float64(o.Swing), CILo: nan, CIHi: nan})
		}
	}
	return rows
}
