package funding_test

import (
	"fmt"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

func statedShare(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// Staffordshire and Stoke-on-Trent's pooled budget for 2018/19, as seed 001
// states it, and what does not reconcile.
func ExampleReconcile() {
	year := funding.FinancialYear(2018)
	pool := funding.Pool{Funders: []funding.Funder{
		{Name: "Staffordshire County Council", StatedShare: statedShare("31"),
			Contributions: []funding.Contribution{{Year: year, Amount: funding.MustParseMoney("£670,490")}}},
		{Name: "Staffordshire Commissioner's Office", Lead: true, StatedShare: statedShare("47"),
			Contributions: []funding.Contribution{{Year: year, Amount: funding.MustParseMoney("£1,015,483")}}},
		{Name: "Stoke-on-Trent City Council", StatedShare: statedShare("22"),
			Contributions: []funding.Contribution{{Year: year, Amount: funding.MustParseMoney("£544,997")}}},
	}}
	if err := pool.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pool", year, pool.Total(year))
	for i, f := range pool.Funders {
		fmt.Printf("  %-36s %s\n", f.Name, pool.Share(i, year))
	}
	stated := funding.MustParseMoney("£2,157,000")
	for _, f := range funding.Reconcile(pool, funding.Stated{AnnualTotal: &stated, Year: year}) {
		fmt.Println("-", f)
	}
	// Output:
	// pool 2018/19 £2,230,970.00
	//   Staffordshire County Council         £670,490.00 of £2,230,970.00 (30.05%)
	//   Staffordshire Commissioner's Office  £1,015,483.00 of £2,230,970.00 (45.52%)
	//   Stoke-on-Trent City Council          £544,997.00 of £2,230,970.00 (24.43%)
	// - The 2018/19 annual total is stated as £2,157,000.00 but the contributions add up to £2,230,970.00 (£73,970.00 more); the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00.
	// - Staffordshire County Council's 2018/19 share is stated as 31% but its contribution is 30.05% of the total contributed (0.95 percentage points less); the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00.
	// - Staffordshire Commissioner's Office's 2018/19 share is stated as 47% but its contribution is 45.52% of the total contributed (1.48 percentage points less); the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00.
	// - Stoke-on-Trent City Council's 2018/19 share is stated as 22% but its contribution is 24.43% of the total contributed (2.43 percentage points more); the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00.
}

// Southend, Essex and Thurrock (seed 004): the PFCC's Victims Fund money
// depends on a Ministry of Justice grant not yet confirmed for 2024/25.
func ExamplePool_AtRisk() {
	pool := funding.Pool{Funders: []funding.Funder{
		{Name: "PFCC Victims Fund", Source: "Ministry of Justice core grant",
			Status:        funding.Status{Kind: funding.AtRisk, WithdrawalProbability: 0.2}, // an assumption, not in the seed
			Contributions: []funding.Contribution{{Year: 2024, Amount: funding.MustParseMoney("£451k")}}},
		{Name: "PFCC perpetrator match-funding",
			Contributions: []funding.Contribution{{Year: 2024, Amount: funding.MustParseMoney("£75k")}}},
	}}
	total, risk := pool.Total(2024), pool.AtRisk(2024)
	fmt.Printf("%s of %s at risk (%s%%)\n", risk, total, funding.Share{Part: risk, Whole: total}.Percent(1))
	// Output:
	// £451,000.00 of £526,000.00 at risk (85.7%)
}
