package scenario

import (
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// This file reads the money side of a scenario: funders, their status and
// contributions, the stated figures, inflation and the contracts.

// funders decodes the funders list. areas are the scenario's areas, for
// earmarks to an area.
func (d *decoder) funders(n *yaml.Node, path string, areas []string) []funding.Funder {
	items := d.List(n, path, "funders")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; a scenario needs at least one funder")
	}
	out := make([]funding.Funder, len(items))
	names := map[string]*yaml.Node{}
	var lead *yaml.Node
	var leadName string
	type stated struct {
		v decimal.Decimal
		n *yaml.Node
		p string
	}
	var shares []stated
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a funder ("+strings.Join(funderKeys, ", ")+")", funderKeys...)
		if !ok {
			continue
		}
		fu := &out[i]
		if v := d.Require(f, "name", "the funder's name, like Staffordshire County Council"); v != nil {
			if name, ok := d.text(v, f.At("name"), "the funder's name"); ok {
				fu.Name = name
				if first := names[name]; first != nil {
					d.Errorf(v, f.At("name"), ErrDuplicate, "funder %s is listed twice (first on line %d); funder names must be unique", yamlnode.Quote(name), first.Line)
				} else {
					names[name] = v
				}
			}
		}
		if v := f.Get("source"); v != nil {
			fu.Source, _ = d.text(v, f.At("source"), "where the money comes from, like council core budget")
		}
		if v := f.Get("lead"); v != nil {
			fu.Lead, _ = d.boolean(v, f.At("lead"))
			if fu.Lead {
				if lead != nil {
					d.Errorf(v, f.At("lead"), ErrInvalid, "only one funder can be the lead commissioner; %s is the lead already (line %d)", yamlnode.Quote(leadName), lead.Line)
				} else {
					lead, leadName = v, fu.Name
				}
			}
		}
		if v := f.Get("stated_share"); v != nil {
			if x, ok := d.percent(v, f.At("stated_share"), 0, 100); ok {
				fu.StatedShare = &x
				shares = append(shares, stated{x, v, f.At("stated_share")})
			}
		}
		if v := f.Get("status"); v != nil {
			fu.Status = d.status(v, f.At("status"))
		}
		if d.OneOf(f, "contributions", "annual") {
			switch {
			case f.Has("contributions"):
				fu.Contributions = d.contributions(f.Get("contributions"), f.At("contributions"))
			case f.Has("annual"):
				fu.Contributions = d.annual(f.Get("annual"), f.At("annual"))
			default:
				d.Errorf(f.Node(), p, ErrMissing, `missing key "contributions" or "annual": the money the funder gives, as contributions: [{year: 2018/19, amount: "£670,490"}] or annual: {amount: "£670,490", from: 2018/19, to: 2022/23}`)
			}
		}
		// One earmark may be written as earmark: {...}, several as
		// earmarks: [{...}, ...].
		switch {
		case f.Has("earmark") && f.Has("earmarks"):
			d.Errorf(f.Get("earmarks"), f.At("earmarks"), ErrInvalid, `both "earmark" and "earmarks": write one earmark as earmark: {lot: NAME, share: 100%%}, or several as earmarks: [{...}, {...}]`)
		case f.Has("earmark"):
			fu.Earmarks = d.earmarks(f.Get("earmark"), f.At("earmark"), areas, fu)
		case f.Has("earmarks"):
			fu.Earmarks = d.earmarks(f.Get("earmarks"), f.At("earmarks"), areas, fu)
		}
	}
	// Stated shares are rounded figures: 31% stands for anything from 30.5%
	// to 31.5%. Shares that add up to more than 100% by more than their
	// rounding allows cannot all be true at once (shares that add up to
	// less, or a little more, are a finding: see funding.Reconcile).
	if len(shares) > 0 {
		sum, slack := decimal.Zero, decimal.Zero
		parts := make([]string, len(shares))
		for i, s := range shares {
			sum = sum.Add(s.v)
			slack = slack.Add(decimal.New(5, s.v.Exponent()-1))
			parts[i] = s.v.String() + "%"
		}
		if sum.Sub(slack).GreaterThan(decimal.NewFromInt(100)) {
			last := shares[len(shares)-1]
			d.Errorf(last.n, last.p, ErrInvalid, "stated shares add up to %s%% (%s), more than 100%% even allowing for rounding; each is a part of the whole pool",
				sum.String(), strings.Join(parts, " + "))
		}
	}
	return out
}

