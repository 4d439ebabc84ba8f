package scenario

import (
	"errors"

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
			out = append(out, simulate.ModeStep{At: float64(t), Mode: now})
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
