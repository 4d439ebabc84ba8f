package funding_test

import (
	"fmt"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// A pool split between lots: a fixed amount for a central point of contact,
// a percentage for three area lots, and the remainder shared by early help
// and perpetrators. The parts add up to the pool to the penny.
//
// By hand: 17.5% of £1,347,955 is £235,892.125 for each area; the
// remainder, £1,347,955 - £250,000 - 3 × £235,892.125 = £390,278.625, is
// £195,139.3125 each. Rounded down to the penny these leave 2p; the
// largest fractions cut off are the areas' half pennies, a three-way tie
// that goes to the first two.
func ExampleAllocate() {
	total := funding.MustParseMoney("£1,347,955")
	rules := []funding.AllocationRule{
		{Name: "Central point of contact", Method: funding.FixedAmount, Amount: funding.MustParseMoney("£250,000")},
		{Name: "North Essex", Method: funding.Percentage, Percent: decimal.RequireFromString("17.5")},
		{Name: "Mid Essex", Method: funding.Percentage, Percent: decimal.RequireFromString("17.5")},
		{Name: "South Essex", Method: funding.Percentage, Percent: decimal.RequireFromString("17.5")},
		{Name: "Early help", Method: funding.Remainder},
		{Name: "Perpetrators", Method: funding.Remainder},
	}
	a, err := funding.Allocate(total, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range rules {
		fmt.Printf("%-25s %-9s %14s\n", r.Name, r.Method, a.Parts[i])
	}
	fmt.Printf("%-35s %14s\n", "unallocated", a.Unallocated)
	fmt.Printf("%-35s %14s\n", "total", funding.Sum(a.Unallocated, a.Parts...))

	rules[0].Amount = funding.MustParseMoney("£750,000")
	_, err = funding.Allocate(total, rules)
	fmt.Println(err)
	// Output:
	// Central point of contact  amount       £250,000.00
	// North Essex               percent      £235,892.13
	// Mid Essex                 percent      £235,892.13
	// South Essex               percent      £235,892.12
	// Early help                remainder    £195,139.31
	// Perpetrators              remainder    £195,139.31
	// unallocated                                  £0.00
	// total                                £1,347,955.00
	// funding: allocations exceed the total: fixed amounts of £750,000.00 plus 52.5% of the total (£707,676.38) come to £1,457,676.38, £109,721.38 more than the total of £1,347,955.00
}
