package lotsim

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// TestFindRunFindings draws findings from hand-made figures and checks
// the arithmetic of each sentence by hand.
func TestFindRunFindings(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	// Three contract years of 365 days, whose midpoints are 730 days =
	// 730 / (365.25/12) = 23.98 months apart. The waiting list averages
	// 100 ± 10 in year 1 and 340 ± 14 in year 3, so it grows by 240 /
	// 23.98 = 10.0 a month, ± 24 / 23.98 = 1.0.
	m := &simulate.Model{Horizon: 1095, YearStarts: []float64{0, 365, 730},
		Lots: []simulate.Lot{{Name: "Victims", Slots: []simulate.CapacityStep{{Slots: 50}}}}}
	cell := func(year, area, risk string) report.CellResult {
		return report.CellResult{Year: year, Area: area, Risk: risk, Utilisation: est(nan, nan, nan), WithinTarget: est(nan, nan, nan),
			ReferredWithinTarget: est(nan, nan, nan), YearEndWaiting: est(nan, nan, nan), MeanWaiting: est(nan, nan, nan)}
	}
	total := cell("", "", "")
	total.Utilisation = est(0.99, 0.97, 1)
	total.Referrals = est(1000, 990, 1010)
	total.Disengaged = est(150, 140, 160)
	total.TurnedAway = est(12, 10, 14)
	total.Starts = est(900, 890, 910)
	total.Completions = est(1200, 1190, 1210)
	total.ExcessCases = est(400, 390, 410)
	y1, y2, y3 := cell("1", "", ""), cell("2", "", ""), cell("3", "", "")
	y1.MeanWaiting = est(100, 90, 110)
	y3.MeanWaiting = est(340, 326, 354)
	// High risk: 50% of referrals seen within a 2-day target (interval
	// 45% to 55%), below 90%, in every year; 80% of those who started
	// were. Medium: 85% (80% to 95%), whose interval includes 90%.
	high, medium := cell("", "", "high"), cell("", "", "medium")
	high.ReferredWithinTarget = est(0.5, 0.45, 0.55)
	high.WithinTarget = est(0.8, 0.75, 0.85)
	medium.ReferredWithinTarget = est(0.85, 0.80, 0.95)
	hy1, hy2, hy3 := cell("1", "", "high"), cell("2", "", "high"), cell("3", "", "high")
	for i, c := range []*report.CellResult{&hy1, &hy2, &hy3} {
		c.ReferredWithinTarget = est(0.6-0.1*float64(i), 0.5-0.1*float64(i), 0.7-0.1*float64(i))
	}
	hy1.MissedTarget = &report.Probability{Estimate: 0.8}
	hy2.MissedTarget = &report.Probability{Estimate: 1}
	hy3.MissedTarget = &report.Probability{Estimate: 1}
	north, south := cell("", "North", "high"), cell("", "South", "high")
	north.ReferredWithinTarget = est(0.6, 0.5, 0.7)
	south.ReferredWithinTarget = est(0.4, 0.3, 0.5)
	// The budget's hand arithmetic: over capacity in two of three years.
	budget := &report.Budget{Capacity: []report.CapacityYear{
		{Year: 2025, Lots: []report.LotCapacity{{Lot: "Victims", ExpectedDemand: 480, CasesPerYear: 500, Utilisation: 0.96}}},
		{Year: 2026, Lots: []report.LotCapacity{{Lot: "Victims", ExpectedDemand: 510, CasesPerYear: 500, Utilisation: 1.02, OverCapacity: true}}},
		{Year: 2027, Lots: []report.LotCapacity{{Lot: "Victims", ExpectedDemand: 594, CasesPerYear: 500, Utilisation: 1.188, OverCapacity: true}}},
	}}
	r := &report.Run{
		Replications: 10, Years: []string{"1", "2", "3"}, Areas: []string{"North", "South"}, Budget: budget,
		Lots: []report.LotResult{{Name: "Victims", WaitTargets: map[string]float64{"high": 2, "medium": 10}, InheritedOpenCases: 1000, InheritedWaiting: 20,
			Cells: []report.CellResult{total, y1, y2, y3, high, medium, hy1, hy2, hy3, north, south}}},
	}
	got := report.RunFindings(r, m)
	want := map[report.FindingKind]string{
		"inherited_overload": "Victims starts with 1,000 open cases, more than its capacity of 50 at a time: on average 400.0 cases are held above capacity over the period (95% CI 390.0 to 410.0), and new referrals wait until the caseload falls below it.",
		"over_capacity":      "Victims is over capacity in 2 years of 3 simulated (2026/27 to 2027/28): in 2026/27, 510 referrals are expected against capacity for 500 cases (demand 102.0% of capacity), rising to 118.8% of capacity in 2027/28.",
		"full":               "Victims is full: its capacity is in use 99.0% of the time (95% CI 97.0% to 100.0%).",
		"waiting_list_grows": "The waiting list at Victims grows by 10.0 a month (95% CI 9.0 to 11.0): it averages 100 in the first contract year (1) and 340 in the last (3).",
		"target_missed":      "High-risk referrals to Victims miss the 2-day target in every contract year (1 to 3): over the period 50.0% of those referred are seen within it (95% CI 45.0% to 55.0%), against the 90% a year must reach (of those who started, 80.0% were); the chance of missing it in a contract year ranges from 80% (1) to 100% (2); it is worst in South (40.0% of those referred seen within target).",
		"gave_up":            "150 people give up waiting for Victims over the period (95% CI 140 to 160), 15.0% of its 1,000 referrals.",
		"turned_away":        "Victims turns away 12 people over the period because it is full (95% CI 10 to 14), 1.2% of its 1,000 referrals.",
		"inherited":          "Victims inherits 1,000 open cases and 20 people waiting when the period starts: their completions count in the period but the open cases' starts do not, so completions (1,200) exceed starts (900).",
	}
	seen := map[report.FindingKind]bool{}
	for _, f := range got {
		w, ok := want[f.Kind]
		if !ok {
			t.Errorf("unexpected finding %s: %s", f.Kind, f.Text)
			continue
		}
		seen[f.Kind] = true
		if f.Text != w {
			t.Errorf("%s:\n got %s\nwant %s", f.Kind, f.Text, w)
		}
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("no %s finding", k)
		}
	}

	// A waiting list whose interval of change includes zero is not
	// claimed: 100 ± 10 to 110 ± 10 is +10 ± 20 over the two years; nor
	// is one that moves too little to matter, from 0.1 to 2 with tight
	// intervals (the change, 1.9 people, is below PracticalChangePeople).
	for _, ends := range [][2]report.Estimate{{est(100, 90, 110), est(110, 100, 120)}, {est(0.1, 0.05, 0.15), est(2, 1.9, 2.1)}} {
		y1.MeanWaiting, y3.MeanWaiting = ends[0], ends[1]
		r.Lots[0].Cells[1], r.Lots[0].Cells[3] = y1, y3
		for _, f := range report.RunFindings(r, m) {
			if strings.HasPrefix(string(f.Kind), "waiting_list") {
				t.Errorf("claimed %s from %v to %v: %s", f.Kind, ends[0].Mean, ends[1].Mean, f.Text)
			}
		}
	}
}

