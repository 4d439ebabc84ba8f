package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// Thresholds of the findings RunFindings draws.
const (
	// FullUtilisation: a lot whose utilisation interval lies wholly at or
	// above it is reported as full.
	FullUtilisation = 0.95
	// UnderUsedUtilisation: a lot whose utilisation interval lies wholly
	// below it is reported as under-used.
	UnderUsedUtilisation = 0.6
	// GaveUpShare: a lot at which at least this share of referrals give
	// up waiting has it reported.
	GaveUpShare = 0.10
	// TargetShare is the default share of referred people a contract year
	// must see within target to meet a waiting-time target; a lot's own
	// level is LotResult.TargetLevel (the scenario's wait_target_level).
	TargetShare = lotting.DefaultWaitTargetLevel
	// PracticalChangePeople and PracticalChangeShare are the practical
	// size a change in a waiting list must have to be a finding, as well
	// as an interval that excludes zero: at least this many people over
	// the period, and at least this share of the larger of the two
	// yearly averages compared.
	PracticalChangePeople = 5
	PracticalChangeShare  = 0.10
	// PracticalExcessCases is the smallest time-average number of open
	// cases above capacity that is reported.
	PracticalExcessCases = 0.5
)

// FindingKind says what a RunFinding is about; JSON writes it as its
// string, such as "over_capacity".
type FindingKind string

// The finding kinds RunFindings draws.
const (
	KindOverCapacity       FindingKind = "over_capacity"
	KindFull               FindingKind = "full"
	KindUnderUsed          FindingKind = "under_used"
	KindWaitingListGrows   FindingKind = "waiting_list_grows"
	KindWaitingListFalls   FindingKind = "waiting_list_falls"
	KindTargetMissed       FindingKind = "target_missed"
	KindGaveUp             FindingKind = "gave_up"
	KindTurnedAway         FindingKind = "turned_away"
	KindInheritedOverload  FindingKind = "inherited_overload"
	KindCasesAboveCapacity FindingKind = "cases_above_capacity"
	KindInherited          FindingKind = "inherited"
	KindNoInterval         FindingKind = "no_interval"
	KindStoppingRuleNotMet FindingKind = "stopping_rule_not_met"
	KindTheoryDisagrees    FindingKind = "theory_disagrees"
)

// FindingRules says in words the rules RunFindings draws findings by,
// for a report's reader.
func FindingRules() string {
	return "Findings follow stated rules. A lot is over capacity in a year when the budget's expected demand exceeds the cases " +
		"its capacity can take that year; full when its utilisation interval is at or above " + fmtPct0(FullUtilisation) +
		", under-used when wholly below " + fmtPct0(UnderUsedUtilisation) + ". A target is missed when the share of referred " +
		"people seen within it (those who gave up, were turned away or were still waiting past it at the end count as missed) " +
		"has its 95% interval wholly below the level a year must reach (" + fmtPct0(TargetShare) + " unless the scenario says). " +
		"A waiting list grows or falls when its yearly average changes between the first and last contract years with an " +
		"interval that excludes zero and by at least " + strconv.Itoa(PracticalChangePeople) + " people and " +
		fmtPct0(PracticalChangeShare) + " of the larger average. People giving up are reported at " + fmtPct0(GaveUpShare) +
		" of referrals or more. Each casework lot and refuge is checked against its queueing closed form (Erlang A, C or B): " +
		"the simulated share of referred people seen within target over the period, all risk levels pooled, against the closed " +
		"form's; where high risk is served first the order of service changes who is seen within target but not how many give " +
		"up, so the share giving up is compared instead (the mean wait where nobody gives up), and for a refuge without " +
		"targets the share turned away. They disagree when the gap exceeds the simulation's interval plus " +
		pctPoints(TheoryTolerance) + " where the lot meets the closed form's assumptions, or plus " + pctPoints(TheoryToleranceDeparted) +
		" (" + fmtPct0(TheoryToleranceDeparted) + " of a mean wait) where it departs from them, since each departure (case lengths " +
		"not exponential, demand or capacity that changes, drop-out, and so on) moves the figure by a few points."
}

// pctPoints writes a share as percentage points: "1 percentage point".
func pctPoints(v float64) string {
	n := strconv.FormatFloat(v*100, 'f', -1, 64)
	if n == "1" {
		return "1 percentage point"
	}
	return n + " percentage points"
}

