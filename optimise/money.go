package optimise

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// The money goal: for each contract year in turn, given the money of the
// years before it (waiting lists carry over), the least money each moved
// lot needs to meet its targets that year. Lots are independent (routing
// does not depend on capacity), so the least money for all of them is the
// sum of each one's least; the extra money a year is that sum less what the
// moved lots have today. Each lot's least is found by bracketing in steps,
// starting from the closed forms, every probe judged on the same random
// numbers (replications of one year's model depend only on the seed and
// the replication's number).

// moneyPlan is the money of each moved lot (in the order of space.moved)
// in each contract year: [year][lot].
type moneyPlan [][]funding.Money

// pricing turns a moved lot's money in a contract year into case slots,
// as scenario.Scenario.Build does.
type pricing struct {
	s     *scenario.Scenario
	b     *scenario.Built
	years []funding.FinancialYear // the financial year each contract year starts in
}

// slots returns the units (case slots, groups at once or beds) money buys
// lot i (an index in the scenario's lots) in contract year k, counted as
// the model counts them (scenario.Scenario.LotCapacity).
func (p pricing) slots(i, k int, money funding.Money) int {
	n, _, err := p.s.LotCapacity(i, p.b.Years[k].Start, p.years[k], money)
	if err != nil {
		return scenario.MaxCaseSlots
	}
	return n
}

// maxSlots is slots for a lot whose caseload stretches: the most cases
// money holds at once when stretched.
func (p pricing) maxSlots(i, k int, money funding.Money) int {
	n, err := p.s.LotStretchCapacity(i, p.b.Years[k].Start, p.years[k], money)
	if err != nil {
		return scenario.MaxCaseSlots
	}
	return n
}

