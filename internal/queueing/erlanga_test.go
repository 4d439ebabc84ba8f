package queueing

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestErlangAThetaZero checks that with nobody giving up (θ = 0, and θ so
// small it cannot matter) the chain, and the negative binomial behind
// ShareStartedWithin, reproduce M/M/c's closed forms.
func TestErlangAThetaZero(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		c          int
		lambda, mu float64
	}{
		{"M/M/1 rho 0.8", 1, 0.8, 1},
		{"M/M/10 lambda 9", 10, 9, 1},
		{"casework 20 slots", 20, 0.5, 1.0 / 35},
		{"M/M/200 rho 0.98", 200, 196, 1},
	}
	for _, tt := range tests {
		for _, theta := range []float64{0, 1e-13} {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				a, err := NewErlangA(tt.c, tt.lambda, tt.mu, theta)
				if err != nil {
					t.Fatal(err)
				}
				m, _ := NewMMc(tt.c, tt.lambda, tt.mu)
				// The chain leaves out less than 1e-12 of the mass; with θ = 1e-13
				// the answers move by about θ·E[wait] relative, far less.
				const tol = 1e-9
				check := func(what string, got, want float64) {
					t.Helper()
					if !near(got, want, tol) {
						t.Errorf("θ=%g %s = %.15g, M/M/c %.15g", theta, what, got, want)
					}
				}
				check("ProbWait", a.ProbWait(), m.ProbWait())
				check("MeanWait", a.MeanWait(), m.MeanWait())
				check("ProbAbandon", a.ProbAbandon(), 0)
				mean := 1 / (float64(tt.c)*tt.mu - tt.lambda) // of those who wait
				for _, w := range []float64{0, 0.1 * mean, mean, 3 * mean, 20 * mean, math.Inf(1)} {
					check("ShareStartedWithin", a.ShareStartedWithin(w), m.ShareStartedWithin(w))
				}
			})
		}
	}
}

// TestErlangAPoisson: with c = 1 and θ = μ everyone in the system leaves at
// rate μ, so the number in the system is Poisson with mean λ/μ (the case in
// simulate/closedform_test.go's TestErlangASpecialCase). With μ = 1 and
// λ = 0.7 by hand: P(wait) = 1 - e^{-0.7} = 0.50341469620859;
// E[Lq] = λ - 1 + e^{-λ} = 0.19658530379141, so P(abandon) = θE[Lq]/λ =
// 0.28083614827344 and the mean wait E[Lq]/λ is the same number; and the
// share eventually served is 1 - P(abandon) = (1 - e^{-λ})/λ.
func TestErlangAPoisson(t *testing.T) {
	t.Parallel()
	q, err := NewErlangA(1, 0.7, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"ProbWait", q.ProbWait(), 0.50341469620859},
		{"ProbAbandon", q.ProbAbandon(), 0.28083614827344},
		{"MeanWait", q.MeanWait(), 0.28083614827344},
		{"MeanQueue", q.MeanQueue(), 0.19658530379141},
		{"share eventually", q.ShareStartedWithin(math.Inf(1)), 0.71916385172656},
		// At t = 0 only those who find the server free: e^{-0.7}.
		{"share at 0", q.ShareStartedWithin(0), 0.49658530379141},
	} {
		if !near(c.got, c.want, 2e-12) {
			t.Errorf("%s = %.14f, want %.14f", c.what, c.got, c.want)
		}
	}
}

