package queueing

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// Extreme-input grid for the property test: servers 1..10^6, offered load
// 1e-9..1e7 (with μ = 1, so λ = load), θ 0..1e3 and t 0..1e4, the ranges
// the brief for this package asks to survive.
var (
	gridServers = []int{1, 2, 20, 1000, 1_000_000}
	gridLoads   = []float64{1e-9, 1e-3, 0.5, 1, 17.5, 999, 1e4, 1e6, 1e7}
	gridThetas  = []float64{0, 1e-3, 1, 1e3}
	gridTimes   = []float64{0, 1e-3, 1, 28, 1e4}
)

// finite01 reports whether x is a probability: finite and in [0, 1].
func finite01(x float64) bool { return x >= 0 && x <= 1 }

// TestNoNaNOnExtremeGrid: over the grid, every function returns a number
// (never NaN, +Inf only where documented), probabilities lie in [0, 1],
// the share started within t rises with t and stays below the share who
// do not give up, reaching it as t → ∞.
func TestNoNaNOnExtremeGrid(t *testing.T) {
	t.Parallel()
	for _, c := range gridServers {
		for _, a := range gridLoads {
			t.Run(fmt.Sprintf("c=%d a=%g", c, a), func(t *testing.T) {
				t.Parallel()
				if b, ec := ErlangB(c, a), ErlangC(c, a); !finite01(b) || !finite01(ec) || b > ec {
					t.Errorf("B = %v, C = %v", b, ec)
				}
				m, err := NewMMc(c, a, 1)
				if err != nil {
					t.Fatal(err)
				}
				if w := m.MeanWait(); math.IsNaN(w) || w < 0 || (math.IsInf(w, 1) && m.Stable()) {
					t.Errorf("M/M/c mean wait %v (stable %v)", w, m.Stable())
				}
				for _, p := range []float64{0, 0.5, 0.9, 0.999} {
					if w := m.WaitQuantile(p); math.IsNaN(w) || w < 0 || (math.IsInf(w, 1) && m.Stable()) {
						t.Errorf("M/M/c %v-quantile %v", p, w)
					}
				}
				prev := -1.0
				for _, w := range gridTimes {
					s := m.ShareStartedWithin(w)
					if !finite01(s) || s < prev {
						t.Errorf("M/M/c share within %v = %v after %v", w, s, prev)
					}
					prev = s
				}
				for _, theta := range gridThetas {
					q, err := NewErlangA(c, a, 1, theta)
					switch {
					case errors.Is(err, ErrUnstable) && theta == 0 && a >= float64(c):
						continue
					case errors.Is(err, ErrTooManyStates):
						t.Logf("θ=%g: %v", theta, err)
						continue
					case err != nil:
						t.Fatalf("θ=%g: %v", theta, err)
					}
					pw, pa, mw := q.ProbWait(), q.ProbAbandon(), q.MeanWait()
					if !finite01(pw) || !finite01(pa) || math.IsNaN(mw) || math.IsInf(mw, 0) || mw < 0 {
						t.Errorf("θ=%g: P(wait) %v, P(abandon) %v, mean wait %v", theta, pw, pa, mw)
					}
					prev := -1.0
					for _, w := range gridTimes {
						s := q.ShareStartedWithin(w)
						if !finite01(s) || s < prev-1e-12 || s > 1-pa+1e-9 {
							t.Errorf("θ=%g: share within %v = %v after %v, P(abandon) %v", theta, w, s, prev, pa)
						}
						prev = s
					}
					// Eventually everyone who does not give up starts.
					if s := q.ShareStartedWithin(math.Inf(1)); math.Abs(s-(1-pa)) > 1e-9 {
						t.Errorf("θ=%g: share eventually %v, 1 - P(abandon) %v", theta, s, 1-pa)
					}
				}
			})
		}
	}
}
