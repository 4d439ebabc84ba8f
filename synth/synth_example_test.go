package synth_test

import (
	"fmt"
	"os"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/synth"
)

// Generate the records Staffordshire's 2023 contract would hold after its
// first month, and write them as the CSV extract a fit reads.
func ExampleGenerate() {
	s, err := scenario.Load("../scenarios/staffordshire-2023.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := synth.Generate(s, synth.Options{AsOf: funding.NewDate(2023, 10, 31), Seed: 7, ClientIDs: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Rows = r.Rows[:4]
	if err := r.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("truth: %s %s, %.0f referrals a year; %s case length mean %.0f days\n",
		r.Truth.Streams[0].Area, r.Truth.Streams[0].Group, r.Truth.Streams[0].ReferralsPerYear,
		r.Truth.Lots[0].Name, r.Truth.Lots[0].CaseLengthMeanDays)
	// Output:
	// referral_date,area,client_group,risk,lot,start_date,end_date,outcome,client_id
	// 2023-10-01,Staffordshire,victim,standard,Victims,,,waiting,C1173538
	// 2023-10-01,Stoke-on-Trent,victim,standard,Victims,,,waiting,C2233660
	// 2023-10-01,Staffordshire,victim,medium,Victims,,2023-10-22,gave_up,C1849003
	// 2023-10-01,Staffordshire,victim,medium,Victims,2023-10-24,,open,C3684201
	// truth: Staffordshire victim, 4497 referrals a year; Victims case length mean 80 days
}
