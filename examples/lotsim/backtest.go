package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
)

const backtestSynopsis = `backtest FITTED.yaml RECORDS --from DATE [--replications N] [--seed N] [--sheet NAME] [--day-first] [--format text|markdown|json|csv] [--report DIR]

Starts the scenario from the open cases and waiting lists the records show on DATE, simulates the months from DATE to the records' extract date, and sets each lot's observed referrals, starts, people giving up (in each month) and waiting list (at each month's end) against the simulated 10th to 90th percentile band. Coverage is the share of months inside the band: about 80% when the model reproduces the service.`

func runBacktest(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("backtest", backtestSynopsis, stderr)
	var f simFlags
	f.out = "text"
	fs.Var(&f.out, "format", "output `format`: text, markdown, json or csv")
	fs.StringVar(&f.report, "report", "", "also write a self-contained HTML report with charts into `DIR` (replaced as a whole)")
	fs.BoolVar(&f.quiet, "quiet", false, "no notes on stderr")
	from := fs.String("from", "", "the `date` to start from (YYYY-MM-DD), after the records' first referral and before their extract date (required)")
	reps := fs.Int("replications", 200, "replications `n`")
	var seed *uint64
	fs.Func("seed", "random `seed` (default: the scenario's)", func(v string) error {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number from 0 to 18446744073709551615, not %q", v)
		}
		seed = &n
		return nil
	})
	sheet := fs.String("sheet", "", "the workbook `sheet` to read; default: the first")
	dayFirst := fs.Bool("day-first", false, "read slash dates as DD/MM/YYYY even where every value could be either order")
	asOf := fs.String("as-of", "", "the extract `date`; default: the latest date in the records")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 2 {
		fmt.Fprintln(stderr, "lotsim backtest: name a scenario and a records file, e.g. lotsim backtest fitted.yaml testdata/records/staffordshire-2023.csv --from 2024-10-01")
		return exitInvalid
	}
	if *reps < 2 || *reps > maxReplications {
		fmt.Fprintf(stderr, "lotsim backtest: --replications %d: want 2 to %d\n", *reps, maxReplications)
		return exitInvalid
	}
	start, err := funding.ParseDate(*from)
	if err != nil {
		fmt.Fprintf(stderr, "lotsim backtest: --from %q: want the date to start from, such as 2024-10-01\n", *from)
		return exitInvalid
	}
	var ro lotsim.FitOptions
	ro.Records.Sheet, ro.Records.DayFirst = *sheet, *dayFirst
	if *asOf != "" {
		d, err := funding.ParseDate(*asOf)
		if err != nil {
			fmt.Fprintf(stderr, "lotsim backtest: --as-of %q: want a date such as 2025-09-30\n", *asOf)
			return exitInvalid
		}
		ro.Records.AsOf = records.DayOf(d)
	}
	s, ok := loadScenario("backtest", files[0], stderr)
	if !ok {
		return exitInvalid
	}
	opt := fit.BacktestOptions{From: start, Replications: *reps, Seed: seed}
	bt, err := lotsim.Backtest(interrupt, s, files[1], ro.Records, opt)
	if err != nil {
		var list scenario.ErrorList
		switch {
		case errors.As(err, &list):
			fmt.Fprintf(stderr, "lotsim backtest: %s cannot be used; nothing written:\n%s\n", files[1], indent(err.Error()))
			return exitInvalid
		case errors.Is(err, fit.ErrCannotFit):
			fmt.Fprintf(stderr, "lotsim backtest: %v\n", err)
			return exitInvalid
		}
		return simExit("backtest", err, stderr)
	}
	p := provenance(nil, s)
	p.Seed, p.Replications = bt.Seed, bt.Replications
	p.Sources = append(p.Sources, render.Source{Kind: "Records", Name: "cases, one row a referral", File: bt.Records.File, SHA256: bt.Records.SHA256})
	return f.write("backtest", output{doc: backtestDocument(bt, p), json: bt, csv: func(w io.Writer, p *render.Provenance) error {
		t := backtestTable(bt)
		return t.WriteCSV(w, p)
	}}, stdout, stderr)
}

