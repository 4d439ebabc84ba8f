package selection

import (
	"math"
	"math/rand/v2"
	"testing"
)

// newRand returns a PCG generator with its own fixed stream.
func newRand(seed1, seed2 uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed1, seed2))
}

// margin returns the Monte Carlo margin used against a rate p estimated
// from runs independent trials: three binomial standard errors, so a
// correct procedure fails a one-sided check with probability about
// 0.00135 (the normal tail beyond 3) and, the seeds being fixed, either
// always or never.
func margin(p float64, runs int) float64 {
	return 3 * math.Sqrt(p*(1-p)/float64(runs))
}

// checkClose fails t if got is not within tol of want.
func checkClose(t *testing.T, what string, want, got, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g ± %g", what, got, want, tol)
	}
}

// correlatedNormals fills row with mu[i] + sd·(√rho·z0 + √(1−rho)·z_i):
// normals with equal variance sd² and pairwise correlation rho, the
// common z0 standing for common random numbers.
func correlatedNormals(rng *rand.Rand, row, mu []float64, sd, rho float64) {
	z0 := rng.NormFloat64()
	for i := range row {
		row[i] = mu[i] + sd*(math.Sqrt(rho)*z0+math.Sqrt(1-rho)*rng.NormFloat64())
	}
}

// cellSample returns n replications of len(mu) cells, cell j normal with
// mean mu[j] and standard deviation sd, correlated rho across cells.
func cellSample(rng *rand.Rand, n int, mu []float64, sd, rho float64) [][]float64 {
	rows := make([][]float64, n)
	for r := range rows {
		rows[r] = make([]float64, len(mu))
		correlatedNormals(rng, rows[r], mu, sd, rho)
	}
	return rows
}
