package selection

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// runScreen runs a one-candidate screen on fresh normal data with cell
// means mu and standard deviation sd (correlation 0.3 across cells) and
// returns the candidate's decision.
func runScreen(t *testing.T, rng *rand.Rand, cfg FeasibilityConfig, mu []float64, sd float64) Decision {
	t.Helper()
	f, err := NewFeasibility(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rows := cellSample(rng, cfg.Checkpoints[len(cfg.Checkpoints)-1], mu, sd, 0.3)
	for {
		n, ok := f.Next()
		if !ok {
			break
		}
		dec, err := f.Decide([][][]float64{rows[:n]})
		if err != nil {
			t.Fatal(err)
		}
		if dec[0].Status != Undecided {
			return dec[0]
		}
	}
	t.Fatal("undecided after the last checkpoint")
	return Decision{}
}

// TestFeasibilityExactSize checks the false-feasible rate where it is
// known exactly: one candidate, one cell, one checkpoint of n = 10, true
// mean exactly at the level. Under normality the t bound then exceeds the
// level with probability alpha exactly (the t test's size), so over 4000
// seeded runs the rate must be within three binomial standard errors
// (0.0103) of 0.05: above shows a bound too narrow, below one too wide.
func TestFeasibilityExactSize(t *testing.T) {
	const runs = 4000
	cfg := FeasibilityConfig{Levels: []float64{0.8}, Alpha: 0.05, Candidates: 1, Checkpoints: []int{10}}
	rng := newRand(2, 1)
	feasible := 0
	for range runs {
		if runScreen(t, rng, cfg, []float64{0.8}, 0.1).Status == Feasible {
			feasible++
		}
	}
	p := float64(feasible) / runs
	t.Logf("false feasible at the boundary: %.4f over %d runs (exactly %.2f in theory)", p, runs, cfg.Alpha)
	checkClose(t, "false-feasible rate", cfg.Alpha, p, margin(cfg.Alpha, runs))
}

// TestFeasibilityErrors checks both guarantees over 2000 seeded runs of a
// sequential screen (checkpoints 10, 20, 40, 80, 160; three cells;
// Candidates = 1, the per-candidate guarantee, so the test is as sharp as
// the package allows): a candidate with one cell epsilon below its level
// is declared Feasible, and a candidate with every cell exactly epsilon
// below its level (the edge of the second guarantee) is shown short
// (Infeasible, not Final), each at most alpha of the time plus the Monte
// Carlo margin (0.0146 at 0.05 and 2000 runs). A candidate whose cells
// are all exactly at their levels must not be shown short either.
func TestFeasibilityErrors(t *testing.T) {
	const runs = 2000
	levels := []float64{0.8, 0.7, 0.9}
	cfg := FeasibilityConfig{Levels: levels, Alpha: 0.05, Epsilon: 0.02, Candidates: 1, Checkpoints: Checkpoints(10, 160)}
	shift := func(d float64, only int) []float64 {
		mu := append([]float64(nil), levels...)
		for j := range mu {
			if only < 0 || j == only {
				mu[j] += d
			}
		}
		return mu
	}
	for ci, c := range []struct {
		name  string
		mu    []float64
		wrong func(Decision) bool
	}{
		{"one cell short: feasible", shift(-cfg.Epsilon, 1), func(d Decision) bool { return d.Status == Feasible }},
		{"one cell just short: feasible", shift(-1e-9, 1), func(d Decision) bool { return d.Status == Feasible }},
		{"all within tolerance: shown short", shift(-cfg.Epsilon, -1), func(d Decision) bool { return d.Status == Infeasible && !d.Final }},
		{"all at level: shown short", shift(0, -1), func(d Decision) bool { return d.Status == Infeasible && !d.Final }},
	} {
		rng := newRand(3, uint64(ci))
		wrong := 0
		for range runs {
			if c.wrong(runScreen(t, rng, cfg, c.mu, 0.05)) {
				wrong++
			}
		}
		p := float64(wrong) / runs
		t.Logf("%s: %.4f over %d runs (at most %.2f)", c.name, p, runs, cfg.Alpha)
		if p > cfg.Alpha+margin(cfg.Alpha, runs) {
			t.Errorf("%s: error rate %.4f above %.2f", c.name, p, cfg.Alpha)
		}
	}
}

// TestFeasibilityClear checks power on clear cases: cells 0.1 (two
// standard deviations of a replication) above their levels are declared
// Feasible in every one of 500 runs, and cells 0.1 below Infeasible
// (shown, not Final) in every run; the bound half-width at n = 10 is
// about t(1−0.05/15; 9)·0.05/√10 ≈ 3.4·0.016 = 0.054 < 0.1, so both are
// decided at the first checkpoint nearly always.
func TestFeasibilityClear(t *testing.T) {
	const runs = 500
	levels := []float64{0.8, 0.7, 0.9}
	cfg := FeasibilityConfig{Levels: levels, Alpha: 0.05, Epsilon: 0.02, Candidates: 1, Checkpoints: Checkpoints(10, 160)}
	for _, d := range []float64{0.1, -0.1} {
		mu := make([]float64, len(levels))
		for j := range mu {
			mu[j] = levels[j] + d
		}
		rng := newRand(4, uint64(d*10+5))
		first := 0
		for range runs {
			dec := runScreen(t, rng, cfg, mu, 0.05)
			if want := map[bool]Status{true: Feasible, false: Infeasible}[d > 0]; dec.Status != want || dec.Final {
				t.Fatalf("means %v: %v (final %v), want %v", mu, dec.Status, dec.Final, want)
			}
			if dec.N == cfg.Checkpoints[0] {
				first++
			}
		}
		t.Logf("margin %+.2f: decided at the first checkpoint in %d of %d runs", d, first, runs)
	}
}

// TestFeasibilityChunking checks determinism: a screen of three
// candidates fed exactly n rows at each checkpoint, one fed every row from
// the start, and one fed rows that are NaN beyond the checkpoint give
// identical decisions (only the first n rows are read), and a rerun on the
// same data repeats them.
func TestFeasibilityChunking(t *testing.T) {
	levels := []float64{0.8, 0.7}
	cfg := FeasibilityConfig{Levels: levels, Alpha: 0.05, Epsilon: 0.01, Candidates: 3, Checkpoints: Checkpoints(5, 80)}
	rng := newRand(5, 0)
	max := 80
	data := [][][]float64{
		cellSample(rng, max, []float64{0.85, 0.75}, 0.05, 0.3), // feasible
		cellSample(rng, max, []float64{0.81, 0.69}, 0.05, 0.3), // near the edge
		cellSample(rng, max, []float64{0.70, 0.75}, 0.05, 0.3), // infeasible
	}
	feed := func(kind string) [][]Decision {
		f, err := NewFeasibility(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]Decision
		for {
			n, ok := f.Next()
			if !ok {
				return out
			}
			obs := make([][][]float64, len(data))
			for c, rows := range data {
				switch kind {
				case "exact":
					obs[c] = rows[:n:n]
				case "all":
					obs[c] = rows
				case "nan":
					obs[c] = make([][]float64, max)
					copy(obs[c], rows[:n])
					for r := n; r < max; r++ {
						obs[c][r] = []float64{math.NaN(), math.NaN()}
					}
				}
			}
			dec, err := f.Decide(obs)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			out = append(out, dec)
		}
	}
	want := feed("exact")
	for _, kind := range []string{"all", "nan", "exact"} {
		if got := feed(kind); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decisions differ from feeding exactly n rows", kind)
		}
	}
	final := want[len(want)-1]
	t.Logf("decisions: %v at %d, %v at %d, %v at %d", final[0].Status, final[0].N, final[1].Status, final[1].N, final[2].Status, final[2].N)
	if final[0].Status != Feasible || final[2].Status != Infeasible {
		t.Errorf("final decisions %v, %v; want feasible, infeasible", final[0].Status, final[2].Status)
	}
}

