package simulate

import (
	"context"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/lotting"
)

// TestStoppingRule: the run stops at the first replication count (at least
// Min) whose 95% interval for the mean wait is within 10% of the mean; the
// count is the same for any number of workers, and one replication fewer
// does not meet the rule.
func TestStoppingRule(t *testing.T) {
	t.Parallel()
	m := mmcModel(1, 0.8, 1, 2000, 200)
	stop := &StoppingRule{Metric: WaitMean, Lot: 0, Risk: AllRisks, RelativeHalfWidth: 0.1, Min: 5, Max: 500}
	meets := func(r *Results) bool {
		s := r.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean)
		return s.CI95().HalfWidth <= 0.1*math.Abs(s.Mean())
	}
	var n []int
	for _, w := range []int{1, 3} {
		res, err := Run(context.Background(), m, Options{Seed: 17, Workers: w, Stop: stop})
		if err != nil {
			t.Fatal(err)
		}
		if !meets(res) || res.Replications < stop.Min || res.Replications >= stop.Max {
			t.Errorf("%d workers: stopped after %d replications, rule met %v", w, res.Replications, meets(res))
		}
		n = append(n, res.Replications)
	}
	if n[0] != n[1] {
		t.Errorf("stopped after %d replications with 1 worker, %d with 3", n[0], n[1])
	}
	if n[0] > stop.Min {
		if fewer := run(t, m, 17, n[0]-1); meets(fewer) {
			t.Errorf("the rule was already met after %d replications", n[0]-1)
		}
	}
	t.Logf("stopped after %d replications", n[0])
}

// TestWaitingBands: with no capacity and one referral a day, the waiting
// list at time t is Poisson with mean t; the bands are ordered and centred
// on it.
func TestWaitingBands(t *testing.T) {
	t.Parallel()
	m := mmcModel(0, 1, 1, 100, 0)
	m.SampleEvery = 10
	res := run(t, m, 18, 50)
	bands := res.WaitingBands(0)
	if len(bands) != 10 {
		t.Fatalf("%d bands, want 10 (days 0, 10, ..., 90)", len(bands))
	}
	for _, b := range bands {
		if !(b.P10 <= b.P50 && b.P50 <= b.P90) {
			t.Errorf("day %v: bands out of order: %v %v %v", b.T, b.P10, b.P50, b.P90)
		}
		// Mean of 50 Poisson(t) counts: SE sqrt(t/50); 4 SE tolerance.
		if se := math.Sqrt(b.T / 50); math.Abs(b.Mean-b.T) > 4*se+1e-12 {
			t.Errorf("day %v: mean waiting list %v, want %v within 4 SE (%v)", b.T, b.Mean, b.T, 4*se)
		}
	}
}

// TestCellsByAreaAndRisk: cells split by area and risk add up to the totals,
// and a risk a stream never has gets no referrals.
func TestCellsByAreaAndRisk(t *testing.T) {
	t.Parallel()
	res := run(t, fullModel(), 19, 3)
	for _, m := range []Metric{Referrals, Starts, Completions, Disengaged, MeanWaiting, YearEndWaiting} {
		for y := range res.Years {
			total := res.Cell(0, y, AllAreas, AllRisks).Metric(m).Mean()
			sum := 0.0
			for a := range res.Areas {
				for _, r := range []lotting.Risk{lotting.Standard, lotting.Medium, lotting.High} {
					sum += res.Cell(0, y, a, r).Metric(m).Mean()
				}
			}
			if math.Abs(sum-total) > 1e-9*math.Max(1, total) {
				t.Errorf("%v year %d: cells sum to %v, total %v", m, y, sum, total)
			}
		}
	}
	// Lot 3 (refuge) takes only South victims of medium risk.
	if got := res.Cell(3, AllYears, 0, AllRisks).Metric(Referrals).Mean(); got != 0 {
		t.Errorf("refuge referrals from North = %v, want 0", got)
	}
}

func TestParseMetric(t *testing.T) {
	t.Parallel()
	var got []string
	for m := range NumMetrics {
		p, err := ParseMetric(m.String())
		if err != nil || p != m {
			t.Errorf("ParseMetric(%q) = %v, %v", m.String(), p, err)
		}
		got = append(got, m.String())
	}
	if _, err := ParseMetric("wait_p99"); err == nil {
		t.Error("ParseMetric(wait_p99) succeeded")
	}
	if diff := cmp.Diff(metricNames[:], got); diff != "" {
		t.Error(diff)
	}
}