// TestErlangAOneAhead checks F_0 by hand: an arrival to an M/M/1+M queue
// with nobody ahead starts within t iff Exp(μ) < min(t, Exp(θ)), with
// probability μ/(μ+θ)·(1 - e^{-(μ+θ)t}). With λ tiny almost every arrival
// who waits finds exactly one person in the system, so
// share(t) - P(n=0) ≈ P(n=1)·F_0(t), up to O(λ²).
func TestErlangAOneAhead(t *testing.T) {
	t.Parallel()
	const lambda, mu, theta, w = 1e-6, 1, 0.5, 0.8
	q, err := NewErlangA(1, lambda, mu, theta)
	if err != nil {
		t.Fatal(err)
	}
	// π_1/π_0 = λ/μ; higher states are O(λ²).
	p0 := 1 / (1 + lambda/mu)
	got := q.ShareStartedWithin(w) - p0
	want := p0 * lambda / mu * mu / (mu + theta) * -math.Expm1(-(mu+theta)*w)
	if math.Abs(got-want) > 1e-11 {
		t.Errorf("share beyond P(n=0) = %.6g, want %.6g", got, want)
	}
}

// stationary returns the birth-death stationary distribution of M/M/c+M
// on 0..n, from π_0 = 1 and the products of rates, normalised: a direct
// computation independent of NewErlangA's mode-centred truncation.
func stationary(c int, lambda, mu, theta float64, n int) []float64 {
	p := make([]float64, n+1)
	p[0] = 1
	sum := 1.0
	for i := 1; i <= n; i++ {
		p[i] = p[i-1] * lambda / (float64(min(i, c))*mu + float64(max(i-c, 0))*theta)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// shareByODE integrates the phases of a waiting arrival with fourth-order
// Runge–Kutta: w_j is the probability of having j people ahead and still
// waiting, starting from π_{c+j}; phase j is left at rate cμ + (j+1)θ, of
// which cμ + jθ moves to phase j-1 (or, from phase 0, into service) and θ
// is giving up. The share started by t is P(n < c) plus what has flowed
// into service.
func shareByODE(c int, lambda, mu, theta, t float64, n int) float64 {
	p := stationary(c, lambda, mu, theta, n)
	share := 0.0
	for i := range c {
		share += p[i]
	}
	cmu := float64(c) * mu
	w := append([]float64(nil), p[c:]...)
	w = append(w, 0) // the state above the top is empty
	d := func(j int) float64 { return cmu + float64(j+1)*theta }
	deriv := func(w, out []float64) float64 {
		for j := 0; j+1 < len(w); j++ {
			out[j] = -d(j)*w[j] + d(j)*w[j+1]
		}
		return cmu * w[0]
	}
	// Step: 0.01 of the fastest phase's mean time, at most 1/2000 of t.
	steps := int(math.Ceil(math.Max(t*d(len(w))/0.01, 2000)))
	h := t / float64(steps)
	k1, k2, k3, k4 := make([]float64, len(w)), make([]float64, len(w)), make([]float64, len(w)), make([]float64, len(w))
	tmp := make([]float64, len(w))
	add := func(a []float64, s float64, b []float64) []float64 {
		for j := range a {
			tmp[j] = a[j] + s*b[j]
		}
		return tmp
	}
	served := 0.0
	for range steps {
		s1 := deriv(w, k1)
		s2 := deriv(add(w, h/2, k1), k2)
		s3 := deriv(add(w, h/2, k2), k3)
		s4 := deriv(add(w, h, k3), k4)
		served += h / 6 * (s1 + 2*s2 + 2*s3 + s4)
		for j := range w {
			w[j] += h / 6 * (k1[j] + 2*k2[j] + 2*k3[j] + k4[j])
		}
	}
	return share + served
}

func TestErlangAAgainstDirect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		c                 int
		lambda, mu, theta float64
		ts                []float64
		n                 int // states for the direct computation
	}{
		// Overloaded (offered load 5.5 on 5 slots), kept stable by giving up:
		// simulate/closedform_test.go's TestPatienceErlangA case.
		{"M/M/5+M overloaded", 5, 5.5, 1, 0.5, []float64{0.1, 0.5, 2}, 200},
		{"M/M/1+M", 1, 0.9, 1, 0.2, []float64{0.5, 3}, 300},
		// The casework lot: 20 slots, 0.5 referrals a day, 35-day cases,
		// 60-day mean patience, 28-day target.
		{"casework", 20, 0.5, 1.0 / 35, 1.0 / 60, []float64{7, 28}, 300},
		{"fast abandonment", 3, 10, 1, 5, []float64{0.05, 0.3}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := NewErlangA(tt.c, tt.lambda, tt.mu, tt.theta)
			if err != nil {
				t.Fatal(err)
			}
			p := stationary(tt.c, tt.lambda, tt.mu, tt.theta, tt.n)
			wait, lq := 0.0, 0.0
			for i := tt.c; i < len(p); i++ {
				wait += p[i]
				lq += float64(i-tt.c) * p[i]
			}
			check := func(what string, got, want, tol float64) {
				t.Helper()
				if !near(got, want, tol) {
					t.Errorf("%s = %.12g, direct %.12g", what, got, want)
				}
			}
			check("ProbWait", q.ProbWait(), wait, 1e-11)
			check("ProbAbandon", q.ProbAbandon(), tt.theta*lq/tt.lambda, 1e-11)
			// The mass left out (< 1e-12) sits at long queues, so moments move
			// by a little more than probabilities.
			check("MeanWait", q.MeanWait(), lq/tt.lambda, 1e-10)
			for _, w := range tt.ts {
				// RK4 with steps of 0.01 mean phase times has error far below
				// 1e-8; the ODE and the negative binomial are independent routes.
				check("ShareStartedWithin", q.ShareStartedWithin(w), shareByODE(tt.c, tt.lambda, tt.mu, tt.theta, w, tt.n), 1e-8)
			}
			// Eventually: everyone who does not give up starts.
			check("share at +Inf", q.ShareStartedWithin(math.Inf(1)), 1-q.ProbAbandon(), 1e-11)
			check("share at 1e9", q.ShareStartedWithin(1e9), 1-q.ProbAbandon(), 1e-11)
		})
	}
}

