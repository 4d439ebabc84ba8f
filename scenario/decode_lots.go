package scenario

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"gopkg.in/yaml.v3"
)

// This file reads the lots: their allocation, service model (caseworkers,
// groups or refuge beds), disengagement, capacity changes and the front
// door.

// lots decodes the lots list.
func (d *decoder) lots(n *yaml.Node, path string, areas, contracts []string) []lotting.Lot {
	items := d.List(n, path, "lots")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; a scenario needs at least one lot")
	}
	out := make([]lotting.Lot, len(items))
	names := map[string]*yaml.Node{}
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a lot ("+strings.Join(lotKeys, ", ")+")", lotKeys...)
		if !ok {
			continue
		}
		l := &out[i]
		if v := d.Require(f, "name", "the lot's name, like Victims"); v != nil {
			if name, ok := d.text(v, f.At("name"), "the lot's name"); ok {
				l.Name = name
				if first := names[name]; first != nil {
					d.Errorf(v, f.At("name"), ErrDuplicate, "lot %s is listed twice (first on line %d); lot names must be unique", yamlnode.Quote(name), first.Line)
				} else {
					names[name] = v
				}
			}
		}
		if v := d.Require(f, "kind", "what the lot does ("+strings.Join(lotting.KindNames(), ", ")+")"); v != nil {
			l.Kind = d.kind(v, f.At("kind"))
		}
		switch v := f.Get("contract"); {
		case v != nil:
			l.Contract, _ = d.ref(v, f.At("contract"), "contract", "contracts", contracts)
		case len(contracts) == 1:
			l.Contract = contracts[0]
		case len(contracts) > 1:
			d.Require(f, "contract", "the name of the contract the lot is bought under (needed when there is more than one)")
		}
		if v := f.Get("areas"); v != nil {
			items := d.List(v, f.At("areas"), "areas")
			for j, a := range items {
				name, _ := d.ref(a, yamlnode.Index(f.At("areas"), j), "area", "areas", areas)
				l.Areas = append(l.Areas, name)
			}
		}
		l.Allocation = d.allocation(f.Get("allocation"), f.At("allocation"), l.Name)
		l.AllocationByYear = d.allocationByYear(f.Get("allocation_by_year"), f.At("allocation_by_year"))
		if v := f.Get("on_cost"); v != nil {
			l.OnCost = d.onCost(v, f.At("on_cost"))
		}
		if v := f.Get("wait_targets"); v != nil {
			l.WaitTargets = riskMap(d, v, f.At("wait_targets"), "wait targets by risk level, like {high: 2 days, medium: 10 days}",
				func(v *yaml.Node, p string) (float64, bool) { return d.days(v, p, false) })
		}
		if v := f.Get("wait_target_level"); v != nil {
			l.WaitTargetLevel, _ = d.fraction(v, f.At("wait_target_level"), 1, 100)
		}
		if v := f.Get("service"); v != nil {
			l.Service = d.service(v, f.At("service"))
		}
		if v := f.Get("disengagement"); v != nil {
			l.Disengagement = d.disengagement(v, f.At("disengagement"))
		}
		if v := f.Get("changes"); v != nil {
			l.Changes = d.changes(v, f.At("changes"))
		}
		if v := f.Get("female_only"); v != nil {
			l.Serves.FemaleOnly, _ = d.boolean(v, f.At("female_only"))
		}
		if v := f.Get("specialist"); v != nil {
			l.Serves.Specialist, _ = d.text(v, f.At("specialist"), "who the lot specialises in, like \"Black and minoritised women\"")
		}
		if v := f.Get("out_of_area_share"); v != nil {
			l.Serves.OutOfAreaShare, _ = d.fraction(v, f.At("out_of_area_share"), 0, 100)
			if l.Serves.OutOfAreaShare >= 1 {
				d.Errorf(v, f.At("out_of_area_share"), ErrInvalid, "out_of_area_share 100%% leaves the lot no local referrals; want a share of its referrals from 0%% to below 100%%, like 60%%")
				l.Serves.OutOfAreaShare = 0
			}
		}
	}
	return out
}

