package glm

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Errors returned by [FitPoisson]; test for them with errors.Is.
var (
	ErrNoData        = errors.New("glm: no data")
	ErrShape         = errors.New("glm: inconsistent dimensions")
	ErrBadValue      = errors.New("glm: invalid value")
	ErrZeroColumn    = errors.New("glm: column is all zero")
	ErrCollinear     = errors.New("glm: column is collinear with earlier columns")
	ErrInfinite      = errors.New("glm: coefficient runs to -infinity")
	ErrNoConvergence = errors.New("glm: iterations did not converge")
)

// ColumnError reports a problem with one column of the design matrix (0-based).
// It unwraps to [ErrZeroColumn], [ErrCollinear] or [ErrInfinite].
type ColumnError struct {
	Column int
	Err    error
	// Detail, if set, replaces the standard explanation of Err.
	Detail string
}

// Error names the column, what is wrong with it and what to do.
func (e *ColumnError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("glm: column %d: %s", e.Column, e.Detail)
	}
	switch e.Err {
	case ErrZeroColumn:
		return fmt.Sprintf("glm: column %d is all zero: drop it", e.Column)
	case ErrCollinear:
		return fmt.Sprintf("glm: column %d is a linear combination of columns before it: drop it or a column it depends on", e.Column)
	case ErrInfinite:
		return fmt.Sprintf("glm: column %d: every row where it is non-zero has a zero count, so its coefficient runs to -infinity (+infinity if the column is negative): drop the column or merge its rows into another group", e.Column)
	}
	return fmt.Sprintf("glm: column %d: %v", e.Column, e.Err)
}

// Unwrap returns the sentinel error.
func (e *ColumnError) Unwrap() error { return e.Err }

// ValueError reports an invalid input value, such as "y[3]", with what would be valid.
// It unwraps to [ErrBadValue].
type ValueError struct {
	Where string
	Value float64
	Want  string
}

// Error names the value, where it is and what would be valid.
func (e *ValueError) Error() string {
	return fmt.Sprintf("glm: %s = %g: want %s", e.Where, e.Value, e.Want)
}

// Unwrap returns [ErrBadValue].
func (e *ValueError) Unwrap() error { return ErrBadValue }

// Poisson is a fitted Poisson regression with log link.
type Poisson struct {
	// Beta are the coefficients, one per column of the design matrix, and SE their
	// standard errors, the square roots of the diagonal of Cov = (XᵀWX)⁻¹ with
	// W = diag(μ) at the optimum.
	Beta, SE []float64
	Cov      [][]float64
	// Deviance is 2·Σ[y log(y/μ) - (y - μ)]; LogLik is Σ[y log μ - μ - log y!].
	Deviance, LogLik float64
	// DF is the residual degrees of freedom, rows minus columns.
	DF int
	// Iterations is the number of IRLS iterations.
	Iterations int
	// Dispersion is the Pearson chi-squared over its degrees of freedom,
	// Σ (y-μ)²/μ / DF: about 1 if the counts are Poisson, above 1 if they are
	// overdispersed. To allow for overdispersion quasi-Poisson style, multiply SE by
	// √Dispersion (when it exceeds 1) and use Student's t on DF degrees of freedom, as
	// [Poisson.QuasiCI] does. It is 1 when DF is 0.
	Dispersion float64
}

// IRLS settings.
const (
	maxIter = 100
	// devTol is the relative change in deviance at which IRLS stops (R's glm uses 1e-8).
	devTol = 1e-10
	// maxHalvings bounds step-halving within one iteration.
	maxHalvings = 40
	// collinearTol is the smallest share of a unit-length column's squared norm that
	// may remain after projecting out the columns before it.
	collinearTol = 1e-10
)

