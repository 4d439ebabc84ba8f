package fit_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/synth"
)

// generate writes the records a Northshire service would hold after two
// years, for seed, and reads them back as an analyst's extract would be.
func generate(t testing.TB, s *scenario.Scenario, seed uint64, asOf string) *records.Extract {
	t.Helper()
	rec, err := synth.Generate(s, synth.Options{Seed: seed, AsOf: mustDate(t, asOf), ClientIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rec.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	ex, err := records.ReadCSV(fmt.Sprintf("northshire-%d.csv", seed), &buf, records.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestFitCoverage fits the records of many seeded Northshire services and
// counts how often each 95% interval covers the value the records were
// generated from: the rate a year at the start, the growth, the case
// length's mean and the patience's mean. Each must cover in about 95% of
// seeds; with 160 seeds the band [0.88, 0.995] fails by chance about once
// in 10,000 runs for a correct interval, and catches one that covers 85%
// or less.
func TestFitCoverage(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("testdata/northshire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const seeds = 160
	covered := map[string]int{}
	var bias = map[string]float64{}
	for seed := uint64(1); seed <= seeds; seed++ {
		ex := generate(t, s, seed, "2026-03-31")
		res, err := fit.Fit(ex, s, fit.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		r := res.Report
		check := func(name string, e *fit.Estimate, truth float64) {
			if e == nil {
				t.Fatalf("seed %d: %s not fitted", seed, name)
			}
			if e.Lo <= truth && truth <= e.Hi {
				covered[name]++
			}
			bias[name] += (e.Estimate - truth) / truth / seeds
		}
		check("referrals_per_year", &r.Streams[0].ReferralsPerYear, 800)
		check("growth", r.Streams[0].Growth, 0.05)
		check("case_length_mean_days", r.Lots[0].CaseLengthMeanDays, 60)
		check("patience_mean_days", r.Lots[0].PatienceMeanDays, 45)
		check("drop_out_share", r.Lots[0].DropOutShare, 0.20)
	}
	for _, name := range []string{"referrals_per_year", "growth", "case_length_mean_days", "patience_mean_days", "drop_out_share"} {
		c := float64(covered[name]) / seeds
		t.Logf("%s: covered in %.1f%% of %d seeds; mean relative error %+.2f%%", name, 100*c, seeds, 100*bias[name])
		if c < 0.88 || c > 0.995 || math.IsNaN(c) {
			t.Errorf("%s: the 95%% interval covered the true value in %.1f%% of %d seeds; want 88%% to 99.5%%", name, 100*c, seeds)
		}
	}
}

func mustDate(t testing.TB, s string) funding.Date {
	t.Helper()
	d, err := funding.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestFitCounts fits monthly counts made from a case-level extract: the
// demand agrees with the case-level fit (the same referrals, counted by
// month), and no lot is fitted.
func TestFitCounts(t *testing.T) {
	t.Parallel()
	s, err := scenario.Load("testdata/northshire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ex := generate(t, s, 5, "2026-03-31")
	cases, err := fit.Fit(ex, s, fit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ month, risk string }
	counts := map[key]int{}
	var order []key
	for _, r := range ex.Referrals {
		k := key{r.Referred.String()[:7], []string{"standard", "medium", "high"}[r.Risk]}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	var b strings.Builder
	b.WriteString("month,area,client_group,risk,referrals\n")
	for _, k := range order {
		fmt.Fprintf(&b, "%s,Northshire,victim,%s,%d\n", k.month, k.risk, counts[k])
	}
	cx, err := records.ReadCSV("counts.csv", strings.NewReader(b.String()), records.Options{AsOf: ex.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	res, err := fit.Fit(cx, s, fit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, want := res.Report.Streams[0].ReferralsPerYear.Estimate, cases.Report.Streams[0].ReferralsPerYear.Estimate
	if math.Abs(got/want-1) > 0.01 {
		t.Errorf("referrals a year from monthly counts %.1f, from the cases %.1f; want within 1%%", got, want)
	}
	if len(res.Report.Lots) != 0 || res.Report.Streams[0].RiskMix[0].Referrals != cases.Report.Streams[0].RiskMix[0].Referrals {
		t.Errorf("counts: %d lots fitted (want none), high-risk referrals %d (cases: %d)", len(res.Report.Lots),
			res.Report.Streams[0].RiskMix[0].Referrals, cases.Report.Streams[0].RiskMix[0].Referrals)
	}
}
