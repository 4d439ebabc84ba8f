package render_test

import (
	"os"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/render"
)

// A table of Staffordshire's funders (seed 000) as Markdown for a
// committee paper: money and percentages right aligned, the pipe in a
// name escaped so that it cannot split the cell.
func ExampleTable_WriteMarkdown() {
	t := render.Table{
		Title: "Funders, 2018/19",
		Columns: []render.Column{
			{Header: "funder"},
			{Header: "a year (cash)", Kind: render.KindMoney},
			{Header: "stated share", Kind: render.KindPercent},
		},
		Notes: []string{"The contributions add up to £2,230,970.00, not the stated £2,157,000.00."},
	}
	t.AddRow(render.Str("Staffordshire County Council"), render.Money(funding.Pounds(670490)), render.Percent(0.31, 0))
	t.AddRow(render.Str("Commissioner's Office | lead"), render.Money(funding.Pounds(1015483)), render.Percent(0.47, 0))
	t.AddRow(render.Str("Stoke-on-Trent City Council"), render.Money(funding.Pounds(544997)), render.Percent(0.22, 0))
	if err := t.WriteMarkdown(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// **Funders, 2018/19**
	//
	// | funder                        | a year (cash) | stated share |
	// | :---------------------------- | ------------: | -----------: |
	// | Staffordshire County Council  |   £670,490.00 |          31% |
	// | Commissioner's Office \| lead | £1,015,483.00 |          47% |
	// | Stoke-on-Trent City Council   |   £544,997.00 |          22% |
	//
	// Note: The contributions add up to £2,230,970.00, not the stated £2,157,000.00.
}
