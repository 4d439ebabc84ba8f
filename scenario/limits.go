package scenario

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"github.com/lotsim/lotsim/simulate"
)

// This file holds the limits that keep a run's time and memory bounded
// whatever the scenario says: the people one replication may bring into
// the system, and the staff a lot's money may buy. Load and Parse report a
// scenario beyond them with the position of the field that causes it;
// Validate, Model, Budget and Simulate refuse it too, so that check, budget
// and run agree.

// MaxPeoplePerReplication is the most people one replication of a scenario
// may expect to bring into the system: the expected referrals over the
// simulated period (warm-up included, every stream with its growth,
// seasonality, shocks and repeats) plus the inherited waiting lists and
// open cases. It is 2,000,000. Every person is an object the engine keeps
// and several events it handles, so a replication's time and memory grow
// with this figure; two million take a few seconds and a few hundred
// megabytes a replication, and a run of 100 replications a few minutes.
// The largest shipped scenario, essex-2025.yaml, expects about 92,000 in a
// replication (13,200 referrals a year over its 2,557 days, a 12-month
// warm-up included; measured with demandLoad), so the limit is over twenty
// times any real partnership's demand.
const MaxPeoplePerReplication = 2_000_000

// MaxCaseSlots is the most cases a lot may hold at once, 2^30, the engine's
// limit on a capacity step (simulate.CapacityStep.Slots).
const MaxCaseSlots = 1 << 30

// streamLoad is one stream's expected referrals in one replication.
type streamLoad struct {
	total    float64 // with growth, seasonality, shocks and repeats
	noGrowth float64 // the same without the stream's growth
	noShocks float64 // the same without any shock
	days     int     // the simulated days, warm-up included
	perYear  float64 // the stream's stated referrals a year
}

// demandLoad returns the expected referrals of every stream in one
// replication over horizon h, and the inherited people. It needs the
// scenario's contracts to be valid (the horizon runs from the earliest
// start); ok is false when they are not.
func (s *Scenario) demandLoad(h Horizon) (streams []streamLoad, inherited int, ok bool) {
	if len(s.Contracts) == 0 {
		return nil, 0, false
	}
	start := s.Contracts[0].Terms.Start
	for _, c := range s.Contracts {
		if c.Terms.Validate() != nil {
			return nil, 0, false
		}
		if c.Terms.Start.Before(start) {
			start = c.Terms.Start
		}
	}
	end, err := s.horizonEnd(start, h)
	if err != nil {
		return nil, 0, false
	}
	days := end.DaysSince(start)
	if days <= 0 || days > maxHorizonYears*366 {
		return nil, 0, false
	}
	warm := int(math.Ceil(s.Simulation.WarmUp.ApproxDays()))
	f := newDailyFactors(s.Demand, start, days)
	for _, st := range s.Demand.Streams {
		if st.RepeatRate < 0 || st.RepeatRate >= 1 {
			return nil, 0, false
		}
		l := streamLoad{days: days + warm, perYear: st.PerYear}
		flat := st
		flat.Growth = 0
		for k := range days {
			l.total += f.rate(st, k)
			l.noGrowth += f.rate(flat, k)
			l.noShocks += f.rateNoShocks(st, k)
		}
		// The engine runs the warm-up at the rate of time 0.
		l.total += float64(warm) * f.rate(st, 0)
		l.noGrowth += float64(warm) * f.rate(flat, 0)
		l.noShocks += float64(warm) * f.rateNoShocks(st, 0)
		streams = append(streams, l)
	}
	for _, in := range s.Simulation.Inherited {
		inherited += in.Waiting + in.OpenCases
	}
	return streams, inherited, true
}

