package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

const runSynopsis = "run [--replications N] [--seed N] [--workers N] [--horizon H] [--stop METRIC ...] [--sensitivity] [--parameter-uncertainty] [--shard K/N --partial FILE] [--quiet] [--format text|markdown|json|csv] [--report DIR] FILE"

func runRun(args []string, stdout, stderr io.Writer) int {
	return runRunWith(args, stdout, stderr, nil)
}

// runRunWith is run; rp, if not nil, replays partial files (merge).
func runRunWith(args []string, stdout, stderr io.Writer, rp *replayer) int {
	fs := newFlagSet("run", runSynopsis, stderr)
	var f simFlags
	f.register(fs)
	defer f.startParts("run", args, rp)()
	sensitivity := fs.Bool("sensitivity", false, "also move each assumed figure to its stated range, or by ±20%, one at a time, and rank them by how far they move the headline (each lot's share seen within target); costs 1 + 2 runs per assumed figure, so lower --replications to make it quicker")
	uncertainty := fs.Bool("parameter-uncertainty", false, "draw every fitted figure (lotsim fit's FITTED.yaml) from its sampling distribution once per replication, so the intervals cover what the records leave unknown, not only the simulation's noise")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "lotsim run: name exactly one scenario file, e.g. lotsim run scenarios/staffordshire-2023.yaml")
		return exitInvalid
	}
	s, ok := f.loadScenario("run", files[0], stderr)
	if !ok {
		return exitInvalid
	}
	opt, err := f.options(s)
	if err != nil {
		return simExit("run", err, stderr)
	}
	opt.ParameterUncertainty = *uncertainty
	res, err := f.simulate(s, opt, "Simulating "+files[0], stderr)
	if err != nil {
		return simExit("run", err, stderr)
	}
	r, err := lotsim.NewRunReport(s, res)
	if err != nil {
		return simExit("run", err, stderr)
	}
	if *sensitivity {
		b, err := f.sensitivity(s, opt, stderr)
		if err != nil {
			return simExit("run", err, stderr)
		}
		r.Basis = b
	}
	p := provenance(res, s)
	r.Date = p.Date.Format("2006-01-02")
	doc := runDocument(r, p)
	return f.write("run", output{doc: doc, json: r, csv: func(w io.Writer, p *render.Provenance) error {
		return render.WriteTidyCSV(w, append(tidyRun(r), tidyBasis(r.Basis)...), p)
	}}, stdout, stderr)
}

// howToRead explains the figures' intervals and the findings' rules.
func howToRead(reps int) render.Paragraph {
	return render.Paragraph(fmt.Sprintf("Each figure is the mean over %d replications; ± gives the half-width of its 95%% confidence interval, and chances give the interval in brackets; "+
		"a plain 0 was nought in every replication, while 0 ±0 is a small figure that rounds to nought. "+
		"\"Seen within target\" is the share of the people referred in the period who started within the target: those who gave up, "+
		"were turned away or were still waiting past the target at the end count as missed. \"Of starters\" counts only those who started, "+
		"and so rises when people give up. %s", reps, report.FindingRules()))
}

// uncertaintyText says that a run's intervals include parameter
// uncertainty, from n fitted figures drawn once per replication.
func uncertaintyText(n int) string {
	were, their := "were", "their"
	if n == 1 {
		were, their = "was", "its"
	}
	return fmt.Sprintf("The intervals include parameter uncertainty: %s %s drawn from %s sampling distribution once per replication, "+
		"so they cover what the records leave unknown, not only the simulation's own noise. "+
		"Risk mix and seasonality are not drawn (their intervals are in the fit report), and the figures are drawn independently, "+
		"though the fit's estimates are correlated, so this is an approximation.", plural(n, "fitted figure"), were, their)
}

