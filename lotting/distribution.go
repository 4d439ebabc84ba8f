package lotting

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// DistKind names a family of probability distributions.
type DistKind int

// The distribution families a scenario may use. Every one is over
// non-negative values (durations in days, mostly).
const (
	Fixed       DistKind = iota + 1 // always Mean
	Exponential                     // mean Mean
	Gamma                           // mean Mean, standard deviation SD
	Lognormal                       // mean Mean, standard deviation SD (of the value, not its log)
	Uniform                         // between Min and Max
	Triangular                      // between Min and Max, peaking at Mode
	Empirical                       // each of Values equally likely
)

var distKindNames = map[DistKind]string{
	Fixed: "fixed", Exponential: "exponential", Gamma: "gamma", Lognormal: "lognormal",
	Uniform: "uniform", Triangular: "triangular", Empirical: "empirical",
}

// String returns the family's name as a scenario writes it, e.g. "lognormal".
func (k DistKind) String() string {
	if n, ok := distKindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("DistKind(%d)", int(k))
}

// ParseDistKind returns the family named s ("fixed", "exponential", "gamma",
// "lognormal", "uniform", "triangular" or "empirical").
func ParseDistKind(s string) (DistKind, bool) {
	for k, n := range distKindNames {
		if n == s {
			return k, true
		}
	}
	return 0, false
}

// DistKindNames lists the family names in a fixed order, for error messages.
func DistKindNames() []string {
	return []string{"fixed", "exponential", "gamma", "lognormal", "uniform", "triangular", "empirical"}
}

// Distribution describes a probability distribution over non-negative
// values: which family, and its parameters. It is a description only; the
// simulate package draws from it with an explicit random source.
//
// Which fields matter depends on Kind: Fixed uses Mean as its value;
// Exponential uses Mean; Gamma and Lognormal use Mean and SD; Uniform uses
// Min and Max; Triangular uses Min, Mode and Max; Empirical uses Values.
type Distribution struct {
	Kind           DistKind
	Mean, SD       float64
	Min, Mode, Max float64
	Values         []float64
}

// ErrBadDistribution reports parameters that do not describe a distribution.
var ErrBadDistribution = errors.New("lotting: bad distribution")

// Validate reports parameters that do not make a distribution of the kind:
// a negative or non-finite value, a lognormal without a standard deviation,
// a triangle whose mode lies outside its ends, an empty empirical list.
func (d Distribution) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrBadDistribution, d.Kind, fmt.Sprintf(format, args...))
	}
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				return false
			}
		}
		return true
	}
	switch d.Kind {
	case Fixed:
		if !finite(d.Mean) {
			return bad("value must be a finite number at least 0, got %v", d.Mean)
		}
	case Exponential:
		if !finite(d.Mean) || d.Mean == 0 {
			return bad("mean must be a finite number above 0, got %v", d.Mean)
		}
	case Gamma, Lognormal:
		if !finite(d.Mean) || d.Mean == 0 {
			return bad("mean must be a finite number above 0, got %v", d.Mean)
		}
		if !finite(d.SD) || d.SD == 0 {
			return bad("sd must be a finite number above 0, got %v (use fixed for no spread)", d.SD)
		}
	case Uniform:
		if !finite(d.Min, d.Max) || d.Min >= d.Max {
			return bad("need 0 <= min < max, got min %v, max %v", d.Min, d.Max)
		}
	case Triangular:
		if !finite(d.Min, d.Mode, d.Max) || d.Min >= d.Max || d.Mode < d.Min || d.Mode > d.Max {
			return bad("need 0 <= min <= mode <= max and min < max, got min %v, mode %v, max %v", d.Min, d.Mode, d.Max)
		}
	case Empirical:
		if len(d.Values) == 0 {
			return bad("needs at least one value")
		}
		if !finite(d.Values...) {
			return bad("values must be finite numbers at least 0")
		}
	default:
		if d.Kind == 0 {
			return fmt.Errorf("%w: no kind given (want one of %s)", ErrBadDistribution, strings.Join(DistKindNames(), ", "))
		}
		return fmt.Errorf("%w: unknown kind %d (want one of %s)", ErrBadDistribution, int(d.Kind), strings.Join(DistKindNames(), ", "))
	}
	return nil
}

// Expected returns the distribution's mean, the figure hand calculations
// use (case length in a capacity estimate, for example). It returns NaN for
// an invalid distribution.
func (d Distribution) Expected() float64 {
	if d.Validate() != nil {
		return math.NaN()
	}
	switch d.Kind {
	case Fixed, Exponential, Gamma, Lognormal:
		return d.Mean
	case Uniform:
		return (d.Min + d.Max) / 2
	case Triangular:
		return (d.Min + d.Mode + d.Max) / 3
	case Empirical:
		sum := 0.0
		for _, v := range d.Values {
			sum += v
		}
		return sum / float64(len(d.Values))
	}
	return math.NaN()
}

// FixedValue returns a distribution that is always v.
func FixedValue(v float64) Distribution { return Distribution{Kind: Fixed, Mean: v} }