// status decodes a funder's status: confirmed, {at_risk: 10%} or
// {stopping: 2024/25}.
func (d *decoder) status(n *yaml.Node, path string) funding.Status {
	const want = "confirmed; {at_risk: 10%}, the chance each year that the money is withdrawn; or {stopping: 2024/25}, the first financial year with no money"
	if n.Kind == yaml.ScalarNode {
		s := strings.TrimSpace(n.Value)
		switch s {
		case "confirmed":
			return funding.Status{}
		case "at_risk", "stopping":
			d.Errorf(n, path, ErrInvalid, "%s needs a value; want %s", s, want)
		default:
			d.Errorf(n, path, ErrInvalid, "unknown status %s%s (want %s)", yamlnode.Quote(s), yamlnode.DidYouMean(s, []string{"confirmed", "at_risk", "stopping"}), want)
		}
		return funding.Status{}
	}
	f, ok := d.Mapping(n, path, "a funding status: "+want, statusKeys...)
	if !ok || !d.OneOf(f, statusKeys...) {
		return funding.Status{}
	}
	switch {
	case f.Has("at_risk"):
		p, _ := d.share(f.Get("at_risk"), f.At("at_risk"))
		return funding.Status{Kind: funding.AtRisk, WithdrawalProbability: p}
	case f.Has("stopping"):
		y, _ := d.financialYear(f.Get("stopping"), f.At("stopping"))
		return funding.Status{Kind: funding.Stopping, StopsFrom: y}
	}
	if f.Len() == 0 {
		d.Errorf(n, path, ErrMissing, "empty status; want %s", want)
	} else {
		for _, k := range statusKeys {
			if f.Given(k) {
				d.Require(f, k, want)
			}
		}
	}
	return funding.Status{}
}

// contributions decodes a list of {year, amount}.
func (d *decoder) contributions(n *yaml.Node, path string) []funding.Contribution {
	items := d.List(n, path, "contributions {year, amount}")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; give at least one contribution {year: 2018/19, amount: \"£670,490\"}")
	}
	out := make([]funding.Contribution, len(items))
	years := map[funding.FinancialYear]*yaml.Node{}
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a contribution {year, amount}", contributionKeys...)
		if !ok {
			continue
		}
		c := &out[i]
		if v := d.Require(f, "year", "the financial year, like 2018/19"); v != nil {
			if y, ok := d.financialYear(v, f.At("year")); ok {
				c.Year = y
				if first := years[y]; first != nil {
					d.Errorf(v, f.At("year"), ErrDuplicate, "%s is listed twice (first on line %d); give one contribution a year", y, first.Line)
				} else {
					years[y] = v
				}
			}
		}
		if v := d.Require(f, "amount", `the amount, like "£670,490"`); v != nil {
			c.Amount, _ = d.money(v, f.At("amount"), true)
		}
	}
	return out
}

// annual decodes {amount, from, to}: the same amount every financial year
// from from to to, both included.
func (d *decoder) annual(n *yaml.Node, path string) []funding.Contribution {
	f, ok := d.Mapping(n, path, "an annual contribution {amount, from, to}", annualKeys...)
	if !ok {
		return nil
	}
	var amount funding.Money
	var from, to funding.FinancialYear
	good := true
	if v := d.Require(f, "amount", `the amount each year, like "£670,490"`); v != nil {
		amount, ok = d.money(v, f.At("amount"), true)
		good = good && ok
	} else {
		good = false
	}
	if v := d.Require(f, "from", "the first financial year, like 2018/19"); v != nil {
		from, ok = d.financialYear(v, f.At("from"))
		good = good && ok
	} else {
		good = false
	}
	if v := d.Require(f, "to", "the last financial year, like 2022/23"); v != nil {
		to, ok = d.financialYear(v, f.At("to"))
		good = good && ok
		if ok && good && to < from {
			d.Errorf(v, f.At("to"), ErrInvalid, "the last year, %s, is before the first, %s", to, from)
			good = false
		}
		if ok && good && int(to-from) >= maxYears {
			d.Errorf(v, f.At("to"), ErrInvalid, "%s to %s is more than %d years", from, to, maxYears)
			good = false
		}
	} else {
		good = false
	}
	if !good {
		return nil
	}
	out := make([]funding.Contribution, 0, int(to-from)+1)
	for y := from; y <= to; y++ {
		out = append(out, funding.Contribution{Year: y, Amount: amount})
	}
	return out
}

// stated decodes the figures documents state for the pool.
func (d *decoder) stated(n *yaml.Node, path string) funding.Stated {
	var s funding.Stated
	f, ok := d.Mapping(n, path, "the stated figures {annual_total, year}", statedKeys...)
	if !ok {
		return s
	}
	if v := f.Get("annual_total"); v != nil {
		if m, ok := d.money(v, f.At("annual_total"), true); ok {
			s.AnnualTotal = &m
		}
	}
	if v := f.Get("year"); v != nil {
		s.Year, _ = d.financialYear(v, f.At("year"))
	}
	return s
}

