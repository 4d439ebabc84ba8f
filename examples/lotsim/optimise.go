package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/optimise"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"gopkg.in/yaml.v3"
)

const optimiseSynopsis = `optimise [flags] FILE [--goal split|money] [--require RISK=LEVEL,... | --max-miss-chance 10%] [--step £5k|1fte] [--fix LOT]... [--set PATH=VALUE]... [--funder NAME] [--allow-stretch] [--out PLAN.yaml]

Every target counts: the share of people referred to a lot at a risk level who
start within the lot's wait_targets, in each contract year, must reach its
wait_target_level (90% unless the scenario says), or the levels --require gives
(high=95%,medium=90%,standard=90%). A target counts as met when the cautious end
of its interval reaches the level; with --max-miss-chance, when the chance that
a contract year misses the level is at most the percentage given.

--goal split (the default) finds the split of today's pool across lots that
meets every target; where none does, the one that misses by least, and which
lot runs short first, and when. --out writes that plan as a scenario that run
and compare take. --goal money finds, year by year, the least money each lot
needs, and so the extra money a year beyond today's (asked of --funder, if
named). Money moves between the lots with wait targets whose capacity it buys
(caseworkers with a cost per FTE, beds with a cost per bed, groups with a
facilitator cost), in steps of --step; --fix keeps a lot's money as it is.
--set changes a value first (PATH=VALUE, as sweep writes paths). The method and
its guarantee are stated in the output.`

