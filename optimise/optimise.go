package optimise

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/internal/selection"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// Errors that Run's errors wrap.
var (
	// ErrOptions reports options that cannot be used.
	ErrOptions = errors.New("optimise: bad options")
	// ErrNothingToMove reports a scenario with fewer than two lots whose
	// capacity money buys, so that there is no split to choose.
	ErrNothingToMove = errors.New("optimise: nothing to move")
	// ErrNoTargets reports a scenario whose lots have no wait targets.
	ErrNoTargets = errors.New("optimise: no wait targets to meet")
)

// Goal is the question a search answers.
type Goal int

const (
	// Split finds the split of today's pool across lots, one share each
	// for every contract year, that meets every target.
	Split Goal = iota
	// Money finds, contract year by contract year, the least money each
	// moved lot needs to meet its targets, and so the extra money a year.
	Money
)

// String returns "split" or "money".
func (g Goal) String() string {
	if g == Money {
		return "money"
	}
	return "split"
}

// Options shape a search. The zero value splits the pool in £5,000 steps
// against each lot's wait_target_level, with the scenario's seed, a 5%
// error rate and an indifference zone of one percentage point.
type Options struct {
	// Goal is the question; the zero value is Split.
	Goal Goal
	// Require, if not nil, is the share of referred people each risk level
	// must see within target in every contract year, 0 to 1, instead of
	// each lot's wait_target_level.
	Require map[lotting.Risk]float64
	// Step is the money moved between lots at a time; zero means £5,000,
	// unless StepFTE is given.
	Step funding.Money
	// StepFTE, if above 0, makes the step the money that buys this many
	// FTE in the first contract year (cost per FTE × price index, before
	// on-cost), which must be the same in every lot that moves.
	StepFTE float64
	// Fix names lots whose money the optimiser must not move.
	Fix []string
	// Funder, for the money goal, names the funder the extra money is
	// asked of; "" for none. It changes the words, not the figures.
	Funder string
	// Seed, if not nil, replaces the scenario's seed.
	Seed *uint64
	// Horizon, if not nil, replaces the scenario's horizon.
	Horizon *scenario.Horizon
	// Alpha is the chance, 0 to 1, that the guarantee fails; zero means
	// 0.05.
	Alpha float64
	// PerYear, with the Split goal, splits each contract year's money on
	// its own, years in order, instead of one share a lot for every year.
	PerYear bool
	// MaxMissChance, if above 0, judges each target by the chance that a
	// contract year misses it instead of by its share: a plan meets a
	// target when that chance is at most MaxMissChance, by the exact
	// binomial bound. Below 0.5.
	MaxMissChance float64
	// Delta is the indifference zone in share points: plans whose worst
	// margins are within Delta of the best are equally good; zero means
	// 0.01 (one percentage point).
	Delta float64
	// FirstStage and MaxReplications set the checkpoints: FirstStage, then
	// doubling up to MaxReplications. Zero means 10 and 160.
	FirstStage, MaxReplications int
	// Workers is the number of goroutines; 0 means one per CPU. It never
	// changes the answer.
	Workers int
	// MaxMemory is each run's memory budget (simulate.Options.MaxMemory).
	MaxMemory int64
	// Progress, if not nil, is called with the replications simulated so
	// far, and with a stage's name when one starts.
	Progress func(stage string, done int)
	// AllowStretch lets the plan count on caseloads that stretch
	// (service.caseworkers.stretch) as the scenario writes them. By
	// default (false) every lot is planned with its stretch switched
	// off, the normal caseload a hard cap, so that no plan meets a
	// target only by overloading caseworkers.
	AllowStretch bool
}

