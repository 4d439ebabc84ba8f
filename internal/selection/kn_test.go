package selection

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// knRun is the outcome of one KN selection.
type knRun struct {
	best      int
	truncated bool
	stopped   int // replications screened when it stopped
	looked    int // replications a one-at-a-time caller would have run
	ran       int // replications a checkpoint-driven caller ran
}

// runKN runs a KN selection on the data obs[i][r], handing each Step
// exactly the rows up to the checkpoint for the survivors.
func runKN(t *testing.T, cfg KNConfig, obs [][]float64) knRun {
	t.Helper()
	kn, err := NewKN(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ran, prev := 0, 0
	for {
		n, ok := kn.Next()
		if !ok {
			break
		}
		alive := kn.Survivors()
		ran += len(alive) * (n - prev)
		prev = n
		view := make([][]float64, len(obs))
		for _, i := range alive {
			view[i] = obs[i][:n:n]
		}
		if _, _, err := kn.Step(view); err != nil {
			t.Fatal(err)
		}
	}
	best, done := kn.Best()
	if !done {
		t.Fatal("not done after the last checkpoint")
	}
	looked := 0
	for _, e := range kn.EliminatedAt() {
		if e == 0 {
			e = kn.Replications()
		}
		looked += e
	}
	return knRun{best, kn.Truncated(), kn.Replications(), looked, ran}
}

// knData returns max replications of len(mu) candidates, normal with
// means mu, standard deviation sd and correlation rho between candidates
// (common random numbers): obs[i][r].
func knData(rng *rand.Rand, max int, mu []float64, sd, rho float64) [][]float64 {
	obs := make([][]float64, len(mu))
	for i := range obs {
		obs[i] = make([]float64, max)
	}
	row := make([]float64, len(mu))
	for r := range max {
		correlatedNormals(rng, row, mu, sd, rho)
		for i := range obs {
			obs[i][r] = row[i]
		}
	}
	return obs
}

// TestKNConstants checks eta and h² against a hand evaluation of Kim and
// Nelson's formula for k = 5, alpha = 0.05, n0 = 10:
// (2·0.05/4)^(−2/9) = 0.025^(−0.2222) = e^(0.81993) = 2.26993, so
// eta = 0.634967 and h² = 18·eta = 11.4294.
func TestKNConstants(t *testing.T) {
	kn, err := NewKN(KNConfig{Candidates: 5, Alpha: 0.05, Delta: 1, Checkpoints: []int{10, 20}})
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "eta", 0.634967, kn.eta, 1e-6)
	checkClose(t, "h²", 11.4294, kn.H2(), 1e-4)
}

// TestKNHand follows two candidates by hand. k = 2, alpha = 0.05, n0 = 2:
// eta = ½(0.1^(−2) − 1) = 49.5 and h² = 99. Differences X_0 − X_1 are
// 1, 3, then 2 for ever, so after r ≥ 2 the running sum is 2r. The first
// stage gives S² = var(1, 3) = 2; with delta = 1 candidate 1 is out when
// 2r > h²·S²/2 − r/2 = 99 − r/2, i.e. r > 39.6: at r = 40 when the only
// later checkpoint is 100. With a checkpoint at 10 the variance is
// updated there to that of 1, 3, 2, ..., 2 (mean 2, S² = 2/9), the
// region's half-width becomes 11 − r/2 = 6 < 20, and candidate 1 is out
// at r = 10. Minimising the negated data must give the same answers.
func TestKNHand(t *testing.T) {
	obs := [][]float64{make([]float64, 100), make([]float64, 100)}
	for r := range obs[0] {
		obs[0][r] = 5 + 2
		obs[1][r] = 5
	}
	obs[0][0], obs[0][1] = 5+1, 5+3
	neg := [][]float64{make([]float64, 100), make([]float64, 100)}
	for i := range obs {
		for r, x := range obs[i] {
			neg[i][r] = -x
		}
	}
	for _, c := range []struct {
		cps  []int
		want int
	}{
		{[]int{2, 100}, 40},
		{[]int{2, 10, 100}, 10},
	} {
		for _, minimize := range []bool{false, true} {
			data := obs
			if minimize {
				data = neg
			}
			kn, err := NewKN(KNConfig{Candidates: 2, Alpha: 0.05, Delta: 1, Checkpoints: c.cps, Minimize: minimize})
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "h²", 99, kn.H2(), 1e-12)
			for {
				if _, ok := kn.Next(); !ok {
					break
				}
				if _, _, err := kn.Step(data); err != nil {
					t.Fatal(err)
				}
			}
			best, _ := kn.Best()
			if got := kn.EliminatedAt(); best != 0 || !slices.Equal(got, []int{0, c.want}) || kn.Replications() != c.want || kn.Truncated() {
				t.Errorf("checkpoints %v, minimize %v: best %d, eliminated at %v, stopped at %d, truncated %v; want 0, [0 %d], %d, false",
					c.cps, minimize, best, got, kn.Replications(), kn.Truncated(), c.want, c.want)
			}
			// Means over the first c.want replications: candidate 0 has
			// 6, 8 and then 7s, mean 7; candidate 1 is 5 throughout.
			sign := 1.0
			if minimize {
				sign = -1
			}
			if m := kn.Means(); math.Abs(m[0]-sign*7) > 1e-12 || m[1] != sign*5 {
				t.Errorf("checkpoints %v, minimize %v: means %v, want ±[7 5]", c.cps, minimize, m)
			}
		}
	}
}

