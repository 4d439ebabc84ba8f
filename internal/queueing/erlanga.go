package queueing

import (
	"fmt"
	"math"
	"slices"
)

// MaxStates caps the Erlang A chain: [NewErlangA] returns
// [ErrTooManyStates] rather than hold more states than this (8 bytes
// each, so at most 64 MiB of probabilities, twice that while the slice
// grows), or have [ErlangA.ShareStartedWithin] step through more queue
// lengths.
const MaxStates = 1 << 23

// tailTolerance is the probability mass the truncation of the Erlang A
// chain may leave out on each side of its mode, so that the total left
// out is below 1e-12.
const tailTolerance = 0.5e-12

// ErlangA is an M/M/c+M queue (the Erlang A model of Palm; Garnett,
// Mandelbaum and Reiman, "Designing a call center with impatient
// customers", MSOM 4(3), 2002): Poisson arrivals of rate λ, c servers with
// exponential service of rate μ each, first come first served, and each
// waiting person giving up after an exponential patience of rate θ
// (mean patience 1/θ), independent of everything else. Build it with
// [NewErlangA]; the zero value is not usable.
//
// It holds the steady-state distribution of the number in the system n,
// a birth-death chain with up rate λ and down rate min(n,c)μ + max(n-c,0)θ.
// The chain is built outwards from its mode and truncated on each side
// where a geometric bound on the mass beyond falls below 5e-13 of the mass
// so far, so the mass left out is below 1e-12 and every probability it
// reports is accurate to about that. With θ > 0 it has a steady state
// for any λ; with θ = 0 it is M/M/c and needs λ < cμ.
type ErlangA struct {
	servers                 int
	arrival, service, theta float64
	lo                      int       // state of p[0]
	p                       []float64 // π_lo .. π_hi, normalised
	below                   float64   // P(n < c): arrivals who start at once
	queue                   float64   // E[(n-c)+], the mean queue length
}