// simErlangA simulates an M/M/c+M queue, first come first served, for n
// arrivals after a warm-up of n/10, and returns per-batch shares of
// arrivals who wait, give up and start within target, and their mean
// wait (abandoners count their patience). Exponential service means the
// next event is an arrival with probability λ/(λ + busy·μ); each waiting
// person's deadline is fixed on arrival and those past it are skipped when
// a server frees.
func simErlangA(c int, lambda, mu, theta, target float64, n, batches int, r *rand.Rand) (wait, abandon, within, meanWait []float64) {
	type waiting struct{ arrived, deadline float64 }
	var queue []waiting
	now, busy := 0.0, 0
	warm := n / 10
	per := n / batches
	wait, abandon, within, meanWait = make([]float64, batches), make([]float64, batches), make([]float64, batches), make([]float64, batches)
	record := func(id int, waited bool, gaveUp bool, w float64) {
		id -= warm
		if id < 0 || id >= n {
			return
		}
		b := id / per
		if waited {
			wait[b]++
		}
		if gaveUp {
			abandon[b]++
		} else if w <= target {
			within[b]++
		}
		meanWait[b] += w
	}
	ids := []int{} // arrival index of each queue entry
	arrivals := 0
	for arrivals < warm+n || len(queue) > 0 {
		rate := lambda + float64(busy)*mu
		now += r.ExpFloat64() / rate
		if arrivals < warm+n && r.Float64()*rate < lambda {
			if busy < c {
				busy++
				record(arrivals, false, false, 0)
			} else {
				queue = append(queue, waiting{now, now + r.ExpFloat64()/theta})
				ids = append(ids, arrivals)
			}
			arrivals++
			continue
		}
		if busy == 0 || (arrivals >= warm+n && r.Float64()*rate < lambda) {
			continue // arrivals have stopped: this was a phantom arrival
		}
		busy--
		for len(queue) > 0 {
			h, id := queue[0], ids[0]
			queue, ids = queue[1:], ids[1:]
			if h.deadline < now {
				record(id, true, true, h.deadline-h.arrived)
				continue
			}
			busy++
			record(id, true, false, now-h.arrived)
			break
		}
	}
	for b := range batches {
		wait[b] /= float64(per)
		abandon[b] /= float64(per)
		within[b] /= float64(per)
		meanWait[b] /= float64(per)
	}
	return wait, abandon, within, meanWait
}