// stoppingText says how a run sized by a stopping rule ended.
func stoppingText(st *report.Stopping) string {
	asked := fmt.Sprintf("The run was sized by a stopping rule: replicate (at least %d, at most %d times) until the 95%% interval of %s at %s is within %s of its estimate.",
		st.Min, st.Max, st.Metric, st.Lot, numfmt.PercentShortest(st.RelativeHalfWidth))
	a := float64(st.Achieved)
	switch {
	case st.Met:
		return asked + fmt.Sprintf(" It was met after %d replications, at %s.", st.Replications, render.Percent(a, 2).Text)
	case math.IsNaN(a):
		return asked + fmt.Sprintf(" It was not met: after %d replications the metric had no interval.", st.Replications)
	}
	return asked + fmt.Sprintf(" It was not met: after %d replications the interval was within %s.", st.Replications, render.Percent(a, 2).Text)
}

// runDocument lays out a run's report.
func runDocument(r *report.Run, p render.Provenance) *render.Document {
	doc := &render.Document{Title: r.Scenario, Provenance: p}
	findings := render.Findings{}
	for _, f := range r.Findings {
		findings = append(findings, f.Text)
	}
	if len(findings) == 0 {
		findings = append(findings, "No lot is over capacity, full, or missing a target by the rules below; no waiting list grows or falls measurably.")
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "Findings", Blocks: []render.Block{
		findings,
		render.Paragraph(fmt.Sprintf("Simulated from %s to %s (%s).", r.Start, r.End, plural(len(r.Years), "contract year"))),
		howToRead(r.Replications),
	}})
	if n := r.DrawnFigures; n > 0 {
		doc.Sections[len(doc.Sections)-1].Blocks = append(doc.Sections[len(doc.Sections)-1].Blocks, render.Paragraph(uncertaintyText(n)))
	}
	if st := r.Stopping; st != nil {
		doc.Sections[len(doc.Sections)-1].Blocks = append(doc.Sections[len(doc.Sections)-1].Blocks, render.Paragraph(stoppingText(st)))
	}
	if b := r.Budget; b != nil && len(b.Findings) > 0 {
		fs := render.Findings(findingItems(b.Findings))
		doc.Sections = append(doc.Sections, render.Section{Heading: "Figures that do not reconcile", Blocks: []render.Block{fs}})
	}
	doc.Sections = append(doc.Sections, moneySection(r.Budget))
	doc.Sections = append(doc.Sections, overviewSection(r))
	for _, l := range r.Lots {
		doc.Sections = append(doc.Sections, lotSection(r, l))
	}
	if r.Basis != nil {
		doc.Sections = append(doc.Sections, basisSection(r.Basis))
	}
	return doc
}

// moneySection is the budget's capacity arithmetic and the funding chart.
func moneySection(b *report.Budget) render.Section {
	sec := render.Section{Heading: "Money and capacity"}
	if b == nil {
		return sec
	}
	t := render.Table{Title: "Capacity against expected demand (hand arithmetic, before simulation)",
		Columns: []render.Column{textCol("lot"), textCol("year"), {Header: "money (cash)", Kind: render.KindMoney}, numCol("FTE"), numCol("cases a year"), numCol("expected demand"), {Header: "demand as a share of capacity", Kind: render.KindPercent}, textCol("keeps up?")}}
	years := capacityYearsToShow(b.Capacity)
	stretch := slices.ContainsFunc(years, stretches)
	if stretch {
		t.Columns = slices.Insert(t.Columns, 5, numCol("stretched maximum, cases a year"))
	}
	money := map[string]map[string]render.Cell{}
	for _, l := range b.Lots {
		money[l.Name] = map[string]render.Cell{}
		for _, y := range l.Years {
			money[l.Name][y.Year.String()] = render.Money(y.Cash)
		}
	}
	for _, cy := range years {
		for _, l := range cy.Lots {
			keeps := "yes"
			if l.OverCapacity {
				keeps = "NO"
			}
			fte := render.Str("")
			if l.FTE > 0 {
				fte = render.Number(l.FTE, 1)
			}
			m, ok := money[l.Lot][cy.Year.String()]
			if !ok {
				m = render.Str("")
			}
			row := []render.Cell{render.Str(l.Lot), render.Str(cy.Year.String()), m, fte, render.Number(l.CasesPerYear, 0),
				render.Number(l.ExpectedDemand, 0), render.Percent(l.DemandShareOfCapacity, 1), render.Str(keeps)}
			if stretch {
				row = slices.Insert(row, 5, render.Str(stretchedCases(l)))
			}
			t.AddRow(row...)
		}
	}
	if stretch {
		t.Notes = append(t.Notes, stretchNote)
	}
	if len(b.Capacity) > 2 {
		t.Notes = append(t.Notes, "The first and last years are shown; --format json gives every year.")
	}
	sec.Blocks = append(sec.Blocks, t, fundingChart(b), capacityChart(b))
	sec.Blocks = append(sec.Blocks, earmarkBlocks(b)...)
	return sec
}