// Result is a search's answer, in the package's terms; lotsim.Optimise
// turns it into a report.Optimise.
type Result struct {
	Goal    Goal
	PerYear bool // a split per contract year, in MoneyPlan
	Space   *Space
	Plan    Evaluated   // the chosen plan, validated on fresh random numbers; for a split, its Plan is nil if it is today's (for money, always nil: see MoneyPlan)
	Current Evaluated   // today's allocation (Plan nil), on the same fresh random numbers
	Runners []Evaluated // the next best plans, on the search's random numbers
	Targets []Target
	Notes   []string // lots that keep today's money, and why
	// Candidates is the plans simulated; Replications the replications
	// simulated in all.
	Candidates, Replications int
	Finalists                int // plans that went through selection
	Checkpoints              []int
	Alpha, Delta             float64
	MaxMissChance            float64
	Seed                     uint64
	Labels                   []string    // contract year labels
	Referrals                [][]float64 // [engine lot][year] referrals a year in today's plan
	LotNames                 []string    // the engine's lots, in the order of Referrals
	// For the money goal: the moved lots' money in each contract year
	// ([year][lot], lots in the order of Space.Moved) in the plan and
	// today, and whether the plan meets every moved lot's targets that
	// year (false: some target could not be reached within the search's
	// bounds, such as a level above the share who wait long enough).
	MoneyPlan, TodayMoney [][]funding.Money
	Reached               []bool
	Funder                string
	// Frontier is the chance of meeting every target of the moved lots
	// at multiples of the plan's money.
	Frontier []FrontierPoint
	Years    []funding.ContractYear
	// Floors says which moved lots the plan holds at the money funders
	// earmark to them, which no plan may go below; empty when none is.
	Floors []string
}

// Space is the set of plans searched: which lots move and the money they
// share in the first contract year.
type Space struct{ sp *space }

// Moved returns the indices in the scenario's lots of the lots moved.
func (s *Space) Moved() []int { return slices.Clone(s.sp.moved) }

// Scenario returns the scenario with plan p's allocation; nil p is today's.
func (s *Space) Scenario(p []int) *scenario.Scenario { return s.sp.scenario(p) }

// Percents returns each moved lot's share of the first year's pool, in
// percent, under plan p, which must not be nil.
func (s *Space) Percents(p []int) []decimal.Decimal { return s.sp.percents(p) }

// Target is one target judged: a lot's share of referrals at a risk level
// seen within Days in contract year Year must reach Level.
type Target struct {
	Lot   string
	Moved bool
	Year  int
	Risk  lotting.Risk
	Days  float64
	Level float64
}

// Evaluated is a plan with its figures: per target, the mean share, its
// 95% interval, the Bonferroni lower bound judged and whether it meets
// the level.
type Evaluated struct {
	Plan         []int
	Mean, Lo, Hi []float64
	LowerBound   []float64
	Meets        []bool
	// Reached is, per target, how many of the N replications' years
	// reached the target's share level.
	Reached        []int
	Feasible       bool
	WorstShortfall float64
	Worst          int // the target with the largest shortfall
	N              int
}

// Run answers opt.Goal for scenario s, as the package documentation
// describes: the split of the pool across lots that meets every wait
// target in every contract year, or the least money a year that does.
func Run(ctx context.Context, s *scenario.Scenario, opt Options) (*Result, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: no scenario", ErrOptions)
	}
	var off []string
	if !opt.AllowStretch {
		s, off = withoutStretch(s)
	}
	res, err := run(ctx, s, opt)
	if err != nil {
		return nil, err
	}
	if len(off) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("The plan does not count on caseloads that stretch: %s planned with the normal caseload as a hard cap (give --allow-stretch, Options.AllowStretch, to plan with the stretch as written).",
			strings.Join(off, ", ")))
	}
	return res, nil
}

// withoutStretch returns s with every lot's caseworkers stretch removed,
// and the names of the lots that had one; s itself is not changed, and is
// returned as it is when no lot stretches.
func withoutStretch(s *scenario.Scenario) (*scenario.Scenario, []string) {
	var off []string
	var lots []lotting.Lot
	for i, l := range s.Structure.Lots {
		cw := l.Service.Caseworkers
		if cw == nil || cw.Stretch == nil {
			continue
		}
		if lots == nil {
			lots = slices.Clone(s.Structure.Lots)
		}
		c := *cw
		c.Stretch = nil
		lots[i].Service.Caseworkers = &c
		off = append(off, l.Name)
	}
	if lots == nil {
		return s, nil
	}
	out := *s
	out.Structure.Lots = lots
	return &out, off
}

