package lotting

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// Capacity is the hand arithmetic for one lot in one financial year: what
// it can take against what is expected to reach it.
type Capacity struct {
	// Lot is the lot's name.
	Lot string
	// FTE is the caseworkers' full-time equivalents for a casework lot,
	// averaged over the year by days when a Change falls within it; the
	// number of handlers for the front door's lot; 0 for groups and beds.
	FTE float64
	// CasesPerYear is what the lot can take in the year: cases for
	// casework, places for a group programme, stays for a refuge, contacts
	// triaged for the front door. 0 means no capacity (see Note).
	CasesPerYear float64
	// ExpectedDemand is the referrals expected to reach the lot in the
	// year: for the front door every referral from the areas it covers,
	// for any other lot those routed to it after self-serve at the front
	// door.
	ExpectedDemand float64
	// Utilisation is ExpectedDemand / CasesPerYear, demand as a share of
	// capacity; above 1 the lot cannot keep up. It is 0 when the lot has
	// no capacity (see Note). Despite its name it is not the share of
	// capacity in use (which cannot exceed 1; the simulation measures that
	// as simulate.Utilisation): reports call it "demand as a share of
	// capacity". The field keeps its name because the root package's
	// findings and callers outside this module read it.
	Utilisation float64
	// CostPerCase is the lot's money for the year divided by the cases it
	// can serve, min(ExpectedDemand, CasesPerYear), rounded half to even
	// to the penny. It is zero when it serves none (see Note).
	CostPerCase funding.Money
	// OverCapacity reports ExpectedDemand above CasesPerYear, which
	// includes any demand at all for a lot with no capacity.
	OverCapacity bool
	// Note says why a figure could not be worked out or looks wrong: no
	// capacity (and why), no demand, money that does not pay for the staff
	// or cohorts planned. Empty when there is nothing to say.
	Note string
	// OnCost is the money taken off the top for management and overheads,
	// the lot's money x Lot.OnCost, and Frontline what is left to buy
	// capacity with. Both are exact (not rounded to the penny) and add up
	// to the lot's money.
	OnCost, Frontline funding.Money
	// Unit names what a unit of the lot's money buys: "caseworker FTE",
	// "bed", "group" (one group running at once) or "handler seat"; empty
	// when the lot states no cost for the delivery that runs.
	Unit string
	// UnitCost is the cost of one Unit in the year, exact: cost per FTE
	// or per bed x the cost index; for a group, facilitator FTE per group x
	// cost per facilitator FTE x the index; for a seat, the rota factor x
	// cost per handler FTE x the index. Zero when Unit is empty.
	UnitCost funding.Money
	// FromMoney reports capacity bought with the lot's money (a unit cost
	// and no fixed count); false for a fixed count, which money cannot
	// move.
	FromMoney bool
	// Beds, Groups and Handlers are the refuge's beds, the group
	// programme's cohorts running at once and the front door's seats, as
	// they stand on the first day of the year (after the Changes then in
	// force); 0 for a lot of another delivery.
	Beds, Groups, Handlers int
	// HandlerFTE is Handlers x the front door's rota factor: the FTE the
	// seats need; 0 for any other lot.
	HandlerFTE float64
}