// allocation decodes a lot's allocation: {percent: 85%}, {amount:
// "£1,800,000"} or remainder, the default.
func (d *decoder) allocation(n *yaml.Node, path, lot string) funding.AllocationRule {
	const want = `{percent: 85%}, {amount: "£1,800,000"} or remainder`
	r := funding.AllocationRule{Name: lot, Method: funding.Remainder}
	if n == nil || yamlnode.IsNull(n) {
		return r
	}
	if n.Kind == yaml.ScalarNode {
		if s := strings.TrimSpace(n.Value); s != "remainder" {
			d.Errorf(n, path, ErrInvalid, "unknown allocation %s%s (want %s)", yamlnode.Quote(s), yamlnode.DidYouMean(s, []string{"remainder", "percent", "amount"}), want)
		}
		return r
	}
	f, ok := d.Mapping(n, path, "an allocation: "+want, allocationKeys...)
	if !ok || !d.OneOf(f, allocationKeys...) {
		return r
	}
	switch {
	case f.Has("percent"):
		r.Method = funding.Percentage
		r.Percent, _ = d.percent(f.Get("percent"), f.At("percent"), 0, 100)
	case f.Has("amount"):
		r.Method = funding.FixedAmount
		r.Amount, _ = d.money(f.Get("amount"), f.At("amount"), true)
	case f.Len() == 0:
		d.Errorf(n, path, ErrMissing, "empty allocation; want %s", want)
	default:
		for _, k := range allocationKeys {
			if f.Given(k) {
				d.Require(f, k, want)
			}
		}
	}
	return r
}

// allocationByYear decodes {2023/24: "£2,695,000", ...}: a fixed amount
// for each financial year listed.
func (d *decoder) allocationByYear(n *yaml.Node, path string) map[funding.FinancialYear]funding.Money {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, ErrType, "want a mapping (key: value pairs) of financial years to amounts, like {2023/24: \"£2,695,000\", 2024/25: \"£2,855,000\"}, got %s", yamlnode.Describe(n))
		return nil
	}
	out := map[funding.FinancialYear]funding.Money{}
	d.byYear(n, path, `the lot's money that year, like "£2,695,000"`, func(y funding.FinancialYear, v *yaml.Node, kp string) {
		if m, ok := d.money(v, kp, true); ok {
			out[y] = m
		}
	})
	return out
}

// service decodes a lot's service model.
func (d *decoder) service(n *yaml.Node, path string) lotting.ServiceModel {
	var m lotting.ServiceModel
	f, ok := d.Mapping(n, path, "a service ("+strings.Join(serviceKeys, ", ")+")", serviceKeys...)
	if !ok {
		return m
	}
	if v := f.Get("delivery"); v != nil {
		if s, ok := d.enum(v, f.At("delivery"), "delivery", lotting.DeliveryNames()); ok {
			dl, err := lotting.ParseDelivery(s)
			if err != nil {
				d.Errorf(v, f.At("delivery"), err, "%s", plain(err))
			}
			m.Delivery = dl
		}
	}
	if v := f.Get("caseworkers"); v != nil {
		m.Caseworkers = d.caseworkers(v, f.At("caseworkers"))
	}
	if v := f.Get("group"); v != nil {
		m.Group = d.group(v, f.At("group"))
	}
	if v := f.Get("refuge"); v != nil {
		m.Refuge = d.refuge(v, f.At("refuge"))
	}
	return m
}

