package optimise

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// moneyReport reports the money goal: the money the moved lots need each
// contract year, the extra that is beyond today's, and the plan that
// spends it, validated beside today's.
func moneyReport(s *scenario.Scenario, res *Result) (*report.Optimise, error) {
	out := &report.Optimise{
		Scenario: s.Name, File: s.File, SHA256: s.SHA256, Seed: res.Seed, PerYear: res.PerYear,
		Goal: res.Goal.String(), Criterion: criterion(res), MaxMissChance: res.MaxMissChance, Feasible: res.Plan.Feasible, Years: res.Labels, ExtraMoney: []funding.Money{},
		Candidates: res.Candidates, Replications: res.Replications, RunnersUp: []report.OptimisePlan{},
		Funder: res.Funder,
	}
	for k, year := range res.MoneyPlan {
		need, have := funding.Money{}, funding.Money{}
		for j := range year {
			need, have = need.Add(year[j]), have.Add(res.TodayMoney[k][j])
		}
		extra := need.Sub(have)
		out.NeededMoney = append(out.NeededMoney, need)
		out.TodayMoney = append(out.TodayMoney, have)
		shown := extra
		if extra.Sign() < 0 {
			shown = funding.Money{}
		}
		out.ExtraMoney = append(out.ExtraMoney, shown)
	}
	out.Frontier = frontierReport(res.Frontier)
	var err error
	if out.Plan, err = moneyPlanReport(s, res, res.Plan, res.MoneyPlan); err != nil {
		return nil, err
	}
	if out.Current, err = optimisePlanToday(s, res); err != nil {
		return nil, err
	}
	t := res.Targets[res.Plan.Worst]
	out.Binding = &report.Binding{Lot: t.Lot, Risk: t.Risk.String(), Year: res.Labels[t.Year], Level: t.Level,
		LowerBound: report.Float(res.Plan.LowerBound[res.Plan.Worst])}
	for j, ok := range res.Plan.Meets {
		if !ok && (out.Binding.FirstShortYear == "" || res.Targets[j].Year < slices.Index(res.Labels, out.Binding.FirstShortYear)) {
			out.Binding.FirstShortYear = res.Labels[res.Targets[j].Year]
		}
	}
	from := ""
	if res.Funder != "" {
		from = " from " + res.Funder
	}
	var moved []string
	for _, i := range res.Space.Moved() {
		moved = append(moved, s.Structure.Lots[i].Name)
	}
	out.Summary = moneySummary(joinAnd(moved), from, res, out)
	pct := func(v float64) string { return numfmt.Percent(v, 1) }
	judged := judgedText(res, res.Plan, res.Plan.Worst)
	if out.Feasible {
		out.Summary += fmt.Sprintf(" Re-run on fresh random numbers, the plan meets all %d targets judged; the tightest is %s %s-risk share in %s: %s.",
			len(res.Targets), possessive(t.Lot), t.Risk, out.Binding.Year, judged)
	} else {
		out.Summary += fmt.Sprintf(" Re-run on fresh random numbers, the plan still misses a target: %s %s-risk share in %s: %s.",
			possessive(t.Lot), t.Risk, out.Binding.Year, judged)
		if !t.Moved {
			out.Summary += fmt.Sprintf(" Money for the others cannot help it: %s.", keptReason(res, t.Lot))
		}
	}
	out.Method = []string{
		"Lots are independent once referrals are routed, so the least money for all of them is the sum of each one's least. Contract years are solved in order, each with the money of the years before it found, because waiting lists carry over.",
		"For each lot and year the closed forms of queueing theory (Erlang A, or C where nobody gives up) gave the first amount to try; the search then doubled or halved it and bisected, in steps, to the least amount that meets the lot's targets that year, every amount simulated on the same random numbers.",
		fmt.Sprintf("An amount meets a lot's targets when the lower end of each target's one-sided interval (of its share or, with a most chance of missing, of the chance its year reaches the level) reaches what is required, the error rate of %s shared among the lot's targets and the %d checkpoints (%s replications), deciding early when every target is met or one is shown more than %s points short.",
			pct(res.Alpha), len(res.Checkpoints), countList(res.Checkpoints), numfmt.Fixed(res.Delta*100, 1)),
		fmt.Sprintf("The plan was then re-run on fresh random numbers (%d replications) and judged on every target together (Bonferroni, %s); the figures above are from that run.", res.Plan.N, pct(res.Alpha)),
	}
	if res.PerYear {
		perYearText(res, out)
	}
	out.Limitations = append([]string{
		"Money moves only to and from lots with wait targets whose capacity it buys: caseworkers with a cost per FTE, refuge beds with a cost per bed, groups with a facilitator cost. Fixed FTE, beds or groups, lots without targets and the front door keep today's money.",
		limitationOfGoal(res),
		"Every funder is taken to pay: money at risk of withdrawal is not in the plan's figures.",
		"The answer is as good as the scenario's assumptions: demand, case lengths and how long people wait before giving up.",
	}, res.Notes...)
	out.Limitations = append(out.Limitations, res.Floors...)
	if res.Goal == Money && len(res.Floors) > 0 {
		out.Limitations = append(out.Limitations, "The extra money is general money: it is not earmarked, and no lot's money is set below what funders earmark to it.")
	}
	return out, nil
}

