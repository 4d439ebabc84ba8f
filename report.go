package lotsim

import (
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// NewRunReport gathers a simulation's results, the scenario's budget and
// the findings drawn from them, and what the scenario's figures rest on
// (FigureBasis; Sensitivity ranks them, and its result may replace
// Basis). Date is left for the caller to set.
func NewRunReport(s *scenario.Scenario, res *SimResult) (*report.Run, error) {
	b, err := Budget(s)
	if err != nil {
		return nil, err
	}
	r := res.Results
	m := res.Model
	out := &report.Run{
		Scenario: s.Name, File: s.File, SHA256: s.SHA256, Seed: res.Seed,
		Replications: res.Replications, Version: Version,
		Start: res.Start, End: res.Start.AddDays(int(m.Horizon) - 1),
		Years: res.YearLabels, Areas: r.Areas, Budget: b, Findings: []report.RunFinding{},
	}
	out.Lots = report.LotResults(m, r, res.Lots, res.YearLabels, res.Start)
	for i := range out.Lots {
		if l := &out.Lots[i]; !l.FrontDoor {
			if j, ok := s.Structure.LotIndex(l.Name); ok {
				l.Serves = report.NewServes(s.Structure.Lots[j].Serves, l, scenario.OutOfArea)
			}
		}
	}
	for i := range out.Lots {
		if l := &out.Lots[i]; !l.FrontDoor && i < len(m.Lots) {
			l.Theory = report.NewTheory(m, i, res.YearLabels, l, caseloadPerFTE(s, l.Name))
		}
	}
	out.Budget = b.Within(out.Start, out.End)
	out.DrawnFigures = res.DrawnFigures
	if res.Stop != nil && res.Stopping != nil {
		out.Stopping = stoppingReport(res)
	}
	out.Findings = report.RunFindings(out, m)
	if s.Source() != nil {
		out.Basis = FigureBasis(s)
	}
	return out, nil
}

// caseloadPerFTE returns the caseload per FTE of the scenario's casework
// lot called name, or 0 if it has none.
func caseloadPerFTE(s *scenario.Scenario, name string) float64 {
	for _, l := range s.Structure.Lots {
		if l.Name == name && l.Service.Delivery == lotting.Casework && l.Service.Caseworkers != nil {
			return l.Service.Caseworkers.CaseloadPerFTE
		}
	}
	return 0
}