// FitPoisson fits a Poisson regression of counts y on the n×p design matrix x (the
// caller includes the intercept column) with log link and an optional offset (nil for
// none): log E[y_i] = x_i·β + offset_i. Counts must be finite and non-negative (they may
// be non-integer); x and offset must be finite.
//
// It returns a [*ValueError] for an invalid value, [ErrShape] or [ErrNoData] for
// inconsistent or empty input, a [*ColumnError] naming a column that is all zero,
// collinear with the columns before it, or whose coefficient runs to -infinity, and
// [ErrNoConvergence] if IRLS fails to converge. A zero-count row whose fitted rate ends
// more than e^20 times below the largest row's (separation by a combination of columns)
// is reported as [ErrInfinite] naming the column with the largest standard error. It
// never returns NaN estimates.
func FitPoisson(x [][]float64, y, offset []float64) (Poisson, error) {
	n := len(y)
	if n == 0 {
		return Poisson{}, ErrNoData
	}
	if len(x) != n {
		return Poisson{}, fmt.Errorf("%w: x has %d rows and y %d", ErrShape, len(x), n)
	}
	if offset != nil && len(offset) != n {
		return Poisson{}, fmt.Errorf("%w: offset has %d entries and y %d (or pass nil)", ErrShape, len(offset), n)
	}
	p := len(x[0])
	if p == 0 {
		return Poisson{}, fmt.Errorf("%w: x has no columns", ErrShape)
	}
	if n < p {
		return Poisson{}, fmt.Errorf("%w: %d rows cannot determine %d coefficients", ErrShape, n, p)
	}
	for i, row := range x {
		if len(row) != p {
			return Poisson{}, fmt.Errorf("%w: x[%d] has %d columns and x[0] %d", ErrShape, i, len(row), p)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Poisson{}, &ValueError{fmt.Sprintf("x[%d][%d]", i, j), v, "a finite number"}
			}
		}
		if !(y[i] >= 0) || math.IsInf(y[i], 1) {
			return Poisson{}, &ValueError{fmt.Sprintf("y[%d]", i), y[i], "a finite count ≥ 0"}
		}
		if offset != nil && (math.IsNaN(offset[i]) || math.IsInf(offset[i], 0)) {
			return Poisson{}, &ValueError{fmt.Sprintf("offset[%d]", i), offset[i], "a finite number (the log of an exposure)"}
		}
	}
	if err := checkColumns(x, y); err != nil {
		return Poisson{}, err
	}
	return irls(x, y, offset)
}

// checkColumns reports a zero column, a column collinear with earlier ones (by a
// Gram–Schmidt pass over unit-length columns), and a one-signed column whose non-zero
// rows all have zero counts (the score equation Σ x_ij (y_i - μ_i) = 0 then needs
// Σ x_ij μ_i = 0, impossible with μ > 0, so β_j → -∞ on the log scale).
func checkColumns(x [][]float64, y []float64) error {
	n, p := len(x), len(x[0])
	q := make([][]float64, 0, p) // orthonormal basis of the columns so far
	for j := range p {
		col := make([]float64, n)
		var norm2, xy float64
		pos, neg := true, true
		for i := range n {
			v := x[i][j]
			col[i] = v
			norm2 += v * v
			xy += v * y[i]
			pos = pos && v >= 0
			neg = neg && v <= 0
		}
		if norm2 == 0 {
			return &ColumnError{Column: j, Err: ErrZeroColumn}
		}
		if (pos || neg) && xy == 0 {
			return &ColumnError{Column: j, Err: ErrInfinite}
		}
		norm := math.Sqrt(norm2)
		for i := range col {
			col[i] /= norm
		}
		for range 2 { // twice, for numerical orthogonality
			for _, b := range q {
				var dot float64
				for i := range col {
					dot += col[i] * b[i]
				}
				for i := range col {
					col[i] -= dot * b[i]
				}
			}
		}
		var rem float64
		for _, v := range col {
			rem += v * v
		}
		if rem < collinearTol {
			return &ColumnError{Column: j, Err: ErrCollinear}
		}
		rem = math.Sqrt(rem)
		for i := range col {
			col[i] /= rem
		}
		q = append(q, col)
	}
	return nil
}

// deviance returns the Poisson deviance of mu for y.
func deviance(y, mu []float64) float64 {
	var d float64
	for i, yi := range y {
		if yi > 0 {
			d += yi * math.Log(yi/mu[i])
		}
		d -= yi - mu[i]
	}
	return 2 * d
}

