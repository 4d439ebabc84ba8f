package lotsim

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

func TestFloatJSON(t *testing.T) {
	t.Parallel()
	for _, v := range []float64{0, 1.5, -2, math.NaN(), math.Inf(1)} {
		b, err := json.Marshal(Float(v))
		if err != nil {
			t.Fatal(err)
		}
		var got Float
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		finite := !math.IsNaN(v) && !math.IsInf(v, 0)
		switch {
		case finite && float64(got) != v:
			t.Errorf("%v: read back %v from %s", v, got, b)
		case !finite && (string(b) != "null" || !math.IsNaN(float64(got))):
			t.Errorf("%v: wrote %s, read back %v; want null and NaN", v, b, got)
		}
	}
}

// TestNewEstimate checks the interval against a hand calculation: 1, 2, 3
// have mean 2 and standard error 1/sqrt(3); t(0.975, 2 df) = 4.302653
// (tables), so the interval is 2 ± 2.484138.
func TestNewEstimate(t *testing.T) {
	t.Parallel()
	var s stats.Summary
	for _, v := range []float64{1, 2, 3} {
		s.Add(v)
	}
	e := newEstimate(s)
	const hw = 4.302653 / 1.7320508075688772
	if e.N != 3 || e.Mean != 2 || math.Abs(float64(e.Lo)-(2-hw)) > 1e-6 || math.Abs(float64(e.Hi)-(2+hw)) > 1e-6 {
		t.Errorf("estimate %+v, want mean 2, interval 2 ± %.6f, n 3", e, hw)
	}
	if !e.Excludes(-1) || e.Excludes(0) || math.Abs(e.HalfWidth()-hw) > 1e-6 {
		t.Errorf("Excludes(-1) %v, Excludes(0) %v, HalfWidth %v", e.Excludes(-1), e.Excludes(0), e.HalfWidth())
	}
}

func est(mean, lo, hi float64) Estimate {
	return Estimate{Mean: Float(mean), Lo: Float(lo), Hi: Float(hi), N: 10}
}

// TestNewRunReport runs a shipped scenario briefly and checks the report
// against the engine's results and the distributions' arithmetic.
func TestNewRunReport(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("scenarios/staffordshire-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Simulate(context.Background(), s, SimOptions{Replications: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRunReport(s, res)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Lots) != 2 || r.Replications != 3 || r.Version != Version || r.SHA256 != s.SHA256 {
		t.Fatalf("report header %+v", r)
	}
	for li, l := range r.Lots {
		total, ok := l.Cell("", "", "")
		if !ok || l.Cells[0].Year != "" || l.Cells[0].Area != "" || l.Cells[0].Risk != "" {
			t.Fatalf("%s: the first cell is not the total", l.Name)
		}
		want := res.Results.Cell(li, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Starts).Mean()
		if float64(total.Starts.Mean) != want {
			t.Errorf("%s: starts %v, engine %v", l.Name, total.Starts.Mean, want)
		}
		// Yearly starts add up to the whole period's.
		sum := 0.0
		for _, y := range r.Years {
			c, _ := l.Cell(y, "", "")
			sum += float64(c.Starts.Mean)
		}
		if math.Abs(sum-float64(total.Starts.Mean)) > 1e-6*sum {
			t.Errorf("%s: yearly starts add up to %v, whole period %v", l.Name, sum, total.Starts.Mean)
		}
		for _, d := range l.Waits {
			share := 0.0
			for i, b := range d.Bins {
				share += b.Share
				if !(b.To > b.From) || (i > 0 && b.From != d.Bins[i-1].To) {
					t.Errorf("%s %s: bin %d is [%v, %v]", l.Name, d.Risk, i, b.From, b.To)
				}
			}
			if math.Abs(share-1) > 1e-9 {
				t.Errorf("%s %s: shares add up to %v", l.Name, d.Risk, share)
			}
		}
		if len(l.WaitingList) != len(res.Results.SampleTimes) {
			t.Errorf("%s: %d waiting-list points, %d samples", l.Name, len(l.WaitingList), len(res.Results.SampleTimes))
		}
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("the report does not encode as JSON: %v", err)
	}
}

// TestRunReportYearsSimulated: a run over three years of a longer
// scenario speaks only of the years it simulated, in its capacity table
// and its findings.
func TestRunReportYearsSimulated(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("scenarios/essex-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Simulate(context.Background(), s, SimOptions{Replications: 3,
		Horizon: &scenario.Horizon{Kind: scenario.Fixed, Length: funding.Duration{N: 3, Unit: funding.Years}}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := NewRunReport(s, res)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Budget(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Budget.Capacity) >= len(full.Capacity) {
		t.Errorf("capacity years %d in the run report, %d in the budget; want fewer in a 3-year run", len(rep.Budget.Capacity), len(full.Capacity))
	}
	for _, cy := range rep.Budget.Capacity {
		if cy.Year.End().Before(rep.Start) || cy.Year.Start().After(rep.End) {
			t.Errorf("capacity year %s is outside the simulated period %s to %s", cy.Year, rep.Start, rep.End)
		}
	}
	last := full.Capacity[len(full.Capacity)-1].Year.String()
	for _, f := range rep.Findings {
		if strings.Contains(f.Text, last) {
			t.Errorf("a finding of a 3-year run names %s, after the period: %s", last, f.Text)
		}
	}
}

func TestTargetStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		step    float64
		targets map[string]float64
		want    float64
		reason  string
	}{
		{"no targets", 10, nil, 10, ""},
		{"2, 10 and 28 days", 10, map[string]float64{"high": 2, "medium": 10, "standard": 28}, 2, "the largest whole day count dividing all three"},
		{"28 days alone", 10, map[string]float64{"standard": 28}, 7, "weekly bins"},
		{"42 days under a 5-day step", 5, map[string]float64{"standard": 42}, 3, ""},
		{"target a multiple of the step", 10, map[string]float64{"standard": 30}, 10, ""},
		{"coprime targets", 5, map[string]float64{"high": 3, "standard": 28}, 1, ""},
		{"step under a day", 0.5, map[string]float64{"high": 2}, 0.5, "1-2-5 steps under a day divide every whole day"},
		{"fractional target", 10, map[string]float64{"high": 0.5}, 10, "no whole-day width fits; the step stands"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := targetStep(tc.step, tc.targets); got != tc.want {
				t.Errorf("targetStep(%v, %v) = %v, want %v %s", tc.step, tc.targets, got, tc.want, tc.reason)
			}
		})
	}
}
