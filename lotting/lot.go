package lotting

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// Lot is a separately tendered part of the service: its own contract,
// provider, money and capacity.
type Lot struct {
	// Name identifies the lot in routing rules and reports; unique in a
	// Structure.
	Name string
	// Kind is what the lot does.
	Kind Kind
	// Areas lists the areas the lot covers; empty means every area of the
	// structure.
	Areas []string
	// Contract names the contract terms the lot is bought under.
	Contract string
	// Allocation is the lot's share of the pooled money.
	Allocation funding.AllocationRule
	// AllocationByYear, if not empty, gives the lot a fixed amount in the
	// financial years it lists, in place of Allocation (see RuleFor): a
	// plan whose money differs from year to year, such as lotsim
	// optimise's least money a year.
	AllocationByYear map[funding.FinancialYear]funding.Money
	// Service says how the lot's money becomes capacity.
	Service ServiceModel
	// OnCost is the share of the lot's money taken for management and
	// overheads before any frontline capacity is bought, from 0 to below 1
	// (0.15 for 15%); zero means none, so FTE = money / cost per FTE. It
	// applies to every kind of lot, the front door's too (see Frontline).
	OnCost decimal.Decimal
	// WaitTargets is the longest wait, in days, the lot aims for at each
	// risk level (for example high 2, medium 10, standard 28). Optional.
	WaitTargets map[Risk]float64
	// WaitTargetLevel is the share of the people referred in a contract
	// year, at a risk level with a target, who must start within it for
	// the year to meet the target; zero means DefaultWaitTargetLevel.
	WaitTargetLevel float64
	// Disengagement says, per client group, how long people wait before
	// giving up and how many leave during service. At most one entry per
	// group; a group without an entry neither gives up nor drops out.
	Disengagement []Disengagement
	// Changes alter the lot's capacity from given dates (a cut, a new
	// post), in date order.
	Changes []Change
	// Serves says who the lot is for and where its referrals come from
	// (female-only, a specialist service, referrals from outside the
	// area). The zero value says nothing: any person, local referrals.
	Serves Serves
}

// DefaultWaitTargetLevel is the share of referred people a contract year
// must see within target when a lot does not say (Lot.WaitTargetLevel).
const DefaultWaitTargetLevel = 0.9

// TargetLevel returns the lot's WaitTargetLevel, or the default.
func (l Lot) TargetLevel() float64 {
	if l.WaitTargetLevel > 0 {
		return l.WaitTargetLevel
	}
	return DefaultWaitTargetLevel
}

// Disengagement describes how a client group leaves a lot early.
type Disengagement struct {
	// Group is the client group this applies to.
	Group ClientGroup
	// Patience is how long, in days, a person waits before giving up; nil
	// means they wait for as long as it takes.
	Patience *Distribution
	// DropOut is the probability, 0 to 1, that a person who starts leaves
	// before the service ends (participation in perpetrator work is
	// voluntary).
	DropOut float64
	// Engagement, if not nil, is the contact the service keeps with people
	// of this group while they wait.
	Engagement *Engagement
}

// Engagement is contact with people while they wait (calls, a pre-group
// session): a contact every Every from the day they join the list, which
// slows their giving up. A contact is not a start and is never counted as
// seen.
type Engagement struct {
	// Every is the interval between contacts (at least a day).
	Every funding.Duration
	// PatienceFactor (at least 1) divides the rate of giving up while
	// engaged: the patience clock runs PatienceFactor times slower, so a
	// patience of P days drawn from Patience gives up after
	// PatienceFactor x P days of waiting (for exponential patience of
	// mean m, a rate of 1/(PatienceFactor x m)).
	PatienceFactor float64
}

