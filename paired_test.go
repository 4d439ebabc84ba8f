package lotsim_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// TestPairedSameScenario: a scenario compared with itself differs by
// exactly 0 in every replication, so the mean difference is 0 and its
// interval has zero width, while each run's own interval does not.
func TestPairedSameScenario(t *testing.T) {
	t.Parallel()
	s := parse(t, testshire)
	metrics := []lotsim.PairedMetric{
		{Lot: "Support", Year: simulate.AllYears, Metric: simulate.WaitMean},
		{Lot: "Support", Year: 1, Area: "South", Risk: lotting.Medium, Metric: simulate.Starts},
		{Lot: "Refuge", Year: simulate.AllYears, Metric: simulate.WaitP90},
		{Lot: "Front door", Year: 0, Area: "North", Metric: simulate.Referrals},
	}
	got, err := lotsim.Paired(context.Background(), s, s, lotsim.SimOptions{Replications: 8, Workers: 2}, metrics)
	if err != nil {
		t.Fatalf("Paired: %v", err)
	}
	for i, d := range got {
		if d.PairedMetric != metrics[i] {
			t.Errorf("result %d is for %+v, want %+v", i, d.PairedMetric, metrics[i])
		}
		if d.Mean != 0 || d.CI.Lo != 0 || d.CI.Hi != 0 || d.CI.HalfWidth != 0 || d.Diff.N() != d.A.N() || d.A.N() < 2 {
			t.Errorf("%+v: difference %v, CI %+v over %d replications (A has %d); want exactly 0 with zero width",
				d.PairedMetric, d.Mean, d.CI, d.Diff.N(), d.A.N())
		}
		if !(d.A.CI95().HalfWidth > 0) || d.A != d.B {
			t.Errorf("%+v: A %v ± %v, B %v ± %v; want equal runs with some spread",
				d.PairedMetric, d.A.Mean(), d.A.CI95().HalfWidth, d.B.Mean(), d.B.CI95().HalfWidth)
		}
	}
}

// TestPairedCapacity compares testshire with the same scenario at a
// lower cost per FTE for Support (£32,000 instead of £40,000: 25% more
// caseworkers from the same money). With common random numbers the two
// runs see the same referrals and case lengths, so the per-replication
// difference in Support's waits varies much less than either run: the
// paired 95% interval must be narrower than the unpaired one, which for
// independent runs of n replications each is sqrt(hwA² + hwB²) from the
// runs' own half-widths (the same t quantile, n-1 degrees of freedom).
// The paired mean difference must equal the difference of the means (the
// same replications count in both), and more caseworkers must mean
// shorter waits and more completions.
func TestPairedCapacity(t *testing.T) {
	t.Parallel()
	a := parse(t, testshire)
	b := parse(t, testshire, `cost_per_fte: "£40,000"`, `cost_per_fte: "£32,000"`)
	metrics := []lotsim.PairedMetric{
		{Lot: "Support", Year: simulate.AllYears, Metric: simulate.WaitMean},
		{Lot: "Support", Year: simulate.AllYears, Metric: simulate.MeanWaiting},
		{Lot: "Support", Year: simulate.AllYears, Metric: simulate.Completions},
	}
	got, err := lotsim.Paired(context.Background(), a, b, lotsim.SimOptions{Replications: 20, Workers: 2}, metrics)
	if err != nil {
		t.Fatalf("Paired: %v", err)
	}
	for i, d := range got {
		unpaired := math.Hypot(d.A.CI95().HalfWidth, d.B.CI95().HalfWidth)
		t.Logf("%v: A %.3f, B %.3f, paired B-A %.3f ± %.3f, unpaired ± %.3f (%.0f%% narrower)",
			d.Metric, d.A.Mean(), d.B.Mean(), d.Mean, d.CI.HalfWidth, unpaired, 100*(1-d.CI.HalfWidth/unpaired))
		if !(d.CI.HalfWidth < unpaired) {
			t.Errorf("%v: paired half-width %v, not narrower than unpaired %v", d.Metric, d.CI.HalfWidth, unpaired)
		}
		if d.Diff.N() != d.A.N() || d.Diff.N() != d.B.N() {
			t.Fatalf("%v: %d differences from %d and %d replications", d.Metric, d.Diff.N(), d.A.N(), d.B.N())
		}
		if want := d.B.Mean() - d.A.Mean(); math.Abs(d.Mean-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%v: mean difference %v, difference of means %v", d.Metric, d.Mean, want)
		}
		// Waits fall, completions rise: the whole interval on that side.
		if wantUp := i == 2; (wantUp && !(d.CI.Lo > 0)) || (!wantUp && !(d.CI.Hi < 0)) {
			t.Errorf("%v: B-A %v, CI [%v, %v]; want wholly %s 0", d.Metric, d.Mean, d.CI.Lo, d.CI.Hi, map[bool]string{true: "above", false: "below"}[wantUp])
		}
	}
}

// TestPairedErrors: metrics that do not fit either scenario, and a
// Replication hook Paired would overwrite, are errors before any run.
func TestPairedErrors(t *testing.T) {
	t.Parallel()
	a := parse(t, testshire)
	b := parse(t, testshire, "  - name: Refuge\n", "  - name: Shelter\n", "lot: Refuge}", "lot: Shelter}")
	tests := []struct {
		name    string
		metric  lotsim.PairedMetric
		opt     lotsim.SimOptions
		wantMsg string
	}{
		{"lot only in A", lotsim.PairedMetric{Lot: "Refuge"}, lotsim.SimOptions{}, `no lot "Refuge"`},
		{"unknown area", lotsim.PairedMetric{Lot: "Support", Area: "East"}, lotsim.SimOptions{}, `no area "East"`},
		{"year beyond the term", lotsim.PairedMetric{Lot: "Support", Year: 3}, lotsim.SimOptions{}, "no contract year 3"},
		{"bad risk", lotsim.PairedMetric{Lot: "Support", Risk: lotting.Risk(7)}, lotsim.SimOptions{}, "risk 7"},
		{"bad metric", lotsim.PairedMetric{Lot: "Support", Metric: simulate.NumMetrics}, lotsim.SimOptions{}, "not a simulate.Metric"},
		{"hook set", lotsim.PairedMetric{Lot: "Support"}, lotsim.SimOptions{Replication: func(int, *simulate.Replication) {}}, "SimOptions.Replication"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opt.Replications = 2
			_, err := lotsim.Paired(context.Background(), a, b, tt.opt, []lotsim.PairedMetric{tt.metric})
			if !errors.Is(err, lotsim.ErrCannotSimulate) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Paired = %v, want ErrCannotSimulate mentioning %q", err, tt.wantMsg)
			}
		})
	}
}
