package lotting_test

import (
	"fmt"

	"github.com/lotsim/lotsim/lotting"
)

// A lot whose high-risk cases last 150 days and the rest 60: with one
// high-risk referral in ten the cases it takes last 69 days on average,
// so 10 FTE holding 22 cases each take 10 x 22 x 365.25 / 69 = 1,165
// cases a year rather than the 1,339 that 60 days for everyone would give.
func ExampleCaseworkers_MeanCaseLength() {
	c := lotting.Caseworkers{FTE: 10, CaseloadPerFTE: 22,
		CaseLength:       lotting.Distribution{Kind: lotting.Lognormal, Mean: 60, SD: 40},
		CaseLengthByRisk: map[lotting.Risk]lotting.Distribution{lotting.High: {Kind: lotting.Lognormal, Mean: 150, SD: 90}}}
	mix := map[lotting.Risk]float64{lotting.Standard: 0.6, lotting.Medium: 0.3, lotting.High: 0.1}
	fmt.Printf("high risk: %.0f days; mean over the mix: %.0f days\n", c.CaseLengthFor(lotting.High).Expected(), c.MeanCaseLength(mix))
	fmt.Printf("cases a year: %.0f (one length: %.0f)\n", c.CasesPerYearFor(10, mix), c.CasesPerYear(10))
	// Output:
	// high risk: 150 days; mean over the mix: 69 days
	// cases a year: 1165 (one length: 1339)
}
