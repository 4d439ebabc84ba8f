package funding_test

import (
	"fmt"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// inflation is UK CPI by financial year as REFERENCES.md gives it (ONS
// D7G7 calendar-year averages, an assumption until checked), 2% otherwise.
func inflation() funding.Inflation {
	rate := decimal.RequireFromString
	return funding.Inflation{
		Rates: map[funding.FinancialYear]decimal.Decimal{
			2018: rate("2.5"), 2019: rate("1.8"), 2020: rate("0.9"),
			2021: rate("2.6"), 2022: rate("9.1"), 2023: rate("7.3"),
		},
		Default: rate("2"),
	}
}

// Seed 000's scrutiny committee asked why the new contract kept the cash
// level of five years earlier: with no uplift, the same £2,157,000 buys
// less each year. By hand, year 5 starts in 2022/23 and is deflated by
// 1.018 × 1.009 × 1.026 × 1.091 (2019/20 to 2022/23): £2,157,000 /
// 1.14977... = £1,876,027.02.
func ExampleValues() {
	terms := funding.Terms{
		Start:   funding.NewDate(2018, 10, 1),
		Initial: funding.MustParseDuration("5 years"),
	}
	annual := funding.MustParseMoney("£2,157,000")
	fmt.Printf("%4s  %-14s %14s %16s\n", "year", "financial year", "cash", "2018/19 prices")
	for _, v := range funding.Values(annual, terms, funding.Uplift{}, inflation(), 2018, false) {
		fmt.Printf("%4d  %-14s %14s %16s\n", v.Year.Index, v.FinancialYear, v.Cash, v.Real)
	}
	// Output:
	// year  financial year           cash   2018/19 prices
	//    1  2018/19         £2,157,000.00    £2,157,000.00
	//    2  2019/20         £2,157,000.00    £2,118,860.51
	//    3  2020/21         £2,157,000.00    £2,099,960.86
	//    4  2021/22         £2,157,000.00    £2,046,745.48
	//    5  2022/23         £2,157,000.00    £1,876,027.02
}

// No uplift, a fixed 2% and a CPI uplift capped at 3%, over an initial
// five years and a two-year extension. CPI uplifts each contract year by
// the rate of the financial year before it starts: 2.5%, 1.8%, 0.9% and
// 2.6% in years 2 to 5, then 3% for 2022/23's 9.1% and 2023/24's 7.3%.
// By hand, 2%: £2,157,000 × (1 + 1.02 + 1.02² + 1.02³ + 1.02⁴), each year
// rounded to the penny, is £11,225,114.63.
func ExampleTotalValue() {
	terms := funding.Terms{
		Start:      funding.NewDate(2018, 10, 1),
		Initial:    funding.MustParseDuration("5 years"),
		Extensions: []funding.Extension{{Length: funding.MustParseDuration("2 years")}},
	}
	annual := funding.MustParseMoney("£2,157,000")
	threePercent := decimal.NewFromInt(3)
	for _, u := range []funding.Uplift{
		{},
		{Kind: funding.Fixed, Rate: decimal.NewFromInt(2)},
		{Kind: funding.CPI, Cap: &threePercent},
	} {
		initial, max := funding.TotalValue(annual, terms, u, inflation())
		fmt.Printf("%-16s initial %s, maximum %s\n", u, initial, max)
	}
	// Output:
	// no uplift        initial £10,785,000.00, maximum £15,099,000.00
	// 2% a year        initial £11,225,114.63, maximum £16,035,749.26
	// CPI, at most 3%  initial £11,219,648.37, maximum £16,091,494.66
}
