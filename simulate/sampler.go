package simulate

import (
	"math"
	"sort"

	"github.com/lotsim/lotsim/internal/portable"
	"github.com/lotsim/lotsim/lotting"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// sampler draws from a lotting.Distribution with an explicit source. It is
// built once per worker; the source is reseeded for every replication.
// Exponential draws use ExpFloat64 directly (the hot path of most models;
// source's, bit for bit rand.Rand's but without its interface call), and
// lognormal ones distuv.LogNormal's formula, e^(mu + sigma·z), on the same
// source, with e^x by portable.Exp: the same normal draws as
// distuv.LogNormal.Rand and a value within an ulp or so of its (see
// TestLognormalAsDistuv), but the same bits on every amd64 processor,
// where math.Exp's assembly takes another path on one with fused
// multiply-add (see the package doc for other machines); gamma, uniform
// and triangular use gonum distuv
// with Src set to the same source.
type sampler struct {
	kind   lotting.DistKind
	mean   float64
	values []float64
	cum    []float64 // Empirical: cumulative sums of values, for drawBiased
	triMax float64   // Triangular: the upper end
	rng    *source   // its Float64, ExpFloat64 and NormFloat64 read the PCG directly (ziggurat.go)
	gamma  distuv.Gamma
	logn   distuv.LogNormal
	unif   distuv.Uniform
	tri    distuv.Triangle
}

// newSampler returns a sampler for d, which must be valid, drawing from src.
func newSampler(d lotting.Distribution, src *source) sampler {
	s := sampler{kind: d.Kind, mean: d.Mean, rng: src}
	switch d.Kind {
	case lotting.Gamma:
		// Shape k = (mean/sd)^2 and rate k/mean give the stated mean and sd.
		k := (d.Mean / d.SD) * (d.Mean / d.SD)
		s.gamma = distuv.Gamma{Alpha: k, Beta: k / d.Mean, Src: &src.pcg}
	case lotting.Lognormal:
		// For a lognormal with mean m and sd s of the value itself:
		// sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2.
		v := math.Log1p((d.SD / d.Mean) * (d.SD / d.Mean))
		s.logn = distuv.LogNormal{Mu: math.Log(d.Mean) - v/2, Sigma: math.Sqrt(v), Src: &src.pcg}
	case lotting.Uniform:
		s.unif = distuv.Uniform{Min: d.Min, Max: d.Max, Src: &src.pcg}
	case lotting.Triangular:
		s.tri = distuv.NewTriangle(d.Min, d.Max, d.Mode, &src.pcg)
		s.triMax = d.Max
	case lotting.Empirical:
		s.values = d.Values
		s.cum = make([]float64, len(d.Values))
		sum := 0.0
		for i, v := range d.Values {
			sum += max(v, 0)
			s.cum[i] = sum
		}
	}
	return s
}

// draw returns one value.
func (s *sampler) draw() float64 {
	switch s.kind {
	case lotting.Exponential:
		return s.mean * s.rng.ExpFloat64()
	case lotting.Fixed:
		return s.mean
	case lotting.Gamma:
		return s.gamma.Rand()
	case lotting.Lognormal:
		// distuv.LogNormal.Rand's own arithmetic, on the same source,
		// without building a rand.Rand around the source at every draw;
		// the product is rounded before the sum (float64), so that no
		// compiler fuses them and the draw is the same everywhere.
		return portable.Exp(float64(s.rng.NormFloat64()*s.logn.Sigma) + s.logn.Mu)
	case lotting.Uniform:
		return s.unif.Rand()
	case lotting.Triangular:
		return s.tri.Rand()
	case lotting.Empirical:
		return s.values[s.rng.IntN(len(s.values))]
	}
	panic("simulate: sampler of unknown kind") // Validate rejects unknown kinds
}

// maxRejections bounds the rejection loop of drawBiased. For uniform and
// triangular lengths, which lie in [0, Max], a draw is accepted with
// probability E[L]/Max, at least 1/3 (a triangle with mode 0), so 1000
// tries all fail with probability below (2/3)^1000; the fallback, Max,
// is then the most length-biased value there is.
const maxRejections = 1000

// drawAbove returns one value drawn from the distribution conditional on
// exceeding a: the rest of a patience or case length that has already
// lasted a. It draws exactly (memoryless for exponential, inversion of
// the survival function for lognormal and gamma, of the CDF for uniform
// and triangular, a uniform choice among the larger values for
// empirical). When no value exceeds a (a at or beyond the support's
// upper end, or a tail too far out to represent) it returns a: the
// person leaves, or the case ends, at once.
func (s *sampler) drawAbove(a float64) float64 {
	if !(a > 0) {
		return s.draw()
	}
	x := a
	switch s.kind {
	case lotting.Exponential:
		x = a + s.mean*s.rng.ExpFloat64()
	case lotting.Fixed:
		x = s.mean
	case lotting.Lognormal:
		// Z = (ln X - mu)/sigma is standard normal; Z > za has survival
		// q = erfc(za/√2)/2, and a uniform V on (0, q] maps to the
		// conditional Z = √2 erfcinv(2V), exact far into the tail.
		za := (math.Log(a) - s.logn.Mu) / s.logn.Sigma
		q := 0.5 * math.Erfc(za/math.Sqrt2)
		if q > 0 {
			v := q * (1 - s.rng.Float64()) // (0, q]
			x = portable.Exp(s.logn.Mu + float64(s.logn.Sigma*math.Sqrt2*math.Erfcinv(2*v)))
		}
	case lotting.Gamma:
		// The survival function of Gamma(k, rate b) at a is Q(k, b·a), the
		// regularised upper incomplete gamma; invert it at V on (0, Q].
		k, b := s.gamma.Alpha, s.gamma.Beta
		if q := mathext.GammaIncRegComp(k, b*a); q > 0 {
			v := q * (1 - s.rng.Float64())
			x = mathext.GammaIncRegCompInv(k, v) / b
		}
	case lotting.Uniform:
		if lo := max(a, s.unif.Min); lo < s.unif.Max {
			x = lo + s.rng.Float64()*(s.unif.Max-lo)
		}
	case lotting.Triangular:
		if f := s.tri.CDF(a); f < 1 {
			x = s.tri.Quantile(f + s.rng.Float64()*(1-f))
		}
	case lotting.Empirical:
		n := 0
		for _, v := range s.values {
			if v > a {
				n++
			}
		}
		if n > 0 {
			k := s.rng.IntN(n)
			for _, v := range s.values {
				if v > a {
					if k == 0 {
						x = v
						break
					}
					k--
				}
			}
		}
	}
	if !(x > a) { // rounding at the edge of the support, or nothing above a
		return a
	}
	return x
}

// drawBiased returns one value drawn from the length-biased distribution,
// whose density is l·f(l)/E[L]: the length of the case in progress at a
// random moment of a steady service. Closed forms: lognormal with mu
// raised by sigma², gamma with shape raised by 1 (exponential: gamma of
// shape 2), fixed itself; empirical values weighted by size; uniform and
// triangular by rejection on l/Max (see maxRejections).
func (s *sampler) drawBiased() float64 {
	switch s.kind {
	case lotting.Exponential:
		return s.mean * (s.rng.ExpFloat64() + s.rng.ExpFloat64())
	case lotting.Fixed:
		return s.mean
	case lotting.Lognormal:
		return portable.Exp(float64(s.rng.NormFloat64()*s.logn.Sigma) + s.logn.Mu + float64(s.logn.Sigma*s.logn.Sigma))
	case lotting.Gamma:
		g := s.gamma
		g.Alpha++
		return g.Rand()
	case lotting.Uniform, lotting.Triangular:
		hi := s.unif.Max
		if s.kind == lotting.Triangular {
			hi = s.triMax
		}
		for range maxRejections {
			x := s.draw()
			if s.rng.Float64()*hi < x {
				return x
			}
		}
		return hi
	case lotting.Empirical:
		n := len(s.cum)
		if n == 0 || s.cum[n-1] <= 0 {
			return s.values[s.rng.IntN(len(s.values))] // every value 0
		}
		u := s.rng.Float64() * s.cum[n-1]
		return s.values[min(sort.SearchFloat64s(s.cum, u), n-1)]
	}
	panic("simulate: sampler of unknown kind") // Validate rejects unknown kinds
}
