package scenario_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lotsim/lotsim/scenario"
)

// fittedFile is a scenario as lotsim fit writes one: a fitted case
// length, patience and drop-out on one line, rates with plain and
// comma'd intervals, growth written 0% with the interval of its estimate,
// a risk mix and seasonality whose intervals are in the fit report, and
// a block comment that marks two figures with one interval.
const fittedFile = `name: Fitted
base_year: 2024/25
areas: [Northshire]
funders:
  - name: Northshire Council
    contributions:
      - {year: 2024/25, amount: "£900,000"}   # seed 001
contracts:
  - {name: Support, start: 2024-04-01, initial_term: 3 years}
lots:
  - name: Victims
    kind: community_victim_support
    contract: Support
    allocation: {percent: 80%}   # assumption
    wait_targets: {standard: 28 days}
    service:
      caseworkers:
        fte: 10                  # assumption: range 8 to 12
        caseload_per_fte: 20     # assumption
        case_length: {lognormal: {mean: 80.3 days, sd: 60.4 days}}   # fitted: r.csv (SHA-256 614382a33cb1…), 9,186 rows, 2023-10-01 to 2025-09-30, 95% CI 79 to 81.6 days (mean)
    disengagement:
      - {client_group: victim, patience: {gamma: {mean: 90.1 days, sd: 88.6 days}}, drop_out: 0%}   # fitted: r.csv (SHA-256 614382a33cb1…), 9,731 rows, 2023-10-01 to 2025-09-30, 95% CI 87.1 to 93.3 days (mean patience); fitted: r.csv (SHA-256 614382a33cb1…), 5,308 rows, 2023-10-01 to 2025-09-30, 95% CI 0% to 0.1% (drop-out)
  - name: Perpetrators
    kind: perpetrator_programme
    contract: Support
    allocation: remainder        # assumption
    service:
      caseworkers: {fte: 2, caseload_per_fte: 8, case_length: {fixed: 26 weeks}}   # assumption
    disengagement:
      - {client_group: perpetrator, patience: {exponential: {mean: 28.9 days}}, drop_out: 39%}   # fitted: r.csv (SHA-256 614382a33cb1…), 295 rows, 2023-10-01 to 2025-09-30, 95% CI 24.8 to 33.6 days (mean patience); fitted: r.csv (SHA-256 614382a33cb1…), 100 rows, 2023-10-01 to 2025-09-30, 95% CI 29.4% to 49.3% (drop-out)
demand:
  start: 2024-04-01
  seasonality: [1.11, 0.85, 0.86, 0.94, 0.95, 1.01, 1.05, 1.16, 1.11, 0.99, 0.95, 1.02]   # fitted: r.csv (SHA-256 614382a33cb1…), 14,507 rows, 2023-10-01 to 2025-09-30, 95% CIs in the fit report; one pattern for every stream
  streams:
    - area: Northshire
      client_group: victim
      referrals_per_year: 4486   # fitted: r.csv (SHA-256 614382a33cb1…), 8,988 rows, 2023-10-01 to 2025-09-30, 95% CI 4,395 to 4,580; no trend, so the mean level over the records
      risk_mix: {high: 9.5%, medium: 29.7%, standard: 60.8%}   # fitted: r.csv (SHA-256 614382a33cb1…), 8,988 rows, 2023-10-01 to 2025-09-30, 95% CIs in the fit report
      growth: 0%                 # fitted: r.csv (SHA-256 614382a33cb1…), 8,988 rows, 2023-10-01 to 2025-09-30, no evidence of a trend (p = 0.97, growth 0.1%, 95% CI -3.8% to 4.1%), so none
    # fitted: r.csv (SHA-256 614382a33cb1…), 138 rows, 2023-10-01 to 2025-09-30, 95% CI 58 to 81
    - {area: Northshire, client_group: perpetrator, referrals_per_year: 69, growth: 1%, risk_mix: {standard: 100%}}
routing:
  - {client_groups: [victim], lot: Victims}
  - {client_groups: [perpetrator], lot: Perpetrators}
simulation:
  seed: 7
  replications: 20
`

