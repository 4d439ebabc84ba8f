package survival

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Family is a parametric family of duration distributions. The zero value is
// [Exponential].
type Family uint8

// The families, with their natural parameters ([Fit.Params]) and the unconstrained
// scale on which they are optimised ([Fit.Cov]):
const (
	// Exponential: Params {rate} per day; optimised as log rate.
	Exponential Family = iota
	// Gamma: Params {shape, rate}; optimised as (log shape, log rate).
	Gamma
	// Lognormal: Params {mu, sigma} of log t; optimised as (mu, log sigma).
	Lognormal
	// Weibull: Params {shape k, scale lambda}, S(t) = exp(-(t/lambda)^k);
	// optimised as (log k, log lambda).
	Weibull
)

// Families returns every family, in declaration order.
func Families() []Family { return []Family{Exponential, Gamma, Lognormal, Weibull} }

// String returns the family's lower-case name, such as "exponential".
func (f Family) String() string {
	switch f {
	case Exponential:
		return "exponential"
	case Gamma:
		return "gamma"
	case Lognormal:
		return "lognormal"
	case Weibull:
		return "weibull"
	}
	return "unknown"
}

// valid reports whether f is one of the four families.
func (f Family) valid() bool { return f <= Weibull }

// nParams is the number of parameters of f.
func (f Family) nParams() int {
	if f == Exponential {
		return 1
	}
	return 2
}

// thetaLimit bounds every optimisation coordinate: beyond it a parameter is e^±40,
// far outside any duration measured in days, and the likelihood is treated as -Inf.
const thetaLimit = 40

// natural maps optimisation coordinates th to natural parameters.
func (f Family) natural(th []float64) []float64 {
	switch f {
	case Exponential:
		return []float64{math.Exp(th[0])}
	case Lognormal:
		return []float64{th[0], math.Exp(th[1])}
	default:
		return []float64{math.Exp(th[0]), math.Exp(th[1])}
	}
}

// theta maps natural parameters to optimisation coordinates; ok is false if the
// parameters are not valid for f.
func (f Family) theta(p []float64) (th []float64, ok bool) {
	if !f.valid() || len(p) != f.nParams() {
		return nil, false
	}
	th = make([]float64, len(p))
	for i, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		if f == Lognormal && i == 0 {
			th[i] = v
			continue
		}
		if v <= 0 {
			return nil, false
		}
		th[i] = math.Log(v)
	}
	return th, true
}

// logNormTail returns log P(Z > z) for a standard normal Z, accurately for all z.
func logNormTail(z float64) float64 {
	if z < 30 {
		return math.Log(0.5 * math.Erfc(z/math.Sqrt2))
	}
	// Asymptotic series: P(Z>z) = φ(z)/z · (1 - 1/z² + 3/z⁴ - 15/z⁶ + ...).
	z2 := z * z
	s := 1 - 1/z2 + 3/(z2*z2) - 15/(z2*z2*z2)
	return -0.5*z2 - 0.5*math.Log(2*math.Pi) - math.Log(z) + math.Log(s)
}

// millsInv returns φ(z)/P(Z > z), the hazard of the standard normal at z.
func millsInv(z float64, logTail float64) float64 {
	return math.Exp(-0.5*z*z - 0.5*math.Log(2*math.Pi) - logTail)
}

// logGammaQ returns log Q(a, x), Q the regularised upper incomplete gamma function,
// without underflow far in the tail.
func logGammaQ(a, x float64) float64 {
	if x <= 0 {
		return 0
	}
	q := mathext.GammaIncRegComp(a, x)
	if q > 1e-290 {
		return math.Log(q)
	}
	// Asymptotic series for large x: Q(a,x) = x^(a-1) e^(-x)/Γ(a) · Σ_k (a-1)...(a-k)/x^k.
	lg, _ := math.Lgamma(a)
	s, term := 1.0, 1.0
	for k := 1; k < 40; k++ {
		next := term * (a - float64(k)) / x
		if math.Abs(next) >= math.Abs(term) || math.Abs(next) < 1e-17 {
			break
		}
		term = next
		s += term
	}
	if s <= 0 {
		s = math.SmallestNonzeroFloat64
	}
	return (a-1)*math.Log(x) - x - lg + math.Log(s)
}

// gammaShapeStep is the central-difference step in log shape for the derivative of the
// censored gamma terms: the error is about step² times the third derivative plus
// 1e-16/step, both below 1e-9.
const gammaShapeStep = 1e-5