// run is Run on a scenario whose stretch has been dealt with.
func run(ctx context.Context, s *scenario.Scenario, opt Options) (*Result, error) {
	opt, err := withDefaults(opt)
	if err != nil {
		return nil, err
	}
	h := s.Simulation.Horizon
	if opt.Horizon != nil {
		h = *opt.Horizon
	}
	base, err := s.Build(h)
	if err != nil {
		return nil, err
	}
	if opt.Funder != "" && !slices.ContainsFunc(s.Pool.Funders, func(f funding.Funder) bool { return f.Name == opt.Funder }) {
		return nil, fmt.Errorf("%w: no funder %q in the scenario", ErrOptions, opt.Funder)
	}
	if opt.StepFTE > 0 {
		if opt.Step, err = fteStep(s, opt.Fix, opt.StepFTE, base.Years[0].Start); err != nil {
			return nil, err
		}
	}
	fewest := 2 // a split needs two lots to move money between
	if opt.Goal == Money {
		fewest = 1
	}
	sp, notes, err := newSpace(s, opt.Fix, opt.Step, base.Years[0].Start, fewest)
	if err != nil {
		return nil, err
	}
	seed := s.Simulation.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	e := &evaluator{
		sp: sp, horizon: h, seed: seed, workers: opt.Workers, memory: opt.MaxMemory,
		checkpoints: selection.Checkpoints(opt.FirstStage, opt.MaxReplications),
		rows:        map[string][][]float64{},
		miss:        opt.MaxMissChance,
	}
	e.targets = targetsOf(base, sp, opt.Require)
	if len(e.targets) == 0 {
		return nil, fmt.Errorf("%w: no lot the optimiser can judge has wait_targets", ErrNoTargets)
	}
	if !slices.ContainsFunc(e.targets, func(t target) bool { return t.moved }) {
		return nil, fmt.Errorf("%w: none of the lots whose money moves has wait_targets", ErrNoTargets)
	}
	e.progress = func(done int) {
		if opt.Progress != nil {
			opt.Progress("", done)
		}
	}

	// 0. Lots whose targets no money within reach meets keep today's
	// money, so that the search does not pour money into them.
	e.stage(opt, "reach")
	far, err := e.unreachable(ctx, newPricing(s, base), opt)
	if err != nil {
		return nil, err
	}
	if len(far) > 0 {
		fix := slices.Clone(opt.Fix)
		for _, u := range far {
			fix = append(fix, u.lot)
		}
		if sp, notes, err = newSpace(s, fix, opt.Step, base.Years[0].Start, fewest); err != nil {
			return nil, err
		}
		for k, n := range notes {
			for _, u := range far {
				if strings.HasPrefix(n, u.lot+" keeps today's money: it is pinned") {
					notes[k] = u.lot + " keeps today's money because " + u.why
				}
			}
		}
		e.sp = sp
		e.targets = targetsOf(base, sp, opt.Require)
		if !slices.ContainsFunc(e.targets, func(t target) bool { return t.moved }) {
			return nil, fmt.Errorf("%w: no lot whose money moves can meet its targets; %s", ErrNoTargets, strings.Join(notes, "; "))
		}
	}

	// 1. Today's plan, which is also the pilot for the closed forms.
	e.stage(opt, "today's plan")
	var today plan // nil: today's allocation exactly
	pilotRows, pilot, err := e.run(ctx, today, batchSeed(seed, 0), e.checkpoints[0])
	if err != nil {
		return nil, err
	}
	e.rows[today.key()] = pilotRows // the pilot is batch 0 of today's plan
	refs := referralsPerYear(base, pilot)
	e.refs = refs
	if opt.Goal == Money {
		return e.runMoney(ctx, s, base, notes, opt)
	}
	if opt.PerYear {
		return e.runPerYear(ctx, s, base, notes, opt)
	}

	// 2. The closed forms' plan, then the pattern search from the better.
	e.stage(opt, "closed-form estimate")
	start := lift(sp.apportion(needs(s, base, sp, e.targets, refs)), sp.floors)
	search := &searcher{e: e, alpha: opt.Alpha}
	cur, err := search.better(ctx, start, sp.nearToday())
	if err != nil {
		return nil, err
	}
	e.stage(opt, "search")
	curScore, err := search.score(ctx, cur)
	if err != nil {
		return nil, err
	}
	if cur, curScore, err = patternSearch(cur, curScore, topStep(sp.units, len(sp.moved)), func(q plan) (float64, error) { return search.score(ctx, q) }); err != nil {
		return nil, err
	}
	if math.IsInf(curScore, 1) {
		cur = today // no plan found that keeps every earmark but today's
	}

	// 3. Selection among the best found, today's included.
	e.stage(opt, "selection")
	finalists := search.finalists(cur, today, maxFinalists)
	todayAt := slices.IndexFunc(finalists, func(p plan) bool { return p.key() == today.key() })
	chosen, err := e.choose(ctx, finalists, todayAt, opt)
	if err != nil {
		return nil, err
	}

	// 4. Validation on fresh random numbers, beside today's.
	e.stage(opt, "validation")
	plan, err := e.validate(ctx, finalists[chosen], e.checkpoints[len(e.checkpoints)-1], opt.Alpha)
	if err != nil {
		return nil, err
	}
	pr := newPricing(s, base)
	var mp moneyPlan
	ps := sp.scenario(finalists[chosen])
	for _, fy := range pr.years {
		alloc, err := ps.LotFunding(fy)
		if err != nil {
			return nil, err
		}
		var year []funding.Money
		for _, i := range sp.moved {
			year = append(year, alloc.Parts[i])
		}
		mp = append(mp, year)
	}
	out, err := e.finish(ctx, pr, mp, plan, notes, opt)
	if err != nil {
		return nil, err
	}
	out.Floors = floorNotes(sp, pr.years, mp, sp.step)
	out.Candidates, out.Finalists = len(search.scores), len(finalists)
	for _, p := range finalists {
		if p.key() == finalists[chosen].key() || len(out.Runners) == maxRunnersUp {
			continue
		}
		ev, err := e.judge(ctx, p, e.checkpoints[0], opt.Alpha)
		if err != nil {
			return nil, err
		}
		out.Runners = append(out.Runners, ev)
	}
	out.Replications = e.simulated
	return out, nil
}