// tooManyPeople describes a scenario over MaxPeoplePerReplication, and
// says which field causes it: "growth" of stream i, "shock" j, "inherited",
// or "referrals_per_year" of stream i. It returns "" when the scenario is
// within the limit.
func (s *Scenario) tooManyPeople(h Horizon) (msg, field string, index int) {
	loads, inherited, ok := s.demandLoad(h)
	if !ok {
		return "", "", 0
	}
	total, noShocks := float64(inherited), float64(inherited)
	worst := -1
	for i, l := range loads {
		total += l.total
		noShocks += l.noShocks
		if worst < 0 || l.total > loads[worst].total {
			worst = i
		}
	}
	if total <= MaxPeoplePerReplication { // NaN (a Go-built rate) counts as too many
		return "", "", 0
	}
	const why = "a replication would take too long and too much memory (each person is an object the simulation keeps; the largest shipped scenario, essex-2025, expects about 92,000 over seven years). Lower the figure, check its units (referrals a year, not over the whole period), or simulate a shorter horizon"
	switch {
	case float64(inherited) > MaxPeoplePerReplication/2:
		return fmt.Sprintf("the inherited waiting lists and open cases, %s people, with the referrals expected come to about %s in one replication, more than the %s allowed: %s",
			count(float64(inherited)), count(total), count(MaxPeoplePerReplication), why), "inherited", 0
	case worst < 0:
		return "", "", 0
	}
	l := loads[worst]
	per := fmt.Sprintf("about %s people in one replication of %s days (warm-up included), more than the %s allowed: %s", count(total), count(float64(l.days)), count(MaxPeoplePerReplication), why)
	switch {
	case s.Demand.Streams[worst].Growth > 0 && total-l.total+l.noGrowth <= MaxPeoplePerReplication:
		return fmt.Sprintf("with this growth, %s%% a year, the demand comes to %s", fmtFloat(100*s.Demand.Streams[worst].Growth), per), "growth", worst
	case len(s.Demand.Shocks) > 0 && noShocks <= MaxPeoplePerReplication:
		j := 0
		for k, sh := range s.Demand.Shocks {
			if sh.Multiplier > s.Demand.Shocks[j].Multiplier {
				j = k
			}
		}
		return fmt.Sprintf("with this shock (x%s from %s to %s), the demand comes to %s", fmtFloat(s.Demand.Shocks[j].Multiplier), s.Demand.Shocks[j].From, s.Demand.Shocks[j].To, per), "shock", j
	}
	return fmt.Sprintf("%s referrals a year come, with every stream, to %s", count(l.perYear), per), "referrals_per_year", worst
}

// tooManyStaff reports the first lot whose money buys more caseworker FTE,
// or more cases at once, than the engine can hold: a cost per FTE far too
// low for the money (a cost in pence, or deflation that shrinks it to
// nothing). It returns the lot's index and the message, or -1.
func (s *Scenario) tooManyStaff() (int, string) {
	for _, y := range s.Pool.Years() {
		alloc, err := s.LotFunding(y)
		if err != nil || len(alloc.Parts) != len(s.Structure.Lots) {
			continue
		}
		index := s.Inflation.Index(s.BaseYear, y)
		for i, l := range s.Structure.Lots {
			c := l.Service.Caseworkers
			if c == nil || c.FTE > 0 || c.CostPerFTE.Sign() <= 0 {
				continue
			}
			fte := l.Staffing(alloc.Parts[i], index)
			if fte <= maxFTE && fte*c.CaseloadPerFTE <= MaxCaseSlots && !math.IsNaN(fte) {
				continue
			}
			// The least cost per FTE, at base prices, that keeps the staff
			// the money pays for within what a simulation holds: the money
			// over (that many staff x the cost index), rounded up to the
			// pound. Staffing takes an index of 0 as 1, and so does this.
			held := decimal.NewFromFloat(math.Min(maxFTE, MaxCaseSlots/math.Max(c.CaseloadPerFTE, 1)))
			if index.Sign() > 0 {
				held = held.Mul(index)
			}
			least := alloc.Parts[i].Decimal().DivRound(held, 8).Ceil()
			return i, fmt.Sprintf("at %s an FTE the lot's %s in %s (cost index %.4g) pays for %s FTE, more than the %s a simulation can hold (at most %s cases at once); want a cost per FTE of at least %s, a year's cost of one full-time worker",
				c.CostPerFTE, alloc.Parts[i], y, index.InexactFloat64(), count(fte), count(maxFTE), count(MaxCaseSlots), funding.FromDecimal(least))
		}
	}
	return -1, ""
}

