package records_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
)

func ExampleReadCSV() {
	const file = `referral_date,area,client_group,risk,lot,start_date,end_date,outcome
2024-01-03,Stoke-on-Trent,victim,high,IDVA,2024-01-04,2024-03-28,completed
2024-01-08,Staffordshire,victim,medium,Community,,2024-02-02,gave_up
2024-02-07,Staffordshire,victim,standard,Community,,,
`
	ex, err := records.ReadCSV("refs.csv", strings.NewReader(file), records.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ex.Kind, ex.Rows, "rows from", ex.First, "to", ex.Last, "as of", ex.AsOf)
	for _, r := range ex.Referrals {
		if r.End == records.NoDay {
			fmt.Println(r.Row, ex.Lots[r.Lot], r.Outcome)
			continue
		}
		fmt.Println(r.Row, ex.Lots[r.Lot], r.Outcome, int(r.End-r.Referred), "days after referral")
	}

	_, err = records.ReadCSV("bad.csv", strings.NewReader(`referral_date,start_date,end_date,outcome
2024-01-03,2024-01-10,2024-01-09,finished
`), records.Options{})
	fmt.Println(err)
	// Output:
	// cases 3 rows from 2024-01-03 to 2024-02-07 as of 2024-03-28
	// 2 IDVA completed 85 days after referral
	// 3 Community gave_up 25 days after referral
	// 4 Community waiting
	// bad.csv: row 2, column 3: end_date: end date "2024-01-09" is before the start date "2024-01-10"
	// bad.csv: row 2, column 4: outcome: "finished" is not an outcome; write completed, dropped_out, gave_up, turned_away, open, waiting or referred_on
}

// A program acting on the problems, as lotsim fit does before it exits
// with status 2, takes them one by one from the scenario.ErrorList.
func ExampleReadCSV_errors() {
	_, err := records.ReadCSV("refs.csv", strings.NewReader("referral_date,start_date,outcome\n03/01/2024,05/01/2024,open\n"), records.Options{})
	var list scenario.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("row %d, column %d (%s), ambiguous dates: %v\n", e.Row, e.Column, e.Path, errors.Is(e, records.ErrDateOrder))
		}
	}
	ex, err := records.ReadCSV("refs.csv", strings.NewReader("referral_date,start_date,outcome\n03/01/2024,05/01/2024,open\n"),
		records.Options{DayFirst: true})
	fmt.Println(ex.Referrals[0].Referred, ex.Referrals[0].Start, err)
	// Output:
	// row 2, column 1 (referral_date), ambiguous dates: true
	// row 2, column 2 (start_date), ambiguous dates: true
	// 2024-01-03 2024-01-05 <nil>
}