// inflation decodes {default, rates}.
func (d *decoder) inflation(n *yaml.Node, path string) funding.Inflation {
	var inf funding.Inflation
	f, ok := d.Mapping(n, path, "inflation {default, rates}", inflationKeys...)
	if !ok {
		return inf
	}
	if v := f.Get("default"); v != nil {
		inf.Default, _ = d.percent(v, f.At("default"), minRatePct, maxRatePct)
	}
	rn := f.Get("rates")
	if rn == nil {
		return inf
	}
	p := f.At("rates")
	if rn.Kind != yaml.MappingNode {
		d.Errorf(rn, p, ErrType, "want a mapping (key: value pairs) of financial years to rates, like {2018/19: 2.5%%, 2019/20: 1.8%%}, got %s", yamlnode.Describe(rn))
		return inf
	}
	d.byYear(rn, p, "the year's inflation, like 2.5%", func(y funding.FinancialYear, v *yaml.Node, kp string) {
		if r, ok := d.percent(v, kp, minRatePct, maxRatePct); ok {
			if inf.Rates == nil {
				inf.Rates = map[funding.FinancialYear]decimal.Decimal{}
			}
			inf.Rates[y] = r
		}
	})
	return inf
}

// byYear reads a mapping of financial years to values, reporting keys
// that are not financial years, years given twice and years with no value
// (want says what the value should be), and calls value for each of the
// rest in file order.
func (d *decoder) byYear(n *yaml.Node, path, want string, value func(y funding.FinancialYear, v *yaml.Node, path string)) {
	first := map[funding.FinancialYear]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := yamlnode.Key(path, k.Value)
		y, ok := d.financialYear(k, kp)
		if !ok {
			continue
		}
		if f := first[y]; f != nil {
			d.Errorf(k, kp, ErrDuplicate, "%s is given twice (first on line %d)", y, f.Line)
			continue
		}
		first[y] = k
		if yamlnode.IsNull(v) {
			d.Errorf(v, kp, ErrMissing, "no value given; want %s", want)
			continue
		}
		value(y, v, kp)
	}
}

// contracts decodes the contracts list.
func (d *decoder) contracts(n *yaml.Node, path string) []Contract {
	items := d.List(n, path, "contracts")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; a scenario needs at least one contract")
	}
	out := make([]Contract, len(items))
	names := map[string]*yaml.Node{}
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a contract ("+strings.Join(contractKeys, ", ")+")", contractKeys...)
		if !ok {
			continue
		}
		c := &out[i]
		if v := d.Require(f, "name", "the contract's name, like New Era"); v != nil {
			if name, ok := d.text(v, f.At("name"), "the contract's name"); ok {
				c.Name = name
				if first := names[name]; first != nil {
					d.Errorf(v, f.At("name"), ErrDuplicate, "contract %s is listed twice (first on line %d); contract names must be unique", yamlnode.Quote(name), first.Line)
				} else {
					names[name] = v
				}
			}
		}
		t := &c.Terms
		if v := d.Require(f, "start", "the contract's first day, like 2018-10-01"); v != nil {
			t.Start, _ = d.date(v, f.At("start"))
		}
		if v := d.Require(f, "initial_term", `the initial term, like "5 years"`); v != nil {
			t.Initial, _ = d.duration(v, f.At("initial_term"), true)
		}
		if v := f.Get("extensions"); v != nil {
			t.Extensions = d.extensions(v, f.At("extensions"))
		}
		if v := f.Get("stated_end"); v != nil {
			t.StatedEnd, _ = d.date(v, f.At("stated_end"))
		}
		if v := f.Get("notice"); v != nil {
			t.Notice, _ = d.duration(v, f.At("notice"), false)
		}
		if v := f.Get("reprocurement_lead"); v != nil {
			t.ReprocurementLead, _ = d.duration(v, f.At("reprocurement_lead"), false)
		}
		if v := f.Get("uplift"); v != nil {
			c.Uplift = d.uplift(v, f.At("uplift"))
		}
		if v := f.Get("mobilisation"); v != nil {
			c.Mobilisation = d.mobilisation(v, f.At("mobilisation"))
		}
	}
	return out
}

