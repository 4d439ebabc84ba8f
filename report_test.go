package lotsim

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

func est(mean, lo, hi float64) report.Estimate {
	return report.Estimate{Mean: report.Float(mean), Lo: report.Float(lo), Hi: report.Float(hi), N: 10}
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