// Plan works out each lot's capacity against its expected demand in
// financial year year, in the order of s.Lots. annual holds each lot's
// money for the year, in the same order (a missing entry is £0, with a
// Note). costIndex is the price level of year relative to the base year by
// which costs per FTE and per cohort are stated (1 for base prices; the
// zero value is taken as 1). It is a decimal, as funding.Inflation.Index
// gives it, so the cost of an FTE or a cohort is worked out exactly.
//
// Each lot's money first loses its on-cost (Lot.Frontline); the rest, the
// frontline money, buys capacity. Capacity is, by delivery:
//
//   - casework: FTE x caseload per FTE / (mean case length in years), where
//     FTE is Lot.Staffing (given, or frontline / (cost per FTE x costIndex));
//   - group: Group.PlacesPerYear, cohorts a year x cohort size, with the
//     concurrent cohorts given or bought (Group.CohortsFor);
//   - beds: Refuge.StaysPerYear, beds x 365.25 / mean stay in days, with
//     the beds given or bought (Refuge.BedsFor);
//   - the front door's lot: FrontDoor.ContactsPerYear, triage throughput,
//     with the seats given or bought (FrontDoor.HandlersFor).
//
// A count given (FTE, beds, cohorts, handlers) is a constraint money does
// not move; a cost beside it only checks the money covers it (a Note says
// when it does not).
// Where a Change takes effect within the year, capacity and FTE are
// averaged over the year's days. Expected demand is Demand.Expected over the
// year's days (1 April to 31 March), split by each stream's risk mix, less
// the self-serve share at the front door, routed by Structure.Route;
// referrals with no single route count for no lot (Structure.Validate
// reports them). Refuge declined shares are not taken off.
//
// Plan does not validate; run Structure.Validate and Demand.Validate
// first. It never divides by zero and never panics on bad figures: a lot it
// cannot work out gets zero capacity and a Note saying why.
func Plan(s Structure, d Demand, annual []funding.Money, year funding.FinancialYear, costIndex decimal.Decimal) []Capacity {
	from, to := year.Start(), year.End()
	fd := s.frontDoorIndex()
	demand := make([]float64, len(s.Lots))
	mix := make([]map[Risk]float64, len(s.Lots)) // referrals by risk, for case length by risk
	contacts := 0.0
	for i, st := range d.Streams {
		n := d.Expected(i, from, to)
		if s.ThroughFrontDoor(st.Area) {
			contacts += n
		}
		for _, r := range Risks() {
			share := st.RiskMix[r]
			if !(share > 0) {
				continue
			}
			if idx, ok := s.Route(st.Area, st.Group, r); ok {
				x := n * share * (1 - clampShare(s.SelfServe(st.Area, r)))
				demand[idx] += x
				if mix[idx] == nil {
					mix[idx] = map[Risk]float64{}
				}
				mix[idx][r] += x
			}
		}
	}
	out := make([]Capacity, len(s.Lots))
	for i, l := range s.Lots {
		var notes []string
		money := funding.Money{}
		if i < len(annual) {
			money = annual[i]
		} else {
			notes = append(notes, fmt.Sprintf("no money given for the lot: annual has %d amounts, one per lot is needed", len(annual)))
		}
		c := Capacity{Lot: l.Name, Frontline: l.Frontline(money)}
		c.OnCost = money.Sub(c.Frontline)
		if i == fd {
			f := *s.FrontDoor
			f.Handlers = s.FrontDoor.HandlersFor(c.Frontline, costIndex)
			c.Handlers = max(f.Handlers, 0)
			c.HandlerFTE = float64(c.Handlers) * f.Rota()
			c.FTE = float64(c.Handlers)
			c.CasesPerYear = f.ContactsPerYear()
			c.ExpectedDemand = contacts
			if s.FrontDoor.CostPerHandlerFTE.Sign() > 0 {
				c.Unit, c.UnitCost, c.FromMoney = "handler seat", UnitCost(f.CostPerHandlerFTE, f.Rota(), costIndex), s.FrontDoor.FromMoney()
			}
			switch {
			case c.FromMoney && c.Handlers == 0:
				notes = append(notes, fmt.Sprintf("no capacity: the front door's frontline money, %s, buys no handler seat at %s a seat (%s FTE at %s)",
					c.Frontline.RoundPenny(), c.UnitCost.RoundPenny(), fmtPer(f.Rota()), UnitCost(f.CostPerHandlerFTE, 1, costIndex).RoundPenny()))
			case c.CasesPerYear == 0:
				notes = append(notes, "no capacity: the front door needs at least one handler and a handling time with a mean above 0")
			}
			if !c.FromMoney && c.Unit != "" && c.Handlers > 0 {
				if pays := WholeUnits(c.Frontline, f.CostPerHandlerFTE, f.Rota(), costIndex); pays < c.Handlers {
					notes = append(notes, fmt.Sprintf("the front door's frontline money, %s, pays for %d handler seats at %s each (%s FTE a seat), fewer than the %d planned",
						c.Frontline.RoundPenny(), pays, c.UnitCost.RoundPenny(), fmtPer(f.Rota()), c.Handlers))
				}
			}
			if demand[i] > 0 {
				notes = append(notes, fmt.Sprintf("rules also send %.1f referrals a year to the front door's lot for service; they are not counted here", demand[i]))
			}
		} else {
			c.ExpectedDemand = demand[i]
			c.FTE, c.CasesPerYear, notes = lotCapacity(l, c.Frontline, from, to, costIndex, mix[i], notes)
			unitsOf(&c, l.ServiceOn(from), c.Frontline, costIndex)
		}
		finish(&c, money, notes)
		out[i] = c
	}
	return out
}

