package simulate

import "github.com/lotsim/lotsim/lotting"

// This file holds case lengths by risk level: a lot whose high-risk cases
// last longer than its standard ones (Lot.ServiceByRisk).

// riskSamplers returns the samplers of a lot's service by risk, drawing
// from src, with svc (the sampler of Lot.Service) for the levels without
// their own; nil when the lot has none of its own, so that a lot with one
// distribution draws exactly as before.
func riskSamplers(lot *Lot, svc sampler, src *source) []sampler {
	var out []sampler
	for r, d := range lot.ServiceByRisk {
		if d == nil {
			continue
		}
		if out == nil {
			out = []sampler{svc, svc, svc}
		}
		out[r] = newSampler(*d, src)
	}
	return out
}

// service returns the sampler of the case length (or stay) of a person of
// risk index r at the station.
func (s *station) service(r uint8) *sampler {
	if s.svcRisk != nil {
		return &s.svcRisk[r]
	}
	return &s.svc
}

// ServiceFor returns the case length (or stay) of people of risk index r
// (0 standard, 1 medium, 2 high): ServiceByRisk[r] if given, otherwise
// Service. It panics if r is not 0, 1 or 2.
func (lot *Lot) ServiceFor(r int) lotting.Distribution {
	if d := lot.ServiceByRisk[r]; d != nil {
		return *d
	}
	return lot.Service
}

// MeanService returns the mean case length (or stay), in days, of the
// people a lot starts when they arrive at rates byRisk (a day, indexed 0
// standard, 1 medium, 2 high): the sum over r of byRisk[r] x
// E[ServiceFor(r)] over the sum of byRisk. By Little's law the mean number
// in service of a lot that starts everyone is the sum of byRisk[r] x
// E[ServiceFor(r)], the total rate times this mean. Rates that are not
// above 0 count for nothing; with none above 0 it is Service's mean.
func (lot *Lot) MeanService(byRisk [3]float64) float64 {
	sum, w := 0.0, 0.0
	for r, x := range byRisk {
		if x > 0 {
			sum += x * lot.ServiceFor(r).Expected()
			w += x
		}
	}
	if !(w > 0) {
		return lot.Service.Expected()
	}
	return sum / w
}
