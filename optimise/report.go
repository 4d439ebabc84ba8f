package optimise

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// Report turns a search's result on scenario s into the stable report.
// Version and Date are left for the caller to set.
func Report(s *scenario.Scenario, res *Result) (*report.Optimise, error) {
	if res.Goal == Money || res.PerYear {
		return moneyReport(s, res)
	}
	var err error
	out := &report.Optimise{
		Scenario: s.Name, File: s.File, SHA256: s.SHA256, Seed: res.Seed,
		Goal: "split", Criterion: criterion(res), MaxMissChance: res.MaxMissChance, Feasible: res.Plan.Feasible, Years: res.Labels, ExtraMoney: []funding.Money{},
		Candidates: res.Candidates, Replications: res.Replications, RunnersUp: []report.OptimisePlan{},
	}
	out.Frontier = frontierReport(res.Frontier)
	if out.Plan, err = optimisePlan(s, res, res.Plan); err != nil {
		return nil, err
	}
	if out.Current, err = optimisePlan(s, res, res.Current); err != nil {
		return nil, err
	}
	for _, ev := range res.Runners {
		p, err := optimisePlan(s, res, ev)
		if err != nil {
			return nil, err
		}
		out.RunnersUp = append(out.RunnersUp, p)
	}
	splitSummary(res, out)
	if res.Plan.Plan == nil && !res.PerYear {
		out.Summary += " The plan is today's split: no other split found does better by more than the indifference zone."
	}
	out.Method = []string{
		criterionMethod(res),
		"The closed forms of queueing theory (Erlang A, or C where nobody gives up) gave the first split; a search then moved money between lots in steps, keeping a move when it lowered the largest shortfall, with every plan simulated on the same random numbers.",
		fmt.Sprintf("The best %d plans found, today's among them, went through a sequential feasibility screen and KN++ selection, deciding only after %s replications, with an indifference zone of %s points: plans closer than that to the best are treated as equally good, and a plan must beat today's by more than that to replace it.",
			res.Finalists, countList(res.Checkpoints), numfmt.Fixed(res.Delta*100, 1)),
		fmt.Sprintf("The plan and today's were then re-run on fresh random numbers (%d replications each); the figures above are from that run.", res.Plan.N),
	}
	out.Limitations = append([]string{
		"The split is one share of the pool for every contract year: --per-year (Options.PerYear) splits each year's money on its own, and the money goal (--goal money) finds each year's least money.",
		"Money moves only to and from lots with wait targets whose capacity it buys: caseworkers with a cost per FTE, refuge beds with a cost per bed, groups with a facilitator cost. Fixed FTE, beds or groups, lots without targets and the front door keep today's money.",
		"The split is chosen with every funder paying; money at risk of withdrawal is simulated in each plan but not planned for.",
		"The answer is as good as the scenario's assumptions: demand, case lengths and how long people wait before giving up.",
	}, res.Notes...)
	out.Limitations = append(out.Limitations, res.Floors...)
	return out, nil
}

// optimisePlan reports one evaluated plan: every lot's first-year money
// and what it buys, and the targets of the lots that have them.
func optimisePlan(s *scenario.Scenario, res *Result, ev Evaluated) (report.OptimisePlan, error) {
	ps := res.Space.Scenario(ev.Plan)
	fy := funding.FinancialYearOf(res.Years[0].Start)
	alloc, err := ps.LotFunding(fy)
	if err != nil {
		return report.OptimisePlan{}, err
	}
	pool := ps.Pool.Total(fy).Decimal()
	index := ps.Inflation.Index(ps.BaseYear, fy)
	moved := res.Space.Moved()
	var exact []decimal.Decimal
	if ev.Plan != nil {
		exact = res.Space.Percents(ev.Plan)
	}
	out := report.OptimisePlan{Feasible: ev.Feasible, WorstShortfall: report.Float(ev.WorstShortfall), Today: ev.Plan == nil}
	for i, l := range ps.Structure.Lots {
		pl := report.PlanLot{Name: l.Name, Money: alloc.Parts[i], Moved: slices.Contains(moved, i), Targets: []report.PlanTarget{}}
		switch j := slices.Index(moved, i); {
		case j >= 0 && exact != nil:
			pl.Percent = exact[j].String() // the rule the plan gives the lot, as --out writes it
		case pool.Sign() > 0:
			pl.Percent = alloc.Parts[i].Decimal().Mul(decimal.NewFromInt(100)).DivRound(pool, 4).String()
		}
		if l.Service.Delivery == lotting.Casework && l.Service.Caseworkers != nil {
			pl.FTE = l.Staffing(alloc.Parts[i], index)
		}
		setUnits(&pl, ps, i, res, alloc.Parts[i])
		out.Lots = append(out.Lots, pl)
	}
	fillTargets(&out, res, ev)
	// Expected demand: the referrals a year the simulation sent each lot
	// in the first contract year of today's plan.
	for li := range res.Referrals {
		name := res.LotNames[li]
		for k := range out.Lots {
			if out.Lots[k].Name == name {
				out.Lots[k].ExpectedDemand = report.Float(res.Referrals[li][0])
			}
		}
	}
	return out, nil
}

