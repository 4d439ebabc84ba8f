package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// The closed-form models a Theory uses.
const (
	ModelErlangA = "erlang_a" // M/M/c+M: casework where people give up while they wait
	ModelErlangC = "erlang_c" // M/M/c: casework where everybody waits
	ModelErlangB = "erlang_b" // M/M/c/c: a refuge that turns people away when full
)

// Tolerances of the theory_disagrees finding: the gap between the
// simulated and the closed-form figure beyond the simulation's 95%
// interval that is allowed before it is reported.
const (
	// TheoryTolerance is allowed when the lot meets every assumption of
	// its closed form: what is left is the simulation's own error and the
	// short period (the closed form is a long-run steady state).
	TheoryTolerance = 0.01
	// TheoryToleranceDeparted is allowed when some assumption does not
	// hold (Theory.Departures). Each departure alone moves the figure by
	// a few points on the shipped scenarios (priorities, case lengths
	// less variable than exponential, drop-out); only a larger gap is
	// worth a reader's attention.
	TheoryToleranceDeparted = 0.10
)

// Theory is a lot's closed-form queueing estimate, set beside the
// simulated one: the model used, the assumptions under which it holds,
// those this lot departs from, and its figures by contract year and over
// the period. It seeds a search for capacity and gives the reader a sanity
// check. NewTheory says how the inputs are read from the model.
type Theory struct {
	// Model is erlang_a, erlang_c or erlang_b.
	Model string `json:"model"`
	// Assumptions are the conditions under which the model holds, in
	// words.
	Assumptions []string `json:"assumptions"`
	// Departures are the assumptions this lot does not meet, in words,
	// and DepartureKinds the same as short names (priorities,
	// non_exponential_service, varying_demand, capacity_changes,
	// uncertain_capacity, inherited_state, no_warm_up, repeats, unstable,
	// non_exponential_patience, mixed_patience, drop_out,
	// case_length_by_risk).
	Departures     []string `json:"departures"`
	DepartureKinds []string `json:"departure_kinds"`
	// SlotsNeededFor says what SlotsNeeded meets, in words.
	SlotsNeededFor string `json:"slots_needed_for"`
	// Years are the figures by contract year, Period over the whole
	// period.
	Years  []TheoryFigures `json:"years"`
	Period TheoryFigures   `json:"period"`
	// Check compares the closed form with the simulation over the period;
	// null when nothing could be compared.
	Check *TheoryCheck `json:"check"`
}

// TheoryFigures are a closed form's inputs and results for one contract
// year (or the period, Year ""), with the simulated figures they compare
// with. Shares are fractions; waits and case lengths days; a figure the
// model does not give is null.
type TheoryFigures struct {
	Year string `json:"year"`
	// ArrivalsPerDay is the mean referrals a day reaching the lot, and
	// ArrivalsByRisk the same by risk level (levels with none absent).
	ArrivalsPerDay Float            `json:"arrivals_per_day"`
	ArrivalsByRisk map[string]Float `json:"arrivals_per_day_by_risk"`
	// MeanCaseLength is 1/μ: the mean time a case (or stay) holds a slot.
	MeanCaseLength Float `json:"mean_case_length_days"`
	// Slots are the case slots (beds) in force.
	Slots int `json:"slots"`
	// PatienceDays is 1/θ, the mean wait before giving up; null when
	// nobody gives up.
	PatienceDays Float `json:"patience_days"`
	// Load is the offered load λ/μ (with declined refuge offers thinned
	// out): the slots in use if everybody were served; Utilisation is
	// Load/Slots, ρ.
	Load        Float `json:"offered_load"`
	Utilisation Float `json:"load_per_slot"`
	// WithinTarget is the predicted share of referred people started
	// within their level's target, by risk level with a target, with all
	// served in order of arrival; WithinTargetAll pools the levels with a
	// target, weighting by their referrals.
	WithinTarget    map[string]Float `json:"share_referred_within_target_by_risk"`
	WithinTargetAll Float            `json:"share_referred_within_target"`
	// GaveUp is the predicted share of referrals who give up waiting,
	// TurnedAway the share a refuge turns away.
	GaveUp     Float `json:"gave_up_share"`
	TurnedAway Float `json:"turned_away_share"`
	// MeanWait is the predicted mean wait of all referred people,
	// counting the time those who gave up waited.
	MeanWait Float `json:"wait_mean_days"`
	// SlotsNeeded is the least number of slots meeting the lot's target
	// level as Theory.SlotsNeededFor says; SlotsNeededTightest the least
	// meeting it within the tightest target. Zero when there is no target
	// to meet or no number of slots meets it. For the period, the most any
	// year needs.
	SlotsNeeded         int `json:"slots_needed,omitempty"`
	SlotsNeededTightest int `json:"slots_needed_tightest_target,omitempty"`
	// SquareRootBeta reads SlotsNeeded as square-root staffing (Halfin
	// and Whitt): slots = load + β√load, so β is the safety margin in
	// units of √load that the target needs; null without slots needed.
	// For the period, that of the year needing the most.
	SquareRootBeta Float `json:"square_root_beta"`
	// FTENeeded is SlotsNeeded over the lot's caseload per FTE, for
	// casework whose caseload is known; null otherwise.
	FTENeeded Float `json:"fte_needed"`
	// Simulated are the same figures from the simulation.
	Simulated TheorySimulated `json:"simulated"`
}

