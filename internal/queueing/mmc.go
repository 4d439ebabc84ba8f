package queueing

import (
	"fmt"
	"math"
)

// MMc is an M/M/c queue: Poisson arrivals of rate λ, c servers, exponential
// service of rate μ each, first come first served, an unlimited queue and
// no giving up. Build it with [NewMMc]; the zero value is not usable.
// Erlang C is computed once, at construction, in O(c).
//
// When λ ≥ cμ the queue has no steady state ([MMc.Stable] is false): the
// methods then give the long-run limits, in which everyone waits and waits
// ever longer, so the share started within any finite t is 0 and the mean
// wait is +Inf. They never give NaN except for a NaN argument.
type MMc struct {
	servers              int
	arrival, service, pw float64 // λ, μ, Erlang C
}

// NewMMc returns the M/M/c queue with the given number of servers (at least
// 1), arrival rate λ ≥ 0 and service rate μ > 0 per server (1/mean case
// length), both finite. Other values give an error wrapping [ErrInvalid].
// An unstable queue (λ ≥ cμ) is not an error; see [MMc.Stable].
func NewMMc(servers int, arrivalRate, serviceRate float64) (MMc, error) {
	if err := checkRates(servers, arrivalRate, serviceRate); err != nil {
		return MMc{}, err
	}
	return mmcFromB(servers, arrivalRate, serviceRate, ErlangB(servers, arrivalRate/serviceRate)), nil
}

// checkRates validates the arguments common to every queue.
func checkRates(servers int, arrivalRate, serviceRate float64) error {
	switch {
	case servers < 1:
		return fmt.Errorf("%w: %d servers, want at least 1", ErrInvalid, servers)
	case !(arrivalRate >= 0) || math.IsInf(arrivalRate, 1):
		return fmt.Errorf("%w: arrival rate %v, want finite and non-negative", ErrInvalid, arrivalRate)
	case !(serviceRate > 0) || math.IsInf(serviceRate, 1):
		return fmt.Errorf("%w: service rate %v, want finite and positive", ErrInvalid, serviceRate)
	}
	return nil
}

// mmcFromB builds an MMc from the Erlang B value b = B(servers, λ/μ), so
// that a search stepping the recursion gets bit-identical results to
// NewMMc.
func mmcFromB(servers int, arrivalRate, serviceRate, b float64) MMc {
	q := MMc{servers: servers, arrival: arrivalRate, service: serviceRate, pw: 1}
	if load := arrivalRate / serviceRate; load < float64(servers) {
		q.pw = erlangCFromB(servers, load, b)
	}
	return q
}

// Servers returns c, the number of servers.
func (q MMc) Servers() int { return q.servers }

// ArrivalRate returns λ.
func (q MMc) ArrivalRate() float64 { return q.arrival }

// ServiceRate returns μ, the service rate of one server.
func (q MMc) ServiceRate() float64 { return q.service }

// Load returns the offered load a = λ/μ in Erlangs: the mean number of
// servers that would be busy if there were enough of them.
func (q MMc) Load() float64 { return q.arrival / q.service }

// Utilisation returns ρ = λ/(cμ), the long-run share of server time busy
// when it is below 1.
func (q MMc) Utilisation() float64 { return q.Load() / float64(q.servers) }

// Stable reports whether λ < cμ, so that the queue has a steady state.
func (q MMc) Stable() bool { return q.Load() < float64(q.servers) }

// ProbWait returns Erlang C, the share of arrivals who wait at all; 1 when
// the queue is unstable.
func (q MMc) ProbWait() float64 { return q.pw }

// decay returns cμ - λ, the rate of the exponential wait of those who wait.
func (q MMc) decay() float64 { return float64(q.servers)*q.service - q.arrival }

// MeanWait returns the mean wait in queue of all arrivals, C/(cμ-λ)
// (Gross et al., Fundamentals of Queueing Theory, 4th ed., section 2.3).
// It is +Inf when the queue is unstable.
func (q MMc) MeanWait() float64 {
	if !q.Stable() {
		return math.Inf(1)
	}
	return q.pw / q.decay()
}

// WaitExceeds returns P(W > t), the share of arrivals who wait longer than
// t: C·exp(-(cμ-λ)t) for t ≥ 0, 1 for t < 0, and 1 when the queue is
// unstable. A NaN t gives NaN.
func (q MMc) WaitExceeds(t float64) float64 {
	switch {
	case math.IsNaN(t):
		return math.NaN()
	case t < 0 || !q.Stable():
		return 1
	}
	return q.pw * math.Exp(-q.decay()*t)
}

// ShareStartedWithin returns P(W ≤ t), the share of arrivals who start
// service within t: 1 - C·exp(-(cμ-λ)t). It is 0 for t < 0 and, for
// every finite t, 0 when the queue is unstable. A NaN t gives NaN.
func (q MMc) ShareStartedWithin(t float64) float64 {
	return 1 - q.WaitExceeds(t)
}

// WaitQuantile returns the p-quantile of the wait of all arrivals: the
// least w with P(W ≤ w) ≥ p. It is 0 when p ≤ 1 - C (enough arrivals
// start at once), ln(C/(1-p))/(cμ-λ) above that, and +Inf for p = 1. When
// the queue is unstable it is 0 for p = 0 and +Inf otherwise. A p outside
// [0, 1], or NaN, gives NaN.
func (q MMc) WaitQuantile(p float64) float64 {
	switch {
	case !(p >= 0 && p <= 1):
		return math.NaN()
	case p == 0:
		return 0
	case !q.Stable() || p == 1:
		return math.Inf(1)
	case p <= 1-q.pw:
		return 0
	}
	return math.Log(q.pw/(1-p)) / q.decay()
}