// finish works out utilisation, the over-capacity flag and cost per case.
func finish(c *Capacity, money funding.Money, notes []string) {
	c.OverCapacity = c.ExpectedDemand > c.CasesPerYear
	if c.CasesPerYear > 0 {
		c.Utilisation = c.ExpectedDemand / c.CasesPerYear
	}
	served := math.Min(c.ExpectedDemand, c.CasesPerYear)
	switch {
	case served > 0 && !math.IsInf(served, 0):
		c.CostPerCase = funding.FromDecimal(money.Decimal().DivRound(decimal.NewFromFloat(served), 20)).RoundPenny()
	case c.CasesPerYear > 0:
		notes = append(notes, "no referrals are expected to reach the lot, so cost per case is not defined")
	}
	c.Note = strings.Join(uniq(notes), "; ")
}

// lotCapacity returns a lot's FTE and capacity over the days from..to,
// averaged by days across any Changes within them, with notes on anything
// that stops the arithmetic or does not add up. money is the lot's
// frontline money, after its on-cost; mix is the expected referrals by
// risk, which weight case lengths by risk (Caseworkers.MeanCaseLength).
func lotCapacity(l Lot, money funding.Money, from, to funding.Date, costIndex decimal.Decimal, mix map[Risk]float64, notes []string) (fte, cases float64, _ []string) {
	starts := []funding.Date{from}
	for _, ch := range l.Changes {
		if ch.Date.After(from) && !ch.Date.After(to) && !slices.Contains(starts, ch.Date) {
			starts = append(starts, ch.Date)
		}
	}
	slices.SortFunc(starts, func(a, b funding.Date) int { return a.DaysSince(b) })
	total := float64(to.DaysSince(from) + 1)
	for k, start := range starts {
		end := to.AddDays(1)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		w := float64(end.DaysSince(start)) / total
		f, n, why := serviceCapacity(l.ServiceOn(start), l.Kind, money, costIndex, mix)
		if why != "" {
			if len(starts) > 1 {
				why = fmt.Sprintf("from %s to %s: %s", start, end.AddDays(-1), why)
			}
			notes = append(notes, "no capacity: "+why)
		}
		fte += w * f
		cases += w * n
	}
	notes = append(notes, affordability(l.ServiceOn(from), fte, money, costIndex)...)
	return fte, cases, notes
}

// serviceCapacity returns FTE and cases a year for one service model, or
// the reason there is no capacity. money is the frontline money; beds and
// concurrent groups not given are bought with it; mix weights case lengths
// by risk.
func serviceCapacity(m ServiceModel, kind Kind, money funding.Money, costIndex decimal.Decimal, mix map[Risk]float64) (fte, cases float64, why string) {
	switch m.Delivery {
	case Casework:
		c := m.Caseworkers
		if c == nil {
			return 0, 0, "casework delivery but no caseworkers"
		}
		fte, why = staffing(c, money, costIndex)
		if why != "" {
			return 0, 0, why
		}
		if !(c.CaseloadPerFTE > 0) {
			return fte, 0, fmt.Sprintf("caseload per FTE is %v", c.CaseloadPerFTE)
		}
		if !(c.MeanCaseLength(mix) > 0) {
			return fte, 0, "case length has no mean above 0 days"
		}
		return fte, c.CasesPerYearFor(fte, mix), ""
	case GroupWork:
		g := m.Group
		if g == nil {
			return 0, 0, "group delivery but no group programme"
		}
		run := *g
		run.ConcurrentCohorts = g.CohortsFor(money, costIndex)
		if g.FromMoney() && run.ConcurrentCohorts == 0 {
			return 0, 0, fmt.Sprintf("the lot's frontline money, %s, buys no group at %s a group (%s facilitator FTE at %s)",
				money.RoundPenny(), UnitCost(g.CostPerFacilitatorFTE, g.FacilitatorsPerGroup, costIndex).RoundPenny(), fmtPer(g.FacilitatorsPerGroup), UnitCost(g.CostPerFacilitatorFTE, 1, costIndex).RoundPenny())
		}
		n := run.PlacesPerYear()
		if n == 0 {
			return 0, 0, "the group programme needs a cohort size, weeks, a start interval and concurrent cohorts above 0"
		}
		return 0, n, ""
	case Beds:
		r := m.Refuge
		if r == nil {
			return 0, 0, "beds delivery but no refuge"
		}
		run := *r
		run.Beds = r.BedsFor(money, costIndex)
		if r.FromMoney() && run.Beds == 0 {
			return 0, 0, fmt.Sprintf("the lot's frontline money, %s, buys no bed at %s a bed", money.RoundPenny(), UnitCost(r.CostPerBed, 1, costIndex).RoundPenny())
		}
		n := run.StaysPerYear()
		if n == 0 {
			return 0, 0, "the refuge needs beds and a length of stay with a mean above 0 days"
		}
		return 0, n, ""
	}
	return 0, 0, fmt.Sprintf("delivery %s is not one of %s", m.Delivery, joinOr(DeliveryNames()))
}

