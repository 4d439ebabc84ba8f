package lotsim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/scenario"
)

// Rank a scenario's assumptions by how far each moves the headline
// results: here the Victims lot's caseload and case length (moved to its
// stated range, 80 to 100 days) matter far more than a perpetrator
// referral rate of 4 a year.
func ExampleSensitivity() {
	s, err := scenario.Parse("tiny.yaml", []byte(tinyAssumed))
	if err != nil {
		log.Fatal(err)
	}
	b, err := lotsim.Sensitivity(context.Background(), s, lotsim.SensitivityOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d figures: %d assumed, %d sourced\n", b.Counts.Total(), b.Counts.Assumed, b.Counts.Sourced)
	for _, rf := range b.Ranking {
		fmt.Printf("%s: %s to %s\n", rf.Path, rf.Low, rf.High)
	}
	for _, sk := range b.Skipped {
		fmt.Printf("not moved, %s: %s\n", sk.Kind, sk.Path)
	}
	// Output:
	// 16 figures: 5 assumed, 11 sourced
	// lots[Victims].service.caseworkers.caseload_per_fte: 16 to 24
	// lots[Victims].service.caseworkers.case_length.fixed: 80 days to 100 days
	// demand.streams[1].referrals_per_year: 3.2 to 4.8
	// not moved, invalid: demand.streams[0].risk_mix.standard
	// not moved, zero: demand.streams[0].growth
}
