package simulate

// This file places the people a replication inherits at the start of the
// clock: waiting lists and open cases, given as counts or person by person.

import "github.com/lotsim/lotsim/lotting"

// inherit places lot i's inherited waiting list and open cases: the
// people of Lot.Inherited one by one, or else the counts, giving each a
// stream and risk drawn in proportion to the day-0 rates routed to the
// lot.
func (e *engine) inherit(i int) {
	if people := e.p.inherited[i]; len(people) > 0 {
		for _, ip := range people {
			e.inheritPerson(i, ip)
			if e.overLimit {
				return
			}
		}
		return
	}
	s := &e.st[i]
	n := s.initWait + s.initSvc
	if n == 0 {
		return
	}
	w := e.p.inheritWeights[i]
	for k := range n {
		u := e.triage.Float64() * w.total
		j := 0
		for j < len(w.cum)-1 && u >= w.cum[j] {
			j++
		}
		c, cu := e.newCustomer(w.stream[j], w.risk[j])
		if e.overLimit {
			return
		}
		s.place(cu)
		cu.queued = e.now
		if k < s.initWait {
			e.enqueue(s, c, cu)
			if e.trace != nil {
				e.emit(TraceInherited, c, i)
			}
			continue
		}
		// An open case part-way through: the equilibrium residual, a
		// uniform share of a length-biased length (for group work, a
		// uniform share of the programme).
		length := s.programme
		if s.mode != lotting.GroupWork {
			length = s.service(cu.risk).drawBiased()
		}
		cu.state = stService
		s.inService++
		if s.mode != lotting.GroupWork {
			s.busy++
		} else {
			cu.cohort = untracked
		}
		if e.trace != nil {
			e.emit(TraceInherited, c, i)
		}
		e.schedule(e.now+s.svcRng.Float64()*length, evDepart, c, 0)
	}
}

// inheritPerson places one person of Lot.Inherited at lot i.
func (e *engine) inheritPerson(i int, ip InheritedPerson) {
	s := &e.st[i]
	stream, risk := e.inheritDraw(i, ip.Stream, ip.Risk.Index())
	c, cu := e.newCustomer(stream, risk)
	if e.overLimit {
		return
	}
	s.place(cu)
	cu.queued = e.now - ip.Elapsed // waits are reported from the referral
	if ip.Waiting {
		cu.state = stWaiting
		s.q[cu.risk].push(entry{c, cu.gen})
		s.waiting++
		e.changeLive(s, cu, 1)
		if g := cu.group; s.hasPatience[g] {
			// The patience clock runs 1/f as fast while engaged: Elapsed
			// days of waiting are Elapsed/f on it.
			f := s.patienceFactor[g]
			if f == 1 {
				e.schedule(e.now+s.patience[g].drawAbove(ip.Elapsed)-ip.Elapsed, evPatience, c, cu.gen)
			} else {
				e.schedule(e.now+f*s.patience[g].drawAbove(ip.Elapsed/f)-ip.Elapsed, evPatience, c, cu.gen)
			}
		}
		if e.trace != nil {
			e.emit(TraceInherited, c, i)
		}
		return
	}
	left := max(s.programme-ip.Elapsed, 0)
	if s.mode != lotting.GroupWork {
		left = s.service(cu.risk).drawAbove(ip.Elapsed) - ip.Elapsed
		s.busy++
	} else {
		cu.cohort = untracked
	}
	cu.state = stService
	s.inService++
	if e.trace != nil {
		e.emit(TraceInherited, c, i)
	}
	e.schedule(e.now+left, evDepart, c, 0)
}

// inheritDraw returns the stream and risk index of an inherited person
// of lot i whose stream (-1: draw) and risk (-1: draw) are given: a draw
// from the lot's inheritance weights restricted to the given parts. A
// given stream with no weight here takes its risk from its own mix; a
// given risk no stream sends here takes a stream drawn from all weights.
func (e *engine) inheritDraw(i, stream, risk int) (int, int) {
	if stream >= 0 && risk >= 0 {
		return stream, risk
	}
	w := &e.p.inheritWeights[i]
	match := func(j int) bool {
		return (stream < 0 || w.stream[j] == stream) && (risk < 0 || w.risk[j] == risk)
	}
	total, prev := 0.0, 0.0
	for j, c := range w.cum {
		if match(j) {
			total += c - prev
		}
		prev = c
	}
	if total == 0 {
		if stream >= 0 { // no weight here: the stream's own risk mix
			mix := &e.streams[stream].mix
			u, r := e.triage.Float64(), 0
			for r < 2 && u >= mix[r] {
				u -= mix[r]
				r++
			}
			return stream, r
		}
		// The risk is sent here by no stream: any stream, that risk.
		stream, _ = e.inheritDraw(i, -1, -1)
		return stream, risk
	}
	u := e.triage.Float64() * total
	prev = 0
	last := -1
	for j, c := range w.cum {
		if match(j) {
			last = j
			if u < c-prev {
				break
			}
			u -= c - prev
		}
		prev = c
	}
	return w.stream[last], w.risk[last]
}
