package lotsim

import (
	"math"

	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/simulate"
)

// stoppingReport says how a run sized by a stopping rule ended.
func stoppingReport(res *SimResult) *report.Stopping {
	st := res.Stop
	c := res.Results.Cell(st.Lot, simulate.AllYears, simulate.AllAreas, st.Risk)
	e := report.NewEstimate(c.Metric(st.Metric))
	achieved := math.NaN()
	if m := math.Abs(float64(e.Mean)); e.N >= 2 && m > 0 {
		achieved = e.HalfWidth() / m
	}
	lot := res.Stopping.Lot
	if lot == "" && st.Lot < len(res.Lots) {
		lot = res.Lots[st.Lot]
	}
	return &report.Stopping{
		Metric: res.Stopping.Metric, Lot: lot, RelativeHalfWidth: st.RelativeHalfWidth,
		Achieved: report.Float(achieved), Estimate: e, Min: st.Min, Max: st.Max, Replications: res.Replications,
		Met: !math.IsNaN(achieved) && achieved <= st.RelativeHalfWidth,
	}
}