// Limits of a search, chosen so that essex-2025 (six lots) finishes in a
// few minutes on two cores.
const (
	maxIterations = 25 // moves kept at one step size
	maxFinalists  = 6  // plans that go through selection
	maxRunnersUp  = 3  // runners-up reported
)

// withDefaults fills in the zero options and checks the rest.
func withDefaults(opt Options) (Options, error) {
	if opt.Step.IsZero() && opt.StepFTE == 0 {
		opt.Step = funding.Pounds(5000)
	}
	if opt.StepFTE != 0 && (!opt.Step.IsZero() || !(opt.StepFTE > 0 && opt.StepFTE <= 1000)) {
		return opt, fmt.Errorf("%w: give a step in pounds or in FTE (above 0, at most 1,000), not both", ErrOptions)
	}
	if opt.Alpha == 0 {
		opt.Alpha = 0.05
	}
	if opt.Delta == 0 {
		opt.Delta = 0.01
	}
	if opt.FirstStage == 0 {
		opt.FirstStage = 10
	}
	if opt.MaxReplications == 0 {
		opt.MaxReplications = 160
	}
	switch {
	case !(opt.Alpha > 0 && opt.Alpha < 0.5):
		return opt, fmt.Errorf("%w: alpha %v is not between 0 and 0.5", ErrOptions, opt.Alpha)
	case !(opt.Delta > 0 && opt.Delta < 1):
		return opt, fmt.Errorf("%w: the indifference zone %v is not between 0 and 1", ErrOptions, opt.Delta)
	case opt.FirstStage < 2:
		return opt, fmt.Errorf("%w: the first stage needs at least 2 replications, got %d", ErrOptions, opt.FirstStage)
	case opt.MaxReplications < opt.FirstStage || opt.MaxReplications > 100_000:
		return opt, fmt.Errorf("%w: the most replications, %d, must be from the first stage (%d) to 100,000", ErrOptions, opt.MaxReplications, opt.FirstStage)
	}
	if !(opt.MaxMissChance >= 0 && opt.MaxMissChance < 0.5) {
		return opt, fmt.Errorf("%w: the most chance of missing, %v, is not from 0 to below 0.5", ErrOptions, opt.MaxMissChance)
	}
	if opt.PerYear && opt.Goal != Split {
		return opt, fmt.Errorf("%w: a split per year applies only to the split goal", ErrOptions)
	}
	if opt.Funder != "" && opt.Goal != Money {
		return opt, fmt.Errorf("%w: a funder for the extra money applies only to the money goal", ErrOptions)
	}
	for r, v := range opt.Require {
		if !r.Valid() || !(v > 0 && v < 1) {
			return opt, fmt.Errorf("%w: required level %v for %v is not a share above 0 and below 100%%", ErrOptions, v, r)
		}
	}
	return opt, nil
}

