package lotting

import (
	"fmt"
	"sort"

	"github.com/lotsim/lotsim/funding"
)

// CaseLengthFor returns the case length of a case at risk level r: its
// entry in CaseLengthByRisk, or CaseLength when there is none.
func (c Caseworkers) CaseLengthFor(r Risk) Distribution {
	if d, ok := c.CaseLengthByRisk[r]; ok {
		return d
	}
	return c.CaseLength
}

// MeanCaseLength returns the mean case length, in days, of the cases a
// risk mix brings: the sum over levels of mix[r] x E[CaseLengthFor(r)]
// over the sum of mix[r], the mean that capacity follows from by Little's
// law (the cases open at once are the sum over levels of the referrals a
// day at r times their mean length). Shares that are not above 0 (NaN
// included) count for nothing; with none above 0, or without
// CaseLengthByRisk, it is CaseLength's mean. For example, 90% standard
// cases of 60 days and 10% high-risk cases of 150 days have a mean of
// 0.9 x 60 + 0.1 x 150 = 69 days.
func (c Caseworkers) MeanCaseLength(mix map[Risk]float64) float64 {
	if len(c.CaseLengthByRisk) == 0 {
		return c.CaseLength.Expected()
	}
	sum, w := 0.0, 0.0
	for _, r := range Risks() {
		if x := mix[r]; x > 0 {
			sum += x * c.CaseLengthFor(r).Expected()
			w += x
		}
	}
	if !(w > 0) {
		return c.CaseLength.Expected()
	}
	return sum / w
}

// CasesPerYearFor is CasesPerYear with the mean case length of the risk
// mix (MeanCaseLength): fte x CaseloadPerFTE / (mean in years). It returns
// 0 if that mean is not above 0.
func (c Caseworkers) CasesPerYearFor(fte float64, mix map[Risk]float64) float64 {
	mean := c.MeanCaseLength(mix)
	if !(mean > 0) || !(fte > 0) || !(c.CaseloadPerFTE > 0) {
		return 0
	}
	return fte * c.CaseloadPerFTE * funding.DaysPerYear / mean
}

// checkByRisk reports by-risk case lengths at levels that are not levels
// and lengths without a mean above 0.
func (c Caseworkers) checkByRisk(ps *problems, at, who string) {
	var bad []Risk
	for r := range c.CaseLengthByRisk {
		if !r.Valid() {
			bad = append(bad, r)
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i] < bad[j] })
	for _, r := range bad {
		ps.add(at+".case_length_by_risk", ErrBadLot, fmt.Sprintf("%s: case length for %s: the risk level is not one of %s", who, r, joinOr(RiskNames())))
	}
	for _, r := range Risks() {
		if d, ok := c.CaseLengthByRisk[r]; ok {
			checkDuration(ps, at+".case_length_by_risk."+r.String(), who, "case_length_by_risk."+r.String(), d)
		}
	}
}