func runOptimise(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("optimise", optimiseSynopsis, stderr)
	var f simFlags
	f.registerShared(fs)
	var fix, set multiFlag
	goal := fs.String("goal", "split", "what to find: `split` (of today's pool across lots) or money (the least extra money a year)")
	perYear := fs.Bool("per-year", false, "with --goal split, split each contract year's money on its own, years in order")
	funder := fs.String("funder", "", "with --goal money, the `funder` the extra money is asked of (words only)")
	missChance := fs.String("max-miss-chance", "", "judge each target by the chance a contract year misses it, at most this `percent` (e.g. 10%), instead of by its share")
	require := fs.String("require", "", "the share each risk level must see within target, e.g. `high=95%,standard=90%` (default: each lot's wait_target_level)")
	step := fs.String("step", "£5k", "the `money` moved between lots at a time, or whole FTE such as 1fte (one FTE's cost in the first contract year, the same in every lot that moves)")
	fs.Var(&fix, "fix", "keep this `LOT`'s money as it is (repeatable)")
	fs.Var(&set, "set", "change a value of the scenario first, `PATH=VALUE` (or +=, *=) as sweep's --vary writes paths (repeatable); e.g. 'funders[Essex PFCC (Victims Fund)].annual.amount=0'")
	maxReps := fs.Int("max-replications", 160, "replications at most `n` for a plan in the selection; the first stage is 10, then doubling")
	allowStretch := fs.Bool("allow-stretch", false, "plan with caseloads that stretch (service.caseworkers.stretch) as written; by default every lot is planned with its normal caseload as a hard cap")
	out := fs.String("out", "", "also write the chosen plan as a runnable scenario to `PLAN.yaml`")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "lotsim optimise: name exactly one scenario file, e.g. lotsim optimise scenarios/essex-2025.yaml")
		return exitInvalid
	}
	opt := optimise.Options{PerYear: *perYear, Fix: fix, Seed: f.seed, Workers: f.workers, MaxMemory: f.maxMemory, MaxReplications: *maxReps, Funder: *funder, AllowStretch: *allowStretch}
	switch *goal {
	case "split":
	case "money":
		opt.Goal = optimise.Money
	default:
		fmt.Fprintf(stderr, "lotsim optimise: --goal %q: want split or money\n", *goal)
		return exitInvalid
	}
	if n, ok := strings.CutSuffix(strings.ToLower(strings.TrimSpace(*step)), "fte"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		if err != nil || !(v > 0 && v <= 1000) {
			fmt.Fprintf(stderr, "lotsim optimise: --step %q: want money such as £5k, or FTE such as 1fte or 0.5fte (above 0, at most 1,000)\n", *step)
			return exitInvalid
		}
		opt.StepFTE = v
	} else if opt.Step, err = funding.ParseMoney(*step); err != nil {
		fmt.Fprintf(stderr, "lotsim optimise: --step: %v\n", err)
		return exitInvalid
	}
	if *missChance != "" {
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(*missChance), "%"), 64)
		if err != nil || !strings.HasSuffix(strings.TrimSpace(*missChance), "%") || !(v > 0 && v < 50) {
			fmt.Fprintf(stderr, "lotsim optimise: --max-miss-chance %q: want a percentage above 0%% and below 50%%, such as 10%%\n", *missChance)
			return exitInvalid
		}
		opt.MaxMissChance = v / 100
	}
	if opt.Require, err = parseRequire(*require); err != nil {
		fmt.Fprintf(stderr, "lotsim optimise: --require: %v\n", err)
		return exitInvalid
	}
	if f.horizon != "" {
		h, err := parseHorizon(f.horizon)
		if err != nil {
			fmt.Fprintf(stderr, "lotsim optimise: --horizon: %v\n", err)
			return exitInvalid
		}
		opt.Horizon = &h
	}
	s, ok := loadScenario("optimise", files[0], stderr)
	if !ok {
		return exitInvalid
	}
	if len(set) > 0 {
		if s, ok = setValues(s, set, stderr); !ok {
			return exitInvalid
		}
	}
	bar := newProgress(stderr, f.quiet, "Optimising "+files[0], "replications")
	opt.Progress = func(stage string, done int) { bar.count(done, stage) }
	r, err := lotsim.Optimise(interrupt, s, opt)
	bar.finish()
	if err != nil {
		if errors.Is(err, optimise.ErrOptions) || errors.Is(err, optimise.ErrNothingToMove) || errors.Is(err, optimise.ErrNoTargets) {
			fmt.Fprintf(stderr, "lotsim optimise: %v\n", err)
			return exitInvalid
		}
		return simExit("optimise", err, stderr)
	}
	p := provenance(nil, s)
	p.Seed, p.Replications = r.Seed, r.Replications
	r.Date = p.Date.Format("2006-01-02")
	r.Set = set
	if *out != "" {
		write := writePlan
		if opt.Goal == optimise.Money || opt.PerYear {
			write = func(path string, s *scenario.Scenario, r *report.Optimise) error {
				return writeMoneyPlan(path, s, r, opt.Horizon)
			}
		}
		if err := write(*out, s, r); err != nil {
			fmt.Fprintf(stderr, "lotsim optimise: --out: %v\n", err)
			return exitFailure
		}
	}
	budget, err := lotsim.Budget(s)
	if err != nil {
		fmt.Fprintf(stderr, "lotsim optimise: %v\n", err)
		return exitInvalid
	}
	doc := optimiseDocument(r, p)
	money := moneySection(budget)
	money.Heading = "Today's money and capacity"
	doc.Sections = slices.Insert(doc.Sections, len(doc.Sections)-2, money)
	return f.write("optimise", output{doc: doc, json: r, csv: func(w io.Writer, p *render.Provenance) error {
		t := optimiseTable(r)
		return t.WriteCSV(w, p)
	}}, stdout, stderr)
}

// setValues returns s with the --set overrides applied, validated as a
// file is, or reports why not.
func setValues(s *scenario.Scenario, set []string, stderr io.Writer) (*scenario.Scenario, bool) {
	var ovs []scenario.Override
	for _, v := range set {
		o, err := scenario.ParseOverride(v)
		if err != nil {
			fmt.Fprintf(stderr, "lotsim optimise: --set: %v\n", err)
			return nil, false
		}
		ovs = append(ovs, o)
	}
	changed, err := scenario.ApplyOverrides(s.File, s.Source(), ovs...)
	if err == nil {
		err = changed.Validate()
	}
	if err != nil {
		fmt.Fprintf(stderr, "lotsim optimise: --set: %s is not a valid scenario with %s:\n%s\n", s.File, strings.Join(set, ", "), indent(err.Error()))
		return nil, false
	}
	return changed, true
}

