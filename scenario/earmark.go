package scenario

import "github.com/lotsim/lotsim/funding"

// lotAreas returns each lot's name and areas, for the funding package's
// earmark checks.
func (s *Scenario) lotAreas() []funding.LotArea {
	out := make([]funding.LotArea, len(s.Structure.Lots))
	for i, l := range s.Structure.Lots {
		out[i] = funding.LotArea{Name: l.Name, Areas: l.Areas}
	}
	return out
}

// Earmarks splits year's allocation to lots (LotFunding) into the money
// funders earmark and the general rest, to the penny
// (funding.SplitEarmarks). The error is LotFunding's.
func (s *Scenario) Earmarks(year funding.FinancialYear) (funding.EarmarkSplit, error) {
	a, err := s.LotFunding(year)
	if err != nil {
		return funding.EarmarkSplit{}, err
	}
	return funding.SplitEarmarks(s.Pool, year, s.lotAreas(), a.Parts), nil
}

// EarmarkShortfalls returns, for every year of the pool whose allocation
// can be made, each lot given less than the money earmarked to it and
// each area whose covering lots together are given less than the money
// earmarked to the area and to them (funding.CheckEarmarks). An area
// earmark buys money, not priority: it is a floor on the money of the lots
// that serve the area, and a lot that serves several areas counts its
// whole money toward each; referrals from the area are served as any
// other. The result is nil when every earmark is met.
func (s *Scenario) EarmarkShortfalls() []funding.Shortfall {
	var out []funding.Shortfall
	lots := s.lotAreas()
	for _, y := range s.Pool.Years() {
		a, err := s.LotFunding(y)
		if err != nil {
			continue // reported as an allocation that cannot be made
		}
		out = append(out, funding.CheckEarmarks(s.Pool, y, lots, a.Parts)...)
	}
	return out
}