// irls runs iteratively reweighted least squares on validated input.
func irls(x [][]float64, y, offset []float64) (Poisson, error) {
	n, p := len(x), len(x[0])
	off := func(i int) float64 {
		if offset == nil {
			return 0
		}
		return offset[i]
	}
	mu := make([]float64, n)
	eta := make([]float64, n)
	for i := range n {
		mu[i] = y[i] + 0.1 // R's starting values for the Poisson family
		eta[i] = math.Log(mu[i])
	}
	beta := make([]float64, p)
	var old []float64
	dev := deviance(y, mu)
	xtwx := mat.NewSymDense(p, nil)
	xtwz := mat.NewVecDense(p, nil)
	var chol mat.Cholesky
	setEta := func(b []float64) bool {
		for i, row := range x {
			e := off(i)
			for j, v := range row {
				e += v * b[j]
			}
			eta[i] = e
			mu[i] = math.Exp(e)
			if !(mu[i] < math.Inf(1)) {
				return false
			}
		}
		return true
	}
	iter := 0
	converged := false
	for iter < maxIter {
		iter++
		// Weighted normal equations with w = μ and working response z = η - off + (y-μ)/μ.
		xtwx.Zero()
		xtwz.Zero()
		for i, row := range x {
			w := mu[i]
			z := eta[i] - off(i) + (y[i]-mu[i])/mu[i]
			for a := range p {
				xtwz.SetVec(a, xtwz.AtVec(a)+w*row[a]*z)
				for b := a; b < p; b++ {
					xtwx.SetSym(a, b, xtwx.At(a, b)+w*row[a]*row[b])
				}
			}
		}
		if !chol.Factorize(xtwx) {
			return Poisson{}, fmt.Errorf("%w: the weighted cross-product matrix is singular at iteration %d (fitted means near zero?)", ErrNoConvergence, iter)
		}
		var sol mat.VecDense
		if err := chol.SolveVecTo(&sol, xtwz); err != nil {
			return Poisson{}, fmt.Errorf("%w: %v", ErrNoConvergence, err)
		}
		old = append(old[:0], beta...)
		for j := range p {
			beta[j] = sol.AtVec(j)
		}
		ok := setEta(beta)
		newDev := math.Inf(1)
		if ok {
			newDev = deviance(y, mu)
		}
		if iter > 1 {
			for h := 0; h < maxHalvings && !(newDev <= dev*(1+1e-12)); h++ {
				for j := range beta {
					beta[j] = (beta[j] + old[j]) / 2
				}
				if setEta(beta) {
					newDev = deviance(y, mu)
				}
			}
		}
		if math.IsNaN(newDev) || math.IsInf(newDev, 0) {
			return Poisson{}, fmt.Errorf("%w: the deviance is not finite at iteration %d", ErrNoConvergence, iter)
		}
		change := math.Abs(newDev - dev)
		dev = newDev
		if iter > 1 && change/(math.Abs(dev)+0.1) < devTol {
			converged = true
			break
		}
	}
	if !converged {
		return Poisson{}, fmt.Errorf("%w: deviance still changing after %d iterations", ErrNoConvergence, maxIter)
	}
	return finish(x, y, beta, mu, dev, iter)
}

// finish computes the covariance, likelihood and dispersion at the optimum.
func finish(x [][]float64, y, beta, mu []float64, dev float64, iter int) (Poisson, error) {
	n, p := len(x), len(beta)
	xtwx := mat.NewSymDense(p, nil)
	var ll, pearson float64
	for i, row := range x {
		for a := range p {
			for b := a; b < p; b++ {
				xtwx.SetSym(a, b, xtwx.At(a, b)+mu[i]*row[a]*row[b])
			}
		}
		lg, _ := math.Lgamma(y[i] + 1)
		if y[i] > 0 {
			ll += y[i] * math.Log(mu[i])
		}
		ll -= mu[i] + lg
		r := y[i] - mu[i]
		pearson += r * r / mu[i]
	}
	var chol mat.Cholesky
	if !chol.Factorize(xtwx) {
		return Poisson{}, fmt.Errorf("%w: the information matrix is singular at the optimum", ErrNoConvergence)
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return Poisson{}, fmt.Errorf("%w: %v", ErrNoConvergence, err)
	}
	out := Poisson{
		Beta: beta, SE: make([]float64, p), Cov: make([][]float64, p),
		Deviance: dev, LogLik: ll, DF: n - p, Iterations: iter, Dispersion: 1,
	}
	for a := range p {
		out.Cov[a] = make([]float64, p)
		for b := range p {
			out.Cov[a][b] = inv.At(a, b)
		}
		out.SE[a] = math.Sqrt(math.Max(0, inv.At(a, a)))
		if math.IsNaN(beta[a]) || math.IsNaN(out.SE[a]) {
			return Poisson{}, fmt.Errorf("%w: coefficient %d is not a number", ErrNoConvergence, a)
		}
	}
	if out.DF > 0 {
		out.Dispersion = pearson / float64(out.DF)
	}
	if err := checkDiverged(x, y, out); err != nil {
		return Poisson{}, err
	}
	return out, nil
}

