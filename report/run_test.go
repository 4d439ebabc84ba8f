package report

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/lotsim/lotsim/internal/stats"
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
	e := NewEstimate(s)
	const hw = 4.302653 / 1.7320508075688772
	if e.N != 3 || e.Mean != 2 || math.Abs(float64(e.Lo)-(2-hw)) > 1e-6 || math.Abs(float64(e.Hi)-(2+hw)) > 1e-6 {
		t.Errorf("estimate %+v, want mean 2, interval 2 ± %.6f, n 3", e, hw)
	}
	if !e.Excludes(-1) || e.Excludes(0) || math.Abs(e.HalfWidth()-hw) > 1e-6 {
		t.Errorf("Excludes(-1) %v, Excludes(0) %v, HalfWidth %v", e.Excludes(-1), e.Excludes(0), e.HalfWidth())
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
