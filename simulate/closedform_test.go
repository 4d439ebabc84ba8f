package simulate

import (
	"context"
	"math"
	"testing"

	"github.com/lotsim/lotsim/internal/queueing"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
)

// Closed forms from queueing theory, written out independently of the
// engine. References: Gross, Shortle, Thompson and Harris, Fundamentals of
// Queueing Theory (4th ed., Wiley 2008), sections 2.3 (M/M/c), 3.4
// (non-preemptive priorities); Garnett, Mandelbaum and Reiman,
// "Designing a call center with impatient customers", MSOM 4(3), 2002
// (Erlang A).

// The closed forms come from package queueing, which is tested on its own
// against published tables, hand calculations, an ODE and a simulation of
// its own; here they check the engine.

// mmcWait returns the mean wait in queue of M/M/c: C(c,a)/(c mu - lambda).
func mmcWait(c int, lambda, mu float64) float64 {
	q, err := queueing.NewMMc(c, lambda, mu)
	if err != nil {
		panic(err)
	}
	return q.MeanWait()
}

// erlangA returns the share of arrivals who give up in an M/M/c+M queue
// (exponential patience of rate theta).
func erlangA(c int, lambda, mu, theta float64) float64 {
	q, err := queueing.NewErlangA(c, lambda, mu, theta)
	if err != nil {
		panic(err)
	}
	return q.ProbAbandon()
}

// mmcModel is an M/M/c queue: one stream of rate lambda, all standard
// risk, one casework lot with c slots and exponential case length 1/mu.
func mmcModel(c int, lambda, mu, horizon, warmUp float64) *Model {
	return &Model{
		Horizon: horizon, WarmUp: warmUp, SampleEvery: -1,
		Streams: []Stream{{Group: lotting.Victim, Rate: lambda, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []Lot{{Name: "casework", Slots: []CapacityStep{{Slots: c}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 1 / mu}}},
	}
}

// within reports whether want lies within k standard errors of the mean
// summarised by s, and logs the comparison.
func within(t *testing.T, what string, s stats.Summary, want, k float64) {
	t.Helper()
	se := s.SD() / math.Sqrt(float64(s.N()))
	t.Logf("%s: simulated %.5f ± %.5f (SE, %d replications), closed form %.5f, %.2f SE apart",
		what, s.Mean(), se, s.N(), want, (s.Mean()-want)/se)
	if math.IsNaN(s.Mean()) || math.Abs(s.Mean()-want) > k*se {
		t.Errorf("%s = %.5f, want %.5f within %.0f standard errors (%.5f)", what, s.Mean(), want, k, k*se)
	}
}

func run(t *testing.T, m *Model, seed uint64, reps int) *Results {
	t.Helper()
	res, err := Run(context.Background(), m, Options{Seed: seed, Replications: reps, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Tolerance for every closed-form check below: the closed form must lie
// within 4 standard errors of the mean across independent replications
// (each replication's statistic is one observation, so the spread between
// replications captures the autocorrelation within them). For a correct
// engine a deviation beyond 4 SE has probability about 6e-5, and each
// replication's warm-up is many relaxation times long so that the start-up
// bias is a small fraction of one SE; seeds are fixed, so the tests are
// deterministic.
const seTolerance = 4

func TestMMcMeanWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		c          int
		lambda, mu float64
		horizon    float64
		reps       int
	}{
		// rho = 0.8: Wq = rho/(mu-lambda) = 4 days; relaxation time about
		// 1/(mu(1-sqrt(rho))^2) = 90 days, so 2000 warm-up days suffice.
		{"M/M/1 rho 0.8", 1, 0.8, 1, 20000, 20},
		// The benchmark's queue: C(10, 9) = 0.6687, Wq = 0.6687 days.
		{"M/M/10 lambda 9", 10, 9, 1, 5000, 20},
		// Light traffic with many servers: Wq is small and mostly zero.
		{"M/M/5 rho 0.5", 5, 2.5, 1, 5000, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, mmcModel(tt.c, tt.lambda, tt.mu, tt.horizon, 2000), 1, tt.reps)
			cell := res.Cell(0, AllYears, AllAreas, AllRisks)
			within(t, "mean wait", cell.Metric(WaitMean), mmcWait(tt.c, tt.lambda, tt.mu), seTolerance)
			// Utilisation of the slots is rho = lambda/(c mu).
			within(t, "utilisation", cell.Metric(Utilisation), tt.lambda/(float64(tt.c)*tt.mu), seTolerance)
		})
	}
}

// cobhamWait returns the mean wait in queue of each class of an M/M/c
// queue with non-preemptive priorities and a common service rate mu
// (Cobham 1954; Gross et al. section 3.4.2):
// W_k = (C(c, a)/(c mu)) / ((1 - s_{k-1})(1 - s_k)), s_k = sum_{i<=k} lambda_i/(c mu),
// classes in priority order, highest first.
func cobhamWait(c int, lambdas []float64, mu float64) []float64 {
	total := 0.0
	for _, l := range lambdas {
		total += l
	}
	w0 := queueing.ErlangC(c, total/mu) / (float64(c) * mu)
	out := make([]float64, len(lambdas))
	prev := 0.0
	for k, l := range lambdas {
		cur := prev + l/(float64(c)*mu)
		out[k] = w0 / ((1 - prev) * (1 - cur))
		prev = cur
	}
	return out
}

func TestPriorityCobham(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		c                     int
		lambdaHigh, lambdaStd float64
	}{
		// rho = 0.75 in both; high risk is a third of the load.
		{"M/M/1", 1, 0.25, 0.5},
		{"M/M/3", 3, 0.75, 1.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			total := tt.lambdaHigh + tt.lambdaStd
			m := mmcModel(tt.c, total, 1, 20000, 2000)
			m.Streams[0].RiskMix = [3]float64{tt.lambdaStd / total, 0, tt.lambdaHigh / total}
			res := run(t, m, 2, 20)
			want := cobhamWait(tt.c, []float64{tt.lambdaHigh, tt.lambdaStd}, 1)
			within(t, "high-risk wait", res.Cell(0, AllYears, AllAreas, lotting.High).Metric(WaitMean), want[0], seTolerance)
			within(t, "standard-risk wait", res.Cell(0, AllYears, AllAreas, lotting.Standard).Metric(WaitMean), want[1], seTolerance)
		})
	}
}