// divergedGap is the gap on the log scale (a factor of e^20, about 5e8) by which a
// zero-count row's linear predictor may fall below the largest before the fit is taken
// to be running a combination of coefficients to -infinity.
const divergedGap = 20

// checkDiverged catches what checkColumns cannot see: zero-count rows separated from
// the rest by a combination of columns rather than one column. IRLS then "converges"
// with those rows' fitted means near zero and enormous standard errors. It names the
// column with the largest standard error.
func checkDiverged(x [][]float64, y []float64, fit Poisson) error {
	lp := make([]float64, len(x))
	top := math.Inf(-1)
	for i, row := range x {
		for j, v := range row {
			lp[i] += v * fit.Beta[j]
		}
		top = math.Max(top, lp[i])
	}
	for i := range x {
		if y[i] == 0 && lp[i] < top-divergedGap {
			worst := 0
			for j, se := range fit.SE {
				if se > fit.SE[worst] {
					worst = j
				}
			}
			return &ColumnError{Column: worst, Err: ErrInfinite, Detail: fmt.Sprintf(
				"row %d has a zero count and a fitted rate e^%.0f times below the largest: "+
					"this column, with others, separates zero-count rows and its coefficient runs to infinity; "+
					"drop or merge the groups with no counts", i, lp[i]-top)}
		}
	}
	return nil
}

// CI returns the Wald interval β_j ± z·SE_j at the given confidence level (0.95 for
// 95%), z the standard normal quantile. For j out of range, or level not in (0, 1), it
// returns (-Inf, +Inf): nothing is known.
func (p Poisson) CI(j int, level float64) (lo, hi float64) {
	if j < 0 || j >= len(p.Beta) || j >= len(p.SE) || !(level > 0 && level < 1) {
		return math.Inf(-1), math.Inf(1)
	}
	z := distuv.UnitNormal.Quantile((1 + level) / 2)
	return p.Beta[j] - z*p.SE[j], p.Beta[j] + z*p.SE[j]
}

// QuasiCI returns the quasi-Poisson interval β_j ± t·SE_j·√max(1, Dispersion), t the
// quantile of Student's t on DF degrees of freedom: wider than [Poisson.CI] when the
// counts vary more than a Poisson model allows. It falls back to [Poisson.CI] when DF is
// 0, and returns (-Inf, +Inf) where CI does.
func (p Poisson) QuasiCI(j int, level float64) (lo, hi float64) {
	if j < 0 || j >= len(p.Beta) || j >= len(p.SE) || !(level > 0 && level < 1) {
		return math.Inf(-1), math.Inf(1)
	}
	if p.DF < 1 {
		return p.CI(j, level)
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(p.DF)}.Quantile((1 + level) / 2)
	se := p.SE[j] * math.Sqrt(math.Max(1, p.Dispersion))
	return p.Beta[j] - t*se, p.Beta[j] + t*se
}

// LRTest returns the likelihood-ratio statistic 2·(full.LogLik - restricted.LogLik)
// (0 if negative) and its p-value on a chi-squared distribution with df degrees of
// freedom, the number of constraints that turn full into restricted. The two models
// must be fitted to the same counts, restricted nested in full. With df ≤ 0 it uses
// len(full.Beta) - len(restricted.Beta); if that is not positive either, the p-value
// is 1.
func LRTest(restricted, full Poisson, df int) (stat, pValue float64) {
	stat = 2 * (full.LogLik - restricted.LogLik)
	if !(stat > 0) {
		stat = 0
	}
	if df <= 0 {
		df = len(full.Beta) - len(restricted.Beta)
	}
	if df <= 0 {
		return stat, 1
	}
	return stat, distuv.ChiSquared{K: float64(df)}.Survival(stat)
}

// Predict returns the fitted mean count exp(xrow·β + offset). Entries of xrow beyond
// len(Beta) are ignored and missing ones count as zero.
func (p Poisson) Predict(xrow []float64, offset float64) float64 {
	e := offset
	for j := range min(len(xrow), len(p.Beta)) {
		e += xrow[j] * p.Beta[j]
	}
	return math.Exp(e)
}