// RunFindings draws plain-language findings from a run's figures, by
// stated rules (FindingRules says them in words), for each lot in order:
//
//   - inherited_overload: the lot starts with more open cases than its
//     capacity, which shows as cases held above capacity;
//   - cases_above_capacity: otherwise, capacity falls while cases are
//     open, holding at least PracticalExcessCases above it on average;
//   - over_capacity: the budget's hand arithmetic gives expected demand
//     above the cases a year the lot's capacity can take, judged in every
//     financial year the simulation covers, naming those years;
//   - full or under_used: the whole-period utilisation's 95% interval lies
//     at or above FullUtilisation, or below UnderUsedUtilisation;
//   - waiting_list_grows or waiting_list_falls: the change a month in the
//     lot's time-average waiting list from the first contract year to the
//     last (averages, so that a cohort cycle does not pass for a trend),
//     with an interval that adds the two averages' half-widths (which
//     holds whatever their correlation), only when that interval excludes
//     zero and the change over the period is of practical size
//     (PracticalChangePeople and PracticalChangeShare);
//   - target_missed: for each risk level with a target, the share of
//     referred people seen within it has its 95% interval wholly below the
//     lot's TargetLevel in some contract year or over the whole period;
//     the sentence names the years, gives the chance of missing it in each
//     and the area faring worst;
//   - gave_up: at least GaveUpShare of referrals give up waiting;
//   - turned_away: the refuge turns people away (interval above zero);
//   - inherited: completions exceed starts because the run inherits open
//     cases, whose starts fall before the period;
//   - theory_disagrees: the lot's Theory.Check disagrees: the simulated
//     share of referred people seen within target over the period (all
//     risk levels with a target pooled; with priority by risk, the share
//     giving up or the mean wait; for a refuge without targets, the share
//     turned away) differs from the closed form's by more than the
//     interval's half-width plus TheoryTolerance, or plus
//     TheoryToleranceDeparted when the lot departs from the closed form's
//     assumptions, whose short names the sentence gives as the likely
//     cause. A lot whose demand exceeds capacity with nobody giving up is
//     not judged: its closed form has no steady state.
//
// With fewer than two replications no interval can be given; the findings
// that need one are left out and a no_interval finding says so.
//
// m is the model the report's figures came from (for the contract years'
// times and the lots' capacity).
func RunFindings(r *Run, m *simulate.Model) []RunFinding {
	out := []RunFinding{}
	add := func(kind FindingKind, lot, risk, format string, args ...any) {
		out = append(out, RunFinding{Kind: kind, Lot: lot, Risk: risk, Text: fmt.Sprintf(format, args...)})
	}
	if st := r.Stopping; st != nil && !st.Met {
		reached := "no interval could be given"
		if a := float64(st.Achieved); !math.IsNaN(a) {
			reached = "it reached " + fmtPct(a)
		}
		add(KindStoppingRuleNotMet, st.Lot, "", "The stopping rule was not met: %s of %s was to be within %s of its estimate, but after the most replications allowed (%d) %s.",
			st.Metric, st.Lot, fmtPct(st.RelativeHalfWidth), st.Max, reached)
	}
	if r.Replications < 2 {
		add(KindNoInterval, "", "", "With %s no confidence interval can be given, so the findings that need one (missed targets, "+
			"waiting lists growing or falling, full or under-used lots, people turned away) are left out: run at least 2 replications.",
			plural(r.Replications, "replication"))
	}
	for li, l := range r.Lots {
		if l.FrontDoor {
			continue
		}
		var ml *simulate.Lot
		if m != nil && li < len(m.Lots) {
			ml = &m.Lots[li]
		}
		total, _ := l.Cell("", "", "")
		if x := total.ExcessCases; x.N > 0 && float64(x.Mean) >= PracticalExcessCases {
			cap0 := -1
			if ml != nil {
				cap0 = slotsAtStart(ml)
			}
			if l.InheritedOpenCases > 0 && l.InheritedOpenCases > cap0 && cap0 >= 0 {
				add(KindInheritedOverload, l.Name, "", "%s starts with %s open cases, more than its capacity of %s at a time: "+
					"on average %s cases are held above capacity over the period%s, and new referrals wait until the caseload falls below it.",
					l.Name, numfmt.Count(float64(l.InheritedOpenCases)), numfmt.Count(float64(cap0)), fmtNum1(float64(x.Mean)), ciText(x, fmtNum1))
			} else {
				add(KindCasesAboveCapacity, l.Name, "", "%s's capacity falls while cases are open: on average %s cases are held above capacity over the period%s.",
					l.Name, fmtNum1(float64(x.Mean)), ciText(x, fmtNum1))
			}
		}
		if f, ok := overCapacity(r, l.Name); ok {
			add(KindOverCapacity, l.Name, "", "%s", f)
		}
		if u := total.Utilisation; u.N >= 2 {
			switch {
			case float64(u.Lo) >= FullUtilisation:
				add(KindFull, l.Name, "", "%s is full: its capacity is in use %s of the time%s.", l.Name, fmtPct(float64(u.Mean)), ciText(u, fmtPct))
			case float64(u.Hi) < UnderUsedUtilisation:
				add(KindUnderUsed, l.Name, "", "%s is under-used: its capacity is in use %s of the time%s.", l.Name, fmtPct(float64(u.Mean)), ciText(u, fmtPct))
			}
		}
		if g, ok := waitingGrowth(r, l, m); ok {
			kind, verb := KindWaitingListGrows, "grows"
			if g.Mean < 0 {
				kind, verb = KindWaitingListFalls, "falls"
			}
			lo, hi := float64(g.Lo), float64(g.Hi)
			if g.Mean < 0 {
				lo, hi = -hi, -lo
			}
			// Below one a month, two decimals keep the interval's ends
			// apart from zero in print.
			f := fmtNum1
			if math.Abs(float64(g.Mean)) < 1 {
				f = func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
			}
			add(kind, l.Name, "", "The waiting list at %s %s by %s a month (95%% CI %s to %s): it averages %s in the first contract year (%s) and %s in the last (%s).",
				l.Name, verb, f(math.Abs(float64(g.Mean))), f(lo), f(hi), numfmt.Count(g.from), r.Years[0], numfmt.Count(g.to), r.Years[len(r.Years)-1])
		}
		for _, rk := range []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard} {
			if text, ok := targetMissed(r, l, rk.String()); ok {
				add(KindTargetMissed, l.Name, rk.String(), "%s", text)
			}
		}
		if d, ref := total.Disengaged, total.Referrals; d.N > 0 && ref.Mean > 0 && float64(d.Mean)/float64(ref.Mean) >= GaveUpShare {
			add(KindGaveUp, l.Name, "", "%s people give up waiting for %s over the period%s, %s of its %s referrals.",
				numfmt.Count(float64(d.Mean)), l.Name, ciText(d, numfmt.Count), fmtPct(float64(d.Mean)/float64(ref.Mean)), numfmt.Count(float64(ref.Mean)))
		}
		if t := total.TurnedAway; t.N >= 2 && float64(t.Lo) > 0 {
			text := fmt.Sprintf("%s turns away %s people over the period because it is full%s", l.Name, numfmt.Count(float64(t.Mean)), ciText(t, numfmt.Count))
			if ref := total.Referrals; ref.Mean > 0 {
				text += fmt.Sprintf(", %s of its %s referrals", fmtPct(float64(t.Mean)/float64(ref.Mean)), numfmt.Count(float64(ref.Mean)))
			}
			add(KindTurnedAway, l.Name, "", "%s.", text)
		}
		if inh := l.InheritedOpenCases + l.InheritedWaiting; inh > 0 && total.Completions.Mean > total.Starts.Mean {
			add(KindInherited, l.Name, "", "%s inherits %s open cases and %s people waiting when the period starts: their completions count in the period "+
				"but the open cases' starts do not, so completions (%s) exceed starts (%s).",
				l.Name, numfmt.Count(float64(l.InheritedOpenCases)), numfmt.Count(float64(l.InheritedWaiting)), numfmt.Count(float64(total.Completions.Mean)), numfmt.Count(float64(total.Starts.Mean)))
		}
		if text, ok := theoryFinding(l); ok {
			add(KindTheoryDisagrees, l.Name, "", "%s", text)
		}
	}
	return out
}