// TheorySimulated are simulated figures comparable with a closed form's:
// the share of referred people seen within target (all levels with a
// target), the shares giving up and turned away (of referrals, means over
// replications), and the mean wait of all referred people by Little's law
// (the time-average waiting list over the referrals a day), which counts
// the time of those who gave up as the closed form does.
type TheorySimulated struct {
	WithinTarget Estimate `json:"share_referred_within_target"`
	GaveUp       Float    `json:"gave_up_share"`
	TurnedAway   Float    `json:"turned_away_share"`
	MeanWait     Float    `json:"wait_mean_days"`
}

// TheoryCheck compares a closed-form figure with the simulated one over
// the period: the share of referred people seen within target (all risk
// levels with a target pooled); with priority by risk, the share giving
// up (the mean wait of all referred where nobody gives up); for a refuge
// without targets that turns people away, the share turned away.
type TheoryCheck struct {
	// Measure is share_referred_within_target, gave_up_share,
	// wait_mean_days or turned_away_share.
	Measure    string   `json:"measure"`
	Simulated  Estimate `json:"simulated"`
	ClosedForm Float    `json:"closed_form"`
	// Gap is the simulated figure less the closed-form one.
	Gap Float `json:"gap"`
	// Tolerance is the gap allowed beyond the interval's half-width:
	// TheoryTolerance, or TheoryToleranceDeparted with departures (for
	// wait_mean_days, that share of the closed-form wait, in days).
	Tolerance Float `json:"tolerance"`
	// Disagrees is true when |Gap| exceeds the half-width plus Tolerance.
	Disagrees bool `json:"disagrees"`
	// Note says why nothing was judged, when that is so.
	Note string `json:"note,omitempty"`
}

