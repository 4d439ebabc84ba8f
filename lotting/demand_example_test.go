package lotting_test

import (
	"fmt"
	"time"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// Expected referrals around the first lockdown (seed 001: a sharp drop in
// late March and April 2020, back to the previous level by early June). At
// 365.25 referrals a year, one a day: 22 days of March before the shock, 70
// days at 0.6 (9 + 30 + 31) and the 30 days of June make 22 + 42 + 30 = 94.
func ExampleDemand_Expected() {
	d := lotting.Demand{
		Start: funding.NewDate(2019, time.April, 1),
		Streams: []lotting.Stream{{Area: "Staffordshire", Group: lotting.Victim, PerYear: 365.25,
			RiskMix: map[lotting.Risk]float64{lotting.Standard: 0.6, lotting.Medium: 0.3, lotting.High: 0.1}}},
		Shocks: []lotting.Shock{{Name: "first lockdown", From: funding.NewDate(2020, time.March, 23), To: funding.NewDate(2020, time.May, 31), Multiplier: 0.6}},
	}
	fmt.Printf("%.2f a day on 1 April 2020\n", d.Rate(0, funding.NewDate(2020, time.April, 1)))
	fmt.Printf("%.2f from March to June 2020\n", d.Expected(0, funding.NewDate(2020, time.March, 1), funding.NewDate(2020, time.June, 30)))
	// Output:
	// 0.60 a day on 1 April 2020
	// 94.00 from March to June 2020
}
