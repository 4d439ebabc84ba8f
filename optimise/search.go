package optimise

import (
	"context"
	"math"
	"slices"
	"sort"

	"github.com/lotsim/lotsim/internal/selection"
	"github.com/lotsim/lotsim/internal/stats"
)

// searcher scores plans by the largest shortfall of a moved lot's target
// below its level, judged on the lower bound of the first checkpoint's
// replications (Bonferroni over the moved lots' targets): lower is better,
// and at or below 0 every moved lot's target is met.
type searcher struct {
	e      *evaluator
	alpha  float64
	scores map[string]float64
	plans  map[string]plan
}

// score returns plan p's score, simulating it if it is new.
func (s *searcher) score(ctx context.Context, p plan) (float64, error) {
	if s.scores == nil {
		s.scores, s.plans = map[string]float64{}, map[string]plan{}
	}
	k := p.key()
	if v, ok := s.scores[k]; ok {
		return v, nil
	}
	if !s.e.sp.allowed(p) {
		return infeasible, nil // it breaks an earmark: never simulated, never kept
	}
	rows, err := s.e.ensure(ctx, p, s.e.checkpoints[0])
	if err != nil {
		return 0, err
	}
	levels, moved := s.e.levels()
	b, err := s.e.bound(pick(s.e.judged(rows), moved), pickLevels(levels, moved), s.alpha, len(moved))
	if err != nil {
		return 0, err
	}
	v := b.Cells[b.Worst].Shortfall
	s.scores[k], s.plans[k] = v, slices.Clone(p)
	if p != nil {
		// The search keeps a plan's score, not its rows, so that memory
		// does not grow with the plans tried; the few that go on to
		// selection are simulated again, on the same random numbers.
		delete(s.e.rows, k)
	}
	return v, nil
}

// better returns whichever of a and b scores lower, a on a tie.
func (s *searcher) better(ctx context.Context, a, b plan) (plan, error) {
	va, err := s.score(ctx, a)
	if err != nil {
		return nil, err
	}
	vb, err := s.score(ctx, b)
	if err != nil {
		return nil, err
	}
	if vb < va {
		return b, nil
	}
	return a, nil
}

// patternSearch improves cur, whose score is curScore, by moves of size
// steps from one lot to another: it takes the best move while that lowers
// the score by more than rounding (at most maxIterations times a size),
// then halves size, from top down to one step. Moves never leave a lot with
// no step; they are tried in order of the lot they take from, then the lot
// they give to, so the search depends on the scores alone.
func patternSearch(cur plan, curScore float64, top int, score func(plan) (float64, error)) (plan, float64, error) {
	for size := top; size >= 1; size /= 2 {
		for iter := 0; iter < maxIterations; iter++ {
			best, bestScore := cur, math.Inf(1)
			for from := range cur {
				if cur[from] <= size {
					continue
				}
				for to := range cur {
					if to == from {
						continue
					}
					q := slices.Clone(cur)
					q[from] -= size
					q[to] += size
					v, err := score(q)
					if err != nil {
						return nil, 0, err
					}
					if v < bestScore {
						best, bestScore = q, v
					}
				}
			}
			if !(bestScore < curScore-1e-12) {
				break
			}
			cur, curScore = best, bestScore
		}
	}
	return cur, curScore, nil
}

// finalists returns the k best plans scored, best first (ties by key), with
// cur first and today's among them.
func (s *searcher) finalists(cur, today plan, k int) []plan {
	keys := make([]string, 0, len(s.scores))
	for key := range s.scores {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := s.scores[keys[i]], s.scores[keys[j]]
		if a != b {
			return a < b
		}
		return keys[i] < keys[j]
	})
	out := []plan{cur}
	for _, key := range keys {
		if len(out) == k-1 {
			break
		}
		if key != cur.key() && key != today.key() {
			out = append(out, s.plans[key])
		}
	}
	if today.key() != cur.key() {
		out = append(out, today)
	}
	return out
}

