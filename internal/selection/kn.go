package selection

import (
	"errors"
	"fmt"
	"math"
)

// KNConfig sets up a [KN] selection.
type KNConfig struct {
	// Candidates is the number of candidates k ≥ 1.
	Candidates int
	// Alpha is one minus the probability of correct selection wanted, in
	// (0, 1) and below (k−1)/2 so that eta is positive; for example 0.05.
	Alpha float64
	// Delta > 0 is the indifference zone: the smallest difference in true
	// means worth detecting, in the output's units.
	Delta float64
	// Checkpoints are the replication counts at which the caller hands
	// over data, strictly increasing; the first is the first-stage sample
	// size n0 ≥ 2 and the last is the most replications any candidate
	// gets. For example Checkpoints(10, 640).
	Checkpoints []int
	// Minimize selects the smallest mean instead of the largest.
	Minimize bool
}

// KN is the fully sequential KN++ procedure of Kim and Nelson for
// selecting the candidate with the largest (or smallest) true mean, with
// common random numbers and variance updating at checkpoints. See the
// package documentation for the procedure and its guarantee. Create one
// with [NewKN] and call [KN.Step] once per checkpoint until it reports
// done.
type KN struct {
	cfg       KNConfig
	eta, h2   float64
	next      int         // index in cfg.Checkpoints of the next Step
	r         int         // replications screened so far
	sum       []float64   // running sums of (sign ×) the observations
	s2        [][]float64 // S²_il at the latest checkpoint, i < l
	elimAt    []int       // replication count at which eliminated; 0 if alive
	done      bool
	best      int
	truncated bool
}

// NewKN returns a selection with every candidate alive, or an error if the
// configuration is invalid.
func NewKN(cfg KNConfig) (*KN, error) {
	k := cfg.Candidates
	if k < 1 {
		return nil, fmt.Errorf("selection: %d candidates", k)
	}
	if err := checkAlpha(cfg.Alpha); err != nil {
		return nil, err
	}
	if !(cfg.Delta > 0) || math.IsInf(cfg.Delta, 0) {
		return nil, fmt.Errorf("selection: indifference zone %v is not finite and > 0", cfg.Delta)
	}
	if err := checkCheckpoints(cfg.Checkpoints); err != nil {
		return nil, err
	}
	n0 := cfg.Checkpoints[0]
	if n0 < 2 {
		return nil, fmt.Errorf("selection: first-stage sample size %d, need at least 2", n0)
	}
	cfg.Checkpoints = append([]int(nil), cfg.Checkpoints...)
	kn := &KN{cfg: cfg, best: -1, sum: make([]float64, k), elimAt: make([]int, k)}
	if k > 1 {
		// Kim and Nelson (2001), procedure KN, setup step:
		// eta = ½[(2α/(k−1))^(−2/(n0−1)) − 1] and, with c = 1,
		// h² = 2cη(n0−1).
		kn.eta = 0.5 * (math.Pow(2*cfg.Alpha/float64(k-1), -2/float64(n0-1)) - 1)
		if !(kn.eta > 0) || math.IsInf(kn.eta, 0) {
			return nil, fmt.Errorf("selection: alpha %v too large for %d candidates (eta %v)", cfg.Alpha, k, kn.eta)
		}
		kn.h2 = 2 * kn.eta * float64(n0-1)
	}
	kn.s2 = make([][]float64, k)
	for i := range kn.s2 {
		kn.s2[i] = make([]float64, k)
	}
	return kn, nil
}

// H2 returns the constant h² = 2η(n0−1) of the continuation region (0 for
// a single candidate).
func (kn *KN) H2() float64 { return kn.h2 }

// Next returns the checkpoint the next [KN.Step] screens up to, and false
// if the selection is done.
func (kn *KN) Next() (n int, ok bool) {
	if kn.done {
		return 0, false
	}
	return kn.cfg.Checkpoints[kn.next], true
}

// Survivors returns the indices of the candidates not eliminated, in
// increasing order.
func (kn *KN) Survivors() []int {
	var s []int
	for i, e := range kn.elimAt {
		if e == 0 {
			s = append(s, i)
		}
	}
	return s
}

// EliminatedAt returns, for each candidate, the replication count at
// which it was eliminated, or 0 if it survives. Summing these, with the
// count at which the selection stopped for survivors, gives the
// replications a one-at-a-time caller would have run.
func (kn *KN) EliminatedAt() []int { return append([]int(nil), kn.elimAt...) }

// Replications returns the replication count screened so far: the stage
// at which the selection stopped once it is done.
func (kn *KN) Replications() int { return kn.r }

// Means returns each candidate's sample mean over the replications it was
// screened on: up to the stage it was eliminated, or up to
// [KN.Replications] if it survives; NaN before the first stage.
func (kn *KN) Means() []float64 {
	sign := 1.0
	if kn.cfg.Minimize {
		sign = -1
	}
	m := make([]float64, len(kn.sum))
	for i, s := range kn.sum {
		n := kn.elimAt[i]
		if n == 0 {
			n = kn.r
		}
		m[i] = math.NaN()
		if n > 0 {
			m[i] = sign * s / float64(n)
		}
	}
	return m
}