// limitationOfGoal is the goal's own limitation.
func limitationOfGoal(res *Result) string {
	if res.PerYear {
		return "Each year's split is the best a search found, on the same random numbers for every split; unlike the split for all years, it has no selection procedure with a stated chance of choosing best, only the validation on fresh random numbers."
	}
	return "The plan gives every moved lot its least money each year and no more; money beyond the least is not shared out."
}

// perYearText sets the summary and method of a split per contract year.
func perYearText(res *Result, out *report.Optimise) {
	out.ExtraMoney, out.NeededMoney = []funding.Money{}, nil
	splitSummary(res, out)
	out.Summary = strings.Replace(out.Summary, "The split below", "The split below, one for each contract year,", 1)
	pct := func(v float64) string { return numfmt.Percent(v, 1) }
	out.Method = []string{
		criterionMethod(res),
		"Each contract year's money for the moved lots, today's total, was split on its own, years in order, each given the splits of the years before it, because waiting lists carry over.",
		"A year's split started from the closed forms' needs that year (Erlang A, or C where nobody gives up), or today's split if that scored better; a search then moved money between lots in steps while the largest shortfall of that year's targets fell, every split simulated on the same random numbers.",
		fmt.Sprintf("The plan was then re-run on fresh random numbers (%d replications) and judged on every target together (Bonferroni, %s); the figures above are from that run.", res.Plan.N, pct(res.Alpha)),
	}
}

// moneySummary says the money goal's answer in words: the extra money in
// the first and last contract years, and any year not reached.
func moneySummary(lots, from string, res *Result, out *report.Optimise) string {
	var unreached []string
	for k, ok := range res.Reached {
		if !ok {
			unreached = append(unreached, res.Labels[k])
		}
	}
	n := len(out.ExtraMoney)
	first, last := out.ExtraMoney[0], out.ExtraMoney[n-1]
	var b strings.Builder
	switch {
	case n == 1:
		fmt.Fprintf(&b, "To meet every target of %s in %s takes %s more%s than today's money.", lots, res.Labels[0], first, from)
	case slices.IndexFunc(out.ExtraMoney, func(m funding.Money) bool { return m.Sign() > 0 }) < 0:
		fmt.Fprintf(&b, "Today's money is enough for every target of %s in every contract year, split as below; no extra money is needed, and %s is to spare in the first year (%s) and %s in the last (%s).",
			lots, out.TodayMoney[0].Sub(out.NeededMoney[0]), res.Labels[0], out.TodayMoney[n-1].Sub(out.NeededMoney[n-1]), res.Labels[n-1])
	case first.Sign() == 0:
		fmt.Fprintf(&b, "Today's money is enough for every target of %s in the first contract year (%s), but not after: the last (%s) takes %s more%s; the table gives every year.",
			lots, res.Labels[0], res.Labels[n-1], last, from)
	default:
		fmt.Fprintf(&b, "To meet every target of %s, contract year by contract year, takes %s more%s than today's money in the first year (%s) and %s more in the last (%s); the table gives every year.",
			lots, first, from, res.Labels[0], last, res.Labels[n-1])
	}
	if len(unreached) > 0 {
		fmt.Fprintf(&b, " In %s no amount within the search's bounds met every target (a level above the share who wait long enough, say); the figures for those years are the most tried.", joinAnd(unreached))
	}
	return b.String()
}

