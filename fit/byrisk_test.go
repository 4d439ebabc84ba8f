package fit_test

import (
	"os"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
)

// TestFitCaseLengthByRisk fits records whose high-risk cases last 150 days
// on average and the others 60 (Northshire with case_length_by_risk): the
// fitted scenario gets case_length_by_risk with a high-risk mean whose
// interval covers 150, and loads. Records of one case length for every
// level (Northshire itself) keep the pooled case length only, and say so.
func TestFitCaseLengthByRisk(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("testdata/northshire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const pooled = "case_length: {lognormal: {mean: 60 days, sd: 40 days}}"
	byRisk := strings.Replace(string(text), pooled, pooled+"\n        case_length_by_risk: {high: {lognormal: {mean: 150 days, sd: 90 days}}}", 1)
	for _, tt := range []struct {
		name  string
		text  string
		write bool
	}{
		{"by risk", byRisk, true},
		{"one length", string(text), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, err := scenario.Parse("northshire.yaml", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			res, err := fit.Fit(generate(t, base, 7, "2026-03-31"), base, fit.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(grepLine(string(res.Scenario), "case_length"))
			wrote := strings.Contains(string(res.Scenario), "case_length_by_risk:")
			if wrote != tt.write {
				t.Fatalf("fitted scenario writes case_length_by_risk: %v, want %v; left out %q", wrote, tt.write, res.Report.LeftOut)
			}
			got, err := scenario.Parse("fitted.yaml", res.Scenario)
			if err != nil {
				t.Fatalf("fitted scenario does not load: %v", err)
			}
			if !tt.write {
				return
			}
			var lf *fit.LotFit
			for i := range res.Report.Lots {
				lf = &res.Report.Lots[i]
			}
			for _, rd := range lf.CaseLengthByRisk {
				if rd.Risk == "high" && !(rd.MeanDays.Lo <= 150 && 150 <= rd.MeanDays.Hi) {
					t.Errorf("high-risk mean %v to %v days does not cover 150", rd.MeanDays.Lo, rd.MeanDays.Hi)
				}
			}
			cw := got.Structure.Lots[0].Service.Caseworkers
			if m := cw.CaseLengthFor(lotting.High).Expected(); !(m > 120 && m < 180) {
				t.Errorf("fitted high-risk case length mean %v days, want near 150", m)
			}
		})
	}
}

// grepLine returns the lines of text that contain s.
func grepLine(text, s string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return strings.Join(out, "\n")
}
