package fit

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lotsim/lotsim/internal/survival"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/records"
)

// This file fits what the records say about each lot: how long cases last
// (the full planned length the engine draws), how long people wait before
// giving up, the share who leave during support, and the open cases and
// waiting list at a date.
//
// Times are whole days between two dates. A time of 0 days that ends (a
// case closed the day it started) is taken as half a day, since the
// families fitted have no mass at 0; a censored time of 0 says nothing and
// is left out.

// minEvents is the fewest ended times a family is fitted to; with fewer
// only the exponential is (one parameter), and with none nothing is.
const minEvents = 10

// minRiskEvents is the fewest ended cases at one risk level for a fit of
// its own.
const minRiskEvents = 30

// formatFamilies are the families the scenario format can hold, best first
// on a tie; the Weibull is fitted and compared but not written.
var formatFamilies = []survival.Family{survival.Exponential, survival.Gamma, survival.Lognormal}

// allFamilies are the families fitted and compared.
var allFamilies = []survival.Family{survival.Exponential, survival.Gamma, survival.Lognormal, survival.Weibull}

// decisiveAIC is how much lower a family's AIC must be than the
// exponential's for patience to take it: a difference of 10 or more
// leaves the worse model essentially no support.
const decisiveAIC = 10

// qqPoints is the number of points of a Q-Q plot.
const qqPoints = 40

// dayTime turns whole days into the time fitted: 0 days ending becomes
// half a day.
func dayTime(days records.Day, event bool) (float64, bool) {
	switch {
	case days > 0:
		return float64(days), true
	case days == 0 && event:
		return 0.5, true
	}
	return 0, false
}

// fitTimes fits the families to obs and returns the chosen fit (the best
// by AIC among those the format holds), its report and the chosen
// family's survival.Fit.
//
// With tail set (patience), a family other than the exponential is tried
// only when the records reach the median: when fewer than half the
// people gave up by the longest wait seen (as most start first), a
// two-parameter family's mean lies in a tail the records never reach, and
// families that fit the early waits equally well give means days or
// years apart. A constant rate of giving up (the exponential) is then
// assumed, and the note says so.
func fitTimes(obs []survival.Obs, tail bool) (*DistFit, *survival.Fit, error) {
	events := 0
	for _, o := range obs {
		if o.Event {
			events++
		}
	}
	if events == 0 {
		return nil, nil, fmt.Errorf("no time ended in the records")
	}
	fams := allFamilies
	note := ""
	if events < minEvents {
		fams = []survival.Family{survival.Exponential}
		note = fmt.Sprintf("Only %d times ended in the records: only the exponential is fitted.", events)
	} else if tail {
		km := survival.KaplanMeier(obs)
		if len(km) > 0 && km[len(km)-1].S > 0.5 {
			fams = []survival.Family{survival.Exponential}
			note = fmt.Sprintf("Only %.0f%% had given up by the longest wait in the records, so the mean rests on a tail they never reach: a constant rate of giving up (exponential) is assumed.", 100*(1-km[len(km)-1].S))
		}
	}
	best, all, err := survival.FitBest(obs, fams...)
	if err != nil {
		return nil, nil, err
	}
	chosen := best
	if tail && best.Family != survival.Exponential {
		// A family other than the exponential must fit decisively better
		// (AIC lower by decisiveAIC) to be believed about the tail.
		for _, f := range all {
			if f.Family == survival.Exponential && f.AIC-best.AIC < decisiveAIC {
				chosen = f
				note = fmt.Sprintf("The %s fits only a little better than a constant rate of giving up (AIC %.1f against %.1f, a difference under %d), and its mean rests on the tail: the exponential is kept.", best.Family, best.AIC, f.AIC, decisiveAIC)
			}
		}
	}
	if !slices.Contains(formatFamilies, chosen.Family) {
		for _, f := range all {
			if slices.Contains(formatFamilies, f.Family) {
				chosen = f
				break
			}
		}
		note = fmt.Sprintf("The %s fits best (AIC %.1f) but a scenario cannot hold it; the %s (AIC %.1f) is written.",
			best.Family, best.AIC, chosen.Family, chosen.AIC)
	}
	df := &DistFit{
		Family: chosen.Family.String(), Mean: chosen.Mean, SD: chosen.SD,
		N: chosen.N, Events: chosen.Events, Note: note,
	}
	for _, f := range all {
		df.Candidates = append(df.Candidates, Candidate{Family: f.Family.String(), AIC: f.AIC, Mean: f.Mean, SD: f.SD})
	}
	g := survival.GoodnessOfFit(obs, chosen)
	df.GoF = GoF{Method: g.Method, Statistic: g.Statistic, DF: g.DF, P: g.PValue}
	for _, q := range survival.QQ(obs, chosen, qqPoints) {
		df.QQ = append(df.QQ, QQPoint{P: q.P, Observed: q.Observed, Fitted: q.Fitted})
	}
	return df, &chosen, nil
}

