package queueing

import (
	"errors"
	"math"
)

// ErrInvalid reports an argument outside its domain: a negative or
// non-finite rate, fewer than one server, or a NaN level.
var ErrInvalid = errors.New("queueing: invalid argument")

// ErrUnstable reports a queue with no steady state: λ ≥ cμ with no giving
// up (θ = 0).
var ErrUnstable = errors.New("queueing: unstable queue (arrival rate at or above capacity)")

// ErrTooManyStates reports an Erlang A chain whose truncation would need
// more than [MaxStates] states.
var ErrTooManyStates = errors.New("queueing: chain needs too many states")

// ErrUnattainable reports a level that no number of servers up to
// [MaxServers] meets, or that no number of servers can meet.
var ErrUnattainable = errors.New("queueing: level unattainable")

// MaxServers caps the searches of the ServersFor functions: they return
// [ErrUnattainable] rather than look beyond a million servers.
const MaxServers = 1_000_000

// ErlangB returns the Erlang B blocking probability of a loss system with
// the given number of servers and offered load a = λ/μ in Erlangs: the
// share of arrivals turned away because all servers are busy. It uses the
// recursion B(0) = 1, B(k) = aB(k-1)/(k + aB(k-1)), whose terms stay in
// [0, 1], so it neither overflows nor loses precision for any number of
// servers; the cost is O(servers). An infinite load gives 1. A negative
// number of servers, or a negative or NaN load, gives NaN.
func ErlangB(servers int, load float64) float64 {
	if servers < 0 || !(load >= 0) {
		return math.NaN()
	}
	if math.IsInf(load, 1) {
		return 1
	}
	b := 1.0
	for k := 1; k <= servers; k++ {
		ab := load * b
		b = ab / (float64(k) + ab)
		if b == 0 {
			break // stays 0: 0·a/(k+0) = 0
		}
	}
	return b
}

// ErlangC returns the Erlang C probability that an arrival to an M/M/c
// queue with the given number of servers and offered load a = λ/μ has to
// wait. It is 1 when load ≥ servers (no steady state: in the long run
// everyone waits). It is computed from Erlang B as
// C = B/(1 - ρ(1-B)), ρ = a/c, with the denominator written as
// (1-ρ) + ρB so that it keeps its precision near ρ = 1. A negative number
// of servers, or a negative or NaN load, gives NaN.
func ErlangC(servers int, load float64) float64 {
	if servers < 0 || !(load >= 0) {
		return math.NaN()
	}
	if load >= float64(servers) {
		return 1
	}
	return erlangCFromB(servers, load, ErlangB(servers, load))
}

// erlangCFromB returns Erlang C from Erlang B for load < servers.
func erlangCFromB(servers int, load, b float64) float64 {
	rho := load / float64(servers)
	return b / ((1 - rho) + rho*b)
}

// SquareRootStaffing returns the Halfin–Whitt square-root staffing rule
// c = ⌈a + β√a⌉ for offered load a = λ/μ and quality parameter β (larger
// β, less waiting; in the quality-and-efficiency-driven regime the share
// who wait tends to a fixed function of β as a grows). Halfin and Whitt,
// "Heavy-traffic limits for queues with many exponential servers",
// Operations Research 29(3), 1981. The result is at least 1 and at most
// [MaxServers]; a NaN or negative load gives 1.
func SquareRootStaffing(load, beta float64) int {
	if !(load >= 0) || math.IsNaN(beta) {
		return 1
	}
	c := math.Ceil(load + beta*math.Sqrt(load))
	switch {
	case !(c >= 1):
		return 1
	case c > MaxServers:
		return MaxServers
	}
	return int(c)
}
