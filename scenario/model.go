package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// ErrCannotSimulate reports a scenario that cannot be turned into a
// simulation model, or simulation options that cannot be used. Errors
// from Scenario.Model and Simulate wrap it (and the underlying cause, such
// as a simulate.ModelError, where there is one).
var ErrCannotSimulate = errors.New("lotsim: scenario cannot be simulated")

// atRiskEvent names the shared draw behind every capacity step that
// depends on money at risk being withdrawn (see Scenario.Model).
const atRiskEvent = "at-risk funding withdrawn"

// Limits that keep a model a sensible size; a scenario beyond them is an
// error, not a slow run.
const (
	maxHorizonYears = 100  // a horizon longer than this is surely a mistake
	maxOutcomes     = 4096 // joint withdrawal outcomes of at-risk funders (see fundingOutcomes)
)

// Model turns the scenario into the simulation engine's input. Times are
// days from time 0, the earliest start of any contract. The mapping:
//
//   - Horizon: to the latest MaxEnd of any contract (MaxTerm), the latest
//     End (TakenTerm), or Length after time 0 by the calendar (Fixed); the
//     last day is included. Warm-up: Simulation.WarmUp in days (a month is
//     365.25/12 days).
//   - Contract years (YearStarts): the anniversaries of time 0, that is the
//     contract years of the earliest-starting contract, continued past its
//     end if another contract runs longer. Every lot is reported, funded
//     and staffed by these years, whatever its own contract's start.
//   - Capacity runs for the whole horizon. A lot's capacity does not stop
//     at its contract's end, nor wait for its start: the horizon says what
//     period is asked about (with MaxTerm, what happens if every extension
//     is taken), and a lot stands for whoever provides its service then,
//     with the money the pool allocates to it.
//   - Streams: one per demand stream, with the rate of each day of the
//     horizon from lotting.Demand.Rate (growth, seasonality, shocks). The
//     scenario counts repeat referrals in referrals_per_year (a share ρ of
//     them are repeats), while the engine adds a repeat to a first
//     referral with probability p, on top: so p = ρ/(1-ρ) and the first
//     referrals' rate is the day's rate / (1+p), which keeps both the total
//     and the share of repeats. The engine makes at most one repeat per
//     person, so ρ above 50% is an error.
//   - Routing: Route[stream][risk-1] is the lot Structure.Route gives, or
//     -1 (referred on) for a risk level all of whose referrals self-serve
//     at the front door and that no rule routes.
//   - Front door: its handlers (seats), handling time and self-serve
//     shares. Seats not given are bought with the front door lot's money
//     in the first contract year, every funder paying, after its on-cost:
//     floor(frontline / (cost per handler FTE x rota factor x the cost
//     index)). The engine's handlers cannot change during a run, so later
//     years' money and money at risk leave them as they are (the budget
//     shows what each year's money buys). Its
//     lot is not one of the engine's lots: no rule may send referrals to it
//     (lotting reports that as ErrBadRule), so a service block on it would
//     never be used. The engine triages every referral, so a front door
//     whose lot leaves out an area that has demand is an error.
//   - Lots: casework slots are floor(FTE x caseload per FTE) (plus 1e-9,
//     so that binary rounding does not lose a whole slot), with the FTE
//     given, or derived at each contract year's start from the lot's money
//     (the pool's allocation for the financial year in which the contract
//     year starts) divided by cost per FTE x the cost index
//     Inflation.Index(BaseYear, that year): a flat cash budget loses
//     caseworkers in real terms. The lot's money is first cut by its
//     on-cost (lotting.Lot.Frontline). A Change sets capacity from its
//     date. Group lots' slots are concurrent cohorts (cohorts start every
//     StartEvery from the start of the clock, FirstStart 0); refuges' are
//     beds. Cohorts and beds not given are bought the same way, at each
//     contract year's start: floor(frontline / (cost per facilitator FTE
//     x facilitators per group x index)) and floor(frontline / (cost per
//     bed x index)); given, money does not move them.
//   - Money at risk: a funder at risk with probability q a year is
//     withdrawn, for good, by contract year k with probability
//     1-(1-q)^k (year 1 included). Its money then leaves the pool, the pool
//     is allocated again and money-derived FTE, beds and groups fall. Each
//     contract year's capacity is then an uncertain CapacityStep for each outcome, all
//     sharing one Event, so one draw per replication decides which funders
//     withdraw when, consistently across years and lots. A funder that
//     stops has no money from its StopsFrom year, which the certain steps
//     already show.
//   - Cost per contract year: the lot's allocation with every funder
//     paying, times the year's fraction of a full year for a part year, to
//     the penny. Money withdrawn in a replication is not taken off.
//   - Targets, disengagement, refuge policy and inherited state are copied
//     by lot name; risk-indexed arrays run standard, medium, high.
//
// The error wraps ErrCannotSimulate and lists every problem found.
func (s *Scenario) Model() (*simulate.Model, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: no scenario", ErrCannotSimulate)
	}
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		return nil, err
	}
	return b.Model, nil
}

