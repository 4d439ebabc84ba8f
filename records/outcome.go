package records

import "strconv"

// Outcome is how a referral ended, or where it stands at the extract date.
// The zero value is not a valid outcome; an Extract never holds it.
type Outcome uint8

// The outcomes a case-level extract records.
const (
	Completed  Outcome = iota + 1 // completed: support started and ended as planned
	DroppedOut                    // dropped_out: support started and the person left before its end
	GaveUp                        // gave_up: the person left the waiting list before support started
	TurnedAway                    // turned_away: refused at the door (no capacity or not eligible)
	Open                          // open: in support at the extract date
	Waiting                       // waiting: on the waiting list at the extract date
	ReferredOn                    // referred_on: left at triage, referred elsewhere without service (an extension of the list)
)

var outcomeNames = [...]string{"", "completed", "dropped_out", "gave_up", "turned_away", "open", "waiting", "referred_on"}

// String returns the outcome as an extract writes it, e.g. "dropped_out".
func (o Outcome) String() string {
	if o >= 1 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// parseOutcome returns the outcome named s (lower case), or 0.
func parseOutcome(s string) Outcome {
	for i := 1; i < len(outcomeNames); i++ {
		if outcomeNames[i] == s {
			return Outcome(i)
		}
	}
	return 0
}

// Kind is what a file holds: one row a referral, or referrals counted by month.
// The zero value is not a valid kind.
type Kind uint8

// The kinds of file Read accepts.
const (
	Cases  Kind = iota + 1 // one row a referral
	Counts                 // one row a month's count of referrals for an area, client group and risk
)

// String returns "cases" or "counts".
func (k Kind) String() string {
	switch k {
	case Cases:
		return "cases"
	case Counts:
		return "counts"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}
