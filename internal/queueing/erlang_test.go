package queueing

import (
	"errors"
	"math"
	"testing"
)

// near reports whether got is within tol of want, absolutely or relative
// to want, whichever is larger.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// erlangBSum is Erlang B from its definition, (a^c/c!)/Σ_{k≤c} a^k/k!,
// summed in logarithms (log a^k/k! = k log a - lgamma(k+1)) relative to
// the largest term: an independent route to the recursion's value.
func erlangBSum(c int, a float64) float64 {
	logTerm := func(k int) float64 {
		lg, _ := math.Lgamma(float64(k) + 1)
		return float64(k)*math.Log(a) - lg
	}
	top := math.Inf(-1)
	for k := 0; k <= c; k++ {
		top = math.Max(top, logTerm(k))
	}
	sum := 0.0
	for k := 0; k <= c; k++ {
		sum += math.Exp(logTerm(k) - top)
	}
	return math.Exp(logTerm(c)-top) / sum
}

func TestErlangB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		c       int
		a, want float64
		tol     float64
	}{
		// Published Erlang B (loss) tables list B(10, 5) = 0.018385 to the
		// six places shown; by hand, (5^10/10!)/Σ_{k≤10} 5^k/k! =
		// 2.6911/146.38.
		{"table c=10 a=5", 10, 5, 0.018385, 1e-6},
		// c=1: B = a/(1+a), by hand 0.8/1.8.
		{"c=1 a=0.8", 1, 0.8, 0.8 / 1.8, 1e-15},
		// c=2: B = (a²/2)/(1+a+a²/2); a=1 gives 0.5/2.5 = 0.2.
		{"c=2 a=1", 2, 1, 0.2, 1e-15},
		// No servers: everyone is turned away.
		{"c=0", 0, 3, 1, 0},
		// No load: nobody is.
		{"a=0", 4, 0, 0, 0},
		{"a=Inf", 4, math.Inf(1), 1, 0},
		// Against the definition summed in logarithms, at sizes where a^c/c!
		// overflows a float64 if computed directly.
		{"sum c=50 a=40", 50, 40, erlangBSum(50, 40), 1e-11},
		{"sum c=500 a=480", 500, 480, erlangBSum(500, 480), 1e-10},
		{"sum c=2000 a=2500", 2000, 2500, erlangBSum(2000, 2500), 1e-10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ErlangB(tt.c, tt.a); !near(got, tt.want, tt.tol) {
				t.Errorf("ErlangB(%d, %v) = %.12g, want %.12g (tol %g)", tt.c, tt.a, got, tt.want, tt.tol)
			}
		})
	}
}

func TestErlangBLarge(t *testing.T) {
	t.Parallel()
	// A million servers: B(c, c) = P(X = c)/P(X ≤ c) with X Poisson of mean
	// c, and by the normal approximation P(X = c) ≈ 1/sqrt(2πc) and
	// P(X ≤ c) → 1/2, so B ≈ sqrt(2/(πc)) = 7.98e-4 for c = 10^6; the
	// corrections are O(1/sqrt(c)), well inside the 1% allowed.
	got := ErlangB(1_000_000, 1_000_000)
	want := math.Sqrt(2 / (math.Pi * 1e6))
	if math.Abs(got-want) > 0.01*want {
		t.Errorf("ErlangB(1e6, 1e6) = %v, want about %v", got, want)
	}
}

func TestErlangC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		c       int
		a, want float64
		tol     float64
	}{
		// M/M/1: C = ρ.
		{"c=1", 1, 0.8, 0.8, 1e-15},
		// Gross et al., Fundamentals of Queueing Theory, 4th ed., eq. 2.37
		// with c=2, r=1: C = 1/3 (also in simulate/closedform_test.go).
		{"c=2 a=1", 2, 1, 1.0 / 3, 1e-15},
		// simulate/closedform_test.go: "C(10, 9) = 0.6687" for its
		// benchmark queue, to the 4 digits it gives.
		{"c=10 a=9", 10, 9, 0.6687, 5e-5},
		// Unstable: everyone waits.
		{"a=c", 3, 3, 1, 0},
		{"a>c", 3, 7, 1, 0},
		{"a=0", 3, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ErlangC(tt.c, tt.a); !near(got, tt.want, tt.tol) {
				t.Errorf("ErlangC(%d, %v) = %.12g, want %.12g", tt.c, tt.a, got, tt.want)
			}
		})
	}
}

func TestErlangInvalid(t *testing.T) {
	t.Parallel()
	for _, f := range []func(int, float64) float64{ErlangB, ErlangC} {
		for _, in := range []struct {
			c int
			a float64
		}{{-1, 1}, {2, -1}, {2, math.NaN()}} {
			if got := f(in.c, in.a); !math.IsNaN(got) {
				t.Errorf("(%d, %v) = %v, want NaN", in.c, in.a, got)
			}
		}
	}
}