// targetsOf lists the targets judged: every lot with wait_targets, every
// contract year, every risk level with a target.
func targetsOf(b *scenario.Built, sp *space, require map[lotting.Risk]float64) []target {
	moved := map[string]bool{}
	for _, i := range sp.moved {
		moved[sp.base.Structure.Lots[i].Name] = true
	}
	var out []target
	for li, l := range b.Model.Lots {
		for y := range b.Years {
			for _, rk := range []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard} {
				days := l.Targets[rk.Index()]
				if !(days > 0) {
					continue
				}
				level := l.TargetShare
				if level == 0 {
					level = lotting.DefaultWaitTargetLevel
				}
				if v, ok := require[rk]; ok {
					level = v
				}
				out = append(out, target{lot: li, name: b.Lots[li], moved: moved[b.Lots[li]], year: y, risk: rk, days: days, level: level})
			}
		}
	}
	return out
}

// referralsPerYear returns each engine lot's mean referrals a year in each
// contract year of the pilot run.
func referralsPerYear(b *scenario.Built, res *simulate.Results) [][]float64 {
	m := b.Model
	out := make([][]float64, len(m.Lots))
	for li := range m.Lots {
		out[li] = make([]float64, len(m.YearStarts))
		for y, start := range m.YearStarts {
			end := m.Horizon
			if y+1 < len(m.YearStarts) {
				end = m.YearStarts[y+1]
			}
			mean := res.Cell(li, y, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Referrals).Mean()
			if end > start && !math.IsNaN(mean) {
				out[li][y] = mean * funding.DaysPerYear / (end - start)
			}
		}
	}
	return out
}

// needs returns, for each moved lot, the share of the moved money the
// closed forms say it needs: the most over the contract years of the
// money for the slots Erlang A (C when nobody gives up) needs for its
// tightest target, as a share of the moved lots' money that year.
func needs(s *scenario.Scenario, b *scenario.Built, sp *space, targets []target, refs [][]float64) []float64 {
	p := newPricing(s, b)
	out := make([]float64, len(sp.moved))
	for j, i := range sp.moved {
		l := s.Structure.Lots[i]
		li := slices.Index(b.Lots, l.Name)
		cw := l.Service.Caseworkers
		if l.Service.Delivery != lotting.Casework || cw == nil {
			// No closed form to size groups or beds by: today's share.
			if alloc, err := s.LotFunding(sp.firstYear); err == nil && sp.movedMoney.Sign() > 0 {
				out[j] = alloc.Parts[i].Float64() / sp.movedMoney.Float64() // a weight, not money
			}
			continue
		}
		mu := 1 / cw.CaseLength.Expected()
		theta := abandonRate(l)
		for y, cy := range b.Years {
			fy := funding.FinancialYearOf(cy.Start)
			alloc, err := s.LotFunding(fy)
			if err != nil {
				continue
			}
			moved := 0.0
			for _, k := range sp.moved {
				moved += alloc.Parts[k].Float64() // a weight for the split, not money
			}
			lambda := refs[li][y] / funding.DaysPerYear
			slots := 0
			for _, t := range targets {
				if t.lot != li || t.year != y {
					continue
				}
				c, err := queueing.ServersForErlangA(lambda, mu, theta, t.days, t.level)
				if err != nil {
					c = queueing.SquareRootStaffing(lambda/mu, 2)
				}
				slots = max(slots, c)
			}
			money := float64(p.moneyFor(i, y, slots, sp.step)) * sp.step.Float64() // a weight, not money
			if moved > 0 {
				out[j] = max(out[j], money/moved)
			}
		}
	}
	return out
}

// abandonRate is the rate a day at which victims waiting for lot l give
// up: 1/mean patience, 0 if they wait for as long as it takes.
func abandonRate(l lotting.Lot) float64 {
	for _, d := range l.Disengagement {
		if d.Group == lotting.Victim && d.Patience != nil {
			if m := d.Patience.Expected(); m > 0 {
				return 1 / m
			}
		}
	}
	for _, d := range l.Disengagement {
		if d.Patience != nil {
			if m := d.Patience.Expected(); m > 0 {
				return 1 / m
			}
		}
	}
	return 0
}

// topStep is the first step size of the pattern search: the largest power
// of two at most an eighth of each lot's even share.
func topStep(units, lots int) int {
	size := 1
	for size*2 <= units/lots/8 && size < 64 {
		size *= 2
	}
	return size
}
