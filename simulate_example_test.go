package lotsim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// A small IDVA service bought for two years at flat cash while prices rise
// 5% a year: its £450,000 pays for 10 caseworkers at £45,000 in the first
// year and 9.52 at £47,250 in the second, so 200 case slots become 190 and
// the second year's high-risk victims wait longer. The seed pins every
// figure printed.
func ExampleSimulate() {
	const file = `
name: Smallshire IDVA service
base_year: 2025/26
areas: [Smallshire]
funders:
  - name: Smallshire PCC
    annual: {amount: "£450,000", from: 2025/26, to: 2026/27}
inflation:
  default: 5%
contracts:
  - name: IDVA service
    start: 2025-04-01
    initial_term: 2 years
lots:
  - name: IDVAs
    kind: idva
    wait_targets: {high: 2 days}
    service:
      caseworkers: {cost_per_fte: "£45,000", caseload_per_fte: 20, case_length: {lognormal: {mean: 80 days, sd: 40 days}}}
    disengagement:
      - {client_group: victim, patience: {exponential: {mean: 60 days}}}
demand:
  streams:
    - {area: Smallshire, client_group: victim, referrals_per_year: 950, risk_mix: {standard: 50%, medium: 30%, high: 20%}}
routing:
  - {client_groups: [victim], lot: IDVAs}
simulation:
  seed: 2025
  replications: 20
  start_state: {warm_up: 6 months}
`
	s, err := scenario.Parse("smallshire.yaml", []byte(file))
	if err != nil {
		log.Fatal(err)
	}
	r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("replications:", r.Replications, "from", r.Start)
	l, _ := r.LotIndex("IDVAs")
	for y, label := range r.YearLabels {
		fmt.Printf("%s: %d case slots\n", label, r.Model.Lots[l].Slots[y].Slots)
		all := r.Results.Cell(l, y, simulate.AllAreas, simulate.AllRisks)
		high := r.Results.Cell(l, y, simulate.AllAreas, lotting.High)
		w := high.Metric(simulate.WaitMean)
		ci := w.CI95()
		cost, _ := r.Results.CostPerCompletion(l, y)
		fmt.Printf("  referrals %.0f, high-risk mean wait %.2f days (95%% CI %.2f to %.2f), cost per completed case %s\n",
			all.Metric(simulate.Referrals).Mean(), w.Mean(), ci.Lo, ci.Hi, cost)
	}
	// Output:
	// replications: 20 from 2025-04-01
	// 2025/26: 200 case slots
	//   referrals 959, high-risk mean wait 0.36 days (95% CI 0.31 to 0.41), cost per completed case £496.94
	// 2026/27: 190 case slots
	//   referrals 961, high-risk mean wait 0.51 days (95% CI 0.47 to 0.54), cost per completed case £514.40
}
