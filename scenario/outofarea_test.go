package scenario

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/simulate"
)

// outOfAreaScenario routes a stream's standard and medium referrals to
// casework and its high-risk ones (20%) to a female-only refuge that
// takes 60% of its referrals from outside the area.
const outOfAreaScenario = `name: Refuge
base_year: 2024/25
areas: [Northshire]
funders:
  - name: Northshire Council
    contributions:
      - {year: 2024/25, amount: "£500,000"}
contracts:
  - name: Support
    start: 2024-04-01
    initial_term: 1 year
lots:
  - name: Victims
    kind: community_victim_support
    service:
      caseworkers: {fte: 10, caseload_per_fte: 20, case_length: {fixed: 90 days}}
  - name: Refuge
    kind: refuge
    female_only: true
    specialist: Black and minoritised women
    out_of_area_share: 60%
    service:
      delivery: beds
      refuge: {beds: 10, length_of_stay: {exponential: {mean: 120 days}}}
demand:
  streams:
    - area: Northshire
      client_group: victim
      referrals_per_year: 730.5
      risk_mix: {standard: 50%, medium: 30%, high: 20%}
routing:
  - {risks: [high], lot: Refuge}
  - {risks: [standard, medium], lot: Victims}
simulation: {seed: 3, replications: 40}
`

// TestOutOfAreaSplit checks the split by hand: 730.5 referrals a year are
// 2 a day, 0.4 of them high risk to the refuge. The out-of-area stream
// carries 60% of those, 0.24 a day, all high risk; the local one the
// rest, 1.76 a day, with 0.16 high risk (a share of 0.16/1.76). Each
// lot's rate at each level is unchanged.
func TestOutOfAreaSplit(t *testing.T) {
	t.Parallel()
	s, err := Parse("refuge.yaml", []byte(outOfAreaScenario))
	if err != nil {
		t.Fatal(err)
	}
	sv := s.Structure.Lots[1].Serves
	if !sv.FemaleOnly || sv.Specialist != "Black and minoritised women" || sv.OutOfAreaShare != 0.6 {
		t.Errorf("Serves = %+v, want female-only, the specialism and 60%%", sv)
	}
	if got, want := sv.Note(), "female-only; specialist: Black and minoritised women; 60% of referrals from outside the area"; got != want {
		t.Errorf("Note = %q, want %q", got, want)
	}
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	m := b.Model
	if len(b.DemandStream) != 2 || b.DemandStream[0] != 0 || b.DemandStream[1] != 0 {
		t.Errorf("DemandStream = %v, want [0 0]: both come from the one stream", b.DemandStream)
	}
	if len(m.Streams) != 2 || len(m.Areas) != 2 || m.Areas[1] != OutOfArea {
		t.Fatalf("streams %d, areas %q; want 2 streams and areas [Northshire %q]", len(m.Streams), m.Areas, OutOfArea)
	}
	local, out := m.Streams[0], m.Streams[1]
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	near("out-of-area rate", out.RatePerDay[0], 0.24)
	near("local rate", local.RatePerDay[0], 1.76)
	near("out-of-area high share", out.RiskMix[2], 1)
	near("local high share", local.RiskMix[2], 0.16/1.76)
	near("local standard share", local.RiskMix[0], 1/1.76)
	for r := range 3 {
		near("rate at level "+string(rune('0'+r)), local.RatePerDay[0]*local.RiskMix[r]+out.RatePerDay[0]*out.RiskMix[r], 2*[3]float64{0.5, 0.3, 0.2}[r])
	}
	if out.Area != 1 || m.Route[1][2] != m.Route[0][2] {
		t.Errorf("out-of-area stream area %d, route %v; want area 1 and the refuge route %d", out.Area, m.Route[1], m.Route[0][2])
	}
}

// TestOutOfAreaShareSimulated checks in simulation that the refuge's
// out-of-area referrals are 60% of its referrals: over 40 replications of
// a year with about 146 refuge referrals each, the pooled share has a
// standard error of sqrt(0.6 x 0.4 / 5844) = 0.0064, so 0.6 ± 0.03 (4.7
// SE) fails by chance about once in a million runs.
func TestOutOfAreaShareSimulated(t *testing.T) {
	t.Parallel()
	s, err := Parse("refuge.yaml", []byte(outOfAreaScenario))
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: 3, Replications: 40, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	all := res.Cell(1, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Referrals).Mean()
	outside := res.Cell(1, simulate.AllYears, 1, simulate.AllRisks).Metric(simulate.Referrals).Mean()
	if share := outside / all; math.Abs(share-0.6) > 0.03 {
		t.Errorf("out-of-area share of the refuge's referrals = %.4f (%.1f of %.1f a year), want 0.6 ± 0.03", share, outside, all)
	}
	if v := res.Cell(0, simulate.AllYears, 1, simulate.AllRisks).Metric(simulate.Referrals).Mean(); v != 0 {
		t.Errorf("Victims has %v referrals from outside the area, want 0", v)
	}
}

func TestOutOfAreaErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ from, to, want string }{
		{"out_of_area_share: 60%", "out_of_area_share: 100%", "refuge.yaml:21:24: lots[1].out_of_area_share: out_of_area_share 100% leaves the lot no local referrals"},
		{"female_only: true", "female_only: yes please", "refuge.yaml:19:18: lots[1].female_only: want true or false"},
		{"areas: [Northshire]", "areas: [Northshire, outside the area]", `already uses as an area`},
	} {
		bad := strings.Replace(outOfAreaScenario, tt.from, tt.to, 1)
		s, err := Parse("refuge.yaml", []byte(bad))
		if err == nil {
			_, err = s.Model()
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("with %q: %v; want an error containing %q", tt.to, err, tt.want)
		}
	}
}
