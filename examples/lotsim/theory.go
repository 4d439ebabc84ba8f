package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

// theoryBlocks sets a lot's closed-form queueing estimate beside the
// simulated one: a table by contract year, with the inputs, what the
// slots needed meet, the assumptions, the lot's departures from them and
// the check under it.
func theoryBlocks(l report.LotResult) []render.Block {
	t := l.Theory
	if t == nil {
		if len(l.ModeChanges) > 0 {
			return []render.Block{render.Paragraph("Queueing theory check: the lot switches between group work and 1:1 work, and a group " +
				"programme has no closed form, so only the simulation answers for it.")}
		}
		if l.Mode == "group" {
			return []render.Block{render.Paragraph("Queueing theory check: a group programme has no closed form (cohorts start on set " +
				"dates and run together), so only the simulation answers for it.")}
		}
		return nil
	}
	beds := t.Model == report.ModelErlangB
	title := fmt.Sprintf("Queueing theory check: the %s closed form beside the simulation (waits in days)", theoryModelName(t.Model))
	var tab render.Table
	if beds {
		tab = render.Table{Title: title, Columns: []render.Column{textCol("year"), numCol("referrals a day"), numCol("beds"),
			numCol("beds needed"), numCol("turned away, simulated"), numCol("turned away, closed form")}}
	} else {
		tab = render.Table{Title: title, Columns: []render.Column{textCol("year"), numCol("referrals a day"), numCol("slots"),
			numCol("slots needed"), numCol("seen within target, simulated"), numCol("seen within target, closed form"),
			numCol("gave up, simulated"), numCol("gave up, closed form"), numCol("mean wait, simulated"),
			numCol("mean wait, closed form")}}
	}
	rows := append([]report.TheoryFigures{}, t.Years...)
	rows = append(rows, t.Period)
	for _, f := range rows {
		year := f.Year
		if year == "" {
			year = "whole period"
		}
		if beds {
			tab.AddRow(strs(year, num2(f.ArrivalsPerDay), numfmt.Count(float64(f.Slots)), needed(f.SlotsNeeded),
				pctOf(f.Simulated.TurnedAway), pctOf(f.TurnedAway))...)
			continue
		}
		tab.AddRow(strs(year, num2(f.ArrivalsPerDay), numfmt.Count(float64(f.Slots)), needed(f.SlotsNeeded),
			estPct(f.Simulated.WithinTarget), pctOf(f.WithinTargetAll), pctOf(f.Simulated.GaveUp), pctOf(f.GaveUp),
			num1(f.Simulated.MeanWait), num1(f.MeanWait))...)
	}
	tab.Notes = theoryNotes(t, beds)
	return []render.Block{tab}
}

// theoryNotes are the lines under a theory table.
func theoryNotes(t *report.Theory, beds bool) []string {
	p := t.Period
	var notes []string
	in := fmt.Sprintf("Inputs over the period: %s referrals a day, mean %s of %s days, %s %s",
		num2(p.ArrivalsPerDay), map[bool]string{true: "stay", false: "case length"}[beds], num1(p.MeanCaseLength),
		numfmt.Count(float64(p.Slots)), map[bool]string{true: "beds", false: "case slots"}[beds])
	if !math.IsNaN(float64(p.PatienceDays)) {
		in += ", mean patience " + num1(p.PatienceDays) + " days"
	}
	in += fmt.Sprintf("; offered load %s (%s of capacity).", num1(p.Load), pctOf(p.Utilisation))
	if beds {
		notes = append(notes, in+" Shares are of referrals; a share turned away is read as Erlang B, with declined offers thinned out.")
	} else {
		notes = append(notes, in+" \"Seen within target\" pools every risk level with a target; the closed form serves all in order of "+
			"arrival. Gave up is the share of referrals; the mean wait is of everyone referred, counting the time of those who gave up "+
			"(simulated: the average waiting list over the referrals a day).")
	}
	need := "Slots needed: " + t.SlotsNeededFor + "."
	if beds {
		need = "Beds needed: " + t.SlotsNeededFor + "."
	}
	if b := float64(p.SquareRootBeta); !math.IsNaN(b) {
		switch {
		case b >= 0:
			need += fmt.Sprintf(" As square-root staffing, that is the offered load plus %s times its square root.", numfmt.Fixed(b, 2))
		default:
			need += fmt.Sprintf(" As square-root staffing, that is the offered load minus %s times its square root: "+
				"fewer slots than the load, because people giving up make room.", numfmt.Fixed(-b, 2))
		}
	}
	if !beds && p.SlotsNeededTightest > 0 && p.SlotsNeededTightest != p.SlotsNeeded {
		need += " Everyone within the tightest target would need " + numfmt.Count(float64(p.SlotsNeededTightest)) + "."
	}
	if f := float64(p.FTENeeded); !math.IsNaN(f) {
		need += fmt.Sprintf(" The %s slots needed over the period are %s FTE at the lot's caseload.", numfmt.Count(float64(p.SlotsNeeded)), numfmt.Fixed(f, 1))
	}
	notes = append(notes, need)
	notes = append(notes, "The closed form assumes: "+strings.Join(t.Assumptions, "; ")+".")
	if len(t.Departures) == 0 {
		notes = append(notes, "This lot meets every one of those assumptions.")
	} else {
		notes = append(notes, "Where this lot departs from them: "+strings.Join(t.Departures, "; ")+".")
	}
	if ch := t.Check; ch != nil {
		notes = append(notes, checkNote(ch))
	}
	return notes
}

