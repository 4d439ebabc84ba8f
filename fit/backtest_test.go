package fit_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/scenario"
)

// backtestSeries returns the coverage of each series by name.
func backtestSeries(bt *fit.Backtest) map[string]float64 {
	out := map[string]float64{}
	for _, s := range bt.Series {
		out[s.Name] = s.Coverage
	}
	return out
}

// TestBacktestReproduces backtests the scenario records were generated
// from over their last year: the observed months should sit inside the
// simulated 10th–90th percentile band about 8 times in 10. Then it
// backtests the same scenario against records of a service whose demand
// rose by half part-way through the year: the referrals' coverage must
// collapse, which is what the score is for.
func TestBacktestReproduces(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("testdata/northshire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ex := generate(t, s, 11, "2026-03-31")
	opt := fit.BacktestOptions{From: mustDate(t, "2025-04-01"), Replications: 100}
	bt, err := fit.RunBacktest(context.Background(), s, ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	cov := backtestSeries(bt)
	t.Logf("same service: overall %.2f, %v", bt.Coverage, cov)
	if bt.Coverage < 0.6 {
		t.Errorf("the scenario the records came from covers only %.0f%% of the observed months; want about 80%%", 100*bt.Coverage)
	}
	if len(bt.Series) != 4 || len(bt.Series[0].Months) != 12 {
		t.Fatalf("%d series of %d months; want 4 measures of 12 months", len(bt.Series), len(bt.Series[0].Months))
	}

	// The same service, but referrals rise by half from October 2025.
	src, _ := os.ReadFile("testdata/northshire.yaml")
	stepped := strings.Replace(string(src), "  streams:\n", "  shocks:\n    - {name: step, from: 2025-10-01, to: 2026-12-31, multiplier: 1.5}\n  streams:\n", 1)
	s2, err := scenario.Parse("northshire-step.yaml", []byte(stepped))
	if err != nil {
		t.Fatal(err)
	}
	ex2 := generate(t, s2, 11, "2026-03-31")
	bt2, err := fit.RunBacktest(context.Background(), s, ex2, opt)
	if err != nil {
		t.Fatal(err)
	}
	cov2 := backtestSeries(bt2)
	t.Logf("stepped service: overall %.2f, %v", bt2.Coverage, cov2)
	if cov2["Victims: referrals"] > 0.6 || cov2["Victims: referrals"] >= cov["Victims: referrals"] {
		t.Errorf("a 50%% step in demand for 6 of 12 months left the referrals' coverage at %.0f%% (%.0f%% without it); the score should catch it",
			100*cov2["Victims: referrals"], 100*cov["Victims: referrals"])
	}
}