// NewErlangA returns the M/M/c+M queue with the given number of servers
// (at least 1), arrival rate λ ≥ 0, service rate μ > 0 per server and
// abandonment rate θ ≥ 0 (1/mean patience), all finite; other values give
// an error wrapping [ErrInvalid]. With θ = 0 and λ ≥ cμ it returns an
// error wrapping [ErrUnstable]; a chain that needs more than [MaxStates]
// states (around its mode, or from 0 to its top queue length) gives an
// error wrapping [ErrTooManyStates].
func NewErlangA(servers int, arrivalRate, serviceRate, abandonRate float64) (ErlangA, error) {
	if err := checkRates(servers, arrivalRate, serviceRate); err != nil {
		return ErlangA{}, err
	}
	if err := checkAbandon(abandonRate); err != nil {
		return ErlangA{}, err
	}
	c, lambda, mu, theta := float64(servers), arrivalRate, serviceRate, abandonRate
	q := ErlangA{servers: servers, arrival: lambda, service: mu, theta: theta}
	if theta == 0 && lambda >= c*mu {
		return ErlangA{}, fmt.Errorf("%w: λ = %v, cμ = %v and nobody gives up", ErrUnstable, lambda, c*mu)
	}
	if lambda == 0 {
		q.p, q.below = []float64{1}, 1
		return q, nil
	}
	// The mode is the largest n whose down rate is at most λ: the ratios
	// π_n/π_{n-1} = λ/down(n) are at least 1 up to it and below 1 beyond,
	// as down(n) does not decrease.
	var mode float64
	if lambda < c*mu {
		mode = math.Floor(lambda / mu)
	} else {
		mode = c + math.Floor((lambda-c*mu)/theta)
	}
	if mode >= MaxStates {
		return ErlangA{}, fmt.Errorf("%w: mode at %.3g people in the system, more than %d", ErrTooManyStates, mode, MaxStates)
	}
	m := int(mode)
	down := func(n int) float64 {
		return float64(min(n, servers))*mu + float64(max(n-servers, 0))*theta
	}
	// Downwards from the mode (weight 1): ratios down(n)/λ ≤ 1, falling
	// as n falls, so the mass below the last state kept is at most
	// w·r/(1-r) with r the last ratio.
	p := []float64{1}
	sum := 1.0
	for n, w := m, 1.0; n > 0; n-- {
		r := down(n) / lambda
		w *= r
		p = append(p, w)
		sum += w
		if r < 1 && w*r/(1-r) <= tailTolerance*sum {
			break
		}
		if len(p) > MaxStates {
			return ErlangA{}, fmt.Errorf("%w: more than %d states below the mode", ErrTooManyStates, MaxStates)
		}
	}
	q.lo = m - len(p) + 1
	slices.Reverse(p)
	// Upwards: ratios λ/down(n+1) < 1 beyond the mode (but for rounding in
	// the mode), not increasing.
	for n, w := m, 1.0; ; n++ {
		r := lambda / down(n+1)
		w *= r
		p = append(p, w)
		sum += w
		if r < 1 && w*r/(1-r) <= tailTolerance*sum {
			break
		}
		if len(p) > MaxStates || n+1-servers > MaxStates {
			return ErlangA{}, fmt.Errorf("%w: more than %d states", ErrTooManyStates, MaxStates)
		}
		if theta == 0 && n+1 == servers {
			// From here the ratio is r for ever and the mass to come is
			// w·r/(1-r) at most, so the stopping rule needs j more states
			// with w·r^(j+1)/(1-r) ≤ tol·sum ≤ tol·(sum + w·r/(1-r)): say so
			// now rather than after MaxStates steps.
			total := sum + w*r/(1-r)
			j := math.Log(tailTolerance*total*(1-r)/(w*r)) / math.Log(r)
			if j > MaxStates {
				return ErlangA{}, fmt.Errorf("%w: about %.3g states above %d servers", ErrTooManyStates, j, servers)
			}
		}
	}
	if q.lo+len(p)-1-servers > MaxStates {
		return ErlangA{}, fmt.Errorf("%w: queue lengths up to %d", ErrTooManyStates, q.lo+len(p)-1-servers)
	}
	for i := range p {
		p[i] /= sum
		n := q.lo + i
		if n < servers {
			q.below += p[i]
		} else {
			q.queue += float64(n-servers) * p[i]
		}
	}
	q.p = p
	return q, nil
}

// checkAbandon validates an abandonment rate θ.
func checkAbandon(theta float64) error {
	if !(theta >= 0) || math.IsInf(theta, 1) {
		return fmt.Errorf("%w: abandonment rate %v, want finite and non-negative", ErrInvalid, theta)
	}
	return nil
}

// Servers returns c, the number of servers.
func (q ErlangA) Servers() int { return q.servers }

// ArrivalRate returns λ.
func (q ErlangA) ArrivalRate() float64 { return q.arrival }

// ServiceRate returns μ, the service rate of one server.
func (q ErlangA) ServiceRate() float64 { return q.service }

// AbandonRate returns θ, the rate at which each waiting person gives up.
func (q ErlangA) AbandonRate() float64 { return q.theta }

// ProbWait returns P(wait > 0), the share of arrivals who find every
// server busy (by PASTA, the steady-state P(n ≥ c)).
func (q ErlangA) ProbWait() float64 {
	s := 0.0
	for i, pi := range q.p {
		if q.lo+i >= q.servers {
			s += pi
		}
	}
	return min(s, 1) // rounding in the sum may pass 1 by an ulp or two
}

// MeanQueue returns E[Lq], the mean number of people waiting.
func (q ErlangA) MeanQueue() float64 { return q.queue }

// ProbAbandon returns the share of arrivals who give up before they start,
// θ·E[Lq]/λ (the rate of giving up over the rate of arrivals); 0 when λ
// or θ is 0.
func (q ErlangA) ProbAbandon() float64 {
	if q.arrival == 0 {
		return 0
	}
	return min(q.theta*q.queue/q.arrival, 1)
}