// fundingChart is the pool by funder and year in cash, with the total in
// real terms over it.
func fundingChart(b *report.Budget) render.BarChart {
	c := render.BarChart{Title: "Funding by funder and year", Stacked: true, YLabel: "£ a year, cash",
		Desc: fmt.Sprintf("Each funder's contribution by financial year in cash, stacked; the dashed line is the pool in real terms at %s prices.", b.BaseYear)}
	for _, y := range b.Years {
		c.Categories = append(c.Categories, y.String())
	}
	for _, f := range b.Funders {
		s := render.Series{Name: f.Name}
		for _, y := range f.Years {
			s.Values = append(s.Values, y.Cash.Float64())
		}
		c.Series = append(c.Series, s)
	}
	real := render.Series{Name: "pool in real terms"}
	for _, y := range b.Pool {
		real.Values = append(real.Values, y.Real.Float64())
	}
	c.Overlay = []render.Series{real}
	return c
}

// capacityChart is each lot's expected demand as a share of its capacity
// in the first year: a ratio, so that a small lot reads as clearly as a
// large one, with its cases in the tooltip and the data table.
func capacityChart(b *report.Budget) render.RatioChart {
	c := render.RatioChart{Title: "Expected demand as a share of capacity, per lot", XLabel: "expected demand as a share of capacity",
		LineLabel: "capacity", OverLabel: "over capacity", Decimals: 0}
	if len(b.Capacity) == 0 {
		return c
	}
	cy := b.Capacity[0]
	c.Title += ", " + cy.Year.String()
	c.Desc = fmt.Sprintf("The referrals expected of each lot in %s as a share of the cases a year its capacity can take; beyond the 100%% line, demand exceeds capacity.", cy.Year)
	for _, l := range cy.Lots {
		share := math.NaN()
		if l.CasesPerYear > 0 {
			share = l.ExpectedDemand / l.CasesPerYear
		}
		c.Items = append(c.Items, render.Ratio{Label: l.Lot, Value: share,
			Detail: fmt.Sprintf("%s expected against %s cases a year", render.Number(l.ExpectedDemand, 0).Text, render.Number(l.CasesPerYear, 0).Text)})
	}
	return c
}

// overviewSection tabulates every lot's whole-period results.
func overviewSection(r *report.Run) render.Section {
	flow := render.Table{Title: "Flow over the whole period",
		Columns: []render.Column{textCol("lot"), numCol("referrals"), numCol("starts"), numCol("completions"), numCol("gave up waiting"), numCol("dropped out"), numCol("turned away")}}
	wait := render.Table{Title: "Waiting and use over the whole period (waits in days)",
		Columns: []render.Column{textCol("lot"), numCol("mean wait"), numCol("median"), numCol("90th pct"), numCol("seen within target"), numCol("of starters within target"), numCol("waiting (average)"), numCol("waiting at end"), numCol("utilisation"), {Header: "cost per completed case", Kind: render.KindMoney}}}
	for _, l := range r.Lots {
		c, _ := l.Cell("", "", "")
		name := l.Name
		if l.FrontDoor {
			name += " (front door)"
		}
		flow.AddRow(strs(name, est(c.Referrals, 0), est(c.Starts, 0), est(c.Completions, 0), est(c.Disengaged, 0), est(c.DroppedOut, 0), est(c.TurnedAway, 0))...)
		wait.AddRow(strs(name, est(c.WaitMean, 1), est(c.WaitMedian, 1), est(c.WaitP90, 1), estPct(c.ReferredWithinTarget), estPct(c.WithinTarget),
			est(c.MeanWaiting, 0), est(c.YearEndWaiting, 0), estPct(c.Utilisation), costText(c))...)
	}
	flow.Notes = []string{"Counts are over the whole period, per replication. For the front door, completions are referrals triaged."}
	return render.Section{Heading: "Results for every lot", Blocks: []render.Block{flow, wait}}
}