// NewTheory returns the closed-form estimate of lot l of m, or nil for a
// lot with no closed form (group work, or l out of range). years label
// the contract years of m.YearStarts; sim, if not nil, is the lot's
// simulated result, which fills the Simulated figures and Check.
// caseloadPerFTE turns slots into FTE for casework (0 for none).
//
// The inputs, for each contract year and the period:
//
//   - λ: ArrivalRates over the window, all risk levels together.
//   - slots: the certain capacity steps (those without a Probability,
//     which with money at risk are the capacity when no money is
//     withdrawn), averaged over the window's time and rounded.
//   - 1/μ: the mean of the case length (length of stay), shortened by
//     drop-out: a person who drops out leaves at a uniform point of their
//     case, so the mean slot time is the mean case length × (1 − d/2),
//     with d the drop-out share weighted by each client group's referrals.
//   - θ: for each client group referred, 1/mean patience (0 for a group
//     that waits for ever), weighted by the group's referrals; exponential
//     patience makes it exact, any other is a departure.
//   - declined refuge offers thin λ by 1 − DeclinedShare: someone who
//     declines never holds a bed, and is left out of the shares.
//
// The model is Erlang B for a refuge that turns people away, Erlang A
// when θ > 0 and Erlang C otherwise, all risk levels pooled and served in
// order of arrival. The period's shares, give-up and mean wait are the
// years' figures weighted by their referrals (each year in its own steady
// state), its slots needed the most any year needs.
//
// Slots needed meet the lot's target level (TargetShare, 0.9 if zero)
// within the target of the lowest risk level that has one and is referred
// to the lot (standard risk where it has a target): high risk is served
// first, so the lowest level waits longest and its target binds, while the
// tightest target (usually high risk's) is met by priority rather than by
// capacity. Served in order of arrival, the pooled queue understates the
// lowest level's waits, so this is a lower bound; SlotsNeededTightest,
// everyone within the tightest target, an upper one. For a refuge that
// turns people away, the beds for which the share of those who accept a
// bed that is admitted meets the level.
func NewTheory(m *simulate.Model, l int, years []string, sim *LotResult, caseloadPerFTE float64) *Theory {
	if m == nil || l < 0 || l >= len(m.Lots) {
		return nil
	}
	lot := &m.Lots[l]
	c := &theoryCalc{m: m, l: l, lot: lot, caseload: caseloadPerFTE}
	switch {
	case lot.Mode == lotting.GroupWork || len(lot.Modes) > 0:
		// A group programme has no closed form, nor has a lot that
		// switches to or from one.
		return nil
	case lot.Mode == lotting.Beds && !lot.WaitWhenFull:
		c.model = ModelErlangB
	default:
		c.model = ModelErlangC
		if c.inputs(0, m.Horizon).theta > 0 {
			c.model = ModelErlangA
		}
	}
	t := &Theory{Model: c.model, Assumptions: assumptions(c.model), Departures: []string{}, DepartureKinds: []string{}, Years: []TheoryFigures{}}
	t.SlotsNeededFor = c.sizedFor()
	starts := m.YearStarts
	if len(starts) == 0 {
		starts = []float64{0}
	}
	var weight, within, gaveUp, turned, wait, withinW float64
	for k, from := range starts {
		to := m.Horizon
		if k+1 < len(starts) {
			to = starts[k+1]
		}
		label := ""
		if k < len(years) {
			label = years[k]
		}
		f := c.figures(from, to)
		f.Year = label
		if sim != nil {
			f.Simulated = simulated(sim, label, to-from)
		}
		t.Years = append(t.Years, f)
		w := float64(f.ArrivalsPerDay) * (to - from)
		weight += w
		gaveUp += w * float64(f.GaveUp)
		turned += w * float64(f.TurnedAway)
		wait += w * float64(f.MeanWait)
		if tw := w * c.targetedShare(from, to); !math.IsNaN(float64(f.WithinTargetAll)) {
			within += tw * float64(f.WithinTargetAll)
			withinW += tw
		}
	}
	p := c.figures(0, m.Horizon)
	if weight > 0 {
		p.GaveUp, p.TurnedAway, p.MeanWait = Float(gaveUp/weight), Float(turned/weight), Float(wait/weight)
		if withinW > 0 {
			p.WithinTargetAll = Float(within / withinW)
		}
	}
	p.SlotsNeeded, p.SlotsNeededTightest, p.SquareRootBeta = 0, 0, Float(math.NaN())
	for _, y := range t.Years {
		if y.SlotsNeeded > p.SlotsNeeded {
			p.SlotsNeeded, p.SquareRootBeta = y.SlotsNeeded, y.SquareRootBeta
		}
		p.SlotsNeededTightest = max(p.SlotsNeededTightest, y.SlotsNeededTightest)
	}
	p.FTENeeded = c.fte(p.SlotsNeeded)
	if sim != nil {
		p.Simulated = simulated(sim, "", m.Horizon)
	}
	t.Period = p
	for _, d := range c.departures(p) {
		t.DepartureKinds = append(t.DepartureKinds, d.kind)
		t.Departures = append(t.Departures, d.text)
	}
	if sim != nil {
		t.Check = check(t, sim, m.Horizon)
	}
	return t
}

