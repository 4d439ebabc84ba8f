package scenario_test

import (
	"fmt"
	"log"

	"github.com/lotsim/lotsim/scenario"
)

// Each figure of a file with what its comments say it rests on.
func ExampleFigures() {
	const file = `name: Northshire
base_year: 2025/26
areas: [North]
funders:
  - name: Northshire Council
    contributions: [{year: 2025/26, amount: "£600,000"}]   # seed 002
contracts:
  - {name: Support, start: 2025-04-01, initial_term: 1 year}   # assumption: no terms published
lots:
  - name: Victims
    kind: community_victim_support
    service:
      caseworkers:
        cost_per_fte: "£40,000"   # REFERENCES.md
        caseload_per_fte: 22     # assumption: range 18 to 26
        case_length: {fixed: 110 days}
demand:
  streams:
    - {area: North, client_group: victim, referrals_per_year: 1500, risk_mix: {standard: 100%}}   # derived: seed 002's 3,000 over two years
routing:
  - lot: Victims
`
	s, err := scenario.Parse("northshire.yaml", []byte(file))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range scenario.Figures(s) {
		fmt.Printf("%-8s %s = %s", f.Status, f.Path, f.Value)
		if f.Low != "" {
			fmt.Printf(" (range %s to %s)", f.Low, f.High)
		}
		fmt.Println()
	}
	// Output:
	// sourced  funders[Northshire Council].contributions[0].year = 2025/26
	// sourced  funders[Northshire Council].contributions[0].amount = £600,000
	// assumed  contracts[Support].start = 2025-04-01
	// assumed  contracts[Support].initial_term = 1 year
	// sourced  lots[Victims].service.caseworkers.cost_per_fte = £40,000
	// assumed  lots[Victims].service.caseworkers.caseload_per_fte = 22 (range 18 to 26)
	// unmarked lots[Victims].service.caseworkers.case_length.fixed = 110 days
	// derived  demand.streams[0].referrals_per_year = 1500
	// derived  demand.streams[0].risk_mix.standard = 100%
}
