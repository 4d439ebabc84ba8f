package simulate

// This file runs group work: cohort starts, rolling intake at weekly
// sessions, and the contacts of engagement while people wait.

import (
	"math"

	"github.com/lotsim/lotsim/lotting"
)

// cohort is a possible cohort start at group station i: a cohort starts if
// a cohort slot is free and at least MinToStart people wait; it takes up
// to CohortSize of them, high risk first.
func (e *engine) cohort(i int) {
	s := &e.st[i]
	if s.mode != lotting.GroupWork { // switched to casework: the grid stops
		s.chain = false
		return
	}
	s.chain = false
	if t := e.now + s.every; t < e.p.m.Horizon {
		e.schedule(t, evCohort, int32(i), 0)
		s.chain = true
	}
	if s.busy >= s.slots || s.waiting < s.minToStart {
		return
	}
	e.utilise(s)
	s.busy++
	n := min(s.cohortSize, s.waiting)
	if !s.rolling {
		e.join(i, n, untracked, s.programme)
		e.schedule(e.now+s.programme, evCohortEnd, int32(i), 0)
		return
	}
	k := 0
	for k < len(s.cohorts) && s.cohorts[k].live {
		k++
	}
	if k == len(s.cohorts) {
		s.cohorts = append(s.cohorts, cohort{})
	}
	s.cohorts[k] = cohort{start: e.now, live: true}
	e.join(i, n, k, s.programme)
	e.schedule(e.now+s.programme, evCohortEnd, int32(i), uint32(k))
	if s.joinUntil >= 1 {
		e.schedule(e.now+7, evSession, int32(i), uint32(k)<<16|1)
	}
}

// join takes n people from group station i's waiting list into cohort k
// (untracked: a closed cohort) for a programme of length days.
func (e *engine) join(i, n, k int, length float64) {
	s := &e.st[i]
	for range n {
		c, cu := e.dequeue(s)
		cu.gen++
		cu.cohort = int16(k)
		if e.trace != nil {
			e.emit(TraceStarted, c, i)
		}
		e.recordStart(s, cu)
		s.inService++
		e.serve(s, c, cu, length)
	}
	if k >= 0 {
		s.cohorts[k].filled += n
	}
}

// session is week w's session of rolling cohort k at group station i:
// free seats are filled from the waiting list, high risk first, and the
// joiners complete with the cohort, (Weeks - w) weeks later.
func (e *engine) session(i, k, w int) {
	s := &e.st[i]
	co := &s.cohorts[k]
	if w < s.joinUntil {
		e.schedule(co.start+7*float64(w+1), evSession, int32(i), uint32(k)<<16|uint32(w+1))
	}
	if s.mode != lotting.GroupWork {
		return // switched to casework: the cohort takes no joiners
	}
	if n := min(s.cohortSize-max(co.filled, 0), s.waiting); n > 0 {
		e.join(i, n, k, s.programme-7*float64(w))
	}
}

// contacts counts the engagement contacts made with customer cu while
// waiting at station s, who is leaving the waiting list now: one every
// engageEvery days after joining it, each in the cell of the contract
// year it fell in (none in the warm-up).
func (e *engine) contacts(s *station, cu *customer) {
	every := s.engageEvery[cu.group]
	ys := e.p.yearStarts
	y := 0
	k := 1.0 // the first contact at or after time 0
	if cu.queued < 0 {
		k = max(k, math.Ceil(-cu.queued/every))
	}
	for t := cu.queued + k*every; t < e.now; t = cu.queued + k*every {
		k++
		if t < 0 {
			continue
		}
		for y+1 < len(ys) && t >= ys[y+1] {
			y++
		}
		e.rr.cells[e.p.cellIndex(s.index, y, 0, 0)+int(cu.off)+int(cu.risk)].n[cContacts]++
	}
}