// moneyFor returns the fewest whole steps of money that buy at least n
// units for lot i in year k, by bisection (more money never buys fewer),
// or maxUnits if even that buys fewer.
func (p pricing) moneyFor(i, k, n int, step funding.Money) int {
	lo, hi := -1, 1 // lo steps buy fewer than n
	for p.slots(i, k, step.MulInt(int64(hi))) < n {
		if hi >= maxUnits {
			return maxUnits
		}
		lo, hi = hi, min(2*hi, maxUnits)
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if p.slots(i, k, step.MulInt(int64(mid))) >= n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// moneyModel returns the base model cut to contract years 0..last, with
// each moved lot's capacity set by plan's money, every step certain.
func (p pricing) moneyModel(sp *space, plan moneyPlan, last int) *simulate.Model {
	m := *p.b.Model
	if last+1 < len(m.YearStarts) {
		m.Horizon = m.YearStarts[last+1]
	}
	m.YearStarts = m.YearStarts[:last+1]
	m.Lots = slices.Clone(m.Lots)
	for li := range m.Lots {
		l := &m.Lots[li]
		if len(l.Cost) > last+1 {
			l.Cost = l.Cost[:last+1]
		}
		var steps []simulate.CapacityStep
		for _, st := range l.Slots {
			if st.At < m.Horizon {
				steps = append(steps, st)
			}
		}
		l.Slots = steps
	}
	for j, i := range sp.moved {
		li := slices.Index(p.b.Lots, p.s.Structure.Lots[i].Name)
		var steps []simulate.CapacityStep
		for k := 0; k <= last; k++ {
			step := simulate.CapacityStep{At: m.YearStarts[k], Slots: p.slots(i, k, plan[k][j])}
			if m.Lots[li].Stretch != nil {
				step.MaxSlots = p.maxSlots(i, k, plan[k][j])
			}
			steps = append(steps, step)
		}
		m.Lots[li].Slots = steps
	}
	return &m
}

// newPricing returns the pricing of scenario s built as b.
func newPricing(s *scenario.Scenario, b *scenario.Built) pricing {
	p := pricing{s: s, b: b}
	for _, y := range b.Years {
		p.years = append(p.years, funding.FinancialYearOf(y.Start))
	}
	return p
}

// todayMoney returns the moved lots' money in each contract year under
// today's rules.
func (p pricing) todayMoney(sp *space) (moneyPlan, error) {
	today := make(moneyPlan, len(p.years))
	for k, fy := range p.years {
		alloc, err := p.s.LotFunding(fy)
		if err != nil {
			return nil, err
		}
		for _, i := range sp.moved {
			today[k] = append(today[k], alloc.Parts[i])
		}
	}
	return today, nil
}

// money solves the money goal from today's money. It returns the plan of
// money and, per year, whether every moved lot could be brought to its
// targets within the search's bounds.
func (e *evaluator) money(ctx context.Context, p pricing, today moneyPlan, opt Options) (moneyPlan, []bool, error) {
	sp, s, b := e.sp, p.s, p.b
	plan := make(moneyPlan, len(b.Years))
	for k := range plan {
		plan[k] = slices.Clone(today[k])
	}
	reached := make([]bool, len(b.Years))
	levels, _ := e.levels()
	for k := range b.Years {
		e.stage(opt, fmt.Sprintf("contract year %d of %d", k+1, len(b.Years)))
		// The targets of year k, by moved lot.
		perLot := make([][]int, len(sp.moved))
		for j, t := range e.targets {
			if t.year != k || !t.moved {
				continue
			}
			for jj, i := range sp.moved {
				if s.Structure.Lots[i].Name == t.name {
					perLot[jj] = append(perLot[jj], j)
				}
			}
		}
		// Each lot's least money in steps lies in (lo, hi]: lo steps are
		// known to fall short (-1: none known), hi steps known to meet
		// (-1: none known yet).
		seed := e.closedFormUnits(s, b, p, k, opt.Step, today[k])
		br := make([]bracket, len(sp.moved))
		for j := range br {
			br[j] = bracket{lo: -1, hi: -1, seed: seed[j]}
			if len(perLot[j]) == 0 {
				br[j].hi = 0 // no target this year: nothing needed for one
			}
		}
		for round := 0; round < maxMoneyRounds; round++ {
			trial := slices.Clone(plan)
			trial[k] = make([]funding.Money, len(sp.moved))
			open := false
			for j := range br {
				u, more := br[j].next()
				open = open || more
				trial[k][j] = opt.Step.MulInt(int64(u))
				br[j].probe = u
			}
			if !open {
				break
			}
			ok, err := e.judgeYear(ctx, p.moneyModel(sp, trial, k), perLot, levels, opt)
			if err != nil {
				return nil, nil, err
			}
			for j := range br {
				br[j].record(ok[j])
			}
		}
		reached[k] = true
		for j := range br {
			u := br[j].hi
			if u < 0 {
				reached[k], u = false, br[j].lo
			}
			plan[k][j] = opt.Step.MulInt(int64(max(u, 0)))
		}
		keepEarmarks(sp, p.years[k], plan[k])
	}
	return plan, reached, nil
}

// bracket is one lot's search for its least money in steps.
type bracket struct {
	lo, hi int // lo steps fall short, hi steps meet; -1 when not known
	seed   int // the closed forms' answer, the first probe
	probe  int // the steps probed last
}

// next returns the steps to probe next and whether the search goes on
// (false: hi is the answer, or the bound is reached).
func (b *bracket) next() (int, bool) {
	switch {
	case b.hi == 0 || (b.hi > 0 && b.hi-b.lo == 1):
		return b.hi, false // found
	case b.hi > 0 && b.lo < 0:
		return b.hi / 2, true // met: halve down until one falls short
	case b.hi > 0:
		return b.lo + (b.hi-b.lo)/2, true // bisect
	case b.lo < 0:
		return max(b.seed, 1), true // nothing known: the closed forms first
	case b.lo >= maxUnits:
		return b.lo, false // even the most steps fall short
	default:
		return min(2*b.lo+1, maxUnits), true // short: double up
	}
}

// record notes whether the last probe met the targets.
func (b *bracket) record(met bool) {
	switch {
	case b.hi == 0 || (b.hi > 0 && b.hi-b.lo == 1) || (b.lo >= maxUnits && b.hi < 0):
		// settled; the probe was a repeat
	case met:
		b.hi = b.probe
	default:
		b.lo = b.probe
	}
}

// maxMoneyRounds bounds the probes of one contract year: doubling from
// one step to maxUnits and bisecting back takes under 40.
const maxMoneyRounds = 40

// closedFormUnits returns, for each moved lot, the steps of money the
// closed forms say it needs in contract year k.
func (e *evaluator) closedFormUnits(s *scenario.Scenario, b *scenario.Built, p pricing, k int, step funding.Money, today []funding.Money) []int {
	out := make([]int, len(e.sp.moved))
	for j, i := range e.sp.moved {
		l := s.Structure.Lots[i]
		li := slices.Index(b.Lots, l.Name)
		if l.Service.Delivery != lotting.Casework {
			// No closed form for groups here, and a refuge with targets
			// keeps people waiting: start from today's money.
			out[j] = max(1, int(today[j].Decimal().Div(step.Decimal()).IntPart()))
			continue
		}
		mu := 1 / l.Service.Caseworkers.CaseLength.Expected()
		theta := abandonRate(l)
		lambda := 0.0
		if li < len(e.refs) && k < len(e.refs[li]) {
			lambda = e.refs[li][k] / funding.DaysPerYear
		}
		slots := 1
		for _, t := range e.targets {
			if t.lot != li || t.year != k {
				continue
			}
			c, err := queueing.ServersForErlangA(lambda, mu, theta, t.days, t.level)
			if err != nil {
				c = queueing.SquareRootStaffing(lambda/mu, 2)
			}
			slots = max(slots, c)
		}
		out[j] = max(1, p.moneyFor(i, k, slots, step))
	}
	return out
}

// judgeYear simulates model m (cut to the year judged) at the checkpoints
// until every moved lot's targets that year are shown met or short, and
// reports for each lot whether they are met: every lower bound (at alpha
// shared among the lot's targets and the checkpoints) reaches its level.
func (e *evaluator) judgeYear(ctx context.Context, m *simulate.Model, perLot [][]int, levels []float64, opt Options) ([]bool, error) {
	e.probes++
	out := make([]bool, len(perLot))
	decided := make([]bool, len(perLot))
	var rows [][]float64
	for b := range e.checkpoints {
		more, err := e.batch(ctx, m, b)
		if err != nil {
			return nil, err
		}
		rows = append(rows, more...)
		last := b == len(e.checkpoints)-1
		all := true
		for j, idx := range perLot {
			if decided[j] {
				continue
			}
			if len(idx) == 0 {
				out[j], decided[j] = true, true
				continue
			}
			bd, err := e.bound(pick(e.judged(rows), idx), pickLevels(levels, idx), opt.Alpha/float64(len(e.checkpoints)), len(idx))
			if err != nil {
				return nil, err
			}
			short := false
			for _, c := range bd.Cells {
				short = short || c.UCB < c.Level-opt.Delta
			}
			switch {
			case bd.AllMet:
				out[j], decided[j] = true, true
			case short || last:
				decided[j] = true
			default:
				all = false
			}
		}
		if all {
			break
		}
	}
	return out, nil
}

// runModel simulates model m for reps replications from seed and returns
// one row of target shares a replication (1 for a year beyond m's, or a
// risk level nobody was referred at that year: nobody missed), with the
// engine's results.
func (e *evaluator) runModel(ctx context.Context, m *simulate.Model, seed uint64, reps int) ([][]float64, *simulate.Results, error) {
	rows := make([][]float64, reps)
	years := len(m.YearStarts)
	res, err := simulate.Run(ctx, m, simulate.Options{
		Seed: seed, Replications: reps, Workers: e.workers, MaxMemory: e.memory,
		Replication: func(i int, r *simulate.Replication) {
			row := make([]float64, len(e.targets))
			for j, t := range e.targets {
				v := 1.0
				if t.year < years {
					if x, ok := r.Value(t.lot, t.year, simulate.AllAreas, t.risk, simulate.ReferredWithinTarget); ok && !math.IsNaN(x) {
						v = x
					}
				}
				row[j] = v
			}
			rows[i] = row
		},
		Progress: func(done, _ int) {
			if e.progress != nil {
				e.progress(e.simulated + done)
			}
		},
	})
	if err != nil {
		return nil, nil, err
	}
	e.simulated += reps
	return rows, res, nil
}

// runMoney answers the money goal and validates its plan, and today's, on
// fresh random numbers.
func (e *evaluator) runMoney(ctx context.Context, s *scenario.Scenario, b *scenario.Built, notes []string, opt Options) (*Result, error) {
	p := newPricing(s, b)
	today, err := p.todayMoney(e.sp)
	if err != nil {
		return nil, err
	}
	e.stage(opt, "money year by year")
	plan, reached, err := e.money(ctx, p, today, opt)
	if err != nil {
		return nil, err
	}
	ev, err := e.validateMoney(ctx, p, plan, opt)
	if err != nil {
		return nil, err
	}
	out, err := e.finish(ctx, p, plan, ev, notes, opt)
	if err != nil {
		return nil, err
	}
	out.Goal, out.MoneyPlan, out.TodayMoney, out.Reached = Money, plan, today, reached
	out.Floors = floorNotes(e.sp, p.years, plan, opt.Step)
	out.Candidates, out.Funder = e.probes, opt.Funder
	return out, nil
}

// validateMoney simulates a plan of money by year on fresh random numbers
// and judges it.
func (e *evaluator) validateMoney(ctx context.Context, p pricing, plan moneyPlan, opt Options) (Evaluated, error) {
	e.stage(opt, "validation")
	rows, _, err := e.runModel(ctx, p.moneyModel(e.sp, plan, len(plan)-1), batchSeed(e.seed, validationBatch), e.checkpoints[len(e.checkpoints)-1])
	if err != nil {
		return Evaluated{}, err
	}
	return e.evaluated(nil, rows, opt.Alpha)
}

// finish gathers what every goal reports beside its plan, ev (already
// judged on fresh random numbers): today's allocation judged on the same
// numbers, the frontier at multiples of the plan's money (planMoney: the
// moved lots' money by year), the targets and the search's settings.
func (e *evaluator) finish(ctx context.Context, p pricing, planMoney moneyPlan, ev Evaluated, notes []string, opt Options) (*Result, error) {
	current, err := e.validate(ctx, nil, e.checkpoints[len(e.checkpoints)-1], opt.Alpha)
	if err != nil {
		return nil, err
	}
	e.stage(opt, "frontier")
	front, err := e.frontier(ctx, p, planMoney)
	if err != nil {
		return nil, err
	}
	b := p.b
	out := &Result{
		Frontier: front, Space: &Space{e.sp}, Plan: ev, Current: current, Notes: notes,
		Checkpoints: e.checkpoints, Alpha: opt.Alpha, Delta: opt.Delta, MaxMissChance: opt.MaxMissChance, Seed: e.seed,
		Labels: b.YearLabels, Referrals: e.refs, Years: b.Years, LotNames: b.Lots,
	}
	for _, t := range e.targets {
		out.Targets = append(out.Targets, Target{Lot: t.name, Moved: t.moved, Year: t.year, Risk: t.risk, Days: t.days, Level: t.level})
	}
	out.Replications = e.simulated
	return out, nil
}

// stage tells opt.Progress that a stage starts.
func (e *evaluator) stage(opt Options, name string) {
	if opt.Progress != nil {
		opt.Progress(name, e.simulated)
	}
}

// FrontierPoint is the chance that a replication meets every target of
// the moved lots, in every contract year, when their money is Scale times
// the plan's.
type FrontierPoint struct {
	Scale float64
	// Money is the moved lots' money in the first contract year at this
	// scale.
	Money funding.Money
	// Met of N replications met every target.
	Met, N int
}

// frontierScales are the multiples of the plan's money the frontier is
// drawn at: from 15% less to 20% more.
var frontierScales = []float64{0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.2}

// frontierReplications is the replications of each frontier point: enough
// for a chance to within about ±15 points (a Wilson interval at 40 trials).
const frontierReplications = 40

// frontier simulates the plan's money scaled by each of frontierScales on
// the same fresh random numbers, and counts the replications that meet
// every target of the moved lots.
func (e *evaluator) frontier(ctx context.Context, p pricing, plan moneyPlan) ([]FrontierPoint, error) {
	_, moved := e.levels()
	var out []FrontierPoint
	for _, sc := range frontierScales {
		scaled := make(moneyPlan, len(plan))
		factor := decimal.NewFromFloat(sc)
		for k, year := range plan {
			for _, m := range year {
				scaled[k] = append(scaled[k], m.Mul(factor).RoundPenny())
			}
		}
		rows, _, err := e.runModel(ctx, p.moneyModel(e.sp, scaled, len(plan)-1), batchSeed(e.seed, validationBatch+1), frontierReplications)
		if err != nil {
			return nil, err
		}
		pt := FrontierPoint{Scale: sc, N: len(rows)}
		for _, m := range scaled[0] {
			pt.Money = pt.Money.Add(m)
		}
		for _, row := range rows {
			ok := true
			for _, j := range moved {
				ok = ok && row[j] >= e.targets[j].level
			}
			if ok {
				pt.Met++
			}
		}
		out = append(out, pt)
	}
	return out, nil
}

// outOfReach is a moved lot whose targets no money within reach meets.
type outOfReach struct {
	lot, why string
}

// reachFactor is how many times today's money a lot is given to see
// whether money can meet its targets at all.
const reachFactor = 4

// unreachable finds the moved lots that miss a target even with
// reachFactor times today's money every year (or, with none today, all the
// moved money), on the first checkpoint's replications: a target whose
// mean share stays more than the indifference zone below its level is out
// of reach of money (a group programme whose cohorts start too seldom for
// the target, say, or a level above the share who wait long enough).
func (e *evaluator) unreachable(ctx context.Context, p pricing, opt Options) ([]outOfReach, error) {
	today, err := p.todayMoney(e.sp)
	if err != nil {
		return nil, err
	}
	levels, _ := e.levels()
	var out []outOfReach
	for j, i := range e.sp.moved {
		name := p.s.Structure.Lots[i].Name
		trial := make(moneyPlan, len(today))
		for k := range today {
			trial[k] = slices.Clone(today[k])
			m := today[k][j].MulInt(reachFactor)
			if m.Sign() <= 0 {
				m = e.sp.movedMoney
			}
			trial[k][j] = m
		}
		rows, _, err := e.runModel(ctx, p.moneyModel(e.sp, trial, len(today)-1), batchSeed(e.seed, 0), e.checkpoints[0])
		if err != nil {
			return nil, err
		}
		worst, at := math.Inf(1), -1
		for jt, t := range e.targets {
			if t.name != name {
				continue
			}
			mean := 0.0
			for _, row := range e.judged(rows) {
				mean += row[jt]
			}
			mean /= float64(len(rows))
			if gap := mean - levels[jt]; gap < worst {
				worst, at = gap, jt
			}
		}
		if at >= 0 && worst < -opt.Delta {
			t := e.targets[at]
			why := fmt.Sprintf("money cannot reach its targets: with %d times today's money it still sees %.1f%% of %s-risk referrals within %g days in %s, against %.0f%% required",
				reachFactor, 100*(levels[at]+worst), t.risk, t.days, p.b.YearLabels[t.year], 100*levels[at])
			if e.miss > 0 {
				why = fmt.Sprintf("money cannot reach its targets: with %d times today's money, %.0f%% of its %s-risk referrals are seen within %g days in only %.0f%% of replications of %s, against %.0f%% required",
					reachFactor, 100*t.level, t.risk, t.days, 100*(levels[at]+worst), p.b.YearLabels[t.year], 100*levels[at])
			}
			out = append(out, outOfReach{lot: name, why: why})
		}
	}
	return out, nil
}
