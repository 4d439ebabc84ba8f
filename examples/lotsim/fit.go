package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
)

const fitSynopsis = `fit RECORDS --base BASE.yaml [--out FITTED.yaml] [--as-of DATE] [--from DATE] [--state-at DATE] [--period NAME=FROM:TO] [--sheet NAME] [--day-first] [--format text|markdown|json|csv] [--report DIR]

Fits a scenario to a service's own records: a CSV file or an .xlsx workbook with one row a referral (referral_date, area, client_group, risk, lot, start_date, end_date, outcome, client_id) or monthly counts (month, area, client_group, risk, referrals). Demand (rate, growth, seasonality, shocks, risk mix, repeats) by Poisson regression; case length, patience and drop-out per lot by maximum likelihood with censoring. With --out, writes BASE.yaml with the fitted figures put in, each with a comment saying what it was fitted from; every other line stays as it was. A records file with problems is reported row by row and nothing is written.`

func runFit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("fit", fitSynopsis, stderr)
	var f simFlags
	f.out = "text"
	fs.Var(&f.out, "format", "output `format`: text, markdown, json or csv")
	fs.StringVar(&f.report, "report", "", "also write a self-contained HTML report with charts into `DIR` (replaced as a whole)")
	fs.BoolVar(&f.quiet, "quiet", false, "no notes on stderr")
	base := fs.String("base", "", "the scenario to fit, `BASE.yaml` (required)")
	outFile := fs.String("out", "", "write the fitted scenario to `FITTED.yaml`")
	asOf := fs.String("as-of", "", "the extract `date` (YYYY-MM-DD); default: the latest date in the records")
	from := fs.String("from", "", "the first `date` of the period whose demand is fitted; default: the first referral")
	stateAt := fs.String("state-at", "", "the `date` of the open cases and waiting lists reported; default: the extract date")
	sheet := fs.String("sheet", "", "the workbook `sheet` to read; default: the first")
	dayFirst := fs.Bool("day-first", false, "read slash dates as DD/MM/YYYY even where every value could be either order")
	var periods multiFlag
	fs.Var(&periods, "period", "a stated period with its own demand multiplier, `NAME=FROM:TO` (dates YYYY-MM-DD; repeatable), as well as the base's shocks")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "lotsim fit: name exactly one records file, e.g. lotsim fit testdata/records/staffordshire-2023.csv --base scenarios/staffordshire-2023.yaml")
		return exitInvalid
	}
	if *base == "" {
		fmt.Fprintln(stderr, "lotsim fit: --base names the scenario to fit, e.g. --base scenarios/staffordshire-2023.yaml")
		return exitInvalid
	}
	var opt lotsim.FitOptions
	opt.Records.Sheet, opt.Records.DayFirst = *sheet, *dayFirst
	for _, d := range []struct {
		flag, text string
		set        func(funding.Date)
	}{
		{"as-of", *asOf, func(d funding.Date) { opt.Records.AsOf = records.DayOf(d) }},
		{"from", *from, func(d funding.Date) { opt.Fit.From = d }},
		{"state-at", *stateAt, func(d funding.Date) { opt.Fit.StateAt = d }},
	} {
		if d.text == "" {
			continue
		}
		v, err := funding.ParseDate(d.text)
		if err != nil {
			fmt.Fprintf(stderr, "lotsim fit: --%s %q: want a date such as 2025-09-30\n", d.flag, d.text)
			return exitInvalid
		}
		d.set(v)
	}
	for _, p := range periods {
		s, err := parsePeriod(p)
		if err != nil {
			fmt.Fprintf(stderr, "lotsim fit: --period %q: %v\n", p, err)
			return exitInvalid
		}
		opt.Fit.Periods = append(opt.Fit.Periods, s)
	}
	s, ok := loadScenario("fit", *base, stderr)
	if !ok {
		return exitInvalid
	}
	res, err := lotsim.Fit(files[0], s, opt)
	if err != nil {
		var list scenario.ErrorList
		switch {
		case errors.As(err, &list):
			fmt.Fprintf(stderr, "lotsim fit: %s cannot be fitted to; nothing written:\n%s\n", files[0], indent(err.Error()))
		default:
			fmt.Fprintf(stderr, "lotsim fit: %v\n", err)
		}
		return exitInvalid
	}
	code := exitOK
	switch {
	case *outFile != "" && res.Invalid != nil:
		fmt.Fprintf(stderr, "lotsim fit: --out: %s not written: %v\n", *outFile, res.Invalid)
		code = exitFailure
		*outFile = ""
	case *outFile != "":
		if err := render.WriteFileAtomic(*outFile, res.Scenario); err != nil {
			fmt.Fprintf(stderr, "lotsim fit: --out: %v\n", err)
			return exitFailure
		}
	case res.Invalid != nil && !f.quiet:
		fmt.Fprintf(stderr, "lotsim fit: note: %v\n", res.Invalid)
	}
	p := provenance(nil, s)
	p.Sources = append(p.Sources, render.Source{Kind: "Records", Name: res.Report.Records.Kind + ", one row a " + map[bool]string{true: "referral", false: "month and stream"}[res.Report.Records.Kind == "cases"], File: res.Report.Records.File, SHA256: res.Report.Records.SHA256})
	doc := fitDocument(&res.Report, p, *outFile)
	if c := f.write("fit", output{doc: doc, json: res.Report, csv: func(w io.Writer, p *render.Provenance) error {
		t := fitTable(&res.Report)
		return t.WriteCSV(w, p)
	}}, stdout, stderr); c != exitOK {
		return c
	}
	return code
}

