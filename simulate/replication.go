package simulate

import (
	"fmt"
	"math"

	"github.com/lotsim/lotsim/lotting"
)

// Replication is read-only access to one replication's own values, handed
// to Options.Replication while the replication is merged. It is valid only
// during that call.
type Replication struct {
	p  *plan
	rr *repResult // nil outside the call
}

// Value returns metric m of the cell lot, year, area, risk in this
// replication alone: the value Run adds to the Results' summary of
// Results.Cell(lot, year, area, risk).Metric(m), with the same indices and
// the same AllYears, AllAreas and AllRisks selectors. ok is false when the
// metric is not defined in this replication (a wait metric with no starts,
// WithinTarget with no start that had a target, Utilisation without
// capacity or below a lot total): exactly the replications the summary
// leaves out.
//
// Value panics if an index or m is out of range (as Results.Cell does) or
// if it is called after the Options.Replication call it was given to has
// returned.
func (r *Replication) Value(lot, year, area int, risk lotting.Risk, m Metric) (v float64, ok bool) {
	if r.rr == nil {
		panic("simulate: Replication.Value used after the Options.Replication call returned")
	}
	if m < 0 || m >= NumMetrics {
		panic(fmt.Sprintf("simulate: Replication.Value: metric %d out of range", int(m)))
	}
	v = r.rr.cells[r.p.cell("Replication.Value", lot, year, area, risk)].vals[m]
	return v, !math.IsNaN(v)
}

// ValueGroup is Value for the people of one client group (or AllGroups):
// the value Run adds to the summary of Results.CellGroup(lot, year, area,
// risk, group).Metric(m). ok is false, and v NaN, when the metric is not
// defined or group does not reach the lot (see Results.Groups). It panics
// as Value does.
func (r *Replication) ValueGroup(lot, year, area int, risk lotting.Risk, group lotting.ClientGroup, m Metric) (v float64, ok bool) {
	if r.rr == nil {
		panic("simulate: Replication.ValueGroup used after the Options.Replication call returned")
	}
	if m < 0 || m >= NumMetrics {
		panic(fmt.Sprintf("simulate: Replication.ValueGroup: metric %d out of range", int(m)))
	}
	i, found := r.p.cellGroup("Replication.ValueGroup", lot, year, area, risk, group)
	if !found {
		return math.NaN(), false
	}
	v = r.rr.cells[i].vals[m]
	return v, !math.IsNaN(v)
}
