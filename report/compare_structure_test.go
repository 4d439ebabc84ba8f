package report

import (
	"math"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// structureScenario is £500,000 a year to one lot of caseworkers at
// £40,000 an FTE after a 10% on-cost, holding 20 cases each of 73.05 days
// (a fifth of a year).
const structureScenario = `name: Structure
base_year: 2024/25
areas: [Northshire]
funders:
  - name: Northshire Council
    contributions:
      - {year: 2024/25, amount: "£500,000"}
contracts:
  - name: Support
    start: 2024-04-01
    initial_term: 1 year
    mobilisation: {weeks: 13, capacity: 60%}
lots:
  - name: Victims
    kind: community_victim_support
    on_cost: 10%
    service:
      caseworkers: {cost_per_fte: "£40,000", caseload_per_fte: 20, case_length: {fixed: 73.05 days}}
demand:
  streams:
    - {area: Northshire, client_group: victim, referrals_per_year: 800, risk_mix: {standard: 100%}}
routing:
  - lot: Victims
structure:
  contracts: 3
  management_per_contract: "£9,000"
`

// TestNewStructureCost checks the prices by hand. Frontline money is
// £450,000 (after £50,000 on-cost), 11.25 FTE x 20 = 225 cases at once,
// x 5 a year = 1,125 cases a year, £400 a case. On-cost £50,000 is 10% of
// the money and 125 cases; management 3 x £9,000 = £27,000, 5.4% and
// 67.5 cases; mobilisation of 13 weeks at 60% of capacity loses 40% for
// 91 days, 0.4 x 91 / 365.25 = 0.099657768652 of a year (to 12 places):
// £44,845.9958934 of the frontline money, £44,846.00 to the penny (8.9692%
// of the money), and 112.11 cases.
func TestNewStructureCost(t *testing.T) {
	t.Parallel()
	s, err := scenario.Parse("structure.yaml", []byte(structureScenario))
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewStructureCost(s)
	if err != nil {
		t.Fatal(err)
	}
	money := func(what string, got funding.Money, want string) {
		t.Helper()
		if w := funding.MustParseMoney(want); !got.Equal(w) {
			t.Errorf("%s = %s, want %s", what, got, w)
		}
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	if !c.Stated || c.Lots != 1 || c.Contracts != 3 {
		t.Errorf("stated %v, lots %d, contracts %d; want true, 1, 3", c.Stated, c.Lots, c.Contracts)
	}
	money("money", c.Money, "£500,000")
	money("frontline", c.Frontline, "£450,000")
	near("cases a year", c.CasesPerYear, 1125)
	money("on-cost", c.OnCost.Money, "£50,000")
	near("on-cost share", c.OnCost.ShareOfMoney, 0.1)
	near("on-cost cases", c.OnCost.CasesLost, 125)
	money("management", c.Management.Money, "£27,000")
	near("management share", c.Management.ShareOfMoney, 0.054)
	near("management cases", c.Management.CasesLost, 67.5)
	money("mobilisation", c.Mobilisation.Money, "£44,846")
	near("mobilisation share", c.Mobilisation.ShareOfMoney, 0.089692)
	near("mobilisation cases", c.Mobilisation.CasesLost, 1125*0.099657768652)
	near("mobilisation days", c.MobilisationDays, 91)
	near("mobilisation capacity lost", c.MobilisationShare, 0.4)
}
