package selection_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/lotsim/lotsim/internal/selection"
)

// replicate stands in for the simulator: replication r of plan c, whose
// true shares are mu. Part of the noise comes from a stream seeded from
// (seed, r) alone, shared by replication r of every plan (common random
// numbers), and part from the plan's own stream.
func replicate(mu []float64, c int, seed uint64, r int) []float64 {
	common := rand.New(rand.NewPCG(seed, uint64(r)))
	own := rand.New(rand.NewPCG(seed+uint64(c)+1, uint64(r)))
	out := make([]float64, len(mu))
	z := common.NormFloat64()
	for j := range out {
		out[j] = mu[j] + 0.04*(0.6*z+0.8*own.NormFloat64())
	}
	return out
}

// A screen of three plans with two cells each (say, the share of high-risk
// and of standard-risk referrals seen within target), both required to
// reach 0.8. The caller runs replications up to each checkpoint for the
// plans still undecided, in any order and on any number of workers, then
// calls Decide with the rows in replication order. Plan 1 is 0.02 short
// in cell 1 and is shown so; plan 2 sits exactly at the level in cell 1,
// so it is never shown feasible and the cautious rule calls it infeasible
// at the last checkpoint.
func ExampleFeasibility() {
	plans := [][]float64{{0.86, 0.84}, {0.83, 0.78}, {0.81, 0.80}}
	f, err := selection.NewFeasibility(selection.FeasibilityConfig{
		Levels:      []float64{0.8, 0.8},
		Alpha:       0.05,
		Epsilon:     0.01,
		Candidates:  len(plans),
		Checkpoints: selection.Checkpoints(10, 320),
	})
	if err != nil {
		panic(err)
	}
	obs := make([][][]float64, len(plans))
	for {
		n, ok := f.Next()
		if !ok {
			break
		}
		for c, d := range f.Decisions() {
			for r := len(obs[c]); d.Status == selection.Undecided && r < n; r++ {
				obs[c] = append(obs[c], replicate(plans[c], c, 42, r))
			}
		}
		if _, err := f.Decide(obs); err != nil {
			panic(err)
		}
	}
	for c, d := range f.Decisions() {
		w := d.Bounds.Cells[d.Bounds.Worst]
		fmt.Printf("plan %d: %v at %d replications (final %v); binding cell %d, LCB %.3f for level %.2f\n",
			c, d.Status, d.N, d.Final, d.Bounds.Worst, w.LCB, w.Level)
	}
	// Output:
	// plan 0: feasible at 40 replications (final false); binding cell 1, LCB 0.803 for level 0.80
	// plan 1: infeasible at 160 replications (final false); binding cell 1, LCB 0.769 for level 0.80
	// plan 2: infeasible at 320 replications (final true); binding cell 1, LCB 0.793 for level 0.80
}

// KN picks the plan with the largest mean share of high-risk referrals
// seen within target, treating plans within 0.01 of the best as equally
// good. Eliminations happen at any replication (plan 3 at 102), but the
// caller hands over data only at checkpoints, so it ran plan 3 up to 160.
func ExampleKN() {
	plans := [][]float64{{0.80}, {0.84}, {0.78}, {0.83}}
	kn, err := selection.NewKN(selection.KNConfig{
		Candidates:  len(plans),
		Alpha:       0.05,
		Delta:       0.01,
		Checkpoints: selection.Checkpoints(10, 640),
	})
	if err != nil {
		panic(err)
	}
	obs := make([][]float64, len(plans))
	for {
		n, ok := kn.Next()
		if !ok {
			break
		}
		for _, c := range kn.Survivors() {
			for r := len(obs[c]); r < n; r++ {
				obs[c] = append(obs[c], replicate(plans[c], c, 7, r)[0])
			}
		}
		survivors, _, err := kn.Step(obs)
		if err != nil {
			panic(err)
		}
		fmt.Printf("after %d replications: %v\n", n, survivors)
	}
	best, _ := kn.Best()
	fmt.Printf("best plan %d, stopped at replication %d, eliminated at %v, truncated %v\n",
		best, kn.Replications(), kn.EliminatedAt(), kn.Truncated())
	// Output:
	// after 10 replications: [0 1 3]
	// after 20 replications: [0 1 3]
	// after 40 replications: [1 3]
	// after 80 replications: [1 3]
	// after 160 replications: [1]
	// best plan 1, stopped at replication 102, eliminated at [25 0 10 102], truncated false
}