func (d *decoder) caseworkers(n *yaml.Node, path string) *lotting.Caseworkers {
	c := &lotting.Caseworkers{}
	f, ok := d.Mapping(n, path, "caseworkers ("+strings.Join(caseworkerKeys, ", ")+")", caseworkerKeys...)
	if !ok {
		return c
	}
	if v := f.Get("fte"); v != nil {
		c.FTE, _ = d.number(v, f.At("fte"), 0, maxFTE)
	}
	if v := f.Get("cost_per_fte"); v != nil {
		c.CostPerFTE = d.unitCost(v, f.At("cost_per_fte"), "one full-time caseworker", "£40,000")
	}
	if v := d.Require(f, "caseload_per_fte", "the cases one FTE holds at once, like 22"); v != nil {
		var ok bool
		if c.CaseloadPerFTE, ok = d.number(v, f.At("caseload_per_fte"), 0, maxFTE); ok && c.FTE*c.CaseloadPerFTE > MaxCaseSlots {
			d.Errorf(v, f.At("caseload_per_fte"), ErrInvalid, "%s FTE with %s cases each hold %s cases at once, more than the %s a simulation can hold; want fewer FTE or a smaller caseload",
				fmtFloat(c.FTE), fmtFloat(c.CaseloadPerFTE), count(c.FTE*c.CaseloadPerFTE), count(MaxCaseSlots))
		}
	}
	if v := d.Require(f, "case_length", "how long a case stays open, like {lognormal: {mean: 110 days, sd: 40 days}}"); v != nil {
		c.CaseLength, _ = d.distribution(v, f.At("case_length"), false)
	}
	if v := f.Get("case_length_by_risk"); v != nil {
		c.CaseLengthByRisk = d.caseLengthByRisk(v, f.At("case_length_by_risk"))
	}
	if v := f.Get("stretch"); v != nil {
		c.Stretch = d.stretch(v, f.At("stretch"), c)
	}
	return c
}

// caseLengthByRisk decodes {high: {lognormal: {mean: 150 days, sd: 90
// days}}, ...}: the case length of each risk level listed; levels not
// listed take the block's case_length.
func (d *decoder) caseLengthByRisk(n *yaml.Node, path string) map[lotting.Risk]lotting.Distribution {
	const what = "case lengths by risk level, like {high: {lognormal: {mean: 150 days, sd: 90 days}}}; levels not listed take case_length"
	return riskMap(d, n, path, what, func(v *yaml.Node, path string) (lotting.Distribution, bool) {
		return d.distribution(v, path, false)
	})
}

// stretch decodes a caseworkers block's stretch: the most cases one FTE
// holds at once when stretched, and how many times longer a case taken on
// then lasts.
func (d *decoder) stretch(n *yaml.Node, path string, c *lotting.Caseworkers) *lotting.Stretch {
	st := &lotting.Stretch{}
	f, ok := d.Mapping(n, path, "a stretch ("+strings.Join(stretchKeys, ", ")+")", stretchKeys...)
	if !ok {
		return st
	}
	if v := d.Require(f, "max_caseload_per_fte", "the most cases one FTE holds at once when stretched, like 30"); v != nil {
		var ok bool
		if st.MaxCaseloadPerFTE, ok = d.number(v, f.At("max_caseload_per_fte"), 0, maxFTE); ok && c.FTE*st.MaxCaseloadPerFTE > MaxCaseSlots {
			d.Errorf(v, f.At("max_caseload_per_fte"), ErrInvalid, "%s FTE with %s cases each hold %s cases at once, more than the %s a simulation can hold; want a smaller maximum",
				fmtFloat(c.FTE), fmtFloat(st.MaxCaseloadPerFTE), count(c.FTE*st.MaxCaseloadPerFTE), count(MaxCaseSlots))
		}
	}
	if v := d.Require(f, "length_factor", "how many times longer a case taken on stretched lasts, like 1.3"); v != nil {
		st.LengthFactor, _ = d.number(v, f.At("length_factor"), 1, 100)
	}
	return st
}

