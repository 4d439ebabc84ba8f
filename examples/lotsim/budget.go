package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

func runBudget(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("budget", "budget [--format text|markdown|json|csv] FILE", stderr)
	out := simFormat("text")
	fs.Var(&out, "format", "output `format`: text, markdown, json or csv")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "lotsim budget: name exactly one scenario file, e.g. lotsim budget scenarios/essex-2025.yaml")
		return exitInvalid
	}
	s, ok := loadScenario("budget", files[0], stderr)
	if !ok {
		return exitInvalid
	}
	r, err := lotsim.Budget(s)
	if err != nil {
		fmt.Fprintf(stderr, "lotsim budget: %s: %v\n", files[0], err)
		return exitInvalid
	}
	switch out {
	case "json":
		err = writeJSON(stdout, r)
	case "csv":
		err = writeBudgetCSV(stdout, r)
	default:
		err = printBudget(stdout, r, out == "markdown")
	}
	if err != nil {
		fmt.Fprintf(stderr, "lotsim budget: writing output: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// printBudget writes the report as tables for a person: aligned text
// within render.TextWidth columns, or markdown (headings and pipe tables)
// to paste into a committee paper.
func printBudget(w io.Writer, r *report.Budget, markdown bool) error {
	p := &printer{w: w, markdown: markdown}
	p.title(r.Scenario)
	p.lines("Scenario file: "+r.File, "Scenario SHA-256: "+r.SHA256)
	p.para(fmt.Sprintf("Money in cash and in real terms at %s prices. Shares are of each year's pool.", r.BaseYear))

	if len(r.Findings) > 0 {
		p.section("Figures that do not reconcile")
		p.bullets(findingItems(r.Findings))
	}

	p.section("Funders")
	t := p.table(textCol("funder"), textCol("status"), textCol("years"), moneyCol("a year (cash)"), percentCol("share"))
	for _, f := range r.Funders {
		name := f.Name
		if f.Lead {
			name += " (lead)"
		}
		for _, sp := range runsOf(len(f.Years), func(i int) string {
			return f.Years[i].Cash.Exact() + "|" + f.Years[i].Percent
		}) {
			y := f.Years[sp.first]
			t.row(name, f.Status, yearSpan(f.Years[sp.first].Year, f.Years[sp.last].Year), y.Cash.String(), y.Percent+"%")
			name = ""
		}
	}
	t.flush()

	p.section("Pool by year")
	t = p.table(textCol("year"), moneyCol("cash"), moneyCol("real"), moneyCol("at risk"), moneyCol("unallocated"),
		numCol("expected referrals"), moneyCol("per referral (cash)"), moneyCol("per referral (real)"))
	for _, y := range r.Pool {
		t.row(y.Year.String(), y.Cash.String(), y.Real.String(), y.AtRisk.String(), y.Unallocated.String(),
			render.Number(y.ExpectedReferrals, 0).Text, y.PerReferralCash.String(), y.PerReferralReal.String())
	}
	t.flush()

	p.section("Allocation to lots")
	t = p.table(textCol("lot"), textCol("allocation"), textCol("years"),
		moneyCol("a year (cash)"), moneyCol("real, first year"), moneyCol("real, last year"))
	kinds := map[string]string{}
	for _, l := range r.Lots {
		kinds[l.Name] = kindWords(l.Kind)
		name, rule := l.Name, l.Rule
		for _, sp := range runsOf(len(l.Years), func(i int) string { return l.Years[i].Cash.Exact() }) {
			first, last := l.Years[sp.first], l.Years[sp.last]
			t.row(name, rule, yearSpan(first.Year, last.Year), first.Cash.String(), first.Real.String(), last.Real.String())
			name, rule = "", ""
		}
	}
	t.flush()

	printEarmarks(p, r)

	for _, c := range r.Contracts {
		p.section("Contract: " + c.Name)
		var named []string
		for _, l := range c.Lots {
			named = append(named, fmt.Sprintf("%s (%s)", l, kinds[l]))
		}
		lots := strings.Join(named, ", ")
		if lots == "" {
			lots = "none in this scenario (the contract's value is £0)"
		}
		p.para(fmt.Sprintf("Lots: %s. Uplift: %s.", lots, c.Uplift))
		p.para(fmt.Sprintf("Starts %s; initial term ends %s; ends %s with the extensions taken, %s with every extension.",
			c.Start, c.InitialEnd, c.End, c.MaxEnd))
		if !c.ProcureBy.IsZero() {
			p.para(fmt.Sprintf("Re-procurement must start by %s.", c.ProcureBy))
		}
		p.para(fmt.Sprintf("Annual value %s, the lots' allocation in %s.", c.Annual, c.AnnualYear))
		t = p.table(numCol("year"), textCol("period"), textCol("from"), textCol("to"), numCol("fraction"), moneyCol("cash"), moneyCol("real"))
		for _, y := range c.Years {
			t.row(strconv.Itoa(y.Index), y.Period, y.Start.String(), y.End.String(), y.Fraction, y.Cash.String(), y.Real.String())
		}
		t.flush()
		t = p.table(textCol("total contract value"), moneyCol("cash"), moneyCol("real"))
		t.row("initial term", c.InitialCash.String(), c.InitialReal.String())
		t.row("with the extensions taken", c.TakenCash.String(), c.TakenReal.String())
		t.row("maximum term", c.MaxCash.String(), c.MaxReal.String())
		t.flush()
	}

	for _, cy := range capacityYearsToShow(r.Capacity) {
		p.section(fmt.Sprintf("Capacity against expected demand, %s (costs at %.4f times base prices)", cy.Year, cy.CostIndex))
		stretch := stretches(cy)
		cols := []render.Column{textCol("lot"), numCol("FTE"), numCol("cases a year"), numCol("expected demand"),
			percentCol("demand as a share of capacity"), moneyCol("cost per case"), textCol("keeps up?")}
		if stretch {
			cols = slices.Insert(cols, 3, numCol("stretched maximum, cases a year"))
		}
		t = p.table(cols...)
		var notes []string
		for _, l := range cy.Lots {
			keeps := "yes"
			if l.OverCapacity {
				keeps = "NO"
			}
			fte := ""
			if l.FTE > 0 {
				fte = render.Number(l.FTE, 1).Text
			}
			row := []string{l.Lot, fte, render.Number(l.CasesPerYear, 0).Text, render.Number(l.ExpectedDemand, 0).Text,
				render.Percent(l.DemandShareOfCapacity, 1).Text, l.CostPerCase.String(), keeps}
			if stretch {
				row = slices.Insert(row, 3, stretchedCases(l))
			}
			t.row(row...)
			if l.Note != "" {
				notes = append(notes, l.Lot+": "+l.Note)
			}
		}
		t.flush()
		if stretch {
			p.para("Note: " + stretchNote)
		}
		for _, n := range notes {
			p.para("Note: " + n)
		}
		printBuys(p, cy, cy.Year == r.Capacity[0].Year)
	}
	if len(r.Capacity) > 2 {
		p.para("(Capacity is shown for the first and last years; --format json gives every year.)")
	}
	return p.err
}

// printEarmarks writes the money funders tie to lots and areas, when any
// does (earmarkBlocks), as a section of the budget.
func printEarmarks(p *printer, r *report.Budget) {
	blocks := earmarkBlocks(r)
	if len(blocks) == 0 {
		return
	}
	p.section("Earmarked money")
	for _, b := range blocks {
		switch b := b.(type) {
		case render.Paragraph:
			p.para(string(b))
		case render.Table:
			(&table{p: p, t: b}).flush()
		}
	}
}

// earmarkBlocks are the paragraphs and tables that show earmarked money,
// for the budget and for any HTML report that shows a budget: each lot's
// money split into its earmarked part, by funder, and the general rest;
// the pool's; and each area earmarked with the lots covering it. None when
// no funder earmarks money.
func earmarkBlocks(r *report.Budget) []render.Block {
	any := len(r.AreaEarmarks) > 0
	for _, y := range r.Pool {
		any = any || y.Earmarked.Sign() > 0
	}
	if !any {
		return nil
	}
	blocks := []render.Block{render.Paragraph("Money a funder ties to a lot or an area counts toward the lot's allocation; the lot's money is never " +
		"less than its earmarks, and the rest is general money. Earmarked and general money add up to the " +
		"allocation, and to the pool, to the penny.")}
	t := render.Table{Columns: []render.Column{textCol("lot, and who earmarks"), textCol("years"), moneyCol("earmarked"), moneyCol("general"), moneyCol("allocation")}}
	row := func(cells ...string) { t.AddRow(strs(cells...)...) }
	for _, l := range r.Lots {
		for _, sp := range runsOf(len(l.Years), func(i int) string { return earmarkKey(l.Years[i]) }) {
			y, last := l.Years[sp.first], l.Years[sp.last]
			if len(y.Earmarked) == 0 {
				continue
			}
			row(l.Name, yearSpan(y.Year, last.Year), y.Cash.Sub(y.General).String(), y.General.String(), y.Cash.String())
			for _, f := range y.Earmarked {
				row("from "+f.Funder, "", f.Cash.String(), "", "")
			}
		}
	}
	for _, sp := range runsOf(len(r.Pool), func(i int) string { return r.Pool[i].Earmarked.Exact() + "|" + r.Pool[i].General.Exact() }) {
		y, last := r.Pool[sp.first], r.Pool[sp.last]
		row("the pool", yearSpan(y.Year, last.Year), y.Earmarked.String(), y.General.String(), y.Cash.String())
	}
	blocks = append(blocks, t)
	if len(r.AreaEarmarks) == 0 {
		return blocks
	}
	blocks = append(blocks, render.Paragraph("Money earmarked to an area is a floor on the money of the lots covering it (the money earmarked to the area "+
		"and to those lots); a lot covering several areas counts toward each. It buys money, not priority: referrals "+
		"from the area are served as any other."))
	t = render.Table{Columns: []render.Column{textCol("area"), textCol("year"), textCol("earmarked by"), moneyCol("earmarked"), textCol("lots covering it"), moneyCol("required"), moneyCol("their allocation")}}
	for _, a := range r.AreaEarmarks {
		lots := strings.Join(a.Lots, ", ")
		for k, f := range a.Earmarked {
			req, alloc := "", ""
			if k == 0 {
				req, alloc = a.Required.String(), a.Allocation.String()
			}
			t.AddRow(strs(a.Area, a.Year.String(), f.Funder, f.Cash.String(), lots, req, alloc)...)
			lots = ""
		}
	}
	return append(blocks, t)
}

// earmarkKey identifies a lot's year by its money and earmarks, so that
// equal years share a line.
func earmarkKey(y report.YearMoney) string {
	k := y.Cash.Exact() + "|" + y.General.Exact()
	for _, f := range y.Earmarked {
		k += "|" + f.Funder + "=" + f.Cash.Exact()
	}
	return k
}

// printBuys writes what each lot's money buys in a year: the on-cost
// taken off the top, the frontline money left, and the caseworker FTE,
// beds, groups or front-door seats it pays for at the year's unit cost, or
// the fixed count that money does not move. first adds the explanation.
func printBuys(p *printer, cy report.CapacityYear, first bool) {
	t := p.table(textCol("lot"), moneyCol("on-cost"), moneyCol("frontline money"), textCol("capacity"), textCol("cost of one"))
	for _, l := range cy.Lots {
		what, one := buysText(l)
		if what == "" {
			continue
		}
		if l.FromMoney {
			what += ", bought"
		} else {
			what += ", fixed"
		}
		t.row(l.Lot, l.OnCost.String(), l.Frontline.String(), what, one)
	}
	if len(t.t.Rows) == 0 {
		return
	}
	msg := fmt.Sprintf("What the money buys, %s.", cy.Year)
	if first {
		msg += " The on-cost (management and overheads) comes off the top of a lot's money; the frontline money " +
			"left buys capacity at the year's prices, floored to whole beds, groups and seats. A fixed count is a " +
			"constraint money does not move. The simulation staffs front-door seats around the clock and keeps the " +
			"first contract year's seats for the whole run."
	}
	p.para(msg)
	t.flush()
}

// buysText describes a lot's capacity ("7 beds", "3 seats, 15.9 FTE") and
// the cost of one unit ("£2,500.00 a bed"); both empty when the lot has
// none to show.
func buysText(l report.LotCapacity) (what, one string) {
	per := map[string]string{"caseworker FTE": "an FTE", "bed": "a bed", "group": "a group", "handler seat": "a seat"}[l.Unit]
	if l.Unit != "" {
		one = l.UnitCost.String() + " " + per
	}
	switch {
	case l.Handlers > 0 || l.Unit == "handler seat":
		what = fmt.Sprintf("%s (%s FTE)", plural(l.Handlers, "seat"), render.Number(l.HandlerFTE, 1).Text)
	case l.Beds > 0 || l.Unit == "bed":
		what = plural(l.Beds, "bed")
	case l.Groups > 0 || l.Unit == "group":
		what = plural(l.Groups, "group") + " at once"
	case l.Unit == "caseworker FTE":
		what = render.Number(l.FTE, 1).Text + " FTE"
	}
	return what, one
}

// kindWords writes a lot's kind ("community_victim_support") in words.
func kindWords(kind string) string { return strings.ReplaceAll(kind, "_", " ") }

func moneyCol(h string) render.Column   { return render.Column{Header: h, Kind: render.KindMoney} }
func percentCol(h string) render.Column { return render.Column{Header: h, Kind: render.KindPercent} }

// capacityYearsToShow picks the first and last years, which is where a
// flat cash budget shows what inflation and growth did to it.
func capacityYearsToShow(all []report.CapacityYear) []report.CapacityYear {
	if len(all) <= 2 {
		return all
	}
	return []report.CapacityYear{all[0], all[len(all)-1]}
}

// span is a stretch of equal consecutive values, first and last included.
type span struct{ first, last int }

// runsOf groups indexes 0..n-1 into runs with equal keys, so that a funder
// paying the same every year takes one line, not nine.
func runsOf(n int, key func(int) string) []span {
	var runs []span
	for i := 0; i < n; i++ {
		if len(runs) > 0 && key(i) == key(runs[len(runs)-1].last) {
			runs[len(runs)-1].last = i
			continue
		}
		runs = append(runs, span{i, i})
	}
	return runs
}

func yearSpan(first, last funding.FinancialYear) string {
	if first == last {
		return first.String()
	}
	return first.String() + "–" + last.String()
}

// printer writes sections of a text or markdown report, keeping the first
// error. Blocks (paragraphs, lists, tables) are separated by one blank
// line.
type printer struct {
	w        io.Writer
	markdown bool
	err      error
	started  bool // something has been written: the next block needs a gap
}

func (p *printer) write(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

// gap separates the next block from the last.
func (p *printer) gap() {
	if p.started {
		p.write("\n")
	}
	p.started = true
}

func (p *printer) title(s string) {
	p.gap()
	if p.markdown {
		p.write("# " + markdownText(s) + "\n")
		return
	}
	p.write(s + "\n" + strings.Repeat("=", len([]rune(s))) + "\n")
}

// lines writes lines as they are, as one block.
func (p *printer) lines(ls ...string) {
	p.gap()
	for i, l := range ls {
		l = strings.TrimRight(l, " ")
		if p.markdown {
			l = markdownText(l)
			if i < len(ls)-1 {
				l += "  " // a hard line break
			}
		}
		p.write(l + "\n")
	}
}

// para writes a paragraph, wrapped to render.ProseWidth in text.
func (p *printer) para(s string) {
	p.gap()
	if p.markdown {
		p.write(markdownText(s) + "\n")
		return
	}
	for _, l := range render.Wrap(s, render.ProseWidth) {
		p.write(l + "\n")
	}
}

// bullets writes a list, each item wrapped under its dash in text.
func (p *printer) bullets(items []string) {
	p.gap()
	for _, it := range items {
		if p.markdown {
			p.write("- " + markdownText(it) + "\n")
			continue
		}
		for k, l := range render.Wrap(it, render.ProseWidth-2) {
			lead := "  "
			if k == 0 {
				lead = "- "
			}
			p.write(lead + l + "\n")
		}
	}
}

func (p *printer) section(title string) {
	p.gap()
	if p.markdown {
		p.write("## " + markdownText(title) + "\n")
		return
	}
	p.write(title + "\n" + strings.Repeat("-", len([]rune(title))) + "\n")
}

// markdownText escapes the characters markdown would read as markup in
// the budget's prose: the names come from scenario files.
var markdownText = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `|`, `\|`).Replace

// table collects the rows of a render.Table, written by flush: aligned
// text within render.TextWidth, or a markdown pipe table.
type table struct {
	p *printer
	t render.Table
}

func (p *printer) table(cols ...render.Column) *table {
	return &table{p: p, t: render.Table{Columns: cols}}
}

func (t *table) row(cells ...string) { t.t.AddRow(strs(cells...)...) }

func (t *table) flush() {
	p := t.p
	p.gap()
	if p.err != nil {
		return
	}
	if p.markdown {
		p.err = t.t.WriteMarkdown(p.w)
		return
	}
	p.err = t.t.WriteText(p.w)
}

// stretchNote says which capacity the budget's "cases a year" is when a
// lot may stretch.
const stretchNote = "Cases a year is what the normal caseload buys, and demand, its share of capacity and \"keeps up?\" are judged against it. " +
	"The stretched maximum is the most a lot that stretches takes in a year if it holds its stretched caseload all year, " +
	"the cases above the normal caseload lasting the stretch's length factor longer; the simulation shows how far it stretches."

// stretches reports whether a lot of cy may stretch its caseload.
func stretches(cy report.CapacityYear) bool {
	return slices.ContainsFunc(cy.Lots, func(l report.LotCapacity) bool { return l.StretchedCasesPerYear > 0 })
}

// stretchedCases is a lot's stretched maximum in cases a year, or "n/a"
// for a lot that does not stretch.
func stretchedCases(l report.LotCapacity) string {
	if l.StretchedCasesPerYear > 0 {
		return render.Number(l.StretchedCasesPerYear, 0).Text
	}
	return "n/a"
}