// Built is a scenario's simulation model over one horizon, with what is
// needed to report its results in the scenario's terms.
type Built struct {
	// Model is the engine's input (see Scenario.Model for the mapping).
	Model *simulate.Model
	// Start is the date of time 0: the earliest contract start.
	Start funding.Date
	// Years are the contract years the horizon covers, and YearLabels
	// their names: the financial year ("2025/26") when the years start on
	// 1 April, otherwise the dates ("2018-10-01 to 2019-09-30").
	Years      []funding.ContractYear
	YearLabels []string
	// Lots are the scenario's lot names in the order of Model.Lots and of
	// simulate.Results.Lots: the lots the engine serves in, in file order,
	// then the front door's lot if there is one.
	Lots []string
	// DemandStream[j] is the index in Demand.Streams of the scenario
	// stream that Model.Streams[j] comes from: the same index, except for
	// the streams of referrals from outside the area (OutOfArea), which
	// are split off their stream and appended after the others.
	DemandStream []int

	station []int // scenario lot index -> index in Lots
}

// StoppingRule maps a stopping rule onto the engine's. Its metric is a
// simulate metric name, optionally after a risk level ("wait_p90",
// "high_risk_wait_p90"); its Lot a scenario lot name, "" for the first lot
// that is not the front door. Its Min is raised to 2, the fewest a
// confidence interval needs. The error wraps ErrCannotSimulate.
func (b *Built) StoppingRule(r StoppingRule) (*simulate.StoppingRule, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: stopping rule: "+format, append([]any{ErrCannotSimulate}, args...)...)
	}
	out := &simulate.StoppingRule{Risk: simulate.AllRisks, RelativeHalfWidth: r.RelativeHalfWidth}
	m, risk, err := parseStopMetric(r.Metric)
	if err != nil {
		return nil, bad("metric %q: want a metric, optionally after a risk level (high_risk_wait_p90): %w", r.Metric, err)
	}
	out.Metric, out.Risk = m, risk
	// With no lot named, index 0 is the first lot that is not the front
	// door: the engine's lots come first and the model has at least one.
	if r.Lot != "" {
		i := slices.Index(b.Lots, r.Lot)
		if i < 0 {
			return nil, bad("unknown lot %q; want one of %s", r.Lot, strings.Join(b.Lots, ", "))
		}
		out.Lot = i
	}
	if !(r.RelativeHalfWidth > 0) || math.IsInf(r.RelativeHalfWidth, 0) {
		return nil, bad("relative half-width must be above 0, got %v", r.RelativeHalfWidth)
	}
	out.Min = max(r.Min, 2)
	out.Max = max(r.Max, out.Min)
	return out, nil
}

