package selection

import (
	"errors"
	"fmt"
	"math"
)

// Status is a feasibility decision on one candidate.
type Status int

// The feasibility decisions.
const (
	// Undecided: more replications are needed.
	Undecided Status = iota
	// Feasible: every cell's lower bound reaches its level.
	Feasible
	// Infeasible: some cell is shown short of its level by more than the
	// tolerance, or the last checkpoint came without the candidate being
	// shown feasible ([Decision.Final]).
	Infeasible
)

// String returns "undecided", "feasible" or "infeasible".
func (s Status) String() string {
	switch s {
	case Undecided:
		return "undecided"
	case Feasible:
		return "feasible"
	case Infeasible:
		return "infeasible"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// FeasibilityConfig sets up a [Feasibility] screen.
type FeasibilityConfig struct {
	// Levels holds the level each cell's true mean must reach; every
	// candidate has these cells.
	Levels []float64
	// Alpha bounds each of the two error probabilities stated in the
	// package documentation, for example 0.05.
	Alpha float64
	// Epsilon ≥ 0 is the tolerance: a candidate is shown short (declared
	// Infeasible other than by the cautious rule at the last checkpoint)
	// only when a cell's upper bound is more than Epsilon below its level.
	Epsilon float64
	// Candidates is the number of candidates screened together, k ≥ 1;
	// the Bonferroni split covers all of them.
	Candidates int
	// Checkpoints are the replication counts at which decisions are made,
	// strictly increasing, for example Checkpoints(10, 640).
	Checkpoints []int
	// Binary marks replications that are each 0 or 1 (a year met its
	// target or did not): the screen then uses LowerBoundsBinary's exact
	// binomial bounds instead of Student t.
	Binary bool
}

// Decision is the state of one candidate in a [Feasibility] screen.
type Decision struct {
	Status Status // Undecided until a checkpoint decides
	// N is the checkpoint (replications) of the last judgement: the one
	// that decided, or the latest one while undecided; 0 before any.
	N int
	// Final reports an Infeasible decided at the last checkpoint because
	// the candidate was not shown feasible, rather than shown short.
	Final bool
	// Bounds are the Bonferroni bounds at checkpoint N (no cells if N < 2).
	// For an infeasible candidate Bounds.Worst names the cell that binds.
	Bounds Bounds
}

// Feasibility screens k candidates, each with the same cells, for
// "every cell's true mean reaches its level", deciding only at
// checkpoints. See the package documentation for the rule and its
// guarantees. Create one with [NewFeasibility] and call
// [Feasibility.Decide] once per checkpoint.
type Feasibility struct {
	cfg  FeasibilityConfig
	next int // index in cfg.Checkpoints of the next Decide
	dec  []Decision
}

// NewFeasibility returns a screen with every candidate undecided, or an
// error if the configuration is invalid.
func NewFeasibility(cfg FeasibilityConfig) (*Feasibility, error) {
	if err := checkAlpha(cfg.Alpha); err != nil {
		return nil, err
	}
	if len(cfg.Levels) == 0 {
		return nil, errors.New("selection: no cells")
	}
	for j, l := range cfg.Levels {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return nil, fmt.Errorf("selection: level of cell %d is %v", j, l)
		}
	}
	if !(cfg.Epsilon >= 0) || math.IsInf(cfg.Epsilon, 0) {
		return nil, fmt.Errorf("selection: tolerance %v is not finite and ≥ 0", cfg.Epsilon)
	}
	if cfg.Candidates < 1 {
		return nil, fmt.Errorf("selection: %d candidates", cfg.Candidates)
	}
	if err := checkCheckpoints(cfg.Checkpoints); err != nil {
		return nil, err
	}
	cfg.Levels = append([]float64(nil), cfg.Levels...)
	cfg.Checkpoints = append([]int(nil), cfg.Checkpoints...)
	return &Feasibility{cfg: cfg, dec: make([]Decision, cfg.Candidates)}, nil
}

// TestAlpha returns the one-sided level of each bound the screen computes,
// Alpha / (checkpoints × candidates × cells): the Bonferroni share of one
// cell of one candidate at one checkpoint.
func (f *Feasibility) TestAlpha() float64 {
	c := f.cfg
	return c.Alpha / float64(len(c.Checkpoints)*c.Candidates*len(c.Levels))
}

// Next returns the checkpoint the next [Feasibility.Decide] judges at, and
// false if all checkpoints are past (every candidate is then decided).
func (f *Feasibility) Next() (n int, ok bool) {
	if f.next >= len(f.cfg.Checkpoints) {
		return 0, false
	}
	return f.cfg.Checkpoints[f.next], true
}

// Decisions returns a copy of every candidate's current decision.
func (f *Feasibility) Decisions() []Decision {
	return append([]Decision(nil), f.dec...)
}

// Decide judges every undecided candidate at the next checkpoint n (see
// [Feasibility.Next]) and returns all candidates' decisions. obs[c][r][j]
// is cell j of replication r of candidate c, in replication order; only
// the first n rows of each undecided candidate are read, so extra rows do
// not change the answer, and decided candidates' rows are not read at all
// (they may be nil). At the last checkpoint every candidate still
// undecided becomes Infeasible with Final set.
//
// It returns an error, leaving the screen unchanged, if len(obs) is not
// the number of candidates, an undecided candidate has fewer than n rows
// or rows of the wrong length, a value it would read is NaN or infinite
// (wrapping [ErrNotFinite]), or all checkpoints are past.
func (f *Feasibility) Decide(obs [][][]float64) ([]Decision, error) {
	n, ok := f.Next()
	if !ok {
		return nil, errors.New("selection: all checkpoints are past")
	}
	if len(obs) != len(f.dec) {
		return nil, fmt.Errorf("selection: observations for %d candidates, want %d", len(obs), len(f.dec))
	}
	last := f.next == len(f.cfg.Checkpoints)-1
	// Every cell of every candidate at every checkpoint gets alpha/(K·k·m):
	// LowerBounds divides alpha/K by its m, here k·m.
	alpha := f.cfg.Alpha / float64(len(f.cfg.Checkpoints))
	m := f.cfg.Candidates * len(f.cfg.Levels)
	dec := f.Decisions()
	for c := range dec {
		if dec[c].Status != Undecided {
			continue
		}
		if len(obs[c]) < n {
			return nil, fmt.Errorf("selection: candidate %d has %d replications, checkpoint needs %d", c, len(obs[c]), n)
		}
		d := Decision{N: n, Bounds: Bounds{Worst: -1}}
		if n >= 2 {
			bound := LowerBounds
			if f.cfg.Binary {
				bound = LowerBoundsBinary
			}
			b, err := bound(obs[c][:n], f.cfg.Levels, alpha, m)
			if err != nil {
				return nil, fmt.Errorf("candidate %d: %w", c, err)
			}
			d.Bounds = b
			switch {
			case b.AllMet:
				d.Status = Feasible
			case shownShort(b, f.cfg.Epsilon):
				d.Status = Infeasible
			}
		}
		if d.Status == Undecided && last {
			d.Status, d.Final = Infeasible, true
		}
		dec[c] = d
	}
	f.dec = dec
	f.next++
	return f.Decisions(), nil
}

// shownShort reports whether some cell's upper bound is below its level
// less eps.
func shownShort(b Bounds, eps float64) bool {
	for _, c := range b.Cells {
		if c.UCB < c.Level-eps {
			return true
		}
	}
	return false
}
