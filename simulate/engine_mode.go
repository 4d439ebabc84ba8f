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
func (e *engine) switchMode(i int, mode lotting.Delivery) {
	s := &e.st[i]
	e.utilise(s, i)
	s.busy, s.other = s.other, s.busy
	s.mode = mode
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
	if s.mode == lotting.GroupWork {
		e.utilise(s, i)
		s.busy--
	} else {
		s.other--
	}
	if s.rolling {
		s.cohorts[k].live = false
	}
}