// moneyPlanReport reports the money goal's plan: each moved lot's money
// each year, the others' today's.
func moneyPlanReport(s *scenario.Scenario, res *Result, ev Evaluated, plan [][]funding.Money) (report.OptimisePlan, error) {
	out, err := optimisePlanToday(s, res)
	if err != nil {
		return out, err
	}
	out.Feasible, out.WorstShortfall, out.Today = ev.Feasible, report.Float(ev.WorstShortfall), false
	fy := funding.FinancialYearOf(res.Years[0].Start)
	index := s.Inflation.Index(s.BaseYear, fy)
	total := funding.Money{}
	for i := range out.Lots {
		if j := slices.Index(res.Space.Moved(), i); j >= 0 {
			out.Lots[i].Money = plan[0][j]
			for k := range plan {
				out.Lots[i].MoneyByYear = append(out.Lots[i].MoneyByYear, plan[k][j])
			}
			out.Lots[i].FTE = s.Structure.Lots[i].Staffing(plan[0][j], index)
			out.Lots[i].Beds, out.Lots[i].Groups = nil, nil
			setUnits(&out.Lots[i], s, i, res, plan[0][j])
		}
		total = total.Add(out.Lots[i].Money)
	}
	for i := range out.Lots {
		out.Lots[i].Percent = ""
		if total.Sign() > 0 {
			out.Lots[i].Percent = out.Lots[i].Money.Decimal().Mul(decimal.NewFromInt(100)).DivRound(total.Decimal(), 4).String()
		}
	}
	fillTargets(&out, res, ev)
	return out, nil
}

// optimisePlanToday reports today's allocation with today's figures.
func optimisePlanToday(s *scenario.Scenario, res *Result) (report.OptimisePlan, error) {
	return optimisePlan(s, res, res.Current)
}

// fillTargets sets each lot's targets from ev.
func fillTargets(out *report.OptimisePlan, res *Result, ev Evaluated) {
	for i := range out.Lots {
		out.Lots[i].Targets = []report.PlanTarget{}
		for j, t := range res.Targets {
			if t.Lot != out.Lots[i].Name {
				continue
			}
			out.Lots[i].Targets = append(out.Lots[i].Targets, report.PlanTarget{
				Year: res.Labels[t.Year], Risk: t.Risk.String(), Days: t.Days, Level: t.Level,
				Share:      report.Estimate{Mean: report.Float(ev.Mean[j]), Lo: report.Float(ev.Lo[j]), Hi: report.Float(ev.Hi[j]), N: ev.N},
				Chance:     probability(ev.Reached[j], ev.N),
				LowerBound: report.Float(ev.LowerBound[j]), Meets: ev.Meets[j],
			})
		}
	}
}

// joinAnd lists names as "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// frontierReport puts the frontier in the report's form, with each
// chance's Wilson interval.
func frontierReport(front []FrontierPoint) []report.FrontierPoint {
	out := []report.FrontierPoint{}
	for _, pt := range front {
		out = append(out, report.FrontierPoint{Scale: pt.Scale, Money: pt.Money, Chance: probability(pt.Met, pt.N)})
	}
	return out
}

// probability is met successes in n trials with the Wilson 95% interval.
func probability(met, n int) report.Probability {
	var pr stats.Proportion
	for i := range n {
		pr.Add(i < met)
	}
	ci := pr.Wilson95()
	return report.Probability{Estimate: report.Float(pr.Estimate()), Lo: report.Float(ci.Lo), Hi: report.Float(ci.Hi), Successes: met, Trials: n}
}

// criterion returns the report's criterion and how it words a target's
// judged figure: "at least 91.2% ... against the 90.0% required" of the
// share, or of the chance that the year reaches the level.
func criterion(res *Result) string {
	if res.MaxMissChance > 0 {
		return "miss_chance"
	}
	return "share"
}

// judgedLevel is the level target j's judged figure must reach.
func judgedLevel(res *Result, j int) float64 {
	if res.MaxMissChance > 0 {
		return 1 - res.MaxMissChance
	}
	return res.Targets[j].Level
}

// judgedText words target j's judged figure under plan ev.
func judgedText(res *Result, ev Evaluated, j int) string {
	t := res.Targets[j]
	pct := func(v float64) string { return numfmt.Percent(v, 1) }
	if res.MaxMissChance > 0 {
		return fmt.Sprintf("the year reaches %s in at least %s of replications (the cautious end of its interval) against the %s required",
			pct(t.Level), pct(ev.LowerBound[j]), pct(1-res.MaxMissChance))
	}
	return fmt.Sprintf("at least %s (the cautious end of its interval) against the %s required", pct(ev.LowerBound[j]), pct(t.Level))
}
