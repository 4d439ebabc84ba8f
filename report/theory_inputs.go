package report

import (
	"cmp"
	"math"
	"slices"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// ArrivalRates returns the mean referrals a day that reach lot l of m
// between times from and to (days from the start of the period), by risk
// level in the order standard, medium, high. Each stream's day rate
// (RatePerDay, or Rate) is averaged over the days the window covers, in
// proportion to the part of each day inside it, then multiplied by
// 1 + RepeatRate (repeats arrive up to RepeatWithin days after their first
// referral; in a steady state they add that share), by the stream's risk
// mix and, with a front door, by the share of each risk level triage does
// not refer on (1 − SelfServe[r]); streams and risks Route does not send
// to l add nothing. It returns zeros for a window of no length or a lot
// out of range.
func ArrivalRates(m *simulate.Model, l int, from, to float64) [3]float64 {
	var out [3]float64
	for _, g := range groupRates(m, l, from, to) {
		for r := range out {
			out[r] += g.rates[r]
		}
	}
	return out
}

// groupRate is the part of ArrivalRates that comes from the streams of
// one client group.
type groupRate struct {
	group lotting.ClientGroup
	rates [3]float64
}

// groupRates returns ArrivalRates split by the client group of the
// streams the referrals come from: one entry for each group with a stream
// (all zeros if none of its streams reaches the lot), in increasing order
// of group, which is the order of lotting.ClientGroups. The order is
// fixed because sums over the entries are reported: summed in a map's
// random order, a lot's rate came out different in its last digits from
// one run of the same scenario to the next.
func groupRates(m *simulate.Model, l int, from, to float64) []groupRate {
	if m == nil || l < 0 || l >= len(m.Lots) || !(to > from) {
		return nil
	}
	var out []groupRate
	for s, st := range m.Streams {
		if s >= len(m.Route) {
			break
		}
		mean := meanRate(st, from, to) * (1 + st.RepeatRate)
		k := slices.IndexFunc(out, func(g groupRate) bool { return g.group == st.Group })
		if k < 0 {
			k = len(out)
			out = append(out, groupRate{group: st.Group})
		}
		g := &out[k]
		for r := range 3 {
			if m.Route[s][r] != l || st.RiskMix[r] == 0 {
				continue
			}
			pass := 1.0
			if fd := m.FrontDoor; fd != nil {
				pass = 1 - fd.SelfServe[r]
			}
			g.rates[r] += mean * st.RiskMix[r] * pass
		}
	}
	slices.SortFunc(out, func(a, b groupRate) int { return cmp.Compare(a.group, b.group) })
	return out
}

// meanRate is a stream's mean rate a day over [from, to): day d's rate
// weighted by the part of [d, d+1) inside the window. The rate before
// time 0 is day 0's and beyond the last given day the last's.
func meanRate(st simulate.Stream, from, to float64) float64 {
	if len(st.RatePerDay) == 0 {
		return st.Rate
	}
	rate := func(d int) float64 { return st.RatePerDay[min(max(d, 0), len(st.RatePerDay)-1)] }
	sum := 0.0
	for d := int(math.Floor(from)); float64(d) < to; d++ {
		lo, hi := max(from, float64(d)), min(to, float64(d+1))
		if hi > lo {
			sum += rate(d) * (hi - lo)
		}
		// Past the last given day the rate is constant: add the rest at once.
		if d >= len(st.RatePerDay)-1 && float64(d+1) < to {
			sum += rate(d) * (to - float64(d+1))
			break
		}
	}
	return sum / (to - from)
}

// dailyRange returns the least and greatest total rate a day reaching lot
// l over the whole days of [from, to), repeats and self-serve counted as
// ArrivalRates counts them.
func dailyRange(m *simulate.Model, l int, from, to float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	last := 0
	for _, st := range m.Streams {
		last = max(last, len(st.RatePerDay))
	}
	// Beyond the last given day every rate is constant, so one more day
	// stands for the rest.
	start := math.Floor(from)
	end := max(min(math.Ceil(to), float64(last)+1), start+1)
	for d := start; d < end; d++ {
		r := ArrivalRates(m, l, d, d+1)
		v := r[0] + r[1] + r[2]
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// slotsOver returns the certain capacity of lot l (steps with no
// Probability) over [from, to), averaged over time and rounded to the
// nearest whole slot, and whether it changes inside the window. A step at
// or before time 0 applies from the start.
func slotsOver(lot *simulate.Lot, from, to float64) (slots int, changes bool) {
	at := func(t float64) int {
		n := 0
		for _, s := range lot.Slots {
			if s.Probability == 0 && s.At <= t {
				n = s.Slots
			}
		}
		return n
	}
	times := []float64{from}
	for _, s := range lot.Slots {
		if s.Probability == 0 && s.At > from && s.At < to {
			times = append(times, s.At)
		}
	}
	times = append(times, to)
	sum := 0.0
	for i := 0; i+1 < len(times); i++ {
		n := at(times[i])
		sum += float64(n) * (times[i+1] - times[i])
		changes = changes || n != at(from)
	}
	if !(to > from) {
		return at(from), false
	}
	return int(math.Round(sum / (to - from))), changes
}

// uncertainSlots reports whether any of the lot's capacity steps is
// uncertain (money at risk).
func uncertainSlots(lot *simulate.Lot) bool {
	for _, s := range lot.Slots {
		if s.Probability > 0 {
			return true
		}
	}
	return false
}

// coefVar returns a distribution's coefficient of variation (standard
// deviation over mean), NaN when it has no positive mean.
func coefVar(d lotting.Distribution) float64 {
	mean := d.Expected()
	if !(mean > 0) {
		return math.NaN()
	}
	var sd float64
	switch d.Kind {
	case lotting.Fixed:
		sd = 0
	case lotting.Exponential:
		sd = mean
	case lotting.Gamma, lotting.Lognormal:
		sd = d.SD
	case lotting.Uniform:
		sd = (d.Max - d.Min) / math.Sqrt(12)
	case lotting.Triangular:
		a, b, c := d.Min, d.Max, d.Mode
		sd = math.Sqrt((a*a + b*b + c*c - a*b - a*c - b*c) / 18)
	case lotting.Empirical:
		v := 0.0
		for _, x := range d.Values {
			v += (x - mean) * (x - mean)
		}
		sd = math.Sqrt(v / float64(len(d.Values)))
	}
	return sd / mean
}
