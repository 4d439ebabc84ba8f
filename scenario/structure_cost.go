package scenario

import (
	"strings"

	"github.com/lotsim/lotsim/funding"
	"gopkg.in/yaml.v3"
)

// StructureCost is what a lot structure costs beyond its lots' money, as
// the scenario states it (the structure block): the contracts it lets,
// what managing each costs the commissioners, and the capacity a new
// contract loses while it mobilises. These figures are priced by lotsim
// compare beside the waits (report.StructureCost); they do not change the
// simulation, so that a comparison of structures with the same frontline
// money shows what pooling does to waits apart from what the structure
// costs. A lot's own on_cost, which does change its capacity, is reported
// with them. The zero value states nothing.
type StructureCost struct {
	// Contracts is the number of contracts the structure lets (each
	// separately tendered award); 0 means one a lot.
	Contracts int
	// ManagementPerContract is the commissioners' yearly cost of
	// procuring, monitoring and managing one contract.
	ManagementPerContract funding.Money
}

// IsZero reports whether c states nothing.
func (c StructureCost) IsZero() bool { return c == StructureCost{} }

// structureCost decodes the structure block: {contracts: 6,
// management_per_contract: "£15,000"}.
func (d *decoder) structureCost(n *yaml.Node, path string) StructureCost {
	var c StructureCost
	f, ok := d.Mapping(n, path, "what the lot structure costs ("+strings.Join(structureKeys, ", ")+")", structureKeys...)
	if !ok {
		return c
	}
	if v := f.Get("contracts"); v != nil {
		c.Contracts, _ = d.integer(v, f.At("contracts"), 1, maxCount)
	}
	if v := f.Get("management_per_contract"); v != nil {
		c.ManagementPerContract, _ = d.money(v, f.At("management_per_contract"), true)
	}
	return c
}
