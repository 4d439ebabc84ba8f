package optimise

import (
	"context"

	"github.com/lotsim/lotsim/internal/selection"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// target is one target judged: the share of a lot's referrals at one risk
// level seen within the target wait in one contract year.
type target struct {
	lot   int // index in the engine's lots (scenario.Built.Lots)
	name  string
	moved bool // the optimiser sets the lot's money
	year  int
	risk  lotting.Risk
	days  float64
	level float64
}

// evaluator simulates plans on common random numbers: replication r of
// every plan draws the same random numbers, which depend only on the seed
// and r, so that plans differ by their money alone and any number of
// workers gives the same figures.
type evaluator struct {
	sp      *space
	horizon scenario.Horizon
	targets []target
	seed    uint64
	workers int
	memory  int64
	// checkpoints are the replication counts at which decisions are made;
	// batch b holds replications checkpoints[b-1] (0 for b = 0) up to
	// checkpoints[b], seeded from batchSeed(seed, b).
	checkpoints []int
	rows        map[string][][]float64 // each plan's rows so far: replication × target
	simulated   int                    // replications simulated in all
	refs        [][]float64            // [engine lot][year] referrals a year in today's plan (the pilot)
	probes      int                    // money goal: plans of one year's money simulated
	miss        float64                // Options.MaxMissChance: 0 judges shares
	progress    func(done int)
}

// batchSeed is the seed of batch b: the scenario's seed mixed with b by
// SplitMix64's finaliser, so that batches draw unrelated numbers.
func batchSeed(seed uint64, b int) uint64 {
	z := seed + 0x9e3779b97f4a7c15*uint64(b+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// validationBatch is the batch number of the fresh random numbers the
// chosen plan is validated on: far beyond any checkpoint's batch.
const validationBatch = 1 << 20

// ensure simulates plan p until it has at least n replications, n being a
// checkpoint, and returns its rows.
func (e *evaluator) ensure(ctx context.Context, p plan, n int) ([][]float64, error) {
	k := p.key()
	rows := e.rows[k]
	var m *simulate.Model // built on the first batch needed
	for b, cp := range e.checkpoints {
		if len(rows) >= n {
			break
		}
		if cp <= len(rows) {
			continue
		}
		if m == nil {
			built, err := e.sp.scenario(p).Build(e.horizon)
			if err != nil {
				return nil, err
			}
			m = built.Model
		}
		more, err := e.batch(ctx, m, b)
		if err != nil {
			return nil, err
		}
		rows = append(rows, more...)
	}
	e.rows[k] = rows
	return rows[:min(n, len(rows))], nil
}

// batch simulates batch b of model m: replications checkpoints[b-1] (0
// for b = 0) up to checkpoints[b], seeded from batchSeed(seed, b), so that
// replication r of every plan draws the same numbers.
func (e *evaluator) batch(ctx context.Context, m *simulate.Model, b int) ([][]float64, error) {
	from := 0
	if b > 0 {
		from = e.checkpoints[b-1]
	}
	rows, _, err := e.runModel(ctx, m, batchSeed(e.seed, b), e.checkpoints[b]-from)
	return rows, err
}

// run simulates plan p for reps replications from seed and returns one
// row of target shares a replication, with the engine's results.
func (e *evaluator) run(ctx context.Context, p plan, seed uint64, reps int) ([][]float64, *simulate.Results, error) {
	b, err := e.sp.scenario(p).Build(e.horizon)
	if err != nil {
		return nil, nil, err
	}
	return e.runModel(ctx, b.Model, seed, reps)
}

// levels returns the level each target is judged against, and the
// indices of the targets of moved lots: the share level, or with a most
// chance of missing X, the chance 1 − X that a year reaches it.
func (e *evaluator) levels() (all []float64, moved []int) {
	for j, t := range e.targets {
		level := t.level
		if e.miss > 0 {
			level = 1 - e.miss
		}
		all = append(all, level)
		if t.moved {
			moved = append(moved, j)
		}
	}
	return all, moved
}

// judged returns rows as they are judged: the shares themselves, or with a
// most chance of missing, 1 where a replication's year reaches the target's
// share level and 0 where it does not.
func (e *evaluator) judged(rows [][]float64) [][]float64 {
	if e.miss == 0 {
		return rows
	}
	return reached(rows, e.targets)
}

// reached returns 1 where a row's share reaches its target's level, else 0.
func reached(rows [][]float64, targets []target) [][]float64 {
	out := make([][]float64, len(rows))
	for r, row := range rows {
		out[r] = make([]float64, len(row))
		for j, v := range row {
			if v >= targets[j].level {
				out[r][j] = 1
			}
		}
	}
	return out
}

// bound is selection.LowerBounds for shares, LowerBoundsBinary for
// reached-or-not rows.
func (e *evaluator) bound(rows [][]float64, levels []float64, alpha float64, m int) (selection.Bounds, error) {
	if e.miss > 0 {
		return selection.LowerBoundsBinary(rows, levels, alpha, m)
	}
	return selection.LowerBounds(rows, levels, alpha, m)
}

// pick returns the columns idx of rows.
func pick(rows [][]float64, idx []int) [][]float64 {
	out := make([][]float64, len(rows))
	for r, row := range rows {
		out[r] = make([]float64, len(idx))
		for j, i := range idx {
			out[r][j] = row[i]
		}
	}
	return out
}