func costText(c report.CellResult) string {
	if c.CostPerCompletion == nil {
		return "n/a"
	}
	return c.CostPerCompletion.String()
}

// stretchTable is how a lot that may stretch its caseload stretched, by
// contract year, beside its waits; ok is false for a lot that does not.
func stretchTable(l report.LotResult, years []string, yearName func(string) string) (render.Table, bool) {
	t := render.Table{Title: "Caseload stretch by contract year",
		Columns: []render.Column{textCol("year"), numCol("starts"), numCol("stretched starts"), numCol("share of starts stretched"),
			numCol("share of time stretched"), numCol("extra caseload (mean)"), numCol("mean wait")}}
	for _, y := range years {
		c, ok := l.Cell(y, "", "")
		if !ok || c.Stretch == nil {
			continue
		}
		s := c.Stretch
		t.AddRow(strs(yearName(y), est(c.Starts, 0), est(s.StretchedStarts, 0), estPct(s.StretchedShare), estPct(s.TimeStretched),
			est(s.ExtraCaseload, 1), est(c.WaitMean, 1))...)
	}
	if len(t.Rows) == 0 {
		return t, false
	}
	t.Notes = []string{"Above the normal caseload, up to the stretched maximum, a case is taken on at once but lasts longer; a stretched start counts as a start (seen). Utilisation is against the stretched maximum. Extra caseload is the time-average number of cases open above the normal caseload."}
	return t, true
}

// servesNote is who a lot serves, as the scenario states it, and the
// flow of its referrals from outside the area; ok is false for a lot
// whose scenario states none.
func servesNote(l report.LotResult) (render.Paragraph, bool) {
	sv := l.Serves
	if sv == nil {
		return "", false
	}
	text := "Serves: " + sv.Note + " (as the scenario states)."
	if f := sv.OutOfArea; f != nil {
		text += fmt.Sprintf(" From outside the area over the whole period, per replication: %s referrals (%s of the lot's), %s starts, %s turned away and %s gave up waiting.",
			est(f.Referrals, 0), shareOf(f.Referrals, l), est(f.Starts, 0), est(f.TurnedAway, 0), est(f.Disengaged, 0))
	}
	return render.Paragraph(text), true
}

// shareOf is e's mean as a share of the lot's referrals over the whole
// period, or "n/a".
func shareOf(e report.Estimate, l report.LotResult) string {
	c, ok := l.Cell("", "", "")
	if !ok || !(float64(c.Referrals.Mean) > 0) {
		return "n/a"
	}
	return numfmt.Percent(float64(e.Mean)/float64(c.Referrals.Mean), 1)
}

// groupTable is a lot's results by client group and contract year, for a
// lot that pools groups (a single contract, say); ok is false for a lot
// that one group reaches, whose every table is that group's.
func groupTable(l report.LotResult, years []string, yearName func(string) string) (render.Table, bool) {
	t := render.Table{Title: "By client group and contract year (waits in days)",
		Columns: []render.Column{textCol("year"), textCol("client group"), numCol("referrals"), numCol("starts"), numCol("gave up waiting"),
			numCol("dropped out"), numCol("mean wait"), numCol("seen within target")}}
	if !l.Pools() {
		return t, false
	}
	if l.FrontDoor {
		t.Columns = []render.Column{textCol("year"), textCol("client group"), numCol("referrals"), numCol("triaged"), numCol("self-served"),
			numCol("mean wait"), numCol("90th pct wait")}
	}
	for _, y := range years {
		for _, g := range l.ClientGroups {
			c, ok := l.CellGroup(y, "", "", g)
			if !ok {
				continue
			}
			if l.FrontDoor {
				t.AddRow(strs(yearName(y), report.GroupWords(g), est(c.Referrals, 0), est(c.Completions, 0), est(c.SelfServed, 0), est(c.WaitMean, 2), est(c.WaitP90, 2))...)
				continue
			}
			t.AddRow(strs(yearName(y), report.GroupWords(g), est(c.Referrals, 0), est(c.Starts, 0), est(c.Disengaged, 0),
				est(c.DroppedOut, 0), est(c.WaitMean, 1), estPct(c.ReferredWithinTarget))...)
		}
	}
	t.Notes = []string{"The lot pools these client groups in one caseload, so they share its waiting list (high risk first, then in order of referral); --format json and csv break every figure down by group."}
	if l.FrontDoor {
		t.Notes = []string{"Every client group is triaged by the same handlers, high risk first; --format json and csv break every figure down by group."}
	}
	return t, true
}