// checkNote says what the check compared and found.
func checkNote(ch *report.TheoryCheck) string {
	what := map[string]string{
		"share_referred_within_target": "share of referred people seen within target",
		"gave_up_share":                "share giving up (priority by risk changes who is seen within target, not how many give up)",
		"wait_mean_days":               "mean wait (priority by risk changes who waits, not how long on average)",
		"turned_away_share":            "share turned away",
	}[ch.Measure]
	if ch.Note != "" {
		return "Check: not judged: " + ch.Note + "."
	}
	verdict := "they agree within the simulation's interval plus the allowance"
	if ch.Disagrees {
		verdict = "they DISAGREE by more than the simulation's interval plus the allowance (see the findings)"
	}
	return fmt.Sprintf("Check over the period, on the %s: %s.", what, verdict)
}

// theoryModelName names a closed form with its queue.
func theoryModelName(model string) string {
	switch model {
	case report.ModelErlangA:
		return "Erlang A (M/M/c+M)"
	case report.ModelErlangB:
		return "Erlang B (M/M/c/c)"
	case report.ModelErlangC:
		return "Erlang C (M/M/c)"
	}
	return model
}

func needed(n int) string {
	if n == 0 {
		return "n/a"
	}
	return numfmt.Count(float64(n))
}

func pctOf(f report.Float) string {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return numfmt.Percent(v, 1)
}

func num1(f report.Float) string {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return numfmt.Group(numfmt.Fixed(v, 1))
}

func num2(f report.Float) string {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return numfmt.Group(numfmt.Fixed(v, 2))
}

// tidyTheory lists a lot's closed-form figures for CSV, one row per
// contract year (or "" for the period), risk and metric, under names
// starting theory_; they have no interval.
func tidyTheory(lot string, t *report.Theory) []render.TidyRow {
	if t == nil {
		return nil
	}
	var rows []render.TidyRow
	add := func(risk, year, metric string, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		rows = append(rows, render.TidyRow{Lot: lot, Risk: risk, Year: year, Metric: "theory_" + metric, Value: v, CILo: math.NaN(), CIHi: math.NaN()})
	}
	figs := append([]report.TheoryFigures{}, t.Years...)
	figs = append(figs, t.Period)
	for _, f := range figs {
		add("", f.Year, "arrivals_per_day", float64(f.ArrivalsPerDay))
		add("", f.Year, "mean_case_length_days", float64(f.MeanCaseLength))
		add("", f.Year, "slots", float64(f.Slots))
		add("", f.Year, "patience_days", float64(f.PatienceDays))
		add("", f.Year, "share_referred_within_target", float64(f.WithinTargetAll))
		for _, rk := range []string{"high", "medium", "standard"} {
			if v, ok := f.WithinTarget[rk]; ok {
				add(rk, f.Year, "share_referred_within_target", float64(v))
			}
		}
		add("", f.Year, "gave_up_share", float64(f.GaveUp))
		add("", f.Year, "turned_away_share", float64(f.TurnedAway))
		add("", f.Year, "wait_mean_days", float64(f.MeanWait))
		if f.SlotsNeeded > 0 {
			add("", f.Year, "slots_needed", float64(f.SlotsNeeded))
		}
		add("", f.Year, "fte_needed", float64(f.FTENeeded))
		add("", f.Year, "square_root_beta", float64(f.SquareRootBeta))
	}
	return rows
}
