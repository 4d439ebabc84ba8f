package lotsim

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/scenario"
)

func TestSweepRejects(t *testing.T) {
	t.Parallel()
	s := loadAll(t, "scenarios/staffordshire-2023.yaml")[0]
	built := inCode(s)
	const grow = "demand.streams[*].growth=0%:2%:2%"
	tests := []struct {
		name    string
		s       *scenario.Scenario
		opt     SweepOptions
		wantErr error
		says    string
	}{
		{"no scenario", nil, SweepOptions{Vary: []string{grow}}, ErrCannotSimulate, "Load or Parse"},
		{"a scenario built in code", built, SweepOptions{Vary: []string{grow}}, ErrCannotSimulate, "Load or Parse"},
		{"nothing to vary", s, SweepOptions{}, scenario.ErrOverride, "Vary or Tornado"},
		{"a range without a step", s, SweepOptions{Vary: []string{"demand.streams[*].growth=0%:2%"}}, scenario.ErrOverride, "three parts"},
		{"a range in two units", s, SweepOptions{Vary: []string{"demand.streams[*].growth=0%:6:1"}}, scenario.ErrOverride, "same unit"},
		{"too many points", s, SweepOptions{Vary: []string{"demand.streams[*].growth=0%:20%:1%", "lots[Victims].service.caseworkers.caseload_per_fte=10:30:1"}}, scenario.ErrOverride, "more than 200"},
		{"a tornado without a colon", s, SweepOptions{Tornado: []string{"demand.streams[*].growth=1%"}}, scenario.ErrOverride, "LOW:HIGH"},
		{"an unknown metric", s, SweepOptions{Vary: []string{grow}, Metrics: []string{"wait_p99"}}, ErrCannotSimulate, `metric "wait_p99"`},
		{"an unknown outcome", s, SweepOptions{Tornado: []string{"demand.streams[*].growth=-1%:+1%"}, Outcome: "wait_p99"}, ErrCannotSimulate, `outcome "wait_p99"`},
		{"an unknown lot", s, SweepOptions{Sim: SimOptions{Replications: 2}, Vary: []string{"lots[Victim].service.caseworkers.fte=1"}}, scenario.ErrOverride, `no item named "Victim"`},
		{"an invalid value", s, SweepOptions{Sim: SimOptions{Replications: 2}, Vary: []string{"lots[0].service.caseworkers.caseload_per_fte=-2"}}, scenario.ErrOverride, "is not a valid scenario with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Sweep(context.Background(), tt.s, tt.opt)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Sweep: error %v; want one wrapping %v that says %q", err, tt.wantErr, tt.says)
			}
		})
	}
}

// TestSweep checks the grid's order, the default results and outcome,
// and the Point callbacks.
func TestSweep(t *testing.T) {
	t.Parallel()
	s := loadAll(t, "scenarios/staffordshire-2023.yaml")[0]
	var labels []string
	r, err := Sweep(context.Background(), s, SweepOptions{Sim: SimOptions{Replications: 2, Workers: 1},
		Vary:    []string{"demand.streams[*].growth=0%:2%:2%", "lots[Victims].service.caseworkers.caseload_per_fte=18:22:4"},
		Tornado: []string{"demand.streams[*].growth=-1%:+1%"},
		Point: func(i, n int, label string) (func(int, int), func()) {
			if i != len(labels) || n != 7 {
				t.Errorf("point %d of %d, want %d of 7", i, n, len(labels))
			}
			labels = append(labels, label)
			return nil, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"demand.streams[*].growth=0%, lots[Victims].service.caseworkers.caseload_per_fte=18",
		"demand.streams[*].growth=0%, lots[Victims].service.caseworkers.caseload_per_fte=22",
		"demand.streams[*].growth=2%, lots[Victims].service.caseworkers.caseload_per_fte=18",
		"demand.streams[*].growth=2%, lots[Victims].service.caseworkers.caseload_per_fte=22",
		"the scenario's own values", "demand.streams[*].growth+=-1%", "demand.streams[*].growth+=+1%",
	}
	if !slices.Equal(labels, want) {
		t.Errorf("point labels\n%q\nwant\n%q", labels, want)
	}
	if len(r.Points) != 4 || r.Seed != s.Simulation.Seed || r.Replications != 2 {
		t.Fatalf("%d points, seed %d, %d replications; want 4, the scenario's %d, 2", len(r.Points), r.Seed, r.Replications, s.Simulation.Seed)
	}
	var metrics []string
	for _, res := range r.Points[0].Results {
		metrics = append(metrics, res.Lot+":"+res.Metric)
	}
	if !slices.Contains(metrics, "Victims:share_referred_within_target") || !slices.Contains(metrics, "Perpetrators:cost_per_completion") {
		t.Errorf("default results %q lack the Victims' share seen within target or the Perpetrators' cost per completion", metrics)
	}
	if o := r.Tornado.Outcome; o.Lot != "Victims" || o.Metric != "share_referred_within_target" || len(r.Tornado.Parameters) != 1 {
		t.Errorf("tornado of %s:%s over %d parameters; want Victims:share_referred_within_target over 1", o.Lot, o.Metric, len(r.Tornado.Parameters))
	}
}
