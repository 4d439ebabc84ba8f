package lotting_test

import (
	"fmt"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// A partnership shaped like Southend, Essex and Thurrock (seed 004): a single
// front door, three geographic victim lots, an IDVA lot for high risk and a
// perpetrator lot. The first draft of the routing has two mistakes: the
// South Essex rule was left out, and a catch-all North Essex rule competes
// with the IDVA rule. Validate reports every problem at once.
func ExampleStructure_Validate() {
	casework := lotting.ServiceModel{Caseworkers: &lotting.Caseworkers{
		CostPerFTE:     funding.Pounds(40000), // assumption: £38k-£45k a loaded FTE (REFERENCES.md)
		CaseloadPerFTE: 22,                    // derived: 20 to 25 concurrent cases (REFERENCES.md)
		CaseLength:     lotting.Distribution{Kind: lotting.Lognormal, Mean: 110, SD: 40},
	}}
	s := lotting.Structure{
		Areas: []string{"North Essex", "Mid Essex", "South Essex"},
		Lots: []lotting.Lot{
			{Name: "Front door", Kind: lotting.KindCentralPointOfContact},
			{Name: "North", Kind: lotting.KindCommunityVictimSupport, Areas: []string{"North Essex"}, Service: casework},
			{Name: "Mid", Kind: lotting.KindCommunityVictimSupport, Areas: []string{"Mid Essex"}, Service: casework},
			{Name: "South", Kind: lotting.KindCommunityVictimSupport, Areas: []string{"South Essex"}, Service: casework},
			{Name: "IDVA", Kind: lotting.KindIDVA, Service: casework},
		},
		Rules: []lotting.Rule{
			{Groups: []lotting.ClientGroup{lotting.Victim}, Areas: []string{"North Essex"}, Lot: "North"},
			{Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.Standard, lotting.Medium}, Areas: []string{"Mid Essex"}, Lot: "Mid"},
			{Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.High}, Lot: "IDVA"},
		},
		FrontDoor: &lotting.FrontDoor{
			Lot:          "Front door",
			Handlers:     6,
			HandlingTime: lotting.Distribution{Kind: lotting.Lognormal, Mean: 45.0 / (24 * 60), SD: 20.0 / (24 * 60)}, // assumption: 45 minutes
			SelfServe:    map[lotting.Risk]float64{lotting.Standard: 0.2},
		},
	}
	mix := map[lotting.Risk]float64{lotting.Standard: 0.6, lotting.Medium: 0.3, lotting.High: 0.1} // assumption (REFERENCES.md)
	d := lotting.Demand{
		Start: funding.NewDate(2025, 4, 1),
		Streams: []lotting.Stream{
			{Area: "North Essex", Group: lotting.Victim, PerYear: 3000, RiskMix: mix},
			{Area: "Mid Essex", Group: lotting.Victim, PerYear: 2500, RiskMix: mix},
			{Area: "South Essex", Group: lotting.Victim, PerYear: 3500, RiskMix: mix},
		},
	}
	for _, err := range s.Validate(d) {
		fmt.Println(err)
	}

	fmt.Println("-- after the fix --")
	s.Rules[0].Risks = []lotting.Risk{lotting.Standard, lotting.Medium}
	s.Rules = append(s.Rules, lotting.Rule{
		Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.Standard, lotting.Medium},
		Areas: []string{"South Essex"}, Lot: "South",
	})
	fmt.Println(len(s.Validate(d)), "problems")
	i, _ := s.Route("South Essex", lotting.Victim, lotting.Medium)
	fmt.Println("South Essex, victim, medium risk ->", s.Lots[i].Name)
	// Output:
	// lotting: referrals with two routes: routing[2]: referrals from area "North Essex", client group victim, at high risk, match routing[0] (victim; any risk; North Essex -> North) and routing[2] (victim; high risk; any area -> IDVA), which send them to different lots; narrow the rules so each referral has exactly one lot
	// lotting: referrals with no route: demand.streams[2]: referrals from area "South Essex", client group victim, at medium and standard risk, match no routing rule; add a rule sending them to a lot, or take those risks out of the stream's risk_mix
	// lotting: lot that no referral reaches: lots[3]: no referral reaches lot "South": no routing rule names it; add a rule for the referrals it should take, or remove the lot
	// -- after the fix --
	// 0 problems
	// South Essex, victim, medium risk -> South
}

// Lot.Validate and Demand.Validate join every problem they find; Split
// lists them one by one, each naming the figure and what would be valid.
func ExampleSplit() {
	l := lotting.Lot{
		Name: "Refuge",
		Kind: lotting.KindRefuge,
		Service: lotting.ServiceModel{Delivery: lotting.Beds, Refuge: &lotting.Refuge{
			Beds:          0,
			LengthOfStay:  lotting.Distribution{Kind: lotting.Gamma, Mean: 150},
			DeclinedShare: 61, // 61% was meant (Women's Aid 2022/23)
		}},
	}
	for _, err := range lotting.Split(l.Validate()) {
		fmt.Println(err)
	}
	// Output:
	// lotting: bad lot: service.refuge.beds: lot "Refuge": beds must be at least 1, or 0 with cost_per_bed to buy beds with the lot's money
	// lotting: bad lot: service.refuge.length_of_stay: lot "Refuge": length_of_stay: bad distribution: gamma: sd must be a finite number above 0, got 0 (use fixed for no spread)
	// lotting: bad lot: service.refuge.declined_share: lot "Refuge": declined_share must be from 0% to 100%, got 61
}
