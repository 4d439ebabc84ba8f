package simulate

import (
	"fmt"
	"math"
	"slices"

	"github.com/lotsim/lotsim/lotting"
)

// ModeStep changes a lot's delivery from a time on, between casework (1:1)
// and group work, as Staffordshire moved perpetrator work from groups to
// 1:1 in the 2020 lockdown and back after.
//
// At the switch nobody leaves and nobody is moved out of service:
//
//   - The waiting list is one list in either mode: people waiting keep
//     their place (high risk first, then referral order), their wait so
//     far and their patience. After a switch to casework they start as
//     case slots allow, at once; after a switch to group work they wait
//     for the next cohort start, on the programme's grid of start dates
//     (Group.FirstStart plus whole multiples of Group.StartEvery from
//     the start of the clock).
//   - Work in progress runs to its planned end under the delivery it
//     started in: a running cohort keeps its members to the end of its
//     programme (a rolling cohort takes no joiners while the lot is
//     casework), and an open 1:1 case runs to the end of its case
//     length. Its units (cohorts, or case slots) are not units of the new
//     delivery: a cohort's seats are not caseworker slots, nor a case a
//     cohort seat, so they do not count against the new capacity and the
//     new delivery starts with all of its capacity free. They count again
//     if the lot switches back while they still run.
//   - With Convert, a switch to casework instead ends the running cohorts
//     as groups and makes each of their members a 1:1 case that holds a
//     case slot until the time their programme (or drop-out) would have
//     ended: as when groupwork stops and its people are seen 1:1. They may
//     hold more slots than there are (none is preempted, as at any cut of
//     capacity; see CapacityStep), and people waiting start only as the
//     cases in use fall below the slots.
//
// By default cohorts are not converted, because a cohort's facilitators
// are not a caseload; Convert says that here they become one.
//
// Each ModeStep needs a capacity step with Probability 0 at the same time
// (its Slots in the new delivery's units: case slots or cohorts at once);
// every step from one ModeStep to the next is read in the units of that
// delivery. Utilisation measures, in each period, the units of the
// delivery then in force against its capacity, so a year with a switch
// adds cohort-days and case-slot-days.
type ModeStep struct {
	// At is the time in days the delivery changes, above 0 (the warm-up
	// and time 0 run with Lot.Mode).
	At float64
	// Mode is the delivery from At on: lotting.Casework or
	// lotting.GroupWork, and not the delivery before it.
	Mode lotting.Delivery
	// Convert, for a switch to casework, makes the members of cohorts
	// running at At 1:1 cases holding case slots (see above); false lets
	// the cohorts run to their end outside the case slots. A switch to
	// group work must leave it false.
	Convert bool
}

// deliveries returns the deliveries lot uses: Mode, then any other that
// Modes switches to (casework or group work).
func (lot *Lot) deliveries() []lotting.Delivery {
	out := []lotting.Delivery{lot.Mode}
	for _, ms := range lot.Modes {
		if (ms.Mode == lotting.Casework || ms.Mode == lotting.GroupWork) && !slices.Contains(out, ms.Mode) {
			out = append(out, ms.Mode)
		}
	}
	return out
}

// validateModes checks lot.Modes; p names the lot.
func (lot *Lot) validateModes(p string, bad func(path, format string, args ...any)) {
	if len(lot.Modes) == 0 {
		return
	}
	if lot.Mode != lotting.Casework && lot.Mode != lotting.GroupWork {
		bad(p+".Modes", "only casework and group lots change delivery; a %v lot cannot", lot.Mode)
		return
	}
	prev := lot.Mode
	for k, ms := range lot.Modes {
		mp := fmt.Sprintf("%s.Modes[%d]", p, k)
		if math.IsNaN(ms.At) || math.IsInf(ms.At, 0) || ms.At <= 0 || (k > 0 && ms.At <= lot.Modes[k-1].At) {
			bad(mp+".At", "must be a finite time above 0 and after the previous change, got %v", ms.At)
		}
		switch {
		case ms.Mode != lotting.Casework && ms.Mode != lotting.GroupWork:
			bad(mp+".Mode", "must be casework or group, got %v", ms.Mode)
		case ms.Mode == prev:
			bad(mp+".Mode", "is %v already; a change must switch to the other delivery", ms.Mode)
		case ms.Convert && ms.Mode != lotting.Casework:
			bad(mp+".Convert", "converts running cohorts into 1:1 cases, so it needs a switch to casework, not %v", ms.Mode)
		}
		prev = ms.Mode
		if !slices.ContainsFunc(lot.Slots, func(st CapacityStep) bool { return st.At == ms.At && st.Probability == 0 }) {
			bad(mp+".At", "needs a capacity step with Probability 0 at the same time %v, giving the capacity in %v units (case slots or cohorts at once)", ms.At, ms.Mode)
		}
	}
}

// modeAt returns lot's delivery at time t.
func (lot *Lot) modeAt(t float64) lotting.Delivery {
	m := lot.Mode
	for _, ms := range lot.Modes {
		if ms.At <= t {
			m = ms.Mode
		}
	}
	return m
}
