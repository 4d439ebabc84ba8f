package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/scenario"
)

// TestCapacityChartLabelsEveryLot: Staffordshire's perpetrators lot takes
// 89 cases a year beside victims' 4,763, so on a scale of cases it is a
// sliver; as demand over capacity each lot's bar is labelled with its
// share, and the figure is called what it is, not utilisation.
func TestCapacityChartLabelsEveryLot(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("scenarios/staffordshire-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := lotsim.Budget(s)
	if err != nil {
		t.Fatal(err)
	}
	c := capacityChart(b)
	svg := string(c.SVG("fig"))
	if len(c.Items) != len(b.Capacity[0].Lots) {
		t.Fatalf("%d items, %d lots", len(c.Items), len(b.Capacity[0].Lots))
	}
	for _, l := range b.Capacity[0].Lots {
		label := fmt.Sprintf(">%.0f%%", 100*l.ExpectedDemand/l.CasesPerYear)
		if !strings.Contains(svg, label) {
			t.Errorf("%s: no value label %q in the chart", l.Lot, label[1:])
		}
	}
	if strings.Contains(strings.ToLower(svg), "utilisation") || !strings.Contains(svg, "demand as a share of capacity") {
		t.Error(`the chart must say "demand as a share of capacity", not "utilisation"`)
	}
}

// TestWaitsChartTargets: every risk level's target falls on an edge of its
// panel's bins and has a legend entry of its own naming the level and
// the days; the closed bins are of one width.
func TestWaitsChartTargets(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("scenarios/staffordshire-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := lotsim.NewRunReport(s, res)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range r.Lots {
		if l.FrontDoor {
			continue
		}
		c := waitsChart(l)
		labels := map[string]bool{}
		for _, sr := range c.Series {
			colour, ok := render.RiskColour(sr.Risk)
			if !ok || !strings.Contains(string(c.SVG("f")), `fill="`+colour+`"`) {
				t.Errorf("%s %s: not drawn in the risk level's colour", l.Name, sr.Name)
			}
			target, hasTarget := l.WaitTargets[sr.Risk]
			if !hasTarget {
				continue
			}
			if len(sr.Lines) != 1 {
				t.Fatalf("%s %s: %d target lines, want 1", l.Name, sr.Name, len(sr.Lines))
			}
			want := fmt.Sprintf("%s risk target: %g days", sr.Risk, target)
			if sr.Lines[0].Label != want || labels[want] {
				t.Errorf("%s %s: target labelled %q, want %q, once", l.Name, sr.Name, sr.Lines[0].Label, want)
			}
			labels[want] = true
			onEdge := false
			for _, b := range sr.Bins {
				onEdge = onEdge || math.Abs(b.Lo-target) < 1e-9 || math.Abs(b.Hi-target) < 1e-9
			}
			if !onEdge {
				t.Errorf("%s %s: the %g-day target falls inside a bin", l.Name, sr.Name, target)
			}
			closed := sr.Bins
			if c.OpenEnded {
				closed = closed[:len(closed)-1]
			}
			for i, b := range closed {
				if w0 := closed[0].Hi - closed[0].Lo; math.Abs(b.Hi-b.Lo-w0) > 1e-9 {
					t.Errorf("%s %s: bin %d is %g wide, the first %g", l.Name, sr.Name, i, b.Hi-b.Lo, w0)
				}
			}
		}
	}
}