// slotsAtStart returns the lot's capacity at the start of the period (the
// last certain step at or before time 0).
func slotsAtStart(l *simulate.Lot) int {
	n := 0
	for _, s := range l.Slots {
		if s.At <= 0 && s.Probability == 0 {
			n = s.Slots
		}
	}
	return n
}

// overCapacity says in which financial years of the run the budget's hand
// arithmetic finds the lot over capacity; ok is false if in none.
func overCapacity(r *Run, lot string) (string, bool) {
	if r.Budget == nil {
		return "", false
	}
	var years []string
	var first, worst LotCapacity
	var worstYear string
	judged := 0
	for _, cy := range r.Budget.Capacity {
		for _, lc := range cy.Lots {
			if lc.Lot != lot {
				continue
			}
			judged++
			if !lc.OverCapacity {
				continue
			}
			if len(years) == 0 {
				first = lc
			}
			years = append(years, cy.Year.String())
			if lc.Utilisation > worst.Utilisation || worstYear == "" {
				worst, worstYear = lc, cy.Year.String()
			}
		}
	}
	if len(years) == 0 {
		return "", false
	}
	when := "in every year simulated (" + yearRange(years) + ")"
	if len(years) < judged {
		var all []string
		for _, cy := range r.Budget.Capacity {
			all = append(all, cy.Year.String())
		}
		when = "in " + plural(len(years), "year") + " of " + strconv.Itoa(judged) + " simulated (" + yearList(all, years) + ")"
	}
	text := fmt.Sprintf("%s is over capacity %s: in %s, %s referrals are expected against capacity for %s cases (demand %s of capacity)",
		lot, when, years[0], numfmt.Count(first.ExpectedDemand), numfmt.Count(first.CasesPerYear), fmtPct(first.Utilisation))
	if worstYear != years[0] && math.Abs(worst.Utilisation-first.Utilisation) >= 0.005 {
		text += fmt.Sprintf(", rising to %s of capacity in %s", fmtPct(worst.Utilisation), worstYear)
	}
	return text + ".", true
}

