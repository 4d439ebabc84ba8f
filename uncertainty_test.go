package lotsim_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// fittedRate is a scenario as lotsim fit writes one, with one fitted
// figure: 1,000 referrals a year with a wide 95% interval, 800 to 1,250
// (symmetric on the log scale about 1,000: 800 × 1,250 = 1,000²), into a
// lot with room for every referral.
const fittedRate = `name: Fitted rate
base_year: 2024/25
areas: [Northshire]
funders:
  - name: Northshire Council   # seed 001
    contributions:
      - {year: 2024/25, amount: "£500,000"}   # seed 001
contracts:
  - name: Support
    start: 2024-04-01          # seed 001
    initial_term: 1 year       # seed 001
lots:
  - name: Victims
    kind: community_victim_support
    wait_targets: {standard: 28 days}   # seed 001
    service:
      caseworkers:
        fte: 10                # seed 001
        caseload_per_fte: 20   # assumption
        case_length: {fixed: 30 days}   # assumption
demand:
  start: 2024-04-01
  streams:
    - area: Northshire
      client_group: victim
      referrals_per_year: 1000   # fitted: r.csv (SHA-256 614382a33cb1…), 2,000 rows, 2022-04-01 to 2024-03-31, 95% CI 800 to 1,250
      risk_mix: {standard: 100%}   # seed 001
routing:
  - {client_groups: [victim], lot: Victims}
simulation:
  seed: 11
  replications: 8
`

// TestParameterUncertaintyVariance runs the fitted-rate scenario with and
// without parameter uncertainty. Without it, a year's referrals are
// Poisson: their variance across replications is their mean m. With it,
// the rate is drawn as m × exp(s Z), s = ln(1250/800) / (2 × 1.959964),
// so the referrals are a Poisson mixture with mean m e^(s²/2) and
// variance m e^(s²/2) + m² e^(s²) (e^(s²) - 1) (the law of total
// variance): about 14 times the Poisson variance here. With n = 2,000
// replications the sample variance has a relative standard error of
// about sqrt(2.3 / n) = 0.034 (2 for a normal variable, plus the mixture's
// small excess kurtosis), so a tolerance of 16% (4.7 standard errors)
// fails by chance less than once in 100,000; the means are held to 4.5
// standard errors.
func TestParameterUncertaintyVariance(t *testing.T) {
	t.Parallel()
	s, err := scenario.Parse("fitted-rate.yaml", []byte(fittedRate))
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	referrals := func(pu bool) (mean, variance, halfWidth float64, drawn int) {
		t.Helper()
		res, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: n, ParameterUncertainty: pu})
		if err != nil {
			t.Fatal(err)
		}
		sum := res.Results.Cell(0, 0, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Referrals)
		return sum.Mean(), sum.Var(), sum.CI95().HalfWidth, res.DrawnFigures
	}
	m, v0, hw0, d0 := referrals(false)
	mu, v1, hw1, d1 := referrals(true)
	t.Logf("without: mean %.1f var %.1f ±%.2f; with: mean %.1f var %.1f ±%.2f", m, v0, hw0, mu, v1, hw1)
	if d0 != 0 || d1 != 1 {
		t.Errorf("drawn figures %d without and %d with, want 0 and 1", d0, d1)
	}
	if math.Abs(v0/m-1) > 0.16 {
		t.Errorf("without: variance %.1f, want the mean %.1f (Poisson)", v0, m)
	}
	s2 := math.Pow(math.Log(1250.0/800)/(2*1.959964), 2)
	wantMean := m * math.Exp(s2/2)
	wantVar := wantMean + m*m*math.Exp(s2)*(math.Exp(s2)-1)
	if math.Abs(mu-wantMean) > 4.5*math.Sqrt(wantVar/n) {
		t.Errorf("with: mean %.1f, want %.1f", mu, wantMean)
	}
	if math.Abs(v1/wantVar-1) > 0.16 {
		t.Errorf("with: variance %.1f, want %.1f (Poisson %.1f + the rate's %.1f)", v1, wantVar, wantMean, wantVar-wantMean)
	}
	if !(hw1 > 3*hw0) {
		t.Errorf("the 95%% interval's half-width is %.2f with and %.2f without: want it over 3 times wider", hw1, hw0)
	}
}

// TestParameterUncertaintyWorkers: the draws depend on the seed and the
// replication alone, so 1 and 2 workers give the same results bit for
// bit, and they differ from a run without the draws.
func TestParameterUncertaintyWorkers(t *testing.T) {
	t.Parallel()
	s, err := scenario.Parse("fitted-rate.yaml", []byte(fittedRate))
	if err != nil {
		t.Fatal(err)
	}
	var got [3][2]float64
	for i, o := range []lotsim.SimOptions{
		{Replications: 12, Workers: 1, ParameterUncertainty: true},
		{Replications: 12, Workers: 2, ParameterUncertainty: true},
		{Replications: 12, Workers: 2},
	} {
		res, err := lotsim.Simulate(context.Background(), s, o)
		if err != nil {
			t.Fatal(err)
		}
		c := res.Results.Cell(0, simulate.AllYears, simulate.AllAreas, lotting.Standard)
		got[i] = [2]float64{c.Metric(simulate.Referrals).Mean(), c.Metric(simulate.WaitMean).Var()}
	}
	if got[0] != got[1] {
		t.Errorf("1 worker %v, 2 workers %v: want the same", got[0], got[1])
	}
	if got[0] == got[2] {
		t.Errorf("with and without the draws both %v", got[0])
	}
}

// TestParameterUncertaintyNoFitted: a scenario with no fitted figure
// cannot draw any, and says so.
func TestParameterUncertaintyNoFitted(t *testing.T) {
	t.Parallel()
	s, err := scenario.Parse("tiny.yaml", []byte(tinyAssumed))
	if err != nil {
		t.Fatal(err)
	}
	_, err = lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: 2, ParameterUncertainty: true})
	if !errors.Is(err, scenario.ErrCannotSimulate) || !strings.Contains(err.Error(), "no fitted figure") {
		t.Errorf("got %v, want ErrCannotSimulate saying there is no fitted figure", err)
	}
}