// parseRequire reads --require: risk=level pairs, comma separated.
func parseRequire(s string) (map[lotting.Risk]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[lotting.Risk]float64{}
	for _, part := range strings.Split(s, ",") {
		name, level, ok := strings.Cut(strings.TrimSpace(part), "=")
		rk, err := lotting.ParseRisk(strings.TrimSpace(name))
		if !ok || err != nil {
			return nil, fmt.Errorf("%q: want RISK=LEVEL with RISK high, medium or standard, such as standard=90%%", part)
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(level), "%"), 64)
		if err != nil || !strings.HasSuffix(strings.TrimSpace(level), "%") || !(v > 0 && v < 100) {
			return nil, fmt.Errorf("%q: want a level above 0%% and below 100%%, such as 90%%", part)
		}
		out[rk] = v / 100
	}
	return out, nil
}

// writePlan writes the scenario with the plan's allocation: each moved
// lot's percentage of the pool, as the plan gives it.
func writePlan(path string, s *scenario.Scenario, r *report.Optimise) error {
	data := s.Source()
	if data == nil {
		return errors.New("the scenario has no file to rewrite")
	}
	ovs := []scenario.Override{{Path: "name", Op: scenario.Set, Value: strconv.Quote(s.Name + " (lotsim optimise: split)")}}
	for _, l := range r.Plan.Lots {
		if l.Moved && !r.Plan.Today {
			ovs = append(ovs, scenario.Override{Path: "lots[" + l.Name + "].allocation", Op: scenario.Set, Value: "{percent: " + l.Percent + "%}"})
		}
	}
	out, err := scenario.Rewrite(s.File, data, ovs...)
	if err != nil {
		return err
	}
	if _, err := scenario.Parse(path, out); err != nil {
		return fmt.Errorf("the plan does not read back as a scenario: %w", err)
	}
	return render.WriteFileAtomic(path, out)
}

// writeMoneyPlan writes the scenario with the money goal's plan (or a
// split per year, which has no extra money): the extra
// money each year as a new funder, and every lot's money each year as
// allocation_by_year (the moved lots' least money, the others' today's),
// so that the enlarged pool pays exactly the plan.
func writeMoneyPlan(path string, s *scenario.Scenario, r *report.Optimise, h *scenario.Horizon) error {
	data := s.Source()
	if data == nil {
		return errors.New("the scenario has no file to rewrite")
	}
	horizon := s.Simulation.Horizon
	if h != nil {
		horizon = *h
	}
	b, err := s.Build(horizon)
	if err != nil {
		return err
	}
	var years []funding.FinancialYear
	for _, y := range b.Years {
		years = append(years, funding.FinancialYearOf(y.Start))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return fmt.Errorf("the scenario file does not read as YAML: %v", err)
	}
	name := "Extra money (lotsim optimise)"
	if r.Funder != "" {
		name = "Extra money asked of " + r.Funder + " (lotsim optimise)"
	}
	var extra strings.Builder
	fmt.Fprintf(&extra, "name: %s\nsource: the least extra money a year lotsim optimise --goal money found\ncontributions:\n", strconv.Quote(name))
	hasExtra := false
	for k, m := range r.ExtraMoney {
		if m.Sign() > 0 && k < len(years) {
			fmt.Fprintf(&extra, "  - {year: %s, amount: %s}\n", years[k], strconv.Quote(m.Decimal().String()))
			hasExtra = true
		}
	}
	if hasExtra {
		var funder yaml.Node
		if err := yaml.Unmarshal([]byte(extra.String()), &funder); err != nil {
			return err
		}
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "funders" && root.Content[i+1].Kind == yaml.SequenceNode {
				root.Content[i+1].Content = append(root.Content[i+1].Content, funder.Content[0])
			}
		}
	}
	var buf strings.Builder
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	what := "money"
	if r.PerYear {
		what = "split by year"
	}
	ovs := []scenario.Override{{Path: "name", Op: scenario.Set, Value: strconv.Quote(s.Name + " (lotsim optimise: " + what + ")")}}
	for i, l := range s.Structure.Lots {
		var parts []string
		for k, fy := range years {
			var money funding.Money
			if pl := r.Plan.Lots[i]; len(pl.MoneyByYear) > k {
				money = pl.MoneyByYear[k]
			} else {
				alloc, err := s.LotFunding(fy)
				if err != nil {
					return err
				}
				money = alloc.Parts[i]
			}
			parts = append(parts, fmt.Sprintf("%s: %s", fy, strconv.Quote(money.Decimal().String())))
		}
		ovs = append(ovs, scenario.Override{Path: "lots[" + l.Name + "].allocation_by_year", Op: scenario.Set, Value: "{" + strings.Join(parts, ", ") + "}"})
	}
	out, err := scenario.Rewrite(s.File, []byte(buf.String()), ovs...)
	if err != nil {
		return err
	}
	if _, err := scenario.Parse(path, out); err != nil {
		return fmt.Errorf("the plan does not read back as a scenario: %w", err)
	}
	return render.WriteFileAtomic(path, out)
}

