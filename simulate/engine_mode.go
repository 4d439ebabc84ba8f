package simulate

// This file switches a lot's delivery between casework and group work at
// a capacity step (Lot.Modes); ModeStep documents what happens.

import (
	"math"

	"github.com/lotsim/lotsim/lotting"
)

// untracked is customer.cohort for a member of a cohort the engine does
// not track (a closed cohort, or one inherited at the start): like a
// rolling cohort's member, and unlike a case (-1), they hold no slot.
const untracked = -2

// switchMode changes station i's delivery to mode, just before the
// capacity step that goes with the change is applied. Units of the old
// delivery still running (cohorts, or open cases) move out of busy into
// other, and those of the new delivery left from an earlier switch move
// back: each delivery's units count only against its own capacity. The
// waiting list stays as it is. A switch to group work restarts the grid
// of possible cohort starts unless a start is still scheduled.
//
// With convert (a switch to casework) the running cohorts end as groups
// and their members become cases holding case slots (ModeStep.Convert).
// Their cohorts' end events still come, in the order the cohorts started
// (every cohort runs the same programme), before the end of any cohort
// started later, so cohortEnd counts the first s.converted of them off
// without touching a slot.
func (e *engine) switchMode(i int, mode lotting.Delivery, convert bool) {
	s := &e.st[i]
	e.utilise(s)
	s.busy, s.other = s.other, s.busy
	s.mode = mode
	if convert {
		s.converted += s.other
		s.other = 0
		for k := range s.cohorts {
			s.cohorts[k].filled = s.cohortSize // a converted rolling cohort takes no joiners
		}
		for c := range e.cust {
			cu := &e.cust[c]
			if int(cu.station) == i && (cu.state == stService || cu.state == stDropping) && cu.cohort != -1 {
				cu.cohort = -1
				s.busy++
			}
		}
	}
	if mode != lotting.GroupWork || s.chain {
		return
	}
	g := &e.p.m.Lots[i].Group
	first := -e.p.m.WarmUp + g.FirstStart
	t := first
	if e.now > first {
		t = first + math.Ceil((e.now-first)/g.StartEvery)*g.StartEvery
	}
	if t < e.p.m.Horizon {
		e.schedule(t, evCohort, int32(i), 0)
		s.chain = true
	}
}

// cohortEnd ends a cohort of group station i (k: its index among rolling
// cohorts): its slot is free, or, if the lot has switched to casework
// since it started, it leaves the units of the other delivery.
func (e *engine) cohortEnd(i int, k uint32) {
	s := &e.st[i]
	switch {
	case s.converted > 0:
		s.converted-- // its members are cases now
	case s.mode == lotting.GroupWork:
		e.utilise(s)
		s.busy--
	default:
		s.other--
	}
	if s.rolling {
		s.cohorts[k].live = false
	}
}