// Change alters a lot's capacity, caseload rules or delivery from Date on
// (a cut, a new post, a move to 1:1 work in a lockdown). A zero field (nil
// Delivery) leaves that figure as it was, so a change cannot take a
// figure to zero.
type Change struct {
	// Date is the first day the change is in force.
	Date funding.Date
	// FTE, if above 0, sets the caseworkers' FTE (replacing FTE derived
	// from money too).
	FTE float64
	// Beds, if above 0, sets the refuge's beds (replacing beds bought
	// with money too: from Date they are fixed).
	Beds int
	// ConcurrentCohorts, if above 0, sets the cohorts the group programme
	// runs at once (replacing cohorts bought with money too).
	ConcurrentCohorts int
	// Delivery, if not nil, sets how the lot delivers from Date: Casework
	// (1:1, with the lot's caseworkers block for capacity and case length)
	// or GroupWork (with its group block); the lot needs the block of each
	// delivery it uses. What happens to people waiting and in service at
	// the switch is documented on simulate.ModeStep.
	Delivery *Delivery
	// ConvertGroups, with Delivery Casework, makes the members of cohorts
	// running on Date 1:1 cases that hold case slots until their
	// programme would have ended (groupwork stops and its people are seen
	// 1:1); false lets those cohorts run to their end outside the 1:1
	// caseload.
	ConvertGroups bool
	// CaseloadPerFTE, if above 0, sets the cases one caseworker FTE holds
	// at once from Date (Caseworkers.CaseloadPerFTE).
	CaseloadPerFTE float64
	// MaxCaseloadPerFTE, if above 0, sets the most cases one FTE holds at
	// once when stretched from Date (Stretch.MaxCaseloadPerFTE); the
	// caseworkers need a stretch block, and the maximum in force must stay
	// at least the caseload in force.
	MaxCaseloadPerFTE float64
}

// changesNothing reports whether ch sets no figure.
func (ch Change) changesNothing() bool {
	return ch.FTE == 0 && ch.Beds == 0 && ch.ConcurrentCohorts == 0 && ch.Delivery == nil && ch.CaseloadPerFTE == 0 && ch.MaxCaseloadPerFTE == 0
}

// Covers reports whether the lot serves area: a lot with no Areas covers
// every area.
func (l Lot) Covers(area string) bool {
	return len(l.Areas) == 0 || slices.Contains(l.Areas, area)
}

// Staffing returns the lot's caseworker FTE before any Change: the FTE
// given, or, when that is 0, the lot's frontline money (annual less its
// OnCost) divided by the cost of an FTE at the price level costIndex (1 for
// base-year prices; the zero value is taken as 1). For example £1,200,000
// at £40,000 an FTE and an index of 1.25 pays for 1,200,000 / 50,000 = 24
// FTE; with a 15% on-cost, 1,020,000 / 50,000 = 20.4 FTE. It returns 0 for
// a lot without caseworkers, for no money, no cost per FTE, or a negative
// cost index.
func (l Lot) Staffing(annual funding.Money, costIndex decimal.Decimal) float64 {
	fte, _ := staffing(l.Service.Caseworkers, l.Frontline(annual), costIndex)
	return fte
}

// staffing is Staffing for a caseworkers block, with the reason when it
// comes to no staff.
func staffing(c *Caseworkers, annual funding.Money, costIndex decimal.Decimal) (float64, string) {
	switch {
	case c == nil:
		return 0, "there are no caseworkers"
	case c.FTE > 0 && !math.IsInf(c.FTE, 0):
		return c.FTE, ""
	case c.FTE != 0:
		return 0, fmt.Sprintf("fte %v is not a number at least 0", c.FTE)
	}
	index, ok := costIndexOf(costIndex)
	switch {
	case !ok:
		return 0, fmt.Sprintf("cost index %v is not a positive number", costIndex)
	case c.CostPerFTE.Sign() <= 0:
		return 0, "fte is not given and there is no cost_per_fte to derive it from"
	case annual.Sign() <= 0:
		return 0, fmt.Sprintf("fte is not given and the lot's money, %s, pays for none", annual)
	}
	cost := c.CostPerFTE.Mul(index)
	return annual.Ratio(cost, 12).InexactFloat64(), ""
}

// costIndexOf returns the cost index, 0 taken as 1, and false for a
// negative index.
func costIndexOf(x decimal.Decimal) (decimal.Decimal, bool) {
	switch x.Sign() {
	case 0:
		return decimal.NewFromInt(1), true
	case -1:
		return decimal.Decimal{}, false
	}
	return x, true
}

