package report

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// TestLotResultsModeChanges: a lot that switches to 1:1 on day 100 and
// back on day 300 of a period starting 1 April 2020 reports both changes
// with their dates, and no closed form (a group period has none); a lot
// that does not switch reports none.
func TestLotResultsModeChanges(t *testing.T) {
	t.Parallel()
	m := queueModel(4, 0.5, 0.2, 0, 0)
	m.Lots[0].Mode = lotting.GroupWork
	m.Lots[0].Group = simulate.GroupSettings{CohortSize: 8, MinToStart: 1, Weeks: 4, StartEvery: 14}
	m.Lots[0].Slots = []simulate.CapacityStep{{Slots: 2}, {At: 100, Slots: 4}, {At: 300, Slots: 2}}
	m.Lots[0].Modes = []simulate.ModeStep{{At: 100, Mode: lotting.Casework}, {At: 300, Mode: lotting.GroupWork}}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 7, Replications: 2})
	if err != nil {
		t.Fatal(err)
	}
	lots := LotResults(m, res, res.Lots, []string{"year 1", "year 2"}, funding.NewDate(2020, time.April, 1))
	want := []ModeChange{{Date: "2020-07-10", Mode: "casework"}, {Date: "2021-01-26", Mode: "group"}}
	if diff := cmp.Diff(want, lots[0].ModeChanges); diff != "" {
		t.Errorf("ModeChanges (-want +got)\n%s", diff)
	}
	if lots[0].Mode != "group" {
		t.Errorf("Mode %q, want group (the delivery at the start)", lots[0].Mode)
	}
	if th := NewTheory(m, 0, []string{"year 1", "year 2"}, &lots[0], 22); th != nil {
		t.Errorf("NewTheory = %+v for a lot that switches, want nil", th)
	}
	plain := queueModel(4, 0.5, 0.2, 0, 0)
	res, err = simulate.Run(context.Background(), plain, simulate.Options{Seed: 7, Replications: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := LotResults(plain, res, res.Lots, []string{"year 1", "year 2"}, funding.Date{})[0].ModeChanges; got != nil {
		t.Errorf("ModeChanges %v for a lot that does not switch, want none", got)
	}
}
