package fit_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/synth"
)

// Fit a scenario to two years of a service's records (here, records
// generated from the same scenario, so that the answer is known: 800
// referrals a year growing 5%, cases of 60 days on average, 45 days'
// patience) and print what it found and a line of the fitted scenario.
func ExampleFit() {
	base, err := scenario.Load("testdata/northshire.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf, _ := funding.ParseDate("2026-03-31")
	gen, _ := synth.Generate(base, synth.Options{Seed: 3, AsOf: asOf})
	var csv bytes.Buffer
	gen.WriteCSV(&csv)
	ex, err := records.ReadCSV("northshire.csv", &csv, records.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := fit.Fit(ex, base, fit.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, l := res.Report.Streams[0], res.Report.Lots[0]
	fmt.Printf("%s %s: %.0f referrals a year (%.0f to %.0f), growth %.1f%%\n", s.Area, s.ClientGroup,
		s.ReferralsPerYear.Estimate, s.ReferralsPerYear.Lo, s.ReferralsPerYear.Hi, 100*s.Growth.Estimate)
	fmt.Printf("%s: case length %.1f days (%.1f to %.1f), %s; patience %.1f days (%.1f to %.1f)\n", l.Name,
		l.CaseLengthMeanDays.Estimate, l.CaseLengthMeanDays.Lo, l.CaseLengthMeanDays.Hi, l.CaseLength.Family,
		l.PatienceMeanDays.Estimate, l.PatienceMeanDays.Lo, l.PatienceMeanDays.Hi)
	for _, line := range strings.Split(string(res.Scenario), "\n") {
		if strings.Contains(line, "case_length:") {
			fmt.Println(strings.TrimSpace(line[:strings.Index(line, "#")]))
		}
	}
	// Output:
	// Northshire victim: 829 referrals a year (721 to 953), growth 4.7%
	// Victims: case length 61.3 days (59.0 to 63.7), lognormal; patience 51.3 days (44.1 to 59.7)
	// case_length: {lognormal: {mean: 61.3 days, sd: 41.3 days}}
}