// Best returns the selected candidate and true once the selection is done,
// or -1 and false before.
func (kn *KN) Best() (int, bool) { return kn.best, kn.done }

// Truncated reports whether the selection stopped at the last checkpoint
// with more than one candidate in contention, picking the best sample mean
// among them; the probability-of-correct-selection guarantee does not
// cover that pick.
func (kn *KN) Truncated() bool { return kn.truncated }

// Step screens replications up to the next checkpoint n (see [KN.Next])
// and returns the survivors and whether the selection is done.
//
// obs[i][r] is replication r of candidate i, in replication order; with
// common random numbers, replication r of every candidate shares its
// random numbers. Every candidate alive before the call must have at
// least n values; only the first n are read, and eliminated candidates'
// values are not read at all (they may be nil). Replications after the
// previous checkpoint are screened one at a time, r = previous+1, ..., n,
// with the variances of differences from the latest checkpoint; at n
// they are recomputed from all n replications before screening. The
// result is a function of the first n rows alone, so it is the same
// however many workers produced them.
//
// It returns an error, leaving the selection unchanged, if len(obs) is not
// the number of candidates, an alive candidate has fewer than n values, a
// value it would read is NaN or infinite (wrapping [ErrNotFinite]), or the
// selection is done.
func (kn *KN) Step(obs [][]float64) (survivors []int, done bool, err error) {
	n, ok := kn.Next()
	if !ok {
		return nil, false, errors.New("selection: KN is done")
	}
	if len(obs) != len(kn.elimAt) {
		return nil, false, fmt.Errorf("selection: observations for %d candidates, want %d", len(obs), len(kn.elimAt))
	}
	alive := kn.Survivors()
	if len(alive) == 1 { // a single candidate: nothing to compare
		kn.next++
		kn.finish(alive[0], false)
		return alive, true, nil
	}
	for _, i := range alive {
		if len(obs[i]) < n {
			return nil, false, fmt.Errorf("selection: candidate %d has %d replications, checkpoint needs %d", i, len(obs[i]), n)
		}
		for r, x := range obs[i][:n] {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, false, fmt.Errorf("%w: candidate %d replication %d is %v", ErrNotFinite, i, r, x)
			}
		}
	}
	sign := 1.0
	if kn.cfg.Minimize {
		sign = -1
	}
	last := kn.next == len(kn.cfg.Checkpoints)-1
	kn.next++
	for r := kn.r + 1; r <= n; r++ {
		kn.r = r
		for _, i := range alive {
			kn.sum[i] += sign * obs[i][r-1]
		}
		if r == n {
			kn.updateVariances(obs, alive, n)
		}
		if r < kn.cfg.Checkpoints[0] {
			continue // still in the first stage
		}
		closed := kn.screen(alive, r)
		alive = kn.Survivors()
		if len(alive) == 1 {
			kn.finish(alive[0], false)
			break
		}
		if closed {
			// Every continuation region has closed, so the survivors'
			// sums are all equal: take the lowest index.
			kn.finish(alive[0], false)
			break
		}
	}
	if !kn.done && last {
		kn.finish(kn.leader(alive), true)
	}
	return kn.Survivors(), kn.done, nil
}

// updateVariances sets S²_il for the alive pairs from their first n
// replications: the sample variance (n−1 divisor) of X_i − X_l.
func (kn *KN) updateVariances(obs [][]float64, alive []int, n int) {
	d := make([]float64, n)
	for a, i := range alive {
		for _, l := range alive[a+1:] {
			for r := range d {
				d[r] = obs[i][r] - obs[l][r]
			}
			_, sd := meanSD(d)
			kn.s2[i][l] = sd * sd
		}
	}
}

// screen eliminates, at stage r, every alive candidate i whose running sum
// falls below some other alive candidate l's by more than the half-width
// of the triangular continuation region,
//
//	r·W_il(r) = max(0, h²S²_il/(2δ) − δr/2)
//
// (Kim and Nelson 2001 with c = 1, written for sums rather than means).
// All comparisons use the sums before this stage's eliminations. It
// reports whether every pair's region has closed (all half-widths 0).
func (kn *KN) screen(alive []int, r int) (closed bool) {
	delta := kn.cfg.Delta
	closed = true
	var out []int
	for _, i := range alive {
		elim := false
		for _, l := range alive {
			if l == i {
				continue
			}
			s2 := kn.s2[min(i, l)][max(i, l)]
			half := math.Max(0, kn.h2*s2/(2*delta)-delta*float64(r)/2)
			closed = closed && half == 0
			elim = elim || kn.sum[i]-kn.sum[l] < -half
		}
		if elim {
			out = append(out, i)
		}
	}
	for _, i := range out {
		kn.elimAt[i] = r
	}
	return closed
}

// leader returns the alive candidate with the largest running sum, the
// lowest index on a tie.
func (kn *KN) leader(alive []int) int {
	best := alive[0]
	for _, i := range alive[1:] {
		if kn.sum[i] > kn.sum[best] {
			best = i
		}
	}
	return best
}

// finish ends the selection with best as the pick. [KN.Survivors] then
// holds more than best only after a truncation or an exact tie.
func (kn *KN) finish(best int, truncated bool) {
	kn.done, kn.best, kn.truncated = true, best, truncated
}