// optimiseDocument lays out an optimisation.
func optimiseDocument(r *report.Optimise, p render.Provenance) *render.Document {
	doc := &render.Document{Title: "Optimise: " + r.Scenario, Provenance: p}
	answer := []render.Block{render.Paragraph(r.Summary)}
	if len(r.Set) > 0 {
		answer = append([]render.Block{render.Paragraph("The scenario's values were changed first: " + strings.Join(r.Set, "; ") + ". Every figure here is of the changed scenario.")}, answer...)
	}
	switch {
	case r.Goal == "money":
		answer = append(answer, moneyTable(r))
	case r.PerYear:
		answer = append(answer, perYearTable(r))
	}
	money := render.Table{Title: "Today's split and the plan, " + firstYear(r),
		Columns: []render.Column{textCol("lot"), numCol("today"), numCol("today's share"), numCol("plan"), numCol("plan's share"), numCol("change"), numCol("FTE today"), numCol("FTE in plan")}}
	units := slices.ContainsFunc(r.Plan.Lots, func(l report.PlanLot) bool { return l.Beds != nil || l.Groups != nil })
	if units {
		money.Columns = append(money.Columns, numCol("beds or groups today"), numCol("in plan"))
	}
	chart := render.BarChart{Title: "Money by lot, " + firstYear(r), YLabel: "£ in the first contract year (cash)",
		Desc: "Each lot's money today and in the plan, in the first contract year."}
	todayVals, planVals := []float64{}, []float64{}
	for i, l := range r.Plan.Lots {
		c := r.Current.Lots[i]
		name := l.Name
		if !l.Moved {
			name += " (kept)"
		}
		cells := []render.Cell{render.Str(name), render.Money(c.Money), render.Str(shareText(c.Percent)), render.Money(l.Money), render.Str(shareText(l.Percent)),
			render.Money(l.Money.Sub(c.Money)), render.Number(c.FTE, 1), render.Number(l.FTE, 1)}
		if units {
			cells = append(cells, unitsCell(c), unitsCell(l))
		}
		money.AddRow(cells...)
		chart.Categories = append(chart.Categories, l.Name)
		todayVals = append(todayVals, c.Money.Float64())
		planVals = append(planVals, l.Money.Float64())
	}
	chart.Series = []render.Series{{Name: "today", Values: todayVals}, {Name: "plan", Values: planVals}}
	answer = append(answer, money, chart)
	doc.Sections = append(doc.Sections, render.Section{Heading: "The answer", Blocks: answer})
	doc.Sections = append(doc.Sections, render.Section{Heading: "Targets, today and in the plan", Blocks: []render.Block{
		render.Paragraph(targetsIntro(r)),
		optimiseTable(r)}})
	if len(r.Frontier) > 0 {
		doc.Sections = append(doc.Sections, render.Section{Heading: "Money against the chance of meeting every target", Blocks: frontierBlocks(r)})
	}
	if len(r.RunnersUp) > 0 {
		t := render.Table{Title: "Runners-up (on the search's replications)", Columns: []render.Column{textCol("plan")}}
		for _, l := range r.Plan.Lots {
			if l.Moved {
				t.Columns = append(t.Columns, numCol(l.Name))
			}
		}
		t.Columns = append(t.Columns, numCol("largest shortfall"), textCol("meets every target"))
		for k, pl := range r.RunnersUp {
			cells := []render.Cell{render.Str(strconv.Itoa(k + 2))}
			for _, l := range pl.Lots {
				if l.Moved {
					cells = append(cells, render.Money(l.Money))
				}
			}
			cells = append(cells, render.Str(pointsText(float64(pl.WorstShortfall))), render.Str(yesNo(pl.Feasible)))
			t.AddRow(cells...)
		}
		doc.Sections = append(doc.Sections, render.Section{Heading: "Runners-up", Blocks: []render.Block{t}})
	}
	doc.Sections = append(doc.Sections, render.Section{Heading: "How the plan was found", Blocks: []render.Block{render.Findings(r.Method)}})
	doc.Sections = append(doc.Sections, render.Section{Heading: "Limitations", Blocks: []render.Block{render.Findings(r.Limitations)}})
	return doc
}