// TestFindingsOneReplication: with one replication there is no interval;
// findings say so, and no NaN or Inf reaches their text.
func TestFindingsOneReplication(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("scenarios/staffordshire-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Simulate(context.Background(), s, SimOptions{Replications: 1, Horizon: &scenario.Horizon{Kind: scenario.Fixed, Length: funding.Duration{N: 1, Unit: funding.Years}}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := NewRunReport(s, res)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[report.FindingKind]bool{}
	for _, f := range rep.Findings {
		kinds[f.Kind] = true
		for _, bad := range []string{"NaN", "Inf", "95% CI"} {
			if strings.Contains(f.Text, bad) {
				t.Errorf("%s finding with one replication says %q: %s", f.Kind, bad, f.Text)
			}
		}
	}
	if !kinds[report.KindNoInterval] {
		t.Errorf("no %s finding with one replication; findings: %v", report.KindNoInterval, kinds)
	}
}

// TestRunReportStoppingRule: a run sized by a stopping rule records the
// rule, the precision asked for and reached, and whether it was met; one
// that cannot meet it says so in a finding.
func TestRunReportStoppingRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		width    float64
		max      int
		wantMet  bool
		wantKind bool
	}{{0.5, 20, true, false}, {1e-6, 3, false, true}} {
		s, err := scenario.Load("scenarios/staffordshire-2023.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s.Simulation.StoppingRule = &scenario.StoppingRule{Metric: "standard_risk_wait_p90", Lot: "Victims", RelativeHalfWidth: tc.width, Min: 2, Max: tc.max}
		res, err := Simulate(context.Background(), s, SimOptions{Horizon: &scenario.Horizon{Kind: scenario.Fixed, Length: funding.Duration{N: 1, Unit: funding.Years}}})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := NewRunReport(s, res)
		if err != nil {
			t.Fatal(err)
		}
		st := rep.Stopping
		if st == nil {
			t.Fatalf("width %v: no stopping rule in the report", tc.width)
		}
		if st.Metric != "standard_risk_wait_p90" || st.Lot != "Victims" || st.RelativeHalfWidth != tc.width || st.Met != tc.wantMet ||
			st.Replications != rep.Replications || st.Max != tc.max {
			t.Errorf("width %v: stopping %+v, want met %v", tc.width, st, tc.wantMet)
		}
		if a := float64(st.Achieved); tc.wantMet && !(a <= tc.width) {
			t.Errorf("width %v: met with achieved precision %v", tc.width, a)
		}
		found := false
		for _, f := range rep.Findings {
			found = found || f.Kind == report.KindStoppingRuleNotMet
		}
		if found != tc.wantKind {
			t.Errorf("width %v: stopping_rule_not_met finding %v, want %v", tc.width, found, tc.wantKind)
		}
	}
}
