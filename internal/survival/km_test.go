package survival

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestKaplanMeierHandWorked checks a small example worked by hand:
// times 1, 2+, 3, 3, 3+, 5, 6+ (+ censored). At t=1, 7 at risk, 1 event: S = 6/7.
// The censoring at 2 leaves 5 at risk at t=3 (the one censored at 3 counts), 2 events:
// S = 6/7·3/5 = 18/35. At t=5, 2 at risk, 1 event: S = 9/35.
func TestKaplanMeierHandWorked(t *testing.T) {
	t.Parallel()
	obs := []Obs{{3, false}, {1, true}, {6, false}, {3, true}, {2, false}, {5, true}, {3, true}, {-1, true}, {math.NaN(), true}}
	want := []KMStep{
		{T: 1, S: 6.0 / 7, AtRisk: 7, Events: 1},
		{T: 3, S: 18.0 / 35, AtRisk: 5, Events: 2},
		{T: 5, S: 9.0 / 35, AtRisk: 2, Events: 1},
	}
	got := KaplanMeier(obs)
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("KaplanMeier (-want +got):\n%s", diff)
	}
	if got := KaplanMeier([]Obs{{1, false}}); got != nil {
		t.Errorf("no events: %v, want nil", got)
	}
	// QQ on the same data: KM reaches F = 26/35; with n = 1 the probability is 13/35,
	// and the first step with 1 - S ≥ 13/35 is t = 3 (1 - 18/35 = 17/35).
	q := QQ(obs, Fit{Family: Exponential, Params: []float64{0.2}}, 1)
	if len(q) != 1 || math.Abs(q[0].P-13.0/35) > 1e-15 || q[0].Observed != 3 ||
		math.Abs(q[0].Fitted-(-math.Log(1-13.0/35)/0.2)) > 1e-12 {
		t.Errorf("QQ = %+v", q)
	}
	if QQ(obs, Fit{}, 0) != nil || QQ(nil, Fit{}, 5) != nil {
		t.Error("QQ with n = 0 or no data should be nil")
	}
}

// TestQQOnDiagonal checks that for exact exponential data the Q-Q points lie on the
// diagonal within 5 standard errors, combining the sample quantile's
// √(p/((1-p)n))/λ and the fitted quantile's relative error 1/√n.
func TestQQOnDiagonal(t *testing.T) {
	t.Parallel()
	const n, rate = 20000, 1.0 / 90
	obs := simulate(truth{Exponential, []float64{rate}}, n, math.Inf(1), newRand(21, 22))
	fit, err := FitFamily(obs, Exponential)
	if err != nil {
		t.Fatal(err)
	}
	pts := QQ(obs, fit, 19)
	if len(pts) != 19 {
		t.Fatalf("%d points, want 19", len(pts))
	}
	for i, p := range pts {
		checkClose(t, "P", float64(i+1)/20, p.P, 1e-12)
		se := math.Hypot(math.Sqrt(p.P/((1-p.P)*n))/rate, p.Fitted/math.Sqrt(n))
		if math.Abs(p.Observed-p.Fitted) > 5*se {
			t.Errorf("P=%.2f: observed %g, fitted %g, more than 5 se (%g) apart", p.P, p.Observed, p.Fitted, se)
		}
	}
}
