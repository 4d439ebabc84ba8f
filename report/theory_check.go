package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
)

// check compares the period's closed-form figure with the simulated one.
// The measure is the share of referred people seen within target, all
// risk levels with a target pooled, except where the order of service
// matters: with priority by risk, who is seen within target depends on
// the order, but the number waiting does not (every level has the same
// case lengths and patience, so the count in the lot follows the same
// birth-death chain whatever the order), so the share giving up (Erlang
// A) or the mean wait of all referred (Erlang C, its tolerance then a
// share of the closed-form wait) is compared instead. days is the
// period's length. A refuge that turns
// people away and has no targets compares the share turned away.
func check(t *Theory, sim *LotResult, days float64) *TheoryCheck {
	p := t.Period
	nan := Float(math.NaN())
	c, _ := sim.Cell("", "", "")
	ref := float64(c.Referrals.Mean)
	ratio := func(e Estimate, per float64) Estimate {
		if !(per > 0) {
			return Estimate{Mean: nan, Lo: nan, Hi: nan, N: e.N}
		}
		return Estimate{Mean: e.Mean / Float(per), Lo: e.Lo / Float(per), Hi: e.Hi / Float(per), N: e.N}
	}
	ch := &TheoryCheck{Measure: "share_referred_within_target", ClosedForm: p.WithinTargetAll, Simulated: p.Simulated.WithinTarget,
		Tolerance: TheoryTolerance}
	if len(t.Departures) > 0 {
		ch.Tolerance = TheoryToleranceDeparted
	}
	priorities := slicesContains(t.DepartureKinds, "priorities")
	switch {
	case t.Model == ModelErlangB && math.IsNaN(float64(p.WithinTargetAll)):
		ch.Measure, ch.ClosedForm, ch.Simulated = "turned_away_share", p.TurnedAway, ratio(c.TurnedAway, ref)
	case priorities && t.Model == ModelErlangA:
		ch.Measure, ch.ClosedForm, ch.Simulated = "gave_up_share", p.GaveUp, ratio(c.Disengaged, ref)
	case priorities:
		ch.Measure, ch.ClosedForm, ch.Simulated = "wait_mean_days", p.MeanWait, ratio(c.MeanWaiting, ref/days)
		ch.Tolerance *= p.MeanWait
	}
	sim0, cf := float64(ch.Simulated.Mean), float64(ch.ClosedForm)
	switch {
	case slicesContains(t.DepartureKinds, "unstable"):
		ch.Note = "demand exceeds capacity and nobody gives up, so the closed form has no steady state to compare with"
	case math.IsNaN(cf) || math.IsInf(cf, 0) || math.IsNaN(sim0):
		ch.Note = "no figure to compare: no referrals with a target, or no closed form"
	case ch.Simulated.N < 2:
		ch.Note = "the simulation has no interval (fewer than 2 replications)"
	}
	ch.Gap = Float(sim0 - cf)
	if ch.Note == "" {
		ch.Disagrees = math.Abs(sim0-cf) > ch.Simulated.HalfWidth()+float64(ch.Tolerance)
	}
	return ch
}

// slicesContains reports whether s holds v.
func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// departure is one assumption a lot does not meet.
type departure struct{ kind, text string }

// departures lists the assumptions the lot does not meet over the period,
// p being the period's figures.
func (c *theoryCalc) departures(p TheoryFigures) []departure {
	var out []departure
	add := func(kind, format string, args ...any) {
		out = append(out, departure{kind, fmt.Sprintf(format, args...)})
	}
	m, lot := c.m, c.lot
	rates := ArrivalRates(m, c.l, 0, m.Horizon)
	levels := 0
	for _, x := range rates {
		if x > 0 {
			levels++
		}
	}
	if c.model != ModelErlangB && levels > 1 {
		add("priorities", "high risk is served first, then medium, then standard, while the closed form serves everyone in order "+
			"of arrival and so gives every level the same wait")
	}
	if c.model != ModelErlangB && lot.Service.Kind != lotting.Exponential {
		cv := coefVar(lot.Service)
		effect := "less variable case lengths give shorter waits than the closed form"
		if cv > 1 {
			effect = "more variable case lengths give longer waits than the closed form"
		}
		add("non_exponential_service", "case lengths are %s with a coefficient of variation of %s, not exponential (1), and %s",
			lot.Service.Kind, strconv.FormatFloat(cv, 'f', 2, 64), effect)
	}
	if c.model != ModelErlangB && lot.ServiceByRisk != [3]*lotting.Distribution{} {
		add("case_length_by_risk", "case lengths differ by risk level (a mean of %s days over the risk mix), and the closed form takes one "+
			"case length for everyone with that mean; with priority to high risk, levels with longer cases served first hold slots longer",
			strconv.FormatFloat(lot.MeanService(rates), 'f', 1, 64))
	}
	if lo, hi := dailyRange(m, c.l, 0, m.Horizon); hi > 1.05*lo && hi > 0 {
		add("varying_demand", "demand varies over the period with growth, seasons or shocks, from %s to %s referrals a day, while the "+
			"closed form takes each contract year's mean as steady", fmtNum2(lo), fmtNum2(hi))
	}
	if _, changes := slotsOver(lot, 0, m.Horizon); changes {
		add("capacity_changes", "capacity changes within the period, while the closed form takes each contract year's average as steady")
	}
	if uncertainSlots(lot) {
		add("uncertain_capacity", "capacity depends on money at risk, and the closed form uses the capacity if no money is withdrawn")
	}
	if lot.Waiting+lot.OpenCases > 0 {
		add("inherited_state", "the lot inherits %s people waiting and %s open cases, a backlog the steady state does not have",
			numfmt.Count(float64(lot.Waiting)), numfmt.Count(float64(lot.OpenCases)))
	} else if m.WarmUp == 0 {
		add("no_warm_up", "the period starts empty, with no warm-up, so waits start short and lengthen as the lot fills")
	}
	repeats := 0.0
	for s, st := range m.Streams {
		if s < len(m.Route) && st.RepeatRate > 0 {
			for r := range 3 {
				if m.Route[s][r] == c.l && st.RiskMix[r] > 0 {
					repeats = max(repeats, st.RepeatRate)
				}
			}
		}
	}
	if repeats > 0 {
		add("repeats", "up to %s of first referrals are followed by a repeat referral of the same person, so referrals are not independent",
			fmtPct0(repeats))
	}
	if c.model == ModelErlangC && float64(p.Utilisation) >= 1 {
		add("unstable", "demand exceeds capacity (load %s of the slots) and nobody gives up, so the waiting list grows without "+
			"limit and the closed form, a steady state, does not exist", fmtPct0(float64(p.Utilisation)))
	}
	if c.model == ModelErlangA {
		kinds := map[string]bool{}
		var patience []float64
		for _, gr := range groupRates(m, c.l, 0, m.Horizon) {
			g, x := gr.group, gr.rates
			if x[0]+x[1]+x[2] == 0 {
				continue
			}
			d, ok := c.disengagement(g)
			if !ok || d.Patience == nil {
				patience = append(patience, math.Inf(1))
				continue
			}
			kinds[d.Patience.Kind.String()] = true
			patience = append(patience, d.Patience.Expected())
			if d.Patience.Kind != lotting.Exponential {
				kinds["non"] = true
			}
		}
		if kinds["non"] {
			add("non_exponential_patience", "patience is not exponential, and the closed form uses its mean")
		}
		for _, x := range patience[1:] {
			if x != patience[0] {
				add("mixed_patience", "client groups referred here differ in patience, while the closed form uses one rate of "+
					"giving up, their rates weighted by referrals")
				break
			}
		}
	}
	drop := 0.0
	for _, d := range lot.Disengagement {
		drop = max(drop, d.DropOut)
	}
	if c.model != ModelErlangB && drop > 0 {
		add("drop_out", "up to %s of those who start drop out part-way, which the closed form counts by shortening the mean "+
			"case length but not in its spread", fmtPct0(drop))
	}
	return out
}