func (d *decoder) group(n *yaml.Node, path string) *lotting.Group {
	g := &lotting.Group{ConcurrentCohorts: 1}
	f, ok := d.Mapping(n, path, "a group programme ("+strings.Join(groupKeys, ", ")+")", groupKeys...)
	if !ok {
		return g
	}
	if v := d.Require(f, "cohort_size", "the most participants a cohort takes, like 12"); v != nil {
		g.CohortSize, _ = d.integer(v, f.At("cohort_size"), 0, maxCount)
	}
	if v := f.Get("min_to_start"); v != nil {
		g.MinToStart, _ = d.integer(v, f.At("min_to_start"), 0, maxCount)
	}
	if v := d.Require(f, "weeks", "the number of weekly sessions, like 26"); v != nil {
		g.Weeks, _ = d.integer(v, f.At("weeks"), 0, maxCount)
	}
	if v := d.Require(f, "start_every", `how often a cohort starts, like "4 weeks"`); v != nil {
		g.StartEvery, _ = d.duration(v, f.At("start_every"), true)
	}
	if v := f.Get("cost_per_facilitator_fte"); v != nil {
		// Groups are bought with the money unless concurrent_cohorts fixes them.
		g.ConcurrentCohorts = 0
		g.CostPerFacilitatorFTE = d.unitCost(v, f.At("cost_per_facilitator_fte"), "one full-time facilitator", "£40,000")
		if v := d.Require(f, "facilitators_per_group", "the facilitator FTE one running group needs, like 1.2 (two facilitators at 0.6 FTE), to go with cost_per_facilitator_fte"); v != nil {
			g.FacilitatorsPerGroup, _ = d.positive(v, f.At("facilitators_per_group"), maxFacilitators)
		}
	} else if v := f.Get("facilitators_per_group"); v != nil {
		g.FacilitatorsPerGroup, _ = d.positive(v, f.At("facilitators_per_group"), maxFacilitators)
	}
	if v := f.Get("concurrent_cohorts"); v != nil {
		g.ConcurrentCohorts, _ = d.integer(v, f.At("concurrent_cohorts"), 0, maxCount)
	}
	if v := f.Get("cost_per_cohort"); v != nil {
		g.CostPerCohort, _ = d.money(v, f.At("cost_per_cohort"), true)
	}
	if v := f.Get("intake"); v != nil {
		s, _ := d.enum(v, f.At("intake"), "intake", []string{"closed", "rolling"})
		g.Rolling = s == "rolling"
		if v := f.Get("join_until_week"); g.Rolling && v == nil {
			d.Errorf(n, path, ErrInvalid, "intake: rolling needs join_until_week, the last week people join a running cohort, like 12")
		}
	}
	if v := f.Get("join_until_week"); v != nil {
		g.JoinUntilWeek, _ = d.integer(v, f.At("join_until_week"), 0, maxCount)
	}
	return g
}

func (d *decoder) refuge(n *yaml.Node, path string) *lotting.Refuge {
	r := &lotting.Refuge{}
	f, ok := d.Mapping(n, path, "a refuge ("+strings.Join(refugeKeys, ", ")+")", refugeKeys...)
	if !ok {
		return r
	}
	if v := f.Get("cost_per_bed"); v != nil {
		r.CostPerBed = d.unitCost(v, f.At("cost_per_bed"), "one bed space", "£25,000")
		if v := f.Get("beds"); v != nil { // fixed beds: the cost only checks the money
			r.Beds, _ = d.integer(v, f.At("beds"), 0, maxCount)
		}
	} else if v := d.Require(f, "beds", "the number of bed spaces, like 20, or cost_per_bed to buy them with the lot's money"); v != nil {
		r.Beds, _ = d.integer(v, f.At("beds"), 0, maxCount)
	}
	if v := d.Require(f, "length_of_stay", "how long a stay lasts, like {gamma: {mean: 150 days, sd: 60 days}}"); v != nil {
		r.LengthOfStay, _ = d.distribution(v, f.At("length_of_stay"), false)
	}
	if v := f.Get("when_full"); v != nil {
		if s, ok := d.enum(v, f.At("when_full"), "when_full policy", lotting.WhenFullNames()); ok {
			w, err := lotting.ParseWhenFull(s)
			if err != nil {
				d.Errorf(v, f.At("when_full"), err, "%s", plain(err))
			}
			r.WhenFull = w
		}
	}
	if v := f.Get("declined_share"); v != nil {
		r.DeclinedShare, _ = d.share(v, f.At("declined_share"))
	}
	return r
}

