package selection

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ErrNotFinite is wrapped by the error returned when an observation that a
// decision would use is NaN or infinite.
var ErrNotFinite = errors.New("selection: observation is NaN or infinite")

// ErrTooFew is wrapped by the error [LowerBounds] returns for fewer than
// two replications: a sample variance needs at least two.
var ErrTooFew = errors.New("selection: fewer than two replications")

// Checkpoints returns the replication counts at which decisions are made:
// n0, 2·n0, 4·n0, ... while below max, then max itself. It returns nil if
// n0 < 1 or max < n0. Doubling keeps the number of checkpoints, and so the
// Bonferroni split of alpha over them, logarithmic in max/n0.
func Checkpoints(n0, max int) []int {
	if n0 < 1 || max < n0 {
		return nil
	}
	var cps []int
	for n := n0; n < max; n *= 2 {
		cps = append(cps, n)
	}
	return append(cps, max)
}

// checkCheckpoints reports an error unless cps is non-empty, strictly
// increasing and starts at 1 or more.
func checkCheckpoints(cps []int) error {
	if len(cps) == 0 {
		return errors.New("selection: no checkpoints")
	}
	for i, n := range cps {
		if n < 1 || (i > 0 && n <= cps[i-1]) {
			return fmt.Errorf("selection: checkpoints %v are not positive and strictly increasing", cps)
		}
	}
	return nil
}

// Cell is the confidence bound on one cell's true mean (for example the
// share of referrals seen within target for one lot, risk level and
// contract year) from n replications.
type Cell struct {
	N     int     // replications used
	Mean  float64 // sample mean
	SD    float64 // sample standard deviation (n−1 divisor); 0 if all values are equal
	LCB   float64 // one-sided lower confidence bound on the true mean
	UCB   float64 // one-sided upper confidence bound at the same level
	Level float64 // the level the true mean must reach
	// Shortfall is Level − LCB: positive when the cell misses its level,
	// zero or negative when it meets it.
	Shortfall float64
	Meets     bool // LCB ≥ Level
}

// Bounds holds the cells of one candidate judged together.
type Bounds struct {
	Cells []Cell
	// Worst is the index of the cell with the largest Shortfall (the one
	// that binds); the lowest index wins a tie. It is -1 if there are no
	// cells.
	Worst int
	// AllMet reports whether every cell meets its level (true if there
	// are no cells).
	AllMet bool
}

// LowerBounds returns, for each cell j, a one-sided lower confidence bound
// on its true mean from the replications rows[r][j], r = 0..len(rows)−1,
// and whether that bound reaches levels[j].
//
// The bounds are Bonferroni-corrected for m cells judged together: each is
// the Student t bound at level alpha/m,
//
//	LCB_j = mean_j − t(1 − alpha/m; n−1) · s_j / √n,
//
// so that if the m cells' replication means are normal (or nearly so, by
// the central limit theorem) the true means are all at or above their
// bounds with probability at least 1 − alpha, whatever the correlation
// between cells. UCB_j is the matching upper bound at the same level. Pass
// m = len(levels) to judge one candidate's cells together, or a larger m
// (cells × candidates) to protect a whole screen; m < len(levels) is an
// error.
//
// A cell whose values are all equal (for example a share of exactly 1
// every time) has SD 0 and LCB = UCB = Mean, with no division by zero: it
// meets its level exactly when that value is at or above the level. Note
// the normal model does not hold for such a cell, so its bound carries no
// coverage guarantee; it is what the t formula gives in the limit.
//
// It returns an error wrapping [ErrTooFew] if len(rows) < 2, wrapping
// [ErrNotFinite] if a value is NaN or infinite, and an error if a row's
// length differs from len(levels), a level is not finite or alpha is not
// in (0, 1).
func LowerBounds(rows [][]float64, levels []float64, alpha float64, m int) (Bounds, error) {
	if err := checkRows(rows, levels, alpha, m); err != nil {
		return Bounds{}, err
	}
	n := len(rows)
	t := tQuantile(1-alpha/float64(m), n-1)
	return bounds(rows, levels, func(col []float64) (mean, sd, lcb, ucb float64) {
		mean, sd = meanSD(col)
		half := 0.0 // zero spread; t may be +Inf for an absurdly small alpha/m
		if sd > 0 {
			half = t * sd / math.Sqrt(float64(n))
		}
		return mean, sd, mean - half, mean + half
	}), nil
}

// ErrNotBinary reports a value other than 0 or 1 given to
// LowerBoundsBinary.
var ErrNotBinary = errors.New("selection: value is not 0 or 1")