// parseStopMetric reads a stopping rule's metric: a simulate metric name,
// optionally after a risk level ("wait_p90", "high_risk_wait_p90"). The
// risk is simulate.AllRisks when none is given.
func parseStopMetric(name string) (simulate.Metric, lotting.Risk, error) {
	risk := simulate.AllRisks
	for _, rk := range []lotting.Risk{lotting.Standard, lotting.Medium, lotting.High} {
		if rest, ok := strings.CutPrefix(name, rk.String()+"_risk_"); ok {
			risk, name = rk, rest
			break
		}
	}
	m, err := simulate.ParseMetric(name)
	return m, risk, err
}

// Build turns the scenario into a model over horizon h, which may differ
// from the scenario's own (Model uses the scenario's). The error wraps
// ErrCannotSimulate and lists every problem found.
func (s *Scenario) Build(h Horizon) (*Built, error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrCannotSimulate}, args...)...))
	}
	done := func() error {
		if len(errs) > 0 {
			return errors.Join(errs...)
		}
		return nil
	}

	// The figures the mapping relies on. Load checks all of these; a
	// scenario built in Go may not have been.
	if len(s.Contracts) == 0 {
		bad("no contracts: time 0 is the earliest contract start")
	}
	for _, c := range s.Contracts {
		if err := c.Terms.Validate(); err != nil {
			bad("contract %q: %w", c.Name, err)
		}
	}
	if err := s.Pool.Validate(); err != nil {
		bad("funders: %w", err)
	}
	if err := s.Demand.Validate(); err != nil {
		bad("demand: %w", err)
	}
	for _, err := range s.Structure.Validate(s.Demand) {
		bad("%w", err)
	}
	if err := done(); err != nil {
		return nil, err
	}

	b := &Built{Start: s.Contracts[0].Terms.Start}
	for _, c := range s.Contracts[1:] {
		if c.Terms.Start.Before(b.Start) {
			b.Start = c.Terms.Start
		}
	}
	end, err := s.horizonEnd(b.Start, h)
	if err != nil {
		return nil, err
	}
	days := end.DaysSince(b.Start)
	if days > maxHorizonYears*366 {
		return nil, fmt.Errorf("%w: the horizon, %s to %s, is longer than %d years", ErrCannotSimulate, b.Start, end.AddDays(-1), maxHorizonYears)
	}
	// The limits that bound a replication's time and memory (limits.go).
	// Load reports these with positions; a scenario built in Go, or run
	// over a longer horizon than its own, meets them here.
	if msg, _, _ := s.tooManyPeople(h); msg != "" {
		return nil, fmt.Errorf("%w: demand: %s", ErrCannotSimulate, msg)
	}
	if i, msg := s.tooManyStaff(); i >= 0 {
		return nil, fmt.Errorf("%w: lot %q: %s", ErrCannotSimulate, s.Structure.Lots[i].Name, msg)
	}
	if path, msg := s.tooManyUnits(); path != "" {
		return nil, fmt.Errorf("%w: %s: %s", ErrCannotSimulate, path, msg)
	}
	// A contract of exactly the horizon's days gives the contract years
	// with their fractions, as funding counts them.
	b.Years = funding.Terms{Start: b.Start, Initial: funding.Duration{N: days, Unit: funding.Days}}.ContractYears(false)
	m := &simulate.Model{Horizon: float64(days), WarmUp: s.Simulation.WarmUp.ApproxDays(), Areas: slices.Clone(s.Structure.Areas)}
	for _, y := range b.Years {
		m.YearStarts = append(m.YearStarts, float64(y.Start.DaysSince(b.Start)))
		b.YearLabels = append(b.YearLabels, yearLabel(b.Start, y))
	}
	b.Model = m

	// Stations: every lot but the front door's, in file order, then the
	// front door.
	st := s.Structure
	fd := -1
	if st.FrontDoor != nil {
		fd, _ = st.LotIndex(st.FrontDoor.Lot) // Structure.Validate checked it exists
	}
	b.station = make([]int, len(st.Lots))
	for i, l := range st.Lots {
		if i == fd {
			continue
		}
		b.station[i] = len(b.Lots)
		b.Lots = append(b.Lots, l.Name)
	}
	if fd >= 0 {
		b.station[fd] = len(b.Lots)
		b.Lots = append(b.Lots, st.Lots[fd].Name)
		f := st.FrontDoor
		m.FrontDoor = &simulate.FrontDoor{
			Handlers: f.Handlers, HandlingTime: f.HandlingTime,
			SelfServe: [3]float64{f.SelfServe[lotting.Standard], f.SelfServe[lotting.Medium], f.SelfServe[lotting.High]},
		}
	}

	s.streams(b, fd, bad)
	s.outOfArea(b, bad)
	if err := done(); err != nil {
		return nil, err
	}
	outcomes, err := s.fundingOutcomes(len(b.Years))
	if err != nil {
		return nil, err
	}
	f := &fundingCache{s: s, alloc: map[allocKey]funding.Allocation{}}
	for k, y := range b.Years {
		year := funding.FinancialYearOf(y.Start)
		if !s.covered(year) {
			bad("the pool has no contributions for %s, in which contract year %d (%s) starts; give every funder's amount for each financial year in which a contract year starts, or shorten the horizon",
				year, k+1, b.YearLabels[k])
		} else if _, err := f.allocation(year, k, nil); err != nil {
			bad("%w", err)
		}
	}
	if err := done(); err != nil {
		return nil, err
	}
	if err := f.earmarksUnderWithdrawal(b, outcomes); err != nil {
		bad("%w", err)
		return nil, done()
	}
	if fd >= 0 {
		if m.FrontDoor.Handlers, err = s.frontDoorHandlers(b, fd, f); err != nil {
			return nil, err
		}
	}
	for i, l := range st.Lots {
		if i == fd {
			continue
		}
		lot, err := s.lot(b, i, l, outcomes, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.Lots = append(m.Lots, lot)
	}
	for _, in := range s.Simulation.Inherited {
		i, ok := st.LotIndex(in.Lot)
		switch {
		case !ok:
			bad("inherited state: unknown lot %q", in.Lot)
		case i == fd:
			bad("inherited state: %q is the front door's lot, which holds no cases; give its waiting list and cases to the lots it routes to", in.Lot)
		case len(errs) == 0:
			lot := &m.Lots[b.station[i]]
			lot.Waiting += in.Waiting
			lot.OpenCases += in.OpenCases
		}
	}
	if err := done(); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotSimulate, err)
	}
	return b, nil
}