func (d *decoder) disengagement(n *yaml.Node, path string) []lotting.Disengagement {
	items := d.List(n, path, "disengagement entries {client_group, patience, drop_out}")
	out := make([]lotting.Disengagement, len(items))
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a disengagement entry ("+strings.Join(disengageKeys, ", ")+")", disengageKeys...)
		if !ok {
			continue
		}
		x := &out[i]
		if v := d.Require(f, "client_group", "the client group ("+strings.Join(lotting.ClientGroupNames(), ", ")+")"); v != nil {
			x.Group = d.clientGroup(v, f.At("client_group"))
		}
		if v := f.Get("patience"); v != nil {
			if dist, ok := d.distribution(v, f.At("patience"), false); ok {
				x.Patience = &dist
			}
		}
		if v := f.Get("drop_out"); v != nil {
			x.DropOut, _ = d.share(v, f.At("drop_out"))
		}
		if v := f.Get("engagement"); v != nil {
			x.Engagement = d.engagement(v, f.At("engagement"))
		}
	}
	return out
}

// engagement reads contact while waiting: {every: 2 weeks, patience_factor: 2}.
func (d *decoder) engagement(n *yaml.Node, path string) *lotting.Engagement {
	e := &lotting.Engagement{PatienceFactor: 1}
	f, ok := d.Mapping(n, path, "engagement while waiting ("+strings.Join(engagementKeys, ", ")+")", engagementKeys...)
	if !ok {
		return e
	}
	if v := d.Require(f, "every", `the interval between contacts, like "2 weeks"`); v != nil {
		e.Every, _ = d.duration(v, f.At("every"), true)
	}
	if v := d.Require(f, "patience_factor", "how many times slower people give up while engaged, like 2 (1: no slower)"); v != nil {
		e.PatienceFactor, _ = d.number(v, f.At("patience_factor"), 1, maxPatienceFactor)
	}
	return e
}

func (d *decoder) changes(n *yaml.Node, path string) []lotting.Change {
	items := d.List(n, path, "changes {date, fte, beds, concurrent_cohorts, delivery, convert_groups, caseload_per_fte, max_caseload_per_fte}")
	out := make([]lotting.Change, len(items))
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a change ("+strings.Join(changeKeys, ", ")+")", changeKeys...)
		if !ok {
			continue
		}
		c := &out[i]
		if v := d.Require(f, "date", "the date the change takes effect, like 2021-04-01"); v != nil {
			c.Date, _ = d.date(v, f.At("date"))
		}
		if v := f.Get("fte"); v != nil {
			c.FTE, _ = d.number(v, f.At("fte"), 0, maxFTE)
		}
		if v := f.Get("beds"); v != nil {
			c.Beds, _ = d.integer(v, f.At("beds"), 0, maxCount)
		}
		if v := f.Get("concurrent_cohorts"); v != nil {
			c.ConcurrentCohorts, _ = d.integer(v, f.At("concurrent_cohorts"), 0, maxCount)
		}
		if v := f.Get("delivery"); v != nil {
			// Only casework (1:1) and group work switch; beds do not.
			if s, ok := d.enum(v, f.At("delivery"), "delivery from the date", []string{"casework", "group"}); ok {
				if dl, err := lotting.ParseDelivery(s); err == nil {
					c.Delivery = &dl
				}
			}
		}
		if v := f.Get("convert_groups"); v != nil {
			c.ConvertGroups, _ = d.boolean(v, f.At("convert_groups"))
		}
		if v := f.Get("caseload_per_fte"); v != nil {
			c.CaseloadPerFTE, _ = d.positive(v, f.At("caseload_per_fte"), maxFTE)
		}
		if v := f.Get("max_caseload_per_fte"); v != nil {
			c.MaxCaseloadPerFTE, _ = d.positive(v, f.At("max_caseload_per_fte"), maxFTE)
		}
	}
	return out
}