// yearRange writes a run of consecutive years as "first to last", or the
// one year; years labelled by their dates ("2019-07-01 to 2020-06-30")
// give the first's start and the last's end.
func yearRange(years []string) string {
	if len(years) == 1 {
		return years[0]
	}
	first, last := years[0], years[len(years)-1]
	if a, _, ok := strings.Cut(first, " to "); ok {
		if _, b, ok := strings.Cut(last, " to "); ok {
			return a + " to " + b
		}
	}
	return first + " to " + last
}

// yearList writes some of the years in all (in order): a run of
// consecutive years as a range, others listed.
func yearList(all, some []string) string {
	if len(some) == 0 {
		return ""
	}
	i := slices.Index(all, some[0])
	consecutive := i >= 0 && i+len(some) <= len(all) && slices.Equal(all[i:i+len(some)], some)
	if consecutive {
		return yearRange(some)
	}
	return strings.Join(some, ", ")
}

// targetMissed says whether and when a lot misses its waiting-time target
// for one risk level, judged by the share of referred people seen within
// it in each contract year and over the whole period.
func targetMissed(r *Run, l LotResult, risk string) (string, bool) {
	target, ok := l.WaitTargets[risk]
	if !ok {
		return "", false
	}
	level := l.TargetLevel
	if level == 0 {
		level = TargetShare
	}
	below := func(e Estimate) bool { return e.N >= 2 && float64(e.Hi) < level }
	var missed []string
	for _, y := range r.Years {
		if c, ok := l.Cell(y, "", risk); ok && below(c.ReferredWithinTarget) {
			missed = append(missed, y)
		}
	}
	whole, ok := l.Cell("", "", risk)
	w := whole.ReferredWithinTarget
	if len(missed) == 0 && !(ok && below(w)) {
		return "", false
	}
	when := "over the period"
	switch {
	case len(missed) == len(r.Years) && len(r.Years) > 1:
		when = "in every contract year (" + yearRange(missed) + ")"
	case len(missed) > 0:
		when = "in " + plural(len(missed), "contract year") + " of " + strconv.Itoa(len(r.Years)) + " (" + yearList(r.Years, missed) + ")"
	}
	text := fmt.Sprintf("%s-risk referrals to %s miss the %s target %s: over the period %s of those referred are seen within it%s, against the %s a year must reach",
		capital(risk), l.Name, days(target), when, fmtPct(float64(w.Mean)), ciText(w, fmtPct), fmtPct0(level))
	if s := whole.WithinTarget; s.N > 0 && math.Abs(float64(s.Mean)-float64(w.Mean)) >= 0.005 {
		text += fmt.Sprintf(" (of those who started, %s were)", fmtPct(float64(s.Mean)))
	}
	text += missedByYear(r, l, risk)
	text += worstArea(r, l, risk)
	return text + ".", true
}

