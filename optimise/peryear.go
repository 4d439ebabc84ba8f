package optimise

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// The split per contract year (Options.PerYear): each year's money for
// the moved lots, today's total, is split on its own, years in order,
// each given the splits of the years before it (waiting lists carry over).
// A year's split starts from the closed forms' needs that year, or today's
// split if that scores better, and a pattern search moves steps between
// lots while the largest shortfall of that year's targets falls, judged on
// the same random numbers for every split. The plan is then validated on
// fresh random numbers beside today's.

// runPerYear answers the split goal with a split per contract year.
func (e *evaluator) runPerYear(ctx context.Context, s *scenario.Scenario, b *scenario.Built, notes []string, opt Options) (*Result, error) {
	p := newPricing(s, b)
	today, err := p.todayMoney(e.sp)
	if err != nil {
		return nil, err
	}
	mp := make(moneyPlan, len(today))
	for k := range today {
		mp[k] = slices.Clone(today[k])
	}
	levels, _ := e.levels()
	tried := 0
	for k := range today {
		e.stage(opt, fmt.Sprintf("split of contract year %d of %d", k+1, len(today)))
		var idx []int
		for j, t := range e.targets {
			if t.year == k && t.moved {
				idx = append(idx, j)
			}
		}
		total := funding.Money{}
		for _, m := range today[k] {
			total = total.Add(m)
		}
		units := int(total.Decimal().Div(opt.Step.Decimal()).IntPart())
		if len(idx) == 0 || units < len(e.sp.moved) {
			continue // nothing to judge, or too little to split in steps: today's
		}
		money := func(u plan) []funding.Money {
			out := make([]funding.Money, len(u))
			used := funding.Money{}
			for j, n := range u {
				out[j] = opt.Step.MulInt(int64(n))
				used = used.Add(out[j])
			}
			out[len(out)-1] = out[len(out)-1].Add(total.Sub(used)) // the leftover
			return out
		}
		// Earmarked money cannot be moved: each lot keeps at least its
		// earmarks this year, in whole steps (the last lot also takes the
		// leftover), and a split that leaves an area short is refused.
		fy := p.years[k]
		earmarks := lotEarmarks(s, fy)
		floors := make([]int, len(e.sp.moved))
		for j, i := range e.sp.moved {
			floors[j] = max(1, int(earmarks[i].Decimal().Div(opt.Step.Decimal()).Ceil().IntPart()))
		}
		allowed := func(u plan) bool {
			if !e.sp.earmarked {
				return true
			}
			alloc, err := s.LotFunding(fy)
			if err != nil {
				return false
			}
			parts := slices.Clone(alloc.Parts)
			for j, m := range money(u) {
				parts[e.sp.moved[j]] = m
			}
			return len(funding.CheckEarmarks(s.Pool, fy, lotAreasOf(s), parts)) == 0
		}
		scores := map[string]float64{}
		var candidates []plan
		score := func(u plan) (float64, error) {
			if v, ok := scores[u.key()]; ok {
				return v, nil
			}
			if !allowed(u) {
				return infeasible, nil // never simulated, never kept
			}
			candidates = append(candidates, slices.Clone(u))
			trial := slices.Clone(mp)
			trial[k] = money(u)
			rows, _, err := e.runModel(ctx, p.moneyModel(e.sp, trial, k), batchSeed(e.seed, 0), e.checkpoints[0])
			if err != nil {
				return 0, err
			}
			bd, err := e.bound(pick(e.judged(rows), idx), pickLevels(levels, idx), opt.Alpha, len(idx))
			if err != nil {
				return 0, err
			}
			scores[u.key()] = bd.Cells[bd.Worst].Shortfall
			return scores[u.key()], nil
		}
		weights := func(ms []funding.Money) []float64 {
			w := make([]float64, len(ms))
			for j, m := range ms {
				w[j] = m.Float64() // a weight, not money
			}
			return w
		}
		need := e.closedFormUnits(s, b, p, k, opt.Step, today[k])
		needW := make([]float64, len(need))
		for j, n := range need {
			needW[j] = float64(n)
		}
		cur := lift(apportionUnits(needW, units), floors)
		alt := lift(apportionUnits(weights(today[k]), units), floors)
		vc, err := score(cur)
		if err != nil {
			return nil, err
		}
		va, err := score(alt)
		if err != nil {
			return nil, err
		}
		if va < vc {
			cur, vc = alt, va
		}
		if cur, _, err = patternSearch(cur, vc, topStep(units, len(cur)), score); err != nil {
			return nil, err
		}
		// The search judged on the first checkpoint's replications; the
		// best few it found are judged again on all of them, and the one
		// that misses by least (or meets with the most room) is kept.
		keys := make([]string, 0, len(scores))
		byKey := map[string]plan{}
		for _, u := range candidates {
			byKey[u.key()] = u
		}
		for key := range byKey {
			keys = append(keys, key)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if c := cmp.Compare(scores[a], scores[b]); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		if len(keys) == 0 {
			continue // no split in steps keeps every earmark: today's
		}
		best, bestScore := cur, math.Inf(1)
		for _, key := range keys[:min(len(keys), maxFinalists)] {
			u := byKey[key]
			trial := slices.Clone(mp)
			trial[k] = money(u)
			m := p.moneyModel(e.sp, trial, k)
			var rows [][]float64
			for bi := range e.checkpoints {
				more, err := e.batch(ctx, m, bi)
				if err != nil {
					return nil, err
				}
				rows = append(rows, more...)
			}
			bd, err := e.bound(pick(e.judged(rows), idx), pickLevels(levels, idx), opt.Alpha, len(idx))
			if err != nil {
				return nil, err
			}
			if v := bd.Cells[bd.Worst].Shortfall; v < bestScore {
				best, bestScore = u, v
			}
		}
		mp[k] = money(best)
		tried += len(scores)
	}
	ev, err := e.validateMoney(ctx, p, mp, opt)
	if err != nil {
		return nil, err
	}
	out, err := e.finish(ctx, p, mp, ev, notes, opt)
	if err != nil {
		return nil, err
	}
	out.Goal, out.PerYear, out.MoneyPlan, out.TodayMoney, out.Candidates = Split, true, mp, today, tried
	out.Floors = floorNotes(e.sp, p.years, mp, opt.Step)
	out.Reached = make([]bool, len(today))
	for k := range out.Reached {
		out.Reached[k] = true
	}
	return out, nil
}
