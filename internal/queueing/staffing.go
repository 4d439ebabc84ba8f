package queueing

import (
	"fmt"
	"math"
)

// checkLevel validates a target share or probability.
func checkLevel(level float64) error {
	if math.IsNaN(level) {
		return fmt.Errorf("%w: level NaN", ErrInvalid)
	}
	return nil
}

// checkTarget validates a target wait t.
func checkTarget(t float64) error {
	if !(t >= 0) {
		return fmt.Errorf("%w: target wait %v, want non-negative", ErrInvalid, t)
	}
	return nil
}

// ServersForBlocking returns the least number of servers c ≥ 0 (beds) for
// which [ErlangB](c, load) ≤ maxBlocking: the beds a refuge needs to turn
// away at most that share of referrals. The recursion for Erlang B passes
// through every smaller c, so the search steps c up from 0, in O(answer)
// work in all; near the answer it is about a + β√a with β a slowly
// growing function of the blocking level ([SquareRootStaffing]). A
// maxBlocking of 1 or more needs 0 beds. A non-positive maxBlocking with a
// positive load, or one not met within [MaxServers], gives an error
// wrapping [ErrUnattainable]; a negative or non-finite load, or a NaN
// maxBlocking, one wrapping [ErrInvalid].
func ServersForBlocking(load, maxBlocking float64) (int, error) {
	if !(load >= 0) || math.IsInf(load, 1) {
		return 0, fmt.Errorf("%w: load %v, want finite and non-negative", ErrInvalid, load)
	}
	if err := checkLevel(maxBlocking); err != nil {
		return 0, err
	}
	if maxBlocking >= 1 {
		return 0, nil
	}
	if maxBlocking <= 0 && load > 0 {
		return 0, fmt.Errorf("%w: blocking %v with load %v", ErrUnattainable, maxBlocking, load)
	}
	b := 1.0
	for c := 1; c <= MaxServers; c++ {
		ab := load * b
		b = ab / (float64(c) + ab) // the recursion of ErlangB, step c
		if b <= maxBlocking {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%w: blocking %v needs more than %d servers at load %v", ErrUnattainable, maxBlocking, MaxServers, load)
}

// ServersForMMc returns the least number of servers c for which the M/M/c
// queue with arrival rate λ and service rate μ is stable and its share of
// arrivals who start within t, [MMc.ShareStartedWithin], is at least
// level. That share rises with c, and the search steps c up from the
// least stable c through the Erlang B recursion, which passes through
// every smaller c on the way, so the total work is O(answer), the same as
// one evaluation at the answer; the answer is near the square-root rule
// [SquareRootStaffing]. The result is exactly consistent with [NewMMc]:
// the returned c meets the level and c-1 does not. A level ≤ 0 needs 1
// server, as does λ = 0. A level ≥ 1 (with λ > 0) or one not met within
// [MaxServers] gives an error wrapping [ErrUnattainable]; invalid rates,
// a negative or NaN t or a NaN level one wrapping [ErrInvalid].
func ServersForMMc(arrivalRate, serviceRate, t, level float64) (int, error) {
	if err := checkRates(1, arrivalRate, serviceRate); err != nil {
		return 0, err
	}
	if err := checkTarget(t); err != nil {
		return 0, err
	}
	if err := checkLevel(level); err != nil {
		return 0, err
	}
	if level <= 0 || arrivalRate == 0 {
		return 1, nil
	}
	if level >= 1 && !math.IsInf(t, 1) {
		return 0, fmt.Errorf("%w: a share of %v within a finite wait", ErrUnattainable, level)
	}
	load := arrivalRate / serviceRate
	b := 1.0
	for c := 1; c <= MaxServers; c++ {
		ab := load * b
		b = ab / (float64(c) + ab) // the recursion of ErlangB, step c
		if load >= float64(c) {
			continue
		}
		if mmcFromB(c, arrivalRate, serviceRate, b).ShareStartedWithin(t) >= level {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%w: share %v within %v needs more than %d servers", ErrUnattainable, level, t, MaxServers)
}

// ServersForErlangA returns the least number of servers c for which the
// M/M/c+M queue ([NewErlangA]) with arrival rate λ, service rate μ and
// abandonment rate θ has a share of arrivals who start within t,
// [ErlangA.ShareStartedWithin], of at least level. The search starts at
// the square-root rule c0 = [SquareRootStaffing](λ/μ, 1), doubles its
// step away from c0 until it brackets the answer, then bisects; each
// evaluation builds the chain, so it costs O(log answer) chains. The
// bisection assumes that the share rises with c (more servers, shorter
// queues: the tests check it near each answer they try, but it is not
// proved here); the returned c meets the level and c-1 does not. With
// θ = 0 it returns [ServersForMMc], whose closed form the chain reproduces
// to about 1e-12.
//
// A level ≤ 0 needs 1 server, as does λ = 0. With θ > 0 a level ≥ 1 can
// never be met, as some people always give up, and neither can one not
// met within [MaxServers]: both give an error wrapping [ErrUnattainable].
// Invalid rates, a negative or NaN t or a NaN level give one wrapping
// [ErrInvalid]; a chain too big to build, one wrapping [ErrTooManyStates].
func ServersForErlangA(arrivalRate, serviceRate, abandonRate, t, level float64) (int, error) {
	if err := checkRates(1, arrivalRate, serviceRate); err != nil {
		return 0, err
	}
	if err := checkAbandon(abandonRate); err != nil {
		return 0, err
	}
	if err := checkTarget(t); err != nil {
		return 0, err
	}
	if err := checkLevel(level); err != nil {
		return 0, err
	}
	if abandonRate == 0 {
		// M/M/c: its closed form is exact and never runs out of states near
		// λ = cμ, where the chain's geometric tail is long.
		return ServersForMMc(arrivalRate, serviceRate, t, level)
	}
	if level <= 0 || arrivalRate == 0 {
		return 1, nil
	}
	if level >= 1 {
		return 0, fmt.Errorf("%w: a share of %v", ErrUnattainable, level)
	}
	meets := func(c int) (bool, error) {
		q, err := NewErlangA(c, arrivalRate, serviceRate, abandonRate)
		if err != nil {
			return false, err
		}
		return q.ShareStartedWithin(t) >= level, nil
	}
	// Bracket: lo fails (0 stands for "no servers", which fails), hi meets.
	c0 := SquareRootStaffing(arrivalRate/serviceRate, 1)
	ok, err := meets(c0)
	if err != nil {
		return 0, err
	}
	var lo, hi int
	if ok {
		hi = c0
		for step := 1; ; step *= 2 {
			lo = max(hi-step, 0)
			if lo == 0 {
				break
			}
			ok, err := meets(lo)
			if err != nil {
				return 0, err
			}
			if !ok {
				break
			}
			hi = lo
		}
	} else {
		lo = c0
		for step := 1; ; step *= 2 {
			if lo == MaxServers {
				return 0, fmt.Errorf("%w: share %v within %v needs more than %d servers", ErrUnattainable, level, t, MaxServers)
			}
			hi = min(lo+step, MaxServers)
			ok, err := meets(hi)
			if err != nil {
				return 0, err
			}
			if ok {
				break
			}
			lo = hi
		}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := meets(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}