// TestKNPCS checks the probability of correct selection in the slippage
// configuration: k = 5, the best mean delta = 0.5 above four equal ones,
// standard deviation 1, correlation 0.5 between candidates as common
// random numbers give. Over 1000 seeded macro-replications the best must
// be picked at least 1 − alpha = 0.95 of the time less the Monte Carlo
// margin of three binomial standard errors (0.0207). Maximising and
// minimising the negated outputs (the same data) must pick alike.
func TestKNPCS(t *testing.T) {
	const (
		k     = 5
		delta = 0.5
		alpha = 0.05
		runs  = 1000
	)
	mu := make([]float64, k)
	mu[2] = delta // the best is not first, so a bias to index 0 shows
	cfg := KNConfig{Candidates: k, Alpha: alpha, Delta: delta, Checkpoints: Checkpoints(10, 640)}
	mcfg := cfg
	mcfg.Minimize = true
	rng := newRand(6, 0)
	correct, looked, ran, truncated := 0, 0, 0, 0
	for m := range runs {
		obs := knData(rng, 640, mu, 1, 0.5)
		res := runKN(t, cfg, obs)
		if res.best == 2 {
			correct++
		}
		if res.truncated {
			truncated++
		}
		looked += res.looked
		ran += res.ran
		if m%10 == 0 { // a tenth of the runs is enough for the mirror check
			for _, row := range obs {
				for r := range row {
					row[r] = -row[r]
				}
			}
			if mres := runKN(t, mcfg, obs); mres != res {
				t.Fatalf("run %d: minimising the negation gives %+v, maximising %+v", m, mres, res)
			}
		}
	}
	pcs := float64(correct) / runs
	t.Logf("PCS %.4f over %d runs (nominal ≥ %.2f); mean replications %.1f one at a time, %.1f at checkpoints; %d truncated",
		pcs, runs, 1-alpha, float64(looked)/runs, float64(ran)/runs, truncated)
	if floor := 1 - alpha - margin(1-alpha, runs); pcs < floor {
		t.Errorf("PCS %.4f below %.4f", pcs, floor)
	}
	if truncated > 0 {
		t.Errorf("%d runs truncated at 640 replications", truncated)
	}
}

// TestKNEqualMeans checks termination when no candidate is better: with
// five equal means every one of 300 runs must stop on its own, not by
// truncation, by the largest checkpoint; that is bounded by the stage at
// which every region closes, h²·S²/delta² ≈ 11.43·1/0.25 = 46 for the
// true S² = 2(1 − 0.5) = 1, far below 640. With a largest checkpoint of
// 20 the runs must stop there, truncated. Any pick is correct.
func TestKNEqualMeans(t *testing.T) {
	const runs = 300
	mu := make([]float64, 5)
	rng := newRand(7, 0)
	picks := make([]int, len(mu))
	maxStop := 0
	for range runs {
		obs := knData(rng, 640, mu, 1, 0.5)
		res := runKN(t, KNConfig{Candidates: 5, Alpha: 0.05, Delta: 0.5, Checkpoints: Checkpoints(10, 640)}, obs)
		if res.truncated || res.stopped > 640 {
			t.Fatalf("equal means: %+v, want a stop within 640 without truncation", res)
		}
		picks[res.best]++
		maxStop = max(maxStop, res.stopped)
		short := runKN(t, KNConfig{Candidates: 5, Alpha: 0.05, Delta: 0.5, Checkpoints: []int{10, 20}}, obs)
		if short.stopped > 20 || (short.truncated && short.stopped != 20) {
			t.Fatalf("largest checkpoint 20: %+v", short)
		}
	}
	t.Logf("equal means: picks %v, latest stop at replication %d", picks, maxStop)
	if maxStop > 2*46 {
		t.Errorf("latest stop %d, far beyond the closing stage of about 46", maxStop)
	}
}