// ciText writes an estimate's interval as " (95% CI lo to hi)", or
// nothing when there is none (fewer than two replications).
func ciText(e Estimate, f func(float64) string) string {
	lo, hi := float64(e.Lo), float64(e.Hi)
	if e.N < 2 || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return ""
	}
	return fmt.Sprintf(" (95%% CI %s to %s)", f(lo), f(hi))
}

// plural writes a count and its noun: "1 replication", "2 years".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// growth is a waiting list's change a month between two yearly averages.
type growth struct {
	Estimate
	from, to float64
}

// waitingGrowth estimates the change a month of the lot's time-average
// waiting list from the first contract year to the last, between the
// years' midpoints. ok is false with fewer than two years, when the
// interval includes zero, or when the change is below practical size.
func waitingGrowth(r *Run, l LotResult, m *simulate.Model) (growth, bool) {
	if len(r.Years) < 2 || m == nil || len(m.YearStarts) < 2 {
		return growth{}, false
	}
	first, ok1 := l.Cell(r.Years[0], "", "")
	last, ok2 := l.Cell(r.Years[len(r.Years)-1], "", "")
	a, b := first.MeanWaiting, last.MeanWaiting
	if !ok1 || !ok2 || a.N < 2 || b.N < 2 {
		return growth{}, false
	}
	n := len(m.YearStarts)
	mid0 := (m.YearStarts[0] + m.YearStarts[1]) / 2
	midN := (m.YearStarts[n-1] + m.Horizon) / 2
	months := (midN - mid0) / (funding.DaysPerYear / 12)
	if !(months > 0) {
		return growth{}, false
	}
	change := float64(b.Mean) - float64(a.Mean)
	g := change / months
	hw := (a.HalfWidth() + b.HalfWidth()) / months
	e := growth{Estimate: Estimate{Mean: Float(g), Lo: Float(g - hw), Hi: Float(g + hw), N: min(a.N, b.N)}, from: float64(a.Mean), to: float64(b.Mean)}
	practical := math.Abs(change) >= PracticalChangePeople &&
		math.Abs(change) >= PracticalChangeShare*max(math.Abs(float64(a.Mean)), math.Abs(float64(b.Mean)))
	if !e.Excludes(0) || !practical {
		return growth{}, false
	}
	return e, true
}

// missedByYear says how likely the target is to be missed in each year.
func missedByYear(r *Run, l LotResult, risk string) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	var loYear, hiYear string
	for _, y := range r.Years {
		c, ok := l.Cell(y, "", risk)
		if !ok || c.MissedTarget == nil {
			continue
		}
		p := float64(c.MissedTarget.Estimate)
		if p < lo {
			lo, loYear = p, y
		}
		if p > hi {
			hi, hiYear = p, y
		}
	}
	switch {
	case math.IsInf(lo, 0):
		return ""
	case lo == hi:
		return fmt.Sprintf("; the chance of missing it in a contract year is %s in every year", fmtPct0(lo))
	}
	return fmt.Sprintf("; the chance of missing it in a contract year ranges from %s (%s) to %s (%s)", fmtPct0(lo), loYear, fmtPct0(hi), hiYear)
}

// worstArea names the area with the smallest share of referred people
// seen within target, when the lot serves more than one.
func worstArea(r *Run, l LotResult, risk string) string {
	worst, share, n := "", math.Inf(1), 0
	for _, a := range r.Areas {
		c, ok := l.Cell("", a, risk)
		if !ok || c.ReferredWithinTarget.N == 0 {
			continue
		}
		n++
		if v := float64(c.ReferredWithinTarget.Mean); v < share {
			worst, share = a, v
		}
	}
	if n < 2 {
		return ""
	}
	return fmt.Sprintf("; it is worst in %s (%s of those referred seen within target)", worst, fmtPct(share))
}