// frontierBlocks are the frontier's chart and table.
func frontierBlocks(r *report.Optimise) []render.Block {
	intro := render.Paragraph(fmt.Sprintf("Each row gives the moved lots the plan's money scaled up or down (the first contract year's total shown) and says how often a replication met every one of their targets in every contract year, with a 95%% interval; %d replications each, on the same random numbers.", r.Frontier[0].Chance.Trials))
	chart := render.IntervalChart{Title: "Chance of meeting every target, by money", XLabel: "chance a replication meets every target (%)", Decimals: 0, Levels: true,
		Desc: "Each row is the plan's money for the moved lots scaled by the factor given; the dot is the share of replications that met every target, the bar its 95% interval."}
	t := render.Table{Title: "Money and the chance of meeting every target", Columns: []render.Column{textCol("money"), numCol(firstYear(r)), numCol("chance"), numCol("95% interval")}}
	for _, pt := range r.Frontier {
		label := fmt.Sprintf("×%.2f of the plan", pt.Scale)
		chart.Items = append(chart.Items, render.IntervalItem{Label: fmt.Sprintf("%s (%s)", label, pt.Money), Estimate: 100 * float64(pt.Chance.Estimate), Lo: 100 * float64(pt.Chance.Lo), Hi: 100 * float64(pt.Chance.Hi)})
		t.AddRow(render.Str(label), render.Money(pt.Money), render.Percent(float64(pt.Chance.Estimate), 0),
			render.Str(fmt.Sprintf("%s to %s", render.Percent(float64(pt.Chance.Lo), 0).Text, render.Percent(float64(pt.Chance.Hi), 0).Text)))
	}
	return []render.Block{intro, chart, t}
}

// unitsCell is a lot's beds or groups, blank if it has neither.
func unitsCell(l report.PlanLot) render.Cell {
	switch {
	case l.Beds != nil:
		return render.Str(fmt.Sprintf("%d beds", *l.Beds))
	case l.Groups != nil:
		return render.Str(fmt.Sprintf("%d groups", *l.Groups))
	}
	return render.Str("")
}

// perYearTable is a split per contract year: each moved lot's money by year.
func perYearTable(r *report.Optimise) render.Table {
	t := render.Table{Title: "The split by contract year", Columns: []render.Column{textCol("year")}}
	var moved []report.PlanLot
	for _, l := range r.Plan.Lots {
		if len(l.MoneyByYear) > 0 {
			moved = append(moved, l)
			t.Columns = append(t.Columns, numCol(l.Name))
		}
	}
	for k, y := range r.Years {
		cells := []render.Cell{render.Str(y)}
		for _, l := range moved {
			if k < len(l.MoneyByYear) {
				cells = append(cells, render.Money(l.MoneyByYear[k]))
			} else {
				cells = append(cells, render.Str(""))
			}
		}
		t.AddRow(cells...)
	}
	return t
}