// lotSection is one lot's results by year, risk level and area, with its
// waiting list over time and its waiting-time distributions.
func lotSection(r *report.Run, l report.LotResult) render.Section {
	sec := render.Section{Heading: "Lot: " + l.Name}
	if l.FrontDoor {
		sec.Heading = "Front door: " + l.Name
	}
	years := append([]string{}, r.Years...)
	years = append(years, "")
	yearName := func(y string) string {
		if y == "" {
			return "whole period"
		}
		return y
	}

	if p, ok := servesNote(l); ok {
		sec.Blocks = append(sec.Blocks, p)
	}
	byYear := render.Table{Title: "By contract year",
		Columns: []render.Column{textCol("year"), numCol("referrals"), numCol("starts"), numCol("completions"), numCol("gave up waiting"), numCol("waiting at end"), numCol("utilisation"), {Header: "cost per completed case", Kind: render.KindMoney}}}
	if l.FrontDoor {
		byYear.Columns = []render.Column{textCol("year"), numCol("referrals"), numCol("triaged"), numCol("self-served"), numCol("mean wait"), numCol("90th pct wait"), numCol("waiting at end")}
	}
	for _, y := range years {
		c, ok := l.Cell(y, "", "")
		if !ok {
			continue
		}
		if l.FrontDoor {
			byYear.AddRow(strs(yearName(y), est(c.Referrals, 0), est(c.Completions, 0), est(c.SelfServed, 0), est(c.WaitMean, 2), est(c.WaitP90, 2), est(c.YearEndWaiting, 0))...)
			continue
		}
		byYear.AddRow(strs(yearName(y), est(c.Referrals, 0), est(c.Starts, 0), est(c.Completions, 0), est(c.Disengaged, 0), est(c.YearEndWaiting, 0), estPct(c.Utilisation), costText(c))...)
	}
	if p, ok := modeParagraph(l); ok {
		sec.Blocks = append(sec.Blocks, p)
	}
	sec.Blocks = append(sec.Blocks, byYear)
	if l.FrontDoor {
		if t, ok := groupTable(l, years, yearName); ok {
			sec.Blocks = append(sec.Blocks, t)
		}
		return sec
	}
	if t, ok := stretchTable(l, years, yearName); ok {
		sec.Blocks = append(sec.Blocks, t)
	}

	byRisk := render.Table{Title: "Waiting times by risk level and contract year (days)",
		Columns: []render.Column{textCol("year"), textCol("risk"), numCol("target"), numCol("starts"), numCol("mean wait"), numCol("90th pct"), numCol("95th pct"), numCol("seen within target"), numCol("of starters within target"), numCol("chance target missed")}}
	for _, y := range years {
		for _, rk := range []string{"high", "medium", "standard"} {
			c, ok := l.Cell(y, "", rk)
			if !ok || c.Starts.Mean == 0 && c.Referrals.Mean == 0 {
				continue
			}
			target := "none"
			if t, ok := l.WaitTargets[rk]; ok {
				target = strconv.FormatFloat(t, 'f', -1, 64)
			}
			missed := "n/a"
			if c.MissedTarget != nil {
				missed = prob(c.MissedTarget)
			}
			byRisk.AddRow(strs(yearName(y), rk, target, est(c.Starts, 0), est(c.WaitMean, 1), est(c.WaitP90, 1), est(c.WaitP95, 1), estPct(c.ReferredWithinTarget), estPct(c.WithinTarget), missed)...)
		}
	}
	byRisk.Notes = []string{fmt.Sprintf("The chance a target is missed is the share of replications in which fewer than %s of the people referred in the year were seen within it, with its Wilson 95%% interval.", numfmt.PercentShortest(l.TargetLevel))}
	sec.Blocks = append(sec.Blocks, byRisk)
	sec.Blocks = append(sec.Blocks, theoryBlocks(l)...)

	byArea := render.Table{Title: "By area over the whole period (waits in days)",
		Columns: []render.Column{textCol("area"), numCol("referrals"), numCol("starts"), numCol("gave up waiting"), numCol("mean wait"), numCol("90th pct wait"), numCol("seen within target"), numCol("waiting at end")}}
	for _, a := range r.Areas {
		c, ok := l.Cell("", a, "")
		if !ok {
			continue
		}
		byArea.AddRow(strs(a, est(c.Referrals, 0), est(c.Starts, 0), est(c.Disengaged, 0), est(c.WaitMean, 1), est(c.WaitP90, 1), estPct(c.ReferredWithinTarget), est(c.YearEndWaiting, 0))...)
	}
	if len(byArea.Rows) > 1 {
		sec.Blocks = append(sec.Blocks, byArea)
	}
	if t, ok := groupTable(l, years, yearName); ok {
		sec.Blocks = append(sec.Blocks, t)
	}
	sec.Blocks = append(sec.Blocks, waitingChart(r, []report.LotResult{l}), waitsChart(l))
	return sec
}