// MeanWait returns the mean time in queue of all arrivals, E[Lq]/λ by
// Little's law, counting the time that those who give up spent waiting
// and 0 for those who start at once; 0 when λ is 0.
func (q ErlangA) MeanWait() float64 {
	if q.arrival == 0 {
		return 0
	}
	return q.queue / q.arrival
}

// ShareStartedWithin returns the share of all arrivals who start service
// within t: those who find a free server, plus those who wait at most t
// and do not give up first. It is 0 for t < 0, P(n < c) at t = 0, and
// tends to 1 - [ErlangA.ProbAbandon] as t grows (its value at t = +Inf).
// A NaN t gives NaN.
//
// By PASTA an arrival finds n = c+k with probability π_{c+k}, k ≥ 0
// people ahead of it. With j people ahead, the next move up the queue
// comes at rate cμ + jθ (a server frees or one of them gives up), and the
// arrival itself gives up at rate θ throughout. So it starts iff T < P,
// T a sum of independent exponentials of rates cμ + jθ, j = k..0, and P
// its own Exp(θ) patience, and the share sought is
// F_k(t) = P(T ≤ t, T < P) = E[e^{-θT}; T ≤ t]. The rates with θ added,
// cμ + (j+1)θ, are equally spaced, so the divided differences of e^{-xs}
// over them have the closed form e^{-(cμ+θ)s}(1-e^{-θs})^k/(k!θ^k), all
// of one sign. Integrating gives
//
//	F_k(t) = cμ/(cμ+(k+1)θ) · P(N ≥ k+1),
//
// where cμ/(cμ+(k+1)θ) is the chance of starting at all and N is negative
// binomial with r = cμ/θ + 1 and P(N = j) = Γ(r+j)/(Γ(r)j!)·x^r(1-x)^j,
// x = e^{-θt} (equivalently, a regularised incomplete beta function
// I_{1-x}(k+1, r)). As θ → 0, N is Poisson with mean cμt and F_k(t) is the
// Erlang distribution function of M/M/c. The probabilities P(N = j) are
// stepped from j = 0 in logarithms, a sum of positive terms with no
// cancellation, so the cost is O(top queue length) and the result is
// accurate to about 1e-12 plus the truncation.
func (q ErlangA) ShareStartedWithin(t float64) float64 {
	switch {
	case math.IsNaN(t):
		return math.NaN()
	case t < 0:
		return 0
	}
	c := q.servers
	cmu, theta := float64(c)*q.service, q.theta
	share := q.below
	first := max(c-q.lo, 0) // index in p of the first queueing state
	if math.IsInf(t, 1) {
		for i := first; i < len(q.p); i++ {
			k := float64(q.lo + i - c)
			share += q.p[i] * cmu / (cmu + (k+1)*theta)
		}
		return min(share, 1)
	}
	// N: x = e^{-θt}, y = 1-x; P(N=0) = x^r = e^{-(cμ+θ)t} and
	// P(N=j)/P(N=j-1) = (r+j-1)y/j = (αy + jy)/j with α = cμ/θ, where
	// αy = cμ·t·(1-e^{-θt})/(θt) stays finite as θ → 0.
	ty := theta * t
	y, g := -math.Expm1(-ty), 1.0
	if ty > 0 {
		g = y / ty
	}
	ay := cmu * t * g
	logP := -(cmu + theta) * t
	cdf := math.Exp(logP) // P(N ≤ k)
	top := q.lo + len(q.p) - 1 - c
	for k := 0; k <= top; k++ {
		tail := 1 - cdf // P(N ≥ k+1)
		if tail <= 0 {
			break
		}
		if i := c + k - q.lo; i >= first {
			share += q.p[i] * cmu / (cmu + float64(k+1)*theta) * tail
		}
		if !math.IsInf(logP, -1) {
			j := float64(k + 1)
			logP += math.Log((ay + j*y) / j)
			cdf += math.Exp(logP)
		}
	}
	return min(share, 1)
}
