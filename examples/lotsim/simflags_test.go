package main

import (
	"math"
	"testing"

	"github.com/lotsim/lotsim/report"
)

// TestEstimateCells checks the one rule every table's estimates follow:
// the column's decimals for mean and half-width alike, and a plain "0" for
// a figure nought in every replication, whatever the decimals.
func TestEstimateCells(t *testing.T) {
	t.Parallel()
	e := func(mean, lo, hi float64, n int) report.Estimate {
		return report.Estimate{Mean: report.Float(mean), Lo: report.Float(lo), Hi: report.Float(hi), N: n}
	}
	nan := math.NaN()
	tests := []struct {
		name     string
		in       report.Estimate
		decimals int
		want     string
		wantPct  string
		reason   string
	}{
		{"count", e(4763, 4742, 4784, 3), 0, "4,763 ±21", "476,300.0% ±2,100.0", ""},
		{"wait", e(0.44, 0.34, 0.54, 3), 1, "0.4 ±0.1", "44.0% ±10.0", ""},
		{"nought every time, no decimals", e(0, 0, 0, 3), 0, "0", "0%", "was \"0\""},
		{"nought every time, one decimal", e(0, 0, 0, 3), 1, "0", "0%", "was \"0.0\", beside \"0.0 ±0.1\" in the same column"},
		{"nought every time, two decimals", e(0, 0, 0, 3), 2, "0", "0%", "was \"0.00\""},
		{"small but not nought", e(0.01, -0.01, 0.03, 3), 1, "0.0 ±0.0", "1.0% ±2.0", "not \"0\": some replication was not nought"},
		{"constant, not nought", e(5, 5, 5, 3), 0, "5 ±0", "500.0% ±0.0", "the same in every replication keeps its ±"},
		{"one replication", e(2.5, nan, nan, 1), 1, "2.5", "250.0%", "no interval"},
		{"one replication, nought", e(0, nan, nan, 1), 1, "0", "0%", ""},
		{"no data", e(nan, nan, nan, 0), 1, "n/a", "n/a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := est(tt.in, tt.decimals); got != tt.want {
				t.Errorf("est(%+v, %d) = %q, want %q (%s)", tt.in, tt.decimals, got, tt.want, tt.reason)
			}
			if got := estPct(tt.in); got != tt.wantPct {
				t.Errorf("estPct(%+v) = %q, want %q (%s)", tt.in, got, tt.wantPct, tt.reason)
			}
		})
	}
}