// yearTicks labels the time axis with the contract years' starts.
func yearTicks(r *report.Run) []render.Tick {
	var ticks []render.Tick
	for i, y := range r.Years {
		day := yearStartDay(r, i)
		label := y
		if k := strings.Index(label, " to "); k > 0 {
			label = label[:k]
		}
		ticks = append(ticks, render.Tick{At: day, Label: label})
	}
	return ticks
}

// yearStartDay is the day contract year i starts, from the report's
// start: the anniversary of the start date.
func yearStartDay(r *report.Run, i int) float64 {
	d := r.Start.AddMonths(12 * i)
	return float64(d.DaysSince(r.Start))
}

// waitingChart draws the waiting lists of lots over time with their 10th
// to 90th percentile bands.
func waitingChart(r *report.Run, ls []report.LotResult) render.BandChart {
	c := render.BandChart{Title: "Waiting list over time", XLabel: "contract year, from its start date", YLabel: "people waiting",
		Desc:   "The median waiting list across replications (line) and its 10th to 90th percentile band (shaded), sampled weekly.",
		XTicks: yearTicks(r)}
	if len(ls) == 1 {
		c.Title = "Waiting list over time: " + ls[0].Name
	}
	for _, l := range ls {
		s := render.BandSeries{Name: l.Name}
		for _, p := range l.WaitingList {
			s.Points = append(s.Points, render.BandPoint{X: p.Day, Lo: p.P10, Mid: p.P50, Hi: p.P90})
		}
		c.Series = append(c.Series, s)
	}
	return c
}

// waitsChart draws a lot's waiting-time distribution for each risk level,
// a panel each on its own scale, with the level's target on it. The
// bins put every whole-day target on an edge; the last bin, open-ended,
// is drawn set apart when it is wider than the others.
func waitsChart(l report.LotResult) render.HistogramChart {
	c := render.HistogramChart{Title: "Waiting times: " + l.Name, XLabel: "days waited", YLabel: "share of the risk level's starts",
		Desc:    "The share of each risk level's starts in each band of days waited, pooled over every replication and year; the dashed line in each panel is that level's target.",
		Percent: true, Decimals: 1, BinDecimals: 1}
	for _, d := range l.Waits {
		if d.Risk == "" {
			continue
		}
		s := render.HistogramSeries{Name: d.Risk + " risk", Risk: d.Risk}
		for _, b := range d.Bins {
			s.Bins = append(s.Bins, render.Bin{Lo: b.From, Hi: b.To, Value: b.Share})
		}
		if n := len(d.Bins); n > 1 {
			first, last := d.Bins[0], d.Bins[n-1]
			if last.To-last.From > (first.To-first.From)*(1+1e-9) {
				c.OpenEnded = true
			}
		}
		if t, ok := l.WaitTargets[d.Risk]; ok {
			s.Lines = []render.Reference{{At: t, Label: d.Risk + " risk target: " + plural(int(t), "day")}}
			if t != math.Trunc(t) {
				s.Lines[0].Label = d.Risk + " risk target: " + strconv.FormatFloat(t, 'f', -1, 64) + " days"
			}
		}
		c.Series = append(c.Series, s)
	}
	return c
}