// parsePeriod reads NAME=FROM:TO.
func parsePeriod(s string) (lotting.Shock, error) {
	name, span, ok := strings.Cut(s, "=")
	from, to, ok2 := strings.Cut(span, ":")
	if !ok || !ok2 || strings.TrimSpace(name) == "" {
		return lotting.Shock{}, fmt.Errorf("want NAME=FROM:TO, such as 'first lockdown=2020-03-23:2020-06-30'")
	}
	a, err := funding.ParseDate(strings.TrimSpace(from))
	if err != nil {
		return lotting.Shock{}, fmt.Errorf("%q is not a date such as 2020-03-23", from)
	}
	b, err := funding.ParseDate(strings.TrimSpace(to))
	if err != nil {
		return lotting.Shock{}, fmt.Errorf("%q is not a date such as 2020-06-30", to)
	}
	if b.Before(a) {
		return lotting.Shock{}, fmt.Errorf("it ends (%s) before it starts (%s)", b, a)
	}
	return lotting.Shock{Name: strings.TrimSpace(name), From: a, To: b, Multiplier: 1}, nil
}

// estText is "12.3 (10.1 to 14.6)" with the given formatter.
func estText(e *fit.Estimate, f func(float64) string) string {
	if e == nil {
		return "not fitted"
	}
	return fmt.Sprintf("%s (%s to %s)", f(e.Estimate), f(e.Lo), f(e.Hi))
}

// daysEst is "80.3 days (79.0 to 81.6)".
func daysEst(e *fit.Estimate) string {
	if e == nil {
		return "not fitted"
	}
	return fmt.Sprintf("%s days (%s to %s)", numfmt.Fixed(e.Estimate, 1), numfmt.Fixed(e.Lo, 1), numfmt.Fixed(e.Hi, 1))
}
func countText(v float64) string { return numfmt.Count(v) }
func pctText(v float64) string   { return numfmt.Percent(v, 1) }

// smallNote says why some observed months are missing from a chart.
const smallNote = "A month with 1 to 4 people in the records is not drawn: numbers that small could pick a person out."

// shown is an observed count as a report for people draws it: a count of
// 1 to 4 is left out (NaN).
func shown(v float64) float64 {
	if v > 0 && v < 5 {
		return math.NaN()
	}
	return v
}