// frontDoor decodes the central point of contact's triage.
func (d *decoder) frontDoor(n *yaml.Node, path string, lots []string) *lotting.FrontDoor {
	fd := &lotting.FrontDoor{}
	f, ok := d.Mapping(n, path, "a front door ("+strings.Join(frontDoorKeys, ", ")+")", frontDoorKeys...)
	if !ok {
		return fd
	}
	if v := d.Require(f, "lot", "the name of the central_point_of_contact lot that runs triage"); v != nil {
		fd.Lot, _ = d.ref(v, f.At("lot"), "lot", "lots", lots)
	}
	if v := f.Get("cost_per_handler_fte"); v != nil {
		fd.CostPerHandlerFTE = d.unitCost(v, f.At("cost_per_handler_fte"), "one full-time handler", "£32,000")
		if v := f.Get("handlers"); v != nil { // fixed seats: the cost only checks the money
			fd.Handlers, _ = d.integer(v, f.At("handlers"), 0, maxCount)
		}
	} else if v := d.Require(f, "handlers", "the number of people triaging at once, like 6, or cost_per_handler_fte to buy them with the lot's money"); v != nil {
		fd.Handlers, _ = d.integer(v, f.At("handlers"), 0, maxCount)
	}
	if v := f.Get("rota_factor"); v != nil {
		fd.RotaFactor, _ = d.number(v, f.At("rota_factor"), 1, lotting.MaxRotaFactor)
	}
	if v := d.Require(f, "handling_time", "how long triage takes, like {lognormal: {mean: 45 minutes, sd: 20 minutes}}"); v != nil {
		fd.HandlingTime, _ = d.distribution(v, f.At("handling_time"), true)
	}
	if v := f.Get("self_serve"); v != nil {
		fd.SelfServe = riskMap(d, v, f.At("self_serve"), "self-serve shares by risk level, like {standard: 20%}", d.share)
	}
	return fd
}

// onCost reads a lot's on-cost, a percentage from 0% to below 100%, as a
// share (0.15 for 15%), exactly.
func (d *decoder) onCost(n *yaml.Node, path string) decimal.Decimal {
	p, ok := d.percent(n, path, 0, 100)
	if !ok {
		return decimal.Decimal{}
	}
	if p.Equal(decimal.NewFromInt(100)) {
		d.Errorf(n, path, ErrInvalid, "on_cost 100%% leaves no money for the service; want a share of the lot's money from 0%% to below 100%%, like 15%%")
		return decimal.Decimal{}
	}
	return p.Shift(-2)
}

// unitCost reads a year's cost of one unit (what is one FTE, a bed): money
// of at least minCostPerFTE, £1,000, as less is a mistake of units. what
// names the unit in the message ("one bed space"), like an example amount.
func (d *decoder) unitCost(n *yaml.Node, path, what, like string) funding.Money {
	m, ok := d.money(n, path, true)
	if ok && m.Sign() > 0 && m.Cmp(minCostPerFTE) < 0 {
		d.Errorf(n, path, ErrInvalid, "%s is less than %s, the least a year's cost of %s may be; give the cost in pounds a year, like \"%s\"", m, minCostPerFTE, what, like)
		return funding.Money{}
	}
	return m
}

// positive reads a number above 0 and at most hi.
func (d *decoder) positive(n *yaml.Node, path string, hi float64) (float64, bool) {
	v, ok := d.number(n, path, 0, hi)
	if ok && v == 0 {
		d.Errorf(n, path, ErrInvalid, "0 is out of range; want a number above 0 and at most %s", fmtFloat(hi))
		return 0, false
	}
	return v, ok
}
