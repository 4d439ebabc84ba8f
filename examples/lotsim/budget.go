package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
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
	s, _, ok := loadScenario("budget", files[0], stderr)
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

// printBudget writes the report as tables for a person: aligned text, or
// markdown (headings and pipe tables) to paste into a committee paper.
func printBudget(w io.Writer, r *lotsim.BudgetReport, markdown bool) error {
	p := &printer{w: w, markdown: markdown}
	p.title(r.Scenario)
	p.linef("%s (sha256 %s)", r.File, r.SHA256)
	p.linef("Money in cash and in real terms at %s prices. Shares are of each year's pool.", r.BaseYear)

	if len(r.Findings) > 0 {
		p.section("Figures that do not reconcile")
		for _, f := range r.Findings {
			p.linef("- %s", f.Message)
		}
	}

	p.section("Funders")
	t := p.table("funder", "status", "years", "a year (cash)", "share")
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
	t = p.table("year", "cash", "real", "at risk", "unallocated", "expected referrals", "per referral (cash)", "per referral (real)")
	for _, y := range r.Pool {
		t.row(y.Year.String(), y.Cash.String(), y.Real.String(), y.AtRisk.String(), y.Unallocated.String(),
			strconv.FormatFloat(y.ExpectedReferrals, 'f', 0, 64), y.PerReferralCash.String(), y.PerReferralReal.String())
	}
	t.flush()

	p.section("Allocation to lots")
	t = p.table("lot", "kind", "contract", "allocation", "years", "a year (cash)", "real, first year", "real, last year")
	for _, l := range r.Lots {
		name, kind, contract, rule := l.Name, l.Kind, l.Contract, l.Rule
		for _, sp := range runsOf(len(l.Years), func(i int) string { return l.Years[i].Cash.Exact() }) {
			first, last := l.Years[sp.first], l.Years[sp.last]
			t.row(name, kind, contract, rule, yearSpan(first.Year, last.Year), first.Cash.String(), first.Real.String(), last.Real.String())
			name, kind, contract, rule = "", "", "", ""
		}
	}
	t.flush()

	for _, c := range r.Contracts {
		p.section("Contract: " + c.Name)
		lots := strings.Join(c.Lots, ", ")
		if lots == "" {
			lots = "none in this scenario (the contract's value is £0)"
		}
		p.linef("Lots: %s. Uplift: %s.", lots, c.Uplift)
		p.linef("Starts %s; initial term ends %s; ends %s with the extensions taken, %s with every extension.",
			c.Start, c.InitialEnd, c.End, c.MaxEnd)
		if !c.ProcureBy.IsZero() {
			p.linef("Re-procurement must start by %s.", c.ProcureBy)
		}
		p.linef("Annual value %s, the lots' allocation in %s.", c.Annual, c.AnnualYear)
		t = p.table("year", "period", "from", "to", "fraction", "cash", "real")
		for _, y := range c.Years {
			t.row(strconv.Itoa(y.Index), y.Period, y.Start.String(), y.End.String(), y.Fraction, y.Cash.String(), y.Real.String())
		}
		t.flush()
		t = p.table("total contract value", "cash", "real")
		t.row("initial term", c.InitialCash.String(), c.InitialReal.String())
		t.row("with the extensions taken", c.TakenCash.String(), c.TakenReal.String())
		t.row("maximum term", c.MaxCash.String(), c.MaxReal.String())
		t.flush()
	}

	for _, cy := range capacityYearsToShow(r.Capacity) {
		p.section(fmt.Sprintf("Capacity against expected demand, %s (costs at %.4f times base prices)", cy.Year, cy.CostIndex))
		t = p.table("lot", "FTE", "cases a year", "expected demand", "utilisation", "cost per case", "keeps up?")
		var notes []string
		for _, l := range cy.Lots {
			keeps := "yes"
			if l.OverCapacity {
				keeps = "NO"
			}
			fte := ""
			if l.FTE > 0 {
				fte = strconv.FormatFloat(l.FTE, 'f', 1, 64)
			}
			t.row(l.Lot, fte, strconv.FormatFloat(l.CasesPerYear, 'f', 0, 64),
				strconv.FormatFloat(l.ExpectedDemand, 'f', 0, 64), percent(l.Utilisation), l.CostPerCase.String(), keeps)
			if l.Note != "" {
				notes = append(notes, l.Lot+": "+l.Note)
			}
		}
		t.flush()
		for _, n := range notes {
			p.linef("Note: %s", n)
		}
	}
	if len(r.Capacity) > 2 {
		p.linef("")
		p.linef("(Capacity is shown for the first and last years; --format json gives every year.)")
	}
	return p.err
}

// capacityYearsToShow picks the first and last years, which is where a
// flat cash budget shows what inflation and growth did to it.
func capacityYearsToShow(all []lotsim.CapacityYear) []lotsim.CapacityYear {
	if len(all) <= 2 {
		return all
	}
	return []lotsim.CapacityYear{all[0], all[len(all)-1]}
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
	return first.String() + " to " + last.String()
}

func percent(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// printer writes sections of a text or markdown report, keeping the first
// error.
type printer struct {
	w        io.Writer
	markdown bool
	err      error
}

func (p *printer) title(s string) {
	if p.markdown {
		p.linef("# %s", s)
		p.linef("")
		return
	}
	p.linef("%s", s)
}

func (p *printer) linef(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func (p *printer) section(title string) {
	p.linef("")
	if p.markdown {
		p.linef("## %s", title)
		p.linef("")
		return
	}
	p.linef("%s", title)
	p.linef("%s", strings.Repeat("-", len([]rune(title))))
}

// table is a text table with aligned columns, or a markdown pipe table.
type table struct {
	p      *printer
	tw     *tabwriter.Writer
	header bool // markdown: the separator row is still to come
}

func (p *printer) table(header ...string) *table {
	t := &table{p: p, tw: tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0), header: p.markdown}
	if p.markdown {
		p.linef("")
	}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	if t.p.err != nil {
		return
	}
	if !t.p.markdown {
		_, t.p.err = fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
		return
	}
	escaped := make([]string, len(cells))
	for i, c := range cells {
		escaped[i] = strings.ReplaceAll(c, "|", "\\|")
	}
	t.p.linef("| %s |", strings.Join(escaped, " | "))
	if t.header {
		t.header = false
		t.p.linef("|%s", strings.Repeat(" --- |", len(cells)))
	}
}

func (t *table) flush() {
	if t.p.markdown {
		t.p.linef("")
		return
	}
	if t.p.err == nil {
		t.p.err = t.tw.Flush()
	}
}