// moneyTable is the money goal's answer by contract year.
func moneyTable(r *report.Optimise) render.Table {
	t := render.Table{Title: "Money the lots need, by contract year", Columns: []render.Column{textCol("year"), numCol("needed"), numCol("today"), numCol("extra")}}
	var moved []report.PlanLot
	for _, l := range r.Plan.Lots {
		if len(l.MoneyByYear) > 0 {
			moved = append(moved, l)
			t.Columns = append(t.Columns, numCol(l.Name))
		}
	}
	for k, y := range r.Years {
		if k >= len(r.NeededMoney) {
			break
		}
		cells := []render.Cell{render.Str(y), render.Money(r.NeededMoney[k]), render.Money(r.TodayMoney[k]), render.Money(r.ExtraMoney[k])}
		for _, l := range moved {
			cells = append(cells, render.Money(l.MoneyByYear[k]))
		}
		t.AddRow(cells...)
	}
	t.Notes = []string{"needed is the least the moved lots need that year for every target; extra is what that is beyond today's money, 0 where today's is enough."}
	return t
}

// targetsIntro says how to read the targets table under the criterion.
func targetsIntro(r *report.Optimise) string {
	s := "Each row is one target: the share of the people referred to the lot at that risk level in that contract year who started within the target wait. " +
		"The shares are means over replications on fresh random numbers with 95% intervals; \"years reaching the level\" is the share of replications in which that year's share reached it. "
	if r.Criterion == "miss_chance" {
		return s + fmt.Sprintf("A target is judged by the chance that its year misses the level, at most %s: \"judged, at least\" is the cautious end of the chance that the year reaches it (an exact binomial bound), which must reach %s, corrected for every target judged together.",
			pct1(r.MaxMissChance), pct1(1-r.MaxMissChance))
	}
	return s + "\"Judged, at least\" is the cautious end of the share, judged against the level, corrected for every target judged together."
}

// optimiseTable is the targets, today and in the plan.
func optimiseTable(r *report.Optimise) render.Table {
	t := render.Table{Title: "Share of referred people seen within target",
		Columns: []render.Column{textCol("lot"), textCol("year"), textCol("risk"), numCol("target (days)"), numCol("level"),
			numCol("today"), numCol("plan"), numCol("plan 95% interval"), numCol("years reaching the level, plan"), numCol("judged, at least"), textCol("met")}}
	for i, l := range r.Plan.Lots {
		for k, pt := range l.Targets {
			today := r.Current.Lots[i].Targets[k]
			t.AddRow(render.Str(l.Name), render.Str(pt.Year), render.Str(pt.Risk), render.Number(pt.Days, 0), render.Percent(pt.Level, 0),
				render.Percent(float64(today.Share.Mean), 1), render.Percent(float64(pt.Share.Mean), 1),
				render.Str(fmt.Sprintf("%s to %s", pct1(float64(pt.Share.Lo)), pct1(float64(pt.Share.Hi)))),
				render.Percent(float64(pt.Chance.Estimate), 0), render.Percent(float64(pt.LowerBound), 1), render.Str(yesNo(pt.Meets)))
		}
	}
	return t
}

func firstYear(r *report.Optimise) string {
	if len(r.Years) == 0 {
		return "the first contract year"
	}
	return r.Years[0]
}

func shareText(pct string) string {
	v, err := strconv.ParseFloat(pct, 64)
	if err != nil {
		return ""
	}
	return pct1(v / 100)
}

func pct1(v float64) string { return render.Percent(v, 1).Text }

// pointsText is a shortfall in percentage points; a margin when negative.
func pointsText(v float64) string {
	if v <= 0 {
		return fmt.Sprintf("none (margin %.1f points)", -v*100)
	}
	return fmt.Sprintf("%.1f points", v*100)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
