package lotsim

import (
	"math"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// TestStretchedCasesPerYear checks the budget's stretched maximum against
// Little's law worked by hand: 10 FTE, a normal caseload of 22 and a
// stretched maximum of 30 per FTE, cases of 110 days, stretched cases
// 1.3 times longer. The normal caseload turns over 220 × 365.25 / 110 =
// 730.5 cases a year; the 80 stretched places, whose cases last 143
// days, 80 × 365.25 / 143 = 204.33 more.
func TestStretchedCasesPerYear(t *testing.T) {
	t.Parallel()
	cw := &lotting.Caseworkers{FTE: 10, CaseloadPerFTE: 22, CaseLength: lotting.FixedValue(110)}
	lot := lotting.Lot{Name: "Victims", Service: lotting.ServiceModel{Delivery: lotting.Casework, Caseworkers: cw}}
	y := funding.FinancialYear(2025)
	cases := cw.CasesPerYear(10)
	if math.Abs(cases-730.5) > 1e-9 {
		t.Fatalf("normal cases a year = %v, want 730.5", cases)
	}
	if got := stretchedCasesPerYear(lot, y, cases); got != 0 {
		t.Errorf("a lot that does not stretch: stretched maximum %v, want 0", got)
	}
	cw.Stretch = &lotting.Stretch{MaxCaseloadPerFTE: 30, LengthFactor: 1.3}
	want := 730.5 + 80*365.25/143
	if got := stretchedCasesPerYear(lot, y, cases); math.Abs(got-want) > 1e-9 {
		t.Errorf("stretched maximum = %v, want %v", got, want)
	}
	// A stretch to the normal caseload, or with no capacity, adds nothing.
	cw.Stretch = &lotting.Stretch{MaxCaseloadPerFTE: 22, LengthFactor: 1.3}
	if got := stretchedCasesPerYear(lot, y, cases); math.Abs(got-cases) > 1e-9 {
		t.Errorf("stretch to the normal caseload: %v, want %v", got, cases)
	}
	if got := stretchedCasesPerYear(lot, y, 0); got != 0 {
		t.Errorf("no capacity: %v, want 0", got)
	}
}