// logLik returns the log-likelihood at th and, if grad is not nil, stores its gradient
// with respect to th. Outside the bounded region it returns -Inf and a zero gradient.
func (f Family) logLik(d *data, th, grad []float64) float64 {
	for _, v := range th {
		if !(math.Abs(v) <= thetaLimit) {
			clear(grad)
			return math.Inf(-1)
		}
	}
	ne := float64(d.events)
	switch f {
	case Exponential:
		r := math.Exp(th[0])
		if grad != nil {
			grad[0] = ne - r*d.totalT
		}
		return ne*th[0] - r*d.totalT

	case Weibull:
		k, beta := math.Exp(th[0]), th[1]
		// ℓ = d log k - d β + (k-1)(Σ_ev log t - dβ) - Σ_all (t/λ)^k.
		var sumH, sumHu float64
		for i, lt := range d.logT {
			u := lt - beta
			h := (d.ev[i] + d.cen[i]) * math.Exp(k*u)
			sumH += h
			sumHu += h * u
		}
		ll := ne*th[0] - ne*beta + (k-1)*(d.s1-ne*beta) - sumH
		if grad != nil {
			grad[0] = ne + k*(d.s1-ne*beta) - k*sumHu
			grad[1] = -k*ne + k*sumH
		}
		return ll

	case Lognormal:
		mu, sigma := th[0], math.Exp(th[1])
		// Events: Σ z² from the sufficient statistics.
		sz := (d.s1 - ne*mu) / sigma
		sz2 := (d.q2 - 2*mu*d.s1 + ne*mu*mu) / (sigma * sigma)
		ll := -d.s1 - ne*th[1] - 0.5*ne*math.Log(2*math.Pi) - 0.5*sz2
		var gmu, gs float64
		for i, lt := range d.cLogT {
			z := (lt - mu) / sigma
			lq := logNormTail(z)
			ll += d.cW[i] * lq
			if grad != nil {
				r := d.cW[i] * millsInv(z, lq)
				gmu += r
				gs += r * z
			}
		}
		if grad != nil {
			grad[0] = sz/sigma + gmu/sigma
			grad[1] = -ne + sz2 + gs
		}
		return ll

	case Gamma:
		a, b := math.Exp(th[0]), math.Exp(th[1])
		lga, _ := math.Lgamma(a)
		ll := ne*a*th[1] + (a-1)*d.s1 - b*d.sT - ne*lga
		var ga, gb float64
		aUp, aDown := math.Exp(th[0]+gammaShapeStep), math.Exp(th[0]-gammaShapeStep)
		for i, t := range d.cT {
			x := b * t
			lq := logGammaQ(a, x)
			w := d.cW[i]
			ll += w * lq
			if grad != nil {
				// d log Q / d log b = -x·x^(a-1)e^(-x)/Γ(a) / Q.
				gb -= w * math.Exp(a*math.Log(x)-x-lga-lq)
				ga += w * (logGammaQ(aUp, x) - logGammaQ(aDown, x)) / (2 * gammaShapeStep)
			}
		}
		if grad != nil {
			grad[0] = a*(ne*th[1]+d.s1-ne*mathext.Digamma(a)) + ga
			grad[1] = ne*a - b*d.sT + gb
		}
		return ll
	}
	return math.Inf(-1)
}

// cumHaz returns the cumulative hazard -log S(t) at optimisation coordinates th.
func (f Family) cumHaz(th []float64, t float64) float64 {
	switch f {
	case Exponential:
		return math.Exp(th[0]) * t
	case Weibull:
		return math.Exp(math.Exp(th[0]) * (math.Log(t) - th[1]))
	case Lognormal:
		return -logNormTail((math.Log(t) - th[0]) / math.Exp(th[1]))
	case Gamma:
		return -logGammaQ(math.Exp(th[0]), math.Exp(th[1])*t)
	}
	return 0
}

// logMean returns the log of the distribution's mean at th and its gradient.
func (f Family) logMean(th []float64) (float64, []float64) {
	switch f {
	case Exponential:
		return -th[0], []float64{-1}
	case Gamma:
		return th[0] - th[1], []float64{1, -1}
	case Lognormal:
		s2 := math.Exp(2 * th[1])
		return th[0] + s2/2, []float64{1, s2}
	case Weibull:
		inv := math.Exp(-th[0])
		lg, _ := math.Lgamma(1 + inv)
		return th[1] + lg, []float64{-inv * mathext.Digamma(1+inv), 1}
	}
	return 0, nil
}

// meanSD returns the mean and standard deviation of the distribution at th.
func (f Family) meanSD(th []float64) (mean, sd float64) {
	lm, _ := f.logMean(th)
	mean = math.Exp(lm)
	switch f {
	case Exponential:
		sd = mean
	case Gamma:
		sd = mean / math.Exp(th[0]/2)
	case Lognormal:
		sd = mean * math.Sqrt(math.Expm1(math.Exp(2*th[1])))
	case Weibull:
		inv := math.Exp(-th[0])
		l1, _ := math.Lgamma(1 + inv)
		l2, _ := math.Lgamma(1 + 2*inv)
		sd = mean * math.Sqrt(math.Max(0, math.Expm1(l2-2*l1)))
	}
	return mean, sd
}