// meanSE returns the mean of batch means and its standard error.
func meanSE(x []float64) (mean, se float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	ss := 0.0
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1) / float64(len(x)))
}

// TestErlangAMonteCarlo checks every output against a simulation written
// here: 10^6 arrivals in 100 batches of 10^4, the batches' spread standing
// for the sampling error (batches long against the relaxation time, so
// nearly independent). The closed form must lie within 4 standard errors,
// which a correct formula misses with probability about 6e-5 per check;
// the seed is fixed, so the test is deterministic.
func TestErlangAMonteCarlo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                      string
		c                         int
		lambda, mu, theta, target float64
		seed                      uint64
	}{
		{"M/M/5+M overloaded", 5, 5.5, 1, 0.5, 0.5, 1},
		{"casework", 20, 0.5, 1.0 / 35, 1.0 / 60, 28, 2},
		{"M/M/2 no giving up", 2, 1.7, 1, 0, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := NewErlangA(tt.c, tt.lambda, tt.mu, tt.theta)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(tt.seed, 20260101))
			wait, abandon, within, meanWait := simErlangA(tt.c, tt.lambda, tt.mu, tt.theta, tt.target, 1_000_000, 100, r)
			for _, c := range []struct {
				what    string
				batches []float64
				want    float64
			}{
				{"P(wait)", wait, q.ProbWait()},
				{"P(abandon)", abandon, q.ProbAbandon()},
				{"share within target", within, q.ShareStartedWithin(tt.target)},
				{"mean wait", meanWait, q.MeanWait()},
			} {
				m, se := meanSE(c.batches)
				t.Logf("%s: simulated %.5f ± %.5f, closed form %.5f", c.what, m, se, c.want)
				if math.Abs(m-c.want) > 4*se+1e-12 {
					t.Errorf("%s: simulated %.5f ± %.5f (SE), closed form %.5f, %.1f SE apart", c.what, m, se, c.want, (m-c.want)/se)
				}
			}
		})
	}
}

func TestErlangAErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		c                 int
		lambda, mu, theta float64
		want              error
	}{
		{"no servers", 0, 1, 1, 1, ErrInvalid},
		{"negative arrivals", 1, -1, 1, 1, ErrInvalid},
		{"NaN arrivals", 1, math.NaN(), 1, 1, ErrInvalid},
		{"zero service", 1, 1, 0, 1, ErrInvalid},
		{"negative theta", 1, 1, 1, -1, ErrInvalid},
		{"NaN theta", 1, 1, 1, math.NaN(), ErrInvalid},
		{"infinite theta", 1, 1, 1, math.Inf(1), ErrInvalid},
		{"unstable without giving up", 2, 2, 1, 0, ErrUnstable},
		// Mode at 1 + 10^7/10^-3 people: far beyond MaxStates.
		{"too many states", 1, 1e7, 1, 1e-3, ErrTooManyStates},
		// ρ = 1 - 1e-10/9 with nobody giving up: the geometric tail needs
		// about 2.5e11 states to fall below 1e-12.
		{"too many states near critical", 9, 9 - 1e-9, 1, 0, ErrTooManyStates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := NewErlangA(tt.c, tt.lambda, tt.mu, tt.theta); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	// Overload is fine once people give up.
	if _, err := NewErlangA(2, 20, 1, 1); err != nil {
		t.Errorf("overloaded with θ > 0: %v", err)
	}
	q, _ := NewErlangA(2, 0, 1, 1)
	if q.ShareStartedWithin(0) != 1 || q.ProbAbandon() != 0 || q.MeanWait() != 0 {
		t.Error("no arrivals: everyone (nobody) starts at once")
	}
	if !math.IsNaN(q.ShareStartedWithin(math.NaN())) || q.ShareStartedWithin(-1) != 0 {
		t.Error("NaN or negative t")
	}
}