// peopleCount shows a count of people, or "fewer than 5" for one that
// could pick a person out.
func peopleCount(n int) string {
	if n > 0 && n < 5 {
		return "fewer than 5"
	}
	return numfmt.Count(float64(n))
}

// fitDocument lays the fit report out for people.
func fitDocument(r *fit.Report, p render.Provenance, out string) *render.Document {
	doc := &render.Document{Title: "Fit: " + r.Base + " to " + r.Records.File, Provenance: p}
	out = filepath.Base(out)
	intro := []render.Block{render.Paragraph(fmt.Sprintf(
		"%s rows of %s (%s), from %s to the extract date %s, fitted to the scenario %s. Every interval is a 95%% confidence interval.",
		numfmt.Count(float64(r.Records.Rows)), r.Records.File, r.Records.Kind, r.Records.From, r.Records.To, r.Base))}
	if out != "" {
		intro = append(intro, render.Paragraph(fmt.Sprintf("The fitted scenario, %s, sets %d figures, each with a comment saying what it was fitted from; every other line is the base file's.", out, len(r.Written))))
	} else {
		intro = append(intro, render.Paragraph(fmt.Sprintf("%d figures would be set in a fitted scenario; --out FITTED.yaml writes it.", len(r.Written))))
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "What was fitted", Blocks: intro})

	// Demand.
	t := render.Table{Title: "Referrals a year by stream", Columns: []render.Column{
		{Header: "area"}, {Header: "client group"}, {Header: "referrals", Kind: render.KindNumber},
		{Header: "a year at " + r.Records.From}, {Header: "growth a year"}, {Header: "trend p", Kind: render.KindNumber},
		{Header: "share of the group's referrals"}, {Header: "risk mix (high, medium, standard)"}, {Header: "repeats"},
	}}
	for _, s := range r.Streams {
		growth, p := "not fitted", render.Str("")
		if s.Growth != nil {
			growth = estText(s.Growth, pctText)
			p = render.Number(*s.TrendP, 3)
		}
		var mix []string
		for _, m := range s.RiskMix {
			mix = append(mix, pctText(m.Share.Estimate))
		}
		t.AddRow(render.Str(s.Area), render.Str(s.ClientGroup), render.Number(float64(s.Referrals), 0),
			render.Str(estText(&s.ReferralsPerYear, countText)), render.Str(growth), p,
			render.Str(estText(&s.AreaShare, pctText)), render.Str(strings.Join(mix, ", ")), render.Str(estText(s.RepeatShare, pctText)))
	}
	t.Notes = append(t.Notes, "The trend p-value tests for no trend: below 0.05, the growth is unlikely to be chance.")
	if len(r.Streams) > 0 && r.Streams[0].Dispersion > 1.2 {
		t.Notes = append(t.Notes, fmt.Sprintf("The monthly counts vary %.1f times as much as a Poisson process would; every interval has been widened to allow for it.", r.Streams[0].Dispersion))
	}
	blocks := []render.Block{t}
	for _, s := range r.Streams {
		blocks = append(blocks, monthChart(s))
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "Demand", Blocks: blocks})
	if r.Seasonality != nil || len(r.Shocks) > 0 {
		var b []render.Block
		if r.Seasonality != nil {
			st := render.Table{Title: "Monthly pattern (shared by every stream)", Columns: []render.Column{{Header: "month"}, {Header: "multiplier"}}}
			for i, m := range r.Seasonality.Multipliers {
				st.AddRow(render.Str(monthName(i)), render.Str(estText(&m, func(v float64) string { return numfmt.Fixed(v, 2) })))
			}
			b = append(b, st)
		}
		if len(r.Shocks) > 0 {
			st := render.Table{Title: "Periods", Columns: []render.Column{{Header: "period"}, {Header: "from"}, {Header: "to"}, {Header: "multiplier"}, {Header: "in the base"}}}
			for _, s := range r.Shocks {
				st.AddRow(render.Str(s.Name), render.Str(s.From), render.Str(s.To), render.Str(estText(&s.Multiplier, func(v float64) string { return numfmt.Fixed(v, 2) })), render.Str(yesNo(s.InBase)))
			}
			b = append(b, st)
		}
		doc.Sections = append(doc.Sections, render.Section{Heading: "Seasons and periods", Blocks: b})
	}

	// Lots.
	if len(r.Lots) > 0 {
		lt := render.Table{Title: "Case length, patience and drop-out by lot", Columns: []render.Column{
			{Header: "lot"}, {Header: "started", Kind: render.KindNumber}, {Header: "case length, mean"}, {Header: "family"},
			{Header: "fit p", Kind: render.KindNumber}, {Header: "patience, mean"}, {Header: "drop-out"},
		}}
		for _, l := range r.Lots {
			fam, gp := "", render.Str("")
			if l.CaseLength != nil {
				fam = l.CaseLength.Family
				gp = render.Number(l.CaseLength.GoF.P, 3)
			}
			if l.Delivery == "group" {
				fam = "programme length as the base"
			}
			lt.AddRow(render.Str(l.Name), render.Str(peopleCount(l.Started)), render.Str(daysEst(l.CaseLengthMeanDays)),
				render.Str(fam), gp, render.Str(daysEst(l.PatienceMeanDays)), render.Str(estText(l.DropOutShare, pctText)))
		}
		lt.Notes = append(lt.Notes,
			"Case length is the full planned length the simulation draws (completed cases, with open cases as censored); drop-outs cut it short and are left out of it.",
			"Fit p tests the chosen family against the records (a grouped test on the fitted cumulative hazard): below 0.05, the family fits poorly.")
		blocks := []render.Block{lt}
		gt := render.Table{Title: "Patience and drop-out by client group", Columns: []render.Column{
			{Header: "lot"}, {Header: "client group"}, {Header: "waited", Kind: render.KindNumber}, {Header: "gave up", Kind: render.KindNumber},
			{Header: "patience, mean"}, {Header: "family"}, {Header: "drop-out"},
		}}
		for _, l := range r.Lots {
			for _, p := range l.Patience {
				fam, mean := "", daysEst(p.MeanDays)
				if p.Fit != nil {
					fam = p.Fit.Family
				}
				if p.Note != "" && p.Fit == nil {
					mean = p.Note
				}
				drop := ""
				for _, d := range l.DropOut {
					if d.ClientGroup == p.ClientGroup {
						drop = fmt.Sprintf("%s of %s", estText(&d.Share, pctText), peopleCount(d.Of))
					}
				}
				gt.AddRow(render.Str(l.Name), render.Str(p.ClientGroup), render.Str(peopleCount(p.Waited)), render.Str(peopleCount(p.GaveUp)),
					render.Str(mean), render.Str(fam), render.Str(drop))
			}
		}
		gt.Notes = append(gt.Notes, "Patience counts those who started as waiting until they started, and those still waiting at the extract date as waiting until then (censored).")
		for _, l := range r.Lots {
			for _, p := range l.Patience {
				if p.Fit != nil && p.Fit.Note != "" {
					gt.Notes = append(gt.Notes, fmt.Sprintf("%s, %s: %s", l.Name, p.ClientGroup, p.Fit.Note))
				}
			}
		}
		blocks = append(blocks, gt)
		rt := render.Table{Title: "Case length by risk level", Columns: []render.Column{
			{Header: "lot"}, {Header: "risk"}, {Header: "cases", Kind: render.KindNumber}, {Header: "case length, mean"}, {Header: "family"},
		}}
		for _, l := range r.Lots {
			for _, rd := range l.CaseLengthByRisk {
				rt.AddRow(render.Str(l.Name), render.Str(rd.Risk), render.Str(peopleCount(rd.Fit.N)), render.Str(daysEst(&rd.MeanDays)), render.Str(rd.Fit.Family))
			}
		}
		if len(rt.Rows) > 0 {
			rt.Notes = append(rt.Notes, "Each risk level with at least 30 completed cases, fitted on its own. A scenario holds one case length a lot, so the fitted scenario keeps the lot's; these show whether high-risk cases run longer.")
			blocks = append(blocks, rt)
		}
		for _, l := range r.Lots {
			if l.CaseLength != nil {
				blocks = append(blocks, qqChart(l.Name+": case length", l.CaseLength))
				blocks = append(blocks, candidatesTable(l.Name+": case length families", l.CaseLength))
			}
			for _, p := range l.Patience {
				if p.Fit != nil {
					blocks = append(blocks, qqChart(l.Name+": patience ("+p.ClientGroup+" referrals)", p.Fit))
				}
			}
		}
		doc.Sections = append(doc.Sections, render.Section{Heading: "Lots", Blocks: blocks})
		st := render.Table{Title: "Open cases and waiting list at " + r.StateAt, Columns: []render.Column{
			{Header: "lot"}, {Header: "risk"}, {Header: "open cases", Kind: render.KindNumber}, {Header: "waiting", Kind: render.KindNumber},
		}}
		for _, l := range r.Lots {
			for _, s := range l.State {
				st.AddRow(render.Str(l.Name), render.Str(s.Risk), render.Str(peopleCount(s.OpenCases)), render.Str(peopleCount(s.Waiting)))
			}
		}
		st.Notes = append(st.Notes, "Only people referred within the records are counted: cases open, or people waiting, since before the records begin are not in them.")
		doc.Sections = append(doc.Sections, render.Section{Heading: "Start state", Blocks: []render.Block{st}})
	}
	var left []string
	left = append(left, r.LeftOut...)
	left = append(left, r.Notes...)
	if len(left) > 0 {
		doc.Sections = append(doc.Sections, render.Section{Heading: "What the fit left out, and caveats", Blocks: []render.Block{render.Findings(left)}})
	}
	return doc
}