// unitsOf fills in what the lot's frontline money buys on the year's first
// day: the unit, its cost, and the beds or groups running.
func unitsOf(c *Capacity, m ServiceModel, frontline funding.Money, costIndex decimal.Decimal) {
	switch m.Delivery {
	case Casework:
		if cw := m.Caseworkers; cw != nil && cw.CostPerFTE.Sign() > 0 {
			c.Unit, c.UnitCost, c.FromMoney = "caseworker FTE", UnitCost(cw.CostPerFTE, 1, costIndex), !(cw.FTE > 0)
		}
	case GroupWork:
		if g := m.Group; g != nil {
			c.Groups = g.CohortsFor(frontline, costIndex)
			if g.CostPerFacilitatorFTE.Sign() > 0 && g.FacilitatorsPerGroup > 0 {
				c.Unit, c.UnitCost, c.FromMoney = "group", UnitCost(g.CostPerFacilitatorFTE, g.FacilitatorsPerGroup, costIndex), g.FromMoney()
			}
		}
	case Beds:
		if r := m.Refuge; r != nil {
			c.Beds = r.BedsFor(frontline, costIndex)
			if r.CostPerBed.Sign() > 0 {
				c.Unit, c.UnitCost, c.FromMoney = "bed", UnitCost(r.CostPerBed, 1, costIndex), r.FromMoney()
			}
		}
	}
}

// fmtPer writes an FTE per unit briefly: 5.3, 1.25, 2.
func fmtPer(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// affordability notes frontline money that does not pay for the staff,
// beds or groups a lot plans as fixed counts, at the stated costs and the
// cost index.
func affordability(m ServiceModel, fte float64, money funding.Money, costIndex decimal.Decimal) []string {
	index, ok := costIndexOf(costIndex)
	if !ok {
		return nil
	}
	var notes []string
	if c := m.Caseworkers; m.Delivery == Casework && c != nil && c.FTE > 0 && c.CostPerFTE.Sign() > 0 && fte > 0 {
		cost := c.CostPerFTE.Mul(index)
		pays := money.Ratio(cost, 12).InexactFloat64()
		if pays < fte-1e-9 {
			notes = append(notes, fmt.Sprintf("the lot's %s pays for %.1f FTE at %s each, fewer than the %.1f FTE planned", money.RoundPenny(), pays, cost.RoundPenny(), fte))
		}
	}
	if g := m.Group; m.Delivery == GroupWork && g != nil && g.CostPerCohort.Sign() > 0 {
		cost := g.CostPerCohort.Mul(index)
		pays := money.Ratio(cost, 12).InexactFloat64()
		if want := g.CohortsPerYear(); pays < want-1e-9 {
			notes = append(notes, fmt.Sprintf("the lot's %s pays for %.1f cohorts at %s each, fewer than the %.1f a year planned", money.RoundPenny(), pays, cost.RoundPenny(), want))
		}
	}
	if g := m.Group; m.Delivery == GroupWork && g != nil && !g.FromMoney() && g.ConcurrentCohorts > 0 {
		if pays := WholeUnits(money, g.CostPerFacilitatorFTE, g.FacilitatorsPerGroup, index); g.CostPerFacilitatorFTE.Sign() > 0 && pays < g.ConcurrentCohorts {
			notes = append(notes, fmt.Sprintf("the lot's frontline money, %s, pays for %d groups at once at %s a group (%s facilitator FTE each), fewer than the %d planned",
				money.RoundPenny(), pays, UnitCost(g.CostPerFacilitatorFTE, g.FacilitatorsPerGroup, index).RoundPenny(), fmtPer(g.FacilitatorsPerGroup), g.ConcurrentCohorts))
		}
	}
	if r := m.Refuge; m.Delivery == Beds && r != nil && r.Beds > 0 && r.CostPerBed.Sign() > 0 {
		if pays := WholeUnits(money, r.CostPerBed, 1, index); pays < r.Beds {
			notes = append(notes, fmt.Sprintf("the lot's frontline money, %s, pays for %d beds at %s a bed, fewer than the %d planned",
				money.RoundPenny(), pays, UnitCost(r.CostPerBed, 1, index).RoundPenny(), r.Beds))
		}
	}
	return notes
}

func clampShare(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x > 0:
		return x
	}
	return 0
}

func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