// horizonEnd returns the day after the last day of the horizon.
func (s *Scenario) horizonEnd(start funding.Date, h Horizon) (funding.Date, error) {
	var end funding.Date
	switch h.Kind {
	case MaxTerm, TakenTerm:
		for _, c := range s.Contracts {
			e := c.Terms.MaxEnd()
			if h.Kind == TakenTerm {
				e = c.Terms.End()
			}
			if e = e.AddDays(1); e.After(end) {
				end = e
			}
		}
	case Fixed:
		if h.Length.IsZero() || h.Length.N <= 0 {
			return end, fmt.Errorf("%w: a fixed horizon needs a length above 0, got %q", ErrCannotSimulate, h.Length)
		}
		end = h.Length.From(start)
	default:
		return end, fmt.Errorf("%w: horizon kind %v is not max_term, taken_term or fixed", ErrCannotSimulate, h.Kind)
	}
	if !end.After(start) {
		return end, fmt.Errorf("%w: the %s horizon ends on %s, before the earliest contract start %s", ErrCannotSimulate, h.Kind, end.AddDays(-1), start)
	}
	return end, nil
}

// yearLabel names a contract year: its financial year when contract years
// start on 1 April, else its first and last days.
func yearLabel(start funding.Date, y funding.ContractYear) string {
	if start.Month == time.April && start.Day == 1 {
		return funding.FinancialYearOf(y.Start).String()
	}
	return y.Start.String() + " to " + y.End.String()
}

