package funding_test

import (
	"fmt"

	"github.com/lotsim/lotsim/funding"
)

// Staffordshire's New Era contract (seeds 000 and 001): from 1 October 2018,
// "an option to extend ... for a period of two years from 30th September
// 2020 until 30th September 2023", taken; "the current contract ends on 30
// September 2023".
func ExampleTerms() {
	terms := funding.Terms{
		Start:   funding.NewDate(2018, 10, 1),
		Initial: funding.MustParseDuration("2 years"),
		Extensions: []funding.Extension{{
			Length:      funding.MustParseDuration("2 years"),
			Taken:       true,
			StatedFrom:  funding.NewDate(2020, 9, 30),
			StatedUntil: funding.NewDate(2023, 9, 30),
		}},
		StatedEnd:         funding.NewDate(2023, 9, 30),
		ReprocurementLead: funding.MustParseDuration("12 months"),
	}
	if err := terms.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range terms.Periods() {
		fmt.Println(p.Name, p.Start, "to", p.End)
	}
	fmt.Println("ends", terms.End(), "- re-procure by", terms.ProcureBy())
	for _, f := range terms.Check() {
		fmt.Println("-", f)
	}
	// Output:
	// initial term 2018-10-01 to 2020-09-30
	// extension 1 2020-10-01 to 2022-09-30
	// ends 2022-09-30 - re-procure by 2021-09-30
	// - Extension 1 (30 Sep 2020 to 30 Sep 2023) is stated as 2 years but its stated dates span 3 years (1 year longer); the stated contract end, 30 Sep 2023, agrees with the stated dates, so the extension is likely 3 years.
	// - The contract end is stated as 30 Sep 2023 but the terms give 30 Sep 2022 (1 year earlier); 30 Sep 2023 is the end if extension 1 lasts 3 years, as its stated dates say.
}

// Coventry's contracts run 5+2+2 years from 1 July 2019 (seed 002). The
// contract years of the maximum term:
func ExampleTerms_ContractYears() {
	two := funding.Extension{Length: funding.MustParseDuration("2 years")}
	terms := funding.Terms{
		Start:      funding.NewDate(2019, 7, 1),
		Initial:    funding.MustParseDuration("5 years"),
		Extensions: []funding.Extension{two, two},
	}
	fmt.Println("initial term ends", terms.InitialEnd(), "- at most", terms.MaxEnd())
	for _, y := range terms.ContractYears(true) {
		fmt.Printf("year %d: %s to %s (%s)\n", y.Index, y.Start, y.End, funding.FinancialYearOf(y.Start))
	}
	// Output:
	// initial term ends 2024-06-30 - at most 2028-06-30
	// year 1: 2019-07-01 to 2020-06-30 (2019/20)
	// year 2: 2020-07-01 to 2021-06-30 (2020/21)
	// year 3: 2021-07-01 to 2022-06-30 (2021/22)
	// year 4: 2022-07-01 to 2023-06-30 (2022/23)
	// year 5: 2023-07-01 to 2024-06-30 (2023/24)
	// year 6: 2024-07-01 to 2025-06-30 (2024/25)
	// year 7: 2025-07-01 to 2026-06-30 (2025/26)
	// year 8: 2026-07-01 to 2027-06-30 (2026/27)
	// year 9: 2027-07-01 to 2028-06-30 (2027/28)
}
