package scenario_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/lotsim/lotsim/scenario"
)

// The fitted figures of a file as lotsim fit writes them, each with the
// interval its comment states, and one draw of each from its sampling
// distribution: a case length's interval is of its mean, and the draw
// scales its mean and sd by one factor. The risk mix, whose intervals are
// in the fit report, is not drawn.
func ExampleFittedFigures() {
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
        case_length: {lognormal: {mean: 80.3 days, sd: 60.4 days}}   # fitted: r.csv (SHA-256 614382a33cb1…), 9,186 rows, 2023-10-01 to 2025-09-30, 95% CI 79 to 81.6 days (mean)
demand:
  streams:
    - area: North
      client_group: victim
      referrals_per_year: 1500   # fitted: r.csv (SHA-256 614382a33cb1…), 3,000 rows, 2023-10-01 to 2025-09-30, 95% CI 1,425 to 1,579
      risk_mix: {standard: 100%}   # fitted: r.csv (SHA-256 614382a33cb1…), 3,000 rows, 2023-10-01 to 2025-09-30, 95% CIs in the fit report
      growth: 0%   # fitted: r.csv (SHA-256 614382a33cb1…), 3,000 rows, 2023-10-01 to 2025-09-30, no evidence of a trend (p = 0.5, growth 9.9%, 95% CI -16.2% to 44%), so none
routing:
  - lot: Victims
`
	s, err := scenario.Parse("northshire.yaml", []byte(file))
	if err != nil {
		log.Fatal(err)
	}
	figs, notDrawn := scenario.FittedFigures(s)
	r := rand.New(rand.NewPCG(1, 2))
	for _, f := range figs {
		fmt.Printf("%s: %g to %g on the %s scale, centre %.4g\n", f.Figures[0].Path, f.Low, f.High, f.Scale, f.Centre)
		for _, o := range f.Draw(r) {
			fmt.Println("  ", o)
		}
	}
	for _, n := range notDrawn {
		fmt.Printf("not drawn: %s: %s\n", n.Figure.Path, n.Reason)
	}
	// Output:
	// lots[Victims].service.caseworkers.case_length.lognormal.mean: 79 to 81.6 on the log scale, centre 80.3
	//    lots[Victims].service.caseworkers.case_length.lognormal.mean*=1.003139409
	//    lots[Victims].service.caseworkers.case_length.lognormal.sd*=1.003139409
	// demand.streams[0].referrals_per_year: 1425 to 1579 on the log scale, centre 1500
	//    demand.streams[0].referrals_per_year=1502.937728
	// demand.streams[0].growth: -0.162 to 0.44 on the log(1+x) scale, centre 0
	//    demand.streams[0].growth=2.801669%
	// not drawn: demand.streams[0].risk_mix.standard: its interval is in the fit report, not the file
}
