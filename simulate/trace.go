package simulate

import (
	"strconv"

	"github.com/lotsim/lotsim/lotting"
)

// TraceKind is what happened to a person in a TraceEvent.
type TraceKind uint8

// The kinds of trace event. A person's events come in one of these
// orders (the brackets are optional, the bar a choice), leaving out the
// Trace prefix:
//
//	Referred → [Routed] → Started → Completed | DroppedOut
//	Referred → [Routed] → GaveUp | TurnedAway | Declined
//	Referred → ReferredOn
//	Inherited (waiting) → Started → Completed | DroppedOut, or → GaveUp
//	Inherited (in service) → Completed
//
// Routed appears only in a model with a front door; without one a
// referral enters its lot at once. A person may also still be waiting or
// in service when the horizon ends, and then has no last event.
const (
	// TraceReferred: a referral (first or repeat) made. Lot is where it
	// enters: the front door, or the lot it is routed to, or -1 if it is
	// referred on at once (a ReferredOn event follows at the same time).
	TraceReferred TraceKind = iota + 1
	// TraceInherited: a person on a lot's waiting list or in service at the
	// start of the clock (Waiting says which).
	TraceInherited
	// TraceStarted: service began (for group work, the person's cohort
	// started). Starts at the front door (triage) are not traced.
	TraceStarted
	// TraceCompleted: service ended as planned.
	TraceCompleted
	// TraceDroppedOut: left during service.
	TraceDroppedOut
	// TraceGaveUp: left the waiting list when their patience ran out.
	TraceGaveUp
	// TraceTurnedAway: turned away from a full refuge on arrival.
	TraceTurnedAway
	// TraceReferredOn: referred on without service: self-served at the front
	// door (Lot is the front door), or routed nowhere (Lot is -1).
	TraceReferredOn
	// TraceRouted: triaged at the front door and sent to Lot.
	TraceRouted
	// TraceDeclined: declined a refuge offer (the bed stays free).
	TraceDeclined
)

var traceKindNames = [...]string{
	TraceReferred: "referred", TraceInherited: "inherited", TraceStarted: "started", TraceCompleted: "completed",
	TraceDroppedOut: "dropped_out", TraceGaveUp: "gave_up", TraceTurnedAway: "turned_away",
	TraceReferredOn: "referred_on", TraceRouted: "routed", TraceDeclined: "declined",
}

// String returns the kind's name in snake case ("dropped_out"), or
// "TraceKind(n)" for a value that is not a kind.
func (k TraceKind) String() string {
	if int(k) < len(traceKindNames) && traceKindNames[k] != "" {
		return traceKindNames[k]
	}
	return "TraceKind(" + strconv.Itoa(int(k)) + ")"
}

// TraceEvent is one step of one simulated person, reported to
// Options.Trace as it happens.
type TraceEvent struct {
	Replication int       // the replication index
	Kind        TraceKind // what happened
	// Time is in days from time 0: negative during the warm-up, and -WarmUp
	// for Inherited.
	Time float64
	// Person is the person's index in the engine's slab of people. It is
	// reused for someone else only after the person's last event
	// (Completed, DroppedOut, GaveUp, TurnedAway, ReferredOn, Declined), so
	// a consumer can map it to a record of its own until then.
	Person int32
	Stream int                 // index in Model.Streams
	Area   int                 // index in Model.Areas
	Group  lotting.ClientGroup // the stream's client group
	Risk   lotting.Risk        // lotting.Standard, Medium or High
	// Lot is an index in Model.Lots, len(Model.Lots) for the front door,
	// or -1 for a referral routed nowhere.
	Lot     int
	Repeat  bool // a repeat referral
	Waiting bool // for Inherited: on the waiting list (false: in service)
}

// emit reports customer c's event of kind k at station lot to the trace.
// Callers check e.trace != nil first, so that a run without a trace pays
// one predictable branch and nothing else; emit is kept out of line so
// that the check is all the hot path holds.
//
//go:noinline
func (e *engine) emit(k TraceKind, c int32, lot int) {
	cu := &e.cust[c]
	e.trace(TraceEvent{
		Replication: e.rr.index, Kind: k, Time: e.now, Person: c,
		Stream: int(cu.stream), Area: e.streams[cu.stream].area, Group: lotting.ClientGroup(cu.group),
		Risk: lotting.Standard + lotting.Risk(cu.risk), Lot: lot, Repeat: cu.repeat,
		Waiting: k == TraceInherited && cu.state == stWaiting,
	})
}