// backtestDocument lays a backtest out for people.
func backtestDocument(bt *fit.Backtest, p render.Provenance) *render.Document {
	doc := &render.Document{Title: "Backtest: " + bt.Scenario + " against " + bt.Records.File, Provenance: p}
	verdict := "The model reproduces the service about as well as chance allows."
	switch {
	case bt.Coverage < 0.6:
		verdict = "The model does not reproduce the service: far fewer months fall inside the band than the 80% a faithful model gives. Look at the series with the lowest coverage before projecting from it."
	case bt.Coverage < 0.7:
		verdict = "The model reproduces the service only in part: fewer months fall inside the band than the 80% a faithful model gives."
	}
	summary := render.Table{Title: "Coverage by series", Columns: []render.Column{{Header: "series"}, {Header: "months inside the band", Kind: render.KindPercent}, {Header: "months", Kind: render.KindNumber}}}
	for _, s := range bt.Series {
		summary.AddRow(render.Str(s.Name), render.Percent(s.Coverage, 0), render.Number(float64(len(s.Months)), 0))
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "Does the model reproduce the service?", Blocks: []render.Block{
		render.Paragraph(fmt.Sprintf("Simulated %d times from %s, with the open cases and waiting lists the records show that day, to the extract date %s. %s of the observed months fell inside the simulated 10th to 90th percentile band. %s",
			bt.Replications, bt.From, bt.To, numfmt.Percent(bt.Coverage, 0), verdict)),
		summary,
	}})
	var charts []render.Block
	for _, s := range bt.Series {
		charts = append(charts, backtestChart(s))
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "Month by month", Blocks: charts})
	doc.Sections = append(doc.Sections, render.Section{Heading: "Caveats", Blocks: []render.Block{render.Findings(bt.Notes)}})
	return doc
}

func backtestChart(s fit.BacktestSeries) render.BandChart {
	ms := make([]monthPoint, len(s.Months))
	for i, m := range s.Months {
		ms[i] = monthPoint{month: m.Month, observed: m.Observed, lo: m.P10, mid: m.P50, hi: m.P90}
	}
	series, ticks := monthSeries("simulated", ms)
	what := map[string]string{"referrals": "referrals in the month", "starts": "people starting in the month",
		"gave_up": "people giving up in the month", "waiting": "people waiting at the month's end"}[s.Measure]
	return render.BandChart{
		Title:    fmt.Sprintf("%s: observed against simulated (%s of months inside)", s.Name, numfmt.Percent(s.Coverage, 0)),
		Desc:     "The line is what the records show each month; the band the simulated 10th to 90th percentile, with its median. A part month at either end has fewer days. " + smallNote,
		XLabel:   "month",
		YLabel:   what,
		MidLabel: "median",
		Series:   series,
		XTicks:   ticks,
	}
}

// backtestTable is the CSV form: one row a series and month.
func backtestTable(bt *fit.Backtest) render.Table {
	t := render.Table{Title: "Backtest", Columns: []render.Column{
		{Header: "lot"}, {Header: "measure"}, {Header: "month"}, {Header: "days", Kind: render.KindNumber},
		{Header: "observed", Kind: render.KindNumber}, {Header: "p10", Kind: render.KindNumber}, {Header: "p50", Kind: render.KindNumber},
		{Header: "p90", Kind: render.KindNumber}, {Header: "inside"},
	}}
	for _, s := range bt.Series {
		for _, m := range s.Months {
			t.AddRow(render.Str(s.Lot), render.Str(s.Measure), render.Str(m.Month), render.Number(float64(m.Days), 0),
				render.Number(m.Observed, 0), render.Number(m.P10, 1), render.Number(m.P50, 1), render.Number(m.P90, 1), render.Str(yesNo(m.Inside)))
		}
	}
	return t
}
