package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// TestOptimiseJSON runs optimise on the two-lot scenario whose optimum the
// closed forms give (optimise/testdata/two-lots.yaml: 34 and 49 slots of
// £40,000) and checks the JSON contract and the plan written by --out.
func TestOptimiseJSON(t *testing.T) {
	t.Parallel()
	plan := filepath.Join(t.TempDir(), "plan.yaml")
	out, errOut, code := runIn(t, "optimise", "--quiet", "--format", "json", "--step", "£40k", "--out", plan, "optimise/testdata/two-lots.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"goal", "feasible", "plan", "current", "binding", "extra_money", "method", "limitations"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("JSON has no %q", key)
		}
	}
	var r report.Optimise
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Goal != "split" || !r.Feasible || r.Current.Feasible {
		t.Errorf("goal %q, feasible %v, today feasible %v; want split, true, false", r.Goal, r.Feasible, r.Current.Feasible)
	}
	want := map[string]string{"North victims": "1360000", "South victims": "1980000"} // 34 slots; 49 and the leftover £20,000
	for _, l := range r.Plan.Lots {
		if got := l.Money.Decimal().String(); got != want[l.Name] {
			t.Errorf("%s: money %s, want %s", l.Name, got, want[l.Name])
		}
	}
	if !strings.Contains(string(mustJSON(t, raw["plan"])), `"money":"1360000"`) {
		t.Errorf("plan.lots[].money is not an exact decimal string: %s", mustJSON(t, raw["plan"]))
	}
	s, err := scenario.LoadValid(plan)
	if err != nil {
		t.Fatalf("--out %s: %v", plan, err)
	}
	alloc, err := s.LotFunding(s.BaseYear)
	if err != nil {
		t.Fatal(err)
	}
	if got := alloc.Parts[0].Decimal().String(); got != "1360000" {
		t.Errorf("the written plan gives North %s, want 1360000", got)
	}
	if s.Name != "Two lots (lotsim optimise: split)" {
		t.Errorf("the written plan is named %q; want the scenario's name marked as a plan", s.Name)
	}
}

func TestOptimiseRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one lot to move", []string{"scenarios/staffordshire-2023.yaml"}, "at least two lots"},
		{"replications", []string{"--replications", "5", "optimise/testdata/two-lots.yaml"}, "flag provided but not defined: -replications"},
		{"a bad level", []string{"--require", "standard=190%", "optimise/testdata/two-lots.yaml"}, "below 100%"},
		{"a bad step", []string{"--step", "five", "optimise/testdata/two-lots.yaml"}, "--step"},
		{"a miss chance without %", []string{"--max-miss-chance", "10", "optimise/testdata/two-lots.yaml"}, "want a percentage"},
		{"an unknown goal", []string{"--goal", "cheapest", "optimise/testdata/two-lots.yaml"}, "want split or money"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errOut, code := runIn(t, append([]string{"optimise", "--quiet"}, tt.args...)...)
			if code != exitInvalid || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d saying %q", code, errOut, exitInvalid, tt.want)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOptimiseMoneyOut: --out with --goal money writes a scenario whose
// pool has the extra money as a new funder and whose lots have the plan's
// money each year: with the pool cut to £3,180,000 the lots need £140,000
// a year more, North £1,360,000 and South £1,960,000.
func TestOptimiseMoneyOut(t *testing.T) {
	t.Parallel()
	plan := filepath.Join(t.TempDir(), "plan.yaml")
	_, errOut, code := runIn(t, "optimise", "--quiet", "--goal", "money", "--step", "£40k", "--out", plan,
		"--set", "funders[Council].annual.amount=£3,180,000", "optimise/testdata/two-lots.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	s, err := scenario.LoadValid(plan)
	if err != nil {
		t.Fatalf("--out %s: %v", plan, err)
	}
	for _, fy := range []funding.FinancialYear{2024, 2025} {
		alloc, err := s.LotFunding(fy)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{alloc.Parts[0].Decimal().String(), alloc.Parts[1].Decimal().String(), s.Pool.Total(fy).Decimal().String()}
		if want := []string{"1360000", "1960000", "3320000"}; !slices.Equal(got, want) {
			t.Errorf("%s: North, South and pool %v, want %v", fy, got, want)
		}
	}
}

// TestOptimisePerYearOut: --per-year writes each lot's money by year and
// the JSON says the split is per year.
func TestOptimisePerYearOut(t *testing.T) {
	t.Parallel()
	plan := filepath.Join(t.TempDir(), "plan.yaml")
	out, errOut, code := runIn(t, "optimise", "--quiet", "--format", "json", "--per-year", "--step", "£40k", "--out", plan, "optimise/testdata/two-lots.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r report.Optimise
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !r.PerYear || r.Goal != "split" || len(r.Plan.Lots[0].MoneyByYear) != 2 {
		t.Errorf("per year %v, goal %q, North's money by year %v; want true, split and two years", r.PerYear, r.Goal, r.Plan.Lots[0].MoneyByYear)
	}
	s, err := scenario.LoadValid(plan)
	if err != nil {
		t.Fatalf("--out %s: %v", plan, err)
	}
	alloc, err := s.LotFunding(2025)
	if err != nil {
		t.Fatal(err)
	}
	if got := alloc.Parts[0].Decimal().String(); got != "1360000" {
		t.Errorf("the written plan gives North %s in 2025/26, want 1360000", got)
	}
}