// ServiceOn returns the lot's service model as it stands on day: Service
// with every Change dated on or before day applied, in order. The lot
// itself is not changed; the result has its own copies of the blocks.
func (l Lot) ServiceOn(day funding.Date) ServiceModel {
	m := l.Service
	if c := m.Caseworkers; c != nil {
		cc := *c
		if st := c.Stretch; st != nil {
			sc := *st
			cc.Stretch = &sc
		}
		m.Caseworkers = &cc
	}
	if g := m.Group; g != nil {
		gc := *g
		m.Group = &gc
	}
	if r := m.Refuge; r != nil {
		rc := *r
		m.Refuge = &rc
	}
	for _, ch := range l.Changes {
		if ch.Date.IsZero() || ch.Date.After(day) {
			continue
		}
		if ch.FTE > 0 && m.Caseworkers != nil {
			m.Caseworkers.FTE = ch.FTE
		}
		if ch.Beds > 0 && m.Refuge != nil {
			m.Refuge.Beds = ch.Beds
		}
		if ch.ConcurrentCohorts > 0 && m.Group != nil {
			m.Group.ConcurrentCohorts = ch.ConcurrentCohorts
		}
		if ch.Delivery != nil {
			m.Delivery = *ch.Delivery
		}
		if c := m.Caseworkers; c != nil {
			if ch.CaseloadPerFTE > 0 {
				c.CaseloadPerFTE = ch.CaseloadPerFTE
			}
			if ch.MaxCaseloadPerFTE > 0 && c.Stretch != nil {
				c.Stretch.MaxCaseloadPerFTE = ch.MaxCaseloadPerFTE
			}
		}
	}
	return m
}

// who names the lot in messages.
func (l Lot) who() string {
	if l.Name == "" {
		return "unnamed lot"
	}
	return fmt.Sprintf("lot %q", l.Name)
}

// Validate reports everything wrong with the lot on its own: a missing
// name, an unknown kind, repeated areas, a negative allocation, a service
// model without the block its delivery needs or with impossible figures,
// wait targets, disengagement and changes that make no sense. Each problem
// is a *Problem wrapping ErrBadLot, with a path relative to the lot
// ("service.caseworkers.fte"); they are joined with errors.Join (use Split
// to list them). Whether the lot's areas and contract exist is for the
// Structure and the scenario to check.
func (l Lot) Validate() error {
	var ps problems
	who := l.who()
	if l.Name == "" {
		ps.add("name", ErrBadLot, "a lot needs a name, used by routing rules and reports")
	}
	if !kinds.valid(l.Kind) {
		ps.add("kind", ErrBadLot, fmt.Sprintf("%s: %s", who, badName("kind", l.Kind, KindNames())))
	}
	seen := map[string]int{}
	for i, a := range l.Areas {
		path := fmt.Sprintf("areas[%d]", i)
		if a == "" {
			ps.add(path, ErrBadLot, fmt.Sprintf("%s: area name is empty", who))
			continue
		}
		if j, dup := seen[a]; dup {
			ps.add(path, ErrBadLot, fmt.Sprintf("%s: area %q is listed twice (also areas[%d])", who, a, j))
			continue
		}
		seen[a] = i
	}
	for y, m := range l.AllocationByYear {
		if m.IsNegative() {
			ps.add("allocation_by_year", ErrBadLot, fmt.Sprintf("%s: allocation for %s must not be negative, got %s", who, y, m))
		}
	}
	if l.Allocation.Amount.IsNegative() {
		ps.add("allocation", ErrBadLot, fmt.Sprintf("%s: allocation amount must not be negative, got %s", who, l.Allocation.Amount))
	}
	if p := l.Allocation.Percent; p.IsNegative() || p.GreaterThan(decimal.NewFromInt(100)) {
		ps.add("allocation", ErrBadLot, fmt.Sprintf("%s: allocation percent must be from 0%% to 100%%, got %s%%", who, p))
	}
	if c := l.OnCost; c.IsNegative() || !c.LessThan(decimal.NewFromInt(1)) {
		ps.add("on_cost", ErrBadLot, fmt.Sprintf("%s: on_cost must be from 0%% to below 100%% of the lot's money, got %s%%", who, c.Shift(2)))
	}
	l.Service.check(&ps, who, l.Kind)
	l.checkWaitTargets(&ps, who)
	l.checkDisengagement(&ps, who)
	l.checkChanges(&ps, who)
	l.Serves.check(&ps, who)
	return ps.join()
}

func (l Lot) checkWaitTargets(ps *problems, who string) {
	var bad []Risk
	for r := range l.WaitTargets {
		if !r.Valid() {
			bad = append(bad, r)
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i] < bad[j] })
	for _, r := range bad {
		ps.add("wait_targets", ErrBadLot, fmt.Sprintf("%s: wait target for %s: the risk level is not one of %s", who, r, joinOr(RiskNames())))
	}
	for _, r := range Risks() {
		if days, ok := l.WaitTargets[r]; ok && !finiteAtLeast(days, 0) {
			ps.add("wait_targets."+r.String(), ErrBadLot, fmt.Sprintf("%s: wait target for %s risk must be a number of days at least 0, got %v", who, r, days))
		}
	}
	if v := l.WaitTargetLevel; v != 0 && !(v > 0 && v <= 1) {
		ps.add("wait_target_level", ErrBadLot, fmt.Sprintf("%s: wait target level must be a share above 0%% and at most 100%%, got %v", who, v))
	}
}

