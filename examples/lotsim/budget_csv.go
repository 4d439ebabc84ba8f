package main

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

// budgetCSVHeader names the columns of `budget --format csv`: one tidy
// table, a row per section, item, year and metric, for a spreadsheet.
// Money is exact pounds and pence ("2157000.00"); year is a financial year
// ("2018/19"), a contract year's number, or empty for a whole-term figure.
// A lot's capacity rows give demand_share_of_capacity (expected demand ÷
// capacity) and, for one more version, the same value as "utilisation",
// a name that misled and is deprecated. They also give what the money
// buys: on_cost, frontline, unit and unit_cost (when the lot states a
// cost), from_money, beds, groups, handlers and handler_fte.
//
// Earmarks: pool and lot rows give "earmarked" (money funders tie to lots
// or areas; for a lot, to that lot) and "general" (the rest), which add up
// to "cash" to the penny. Each earmark is also a row of section "earmark"
// whose item is the funder and whose metric is "lot:NAME" or "area:NAME";
// an area's rows (section "area_earmark") give "required" (earmarked to
// the area and to the lots covering it) and "allocation" (those lots'
// money together).
var budgetCSVHeader = []string{"scenario_file", "scenario_sha256", "section", "item", "year", "metric", "value"}

// writeBudgetCSV writes the budget report as one tidy CSV table.
func writeBudgetCSV(w io.Writer, r *report.Budget) error {
	cw := csv.NewWriter(w)
	rows := [][]string{budgetCSVHeader}
	add := func(section, item, year, metric, value string) {
		rows = append(rows, []string{r.File, r.SHA256, section, item, year, metric, value})
	}
	money := func(m funding.Money) string { return m.Plain() }
	number := render.CSVNumber

	for _, f := range r.Funders {
		for _, y := range f.Years {
			add("funder", f.Name, y.Year.String(), "cash", money(y.Cash))
			add("funder", f.Name, y.Year.String(), "real", money(y.Real))
			add("funder", f.Name, y.Year.String(), "share_percent", y.Percent)
		}
	}
	for _, y := range r.Pool {
		year := y.Year.String()
		add("pool", "", year, "cash", money(y.Cash))
		add("pool", "", year, "real", money(y.Real))
		add("pool", "", year, "at_risk", money(y.AtRisk))
		add("pool", "", year, "unallocated", money(y.Unallocated))
		add("pool", "", year, "earmarked", money(y.Earmarked))
		add("pool", "", year, "general", money(y.General))
		add("pool", "", year, "expected_referrals", number(y.ExpectedReferrals))
		add("pool", "", year, "per_referral_cash", money(y.PerReferralCash))
		add("pool", "", year, "per_referral_real", money(y.PerReferralReal))
	}
	for _, l := range r.Lots {
		for _, y := range l.Years {
			add("lot", l.Name, y.Year.String(), "cash", money(y.Cash))
			add("lot", l.Name, y.Year.String(), "real", money(y.Real))
			add("lot", l.Name, y.Year.String(), "earmarked", money(y.Cash.Sub(y.General)))
			add("lot", l.Name, y.Year.String(), "general", money(y.General))
		}
	}
	for _, l := range r.Lots {
		for _, y := range l.Years {
			for _, f := range y.Earmarked {
				add("earmark", f.Funder, y.Year.String(), "lot:"+l.Name, money(f.Cash))
			}
		}
	}
	for _, a := range r.AreaEarmarks {
		for _, f := range a.Earmarked {
			add("earmark", f.Funder, a.Year.String(), "area:"+a.Area, money(f.Cash))
		}
		add("area_earmark", a.Area, a.Year.String(), "required", money(a.Required))
		add("area_earmark", a.Area, a.Year.String(), "allocation", money(a.Allocation))
	}
	for _, c := range r.Contracts {
		for _, y := range c.Years {
			year := strconv.Itoa(y.Index)
			add("contract", c.Name, year, "cash", money(y.Cash))
			add("contract", c.Name, year, "real", money(y.Real))
		}
		add("contract", c.Name, "", "initial_cash", money(c.InitialCash))
		add("contract", c.Name, "", "initial_real", money(c.InitialReal))
		add("contract", c.Name, "", "taken_cash", money(c.TakenCash))
		add("contract", c.Name, "", "taken_real", money(c.TakenReal))
		add("contract", c.Name, "", "max_cash", money(c.MaxCash))
		add("contract", c.Name, "", "max_real", money(c.MaxReal))
	}
	for _, cy := range r.Capacity {
		year := cy.Year.String()
		for _, l := range cy.Lots {
			add("capacity", l.Lot, year, "fte", number(l.FTE))
			add("capacity", l.Lot, year, "cases_per_year", number(l.CasesPerYear))
			if l.StretchedCasesPerYear > 0 {
				add("capacity", l.Lot, year, "stretched_cases_per_year", number(l.StretchedCasesPerYear))
			}
			add("capacity", l.Lot, year, "expected_demand", number(l.ExpectedDemand))
			add("capacity", l.Lot, year, "demand_share_of_capacity", number(l.DemandShareOfCapacity))
			//lint:ignore SA1019 the CSV keeps the deprecated column as the JSON keeps the field, for one more version
			add("capacity", l.Lot, year, "utilisation", number(l.Utilisation)) // deprecated: the same value
			add("capacity", l.Lot, year, "cost_per_case", money(l.CostPerCase))
			add("capacity", l.Lot, year, "on_cost", money(l.OnCost))
			add("capacity", l.Lot, year, "frontline", money(l.Frontline))
			if l.Unit != "" {
				add("capacity", l.Lot, year, "unit", l.Unit)
				add("capacity", l.Lot, year, "unit_cost", money(l.UnitCost))
			}
			add("capacity", l.Lot, year, "from_money", strconv.FormatBool(l.FromMoney))
			add("capacity", l.Lot, year, "beds", strconv.Itoa(l.Beds))
			add("capacity", l.Lot, year, "groups", strconv.Itoa(l.Groups))
			add("capacity", l.Lot, year, "handlers", strconv.Itoa(l.Handlers))
			add("capacity", l.Lot, year, "handler_fte", number(l.HandlerFTE))
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
