package simulate

// This file makes referrals: each stream's arrival times and the routing
// of each referral to the front door or a lot.

import "math"

// nextArrival returns the first arrival time of stream i after t: the
// time at which the integrated rate from t reaches an Exp(1) draw. With a
// piecewise-constant rate this is exact (inversion of the cumulative
// intensity), one piece at a time.
func (e *engine) nextArrival(i int, t float64) float64 {
	ss := &e.streams[i]
	x := ss.rng.ExpFloat64()
	if len(ss.rates) == 0 {
		if ss.rate == 0 {
			return math.Inf(1)
		}
		return t + x/ss.rate
	}
	last := len(ss.rates) - 1
	for {
		var r, end float64
		switch {
		case t < 0:
			r, end = ss.rates[0], 0
		case t >= float64(last):
			r = ss.rates[last]
			if r == 0 {
				return math.Inf(1)
			}
			return t + x/r
		default:
			d := int(t)
			r, end = ss.rates[d], float64(d+1)
		}
		if need := r * (end - t); x < need {
			return t + x/r
		} else {
			x -= need
		}
		t = end
		if t >= e.p.m.Horizon {
			return math.Inf(1)
		}
	}
}

// arrival handles the arrival of stream i's next referral, at the top of
// e.arrivals: it puts the stream's following arrival in its place, then
// makes the referral.
func (e *engine) arrival(i int32) {
	ss := &e.streams[i]
	if t := e.nextArrival(int(i), e.now); t < e.p.m.Horizon {
		e.arrivals.replaceTopEvent(event{t: t, key: e.q.key(evArrival), id: i})
	} else {
		e.arrivals.removeTop()
	}
	// Risk level from the stream's mix (triage source); no draw when the
	// stream has a single risk level.
	r := int(ss.onlyRisk)
	if r < 0 {
		u := e.triage.Float64()
		r = 0
		for r < 2 && u >= ss.mix[r] {
			u -= ss.mix[r]
			r++
		}
	}
	if ss.rep > 0 && e.triage.Float64() < ss.rep {
		if t := e.now + e.triage.Float64()*ss.within; t < e.p.m.Horizon {
			e.schedule(t, evRepeat, i, uint32(r))
		}
	}
	e.referral(int(i), r, false)
}

// referral brings a new referral of stream i at risk r into the system.
func (e *engine) referral(i, r int, repeat bool) {
	ss := &e.streams[i]
	c, cu := e.newCustomer(i, r)
	cu.repeat = repeat
	e.customers++
	if e.year >= 0 {
		e.rr.sys.arrivals++
		if repeat {
			e.rr.sys.repeats++
		}
	}
	if e.p.frontDoor >= 0 {
		if e.trace != nil {
			e.emit(TraceReferred, c, e.p.frontDoor)
		}
		e.enter(e.p.frontDoor, c, cu)
		return
	}
	if l := ss.route[r]; l >= 0 {
		if e.trace != nil {
			e.emit(TraceReferred, c, int(l))
		}
		e.enter(int(l), c, cu)
		return
	}
	if e.year >= 0 {
		e.rr.sys.selfServed++
	}
	if e.trace != nil {
		e.emit(TraceReferred, c, -1)
		e.emit(TraceReferredOn, c, -1)
	}
	e.exit(c, cu)
}