func (l Lot) checkDisengagement(ps *problems, who string) {
	seen := map[ClientGroup]int{}
	for i, d := range l.Disengagement {
		at := fmt.Sprintf("disengagement[%d]", i)
		if !d.Group.Valid() {
			ps.add(at+".client_group", ErrBadLot, fmt.Sprintf("%s: disengagement %s", who, badName("client group", d.Group, ClientGroupNames())))
		} else if j, dup := seen[d.Group]; dup {
			ps.add(at+".client_group", ErrBadLot, fmt.Sprintf("%s: disengagement for %s is given twice (also disengagement[%d]); give one entry per client group", who, d.Group, j))
		} else {
			seen[d.Group] = i
		}
		if e := d.Engagement; e != nil {
			if !(e.Every.ApproxDays() >= 1) {
				ps.add(at+".engagement.every", ErrBadLot, fmt.Sprintf("%s: engagement of %s: every, the interval between contacts, must be at least 1 day, got %q", who, d.Group, e.Every))
			}
			if !(finiteAtLeast(e.PatienceFactor, 1)) {
				ps.add(at+".engagement.patience_factor", ErrBadLot, fmt.Sprintf("%s: engagement of %s: patience_factor must be at least 1 (1: contact that does not slow giving up), got %v", who, d.Group, e.PatienceFactor))
			}
		}
		if d.Patience != nil {
			if err := d.Patience.Validate(); err != nil {
				ps.addCause(at+".patience", ErrBadLot, fmt.Sprintf("%s: patience of %s", who, d.Group), err)
			}
		}
		if !isShare(d.DropOut) {
			ps.add(at+".drop_out", ErrBadLot, fmt.Sprintf("%s: drop_out for %s must be from 0%% to 100%%, got %v", who, d.Group, d.DropOut))
		}
	}
}

// checkChangeRules checks change i's delivery and caseload rules against
// the lot's service as it stands after the changes before it.
func (l Lot) checkChangeRules(ps *problems, at, who string, i int) {
	ch := l.Changes[i]
	before := l.Service
	if i > 0 && !l.Changes[i-1].Date.IsZero() {
		before = l.ServiceOn(l.Changes[i-1].Date)
	}
	if d := ch.Delivery; d != nil {
		switch {
		case *d != Casework && *d != GroupWork:
			ps.add(at+".delivery", ErrBadLot, fmt.Sprintf("%s: delivery may change to casework or group only, got %s", who, d))
		case before.Delivery != Casework && before.Delivery != GroupWork:
			ps.add(at+".delivery", ErrBadLot, fmt.Sprintf("%s changes delivery, but only a casework or group lot may; this lot delivers %s", who, before.Delivery))
		case *d == before.Delivery:
			ps.add(at+".delivery", ErrBadLot, fmt.Sprintf("%s: delivery is %s already; give the other delivery (casework or group), or remove delivery", who, d))
		case *d == Casework && before.Caseworkers == nil:
			ps.add(at+".delivery", ErrBadLot, fmt.Sprintf("%s changes delivery to casework, but the lot has no caseworkers block; add service.caseworkers for the 1:1 capacity and case length", who))
		case *d == GroupWork && before.Group == nil:
			ps.add(at+".delivery", ErrBadLot, fmt.Sprintf("%s changes delivery to group, but the lot has no group block; add service.group for the programme", who))
		}
	}
	if ch.ConvertGroups && (ch.Delivery == nil || *ch.Delivery != Casework || before.Delivery != GroupWork) {
		ps.add(at+".convert_groups", ErrBadLot, fmt.Sprintf("%s: convert_groups turns running groups into 1:1 cases, so it needs delivery: casework in the same change, from group delivery", who))
	}
	c := before.Caseworkers
	switch {
	case !finiteAtLeast(ch.CaseloadPerFTE, 0):
		ps.add(at+".caseload_per_fte", ErrBadLot, fmt.Sprintf("%s: caseload_per_fte must be a number above 0, got %v", who, ch.CaseloadPerFTE))
	case ch.CaseloadPerFTE > 0 && c == nil:
		ps.add(at+".caseload_per_fte", ErrBadLot, fmt.Sprintf("%s sets caseload_per_fte, but the lot has no caseworkers", who))
	}
	switch {
	case !finiteAtLeast(ch.MaxCaseloadPerFTE, 0):
		ps.add(at+".max_caseload_per_fte", ErrBadLot, fmt.Sprintf("%s: max_caseload_per_fte must be a number above 0, got %v", who, ch.MaxCaseloadPerFTE))
	case ch.MaxCaseloadPerFTE > 0 && (c == nil || c.Stretch == nil):
		ps.add(at+".max_caseload_per_fte", ErrBadLot, fmt.Sprintf("%s sets max_caseload_per_fte, but the lot's caseworkers do not stretch; add service.caseworkers.stretch", who))
	}
	if c == nil || c.Stretch == nil || ch.Date.IsZero() || !finiteAtLeast(ch.CaseloadPerFTE, 0) || !finiteAtLeast(ch.MaxCaseloadPerFTE, 0) {
		return
	}
	load, most := c.CaseloadPerFTE, c.Stretch.MaxCaseloadPerFTE
	if ch.CaseloadPerFTE > 0 {
		load = ch.CaseloadPerFTE
	}
	if ch.MaxCaseloadPerFTE > 0 {
		most = ch.MaxCaseloadPerFTE
	}
	if most < load {
		field := "max_caseload_per_fte"
		if ch.MaxCaseloadPerFTE == 0 {
			field = "caseload_per_fte"
		}
		ps.add(at+"."+field, ErrBadLot, fmt.Sprintf("%s: the stretched maximum, %v cases per FTE, would be below the caseload, %v; give max_caseload_per_fte at least caseload_per_fte", who, most, load))
	}
}

