package scenario

import (
	"errors"
	"math"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// lotModes returns the engine's changes of delivery for lot l: one for
// each change within the horizon that sets a delivery other than the one
// in force the day before, at its day from the start.
func (s *Scenario) lotModes(b *Built, l lotting.Lot) []simulate.ModeStep {
	var out []simulate.ModeStep
	for _, c := range l.Changes {
		if c.Delivery == nil {
			continue
		}
		t := c.Date.DaysSince(b.Start)
		if t <= 0 || t >= int(b.Model.Horizon) {
			continue
		}
		before := l.ServiceOn(c.Date.AddDays(-1)).Delivery
		if now := l.ServiceOn(c.Date).Delivery; now != before {
			out = append(out, simulate.ModeStep{At: float64(t), Mode: now, Convert: c.ConvertGroups})
		}
	}
	return out
}

// switchingLot gives out, a lot that changes delivery, the settings of
// the delivery it does not start in: the case length (and stretch) of its
// caseworkers block and its group programme.
func switchingLot(out *simulate.Lot, sv lotting.ServiceModel) error {
	cw, g := sv.Caseworkers, sv.Group
	if cw == nil || g == nil {
		return errors.New("a lot that changes delivery between casework and group needs both a caseworkers block and a group block")
	}
	out.Service = cw.CaseLength
	if st := cw.Stretch; st != nil {
		out.Stretch = &simulate.Stretch{Factor: st.LengthFactor}
	}
	out.Group = simulate.GroupSettings{
		CohortSize: g.CohortSize, MinToStart: g.MinToStart, Weeks: g.Weeks,
		StartEvery: g.StartEvery.ApproxDays(),
		Rolling:    g.Rolling, JoinUntilWeek: g.JoinUntilWeek,
	}
	return nil
}

// mobilisation returns the days [from, to) from the start of the period
// in which lot l's contract mobilises and the share of capacity that runs
// meanwhile; ok is false when the contract states no mobilisation or
// starts on or before the first day or at or after the horizon (see
// Mobilisation).
func (s *Scenario) mobilisation(b *Built, l lotting.Lot) (from, to int, share float64, ok bool) {
	for _, c := range s.Contracts {
		if c.Name != l.Contract || c.Mobilisation == nil {
			continue
		}
		from = c.Terms.Start.DaysSince(b.Start)
		if from <= 0 || from >= int(b.Model.Horizon) {
			return 0, 0, 0, false
		}
		return from, from + 7*c.Mobilisation.Weeks, c.Mobilisation.Capacity, true
	}
	return 0, 0, 0, false
}

// mobilised returns floor(n × share), the units that run while a lot
// mobilises; 1e-9 keeps binary rounding (50% of 10 held as 4.999...) from
// costing a whole unit.
func mobilised(n int, share float64) int {
	return int(math.Floor(float64(n)*share + 1e-9))
}
