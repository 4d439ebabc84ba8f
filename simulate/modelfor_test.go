package simulate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// perRep runs m with opt and returns, for each replication, the values of
// a few cells of every kind of metric, as Options.Replication sees them.
func perRep(t *testing.T, m *Model, opt Options) (*Results, [][]uint64) {
	t.Helper()
	cells := []cellMetric{
		{0, AllYears, AllAreas, AllRisks, Completions},
		{0, 1, 0, lotting.High, Starts},
		{0, AllYears, AllAreas, lotting.Standard, WaitP90},
		{0, AllYears, AllAreas, AllRisks, Disengaged},
		{1, AllYears, 1, lotting.High, WaitMedian},
		{2, 1, AllAreas, AllRisks, DroppedOut},
		{3, AllYears, AllAreas, AllRisks, TurnedAway},
		{len(m.Lots), AllYears, AllAreas, AllRisks, Referrals},
	}
	var out [][]uint64
	opt.Replication = func(i int, r *Replication) {
		var row []uint64
		for _, c := range cells {
			v, _ := r.Value(c.lot, c.year, c.area, c.risk, c.m)
			row = append(row, math.Float64bits(v))
		}
		out = append(out, row)
	}
	res, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

// TestModelForByParity runs even replications on one model and odd ones on
// another (more demand, longer cases, less patience): each replication's
// values must be exactly those of the same replication of a run of its
// own model alone (replication r draws only from (seed, r)), and the
// results the same whatever the number of workers.
func TestModelForByParity(t *testing.T) {
	t.Parallel()
	a, b := fullModel(), fullModel()
	b.Streams[1].Rate = 3.5
	b.Lots[0].Service.Mean = 28
	b.Lots[0].Disengagement[0].Patience = &lotting.Distribution{Kind: lotting.Exponential, Mean: 25}
	b.Lots[0].Slots[0].Slots = 40
	const reps = 10
	_, wantA := perRep(t, a, Options{Seed: 5, Replications: reps, Workers: 1})
	_, wantB := perRep(t, b, Options{Seed: 5, Replications: reps, Workers: 1})
	var want [][]uint64
	for r := range reps {
		if r%2 == 0 {
			want = append(want, wantA[r])
		} else {
			want = append(want, wantB[r])
		}
	}
	if cmp.Equal(wantA, wantB) {
		t.Fatal("the two models gave the same values: the test cannot tell them apart")
	}
	hook := func(rep int) (*Model, error) {
		if rep%2 == 0 {
			return a, nil
		}
		return b, nil
	}
	var digests [][]string
	for _, workers := range []int{1, 2} {
		res, got := perRep(t, a, Options{Seed: 5, Replications: reps, Workers: workers, ModelFor: hook})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d workers: replications differ from the hand combination (-want +got):\n%s", workers, diff)
		}
		digests = append(digests, digest(res))
	}
	if diff := cmp.Diff(digests[0], digests[1]); diff != "" {
		t.Errorf("2 workers differ from 1 (-want +got):\n%s", diff)
	}
}

// TestModelForErrors: a hook's error, a model the engine cannot run and
// a model of another shape each stop the run with ErrBadOptions, saying
// which replication and what differs, with 1 and 2 workers.
func TestModelForErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name   string
		change func(m *Model) error // changes the model of replication 3
		want   string
	}{
		{"hook error", func(m *Model) error { return boom }, "boom"},
		{"bad model", func(m *Model) error { m.Horizon = -1; return nil }, "cannot run"},
		{"lot renamed", func(m *Model) error { m.Lots[1].Name = "Other"; return nil }, `Lots[1] is "Other"`},
		{"fewer lots", func(m *Model) error {
			m.Lots = m.Lots[:3]
			m.Route = [][3]int{{0, 0, 1}, {0, 2, 1}, {2, 2, 2}, {0, -1, -1}}
			return nil
		}, "3 lots, not 4"},
		{"areas", func(m *Model) error { m.Areas = []string{"North", "West"}; return nil }, "areas"},
		{"years", func(m *Model) error { m.YearStarts = []float64{0, 365}; return nil }, "contract years"},
		{"horizon", func(m *Model) error { m.Horizon = 999; return nil }, "horizon"},
		{"samples", func(m *Model) error { m.SampleEvery = 30; return nil }, "sampled"},
		{"front door", func(m *Model) error { m.FrontDoor = nil; return nil }, "front door"},
		{"stream group", func(m *Model) error { m.Streams[3].Group = lotting.Victim; return nil }, "Streams[3]"},
		{"target share", func(m *Model) error { m.Lots[0].TargetShare = 0.8; return nil }, "target shares"},
		{"cost", func(m *Model) error { m.Lots[0].Cost[1] = funding.Pounds(1); return nil }, "costs"},
	}
	for _, tt := range tests {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", tt.name, workers), func(t *testing.T) {
				t.Parallel()
				base := fullModel()
				hook := func(rep int) (*Model, error) {
					m := fullModel()
					if rep == 3 {
						if err := tt.change(m); err != nil {
							return nil, err
						}
					}
					return m, nil
				}
				_, err := Run(context.Background(), base, Options{Seed: 1, Replications: 5, Workers: workers, ModelFor: hook})
				if !errors.Is(err, ErrBadOptions) {
					t.Fatalf("got %v, want ErrBadOptions", err)
				}
				if !strings.Contains(err.Error(), "ModelFor(3)") || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %q does not name replication 3 and %q", err, tt.want)
				}
			})
		}
	}
}

// TestModelForSameModel: a hook that returns the run's own model gives
// the results of a run without it, bit for bit.
func TestModelForSameModel(t *testing.T) {
	t.Parallel()
	m := fullModel()
	want := digest(run(t, m, 9, 4))
	res, err := Run(context.Background(), m, Options{Seed: 9, Replications: 4, Workers: 2,
		ModelFor: func(int) (*Model, error) { return fullModel(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, digest(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
