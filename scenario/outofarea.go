package scenario

import (
	"slices"
)

// OutOfArea is the name of the area the engine gives the referrals a lot
// takes from outside the commissioning area (lotting.Serves.OutOfAreaShare):
// they are reported under it, apart from the scenario's own areas.
const OutOfArea = "outside the area"

// outOfArea splits off, for each lot with an out-of-area share s, that
// share of the referrals routed to it into streams of their own in the
// area OutOfArea, appended after the scenario's streams (so that those
// keep their random streams) and routed as before. A stream sending risk
// levels R to the lot, a share q of its referrals, becomes two: the
// out-of-area one at s x q of its rate, with the levels of R in their
// proportions, and the local one at (1 - s x q) of its rate, its levels
// in R thinned by (1 - s). Every level's rate to every lot is unchanged:
// the demand is the same, and only s of the lot's referrals are labelled
// as from outside the area. Repeats stay in the stream of the first
// referral.
func (s *Scenario) outOfArea(b *Built, bad func(string, ...any)) {
	m, st := b.Model, s.Structure
	area := -1
	n := len(m.Streams)
	for li, l := range st.Lots {
		share := l.Serves.OutOfAreaShare
		if !(share > 0 && share < 1) {
			continue
		}
		station := b.station[li]
		if area < 0 {
			if slices.Contains(m.Areas, OutOfArea) {
				bad("lot %q: out_of_area_share labels referrals as from %q, which the scenario already uses as an area; rename that area", l.Name, OutOfArea)
				return
			}
			if len(m.Areas) == 0 {
				m.Areas = []string{""}
			}
			area = len(m.Areas)
			m.Areas = append(m.Areas, OutOfArea)
		}
		for j := range n {
			route := m.Route[j]
			ds := &m.Streams[j]
			q := 0.0
			var mine [3]bool
			for r := range 3 {
				if route[r] == station && ds.RiskMix[r] > 0 {
					mine[r] = true
					q += ds.RiskMix[r]
				}
			}
			if q == 0 {
				continue
			}
			out := *ds
			out.Name = ds.Name + " (" + OutOfArea + ")"
			out.Area = area
			out.Rate *= share * q
			out.RatePerDay = scaled(ds.RatePerDay, share*q)
			local := 1 - share*q
			for r := range 3 {
				if mine[r] {
					out.RiskMix[r] = ds.RiskMix[r] / q
					ds.RiskMix[r] *= (1 - share) / local
				} else {
					out.RiskMix[r] = 0
					ds.RiskMix[r] /= local
				}
			}
			ds.Rate *= local
			ds.RatePerDay = scaled(ds.RatePerDay, local)
			var outRoute [3]int
			for r := range 3 {
				outRoute[r] = -1
				if mine[r] {
					outRoute[r] = route[r]
				}
			}
			m.Streams = append(m.Streams, out)
			m.Route = append(m.Route, outRoute)
			b.DemandStream = append(b.DemandStream, b.DemandStream[j])
		}
	}
}

// scaled returns a copy of rates times f, nil for nil.
func scaled(rates []float64, f float64) []float64 {
	if rates == nil {
		return nil
	}
	out := make([]float64, len(rates))
	for i, x := range rates {
		out[i] = x * f
	}
	return out
}