// streams adds a stream and a route row per demand stream.
func (s *Scenario) streams(b *Built, fd int, bad func(string, ...any)) {
	m, st, d := b.Model, s.Structure, s.Demand
	days := int(m.Horizon)
	var daily *dailyFactors // made once, on the first stream that needs it
	for i, ds := range d.Streams {
		name := ds.Area + " " + ds.Group.String()
		area := slices.Index(st.Areas, ds.Area)
		if area < 0 {
			bad("demand stream %d (%s): area %q is not declared", i, name, ds.Area)
			continue
		}
		if fd >= 0 && !st.ThroughFrontDoor(ds.Area) {
			bad("demand stream %d (%s): the front door's lot %q does not cover %s, but the simulation triages every referral at the front door; let the lot cover every area with demand",
				i, name, st.FrontDoor.Lot, ds.Area)
			continue
		}
		rho := ds.RepeatRate
		if !(rho >= 0 && rho <= 0.5) {
			bad("demand stream %d (%s): repeat rate %v%%: the simulation refers a person again at most once, so at most 50%% of referrals can be repeats", i, name, 100*rho)
			continue
		}
		// The scenario's referrals_per_year counts repeats: a share rho of
		// the referrals are repeats. The engine adds a repeat to a first
		// referral with probability p, on top of the first referrals, so
		// p = rho/(1-rho) and first referrals arrive at rate/(1+p). Then
		// first referrals x (1+p) is the scenario's rate, and repeats are
		// p/(1+p) = rho of them.
		p := rho / (1 - rho)
		if daily == nil {
			daily = newDailyFactors(d, b.Start, days)
		}
		rates := make([]float64, days)
		for k := range rates {
			rates[k] = daily.rate(ds, k) / (1 + p) // d.Rate(i, day k), bit for bit
		}
		mix := [3]float64{ds.RiskMix[lotting.Standard], ds.RiskMix[lotting.Medium], ds.RiskMix[lotting.High]}
		var route [3]int
		for r := range route {
			risk := lotting.RiskAt(r)
			route[r] = -1
			if mix[r] == 0 {
				continue
			}
			l, ok := st.Route(ds.Area, ds.Group, risk)
			switch {
			case ok && l == fd:
				bad("demand stream %d (%s): %s-risk referrals are routed to the front door's lot %q, which triages but does not serve", i, name, risk, st.FrontDoor.Lot)
			case ok:
				route[r] = b.station[l]
			case st.SelfServe(ds.Area, risk) < 1:
				bad("demand stream %d (%s): %s-risk referrals reach no single lot", i, name, risk)
			}
		}
		m.Streams = append(m.Streams, simulate.Stream{
			Name: name, Area: area, Group: ds.Group, RatePerDay: rates, RiskMix: mix, RepeatRate: p,
		})
		m.Route = append(m.Route, route)
		b.DemandStream = append(b.DemandStream, i)
	}
}

// covered reports whether the pool has figures for year: a contribution
// listed for it, or a funder that has stopped by then.
func (s *Scenario) covered(year funding.FinancialYear) bool {
	if slices.Contains(s.Pool.Years(), year) {
		return true
	}
	for _, f := range s.Pool.Funders {
		if f.Status.Kind == funding.Stopping && f.Status.StopsFrom <= year {
			return true
		}
	}
	return false
}

