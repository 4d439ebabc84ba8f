package lotsim_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// tinyAssumed is a scenario in which one assumption obviously dominates:
// the Victims lot runs near capacity (10 FTE x 20 cases / 90 days = 811
// cases a year against 780 referrals), so its caseload per FTE decides
// who waits, while the perpetrator lot gets 4 referrals a year into 8
// places held for half a year: moving its rate by 20% changes almost
// nothing.
const tinyAssumed = `name: Tiny
base_year: 2024/25
areas: [Northshire]
funders:
  - name: Northshire Council   # seed 001
    contributions:
      - {year: 2024/25, amount: "£500,000"}   # seed 001
contracts:
  - name: Support
    start: 2024-04-01          # seed 001
    initial_term: 1 year       # seed 001
lots:
  - name: Victims
    kind: community_victim_support
    wait_targets: {standard: 28 days}   # seed 001
    service:
      caseworkers:
        fte: 10                # seed 001
        caseload_per_fte: 20   # assumption: REFERENCES.md
        case_length: {fixed: 90 days}   # assumption: range 80 to 100 days
  - name: Perpetrators
    kind: perpetrator_programme
    service:
      caseworkers: {fte: 1, caseload_per_fte: 8, case_length: {fixed: 26 weeks}}   # seed 001
demand:
  start: 2024-04-01
  streams:
    - area: Northshire
      client_group: victim
      referrals_per_year: 780  # seed 001
      risk_mix: {standard: 100%}   # assumption: one class
      growth: 0%               # assumption: flat
    - area: Northshire
      client_group: perpetrator
      referrals_per_year: 4    # assumption: a guess
      risk_mix: {standard: 100%}   # seed 001
routing:
  - {client_groups: [victim], lot: Victims}
  - {client_groups: [perpetrator], lot: Perpetrators}
simulation:
  seed: 11
  replications: 8
`

func TestSensitivity(t *testing.T) {
	t.Parallel()
	s, err := scenario.Parse("tiny.yaml", []byte(tinyAssumed))
	if err != nil {
		t.Fatal(err)
	}
	var points []string
	b, err := lotsim.Sensitivity(context.Background(), s, lotsim.SensitivityOptions{Sim: lotsim.SimOptions{Workers: 1},
		Point: func(i, n int, label string) (func(int, int), func()) {
			points = append(points, label)
			return nil, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Ranked || b.Replications != 8 || b.Seed != 11 {
		t.Errorf("ranked %v, replications %d, seed %d; want true, 8, 11", b.Ranked, b.Replications, b.Seed)
	}
	// Counted by hand from the file: 11 figures cite seed 001, 5 are
	// assumptions.
	if want := (report.BasisCounts{Sourced: 11, Assumed: 5}); b.Counts != want {
		t.Errorf("counts %+v, want %+v", b.Counts, want)
	}
	// Headline: Victims (the only lot with targets), share seen within
	// target and 90th percentile wait.
	if len(b.Headline) != 2 || b.Headline[0].Metric != "share_referred_within_target" || b.Headline[1].Metric != "wait_p90" || b.Headline[0].Lot != "Victims" {
		t.Fatalf("headline %+v", b.Headline)
	}
	// Moved: caseload (±20%), case length (its stated range), the
	// perpetrator rate; skipped: the risk mix (alone it cannot add to
	// 100%) and the 0% growth.
	if len(b.Ranking) != 3 {
		t.Fatalf("ranking has %d figures, want 3: %+v", len(b.Ranking), b.Ranking)
	}
	if len(points) != 1+2*3 {
		t.Errorf("%d points simulated, want 7: %q", len(points), points)
	}
	got := map[string]int{}
	for i, rf := range b.Ranking {
		got[rf.Path] = i
	}
	first := b.Ranking[0].Path
	if first != "lots[Victims].service.caseworkers.caseload_per_fte" && first != "lots[Victims].service.caseworkers.case_length.fixed" {
		t.Errorf("first in the ranking is %s, want the caseload or the case length", first)
	}
	last := b.Ranking[2]
	if last.Path != "demand.streams[1].referrals_per_year" {
		t.Errorf("last in the ranking is %s, want the perpetrator rate", last.Path)
	}
	// The perpetrator lot has no targets, and with common random numbers
	// its tiny stream barely touches the Victims lot: its swing is far
	// below the caseload's.
	if !(float64(last.RelativeSwing) < float64(b.Ranking[0].RelativeSwing)/10) {
		t.Errorf("perpetrator rate's relative swing %v is not a tenth of the first's %v", last.RelativeSwing, b.Ranking[0].RelativeSwing)
	}
	cl := b.Ranking[got["lots[Victims].service.caseworkers.caseload_per_fte"]]
	if cl.Low != "16" || cl.High != "24" || cl.Stated {
		t.Errorf("caseload moved to %s and %s (stated %v), want 16 and 24 (±20%%)", cl.Low, cl.High, cl.Stated)
	}
	// More caseload, more people seen in time: the share rises and the
	// 90th percentile wait falls.
	if o := cl.Outcomes[0]; !(o.High.Mean > o.Low.Mean) || float64(o.Swing) <= 0 {
		t.Errorf("share within target %v at 16, %v at 24: want it to rise", o.Low.Mean, o.High.Mean)
	}
	if o := cl.Outcomes[1]; !(o.High.Mean < o.Low.Mean) {
		t.Errorf("90th percentile wait %v at 16, %v at 24: want it to fall", o.Low.Mean, o.High.Mean)
	}
	ln := b.Ranking[got["lots[Victims].service.caseworkers.case_length.fixed"]]
	if ln.Low != "80 days" || ln.High != "100 days" || !ln.Stated {
		t.Errorf("case length moved to %s and %s (stated %v), want its stated 80 and 100 days", ln.Low, ln.High, ln.Stated)
	}
	kinds := map[string]string{}
	for _, sk := range b.Skipped {
		kinds[sk.Path] = sk.Kind
	}
	want := map[string]string{"demand.streams[0].risk_mix.standard": "invalid", "demand.streams[0].growth": "zero"}
	if len(kinds) != len(want) || kinds["demand.streams[0].risk_mix.standard"] != "invalid" || kinds["demand.streams[0].growth"] != "zero" {
		t.Errorf("skipped %v, want %v", kinds, want)
	}
}

func TestSensitivityErrors(t *testing.T) {
	t.Parallel()
	if _, err := lotsim.Sensitivity(context.Background(), nil, lotsim.SensitivityOptions{}); !errors.Is(err, lotsim.ErrCannotSimulate) {
		t.Errorf("nil scenario: %v, want ErrCannotSimulate", err)
	}
	s, err := scenario.Parse("tiny.yaml", []byte(tinyAssumed))
	if err != nil {
		t.Fatal(err)
	}
	_, err = lotsim.Sensitivity(context.Background(), s, lotsim.SensitivityOptions{Sim: lotsim.SimOptions{Progress: func(int, int) {}}})
	if !errors.Is(err, lotsim.ErrCannotSimulate) {
		t.Errorf("with Progress set: %v, want ErrCannotSimulate", err)
	}
}