// monthChart sets a stream's observed monthly referrals against the
// fitted model's, with the range it gives a month.
func monthChart(s fit.StreamFit) render.BandChart {
	ms := make([]monthPoint, len(s.Months))
	for i, m := range s.Months {
		ms[i] = monthPoint{month: m.Month, observed: float64(m.Observed), lo: m.Lo, mid: m.Fitted, hi: m.Hi}
	}
	series, ticks := monthSeries("fitted", ms)
	return render.BandChart{
		Title:     fmt.Sprintf("%s, %s: referrals a month, observed and fitted", s.Area, s.ClientGroup),
		Desc:      "Each month's referrals in the records against the fitted model's expected referrals, with the 5th to 95th percentile range the model gives a month. A part month at either end has fewer days. " + smallNote,
		XLabel:    "month",
		YLabel:    "referrals",
		MidLabel:  "referrals",
		BandLabel: "5th to 95th percentile of the fitted",
		Series:    series,
		XTicks:    ticks,
	}
}

// monthPoint is one month of a chart of observed against modelled
// figures: what the records show, and the model's band and middle.
type monthPoint struct {
	month       string // YYYY-MM
	observed    float64
	lo, mid, hi float64
}

// monthSeries lays months out for a band chart: the model's band and line
// (named model) first, then the observed line, whose counts of 1 to 4 are
// left out (see shown), with the months labelled every quarter.
func monthSeries(model string, ms []monthPoint) ([]render.BandSeries, []render.Tick) {
	obs := render.BandSeries{Name: "observed"}
	mod := render.BandSeries{Name: model}
	var ticks []render.Tick
	for i, m := range ms {
		x := float64(i)
		obs.Points = append(obs.Points, render.BandPoint{X: x, Lo: math.NaN(), Mid: shown(m.observed), Hi: math.NaN()})
		mod.Points = append(mod.Points, render.BandPoint{X: x, Lo: m.lo, Mid: m.mid, Hi: m.hi})
		if i%3 == 0 {
			ticks = append(ticks, render.Tick{At: x, Label: m.month})
		}
	}
	return []render.BandSeries{mod, obs}, ticks
}

