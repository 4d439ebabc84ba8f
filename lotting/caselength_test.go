package lotting

import (
	"errors"
	"math"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

func TestMeanCaseLength(t *testing.T) {
	t.Parallel()
	c := Caseworkers{FTE: 1, CaseloadPerFTE: 10, CaseLength: FixedValue(100),
		CaseLengthByRisk: map[Risk]Distribution{High: FixedValue(300)}}
	tests := []struct {
		name   string
		c      Caseworkers
		mix    map[Risk]float64
		want   float64
		reason string
	}{
		{"weighted", c, map[Risk]float64{Standard: 0.75, High: 0.25}, 150, "0.75 x 100 + 0.25 x 300"},
		{"counts", c, map[Risk]float64{Standard: 273.75, High: 91.25}, 150, "referrals, not shares: the same proportions"},
		{"unlisted level", c, map[Risk]float64{Medium: 1}, 100, "medium takes case_length"},
		{"no mix", c, nil, 100, "no referrals: case_length"},
		{"bad shares", c, map[Risk]float64{High: math.NaN(), Standard: -1}, 100, "no share above 0: case_length"},
		{"no by-risk", Caseworkers{CaseLength: FixedValue(100)}, map[Risk]float64{High: 1}, 100, "one length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.c.MeanCaseLength(tt.mix); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("MeanCaseLength(%v) = %v, want %v (%s)", tt.mix, got, tt.want, tt.reason)
			}
		})
	}
	// 10 cases at once, 150 days each: 10 x 365.25 / 150 = 24.35 a year.
	if got := c.CasesPerYearFor(1, map[Risk]float64{Standard: 3, High: 1}); math.Abs(got-24.35) > 1e-12 {
		t.Errorf("CasesPerYearFor = %v, want 24.35", got)
	}
	if got := c.CasesPerYearFor(0, nil); got != 0 {
		t.Errorf("CasesPerYearFor with 0 FTE = %v, want 0", got)
	}
}

func TestCaseLengthByRiskValidate(t *testing.T) {
	t.Parallel()
	l := Lot{Name: "IDVA", Kind: KindIDVA, Service: ServiceModel{Caseworkers: &Caseworkers{FTE: 1, CaseloadPerFTE: 10, CaseLength: FixedValue(100),
		CaseLengthByRisk: map[Risk]Distribution{Risk(9): FixedValue(300), High: FixedValue(0)}}}}
	err := l.Validate()
	var paths []string
	for _, e := range Split(err) {
		var p *Problem
		if errors.As(e, &p) {
			paths = append(paths, p.Path)
		}
	}
	want := []string{"service.caseworkers.case_length_by_risk", "service.caseworkers.case_length_by_risk.high"}
	if len(paths) != 2 || paths[0] != want[0] || paths[1] != want[1] {
		t.Errorf("Validate problems at %v, want %v (err %v)", paths, want, err)
	}
}

// TestPlanCaseLengthByRisk checks that Plan weights case lengths by the
// risk mix of the referrals a lot receives: 365 referrals in 2018/19, 75%
// standard (100 days) and 25% high risk (300 days), a mean of 150 days,
// so 10 cases at once take 24.35 a year.
func TestPlanCaseLengthByRisk(t *testing.T) {
	t.Parallel()
	s, d := single(Lot{Name: "IDVA", Kind: KindIDVA, Service: ServiceModel{Caseworkers: &Caseworkers{FTE: 1, CaseloadPerFTE: 10,
		CaseLength: FixedValue(100), CaseLengthByRisk: map[Risk]Distribution{High: FixedValue(300)}}}})
	d.Streams[0].RiskMix = map[Risk]float64{Standard: 0.75, High: 0.25}
	c := Plan(s, d, []funding.Money{{}}, 2018, decimal.NewFromInt(1))
	if got := c[0].CasesPerYear; math.Abs(got-24.35) > 1e-9 {
		t.Errorf("CasesPerYear = %v, want 24.35", got)
	}
}