// fmtNum2 writes a rate with two decimals.
func fmtNum2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// departureNames are the short words a finding names departures by.
var departureNames = map[string]string{
	"priorities": "priority by risk", "non_exponential_service": "case lengths less variable than exponential",
	"varying_demand": "demand that varies", "capacity_changes": "capacity that changes", "uncertain_capacity": "money at risk",
	"inherited_state": "an inherited backlog", "no_warm_up": "no warm-up", "repeats": "repeat referrals",
	"unstable": "demand above capacity", "non_exponential_patience": "non-exponential patience",
	"mixed_patience": "patience that differs by client group", "drop_out": "drop-out",
	"case_length_by_risk": "case lengths that differ by risk",
}

// theoryFinding writes the theory_disagrees finding for a lot, if its
// check disagrees.
func theoryFinding(l LotResult) (string, bool) {
	t := l.Theory
	if t == nil || t.Check == nil || !t.Check.Disagrees {
		return "", false
	}
	ch := t.Check
	sim, cf := float64(ch.Simulated.Mean), float64(ch.ClosedForm)
	var what, gap, allowed string
	switch ch.Measure {
	case "turned_away_share":
		what = "turns away " + fmtPct(sim) + " of referrals" + ciText(ch.Simulated, fmtPct)
	case "gave_up_share":
		what = "sees " + fmtPct(sim) + " of referrals give up waiting" + ciText(ch.Simulated, fmtPct)
	case "wait_mean_days":
		what = "gives a mean wait of all referred people of " + fmtNum1(sim) + " days" + ciText(ch.Simulated, fmtNum1)
	default:
		what = "sees " + fmtPct(sim) + " of referred people within target" + ciText(ch.Simulated, fmtPct)
	}
	if ch.Measure == "wait_mean_days" {
		gap = fmtNum1(math.Abs(sim-cf)) + " days"
		allowed = fmtNum1(float64(ch.Tolerance)) + " days"
		cf0 := fmtNum1(cf) + " days"
		return theorySentence(l.Name, what, t.Model, cf0, gap, allowed, t.DepartureKinds), true
	}
	gap = fmtNum1(math.Abs(sim-cf)*100) + " percentage points"
	allowed = pctPoints(float64(ch.Tolerance))
	return theorySentence(l.Name, what, t.Model, fmtPct(cf), gap, allowed, t.DepartureKinds), true
}

// theorySentence writes the theory_disagrees finding.
func theorySentence(lot, what, model, cf, gap, allowed string, kinds []string) string {
	text := fmt.Sprintf("Over the period the simulation of %s %s, while the closed form (%s) gives %s: they differ by %s, "+
		"more than the simulation's interval plus the %s allowed", lot, what, modelName(model), cf, gap, allowed)
	if len(kinds) == 0 {
		return text + "; the lot meets the closed form's assumptions, so the gap needs explaining."
	}
	var names []string
	for _, k := range kinds {
		names = append(names, departureNames[k])
	}
	return text + " for its departures from the closed form's assumptions (" + strings.Join(names, ", ") +
		"), which are the likely cause."
}

// modelName names a closed form in words.
func modelName(model string) string {
	switch model {
	case ModelErlangA:
		return "Erlang A"
	case ModelErlangB:
		return "Erlang B"
	case ModelErlangC:
		return "Erlang C"
	}
	return model
}