// qqChart is a Q-Q plot of the records' quantiles against a fitted
// family's.
func qqChart(title string, d *fit.DistFit) render.QQChart {
	c := render.QQChart{
		Title:  title + ": records against fitted " + d.Family + " (Q-Q)",
		Desc:   "Each point is a quantile: the records' (Kaplan–Meier, allowing for open and waiting people) across, the fitted family's up. On the diagonal, the family fits.",
		XLabel: "records, days", YLabel: "fitted " + d.Family + ", days",
	}
	for _, q := range d.QQ {
		c.Points = append(c.Points, render.QQPoint{X: q.Observed, Y: q.Fitted, Label: fmt.Sprintf("%.0f%%", 100*q.P)})
	}
	return c
}

// candidatesTable lists every family tried.
func candidatesTable(title string, d *fit.DistFit) render.Table {
	t := render.Table{Title: title, Columns: []render.Column{{Header: "family"}, {Header: "AIC", Kind: render.KindNumber},
		{Header: "mean", Kind: render.KindNumber}, {Header: "sd", Kind: render.KindNumber}}}
	for _, c := range d.Candidates {
		t.AddRow(render.Str(c.Family), render.Number(c.AIC, 1), render.Number(c.Mean, 1), render.Number(c.SD, 1))
	}
	t.Notes = append(t.Notes, "Lower AIC fits better; a difference under 2 is slight.")
	if d.Note != "" {
		t.Notes = append(t.Notes, d.Note)
	}
	return t
}

