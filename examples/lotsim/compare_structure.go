package main

import (
	"fmt"
	"path/filepath"

	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

// structureSection sets what pooling does to waits (the paired totals over
// every lot) beside what each lot structure costs (report.StructureCost):
// ok is false when no scenario compared has a structure block.
func structureSection(r *report.Compare) (render.Section, bool) {
	if len(r.Structure) == 0 {
		return render.Section{}, false
	}
	sec := render.Section{Heading: "Lot structure: what pooling does to waits, and what the structure costs"}
	sec.Blocks = append(sec.Blocks, render.Paragraph(
		"The simulation compares the structures with the money each file gives its lots, so with the same frontline money the differences in waits below are what pooling caseworkers (or keeping them apart) does. "+
			"What the structure costs is priced apart: the lots' on-cost (already taken off their capacity in the simulation), the structure block's management of each contract (not simulated), and the capacity lost while each contract mobilises (its mobilisation under contracts, simulated only for a contract that starts inside the simulated period). "+
			"Each cost is shown as money and as the cases it takes: the cases a year the money would buy at the structure's own frontline cost per case, and for mobilisation the cases its lost capacity would have taken, once a contract term. "+
			"The waits in (a) are over every client group together; where one of the two pools perpetrators with victims, the paired differences by client group above keep them apart."))
	pool := render.Table{Title: "(a) What pooling does to waits: all lots but the front door, B − A",
		Columns: []render.Column{textCol("B against A"), textCol("client group"), textCol("figure"), numCol("A"), numCol("B"), numCol("B − A"), numCol("95% CI")}}
	for _, c := range r.Comparisons {
		cmpName := fmt.Sprintf("%s against %s", filepath.Base(c.Alternative), filepath.Base(c.Baseline))
		for _, d := range c.Differences {
			if d.Lot != "" || d.Risk != "" {
				continue
			}
			group := "all groups"
			if d.ClientGroup != "" && d.ClientGroup != report.AllGroups {
				group = report.GroupWords(d.ClientGroup)
			}
			switch d.Metric {
			case "wait_mean", "wait_p90":
				pool.AddRow(strs(cmpName, group, metricLabel(d.Metric), est(d.A, 1), est(d.B, 1), render.Number(float64(d.Diff.Mean), 1).Text,
					fmt.Sprintf("%s to %s", render.Number(float64(d.Diff.Lo), 1).Text, render.Number(float64(d.Diff.Hi), 1).Text))...)
			case "share_referred_within_target":
				pool.AddRow(strs(cmpName, group, metricLabel(d.Metric), estPct(d.A), estPct(d.B), render.Number(100*float64(d.Diff.Mean), 1).Text+" points",
					fmt.Sprintf("%s to %s points", render.Number(100*float64(d.Diff.Lo), 1).Text, render.Number(100*float64(d.Diff.Hi), 1).Text))...)
			case "disengaged":
				pool.AddRow(strs(cmpName, group, metricLabel(d.Metric)+" a year", est(d.A, 0), est(d.B, 0), render.Number(float64(d.Diff.Mean), 0).Text,
					fmt.Sprintf("%s to %s", render.Number(float64(d.Diff.Lo), 0).Text, render.Number(float64(d.Diff.Hi), 0).Text))...)
			}
		}
	}
	sec.Blocks = append(sec.Blocks, pool)

	side := render.Table{Title: "(b) The structures, base year at its prices",
		Columns: []render.Column{textCol("scenario"), numCol("lots"), numCol("contracts"), {Header: "money", Kind: render.KindMoney},
			{Header: "frontline money", Kind: render.KindMoney}, numCol("cases a year")}}
	cost := render.Table{Title: "(c) What the structure costs, as money and as cases",
		Columns: []render.Column{textCol("scenario"), textCol("cost"), {Header: "money", Kind: render.KindMoney}, numCol("share of money"), numCol("cases lost")}}
	for _, s := range r.Structure {
		name := filepath.Base(s.File)
		if !s.Stated {
			name += " (no structure block)"
		}
		side.AddRow(strs(name, fmt.Sprint(s.Lots), fmt.Sprint(s.Contracts), s.Money.String(), s.Frontline.String(), render.Number(s.CasesPerYear, 0).Text)...)
		mob := "mobilisation as each contract states it, once a term"
		if s.MobilisationDays > 0 {
			mob = fmt.Sprintf("mobilisation: %s days at %s lost, once a term", render.Number(s.MobilisationDays, 0).Text, numfmt.PercentShortest(s.MobilisationShare))
		}
		for _, it := range []struct {
			what string
			item report.StructureItem
		}{
			{"on-cost of the lots, a year (simulated)", s.OnCost},
			{"contract management, a year", s.Management},
			{mob, s.Mobilisation},
		} {
			cost.AddRow(strs(name, it.what, it.item.Money.String(), numfmt.Percent(it.item.ShareOfMoney, 1), render.Number(it.item.CasesLost, 0).Text)...)
		}
	}
	side.Notes = []string{"Cases a year are what the lots but the front door can take in the base year (the capacity arithmetic of lotsim budget)."}
	cost.Notes = []string{"Cases lost for a cost a year are its money times those cases over the frontline money; for mobilisation, each lot's cases a year times the share its contract loses times the period (contracts[].mobilisation). " +
		"With the same period and share, lots and one contract lose the same capacity mobilising, as each lot mobilises its own; management grows with the contracts let."}
	sec.Blocks = append(sec.Blocks, side, cost)
	return sec, true
}