func TestMMc(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                        string
		c                           int
		lambda, mu, t               float64
		wantC, wantWq, wantExceeds  float64
		wantQuantileP, wantQuantile float64
	}{
		// M/M/1, ρ = 0.8: C = ρ, Wq = ρ/(μ-λ) = 4, P(W > t) = ρe^{-(μ-λ)t}
		// = 0.8e^{-0.4} at t = 2, and the 0.9-quantile ln(ρ/0.1)/(μ-λ) =
		// 5 ln 8.
		{"M/M/1", 1, 0.8, 1, 2, 0.8, 4, 0.8 * math.Exp(-0.4), 0.9, 5 * math.Log(8)},
		// simulate/closedform_test.go: the benchmark queue has C(10, 9) =
		// 0.6687 and Wq = 0.6687 days; P(W > 1) = C e^{-1}.
		{"M/M/10", 10, 9, 1, 1, 0.6687, 0.6687, 0.6687 * math.Exp(-1), 0.2, 0},
		// M/M/2, λ = 1, μ = 1: C = 1/3 (Gross et al. eq. 2.37), Wq = C/(2-1),
		// P(W > 0.5) = e^{-0.5}/3, median 0 as 1 - C > 0.5, and the
		// 0.9-quantile ln((1/3)/0.1).
		{"M/M/2", 2, 1, 1, 0.5, 1.0 / 3, 1.0 / 3, math.Exp(-0.5) / 3, 0.9, math.Log(10.0 / 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := NewMMc(tt.c, tt.lambda, tt.mu)
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e-12
			if tt.name == "M/M/10" {
				tol = 1e-4 // four published digits
			}
			check := func(what string, got, want float64) {
				t.Helper()
				if !near(got, want, tol) {
					t.Errorf("%s = %.12g, want %.12g", what, got, want)
				}
			}
			check("ProbWait", q.ProbWait(), tt.wantC)
			check("MeanWait", q.MeanWait(), tt.wantWq)
			check("WaitExceeds", q.WaitExceeds(tt.t), tt.wantExceeds)
			check("ShareStartedWithin", q.ShareStartedWithin(tt.t), 1-tt.wantExceeds)
			check("WaitQuantile", q.WaitQuantile(tt.wantQuantileP), tt.wantQuantile)
			if !q.Stable() {
				t.Error("Stable() = false")
			}
			// The quantile inverts the distribution where it is positive.
			if w := q.WaitQuantile(0.95); w > 0 && !near(q.ShareStartedWithin(w), 0.95, 1e-12) {
				t.Errorf("share within the 0.95-quantile %v = %v", w, q.ShareStartedWithin(w))
			}
		})
	}
}

func TestMMcUnstable(t *testing.T) {
	t.Parallel()
	q, err := NewMMc(2, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if q.Stable() || q.ProbWait() != 1 || !math.IsInf(q.MeanWait(), 1) ||
		q.ShareStartedWithin(1e4) != 0 || q.WaitExceeds(1e4) != 1 ||
		!math.IsInf(q.WaitQuantile(0.5), 1) || q.WaitQuantile(0) != 0 {
		t.Errorf("unstable M/M/2: stable %v, C %v, Wq %v, share %v, median %v",
			q.Stable(), q.ProbWait(), q.MeanWait(), q.ShareStartedWithin(1e4), q.WaitQuantile(0.5))
	}
}

func TestMMcEdges(t *testing.T) {
	t.Parallel()
	q, err := NewMMc(3, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if q.ProbWait() != 0 || q.MeanWait() != 0 || q.ShareStartedWithin(0) != 1 || q.WaitQuantile(0.99) != 0 {
		t.Errorf("no arrivals: C %v, Wq %v", q.ProbWait(), q.MeanWait())
	}
	q, _ = NewMMc(1, 0.5, 1)
	if q.ShareStartedWithin(-1) != 0 || !math.IsNaN(q.ShareStartedWithin(math.NaN())) ||
		!math.IsNaN(q.WaitQuantile(1.5)) || !math.IsInf(q.WaitQuantile(1), 1) ||
		q.ShareStartedWithin(math.Inf(1)) != 1 {
		t.Error("edge arguments")
	}
	for _, in := range []struct {
		c          int
		lambda, mu float64
	}{{0, 1, 1}, {1, -1, 1}, {1, math.NaN(), 1}, {1, math.Inf(1), 1}, {1, 1, 0}, {1, 1, math.NaN()}, {1, 1, math.Inf(1)}} {
		if _, err := NewMMc(in.c, in.lambda, in.mu); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewMMc(%d, %v, %v) error %v, want ErrInvalid", in.c, in.lambda, in.mu, err)
		}
	}
}

func TestSquareRootStaffing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		load, beta float64
		want       int
	}{
		{100, 1, 110},   // 100 + 1·10
		{100, 0.5, 105}, // 100 + 0.5·10
		{2.25, 2, 6},    // 2.25 + 2·1.5 = 5.25, rounded up
		{0, 1, 1},       // at least 1
		{math.NaN(), 1, 1},
		{1e13, 1, MaxServers},
	}
	for _, tt := range tests {
		if got := SquareRootStaffing(tt.load, tt.beta); got != tt.want {
			t.Errorf("SquareRootStaffing(%v, %v) = %d, want %d", tt.load, tt.beta, got, tt.want)
		}
	}
}