// TestKNTruncated checks that a selection still open at the last
// checkpoint picks the best sample mean among the survivors and says so.
// Candidate 0 alternates +0.5, −0.5; candidate 1 is 0 but for 0.01 at
// replication 3, so candidate 1 leads by 0.01 at 20. For k = 2,
// alpha = 0.05, n0 = 10: eta = ½(0.1^(−2/9) − 1) = 0.334, h² = 6.01; with
// S² ≈ 0.25·10/9 = 0.28 and delta = 0.1 the region's half-width at r = 20
// is about 6.01·0.28/0.2 − 1 = 7.4, far beyond running sums within ±0.51.
func TestKNTruncated(t *testing.T) {
	obs := [][]float64{make([]float64, 20), make([]float64, 20)}
	for r := range obs[0] {
		obs[0][r] = 0.5 - float64(r%2)
	}
	obs[1][3] = 0.01
	res := runKN(t, KNConfig{Candidates: 2, Alpha: 0.05, Delta: 0.1, Checkpoints: []int{10, 20}}, obs)
	want := knRun{best: 1, truncated: true, stopped: 20, looked: 40, ran: 40}
	if res != want {
		t.Errorf("got %+v, want %+v", res, want)
	}
}

// TestKNSaves checks that KN needs fewer replications than a naive
// fixed-sample rule on an easy case: five candidates with means 0, −1,
// −2, −3, −4 times delta = 0.5 (standard deviation 1, correlation 0.5).
// The naive rule takes the same n from each candidate, enough that each
// of the k − 1 comparisons with the best errs with probability at most
// alpha/(k−1) if the variance of differences, 2(1 − 0.5) = 1, were known:
// n = ⌈(z(1 − 0.05/4)·1/delta)²⌉ = ⌈(2.2414/0.5)²⌉ = 21, so 105 in all,
// the z quantile from gonum (2.2414, as in standard normal tables). KN's
// mean over 300 runs, counted as a checkpoint-driven caller runs them,
// must be smaller, and it must still pick the best at least 1 − alpha of
// the time less the margin.
func TestKNSaves(t *testing.T) {
	const (
		k     = 5
		delta = 0.5
		alpha = 0.05
		runs  = 300
	)
	z := distuv.UnitNormal.Quantile(1 - alpha/(k-1))
	nFixed := int(math.Ceil(math.Pow(z*1/delta, 2)))
	naive := k * nFixed
	mu := []float64{0, -delta, -2 * delta, -3 * delta, -4 * delta}
	rng := newRand(8, 0)
	looked, ran, correct := 0, 0, 0
	for range runs {
		res := runKN(t, KNConfig{Candidates: k, Alpha: alpha, Delta: delta, Checkpoints: Checkpoints(10, 640)}, knData(rng, 640, mu, 1, 0.5))
		looked += res.looked
		ran += res.ran
		if res.best == 0 {
			correct++
		}
	}
	meanRan := float64(ran) / runs
	t.Logf("easy case: KN mean %.1f replications at checkpoints (%.1f one at a time), naive fixed sample %d (%d each); PCS %.3f",
		meanRan, float64(looked)/runs, naive, nFixed, float64(correct)/runs)
	if meanRan >= float64(naive) {
		t.Errorf("KN mean %.1f replications, not fewer than the naive %d", meanRan, naive)
	}
	if pcs := float64(correct) / runs; pcs < 1-alpha-margin(1-alpha, runs) {
		t.Errorf("PCS %.3f", pcs)
	}
}