// assumptions lists the conditions under which a model holds.
func assumptions(model string) []string {
	common := []string{
		"referrals arrive one at a time, independently, at a steady rate (a Poisson process)",
		"the service has run long enough for its waiting list to settle (steady state)",
	}
	switch model {
	case ModelErlangB:
		return append(common, "a referral that finds every bed full is turned away, and nobody waits",
			"beds are alike; the share turned away does not depend on how stays are spread, only on their mean")
	case ModelErlangA:
		return append(common, "case lengths vary as an exponential distribution does (coefficient of variation 1)",
			"case slots are alike and everyone is served in order of arrival, whatever their risk level",
			"each person waiting gives up after an exponentially distributed patience, independently of the others")
	}
	return append(common, "case lengths vary as an exponential distribution does (coefficient of variation 1)",
		"case slots are alike and everyone is served in order of arrival, whatever their risk level",
		"everybody waits until a slot frees: nobody gives up")
}

// theoryCalc holds what NewTheory reads from the model.
type theoryCalc struct {
	m        *simulate.Model
	l        int
	lot      *simulate.Lot
	model    string
	caseload float64
}

// theoryInputs are the closed form's inputs over a window.
type theoryInputs struct {
	byRisk      [3]float64 // referrals a day, standard, medium, high
	lambda      float64    // their sum, declined offers thinned out
	meanService float64    // 1/μ, drop-out counted
	theta       float64    // 1/mean patience, weighted by group
	slots       int
}

// inputs reads the closed form's inputs over [from, to).
func (c *theoryCalc) inputs(from, to float64) theoryInputs {
	var in theoryInputs
	groups := groupRates(c.m, c.l, from, to)
	total, theta, drop := 0.0, 0.0, 0.0
	for _, gr := range groups {
		g, rates := gr.group, gr.rates
		w := rates[0] + rates[1] + rates[2]
		total += w
		for r := range in.byRisk {
			in.byRisk[r] += rates[r]
		}
		if d, ok := c.disengagement(g); ok {
			if d.Patience != nil {
				if mp := d.Patience.Expected(); mp > 0 {
					theta += w / mp
				} else {
					theta += w * math.Inf(1)
				}
			}
			drop += w * d.DropOut
		}
	}
	if total > 0 {
		theta /= total
		drop /= total
	}
	in.lambda = total * (1 - c.lot.DeclinedShare)
	mean := c.lot.MeanService(in.byRisk) // weighted by risk when lengths differ by risk
	if c.model != ModelErlangB {
		mean *= 1 - drop/2
	}
	in.meanService = mean
	if c.model != ModelErlangB {
		in.theta = theta
	}
	in.slots, _ = slotsOver(c.lot, from, to)
	return in
}

// disengagement returns the lot's entry for client group g.
func (c *theoryCalc) disengagement(g lotting.ClientGroup) (simulate.Disengagement, bool) {
	for _, d := range c.lot.Disengagement {
		if d.Group == g {
			return d, true
		}
	}
	return simulate.Disengagement{}, false
}

// targetedShare is the share of the window's referrals at a risk level
// with a target.
func (c *theoryCalc) targetedShare(from, to float64) float64 {
	rates := ArrivalRates(c.m, c.l, from, to)
	all, with := 0.0, 0.0
	for r, x := range rates {
		all += x
		if c.lot.Targets[r] > 0 {
			with += x
		}
	}
	if all == 0 {
		return 0
	}
	return with / all
}

// sizingTargets returns the target slots needed are sized for (the lowest
// risk level with a target and referrals) and the tightest target; zeros
// when no level referred to the lot has a target.
func (c *theoryCalc) sizingTargets() (lowest float64, lowestRisk int, tightest float64) {
	rates := ArrivalRates(c.m, c.l, 0, c.m.Horizon)
	lowestRisk = -1
	for r := 2; r >= 0; r-- {
		t := c.lot.Targets[r]
		if t <= 0 || rates[r] == 0 {
			continue
		}
		lowest, lowestRisk = t, r
		if tightest == 0 || t < tightest {
			tightest = t
		}
	}
	return lowest, lowestRisk, tightest
}