// TestFeasibilityEdges checks zero variance, n < 2, NaN, short data and
// configuration errors.
func TestFeasibilityEdges(t *testing.T) {
	cfg := FeasibilityConfig{Levels: []float64{0.9}, Alpha: 0.05, Candidates: 3, Checkpoints: []int{1, 10, 20}}
	f, err := NewFeasibility(cfg)
	if err != nil {
		t.Fatal(err)
	}
	constant := func(v float64, n int) [][]float64 {
		rows := make([][]float64, n)
		for r := range rows {
			rows[r] = []float64{v}
		}
		return rows
	}
	// Checkpoint 1: one replication, no variance, everyone undecided.
	dec, err := f.Decide([][][]float64{constant(1, 1), constant(0.8, 1), constant(0.9, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for c, d := range dec {
		if d.Status != Undecided || d.N != 1 || d.Bounds.Worst != -1 {
			t.Errorf("n = 1, candidate %d: %+v, want undecided", c, d)
		}
	}
	// Checkpoint 10: NaN in candidate 2 is an error and changes nothing.
	nan := constant(0.9, 10)
	nan[9] = []float64{math.NaN()}
	if _, err := f.Decide([][][]float64{constant(1, 10), constant(0.8, 10), nan}); !errors.Is(err, ErrNotFinite) {
		t.Fatalf("NaN: error %v, want ErrNotFinite", err)
	}
	if _, err := f.Decide([][][]float64{constant(1, 10), constant(0.8, 9), constant(0.9, 10)}); err == nil {
		t.Fatal("9 rows at checkpoint 10: no error")
	}
	if n, _ := f.Next(); n != 10 {
		t.Fatalf("after errors, next checkpoint %d, want 10", n)
	}
	// Zero variance: 1.0 every time meets 0.9; 0.8 every time is shown
	// short; exactly 0.9 every time meets its level (LCB = 0.9).
	dec, err = f.Decide([][][]float64{constant(1, 10), constant(0.8, 10), constant(0.9, 10)})
	if err != nil {
		t.Fatal(err)
	}
	want := []Status{Feasible, Infeasible, Feasible}
	for c, d := range dec {
		if d.Status != want[c] || d.Final || d.N != 10 {
			t.Errorf("zero variance, candidate %d: %+v, want %v", c, d, want[c])
		}
	}
	if s := dec[1].Bounds.Cells[0]; math.Abs(s.Shortfall-0.1) > 1e-15 || s.LCB != 0.8 {
		t.Errorf("constant 0.8: %+v", s)
	}
	// Decided candidates are not read: nil is fine.
	if _, err := f.Decide(make([][][]float64, 3)); err != nil {
		t.Errorf("all decided, nil data: %v", err)
	}
	if _, ok := f.Next(); ok {
		t.Error("checkpoints left after the last")
	}
	if _, err := f.Decide(make([][][]float64, 3)); err == nil {
		t.Error("Decide after the last checkpoint: no error")
	}
	if got := f.Decisions(); got[0].Status != Feasible {
		t.Errorf("Decisions()[0] = %v", got[0].Status)
	}

	// The cautious rule: undecided at the last checkpoint is a Final
	// Infeasible; n < 2 there too.
	g, _ := NewFeasibility(FeasibilityConfig{Levels: []float64{0.5}, Alpha: 0.05, Epsilon: 1, Candidates: 2, Checkpoints: []int{1, 4}})
	g.Decide([][][]float64{constant(0.5, 1), constant(0.5, 1)})
	dec, _ = g.Decide([][][]float64{{{0.4}, {0.6}, {0.5}, {0.5}}, {{0.4}, {0.6}, {0.5}, {0.5}}})
	for c, d := range dec {
		if d.Status != Infeasible || !d.Final {
			t.Errorf("last checkpoint, candidate %d: %+v, want final infeasible", c, d)
		}
	}

	for name, bad := range map[string]FeasibilityConfig{
		"no cells":       {Alpha: 0.05, Candidates: 1, Checkpoints: []int{10}},
		"alpha":          {Levels: []float64{1}, Alpha: 1, Candidates: 1, Checkpoints: []int{10}},
		"epsilon":        {Levels: []float64{1}, Alpha: 0.05, Epsilon: -1, Candidates: 1, Checkpoints: []int{10}},
		"epsilon NaN":    {Levels: []float64{1}, Alpha: 0.05, Epsilon: math.NaN(), Candidates: 1, Checkpoints: []int{10}},
		"candidates":     {Levels: []float64{1}, Alpha: 0.05, Checkpoints: []int{10}},
		"no checkpoints": {Levels: []float64{1}, Alpha: 0.05, Candidates: 1},
		"decreasing":     {Levels: []float64{1}, Alpha: 0.05, Candidates: 1, Checkpoints: []int{10, 10}},
		"level Inf":      {Levels: []float64{math.Inf(1)}, Alpha: 0.05, Candidates: 1, Checkpoints: []int{10}},
	} {
		if _, err := NewFeasibility(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	h, _ := NewFeasibility(FeasibilityConfig{Levels: []float64{1, 2}, Alpha: 0.06, Candidates: 3, Checkpoints: []int{10, 20}})
	if _, err := h.Decide(make([][][]float64, 2)); err == nil {
		t.Error("wrong number of candidates: no error")
	}
	checkClose(t, "TestAlpha", 0.06/(2*3*2), h.TestAlpha(), 1e-18)
}