// possessive returns name's possessive: "Victims'" and "Refuge's".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// countList lists counts as "10, 20 and 40".
func countList(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = numfmt.Count(float64(n))
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// setUnits sets the beds or groups lot i has in the first contract year
// with money annual.
func setUnits(pl *report.PlanLot, s *scenario.Scenario, i int, res *Result, annual funding.Money) {
	day := res.Years[0].Start
	n, _, err := s.LotCapacity(i, day, funding.FinancialYearOf(day), annual)
	if err != nil {
		return
	}
	switch s.Structure.Lots[i].ServiceOn(day).Delivery {
	case lotting.Beds:
		pl.Beds = &n
	case lotting.GroupWork:
		pl.Groups = &n
	}
}

// keptReason says why lot keeps today's money, from the search's notes.
func keptReason(res *Result, lot string) string {
	for _, n := range res.Notes {
		if strings.HasPrefix(n, lot+" keeps today's money") {
			return n
		}
	}
	return lot + " keeps today's money"
}

// movedSummary says how the plan fares on the targets of the lots whose
// money moves: all met, or the one it misses most.
func movedSummary(res *Result) string {
	worst, short := -1, 0
	for j, t := range res.Targets {
		if !t.Moved {
			continue
		}
		if !res.Plan.Meets[j] {
			short++
		}
		if worst < 0 || res.Plan.LowerBound[j]-judgedLevel(res, j) < res.Plan.LowerBound[worst]-judgedLevel(res, worst) {
			worst = j
		}
	}
	if worst < 0 {
		return ""
	}
	t := res.Targets[worst]
	where := fmt.Sprintf("%s %s-risk share within %s days in %s: %s", possessive(t.Lot), t.Risk, numfmt.Fixed(t.Days, 0),
		res.Labels[t.Year], judgedText(res, res.Plan, worst))
	if short == 0 {
		return " The split meets every target of the lots whose money moves; the tightest is " + where + "."
	}
	return fmt.Sprintf(" Of the lots whose money moves, the split misses %d targets, most of all %s.", short, where)
}

// criterionMethod says how a target is judged and what that guarantees.
func criterionMethod(res *Result) string {
	pct := func(v float64) string { return numfmt.Percent(v, 1) }
	if res.MaxMissChance > 0 {
		return fmt.Sprintf("A target is met when the chance that a contract year misses its level is at most %s: the lower end of the exact binomial (Clopper–Pearson) interval of the share of replications whose year reaches the level must reach %s, with the error rate of %s shared among all %d targets judged (Bonferroni); so the chance that a plan reported as meeting every target in fact misses one is at most %s.",
			pct(res.MaxMissChance), pct(1-res.MaxMissChance), pct(res.Alpha), len(res.Targets), pct(res.Alpha))
	}
	return fmt.Sprintf("A target is met when the lower end of the one-sided interval of the share of referred people seen within it reaches the level required, with the error rate of %s shared among all %d targets judged (Bonferroni): so the chance that a plan reported as meeting every target in fact misses one is at most %s, if the replications' shares are near normal.",
		pct(res.Alpha), len(res.Targets), pct(res.Alpha))
}

// splitSummary sets the split's binding target and its answer in words.
func splitSummary(res *Result, out *report.Optimise) {
	t := res.Targets[res.Plan.Worst]
	out.Binding = &report.Binding{Lot: t.Lot, Risk: t.Risk.String(), Year: res.Labels[t.Year], Level: t.Level,
		LowerBound: report.Float(res.Plan.LowerBound[res.Plan.Worst])}
	first := len(res.Labels)
	for j, ok := range res.Plan.Meets {
		if !ok {
			first = min(first, res.Targets[j].Year)
		}
	}
	if first < len(res.Labels) {
		out.Binding.FirstShortYear = res.Labels[first]
	}
	where := fmt.Sprintf("%s %s-risk share seen within %s days in %s", possessive(t.Lot), t.Risk, numfmt.Fixed(t.Days, 0), out.Binding.Year)
	judged := judgedText(res, res.Plan, res.Plan.Worst)
	if out.Feasible {
		out.Summary = fmt.Sprintf("The split below meets all %d targets judged, in every contract year. The tightest is %s: %s.",
			len(res.Targets), where, judged)
	} else {
		out.Summary = fmt.Sprintf("No split of today's money found meets every target; the one below misses by least. It misses most on %s: %s. Targets are first missed in %s.",
			where, judged, out.Binding.FirstShortYear)
		if !t.Moved {
			out.Summary += fmt.Sprintf(" The split cannot help: %s.", keptReason(res, t.Lot))
			out.Summary += movedSummary(res)
		}
	}
}
