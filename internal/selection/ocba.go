package selection

import (
	"fmt"
	"math"
	"sort"
)

// OCBA splits the next budget replications among k candidates by the
// optimal computing budget allocation of Chen, Lin, Yücesan and Chick
// (2000), "Simulation budget allocation for further enhancing the
// efficiency of ordinal optimization", Discrete Event Dynamic Systems
// 10(3):251–270, which approximately maximises the probability of
// correct selection for a fixed total. means[i], sds[i] and counts[i] are
// candidate i's current sample mean, standard deviation and replications;
// minimize selects the smallest mean as the best, b. The asymptotically
// optimal totals satisfy
//
//	N_i / N_j = (sd_i/d_i)² / (sd_j/d_j)²  for i, j ≠ b, d_i = |mean_b − mean_i|,
//	N_b = sd_b · √(Σ_{i≠b} N_i² / sd_i²).
//
// The total T = Σ counts + budget is shared in those proportions; a
// candidate that already has more than its share gets nothing and the
// rest is shared again among the others, as Chen and Lee (2011),
// Stochastic Simulation Optimization: An Optimal Computing Budget
// Allocation (World Scientific), does in its OCBA code. The
// shares are then rounded down and the replications left over go one each
// to the largest fractional parts, the lowest index first on a tie, so the
// result sums to budget and is deterministic.
//
// The formula assumes independent sampling; with common random numbers
// it is still a sensible heuristic but its optimality is not claimed.
//
// Conventions for degenerate input: the best is the lowest index among
// equal best means; candidates whose mean equals the best's (d_i = 0)
// cannot be told apart by the formula, so if there are any, they and the
// best get equal totals and the others none; a candidate with sd 0 other
// than the best gets no more (nothing more to learn); if every
// proportion is zero the totals are equal. It returns an error if the
// slices' lengths differ, a mean or sd is not finite (wrapping
// [ErrNotFinite]), an sd or count is negative, or budget is negative.
func OCBA(means, sds []float64, counts []int, budget int, minimize bool) ([]int, error) {
	k := len(means)
	if len(sds) != k || len(counts) != k {
		return nil, fmt.Errorf("selection: %d means, %d sds, %d counts", k, len(sds), len(counts))
	}
	if budget < 0 {
		return nil, fmt.Errorf("selection: budget %d", budget)
	}
	total := budget
	for i := range k {
		if math.IsNaN(means[i]) || math.IsInf(means[i], 0) || math.IsNaN(sds[i]) || math.IsInf(sds[i], 0) {
			return nil, fmt.Errorf("%w: candidate %d mean %v sd %v", ErrNotFinite, i, means[i], sds[i])
		}
		if sds[i] < 0 || counts[i] < 0 {
			return nil, fmt.Errorf("selection: candidate %d sd %v count %d", i, sds[i], counts[i])
		}
		total += counts[i]
	}
	if k == 0 || budget == 0 {
		return make([]int, k), nil
	}
	w := ocbaWeights(means, sds, minimize)
	return roundShares(shareOut(w, counts, total), budget), nil
}

// ocbaWeights returns the unnormalised OCBA proportions, with the
// conventions for ties and zero spread described at [OCBA].
func ocbaWeights(means, sds []float64, minimize bool) []float64 {
	k := len(means)
	sign := 1.0
	if minimize {
		sign = -1
	}
	b := 0
	for i := range k {
		if sign*means[i] > sign*means[b] {
			b = i
		}
	}
	w := make([]float64, k)
	tied := false
	for i := range k {
		if i != b && means[i] == means[b] {
			w[i], tied = 1, true
		}
	}
	if tied {
		w[b] = 1
		return w
	}
	var s, total float64
	for i := range k {
		if i == b || sds[i] == 0 {
			continue
		}
		r := sds[i] / math.Abs(means[b]-means[i])
		w[i] = r * r
		s += w[i] * w[i] / (sds[i] * sds[i])
	}
	w[b] = sds[b] * math.Sqrt(s)
	for _, x := range w {
		total += x
	}
	if !(total > 0) || math.IsInf(total, 0) {
		for i := range w {
			w[i] = 1
		}
	}
	return w
}

// shareOut returns how much of the new replications each candidate gets
// so that the totals are shared in proportion to w: total·w_i/Σw less
// what it has. A candidate already past its share gets 0 and is left out
// while the rest share what remains, until no share is negative. The
// shares sum to total − Σ counts up to rounding. At least one candidate
// with w_i > 0 always stays in (if every one left fell short of its count,
// the targets would sum to less than the counts they add up to).
func shareOut(w []float64, counts []int, total int) []float64 {
	k := len(w)
	share := make([]float64, k)
	out := make([]bool, k)
	for {
		left, wsum := float64(total), 0.0
		for i := range k {
			if out[i] {
				left -= float64(counts[i])
			} else {
				wsum += w[i]
			}
		}
		changed := false
		for i := range k {
			share[i] = 0
			if out[i] {
				continue
			}
			share[i] = left*w[i]/wsum - float64(counts[i])
			if share[i] < 0 {
				out[i], changed = true, true
			}
		}
		if !changed {
			return share
		}
	}
}

// roundShares rounds non-negative shares summing to about budget down to
// integers, then gives the replications left over one each to the largest
// fractional parts, the lowest index first on a tie; should rounding error
// have pushed the floors past budget, it takes back from the smallest
// fractional parts. The result sums to budget.
func roundShares(share []float64, budget int) []int {
	k := len(share)
	alloc := make([]int, k)
	given := 0
	for i, s := range share {
		alloc[i] = int(math.Floor(s))
		given += alloc[i]
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	frac := func(i int) float64 { return share[i] - math.Floor(share[i]) }
	sort.SliceStable(order, func(a, b int) bool { return frac(order[a]) > frac(order[b]) })
	for j := 0; given < budget; j = (j + 1) % k {
		alloc[order[j]]++
		given++
	}
	for j := k - 1; given > budget; j = (j + k - 1) % k {
		if i := order[j]; alloc[i] > 0 {
			alloc[i]--
			given--
		}
	}
	return alloc
}