// lot builds the engine's lot for scenario lot i.
func (s *Scenario) lot(b *Built, i int, l lotting.Lot, outcomes []outcome, f *fundingCache) (simulate.Lot, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: lot %q: "+format, append([]any{ErrCannotSimulate, l.Name}, args...)...)
	}
	sv := l.ServiceOn(b.Start)
	out := simulate.Lot{Name: l.Name, Mode: sv.Delivery}
	modes := s.lotModes(b, l)
	out.Modes = modes
	switch sv.Delivery {
	case lotting.Casework:
		if sv.Caseworkers == nil {
			return out, bad("casework delivery needs a caseworkers block")
		}
		out.Service = sv.Caseworkers.CaseLength
		for r, d := range sv.Caseworkers.CaseLengthByRisk {
			if i := r.Index(); i >= 0 {
				out.ServiceByRisk[i] = &d
			}
		}
		if st := sv.Caseworkers.Stretch; st != nil {
			out.Stretch = &simulate.Stretch{Factor: st.LengthFactor}
		}
	case lotting.GroupWork:
		g := sv.Group
		if g == nil {
			return out, bad("group delivery needs a group block")
		}
		out.Group = simulate.GroupSettings{
			CohortSize: g.CohortSize, MinToStart: g.MinToStart, Weeks: g.Weeks,
			StartEvery: g.StartEvery.ApproxDays(),
			Rolling:    g.Rolling, JoinUntilWeek: g.JoinUntilWeek,
		}
	case lotting.Beds:
		r := sv.Refuge
		if r == nil {
			return out, bad("beds delivery needs a refuge block")
		}
		out.Service = r.LengthOfStay
		out.WaitWhenFull = r.WhenFull == lotting.Wait
		out.DeclinedShare = r.DeclinedShare
	default:
		return out, bad("delivery %v is not casework, group or beds", sv.Delivery)
	}
	if len(modes) > 0 {
		if err := switchingLot(&out, sv); err != nil {
			return out, bad("%w", err)
		}
	}
	for _, d := range l.Disengagement {
		e := simulate.Disengagement{Group: d.Group, DropOut: d.DropOut}
		if en := d.Engagement; en != nil {
			e.EngageEvery, e.PatienceFactor = en.Every.ApproxDays(), en.PatienceFactor
		}
		if d.Patience != nil {
			p := *d.Patience
			e.Patience = &p
		}
		out.Disengagement = append(out.Disengagement, e)
	}
	for r := range out.Targets {
		out.Targets[r] = l.WaitTargets[lotting.RiskAt(r)]
	}
	out.TargetShare = l.TargetLevel()

	for k, y := range b.Years {
		year := funding.FinancialYearOf(y.Start)
		a, err := f.allocation(year, k, nil)
		if err != nil {
			return out, bad("%w", err)
		}
		out.Cost = append(out.Cost, a.Parts[i].Mul(y.Fraction).RoundPenny())
	}

	// Times at which capacity may change: time 0, each contract year's
	// start (money and prices change) and each Change within the horizon.
	times := []int{}
	for _, y := range b.Years {
		times = append(times, y.Start.DaysSince(b.Start))
	}
	for _, c := range l.Changes {
		if t := c.Date.DaysSince(b.Start); t > 0 && t < int(b.Model.Horizon) {
			times = append(times, t)
		}
	}
	mobFrom, mobTo, mobShare, mobilises := s.mobilisation(b, l)
	if mobilises {
		times = append(times, mobFrom)
		if mobTo < int(b.Model.Horizon) {
			times = append(times, mobTo)
		}
	}
	slices.Sort(times)
	times = slices.Compact(times)

	var prev []simulate.CapacityStep
	for _, t := range times {
		day := b.Start.AddDays(t)
		k := yearOf(b.Model.YearStarts, float64(t))
		year := funding.FinancialYearOf(b.Years[k].Start)
		on := l
		on.Service = l.ServiceOn(day)
		// A fixed count needs no allocation: with money at risk a pool
		// may not cover every rule, which matters only where money buys.
		_, fromMoney, _ := s.LotCapacity(i, day, year, funding.Money{})
		slots := func(o *outcome) (int, int, error) {
			var money funding.Money
			if fromMoney {
				a, err := f.allocation(year, k, o)
				if err != nil {
					return 0, 0, err
				}
				money = a.Parts[i]
			}
			n, _, err := s.LotCapacity(i, day, year, money)
			if err != nil {
				return n, 0, err
			}
			mx := 0
			if out.Stretch != nil {
				if mx, err = s.LotStretchCapacity(i, day, year, money); err != nil {
					return n, mx, err
				}
			}
			if mobilises && t >= mobFrom && t < mobTo {
				n, mx = mobilised(n, mobShare), mobilised(mx, mobShare)
			}
			return n, mx, nil
		}
		steps, err := capacitySteps(float64(t), outcomes, slots)
		if err != nil {
			return out, bad("%w", err)
		}
		if slices.Equal(stepsShape(steps), stepsShape(prev)) && !slices.ContainsFunc(modes, func(ms simulate.ModeStep) bool { return ms.At == float64(t) }) {
			continue // nothing changes at t
		}
		prev = steps
		out.Slots = append(out.Slots, steps...)
	}
	return out, nil
}