// LowerBoundsBinary is LowerBounds for cells whose replications are each 0
// or 1 (a year met its target, or did not), with exact binomial
// (Clopper–Pearson) bounds in place of Student t: with x ones in n,
//
//	LCB = the alpha/m quantile of Beta(x, n − x + 1)   (0 when x = 0)
//	UCB = the 1 − alpha/m quantile of Beta(x + 1, n − x) (1 when x = n)
//
// (Clopper and Pearson, Biometrika 26, 1934). Each holds with probability at
// least 1 − alpha/m whatever the true chance, so the Bonferroni guarantee
// of LowerBounds holds with no normal approximation, and ten successes in
// ten do not prove a chance of 1: their lower bound at alpha/m = 0.05 is
// 0.05^(1/10) = 0.741. It returns an error wrapping ErrNotBinary for a
// value other than 0 or 1, and LowerBounds's errors otherwise.
func LowerBoundsBinary(rows [][]float64, levels []float64, alpha float64, m int) (Bounds, error) {
	if err := checkRows(rows, levels, alpha, m); err != nil {
		return Bounds{}, err
	}
	for r, row := range rows {
		for j, x := range row {
			if x != 0 && x != 1 {
				return Bounds{}, fmt.Errorf("%w: replication %d cell %d is %v", ErrNotBinary, r, j, x)
			}
		}
	}
	a := alpha / float64(m)
	return bounds(rows, levels, func(col []float64) (mean, sd, lcb, ucb float64) {
		mean, sd = meanSD(col)
		n := float64(len(col))
		x := math.Round(mean * n)
		lcb, ucb = 0, 1
		if x > 0 {
			lcb = distuv.Beta{Alpha: x, Beta: n - x + 1}.Quantile(a)
		}
		if x < n {
			ucb = distuv.Beta{Alpha: x + 1, Beta: n - x}.Quantile(1 - a)
		}
		return mean, sd, lcb, ucb
	}), nil
}

// bounds gathers each cell's figures from its column by bound.
func bounds(rows [][]float64, levels []float64, bound func(col []float64) (mean, sd, lcb, ucb float64)) Bounds {
	n := len(rows)
	b := Bounds{Cells: make([]Cell, len(levels)), Worst: -1, AllMet: true}
	col := make([]float64, n)
	for j, level := range levels {
		for r, row := range rows {
			col[r] = row[j]
		}
		mean, sd, lcb, ucb := bound(col)
		c := Cell{N: n, Mean: mean, SD: sd, LCB: lcb, UCB: ucb, Level: level}
		c.Shortfall = level - c.LCB
		c.Meets = c.LCB >= level
		b.Cells[j] = c
		b.AllMet = b.AllMet && c.Meets
		if b.Worst < 0 || c.Shortfall > b.Cells[b.Worst].Shortfall {
			b.Worst = j
		}
	}
	return b
}

// checkRows checks LowerBounds's arguments.
func checkRows(rows [][]float64, levels []float64, alpha float64, m int) error {
	if err := checkAlpha(alpha); err != nil {
		return err
	}
	if m < len(levels) || m < 1 {
		return fmt.Errorf("selection: %d cells judged together, fewer than the %d given", m, len(levels))
	}
	for j, l := range levels {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return fmt.Errorf("selection: level of cell %d is %v", j, l)
		}
	}
	n := len(rows)
	if n < 2 {
		return fmt.Errorf("%w: %d", ErrTooFew, n)
	}
	for r, row := range rows {
		if len(row) != len(levels) {
			return fmt.Errorf("selection: replication %d has %d cells, want %d", r, len(row), len(levels))
		}
		for j, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("%w: replication %d cell %d is %v", ErrNotFinite, r, j, x)
			}
		}
	}
	return nil
}

// meanSD returns the mean and sample standard deviation (n−1 divisor) of
// xs, len(xs) ≥ 2, by two passes in index order. If all values are equal
// it returns that value and exactly 0, so that rounding in the sum cannot
// invent a spread (0.1 summed ten times and divided by ten is not 0.1).
func meanSD(xs []float64) (mean, sd float64) {
	same := true
	for _, x := range xs[1:] {
		if x != xs[0] {
			same = false
			break
		}
	}
	if same {
		return xs[0], 0
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean = sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// tQuantile returns the p quantile of Student's t distribution with nu
// degrees of freedom.
func tQuantile(p float64, nu int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(p)
}

// checkAlpha reports an error unless alpha is in (0, 1).
func checkAlpha(alpha float64) error {
	if !(alpha > 0 && alpha < 1) {
		return fmt.Errorf("selection: alpha %v not in (0, 1)", alpha)
	}
	return nil
}