// tidyRun lists every figure of a run, one row per lot, risk, client group, area, year
// and metric.
func tidyRun(r *report.Run) []render.TidyRow {
	var rows []render.TidyRow
	for _, l := range r.Lots {
		for _, c := range l.Cells {
			rows = append(rows, tidyCell(l.Name, c, "")...)
		}
		rows = append(rows, tidyTheory(l.Name, l.Theory)...)
	}
	return rows
}

// tidyCell lists a cell's figures; prefix is put before each metric name.
func tidyCell(lot string, c report.CellResult, prefix string) []render.TidyRow {
	var rows []render.TidyRow
	for _, m := range cellMetrics(c) {
		if m.e.N == 0 {
			continue
		}
		rows = append(rows, render.TidyRow{Lot: lot, Risk: c.Risk, ClientGroup: c.ClientGroup, Area: c.Area, Year: c.Year, Metric: prefix + m.name,
			Value: float64(m.e.Mean), CILo: float64(m.e.Lo), CIHi: float64(m.e.Hi)})
	}
	if c.CostPerCompletion != nil {
		rows = append(rows, render.TidyRow{Lot: lot, Risk: c.Risk, ClientGroup: c.ClientGroup, Area: c.Area, Year: c.Year, Metric: prefix + "cost_per_completion",
			Value: c.CostPerCompletion.Float64(), CILo: math.NaN(), CIHi: math.NaN()})
	}
	if p := c.MissedTarget; p != nil {
		rows = append(rows, render.TidyRow{Lot: lot, Risk: c.Risk, ClientGroup: c.ClientGroup, Area: c.Area, Year: c.Year, Metric: prefix + "missed_target",
			Value: float64(p.Estimate), CILo: float64(p.Lo), CIHi: float64(p.Hi)})
	}
	return rows
}

type namedEstimate struct {
	name string
	e    report.Estimate
}

// cellMetrics lists a cell's estimates under their JSON names.
func cellMetrics(c report.CellResult) []namedEstimate {
	out := []namedEstimate{
		{"referrals", c.Referrals}, {"repeats", c.Repeats}, {"starts", c.Starts}, {"completions", c.Completions},
		{"disengaged", c.Disengaged}, {"dropped_out", c.DroppedOut}, {"turned_away", c.TurnedAway},
		{"declined", c.Declined}, {"self_served", c.SelfServed},
		{"wait_mean_days", c.WaitMean}, {"wait_median_days", c.WaitMedian}, {"wait_p90_days", c.WaitP90}, {"wait_p95_days", c.WaitP95},
		{"share_within_target", c.WithinTarget}, {"share_referred_within_target", c.ReferredWithinTarget},
		{"waiting_time_average", c.MeanWaiting}, {"waiting_at_end", c.YearEndWaiting},
		{"utilisation", c.Utilisation}, {"excess_cases", c.ExcessCases},
	}
	if c.Contacts != nil {
		out = append(out, namedEstimate{"contacts", *c.Contacts})
	}
	if s := c.Stretch; s != nil {
		out = append(out, namedEstimate{"stretched_starts", s.StretchedStarts}, namedEstimate{"share_stretched_starts", s.StretchedShare},
			namedEstimate{"share_time_stretched", s.TimeStretched}, namedEstimate{"extra_caseload", s.ExtraCaseload})
	}
	return out
}
