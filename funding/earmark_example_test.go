package funding_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
)

// The PFCC's £75,000 of perpetrator match-funding (seed 004) is earmarked
// to the perpetrator lot: the lot's allocation must hold it, and the rest
// of its money is general.
func ExampleSplitEarmarks() {
	all := decimal.NewFromInt(100)
	pool := funding.Pool{Funders: []funding.Funder{
		{Name: "Council", Contributions: []funding.Contribution{{Year: 2025, Amount: funding.Pounds(925000)}}},
		{Name: "PFCC", Contributions: []funding.Contribution{{Year: 2025, Amount: funding.Pounds(75000)}},
			Earmarks: []funding.Earmark{{Lot: "Perpetrators", Share: &all}}},
	}}
	lots := []funding.LotArea{{Name: "Victims"}, {Name: "Perpetrators"}}
	parts := []funding.Money{funding.Pounds(900000), funding.Pounds(100000)}
	s := funding.SplitEarmarks(pool, 2025, lots, parts)
	for _, l := range s.Lots {
		fmt.Printf("%s: %s = earmarked %v + general %s\n", l.Lot, l.Allocation, l.Earmarked, l.General)
	}
	fmt.Println("pool: earmarked", s.Earmarked, "+ general", s.General)

	// With £60,000 for perpetrators, the earmark is not met.
	parts = []funding.Money{funding.Pounds(940000), funding.Pounds(60000)}
	for _, sf := range funding.CheckEarmarks(pool, 2025, lots, parts) {
		fmt.Println(sf)
	}
	// Output:
	// Victims: £900,000.00 = earmarked [] + general £900,000.00
	// Perpetrators: £100,000.00 = earmarked [{PFCC £75,000.00}] + general £25,000.00
	// pool: earmarked £75,000.00 + general £925,000.00
	// 2025/26: lot Perpetrators is allocated £60,000.00 but PFCC earmarks £75,000.00 to it, £15,000.00 more; raise the lot's allocation, or lower the earmark
}