// boundedUnits returns n, the beds or groups a lot's money buys, or an
// error when it is more than a simulation holds (maxCount; Load reports
// this with a position, see tooManyStaff).
func boundedUnits(lot, what string, n int) (int, error) {
	if n > maxCount {
		return 0, fmt.Errorf("%w: lot %q: the money buys %s %s, more than the %s a simulation can hold", ErrCannotSimulate, lot, count(float64(n)), what, count(maxCount))
	}
	return n, nil
}

// frontDoorHandlers returns the front door's seats for the engine: the
// handlers given, or those the front door lot's money buys in the first
// contract year, with every funder paying, at that year's price index.
// The engine's handlers are fixed for a run, so later years' money and
// money at risk do not change them (the budget shows every year's).
func (s *Scenario) frontDoorHandlers(b *Built, fd int, f *fundingCache) (int, error) {
	door := s.Structure.FrontDoor
	if !door.FromMoney() {
		return door.Handlers, nil
	}
	year := funding.FinancialYearOf(b.Years[0].Start)
	a, err := f.allocation(year, 0, nil)
	if err != nil {
		return 0, err
	}
	l := s.Structure.Lots[fd]
	n := door.HandlersFor(l.Frontline(a.Parts[fd]), s.Inflation.Index(s.BaseYear, year))
	if n < 1 {
		return 0, fmt.Errorf("%w: the front door's lot %q has %s in %s after its on-cost, which buys no handler seat at %s an FTE and %s FTE a seat; give it more money, or fix handlers",
			ErrCannotSimulate, l.Name, l.Frontline(a.Parts[fd]).RoundPenny(), year, door.CostPerHandlerFTE, fmtFloat(door.Rota()))
	}
	return boundedUnits(l.Name, "front-door seats", n)
}

// yearOf returns the index of the contract year that contains t.
func yearOf(starts []float64, t float64) int {
	k := 0
	for j, y := range starts {
		if y <= t {
			k = j
		}
	}
	return k
}

// capacitySteps returns the steps that set a lot's slots at time t, where
// slots(o) is the capacity under funding outcome o. Outcomes next to each
// other with equal capacity are merged into intervals of the shared draw U;
// the interval reaching 1 becomes a certain step, and each other interval
// [lo, hi) an uncertain step with Probability hi, listed from the highest
// hi down. The engine applies steps at equal times in order, each when
// U < its Probability, so the last to apply is the one whose interval holds
// U.
// slots(o) also returns the stretched maximum (0 for none).
func capacitySteps(t float64, outcomes []outcome, slots func(*outcome) (int, int, error)) ([]simulate.CapacityStep, error) {
	type span struct {
		hi       float64
		slots, m int
	}
	var spans []span
	for j := range outcomes {
		n, mx, err := slots(&outcomes[j])
		if err != nil {
			return nil, err
		}
		if len(spans) > 0 && spans[len(spans)-1].slots == n && spans[len(spans)-1].m == mx {
			spans[len(spans)-1].hi = outcomes[j].hi
			continue
		}
		spans = append(spans, span{hi: outcomes[j].hi, slots: n, m: mx})
	}
	last := spans[len(spans)-1]
	steps := []simulate.CapacityStep{{At: t, Slots: last.slots, MaxSlots: last.m}}
	for j := len(spans) - 2; j >= 0; j-- {
		steps = append(steps, simulate.CapacityStep{At: t, Slots: spans[j].slots, MaxSlots: spans[j].m, Probability: spans[j].hi, Event: atRiskEvent})
	}
	return steps, nil
}

// stepShape is a capacity step without its time, to tell whether the steps
// at one time change anything from those at the time before.
type stepShape struct {
	slots, m int
	p        float64
}

