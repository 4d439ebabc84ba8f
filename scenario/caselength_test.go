package scenario

import (
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/lotting"
	"github.com/shopspring/decimal"
)

// caseLengthScenario is one casework lot of 10 FTE holding 20 cases each,
// standard cases of 90 days and high-risk ones of 180, fed 800 referrals a
// year, 75% standard and 25% high risk.
const caseLengthScenario = `name: By risk
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
      caseworkers:
        fte: 10
        caseload_per_fte: 20
        case_length: {fixed: 90 days}
        case_length_by_risk:
          high: {fixed: 180 days}
demand:
  streams:
    - area: Northshire
      client_group: victim
      referrals_per_year: 800
      risk_mix: {standard: 75%, high: 25%}
routing:
  - lot: Victims
`

// TestCaseLengthByRiskBuild checks that case lengths by risk reach the
// lotting model, the engine's lot and the capacity plan, whose cases a
// year follow from the mean weighted by the risk mix: 0.75 x 90 + 0.25 x
// 180 = 112.5 days, so 10 x 20 x 365.25 / 112.5 = 649.33 cases a year
// (with the standard length for everyone it would be 811.67).
func TestCaseLengthByRiskBuild(t *testing.T) {
	t.Parallel()
	s, err := Parse("by-risk.yaml", []byte(caseLengthScenario))
	if err != nil {
		t.Fatal(err)
	}
	cw := s.Structure.Lots[0].Service.Caseworkers
	if got := cw.CaseLengthFor(lotting.High).Expected(); got != 180 {
		t.Errorf("high-risk case length mean = %v, want 180", got)
	}
	if got := cw.CaseLengthFor(lotting.Medium).Expected(); got != 90 {
		t.Errorf("medium-risk case length mean = %v, want 90 (case_length)", got)
	}
	m, err := s.Model()
	if err != nil {
		t.Fatal(err)
	}
	l := m.Lots[0]
	if l.ServiceByRisk[0] != nil || l.ServiceByRisk[1] != nil || l.ServiceByRisk[2] == nil || l.ServiceByRisk[2].Expected() != 180 {
		t.Errorf("engine lot's ServiceByRisk = %v, want only high (index 2) at 180 days", l.ServiceByRisk)
	}
	money, err := s.LotFunding(2024)
	if err != nil {
		t.Fatal(err)
	}
	caps := lotting.Plan(s.Structure, s.Demand, money.Parts, 2024, decimal.NewFromInt(1))
	want := 10 * 20 * 365.25 / 112.5
	if got := caps[0].CasesPerYear; math.Abs(got-want) > 1e-9 {
		t.Errorf("cases a year = %v, want %v (hand: 10 x 20 x 365.25 / (0.75 x 90 + 0.25 x 180))", got, want)
	}
}

// TestCaseLengthByRiskErrors checks the loader names each bad entry.
func TestCaseLengthByRiskErrors(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(caseLengthScenario, "high: {fixed: 180 days}", "severe: {fixed: 180 days}", 1)
	_, err := Parse("by-risk.yaml", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), `by-risk.yaml:21:11: lots[0].service.caseworkers.case_length_by_risk.severe: unknown key "severe"`) {
		t.Errorf("Parse with a level severe: %v; want an error naming file, line, field and the valid levels", err)
	}
}