func monthName(i int) string {
	return []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}[i]
}

// fitTable is the CSV form: one row an estimate.
func fitTable(r *fit.Report) render.Table {
	t := render.Table{Title: "Fitted figures", Columns: []render.Column{
		{Header: "figure"}, {Header: "area"}, {Header: "client_group"}, {Header: "lot"}, {Header: "risk"},
		{Header: "estimate", Kind: render.KindNumber}, {Header: "ci_lo", Kind: render.KindNumber}, {Header: "ci_hi", Kind: render.KindNumber},
	}}
	add := func(fig, area, group, lot, risk string, e *fit.Estimate) {
		if e == nil {
			return
		}
		t.AddRow(render.Str(fig), render.Str(area), render.Str(group), render.Str(lot), render.Str(risk),
			render.Number(e.Estimate, 6), render.Number(e.Lo, 6), render.Number(e.Hi, 6))
	}
	for _, s := range r.Streams {
		add("referrals_per_year", s.Area, s.ClientGroup, "", "", &s.ReferralsPerYear)
		add("growth", s.Area, s.ClientGroup, "", "", s.Growth)
		for _, m := range s.RiskMix {
			add("risk_share", s.Area, s.ClientGroup, "", m.Risk, &m.Share)
		}
		add("repeat_share", s.Area, s.ClientGroup, "", "", s.RepeatShare)
	}
	if r.Seasonality != nil {
		for i, m := range r.Seasonality.Multipliers {
			add("seasonality_"+strings.ToLower(monthName(i)), "", "", "", "", &m)
		}
	}
	for _, s := range r.Shocks {
		add("shock_multiplier:"+s.Name, "", "", "", "", &s.Multiplier)
	}
	for _, l := range r.Lots {
		add("case_length_mean_days", "", "", l.Name, "", l.CaseLengthMeanDays)
		for _, rd := range l.CaseLengthByRisk {
			add("case_length_mean_days", "", "", l.Name, rd.Risk, &rd.MeanDays)
		}
		add("patience_mean_days", "", "", l.Name, "", l.PatienceMeanDays)
		for _, p := range l.Patience {
			add("patience_mean_days", "", p.ClientGroup, l.Name, "", p.MeanDays)
		}
		add("drop_out_share", "", "", l.Name, "", l.DropOutShare)
		for _, d := range l.DropOut {
			add("drop_out_share", "", d.ClientGroup, l.Name, "", &d.Share)
		}
	}
	return t
}