func stepsShape(steps []simulate.CapacityStep) []stepShape {
	out := make([]stepShape, len(steps))
	for i, s := range steps {
		out[i] = stepShape{s.Slots, s.MaxSlots, s.Probability}
	}
	return out
}

// LotCapacity returns the capacity of lot i (an index in
// s.Structure.Lots) on day, in the engine's units: case slots for
// casework (floor(FTE × caseload per FTE)), groups at once for group work,
// beds for a refuge. FTE, groups and beds that the scenario fixes are
// returned whatever the money (fromMoney false); otherwise annual, the
// lot's money for financial year year, buys them after the lot's on-cost
// at year's price index (fromMoney true). Scenario.Build uses it for every
// contract year, so a program that prices other money (lotsim optimise)
// counts as the model does. The error wraps ErrCannotSimulate for a count
// beyond what a simulation can hold.
func (s *Scenario) LotCapacity(i int, day funding.Date, year funding.FinancialYear, annual funding.Money) (units int, fromMoney bool, err error) {
	return s.lotCapacity(i, day, year, annual, false)
}

// LotStretchCapacity returns the most cases lot i holds at once on day
// when its caseload stretches: floor(FTE × max caseload per FTE), with
// FTE found as LotCapacity finds it. For a lot that does not stretch on
// day it returns LotCapacity's units.
func (s *Scenario) LotStretchCapacity(i int, day funding.Date, year funding.FinancialYear, annual funding.Money) (int, error) {
	n, _, err := s.lotCapacity(i, day, year, annual, true)
	return n, err
}

func (s *Scenario) lotCapacity(i int, day funding.Date, year funding.FinancialYear, annual funding.Money, stretched bool) (units int, fromMoney bool, err error) {
	l := s.Structure.Lots[i]
	sv := l.ServiceOn(day)
	index := s.Inflation.Index(s.BaseYear, year)
	switch sv.Delivery {
	case lotting.Casework:
		cw := sv.Caseworkers
		if cw == nil {
			return 0, false, fmt.Errorf("%w: lot %q: casework delivery needs a caseworkers block", ErrCannotSimulate, l.Name)
		}
		fte, derived := cw.FTE, !(cw.FTE > 0)
		if derived {
			on := l
			on.Service = sv
			fte = on.Staffing(annual, index)
		}
		// 1e-9 keeps binary rounding (an exact 1043 held as 1042.9999...)
		// from costing a whole slot.
		caseload := cw.CaseloadPerFTE
		if stretched && cw.Stretch != nil {
			caseload = cw.Stretch.MaxCaseloadPerFTE
		}
		n := math.Floor(fte*caseload + 1e-9)
		if !(n <= MaxCaseSlots) { // NaN too: never convert it to an int
			return 0, derived, fmt.Errorf("%w: lot %q: %.4g FTE with %v cases each hold more than the %d cases at once a simulation can hold", ErrCannotSimulate, l.Name, fte, caseload, MaxCaseSlots)
		}
		return int(n), derived, nil
	case lotting.GroupWork:
		g := sv.Group
		if g == nil {
			return 0, false, fmt.Errorf("%w: lot %q: group delivery needs a group block", ErrCannotSimulate, l.Name)
		}
		if !g.FromMoney() {
			return g.ConcurrentCohorts, false, nil
		}
		n, err := boundedUnits(l.Name, "groups at once", g.CohortsFor(l.Frontline(annual), index))
		return n, true, err
	case lotting.Beds:
		r := sv.Refuge
		if r == nil {
			return 0, false, fmt.Errorf("%w: lot %q: beds delivery needs a refuge block", ErrCannotSimulate, l.Name)
		}
		if !r.FromMoney() {
			return r.Beds, false, nil
		}
		n, err := boundedUnits(l.Name, "beds", r.BedsFor(l.Frontline(annual), index))
		return n, true, err
	}
	return 0, false, fmt.Errorf("%w: lot %q: delivery %v is not casework, group or beds", ErrCannotSimulate, l.Name, sv.Delivery)
}