type drawnRow struct {
	Paths        []string
	Label, Scale string
	Low, High    float64
	Centre, SE   float64
}

func loadFitted(t *testing.T) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Parse("fitted.yaml", []byte(fittedFile))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// se is the standard error on a scale t of a 95% interval lo to hi.
func se(t func(float64) float64, lo, hi float64) float64 {
	return (t(hi) - t(lo)) / (2 * 1.959964)
}

func TestFittedFigures(t *testing.T) {
	t.Parallel()
	ident := func(x float64) float64 { return x }
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	want := []drawnRow{
		{[]string{"lots[Victims].service.caseworkers.case_length.lognormal.mean", "lots[Victims].service.caseworkers.case_length.lognormal.sd"},
			"mean", "log", 79, 81.6, 80.3, se(math.Log, 79, 81.6)},
		{[]string{"lots[Victims].disengagement[0].patience.gamma.mean", "lots[Victims].disengagement[0].patience.gamma.sd"},
			"mean patience", "log", 87.1, 93.3, 90.1, se(math.Log, 87.1, 93.3)},
		// An interval from 0: no logit, so the plain scale about its midpoint.
		{[]string{"lots[Victims].disengagement[0].drop_out"}, "drop-out", "plain", 0, 0.001, 0.0005, se(ident, 0, 0.001)},
		{[]string{"lots[Perpetrators].disengagement[0].patience.exponential.mean"}, "mean patience", "log", 24.8, 33.6, 28.9, se(math.Log, 24.8, 33.6)},
		{[]string{"lots[Perpetrators].disengagement[0].drop_out"}, "drop-out", "logit", 0.294, 0.493, 0.39, se(logit, 0.294, 0.493)},
		{[]string{"demand.streams[0].referrals_per_year"}, "", "log", 4395, 4580, 4486, se(math.Log, 4395, 4580)},
		// Growth written 0% for want of evidence: drawn about the 0% the
		// file holds, with the spread of the estimate's interval.
		{[]string{"demand.streams[0].growth"}, "", "log(1+x)", -0.038, 0.041, 0, se(math.Log1p, -0.038, 0.041)},
	}
	figs, skipped := scenario.FittedFigures(loadFitted(t))
	var got []drawnRow
	for _, f := range figs {
		r := drawnRow{Label: f.Label, Scale: f.Scale.String(), Low: f.Low, High: f.High, Centre: f.Centre, SE: f.SE}
		for _, g := range f.Figures {
			r.Paths = append(r.Paths, g.Path)
		}
		got = append(got, r)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("drawn (-want +got):\n%s", diff)
	}
	wantSkipped := map[string]string{
		"demand.seasonality":                   "fit report",
		"demand.streams[0].risk_mix.high":      "fit report",
		"demand.streams[0].risk_mix.medium":    "fit report",
		"demand.streams[0].risk_mix.standard":  "fit report",
		"demand.streams[1].referrals_per_year": "several figures it marks",
		"demand.streams[1].growth":             "several figures it marks",
		"demand.streams[1].risk_mix.standard":  "several figures it marks",
	}
	gotSkipped := map[string]string{}
	for _, n := range skipped {
		gotSkipped[n.Figure.Path] = n.Reason
	}
	for p, w := range wantSkipped {
		if !strings.Contains(gotSkipped[p], w) {
			t.Errorf("%s: not drawn because %q, want a reason with %q", p, gotSkipped[p], w)
		}
	}
	if len(gotSkipped) != len(wantSkipped) {
		t.Errorf("not drawn: %v, want %d of them", gotSkipped, len(wantSkipped))
	}
	if f, s := scenario.FittedFigures(&scenario.Scenario{}); f != nil || s != nil {
		t.Errorf("a scenario built in Go: got %v, %v, want nil, nil", f, s)
	}
}