// choose runs the feasibility screen over the finalists, on every target,
// and KN++ among those shown feasible (largest worst margin of a moved
// lot's target) or, if none is, among all (smallest shortfall). today is
// the index of today's plan among the finalists. It returns the index of
// the plan chosen.
func (e *evaluator) choose(ctx context.Context, finalists []plan, today int, opt Options) (int, error) {
	levels, moved := e.levels()
	f, err := selection.NewFeasibility(selection.FeasibilityConfig{
		Levels: levels, Alpha: opt.Alpha, Epsilon: opt.Delta, Candidates: len(finalists), Checkpoints: e.checkpoints,
		Binary: e.miss > 0,
	})
	if err != nil {
		return 0, err
	}
	obs := make([][][]float64, len(finalists))
	for {
		n, ok := f.Next()
		if !ok {
			break
		}
		for c, d := range f.Decisions() {
			if d.Status != selection.Undecided {
				continue
			}
			rows, err := e.ensure(ctx, finalists[c], n)
			if err != nil {
				return 0, err
			}
			obs[c] = e.judged(rows)
		}
		if _, err := f.Decide(obs); err != nil {
			return 0, err
		}
	}
	var pool []int
	for c, d := range f.Decisions() {
		if d.Status == selection.Feasible {
			pool = append(pool, c)
		}
	}
	feasible := len(pool) > 0
	if !feasible {
		pool = make([]int, len(finalists))
		for c := range pool {
			pool[c] = c
		}
	}
	if len(pool) == 1 {
		return pool[0], nil
	}
	kn, err := selection.NewKN(selection.KNConfig{
		Candidates: len(pool), Alpha: opt.Alpha, Delta: opt.Delta, Checkpoints: e.checkpoints, Minimize: !feasible,
	})
	if err != nil {
		return 0, err
	}
	vals := make([][]float64, len(pool))
	for {
		n, ok := kn.Next()
		if !ok {
			break
		}
		for _, c := range kn.Survivors() {
			rows, err := e.ensure(ctx, finalists[pool[c]], n)
			if err != nil {
				return 0, err
			}
			vals[c] = objective(e.judged(rows), levels, moved, feasible)
		}
		if _, _, err := kn.Step(vals); err != nil {
			return 0, err
		}
	}
	best, _ := kn.Best()
	// A plan must beat today's by more than the indifference zone to be
	// recommended over it: within the zone they are equally good, and the
	// committee keeps what it has.
	if t := slices.Index(pool, today); t >= 0 && t != best {
		means := kn.Means()
		better := means[best] - means[t]
		if !feasible {
			better = -better
		}
		if better <= opt.Delta {
			return pool[t], nil
		}
	}
	return pool[best], nil
}

// objective is each replication's figure for KN: the smallest margin of a
// moved lot's share above its level when the plans are feasible (larger is
// better), otherwise the largest shortfall below it, 0 if none is short
// (smaller is better).
func objective(rows [][]float64, levels []float64, moved []int, feasible bool) []float64 {
	out := make([]float64, len(rows))
	for r, row := range rows {
		v := math.Inf(1)
		if !feasible {
			v = 0
		}
		for _, j := range moved {
			d := row[j] - levels[j]
			if feasible {
				v = min(v, d)
			} else {
				v = max(v, -d)
			}
		}
		out[r] = v
	}
	return out
}

// validate simulates plan p for n replications on fresh random numbers
// and judges it.
func (e *evaluator) validate(ctx context.Context, p plan, n int, alpha float64) (Evaluated, error) {
	rows, _, err := e.run(ctx, p, batchSeed(e.seed, validationBatch), n)
	if err != nil {
		return Evaluated{}, err
	}
	return e.evaluated(p, rows, alpha)
}

// judge judges plan p on its first n replications of the search.
func (e *evaluator) judge(ctx context.Context, p plan, n int, alpha float64) (Evaluated, error) {
	rows, err := e.ensure(ctx, p, n)
	if err != nil {
		return Evaluated{}, err
	}
	return e.evaluated(p, rows, alpha)
}

// evaluated gathers plan p's figures from its rows: each target's mean
// share and 95% t interval, the chance its year reaches the level, and the
// Bonferroni lower bound judged (of the share, or of that chance) over
// every target.
func (e *evaluator) evaluated(p plan, rows [][]float64, alpha float64) (Evaluated, error) {
	levels, _ := e.levels()
	b, err := e.bound(e.judged(rows), levels, alpha, len(levels))
	if err != nil {
		return Evaluated{}, err
	}
	out := Evaluated{Plan: slices.Clone(p), Feasible: b.AllMet, Worst: b.Worst, N: len(rows)}
	out.WorstShortfall = b.Cells[b.Worst].Shortfall
	hits := reached(rows, e.targets)
	for j, c := range b.Cells {
		var s stats.Summary
		met := 0
		for r, row := range rows {
			s.Add(row[j])
			met += int(hits[r][j])
		}
		ci := s.CI95()
		out.Mean = append(out.Mean, s.Mean())
		out.Reached = append(out.Reached, met)
		out.Lo = append(out.Lo, min(max(ci.Lo, 0), 1))
		out.Hi = append(out.Hi, min(max(ci.Hi, 0), 1))
		out.LowerBound = append(out.LowerBound, c.LCB)
		out.Meets = append(out.Meets, c.Meets)
	}
	return out, nil
}

// pickLevels returns levels[idx].
func pickLevels(levels []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for j, i := range idx {
		out[j] = levels[i]
	}
	return out
}