// mobilisation decodes a contract's start-up: {weeks: 12, capacity: 50%}.
func (d *decoder) mobilisation(n *yaml.Node, path string) *Mobilisation {
	m := &Mobilisation{Capacity: 1}
	f, ok := d.Mapping(n, path, "a mobilisation ("+strings.Join(mobilisationKeys, ", ")+"), like {weeks: 12, capacity: 50%}", mobilisationKeys...)
	if !ok {
		return m
	}
	if v := d.Require(f, "weeks", "the whole weeks of reduced capacity from the contract's start, like 12"); v != nil {
		if w, ok := d.integer(v, f.At("weeks"), 1, maxMobilisationWeeks); ok {
			m.Weeks = w
		}
	}
	if v := d.Require(f, "capacity", "the share of the usual capacity that runs meanwhile, like 50%"); v != nil {
		m.Capacity, _ = d.share(v, f.At("capacity"))
	}
	return m
}

// extensions decodes a contract's extension options.
func (d *decoder) extensions(n *yaml.Node, path string) []funding.Extension {
	items := d.List(n, path, "extension options {length, taken, stated_from, stated_until}")
	out := make([]funding.Extension, len(items))
	untaken := 0 // 1-based number of the first option not taken
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "an extension option ("+strings.Join(extensionKeys, ", ")+")", extensionKeys...)
		if !ok {
			continue
		}
		x := &out[i]
		if v := d.Require(f, "length", `the option's length, like "2 years"`); v != nil {
			x.Length, _ = d.duration(v, f.At("length"), true)
		}
		if v := f.Get("taken"); v != nil {
			x.Taken, _ = d.boolean(v, f.At("taken"))
			if x.Taken && untaken > 0 {
				d.Errorf(v, f.At("taken"), ErrInvalid, "extension %d is taken but extension %d is not; options are taken in order (mark extension %d taken, or this one not)",
					i+1, untaken, untaken)
			}
		}
		if !x.Taken && untaken == 0 {
			untaken = i + 1
		}
		if v := f.Get("stated_from"); v != nil {
			x.StatedFrom, _ = d.date(v, f.At("stated_from"))
		}
		if v := f.Get("stated_until"); v != nil {
			x.StatedUntil, _ = d.date(v, f.At("stated_until"))
		}
	}
	return out
}

// uplift decodes none, cpi, {fixed: 2%} or {cpi: {cap: 3%, floor: 0%}}.
func (d *decoder) uplift(n *yaml.Node, path string) funding.Uplift {
	const want = "none, {fixed: 2%} or {cpi: {cap: 3%, floor: 0%}} (cap and floor optional)"
	if n.Kind == yaml.ScalarNode {
		switch s := strings.TrimSpace(n.Value); s {
		case "none":
			return funding.Uplift{}
		case "cpi":
			return funding.Uplift{Kind: funding.CPI}
		case "fixed":
			d.Errorf(n, path, ErrInvalid, "fixed needs a rate; want %s", want)
		default:
			d.Errorf(n, path, ErrInvalid, "unknown uplift %s%s (want %s)", yamlnode.Quote(s), yamlnode.DidYouMean(s, []string{"none", "cpi", "fixed"}), want)
		}
		return funding.Uplift{}
	}
	f, ok := d.Mapping(n, path, "an uplift: "+want, upliftKeys...)
	if !ok || !d.OneOf(f, upliftKeys...) {
		return funding.Uplift{}
	}
	if v := f.Get("fixed"); v != nil {
		r, _ := d.percent(v, f.At("fixed"), minRatePct, maxRatePct)
		return funding.Uplift{Kind: funding.Fixed, Rate: r}
	}
	if given := f.Given("cpi"); given {
		u := funding.Uplift{Kind: funding.CPI}
		v := f.Get("cpi")
		if v == nil {
			return u // {cpi: } is CPI with no cap or floor
		}
		g, ok := d.Mapping(v, f.At("cpi"), "the CPI bounds {cap, floor}", cpiKeys...)
		if !ok {
			return u
		}
		if c := g.Get("cap"); c != nil {
			if x, ok := d.percent(c, g.At("cap"), minRatePct, maxRatePct); ok {
				u.Cap = &x
			}
		}
		if fl := g.Get("floor"); fl != nil {
			if x, ok := d.percent(fl, g.At("floor"), minRatePct, maxRatePct); ok {
				u.Floor = &x
			}
		}
		if u.Cap != nil && u.Floor != nil && u.Cap.LessThan(*u.Floor) {
			d.Errorf(g.Get("cap"), g.At("cap"), ErrInvalid, "the cap, %s%%, is below the floor, %s%%", u.Cap, u.Floor)
		}
		return u
	}
	if f.Len() == 0 {
		d.Errorf(n, path, ErrMissing, "empty uplift; want %s", want)
	} else {
		d.Require(f, "fixed", "the yearly rate, like 2%")
	}
	return funding.Uplift{}
}
