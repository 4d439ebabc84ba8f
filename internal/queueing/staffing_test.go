package queueing

import (
	"errors"
	"math"
	"testing"
)

func TestServersForBlocking(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		load, level float64
		want        int // 0: only check minimality
	}{
		// B(10, 5) = 0.018385 (Erlang B tables) and, by hand from the
		// definition, B(9, 5) = (5^9/9!)/Σ_{k≤9} 5^k/k! = 0.037458, so a 2%
		// limit needs 10.
		{"table", 5, 0.02, 10},
		// c=1: a/(1+a) ≤ 0.5 iff a ≤ 1.
		{"one bed", 1, 0.5, 1},
		{"refuge", 4.2, 0.05, 0},
		{"large", 5000, 0.01, 0},
		{"tiny load", 1e-9, 1e-3, 1},
		{"no load", 0, 0.01, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ServersForBlocking(tt.load, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != 0 && c != tt.want {
				t.Errorf("got %d servers, want %d", c, tt.want)
			}
			if ErlangB(c, tt.load) > tt.level || ErlangB(c-1, tt.load) <= tt.level {
				t.Errorf("c = %d: B(c) = %v, B(c-1) = %v, level %v", c, ErlangB(c, tt.load), ErlangB(c-1, tt.load), tt.level)
			}
		})
	}
}

func TestServersForMMc(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                 string
		lambda, mu, t, level float64
		want                 int // 0: only check minimality
	}{
		// M/M/1 with λ = 0.5, μ = 1: share within 1 is 1 - 0.5e^{-0.5} =
		// 0.697, so a level of 0.69 needs 1 server and 0.7 needs 2 (by hand,
		// C(2, 0.5) = 1/9, share 1 - e^{-1.5}/9 = 0.975).
		{"M/M/1 enough", 0.5, 1, 1, 0.69, 1},
		{"M/M/1 not enough", 0.5, 1, 1, 0.7, 2},
		{"casework 90%", 0.5, 1.0 / 35, 28, 0.9, 0},
		{"casework at once", 0.5, 1.0 / 35, 0, 0.8, 0},
		{"big", 9000, 1, 0.01, 0.95, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ServersForMMc(tt.lambda, tt.mu, tt.t, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != 0 && c != tt.want {
				t.Errorf("got %d servers, want %d", c, tt.want)
			}
			share := func(c int) float64 {
				q, err := NewMMc(c, tt.lambda, tt.mu)
				if err != nil {
					t.Fatal(err)
				}
				return q.ShareStartedWithin(tt.t)
			}
			if share(c) < tt.level || (c > 1 && share(c-1) >= tt.level) {
				t.Errorf("c = %d: share %v, with c-1 %v, level %v", c, share(c), share(c-1), tt.level)
			}
		})
	}
}

func TestServersForErlangA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                        string
		lambda, mu, theta, t, level float64
	}{
		{"casework 90%", 0.5, 1.0 / 35, 1.0 / 60, 28, 0.9},
		{"casework 50%", 0.5, 1.0 / 35, 1.0 / 60, 28, 0.5},
		{"casework 99%", 0.5, 1.0 / 35, 1.0 / 60, 28, 0.99},
		{"overloaded", 5.5, 1, 0.5, 0.5, 0.8},
		{"impatient", 100, 1, 10, 0.05, 0.95},
		{"no giving up", 9, 1, 0, 1, 0.9},
		{"light", 0.01, 1, 1, 0, 0.5},
		// λ/μ just below 9: the chain for 9 servers is too long to build, so
		// the search must not try it.
		{"no giving up near critical", 9 - 1e-9, 1, 0, 1, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ServersForErlangA(tt.lambda, tt.mu, tt.theta, tt.t, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			share := func(c int) float64 {
				q, err := NewErlangA(c, tt.lambda, tt.mu, tt.theta)
				if errors.Is(err, ErrUnstable) {
					return 0
				}
				if errors.Is(err, ErrTooManyStates) && tt.theta == 0 {
					m, _ := NewMMc(c, tt.lambda, tt.mu)
					return m.ShareStartedWithin(tt.t)
				}
				if err != nil {
					t.Fatal(err)
				}
				return q.ShareStartedWithin(tt.t)
			}
			if share(c) < tt.level || (c > 1 && share(c-1) >= tt.level) {
				t.Errorf("c = %d: share %v, with c-1 %v, level %v", c, share(c), share(c-1), tt.level)
			}
			// The share rises with c near the answer, as the search assumes.
			for k := max(c-3, 1); k < c+3; k++ {
				if share(k+1) < share(k) {
					t.Errorf("share falls from %v at %d servers to %v at %d", share(k), k, share(k+1), k+1)
				}
			}
			// With θ = 0 it is the M/M/c answer (the minimality check above is
			// through the chain, so it also checks the two agree).
			if tt.theta == 0 {
				if m, _ := ServersForMMc(tt.lambda, tt.mu, tt.t, tt.level); m != c {
					t.Errorf("θ = 0: %d servers, M/M/c %d", c, m)
				}
			}
		})
	}
}

func TestServersForErrors(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name string
		err  func() error
		want error
	}{
		{"blocking NaN level", func() error { _, err := ServersForBlocking(1, nan); return err }, ErrInvalid},
		{"blocking negative load", func() error { _, err := ServersForBlocking(-1, 0.1); return err }, ErrInvalid},
		{"blocking zero", func() error { _, err := ServersForBlocking(1, 0); return err }, ErrUnattainable},
		// Needs about 10^7 beds, beyond MaxServers.
		{"blocking beyond cap", func() error { _, err := ServersForBlocking(1e7, 1e-3); return err }, ErrUnattainable},
		{"MMc level 1", func() error { _, err := ServersForMMc(1, 1, 10, 1); return err }, ErrUnattainable},
		{"MMc NaN t", func() error { _, err := ServersForMMc(1, 1, nan, 0.5); return err }, ErrInvalid},
		{"MMc negative t", func() error { _, err := ServersForMMc(1, 1, -1, 0.5); return err }, ErrInvalid},
		{"MMc zero service", func() error { _, err := ServersForMMc(1, 0, 1, 0.5); return err }, ErrInvalid},
		// λ/μ = 2·10^6: even the least stable c is beyond MaxServers.
		{"MMc beyond cap", func() error { _, err := ServersForMMc(2e6, 1, 1, 0.5); return err }, ErrUnattainable},
		{"Erlang A level 1", func() error { _, err := ServersForErlangA(1, 1, 1, math.Inf(1), 1); return err }, ErrUnattainable},
		{"Erlang A NaN level", func() error { _, err := ServersForErlangA(1, 1, 1, 1, nan); return err }, ErrInvalid},
		{"Erlang A negative theta", func() error { _, err := ServersForErlangA(1, 1, -1, 1, 0.5); return err }, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.err(); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	for _, f := range []func() (int, error){
		func() (int, error) { return ServersForBlocking(3, 1) },
		func() (int, error) { return ServersForMMc(0, 1, 1, 0.99) },
		func() (int, error) { return ServersForMMc(5, 1, 1, 0) },
		func() (int, error) { return ServersForErlangA(5, 1, 1, 1, -0.5) },
	} {
		if c, err := f(); err != nil || c > 1 {
			t.Errorf("trivial level: %d servers, error %v", c, err)
		}
	}
}