// TestKNChunking checks determinism: fed exactly n rows, all rows from the
// start, or rows that are NaN beyond the checkpoint, KN takes the same
// steps, and a rerun repeats them.
func TestKNChunking(t *testing.T) {
	const max = 160
	obs := knData(newRand(9, 0), max, []float64{0, 0.1, 0.3, 0.3, -0.2, 0.25}, 1, 0.4)
	type step struct {
		Survivors, EliminatedAt []int
		Done                    bool
	}
	feed := func(kind string) []step {
		kn, err := NewKN(KNConfig{Candidates: len(obs), Alpha: 0.05, Delta: 0.2, Checkpoints: Checkpoints(10, max)})
		if err != nil {
			t.Fatal(err)
		}
		var out []step
		for {
			n, ok := kn.Next()
			if !ok {
				return out
			}
			view := make([][]float64, len(obs))
			for i, row := range obs {
				switch kind {
				case "exact":
					view[i] = row[:n:n]
				case "all":
					view[i] = row
				case "nan":
					view[i] = make([]float64, max)
					copy(view[i], row[:n])
					for r := n; r < max; r++ {
						view[i][r] = math.NaN()
					}
				}
			}
			s, done, err := kn.Step(view)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			out = append(out, step{s, kn.EliminatedAt(), done})
		}
	}
	want := feed("exact")
	for _, kind := range []string{"all", "nan", "exact"} {
		if got := feed(kind); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: steps differ from feeding exactly n rows:\n%v\n%v", kind, got, want)
		}
	}
	t.Logf("steps: %v", want)
}

// TestKNEdges checks zero variance, a single candidate, NaN, short data
// and configuration errors.
func TestKNEdges(t *testing.T) {
	constant := func(vs ...float64) [][]float64 {
		obs := make([][]float64, len(vs))
		for i, v := range vs {
			obs[i] = slices.Repeat([]float64{v}, 10)
		}
		return obs
	}
	cfg := KNConfig{Candidates: 3, Alpha: 0.05, Delta: 0.1, Checkpoints: []int{10, 20}}
	// Zero variance of differences: the region is closed at once, the
	// lower constant goes at n0, the two equal ones tie (lowest index).
	kn, _ := NewKN(cfg)
	s, done, err := kn.Step(constant(0.5, 1, 1))
	if best, _ := kn.Best(); err != nil || !done || !slices.Equal(s, []int{1, 2}) || best != 1 || kn.Truncated() {
		t.Errorf("constants 0.5, 1, 1: survivors %v, done %v, best %d, err %v; want [1 2], true, 1", s, done, best, err)
	}
	if _, _, err := kn.Step(constant(0.5, 1, 1)); err == nil {
		t.Error("Step after done: no error")
	}
	// A single candidate is selected without reading data.
	one, _ := NewKN(KNConfig{Candidates: 1, Alpha: 0.05, Delta: 0.1, Checkpoints: []int{10}})
	if s, done, err := one.Step([][]float64{nil}); err != nil || !done || !slices.Equal(s, []int{0}) {
		t.Errorf("one candidate: %v, %v, %v", s, done, err)
	}
	// NaN and short data are errors that change nothing.
	kn, _ = NewKN(cfg)
	bad := constant(0.5, 1, 1)
	bad[2][9] = math.NaN()
	if _, _, err := kn.Step(bad); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: error %v, want ErrNotFinite", err)
	}
	short := constant(0.5, 1, 1)
	short[0] = short[0][:9]
	if _, _, err := kn.Step(short); err == nil {
		t.Error("9 rows at checkpoint 10: no error")
	}
	if _, _, err := kn.Step(nil); err == nil {
		t.Error("no candidates' rows: no error")
	}
	if n, ok := kn.Next(); n != 10 || !ok || kn.Replications() != 0 {
		t.Errorf("after errors: next %d %v, replications %d", n, ok, kn.Replications())
	}
	if m := kn.Means(); !math.IsNaN(m[0]) {
		t.Errorf("means before the first stage %v, want NaN", m)
	}
	if _, done, err := kn.Step(constant(1, 0.5, 0.5)); err != nil || !done {
		t.Errorf("after errors, a good step: done %v, %v", done, err)
	}
	if best, _ := kn.Best(); best != 0 {
		t.Errorf("best %d, want 0", best)
	}
	for name, bad := range map[string]KNConfig{
		"no candidates":  {Alpha: 0.05, Delta: 1, Checkpoints: []int{10}},
		"alpha":          {Candidates: 2, Alpha: 0, Delta: 1, Checkpoints: []int{10}},
		"alpha k = 2":    {Candidates: 2, Alpha: 0.5, Delta: 1, Checkpoints: []int{10}}, // eta = 0
		"delta":          {Candidates: 2, Alpha: 0.05, Checkpoints: []int{10}},
		"delta NaN":      {Candidates: 2, Alpha: 0.05, Delta: math.NaN(), Checkpoints: []int{10}},
		"n0 = 1":         {Candidates: 2, Alpha: 0.05, Delta: 1, Checkpoints: []int{1, 10}},
		"no checkpoints": {Candidates: 2, Alpha: 0.05, Delta: 1},
	} {
		if _, err := NewKN(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
