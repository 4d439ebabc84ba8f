package lotting_test

import (
	"fmt"
	"time"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/shopspring/decimal"
)

// The hand arithmetic for Staffordshire and Stoke-on-Trent in 2019/20:
// the stated £2,157,000 a year (seed 001) split 85% to the victims lot and
// 15% to the perpetrator lot (an assumption: the seeds do not give the
// split), against the referral rate the seed reports.
func ExamplePlan() {
	s := lotting.Structure{
		Areas: []string{"Staffordshire", "Stoke-on-Trent"},
		Lots: []lotting.Lot{
			{Name: "Victims", Kind: lotting.KindCommunityVictimSupport, Service: lotting.ServiceModel{
				Caseworkers: &lotting.Caseworkers{
					// Assumption: £38k-£45k a loaded FTE (REFERENCES.md); FTE
					// is derived from the lot's money.
					CostPerFTE: funding.Pounds(40000),
					// Derived: 20 to 25 concurrent cases (REFERENCES.md).
					CaseloadPerFTE: 22,
					// Assumption: about 110 days (REFERENCES.md).
					CaseLength: lotting.Distribution{Kind: lotting.Lognormal, Mean: 110, SD: 40},
				}}},
			{Name: "Perpetrators", Kind: lotting.KindPerpetratorProgramme, Service: lotting.ServiceModel{
				Delivery: lotting.GroupWork,
				Group: &lotting.Group{
					CohortSize: 12, MinToStart: 6, // low-confidence source (REFERENCES.md)
					Weeks:             26, // Home Office standards: at least 22 weeks
					StartEvery:        funding.MustParseDuration("4 weeks"),
					ConcurrentCohorts: 3, // assumption
				}}},
		},
		Rules: []lotting.Rule{
			{Groups: []lotting.ClientGroup{lotting.Victim}, Lot: "Victims"},
			{Groups: []lotting.ClientGroup{lotting.Perpetrator}, Lot: "Perpetrators"},
		},
	}
	mix := map[lotting.Risk]float64{lotting.Standard: 0.6, lotting.Medium: 0.3, lotting.High: 0.1} // assumption (REFERENCES.md)
	d := lotting.Demand{
		Start: funding.NewDate(2018, time.October, 1),
		Streams: []lotting.Stream{
			// Seed 001: 14,160 victim referrals in the 30 months from October
			// 2018 to March 2021, 8,907 of them from Staffordshire: 8,907/2.5
			// = 3,562.8 and 5,253/2.5 = 2,101.2 a year.
			{Area: "Staffordshire", Group: lotting.Victim, PerYear: 3562.8, RiskMix: mix},
			{Area: "Stoke-on-Trent", Group: lotting.Victim, PerYear: 2101.2, RiskMix: mix},
			// Not in the seeds: an assumption.
			{Area: "Staffordshire", Group: lotting.Perpetrator, PerYear: 400, RiskMix: map[lotting.Risk]float64{lotting.Standard: 1}},
		},
	}
	if errs := s.Validate(d); errs != nil {
		fmt.Println(errs)
		return
	}
	annual := []funding.Money{funding.Pounds(1833450), funding.Pounds(323550)} // 85% and 15% of £2,157,000
	for _, c := range lotting.Plan(s, d, annual, 2019, decimal.NewFromInt(1)) {
		flag := ""
		if c.OverCapacity {
			flag = "  over capacity"
		}
		fmt.Printf("%-12s %5.1f FTE %7.1f a year, demand %7.1f, utilisation %4.0f%%, %s a case%s\n",
			c.Lot, c.FTE, c.CasesPerYear, c.ExpectedDemand, 100*c.Utilisation, c.CostPerCase, flag)
	}
	// Victims: £1,833,450 / £40,000 = 45.836 FTE x 22 / (110/365.25) =
	// 3,348.3 cases; 2019/20 has 366 days, so demand is 5,664 x 366/365.25 =
	// 5,675.6; each FTE takes 22 x 365.25/110 = 73.05 cases a year, so a case
	// costs £40,000 / 73.05 = £547.57. Perpetrators: min(365.25/28, 3 x
	// 52/26) = 6 cohorts of 12 = 72 places against 400 x 366/365.25 = 400.8;
	// £323,550 / 72 = £4,493.75.

	// Output:
	// Victims       45.8 FTE  3348.3 a year, demand  5675.6, utilisation  170%, £547.57 a case  over capacity
	// Perpetrators   0.0 FTE    72.0 a year, demand   400.8, utilisation  557%, £4,493.75 a case  over capacity
}

// A lot whose money pays for no staff has no capacity: Plan says so in the
// Note rather than dividing by zero.
func ExamplePlan_noCapacity() {
	s := lotting.Structure{
		Areas: []string{"Coventry"},
		Lots: []lotting.Lot{{Name: "Accommodation", Kind: lotting.KindRefuge, Service: lotting.ServiceModel{
			Caseworkers: &lotting.Caseworkers{CostPerFTE: funding.Pounds(40000), CaseloadPerFTE: 8, CaseLength: lotting.FixedValue(150)},
		}}},
		Rules: []lotting.Rule{{Lot: "Accommodation"}},
	}
	d := lotting.Demand{Streams: []lotting.Stream{{Area: "Coventry", Group: lotting.Victim, PerYear: 120, RiskMix: map[lotting.Risk]float64{lotting.High: 1}}}}
	c := lotting.Plan(s, d, []funding.Money{{}}, 2019, decimal.NewFromInt(1))[0]
	fmt.Printf("%s: %.1f a year, demand %.1f, over capacity %v\n%s\n", c.Lot, c.CasesPerYear, c.ExpectedDemand, c.OverCapacity, c.Note)
	// Output:
	// Accommodation: 0.0 a year, demand 120.2, over capacity true
	// no capacity: fte is not given and the lot's money, £0.00, pays for none
}
