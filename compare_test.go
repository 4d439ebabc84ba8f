package lotsim

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// loadAll loads scenario files for a test.
func loadAll(t *testing.T, files ...string) []*scenario.Scenario {
	t.Helper()
	var ss []*scenario.Scenario
	for _, f := range files {
		s, err := scenario.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		ss = append(ss, s)
	}
	return ss
}

func TestCompareRejects(t *testing.T) {
	t.Parallel()
	ss := loadAll(t, "scenarios/staffordshire-2018.yaml", "scenarios/staffordshire-2023.yaml")
	tests := []struct {
		name string
		ss   []*scenario.Scenario
		opt  CompareOptions
	}{
		{"one scenario", ss[:1], CompareOptions{}},
		{"a nil scenario", []*scenario.Scenario{ss[0], nil}, CompareOptions{}},
		{"one replication", ss, CompareOptions{Sim: SimOptions{Replications: 1}}},
		{"a progress callback", ss, CompareOptions{Sim: SimOptions{Replications: 2, Progress: func(int, int) {}}}},
		{"a replication hook", ss, CompareOptions{Sim: SimOptions{Replications: 2, Replication: func(int, *simulate.Replication) {}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Compare(context.Background(), tt.ss, tt.opt); !errors.Is(err, ErrCannotSimulate) {
				t.Errorf("Compare: error %v, want ErrCannotSimulate", err)
			}
		})
	}
}

// TestCompare checks that every scenario runs with the baseline's seed,
// that Start is called for each in turn and its end after the run, and
// that Compare's differences are Paired's.
func TestCompare(t *testing.T) {
	t.Parallel()
	ss := loadAll(t, "scenarios/staffordshire-2018.yaml", "scenarios/staffordshire-2023.yaml")
	var calls []string
	var results []*SimResult
	r, err := Compare(context.Background(), ss, CompareOptions{Sim: SimOptions{Replications: 3, Workers: 1},
		Result: func(i int, res *SimResult) {
			if i != len(results) {
				t.Errorf("Result called for scenario %d after %d results", i, len(results))
			}
			results = append(results, res)
		},
		Start: func(i int, s *scenario.Scenario) (func(int, int), func()) {
			calls = append(calls, "start "+s.File)
			return func(done, total int) {
					if total != 3 {
						t.Errorf("progress total %d, want 3", total)
					}
				}, func() {
					calls = append(calls, "end "+s.File)
				}
		}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"start " + ss[0].File, "end " + ss[0].File, "start " + ss[1].File, "end " + ss[1].File}
	if !slices.Equal(calls, want) {
		t.Errorf("calls %q, want %q", calls, want)
	}
	if r.Seed != ss[0].Simulation.Seed || r.Replications != 3 || len(results) != 2 || results[1].Seed != r.Seed {
		t.Errorf("seed %d, replications %d, %d results; want the baseline's seed %d, 3 and 2", r.Seed, r.Replications, len(results), ss[0].Simulation.Seed)
	}
	c := r.Comparisons[0]
	if c.Baseline != ss[0].File || c.Alternative != ss[1].File || len(c.InputChanges) == 0 || len(c.Findings) == 0 {
		t.Errorf("comparison %s against %s: %d input changes, %d findings; want some of each", c.Alternative, c.Baseline, len(c.InputChanges), len(c.Findings))
	}
	pd, err := Paired(context.Background(), ss[0], ss[1], SimOptions{Replications: 3, Workers: 1},
		[]PairedMetric{{Lot: "Victims", Year: simulate.AllYears, Metric: simulate.WaitP90}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Differences {
		if d.Lot == "Victims" && d.Risk == "" && d.Metric == "wait_p90" {
			if float64(d.Diff.Mean) != pd[0].Mean || float64(d.Diff.Lo) != pd[0].CI.Lo {
				t.Errorf("Compare's difference %+v, Paired's %v %+v", d.Diff, pd[0].Mean, pd[0].CI)
			}
			return
		}
	}
	t.Error("no difference in the Victims' 90th percentile wait")
}

// A scenario built in code has no file to compare: no input changes.
func TestCompareWithoutFiles(t *testing.T) {
	t.Parallel()
	ss := loadAll(t, "scenarios/staffordshire-2023.yaml", "scenarios/staffordshire-2023.yaml")
	b := inCode(ss[1])
	r, err := Compare(context.Background(), []*scenario.Scenario{ss[0], b}, CompareOptions{Sim: SimOptions{Replications: 2, Workers: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if c := r.Comparisons[0]; c.InputChanges != nil || !c.SameLots || !c.SamePeriod {
		t.Errorf("input changes %v, same lots %v, same period %v; want none, true, true", c.InputChanges, c.SameLots, c.SamePeriod)
	}
}

// inCode returns a copy of s as a program would build it in Go: the same
// values, with no file behind them.
func inCode(s *scenario.Scenario) *scenario.Scenario {
	return &scenario.Scenario{
		File: s.File, SHA256: s.SHA256, Name: s.Name, Description: s.Description,
		BaseYear: s.BaseYear, Pool: s.Pool, Stated: s.Stated, Inflation: s.Inflation,
		Contracts: s.Contracts, Structure: s.Structure, Demand: s.Demand, Simulation: s.Simulation,
	}
}