// perReplication runs reps one-replication runs with seeds seed, seed+1,
// ... and summarises f of each result: for statistics that are ratios
// within a replication.
func perReplication(t *testing.T, m *Model, seed uint64, reps int, f func(*Results) float64) stats.Summary {
	t.Helper()
	var s stats.Summary
	for r := range reps {
		res, err := Run(context.Background(), m, Options{Seed: seed + uint64(r), Replications: 1, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		s.Add(f(res))
	}
	return s
}

func TestPatienceErlangA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                 string
		c                    int
		lambda, mu, patience float64
	}{
		// Overloaded (offered load 5.5 on 5 slots), kept stable by abandonment.
		{"M/M/5+M overloaded", 5, 5.5, 1, 2},
		{"M/M/1+M", 1, 0.9, 1, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mmcModel(tt.c, tt.lambda, tt.mu, 5000, 500)
			m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
				Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: tt.patience}}}
			s := perReplication(t, m, 3, 20, func(r *Results) float64 {
				c := r.Cell(0, AllYears, AllAreas, AllRisks)
				return c.Metric(Disengaged).Mean() / c.Metric(Referrals).Mean()
			})
			within(t, "share who give up", s, erlangA(tt.c, tt.lambda, tt.mu, 1/tt.patience), seTolerance)
		})
	}
}

// TestLittlesLaw checks L = lambda W on the engine's own outputs, per
// replication: the time-average waiting list against the rate of starts
// times their mean wait. The two differ only by people waiting at the ends
// of the period, whose effect over 20,000 days is well inside the
// tolerance.
func TestLittlesLaw(t *testing.T) {
	t.Parallel()
	m := mmcModel(2, 1.7, 1, 20000, 2000)
	s := perReplication(t, m, 4, 20, func(r *Results) float64 {
		c := r.Cell(0, AllYears, AllAreas, AllRisks)
		lambdaW := c.Metric(Starts).Mean() / m.Horizon * c.Metric(WaitMean).Mean()
		return c.Metric(MeanWaiting).Mean() - lambdaW
	})
	within(t, "L - lambda W", s, 0, seTolerance)
	// And L against the closed form L_q = lambda W_q (Erlang C).
	var l stats.Summary
	res := run(t, m, 4, 20)
	l = res.Cell(0, AllYears, AllAreas, AllRisks).Metric(MeanWaiting)
	within(t, "mean waiting list", l, 1.7*mmcWait(2, 1.7, 1), seTolerance)
}

// TestDropOutInService: with ample slots (no waiting), a share p of starts
// drop out at a uniform point of their case, so the mean number in service
// is lambda E[S] (1 - p/2) (Little's law applied to case time) and the
// share dropping out is p.
func TestDropOutInService(t *testing.T) {
	t.Parallel()
	const c, lambda, mean, p = 100, 10.0, 5.0, 0.4
	m := mmcModel(c, lambda, 1/mean, 3000, 100)
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim, DropOut: p}}
	res := run(t, m, 8, 20)
	cell := res.Cell(0, AllYears, AllAreas, AllRisks)
	within(t, "utilisation", cell.Metric(Utilisation), lambda*mean*(1-p/2)/c, seTolerance)
	s := perReplication(t, m, 8, 10, func(r *Results) float64 {
		c := r.Cell(0, AllYears, AllAreas, AllRisks)
		return c.Metric(DroppedOut).Mean() / (c.Metric(DroppedOut).Mean() + c.Metric(Completions).Mean())
	})
	within(t, "share dropping out", s, p, seTolerance)
}

// TestRefugeWaitErlangC: a refuge that keeps people waiting when full,
// with exponential stays, is M/M/c on the beds code path.
func TestRefugeWaitErlangC(t *testing.T) {
	t.Parallel()
	const beds, lambda, stay = 3, 0.05, 50.0
	m := mmcModel(beds, lambda, 1/stay, 100000, 5000)
	m.Lots[0].Mode, m.Lots[0].WaitWhenFull = lotting.Beds, true
	res := run(t, m, 9, 20)
	within(t, "refuge mean wait", res.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean), mmcWait(beds, lambda, 1/stay), seTolerance)
}
