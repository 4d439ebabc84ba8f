package simulate

import (
	"math"
	"math/rand/v2"

	"github.com/lotsim/lotsim/lotting"
	"gonum.org/v1/gonum/stat/distuv"
)

// sampler draws from a lotting.Distribution with an explicit source. It is
// built once per worker; the source is reseeded for every replication.
// Exponential draws use (*rand.Rand).ExpFloat64 directly (the hot path of
// most models), and lognormal ones distuv.LogNormal's formula on the same
// rand.Rand (bit for bit what distuv.LogNormal.Rand returns; see
// TestLognormalAsDistuv); gamma, uniform and triangular use gonum distuv
// with Src set to the same source.
type sampler struct {
	kind   lotting.DistKind
	mean   float64
	values []float64
	rng    *rand.Rand
	gamma  distuv.Gamma
	logn   distuv.LogNormal
	unif   distuv.Uniform
	tri    distuv.Triangle
}

// newSampler returns a sampler for d, which must be valid, drawing from src.
func newSampler(d lotting.Distribution, src *source) sampler {
	s := sampler{kind: d.Kind, mean: d.Mean, rng: src.Rand}
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
	case lotting.Empirical:
		s.values = d.Values
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
		// without building a rand.Rand around the source at every draw.
		return math.Exp(s.rng.NormFloat64()*s.logn.Sigma + s.logn.Mu)
	case lotting.Uniform:
		return s.unif.Rand()
	case lotting.Triangular:
		return s.tri.Rand()
	case lotting.Empirical:
		return s.values[s.rng.IntN(len(s.values))]
	}
	panic("simulate: sampler of unknown kind") // Validate rejects unknown kinds
}