func (l Lot) checkChanges(ps *problems, lot string) {
	m := l.Service
	for i, ch := range l.Changes {
		at := fmt.Sprintf("changes[%d]", i)
		who := fmt.Sprintf("%s: change on %s", lot, ch.Date)
		if ch.Date.IsZero() {
			who = fmt.Sprintf("%s: change %d", lot, i)
		}
		if ch.Date.IsZero() {
			ps.add(at+".date", ErrBadLot, fmt.Sprintf("%s has no date; give the date it takes effect", who))
		} else if i > 0 && !l.Changes[i-1].Date.IsZero() && !ch.Date.After(l.Changes[i-1].Date) {
			ps.add(at+".date", ErrBadLot, fmt.Sprintf("%s does not come after the change before it (%s); list changes in date order, one per date", who, l.Changes[i-1].Date))
		}
		if ch.changesNothing() {
			ps.add(at, ErrBadLot, fmt.Sprintf("%s changes nothing; give fte, beds, concurrent_cohorts, delivery, caseload_per_fte or max_caseload_per_fte", who))
		}
		l.checkChangeRules(ps, at, who, i)
		switch {
		case !finiteAtLeast(ch.FTE, 0):
			ps.add(at+".fte", ErrBadLot, fmt.Sprintf("%s: fte must be a number above 0, got %v", who, ch.FTE))
		case ch.FTE > 0 && m.Caseworkers == nil:
			ps.add(at+".fte", ErrBadLot, fmt.Sprintf("%s sets fte, but the lot has no caseworkers", who))
		}
		switch {
		case ch.Beds < 0:
			ps.add(at+".beds", ErrBadLot, fmt.Sprintf("%s: beds must be above 0, got %d", who, ch.Beds))
		case ch.Beds > 0 && m.Refuge == nil:
			ps.add(at+".beds", ErrBadLot, fmt.Sprintf("%s sets beds, but the lot has no refuge", who))
		}
		switch {
		case ch.ConcurrentCohorts < 0:
			ps.add(at+".concurrent_cohorts", ErrBadLot, fmt.Sprintf("%s: concurrent_cohorts must be above 0, got %d", who, ch.ConcurrentCohorts))
		case ch.ConcurrentCohorts > 0 && m.Group == nil:
			ps.add(at+".concurrent_cohorts", ErrBadLot, fmt.Sprintf("%s sets concurrent_cohorts, but the lot has no group programme", who))
		}
	}
}

// RuleFor returns the lot's allocation rule in financial year y: a fixed
// amount if AllocationByYear lists y, otherwise Allocation.
func (l Lot) RuleFor(y funding.FinancialYear) funding.AllocationRule {
	if m, ok := l.AllocationByYear[y]; ok {
		return funding.AllocationRule{Name: l.Name, Method: funding.FixedAmount, Amount: m}
	}
	return l.Allocation
}