// tooManyUnits reports the first lot whose money buys more beds or groups
// at once, or a front door whose lot's money buys more seats, than
// maxCount (1,000,000), in any year of the pool at that year's price
// index: a unit cost far too low for the money. It returns the path of the
// cost that buys them and the message, or "".
func (s *Scenario) tooManyUnits() (path, msg string) {
	st := s.Structure
	for _, y := range s.Pool.Years() {
		alloc, err := s.LotFunding(y)
		if err != nil || len(alloc.Parts) != len(st.Lots) {
			continue
		}
		index := s.Inflation.Index(s.BaseYear, y)
		too := func(n int, what string, cost funding.Money, i int) string {
			return fmt.Sprintf("at %s the lot's %s in %s (%s after its on-cost; cost index %.4g) buys %s %s, more than the %s a simulation can hold; check the cost is a year's, in pounds",
				cost, alloc.Parts[i], y, st.Lots[i].Frontline(alloc.Parts[i]).RoundPenny(), index.InexactFloat64(), count(float64(n)), what, count(maxCount))
		}
		for i, l := range st.Lots {
			frontline := l.Frontline(alloc.Parts[i])
			if r := l.Service.Refuge; r != nil && r.FromMoney() {
				if n := r.BedsFor(frontline, index); n > maxCount {
					return yamlnode.Key(yamlnode.Index("lots", i), "service.refuge.cost_per_bed"), too(n, "beds", r.CostPerBed, i)
				}
			}
			if g := l.Service.Group; g != nil && g.FromMoney() {
				if n := g.CohortsFor(frontline, index); n > maxCount {
					return yamlnode.Key(yamlnode.Index("lots", i), "service.group.cost_per_facilitator_fte"), too(n, "groups at once", g.CostPerFacilitatorFTE, i)
				}
			}
		}
		if f := st.FrontDoor; f != nil && f.FromMoney() {
			if i, ok := st.LotIndex(f.Lot); ok {
				if n := f.HandlersFor(st.Lots[i].Frontline(alloc.Parts[i]), index); n > maxCount {
					return "front_door.cost_per_handler_fte", too(n, "front-door seats", f.CostPerHandlerFTE, i)
				}
			}
		}
	}
	return "", ""
}

// metricNames lists the simulation's metrics by name, for messages.
func metricNames() []string {
	var names []string
	for m := simulate.Metric(0); m < simulate.NumMetrics; m++ {
		names = append(names, m.String())
	}
	return names
}

// count writes a count rounded to a whole number with commas: 5,995,893.
// Counts beyond 10^15 are written "more than 1,000,000,000,000,000".
func count(x float64) string {
	if !(x < 1e15) {
		return "more than 1,000,000,000,000,000"
	}
	return numfmt.Count(x)
}

// dailyFactors are the parts of the demand's daily rate that every stream
// shares, worked out once for each day from a start: the month's
// seasonality and the shocks in force. With them a stream's rates cost a
// multiplication a day, where lotting.Demand.Rate checks every shock on
// every day for every stream.
type dailyFactors struct {
	d         lotting.Demand
	season    []float64
	shock     []float64
	sinceFrom int          // days from the demand's start to day 0
	start     funding.Date // day 0
	limited   bool         // some shock hits only some streams: shock is not used
}

func newDailyFactors(d lotting.Demand, start funding.Date, days int) *dailyFactors {
	f := &dailyFactors{d: d, season: make([]float64, days), shock: make([]float64, days), start: start}
	for _, sh := range d.Shocks {
		f.limited = f.limited || len(sh.Areas) > 0 || len(sh.ClientGroups) > 0
	}
	if !d.Start.IsZero() {
		f.sinceFrom = start.DaysSince(d.Start)
	}
	for k := range days {
		day := start.AddDays(k)
		f.season[k] = d.Season(day.Month)
		f.shock[k] = d.ShockFactor(day)
	}
	return f
}

// growth is lotting.Demand's growth factor of stream s on day k.
func (f *dailyFactors) growth(s lotting.Stream, k int) float64 {
	if s.Growth == 0 || f.d.Start.IsZero() {
		return 1
	}
	return math.Pow(1+s.Growth, float64(k+f.sinceFrom)/funding.DaysPerYear)
}

// rate is lotting.Demand.Rate for stream s on day k, bit for bit: the same
// factors multiplied in the same order.
func (f *dailyFactors) rate(s lotting.Stream, k int) float64 {
	shock := f.shock[k]
	if f.limited {
		shock = f.d.StreamShockFactor(s, f.start.AddDays(k))
	}
	return s.PerYear / funding.DaysPerYear * f.growth(s, k) * f.season[k] * shock
}

// rateNoShocks is rate without the shocks.
func (f *dailyFactors) rateNoShocks(s lotting.Stream, k int) float64 {
	return s.PerYear / funding.DaysPerYear * f.growth(s, k) * f.season[k]
}

// ExpectedReferrals is the number of referrals the scenario's demand
// expects over financial year y: every stream's rate (growth, seasonality
// and shocks included) summed over the year's days.
func (s *Scenario) ExpectedReferrals(y funding.FinancialYear) float64 {
	// d.Expected for each stream, bit for bit (the same rates summed in the
	// same order), with the shocks checked once a day rather than once a
	// day for every stream.
	days := y.End().DaysSince(y.Start()) + 1
	f := newDailyFactors(s.Demand, y.Start(), days)
	total := 0.0
	for _, st := range s.Demand.Streams {
		sum := 0.0
		for k := range days {
			sum += f.rate(st, k)
		}
		total += sum
	}
	return total
}
