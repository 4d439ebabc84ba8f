package scenario_test

import (
	"fmt"
	"log"

	"github.com/lotsim/lotsim/scenario"
)

// A small scenario, parsed from a string: two funders, one contract with an
// extension, two lots sharing the pool, and the referrals they take.
func ExampleParse() {
	const file = `
name: Northshire, 2025 contract
base_year: 2025/26
areas: [North, South]
funders:
  - name: Northshire County Council
    stated_share: 60%
    contributions: [{year: 2025/26, amount: "£600,000"}]
  - name: Northshire PCC
    lead: true
    stated_share: 40%
    contributions: [{year: 2025/26, amount: £450k}]
contracts:
  - name: Support
    start: 2025-10-01
    initial_term: 3 years
    extensions: [{length: 2 years, taken: true}]
lots:
  - name: Victims
    kind: community_victim_support
    allocation: {percent: 85%}
    service:
      caseworkers: {cost_per_fte: "£40,000", caseload_per_fte: 22, case_length: {lognormal: {mean: 110 days, sd: 40 days}}}
  - name: Perpetrators
    kind: perpetrator_programme
    service:
      caseworkers: {fte: 3, caseload_per_fte: 15, case_length: {fixed: 26 weeks}}
demand:
  streams:
    - {area: North, client_group: victim, referrals_per_year: 2000, risk_mix: {standard: 70%, medium: 20%, high: 10%}}
    - {area: South, client_group: victim, referrals_per_year: 1500, risk_mix: {standard: 70%, medium: 20%, high: 10%}}
    - {area: North, client_group: perpetrator, referrals_per_year: 200, risk_mix: {standard: 100%}}
routing:
  - {client_groups: [victim], lot: Victims}
  - {client_groups: [perpetrator], lot: Perpetrators}
`
	s, err := scenario.Parse("northshire.yaml", []byte(file))
	if err != nil {
		log.Fatal(err)
	}
	c, _ := s.Contract("Support")
	fmt.Println(s.Name)
	fmt.Println("pool 2025/26:", s.Pool.Total(2025))
	fmt.Println("contract ends:", c.Terms.End())
	a, err := s.LotFunding(2025)
	if err != nil {
		log.Fatal(err)
	}
	for i, l := range s.Structure.Lots {
		fmt.Printf("%s: %s\n", l.Name, a.Parts[i])
	}
	for _, f := range s.Findings() {
		fmt.Println(f)
	}
	// Output:
	// Northshire, 2025 contract
	// pool 2025/26: £1,050,000.00
	// contract ends: 2030-09-30
	// Victims: £892,500.00
	// Perpetrators: £157,500.00
	// Northshire County Council's 2025/26 share is stated as 60% but its contribution is 57.14% of the total contributed (2.86 percentage points less); no single figure reconciles them; the funders' shares of the contributions are 57.14% and 42.86%.
	// Northshire PCC's 2025/26 share is stated as 40% but its contribution is 42.86% of the total contributed (2.86 percentage points more); no single figure reconciles them; the funders' shares of the contributions are 57.14% and 42.86%.
}

// Every problem in a file is reported at once, each with its position, its
// field and what would be valid.
func ExampleParse_errors() {
	const file = `
name: Broken
base_year: 2025/26
areas: [North]
funders:
  - name: Northshire County Council
    contributions: [{year: 2025/26, amount: "£600,00"}]
contracts:
  - {name: Support, start: 2025-10-01, initial_term: 3}
lots:
  - {name: Victims, kind: victims}
demand:
  streams: [{area: Nort, client_group: victim, referrals_per_year: 2000, risk_mix: {standard: 100%}}]
routing: [{lot: Victims}]
`
	_, err := scenario.Parse("broken.yaml", []byte(file))
	fmt.Println(err)
	// Output:
	// broken.yaml:7:45: funders[0].contributions[0].amount: "£600,00": not an amount of money (write pounds like 2157000, 2157000.50, £2,157,000, £451k or £1.5m)
	// broken.yaml:9:54: contracts[0].initial_term: "3" has no unit; write 3 days (units: days, weeks, months, years)
	// broken.yaml:11:27: lots[0].kind: unknown lot kind "victims" (valid: central_point_of_contact, community_victim_support, idva, early_help, perpetrator_programme, refuge, sexual_violence_counselling, custom)
	// broken.yaml:13:20: demand.streams[0].area: unknown area "Nort"; did you mean "North"? (areas: "North")
}