// level is the lot's target level.
func (c *theoryCalc) level() float64 {
	if c.lot.TargetShare > 0 {
		return c.lot.TargetShare
	}
	return lotting.DefaultWaitTargetLevel
}

// sizedFor says what the slots needed meet.
func (c *theoryCalc) sizedFor() string {
	lvl := numfmt.PercentShortest(c.level())
	if c.model == ModelErlangB {
		return "the fewest beds for which at least " + lvl + " of those who accept a bed are admitted rather than turned away"
	}
	t, r, _ := c.sizingTargets()
	if r < 0 {
		return "no risk level referred to the lot has a target, so no slots are sized"
	}
	text := fmt.Sprintf("the fewest slots for which %s of all referrals, served in order of arrival, start within the %s-risk target of %s days",
		lvl, lotting.RiskAt(r), fmtDays(t))
	levels := 0
	for _, x := range ArrivalRates(c.m, c.l, 0, c.m.Horizon) {
		if x > 0 {
			levels++
		}
	}
	if levels > 1 {
		text += " (high risk is served first, so the lowest level's target binds)"
	}
	return text
}

// fmtDays writes a number of days without trailing zeros.
func fmtDays(d float64) string { return strconv.FormatFloat(d, 'f', -1, 64) }

// figures computes the closed form over [from, to).
func (c *theoryCalc) figures(from, to float64) TheoryFigures {
	in := c.inputs(from, to)
	nan := Float(math.NaN())
	f := TheoryFigures{
		ArrivalsPerDay: Float(in.byRisk[0] + in.byRisk[1] + in.byRisk[2]), ArrivalsByRisk: map[string]Float{},
		MeanCaseLength: Float(in.meanService), Slots: in.slots, PatienceDays: nan,
		WithinTarget: map[string]Float{}, WithinTargetAll: nan, GaveUp: nan, TurnedAway: nan, MeanWait: nan, FTENeeded: nan,
		SquareRootBeta: nan,
	}
	for r, x := range in.byRisk {
		if x > 0 {
			f.ArrivalsByRisk[lotting.RiskAt(r).String()] = Float(x)
		}
	}
	if in.theta > 0 {
		f.PatienceDays = Float(1 / in.theta)
	}
	if !(in.meanService > 0) {
		return f
	}
	mu := 1 / in.meanService
	f.Load = Float(in.lambda / mu)
	if in.slots > 0 {
		f.Utilisation = Float(in.lambda / mu / float64(in.slots))
	} else {
		f.Utilisation = nan
	}
	q := c.queue(in)
	if in.lambda > 0 {
		all, allW := 0.0, 0.0
		for r, x := range in.byRisk {
			t := c.lot.Targets[r]
			if t <= 0 || x == 0 {
				continue
			}
			s := q.within(t)
			f.WithinTarget[lotting.RiskAt(r).String()] = Float(s)
			all += x * s
			allW += x
		}
		if allW > 0 {
			f.WithinTargetAll = Float(all / allW)
		}
		f.GaveUp, f.TurnedAway, f.MeanWait = Float(q.gaveUp), Float(q.turnedAway), Float(q.meanWait)
	}
	f.SlotsNeeded, f.SlotsNeededTightest = c.needed(in)
	f.SquareRootBeta = nan
	if a := float64(f.Load); f.SlotsNeeded > 0 && a > 0 {
		f.SquareRootBeta = Float((float64(f.SlotsNeeded) - a) / math.Sqrt(a))
	}
	f.FTENeeded = c.fte(f.SlotsNeeded)
	return f
}

// fte is slots over the caseload per FTE, for casework with one.
func (c *theoryCalc) fte(slots int) Float {
	if c.lot.Mode != lotting.Casework || !(c.caseload > 0) || slots == 0 {
		return Float(math.NaN())
	}
	return Float(float64(slots) / c.caseload)
}