// meanEstimate is a fit's mean with its interval.
func meanEstimate(f *survival.Fit) *Estimate {
	return &Estimate{f.Mean, f.MeanLo, f.MeanHi}
}

// fitLot fits one lot. deliv is its delivery; programme is a group
// programme's length in days (0 for other deliveries); asOf the extract
// date; stateAt the date of the start state.
func fitLot(ex *records.Extract, name string, deliv lotting.Delivery, programme float64, rows []records.Referral, asOf, stateAt records.Day) (LotFit, *survival.Fit, []string) {
	lf := LotFit{Name: name, Delivery: deliv.String(), Referrals: len(rows)}
	var notes []string
	for _, r := range rows {
		if r.Start != records.NoDay {
			lf.Started++
		}
	}
	// Case length: completed cases end; open ones are censored at the
	// extract date. Drop-outs are left out: the engine cuts a drop-out's
	// case at a uniform point of its drawn length, so the time they
	// stayed is not a censored case length (taking it as one overstates
	// the mean), and whether a person drops out does not depend on the
	// length drawn, so the completed cases are a fair sample of it.
	var chosen *survival.Fit
	if deliv != lotting.GroupWork {
		var obs []survival.Obs
		byRisk := map[int8][]survival.Obs{}
		for _, r := range rows {
			var o survival.Obs
			var ok bool
			switch r.Outcome {
			case records.Completed:
				o.T, ok = dayTime(r.End-r.Start, true)
				o.Event = true
			case records.Open:
				o.T, ok = dayTime(asOf-r.Start, false)
			}
			if ok {
				obs = append(obs, o)
				byRisk[r.Risk] = append(byRisk[r.Risk], o)
			}
		}
		df, f, err := fitTimes(obs, false)
		switch {
		case err != nil:
			notes = append(notes, fmt.Sprintf("%s: case length not fitted: %v.", name, err))
		default:
			lf.CaseLength = df
			lf.CaseLengthMeanDays = meanEstimate(f)
			chosen = f
		}
		for _, risk := range []int8{2, 1, 0} {
			o := byRisk[risk]
			ev := 0
			for _, x := range o {
				if x.Event {
					ev++
				}
			}
			if ev < minRiskEvents || len(byRisk) < 2 {
				continue
			}
			df, f, err := fitTimes(o, false)
			if err != nil {
				continue
			}
			lf.CaseLengthByRisk = append(lf.CaseLengthByRisk, RiskDist{Risk: lotting.RiskAt(int(risk)).String(), MeanDays: *meanEstimate(f), Fit: *df})
		}
	}
	// Patience and drop-out, per client group and pooled.
	groups := map[int16][]records.Referral{}
	var order []int16
	for _, r := range rows {
		if _, ok := groups[r.Group]; !ok {
			order = append(order, r.Group)
		}
		groups[r.Group] = append(groups[r.Group], r)
	}
	slices.Sort(order)
	// Drop-outs are counted among those who started long enough before
	// the extract date that nearly all have ended: the 99th percentile of
	// the case length (or the programme). Counting every closed case
	// would overstate the share, since drop-outs close sooner.
	horizon := programme
	if chosen != nil {
		horizon = chosen.Quantile(0.99)
	}
	var allWait []survival.Obs
	var allLeft, allOf int
	for _, g := range order {
		gname := "unknown"
		if g >= 0 {
			gname = ex.Groups[g]
		}
		wait, gaveUp := patienceObs(groups[g], asOf)
		allWait = append(allWait, wait...)
		gd := GroupDist{ClientGroup: gname, GaveUp: gaveUp, Waited: len(wait)}
		switch {
		case len(wait) == 0:
			gd.Note = "no one waited"
		case gaveUp == 0:
			// No one gave up: the exponential mean is at least the
			// total time waited over 3 (the rule of three, 95%).
			total := 0.0
			for _, o := range wait {
				total += o.T
			}
			lb := total / 3
			gd.LowerBound = &lb
			gd.Note = fmt.Sprintf("no one gave up: the mean patience is at least %.0f days (95%%)", lb)
		default:
			df, f, err := fitTimes(wait, true)
			if err != nil {
				gd.Note = err.Error()
				break
			}
			gd.Fit = df
			gd.MeanDays = meanEstimate(f)
		}
		lf.Patience = append(lf.Patience, gd)
		left, of := dropOutCohort(groups[g], asOf, horizon)
		if of > 0 {
			lf.DropOut = append(lf.DropOut, GroupShare{ClientGroup: gname, Share: share(left, of), Of: of, Left: left})
			allLeft += left
			allOf += of
		}
	}
	switch {
	case len(lf.Patience) == 1:
		// One client group: the pooled fit is that group's, made above.
		lf.PatienceMeanDays = lf.Patience[0].MeanDays
	case len(allWait) > 0:
		if _, f, err := fitTimes(allWait, true); err == nil {
			lf.PatienceMeanDays = meanEstimate(f)
		}
	}
	if allOf > 0 {
		e := share(allLeft, allOf)
		lf.DropOutShare = &e
	}
	if allOf > 0 && horizon > 0 && allOf < 20 {
		notes = append(notes, fmt.Sprintf("%s: only %d people started more than %.0f days before the extract date, so the drop-out share is rough.", name, allOf, horizon))
	}
	lf.State = state(rows, stateAt)
	return lf, chosen, notes
}

