package fit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/simulate"
)

// TestInheritedAt works the start state of a backtest out by hand: who is
// waiting or in service at the start of day 100, since when, with which
// risk and stream.
func TestInheritedAt(t *testing.T) {
	t.Parallel()
	m := &simulate.Model{
		Areas: []string{"South", "North"},
		Streams: []simulate.Stream{
			{Area: 0, Group: lotting.Victim}, {Area: 1, Group: lotting.Victim}, {Area: 1, Group: lotting.Perpetrator},
		},
	}
	ex := &records.Extract{Areas: []string{"North", "South"}, Groups: []string{"victim", "perpetrator", "child_family"}}
	no := records.NoDay
	rows := []records.Referral{
		{Referred: 50, Start: 60, End: no, Area: 0, Group: 0, Risk: 2, Outcome: records.Open},         // in service 40 days, North victim
		{Referred: 90, Start: no, End: no, Area: 1, Group: 0, Risk: -1, Outcome: records.Waiting},     // waiting 10 days, risk unknown, South victim
		{Referred: 80, Start: 99, End: 120, Area: 0, Group: 1, Risk: 0, Outcome: records.Completed},   // started the day before: 1 day in service
		{Referred: 70, Start: 85, End: 99, Area: 0, Group: 0, Risk: 0, Outcome: records.Completed},    // ended the day before: gone
		{Referred: 100, Start: no, End: no, Area: 0, Group: 0, Risk: 0, Outcome: records.Waiting},     // referred on the day: not yet
		{Referred: 70, Start: 100, End: 150, Area: -1, Group: 0, Risk: 1, Outcome: records.Completed}, // starts on the day: waiting 30, no area
		{Referred: 95, Start: no, End: 95, Area: 0, Group: 0, Risk: 0, Outcome: records.TurnedAway},
		{Referred: 95, Start: no, End: no, Area: 0, Group: 2, Risk: 0, Outcome: records.Waiting}, // no such stream
	}
	got := inheritedAt(rows, 100, streamIndex(m, ex))
	want := []simulate.InheritedPerson{
		{Waiting: false, Elapsed: 40, Stream: 1, Risk: lotting.High},
		{Waiting: true, Elapsed: 10, Stream: 0, Risk: 0},
		{Waiting: false, Elapsed: 1, Stream: 2, Risk: lotting.Standard},
		{Waiting: true, Elapsed: 30, Stream: -1, Risk: lotting.Medium},
		{Waiting: true, Elapsed: 5, Stream: -1, Risk: lotting.Standard},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inheritedAt (-want +got):\n%s", d)
	}
	// The counts agree with state's on the day before.
	var w, o int
	for _, s := range state(rows, 99) {
		w += s.Waiting
		o += s.OpenCases
	}
	if w != 3 || o != 2 {
		t.Errorf("state: %d waiting and %d open, want 3 and 2 as inheritedAt", w, o)
	}
}