// needed returns the slots needed within the sizing target and within the
// tightest, 0 where there is none or none suffices.
func (c *theoryCalc) needed(in theoryInputs) (int, int) {
	lvl := c.level()
	mu := 1 / in.meanService
	if c.model == ModelErlangB {
		d := c.lot.DeclinedShare
		n, err := queueing.ServersForBlocking(in.lambda/mu, 1-lvl/(1-d*(1-lvl)))
		if err != nil {
			return 0, 0
		}
		return n, n
	}
	lowest, r, tightest := c.sizingTargets()
	if r < 0 {
		return 0, 0
	}
	size := func(t float64) int {
		var n int
		var err error
		if in.theta > 0 && !math.IsInf(in.theta, 1) {
			n, err = queueing.ServersForErlangA(in.lambda, mu, in.theta, t, lvl)
		} else {
			n, err = queueing.ServersForMMc(in.lambda, mu, t, lvl)
		}
		if err != nil {
			return 0
		}
		return n
	}
	return size(lowest), size(tightest)
}

// queueResult is a closed form evaluated: its share within a wait, and
// the shares giving up and turned away and the mean wait of all
// referrals.
type queueResult struct {
	within                       func(t float64) float64
	gaveUp, turnedAway, meanWait float64
}

// queue evaluates the lot's model for inputs in.
func (c *theoryCalc) queue(in theoryInputs) queueResult {
	mu := 1 / in.meanService
	nan := math.NaN()
	fail := queueResult{within: func(float64) float64 { return nan }, gaveUp: nan, turnedAway: nan, meanWait: nan}
	if in.slots == 0 { // nobody ever starts
		out := queueResult{within: func(float64) float64 { return 0 }, turnedAway: nan, meanWait: math.Inf(1)}
		switch {
		case c.model == ModelErlangB:
			out.turnedAway, out.meanWait, out.gaveUp = 1, nan, nan
		case in.theta > 0:
			out.gaveUp, out.meanWait = 1, 1/in.theta
		}
		return out
	}
	switch c.model {
	case ModelErlangB:
		d := c.lot.DeclinedShare
		b := queueing.ErlangB(in.slots, in.lambda/mu)
		// Shares of those counted: declined offers are left out.
		admitted := (1 - b) * (1 - d) / (1 - (1-b)*d)
		return queueResult{within: func(float64) float64 { return admitted }, gaveUp: nan, turnedAway: b, meanWait: 0}
	case ModelErlangA:
		if math.IsInf(in.theta, 1) {
			return fail
		}
		q, err := queueing.NewErlangA(in.slots, in.lambda, mu, in.theta)
		if err != nil {
			return fail
		}
		return queueResult{within: q.ShareStartedWithin, gaveUp: q.ProbAbandon(), turnedAway: nan, meanWait: q.MeanWait()}
	}
	q, err := queueing.NewMMc(in.slots, in.lambda, mu)
	if err != nil {
		return fail
	}
	return queueResult{within: q.ShareStartedWithin, gaveUp: 0, turnedAway: nan, meanWait: q.MeanWait()}
}

// simulated reads the figures comparable with the closed form from a
// lot's cell of year ("" for the period), which lasts days.
func simulated(sim *LotResult, year string, days float64) TheorySimulated {
	nan := Float(math.NaN())
	out := TheorySimulated{WithinTarget: Estimate{Mean: nan, Lo: nan, Hi: nan}, GaveUp: nan, TurnedAway: nan, MeanWait: nan}
	c, ok := sim.Cell(year, "", "")
	if !ok {
		return out
	}
	out.WithinTarget = c.ReferredWithinTarget
	if ref := float64(c.Referrals.Mean); ref > 0 {
		out.GaveUp = Float(float64(c.Disengaged.Mean) / ref)
		out.TurnedAway = Float(float64(c.TurnedAway.Mean) / ref)
		if days > 0 && c.MeanWaiting.N > 0 {
			out.MeanWait = Float(float64(c.MeanWaiting.Mean) / (ref / days))
		}
	}
	return out
}