// TestFittedDrawCoverage draws each fitted figure many times: the share
// of draws inside its stated 95% interval must be 95%, and the draws'
// median its centre. With n = 40,000 draws the share's standard error is
// sqrt(0.95 × 0.05 / n) = 0.0011, so a tolerance of 0.0055 (5 standard
// errors) fails by chance about once in 1.7 million; the median's
// position (the share of draws below the centre) likewise, with standard
// error 0.0025 and tolerance 0.0125.
func TestFittedDrawCoverage(t *testing.T) {
	t.Parallel()
	figs, _ := scenario.FittedFigures(loadFitted(t))
	const n = 40000
	for i, f := range figs {
		r := rand.New(rand.NewPCG(11, uint64(i)))
		var inside, below int
		for range n {
			ovs := f.Draw(r)
			if len(ovs) != len(f.Figures) {
				t.Fatalf("%s: %d overrides for %d figures", f.Figures[0].Path, len(ovs), len(f.Figures))
			}
			x := drawnValue(t, f, ovs)
			if x >= f.Low && x <= f.High {
				inside++
			}
			if x < f.Centre {
				below++
			}
		}
		share := float64(inside) / n
		want := 0.95
		if f.Label == "drop-out" && f.Low == 0 {
			want = 0.975 // draws below 0 are put at 0, inside the interval
		}
		if math.Abs(share-want) > 0.0055 {
			t.Errorf("%s: %.4f of draws inside %v to %v, want %.3f", f.Figures[0].Path, share, f.Low, f.High, want)
		}
		if b := float64(below) / n; math.Abs(b-0.5) > 0.0125 {
			t.Errorf("%s: %.4f of draws below the centre %v, want 0.5", f.Figures[0].Path, b, f.Centre)
		}
	}
}

// drawnValue reads the drawn figure back from its overrides: the value
// set (a percentage as a fraction) or, for a distribution, its mean times
// the factor (every duration scaled by the same one).
func drawnValue(t *testing.T, f scenario.FittedFigure, ovs []scenario.Override) float64 {
	t.Helper()
	if len(f.Figures) > 1 || ovs[0].Op == scenario.Scale {
		for _, o := range ovs {
			if o.Op != scenario.Scale || o.Value != ovs[0].Value {
				t.Fatalf("%v: a distribution's durations must be scaled by one factor", ovs)
			}
		}
		k, err := strconv.ParseFloat(ovs[0].Value, 64)
		if err != nil {
			t.Fatal(err)
		}
		return k * f.Centre
	}
	v := strings.TrimSuffix(strings.TrimSuffix(ovs[0].Value, " days"), "%")
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(ovs[0].Value, "%") {
		x /= 100
	}
	return x
}

// TestFittedDrawApplies: the overrides of one draw of every figure apply
// to the file as a valid scenario, and a distribution keeps its
// coefficient of variation.
func TestFittedDrawApplies(t *testing.T) {
	t.Parallel()
	s := loadFitted(t)
	figs, _ := scenario.FittedFigures(s)
	r := rand.New(rand.NewPCG(1, 2))
	for rep := range 20 {
		var ovs []scenario.Override
		for _, f := range figs {
			ovs = append(ovs, f.Draw(r)...)
		}
		d, err := scenario.ApplyOverrides(s.File, s.Source(), ovs...)
		if err != nil {
			t.Fatalf("draw %d: %v", rep, err)
		}
		vals := map[string]float64{}
		for _, f := range scenario.Figures(d) {
			if x, err := strconv.ParseFloat(strings.TrimSuffix(f.Value, " days"), 64); err == nil {
				vals[f.Path] = x
			}
		}
		const cl = "lots[Victims].service.caseworkers.case_length.lognormal."
		if got, want := vals[cl+"sd"]/vals[cl+"mean"], 60.4/80.3; math.Abs(got-want) > 1e-6 {
			t.Errorf("draw %d: case length cv %v, want %v", rep, got, want)
		}
		if vals[cl+"mean"] == 80.3 {
			t.Errorf("draw %d: the case length was not drawn", rep)
		}
	}
}