// patienceObs returns the times people waited: ended for those who gave
// up, censored at their start for those who started and at the extract
// date for those still waiting. Those turned away or referred on never
// waited.
func patienceObs(rows []records.Referral, asOf records.Day) ([]survival.Obs, int) {
	var obs []survival.Obs
	gaveUp := 0
	for _, r := range rows {
		var o survival.Obs
		var ok bool
		switch {
		case r.Outcome == records.GaveUp:
			o.T, ok = dayTime(r.End-r.Referred, true)
			o.Event = true
			gaveUp++
		case r.Start != records.NoDay:
			o.T, ok = dayTime(r.Start-r.Referred, false)
		case r.Outcome == records.Waiting:
			o.T, ok = dayTime(asOf-r.Referred, false)
		}
		if ok {
			obs = append(obs, o)
		}
	}
	return obs, gaveUp
}

// dropOutCohort counts, among those who started at least horizon days
// before asOf and have ended, those who dropped out, and all of them.
func dropOutCohort(rows []records.Referral, asOf records.Day, horizon float64) (left, of int) {
	cut := asOf - records.Day(math.Ceil(horizon))
	for _, r := range rows {
		if r.Start == records.NoDay || r.Start > cut {
			continue
		}
		switch r.Outcome {
		case records.Completed:
			of++
		case records.DroppedOut:
			of++
			left++
		}
	}
	return left, of
}

// share is x of n with its Clopper–Pearson 95% interval.
func share(x, n int) Estimate {
	e := Estimate{Estimate: float64(x) / float64(n)}
	if x > 0 {
		e.Lo = distuv.Beta{Alpha: float64(x), Beta: float64(n - x + 1)}.Quantile(0.025)
	}
	e.Hi = 1
	if x < n {
		e.Hi = distuv.Beta{Alpha: float64(x + 1), Beta: float64(n - x)}.Quantile(0.975)
	}
	return e
}

// state counts the open cases and the waiting list at day d by risk: open
// if started on or before d and not ended by then; waiting if referred on
// or before d, not started by then, and not ended by then (turned away and
// referred on never wait).
func state(rows []records.Referral, d records.Day) []RiskState {
	var by [4]RiskState // standard, medium, high, unknown
	for i, n := range []string{"standard", "medium", "high", "unknown"} {
		by[i].Risk = n
	}
	for _, r := range rows {
		if r.Referred > d || r.Outcome == records.TurnedAway || r.Outcome == records.ReferredOn {
			continue
		}
		if r.End != records.NoDay && r.End <= d {
			continue
		}
		k := 3
		if r.Risk >= 0 {
			k = int(r.Risk)
		}
		if r.Start != records.NoDay && r.Start <= d {
			by[k].OpenCases++
		} else {
			by[k].Waiting++
		}
	}
	var out []RiskState
	for i := 2; i >= 0; i-- {
		out = append(out, by[i])
	}
	if by[3].OpenCases+by[3].Waiting > 0 {
		out = append(out, by[3])
	}
	return out
}

// riskMix is each risk level's share of a stream's referrals with a
// known risk, high first, with Clopper–Pearson intervals; and the count
// without one.
func riskMix(counts [3]int, unknown int) ([]RiskShare, int) {
	n := counts[0] + counts[1] + counts[2]
	var out []RiskShare
	if n == 0 {
		return nil, unknown
	}
	for i := 2; i >= 0; i-- {
		out = append(out, RiskShare{Risk: lotting.RiskAt(i).String(), Referrals: counts[i], Share: share(counts[i], n)})
	}
	return out, unknown
}
