package stats

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestZ975(t *testing.T) {
	t.Parallel()
	if got := distuv.UnitNormal.Quantile(0.975); math.Abs(got-z975) > 1e-15 {
		t.Errorf("z975 = %.17g, normal quantile %.17g", z975, got)
	}
}

func TestWilson95(t *testing.T) {
	t.Parallel()
	// Four-decimal intervals from Newcombe (1998), "Two-sided confidence
	// intervals for the single proportion", Statistics in Medicine 17,
	// Table I, method 3 (Wilson score without continuity correction), plus
	// the brief's 8/10 and the closed forms for none or all of n successes:
	// [0, z^2/(n+z^2)] and [n/(n+z^2), 1].
	nan := math.NaN()
	tests := []struct {
		name              string
		successes, trials int
		wantLo, wantHi    float64
	}{
		{name: "8/10", successes: 8, trials: 10, wantLo: 0.4902, wantHi: 0.9433},
		{name: "Newcombe a", successes: 81, trials: 263, wantLo: 0.2553, wantHi: 0.3662},
		{name: "Newcombe b", successes: 15, trials: 148, wantLo: 0.0624, wantHi: 0.1605},
		{name: "Newcombe c", successes: 0, trials: 20, wantLo: 0, wantHi: 0.1611},
		{name: "Newcombe d", successes: 1, trials: 29, wantLo: 0.0061, wantHi: 0.1718},
		{name: "none of 10", successes: 0, trials: 10, wantLo: 0, wantHi: z975 * z975 / (10 + z975*z975)},
		{name: "all of 10", successes: 10, trials: 10, wantLo: 10 / (10 + z975*z975), wantHi: 1},
		{name: "no trials", successes: 0, trials: 0, wantLo: nan, wantHi: nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p Proportion
			for i := range tt.trials {
				p.Add(i < tt.successes)
			}
			got := p.Wilson95()
			want := Interval{tt.wantLo, tt.wantHi, (tt.wantHi - tt.wantLo) / 2}
			// Published values are rounded to 4 decimals.
			approx := cmp.Comparer(func(a, b float64) bool { return near(a, b, 0.5e-4) })
			if diff := cmp.Diff(want, got, approx); diff != "" {
				t.Errorf("Wilson95 of %d/%d (-want +got):\n%s", tt.successes, tt.trials, diff)
			}
			// The ends are exact where they must be.
			if tt.trials > 0 && tt.successes == 0 && got.Lo != 0 {
				t.Errorf("Lo = %g, want exactly 0", got.Lo)
			}
			if tt.trials > 0 && tt.successes == tt.trials && got.Hi != 1 {
				t.Errorf("Hi = %g, want exactly 1", got.Hi)
			}
		})
	}
}

func TestProportion(t *testing.T) {
	t.Parallel()
	var a, b Proportion
	for _, ok := range []bool{true, false, true} {
		a.Add(ok)
	}
	for _, ok := range []bool{false, false, true, true, true} {
		b.Add(ok)
	}
	a.Merge(b)
	type counts struct {
		Successes, Trials int
		Estimate          float64
	}
	want := counts{Successes: 5, Trials: 8, Estimate: 5.0 / 8}
	got := counts{a.Successes(), a.Trials(), a.Estimate()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged Proportion (-want +got):\n%s", diff)
	}
	var empty Proportion
	if got := empty.Estimate(); !math.IsNaN(got) {
		t.Errorf("Estimate with no trials = %v, want NaN", got)
	}
}

// The methods below are used only by tests, so they live here rather
// than in the package proper.

// Merge adds the trials counted by o. Counts are integers, so merging is
// exact and order does not matter.
func (p *Proportion) Merge(o Proportion) {
	p.successes += o.successes
	p.trials += o.trials
}
