package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// This file decodes each section of a scenario into funding and lotting
// values. Every list item is kept, even one that could not be read, so
// that index i of a Go slice is item i of the file and the paths the
// lotting package reports point at the right lines.

// requiredKeys lists the keys every scenario needs, for messages.
const requiredKeys = "name, base_year, areas, funders, contracts, lots, demand and routing"

// Keys of each mapping in the format, in the order the documentation gives
// them (and error messages list them).
var (
	topKeys          = []string{"name", "description", "base_year", "areas", "funders", "stated", "inflation", "contracts", "lots", "front_door", "demand", "routing", "simulation"}
	funderKeys       = []string{"name", "source", "lead", "stated_share", "status", "contributions", "annual"}
	contributionKeys = []string{"year", "amount"}
	annualKeys       = []string{"amount", "from", "to"}
	statusKeys       = []string{"at_risk", "stopping"}
	statedKeys       = []string{"annual_total", "year"}
	inflationKeys    = []string{"default", "rates"}
	contractKeys     = []string{"name", "start", "initial_term", "extensions", "stated_end", "notice", "reprocurement_lead", "uplift"}
	extensionKeys    = []string{"length", "taken", "stated_from", "stated_until"}
	upliftKeys       = []string{"fixed", "cpi"}
	cpiKeys          = []string{"cap", "floor"}
	lotKeys          = []string{"name", "kind", "contract", "areas", "allocation", "wait_targets", "wait_target_level", "service", "disengagement", "changes"}
	allocationKeys   = []string{"percent", "amount"}
	serviceKeys      = []string{"delivery", "caseworkers", "group", "refuge"}
	caseworkerKeys   = []string{"fte", "cost_per_fte", "caseload_per_fte", "case_length"}
	groupKeys        = []string{"cohort_size", "min_to_start", "weeks", "start_every", "concurrent_cohorts", "cost_per_cohort"}
	refugeKeys       = []string{"beds", "length_of_stay", "when_full", "declined_share"}
	disengageKeys    = []string{"client_group", "patience", "drop_out"}
	changeKeys       = []string{"date", "fte", "beds", "concurrent_cohorts"}
	frontDoorKeys    = []string{"lot", "handlers", "handling_time", "self_serve"}
	demandKeys       = []string{"start", "seasonality", "shocks", "streams"}
	streamKeys       = []string{"area", "client_group", "referrals_per_year", "risk_mix", "growth", "repeat_rate"}
	shockKeys        = []string{"name", "from", "to", "multiplier"}
	ruleKeys         = []string{"client_groups", "risks", "areas", "lot"}
	simulationKeys   = []string{"seed", "replications", "horizon", "start_state", "stopping_rule"}
	startStateKeys   = []string{"warm_up", "inherited"}
	inheritedKeys    = []string{"lot", "waiting", "open_cases"}
	stoppingKeys     = []string{"metric", "lot", "relative_half_width", "min", "max"}
)

// Bounds on counts and rates. They are far beyond any real service; they
// keep arithmetic finite and loops short whatever the input. Each is
// documented in scenarios/README.md.
const (
	maxCount     = 1_000_000   // beds, handlers, cohort sizes, weeks, people
	maxFTE       = 1_000_000.0 // caseworkers, caseload per FTE
	maxReferrals = 2_000_000   // referrals a year in one stream: MaxPeoplePerReplication
	maxShock     = 10.0        // shock multipliers: a lockdown's dip was x0.6, its rebound x1.3
	maxSeason    = 12.0        // seasonality multipliers, which average 1 over 12 months
	maxReps      = 10_000_000  // simulation replications
	// Yearly rates (inflation, growth, uplift, CPI caps and floors): UK CPI
	// has stayed between -1% and 25% a year since 1950; -50% to +100% a
	// year allows any scenario and keeps a 100-year index finite and far
	// from 0.
	maxRatePct = 100
	minRatePct = -50
	// maxRepeatPct is the highest repeat rate: the simulation refers a
	// person again at most once, so at most half of referrals are repeats.
	maxRepeatPct = 50
)

// maxMoney is the largest amount of money a scenario may state, £10
// billion: more than any partnership's budget (the largest English PCC
// Victims Fund grants are tens of millions), and small enough that every
// sum, share and real-terms figure stays exact and printable.
var maxMoney = funding.Pounds(10_000_000_000)

// minCostPerFTE is the least a scenario may give as the cost of one
// full-time caseworker a year, £1,000: less is not a salary but a mistake
// of units (pence for pounds, say), and would make the money buy absurd
// numbers of staff. (The lot's money must in any case buy at most
// 1,000,000 FTE and 2^30 cases at once; see MaxCaseSlots.)
var minCostPerFTE = funding.Pounds(1000)

// scenario decodes the document's content.
func (d *decoder) scenario(n *yaml.Node) *Scenario {
	s := &Scenario{}
	f, ok := d.mapping(n, "", "a scenario ("+requiredKeys+")", topKeys...)
	if !ok {
		return s
	}
	if v := d.require(f, "name", "the scenario's name"); v != nil {
		s.Name, _ = d.text(v, "name", "the scenario's name")
	}
	if v := f.get("description"); v != nil && d.scalar(v, "description", "free text") {
		s.Description = strings.TrimSpace(v.Value)
	}
	if v := d.require(f, "base_year", "the financial year of the price base for real terms, like 2018/19"); v != nil {
		s.BaseYear, _ = d.financialYear(v, "base_year")
	}
	if v := d.require(f, "areas", "the areas the partnership covers, like [Staffordshire, Stoke-on-Trent]"); v != nil {
		s.Structure.Areas = d.names(v, "areas", "area", "areas")
	}
	if v := d.require(f, "funders", "a list of the bodies that pay into the pool"); v != nil {
		s.Pool.Funders = d.funders(v, "funders")
	}
	if v := f.get("stated"); v != nil {
		s.Stated = d.stated(v, "stated")
	}
	if v := f.get("inflation"); v != nil {
		s.Inflation = d.inflation(v, "inflation")
	}
	if v := d.require(f, "contracts", "a list of the contracts the lots are bought under"); v != nil {
		s.Contracts = d.contracts(v, "contracts")
	}
	var contractNames []string
	for _, c := range s.Contracts {
		if c.Name != "" {
			contractNames = append(contractNames, c.Name)
		}
	}
	if v := d.require(f, "lots", "a list of the lots the service is split into"); v != nil {
		s.Structure.Lots = d.lots(v, "lots", s.Structure.Areas, contractNames)
	}
	var lotNames []string
	for _, l := range s.Structure.Lots {
		if l.Name != "" {
			lotNames = append(lotNames, l.Name)
		}
	}
	if v := f.get("front_door"); v != nil {
		s.Structure.FrontDoor = d.frontDoor(v, "front_door", lotNames)
	}
	if v := d.require(f, "demand", "the referrals expected: start, streams, and optional seasonality and shocks"); v != nil {
		s.Demand = d.demand(v, "demand", s.Structure.Areas)
	}
	if v := d.require(f, "routing", "a list of rules sending each kind of referral to a lot"); v != nil {
		s.Structure.Rules = d.routing(v, "routing", s.Structure.Areas, lotNames)
	}
	if v := f.get("simulation"); v != nil {
		s.Simulation = d.simulation(v, "simulation", lotNames)
	}
	d.crossCheck(s, f)
	if len(d.errs) == 0 {
		d.checkLimits(s)
	}
	return s
}

// names reads a non-empty list of unique names (areas).
func (d *decoder) names(n *yaml.Node, path, noun, plural string) []string {
	items := d.list(n, path, plural)
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, path, ErrMissing, "empty list; give at least one %s", noun)
	}
	var out []string
	seen := map[string]*yaml.Node{}
	for i, item := range items {
		p := index(path, i)
		name, ok := d.text(item, p, "the name of "+article(noun))
		if !ok {
			continue
		}
		if first := seen[name]; first != nil {
			d.errorf(item, p, ErrDuplicate, "%s %s is listed twice (first on line %d)", noun, quote(name), first.Line)
			continue
		}
		seen[name] = item
		out = append(out, name)
	}
	return out
}

// article returns noun with "a" or "an".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// ref reads the name of something declared elsewhere in the scenario (an
// area, a lot, a contract), reporting a name not among names with the
// nearest one and the list. It returns the name even when unknown, so the
// Go value records what the file says.
func (d *decoder) ref(n *yaml.Node, path, noun, plural string, names []string) (string, bool) {
	s, ok := d.text(n, path, "the name of "+article(noun))
	if !ok {
		return "", false
	}
	if names == nil {
		return s, true // none could be read, which is reported already
	}
	if !contains(names, s) {
		if d.full() {
			d.dropped++
			return s, false
		}
		d.errorf(n, path, ErrUnknownName, "unknown %s %s%s (%s: %s)", noun, quote(s), didYouMean(s, names), plural, quoteList(names))
		return s, false
	}
	return s, true
}

// maxListed is the most names a message lists.
const maxListed = 20

// quoteList lists names in quotes, or says there are none.
func quoteList(names []string) string {
	if len(names) == 0 {
		return "none declared"
	}
	q := make([]string, 0, min(len(names), maxListed)+1)
	for _, s := range names[:min(len(names), maxListed)] {
		q = append(q, quote(s))
	}
	if len(names) > maxListed {
		q = append(q, fmt.Sprintf("and %d more", len(names)-maxListed))
	}
	return strings.Join(q, ", ")
}

// enum reads one of a fixed set of names (a lot kind, a risk level),
// reporting any other with the nearest and the list.
func (d *decoder) enum(n *yaml.Node, path, noun string, names []string) (string, bool) {
	want := noun + " (" + strings.Join(names, ", ") + ")"
	if !d.scalar(n, path, want) {
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if !contains(names, s) {
		d.errorf(n, path, ErrInvalid, "unknown %s %s%s (valid: %s)", noun, quote(s), didYouMean(s, names), strings.Join(names, ", "))
		return "", false
	}
	return s, true
}

// kind reads a lot kind.
func (d *decoder) kind(n *yaml.Node, path string) lotting.Kind {
	s, ok := d.enum(n, path, "lot kind", lotting.KindNames())
	if !ok {
		return 0
	}
	k, err := lotting.ParseKind(s)
	if err != nil {
		d.errorf(n, path, err, "%s", plain(err))
	}
	return k
}

// clientGroup reads a client group.
func (d *decoder) clientGroup(n *yaml.Node, path string) lotting.ClientGroup {
	s, ok := d.enum(n, path, "client group", lotting.ClientGroupNames())
	if !ok {
		return 0
	}
	g, err := lotting.ParseClientGroup(s)
	if err != nil {
		d.errorf(n, path, err, "%s", plain(err))
	}
	return g
}

// risk reads a risk level.
func (d *decoder) risk(n *yaml.Node, path string) lotting.Risk {
	s, ok := d.enum(n, path, "risk level", lotting.RiskNames())
	if !ok {
		return 0
	}
	r, err := lotting.ParseRisk(s)
	if err != nil {
		d.errorf(n, path, err, "%s", plain(err))
	}
	return r
}

// riskMap reads a mapping from risk levels to values read by value,
// returning nil for an empty mapping.
func (d *decoder) riskMap(n *yaml.Node, path, what string, value func(v *yaml.Node, path string) (float64, bool)) map[lotting.Risk]float64 {
	f, ok := d.mapping(n, path, what, lotting.RiskNames()...)
	if !ok {
		return nil
	}
	var out map[lotting.Risk]float64
	for _, name := range lotting.RiskNames() {
		v := f.get(name)
		if v == nil {
			if _, given := f.keys[name]; given {
				d.require(f, name, what)
			}
			continue
		}
		x, ok := value(v, f.at(name))
		if !ok {
			continue
		}
		r, err := lotting.ParseRisk(name)
		if err != nil {
			d.errorf(v, f.at(name), err, "%s", plain(err))
			continue
		}
		if out == nil {
			out = map[lotting.Risk]float64{}
		}
		out[r] = x
	}
	return out
}

// share reads a percentage from 0% to 100% as a fraction.
func (d *decoder) share(n *yaml.Node, path string) (float64, bool) {
	return d.fraction(n, path, 0, 100)
}

// funders decodes the funders list.
func (d *decoder) funders(n *yaml.Node, path string) []funding.Funder {
	items := d.list(n, path, "funders")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, path, ErrMissing, "empty list; a scenario needs at least one funder")
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
		p := index(path, i)
		f, ok := d.mapping(item, p, "a funder ("+strings.Join(funderKeys, ", ")+")", funderKeys...)
		if !ok {
			continue
		}
		fu := &out[i]
		if v := d.require(f, "name", "the funder's name, like Staffordshire County Council"); v != nil {
			if name, ok := d.text(v, f.at("name"), "the funder's name"); ok {
				fu.Name = name
				if first := names[name]; first != nil {
					d.errorf(v, f.at("name"), ErrDuplicate, "funder %s is listed twice (first on line %d); funder names must be unique", quote(name), first.Line)
				} else {
					names[name] = v
				}
			}
		}
		if v := f.get("source"); v != nil {
			fu.Source, _ = d.text(v, f.at("source"), "where the money comes from, like council core budget")
		}
		if v := f.get("lead"); v != nil {
			fu.Lead, _ = d.boolean(v, f.at("lead"))
			if fu.Lead {
				if lead != nil {
					d.errorf(v, f.at("lead"), ErrInvalid, "only one funder can be the lead commissioner; %s is the lead already (line %d)", quote(leadName), lead.Line)
				} else {
					lead, leadName = v, fu.Name
				}
			}
		}
		if v := f.get("stated_share"); v != nil {
			if x, ok := d.percent(v, f.at("stated_share"), 0, 100); ok {
				fu.StatedShare = &x
				shares = append(shares, stated{x, v, f.at("stated_share")})
			}
		}
		if v := f.get("status"); v != nil {
			fu.Status = d.status(v, f.at("status"))
		}
		if d.oneOf(f, "contributions", "annual") {
			switch {
			case f.has("contributions"):
				fu.Contributions = d.contributions(f.get("contributions"), f.at("contributions"))
			case f.has("annual"):
				fu.Contributions = d.annual(f.get("annual"), f.at("annual"))
			default:
				d.errorf(f.node, p, ErrMissing, `missing key "contributions" or "annual": the money the funder gives, as contributions: [{year: 2018/19, amount: "£670,490"}] or annual: {amount: "£670,490", from: 2018/19, to: 2022/23}`)
			}
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
			d.errorf(last.n, last.p, ErrInvalid, "stated shares add up to %s%% (%s), more than 100%% even allowing for rounding; each is a part of the whole pool",
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
			d.errorf(n, path, ErrInvalid, "%s needs a value; want %s", s, want)
		default:
			d.errorf(n, path, ErrInvalid, "unknown status %s%s (want %s)", quote(s), didYouMean(s, []string{"confirmed", "at_risk", "stopping"}), want)
		}
		return funding.Status{}
	}
	f, ok := d.mapping(n, path, "a funding status: "+want, statusKeys...)
	if !ok || !d.oneOf(f, statusKeys...) {
		return funding.Status{}
	}
	switch {
	case f.has("at_risk"):
		p, _ := d.share(f.get("at_risk"), f.at("at_risk"))
		return funding.Status{Kind: funding.AtRisk, WithdrawalProbability: p}
	case f.has("stopping"):
		y, _ := d.financialYear(f.get("stopping"), f.at("stopping"))
		return funding.Status{Kind: funding.Stopping, StopsFrom: y}
	}
	if len(f.keys) == 0 {
		d.errorf(n, path, ErrMissing, "empty status; want %s", want)
	} else {
		for _, k := range statusKeys {
			if f.keys[k] != nil {
				d.require(f, k, want)
			}
		}
	}
	return funding.Status{}
}

// contributions decodes a list of {year, amount}.
func (d *decoder) contributions(n *yaml.Node, path string) []funding.Contribution {
	items := d.list(n, path, "contributions {year, amount}")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, path, ErrMissing, "empty list; give at least one contribution {year: 2018/19, amount: \"£670,490\"}")
	}
	out := make([]funding.Contribution, len(items))
	years := map[funding.FinancialYear]*yaml.Node{}
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "a contribution {year, amount}", contributionKeys...)
		if !ok {
			continue
		}
		c := &out[i]
		if v := d.require(f, "year", "the financial year, like 2018/19"); v != nil {
			if y, ok := d.financialYear(v, f.at("year")); ok {
				c.Year = y
				if first := years[y]; first != nil {
					d.errorf(v, f.at("year"), ErrDuplicate, "%s is listed twice (first on line %d); give one contribution a year", y, first.Line)
				} else {
					years[y] = v
				}
			}
		}
		if v := d.require(f, "amount", `the amount, like "£670,490"`); v != nil {
			c.Amount, _ = d.money(v, f.at("amount"), true)
		}
	}
	return out
}

// annual decodes {amount, from, to}: the same amount every financial year
// from from to to, both included.
func (d *decoder) annual(n *yaml.Node, path string) []funding.Contribution {
	f, ok := d.mapping(n, path, "an annual contribution {amount, from, to}", annualKeys...)
	if !ok {
		return nil
	}
	var amount funding.Money
	var from, to funding.FinancialYear
	good := true
	if v := d.require(f, "amount", `the amount each year, like "£670,490"`); v != nil {
		amount, ok = d.money(v, f.at("amount"), true)
		good = good && ok
	} else {
		good = false
	}
	if v := d.require(f, "from", "the first financial year, like 2018/19"); v != nil {
		from, ok = d.financialYear(v, f.at("from"))
		good = good && ok
	} else {
		good = false
	}
	if v := d.require(f, "to", "the last financial year, like 2022/23"); v != nil {
		to, ok = d.financialYear(v, f.at("to"))
		good = good && ok
		if ok && good && to < from {
			d.errorf(v, f.at("to"), ErrInvalid, "the last year, %s, is before the first, %s", to, from)
			good = false
		}
		if ok && good && int(to-from) >= maxYears {
			d.errorf(v, f.at("to"), ErrInvalid, "%s to %s is more than %d years", from, to, maxYears)
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
	f, ok := d.mapping(n, path, "the stated figures {annual_total, year}", statedKeys...)
	if !ok {
		return s
	}
	if v := f.get("annual_total"); v != nil {
		if m, ok := d.money(v, f.at("annual_total"), true); ok {
			s.AnnualTotal = &m
		}
	}
	if v := f.get("year"); v != nil {
		s.Year, _ = d.financialYear(v, f.at("year"))
	}
	return s
}

// inflation decodes {default, rates}.
func (d *decoder) inflation(n *yaml.Node, path string) funding.Inflation {
	var inf funding.Inflation
	f, ok := d.mapping(n, path, "inflation {default, rates}", inflationKeys...)
	if !ok {
		return inf
	}
	if v := f.get("default"); v != nil {
		inf.Default, _ = d.percent(v, f.at("default"), minRatePct, maxRatePct)
	}
	rn := f.get("rates")
	if rn == nil {
		return inf
	}
	p := f.at("rates")
	if rn.Kind != yaml.MappingNode {
		d.errorf(rn, p, ErrType, "want a mapping (key: value pairs) of financial years to rates, like {2018/19: 2.5%%, 2019/20: 1.8%%}, got %s", describe(rn))
		return inf
	}
	years := map[funding.FinancialYear]*yaml.Node{}
	for i := 0; i+1 < len(rn.Content); i += 2 {
		k, v := rn.Content[i], rn.Content[i+1]
		kp := key(p, k.Value)
		y, ok := d.financialYear(k, kp)
		if !ok {
			continue
		}
		if first := years[y]; first != nil {
			d.errorf(k, kp, ErrDuplicate, "%s is given twice (first on line %d)", y, first.Line)
			continue
		}
		years[y] = k
		if isNull(v) {
			d.errorf(v, kp, ErrMissing, "no value given; want the year's inflation, like 2.5%%")
			continue
		}
		if r, ok := d.percent(v, kp, minRatePct, maxRatePct); ok {
			if inf.Rates == nil {
				inf.Rates = map[funding.FinancialYear]decimal.Decimal{}
			}
			inf.Rates[y] = r
		}
	}
	return inf
}

// contracts decodes the contracts list.
func (d *decoder) contracts(n *yaml.Node, path string) []Contract {
	items := d.list(n, path, "contracts")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, path, ErrMissing, "empty list; a scenario needs at least one contract")
	}
	out := make([]Contract, len(items))
	names := map[string]*yaml.Node{}
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "a contract ("+strings.Join(contractKeys, ", ")+")", contractKeys...)
		if !ok {
			continue
		}
		c := &out[i]
		if v := d.require(f, "name", "the contract's name, like New Era"); v != nil {
			if name, ok := d.text(v, f.at("name"), "the contract's name"); ok {
				c.Name = name
				if first := names[name]; first != nil {
					d.errorf(v, f.at("name"), ErrDuplicate, "contract %s is listed twice (first on line %d); contract names must be unique", quote(name), first.Line)
				} else {
					names[name] = v
				}
			}
		}
		t := &c.Terms
		if v := d.require(f, "start", "the contract's first day, like 2018-10-01"); v != nil {
			t.Start, _ = d.date(v, f.at("start"))
		}
		if v := d.require(f, "initial_term", `the initial term, like "5 years"`); v != nil {
			t.Initial, _ = d.duration(v, f.at("initial_term"), true)
		}
		if v := f.get("extensions"); v != nil {
			t.Extensions = d.extensions(v, f.at("extensions"))
		}
		if v := f.get("stated_end"); v != nil {
			t.StatedEnd, _ = d.date(v, f.at("stated_end"))
		}
		if v := f.get("notice"); v != nil {
			t.Notice, _ = d.duration(v, f.at("notice"), false)
		}
		if v := f.get("reprocurement_lead"); v != nil {
			t.ReprocurementLead, _ = d.duration(v, f.at("reprocurement_lead"), false)
		}
		if v := f.get("uplift"); v != nil {
			c.Uplift = d.uplift(v, f.at("uplift"))
		}
	}
	return out
}

// extensions decodes a contract's extension options.
func (d *decoder) extensions(n *yaml.Node, path string) []funding.Extension {
	items := d.list(n, path, "extension options {length, taken, stated_from, stated_until}")
	out := make([]funding.Extension, len(items))
	untaken := 0 // 1-based number of the first option not taken
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "an extension option ("+strings.Join(extensionKeys, ", ")+")", extensionKeys...)
		if !ok {
			continue
		}
		x := &out[i]
		if v := d.require(f, "length", `the option's length, like "2 years"`); v != nil {
			x.Length, _ = d.duration(v, f.at("length"), true)
		}
		if v := f.get("taken"); v != nil {
			x.Taken, _ = d.boolean(v, f.at("taken"))
			if x.Taken && untaken > 0 {
				d.errorf(v, f.at("taken"), ErrInvalid, "extension %d is taken but extension %d is not; options are taken in order (mark extension %d taken, or this one not)",
					i+1, untaken, untaken)
			}
		}
		if !x.Taken && untaken == 0 {
			untaken = i + 1
		}
		if v := f.get("stated_from"); v != nil {
			x.StatedFrom, _ = d.date(v, f.at("stated_from"))
		}
		if v := f.get("stated_until"); v != nil {
			x.StatedUntil, _ = d.date(v, f.at("stated_until"))
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
			d.errorf(n, path, ErrInvalid, "fixed needs a rate; want %s", want)
		default:
			d.errorf(n, path, ErrInvalid, "unknown uplift %s%s (want %s)", quote(s), didYouMean(s, []string{"none", "cpi", "fixed"}), want)
		}
		return funding.Uplift{}
	}
	f, ok := d.mapping(n, path, "an uplift: "+want, upliftKeys...)
	if !ok || !d.oneOf(f, upliftKeys...) {
		return funding.Uplift{}
	}
	if v := f.get("fixed"); v != nil {
		r, _ := d.percent(v, f.at("fixed"), minRatePct, maxRatePct)
		return funding.Uplift{Kind: funding.Fixed, Rate: r}
	}
	if _, given := f.keys["cpi"]; given {
		u := funding.Uplift{Kind: funding.CPI}
		v := f.get("cpi")
		if v == nil {
			return u // {cpi: } is CPI with no cap or floor
		}
		g, ok := d.mapping(v, f.at("cpi"), "the CPI bounds {cap, floor}", cpiKeys...)
		if !ok {
			return u
		}
		if c := g.get("cap"); c != nil {
			if x, ok := d.percent(c, g.at("cap"), minRatePct, maxRatePct); ok {
				u.Cap = &x
			}
		}
		if fl := g.get("floor"); fl != nil {
			if x, ok := d.percent(fl, g.at("floor"), minRatePct, maxRatePct); ok {
				u.Floor = &x
			}
		}
		if u.Cap != nil && u.Floor != nil && u.Cap.LessThan(*u.Floor) {
			d.errorf(g.get("cap"), g.at("cap"), ErrInvalid, "the cap, %s%%, is below the floor, %s%%", u.Cap, u.Floor)
		}
		return u
	}
	if len(f.keys) == 0 {
		d.errorf(n, path, ErrMissing, "empty uplift; want %s", want)
	} else {
		d.require(f, "fixed", "the yearly rate, like 2%")
	}
	return funding.Uplift{}
}

// lots decodes the lots list.
func (d *decoder) lots(n *yaml.Node, path string, areas, contracts []string) []lotting.Lot {
	items := d.list(n, path, "lots")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, path, ErrMissing, "empty list; a scenario needs at least one lot")
	}
	out := make([]lotting.Lot, len(items))
	names := map[string]*yaml.Node{}
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "a lot ("+strings.Join(lotKeys, ", ")+")", lotKeys...)
		if !ok {
			continue
		}
		l := &out[i]
		if v := d.require(f, "name", "the lot's name, like Victims"); v != nil {
			if name, ok := d.text(v, f.at("name"), "the lot's name"); ok {
				l.Name = name
				if first := names[name]; first != nil {
					d.errorf(v, f.at("name"), ErrDuplicate, "lot %s is listed twice (first on line %d); lot names must be unique", quote(name), first.Line)
				} else {
					names[name] = v
				}
			}
		}
		if v := d.require(f, "kind", "what the lot does ("+strings.Join(lotting.KindNames(), ", ")+")"); v != nil {
			l.Kind = d.kind(v, f.at("kind"))
		}
		switch v := f.get("contract"); {
		case v != nil:
			l.Contract, _ = d.ref(v, f.at("contract"), "contract", "contracts", contracts)
		case len(contracts) == 1:
			l.Contract = contracts[0]
		case len(contracts) > 1:
			d.require(f, "contract", "the name of the contract the lot is bought under (needed when there is more than one)")
		}
		if v := f.get("areas"); v != nil {
			items := d.list(v, f.at("areas"), "areas")
			for j, a := range items {
				name, _ := d.ref(a, index(f.at("areas"), j), "area", "areas", areas)
				l.Areas = append(l.Areas, name)
			}
		}
		l.Allocation = d.allocation(f.get("allocation"), f.at("allocation"), l.Name)
		if v := f.get("wait_targets"); v != nil {
			l.WaitTargets = d.riskMap(v, f.at("wait_targets"), "wait targets by risk level, like {high: 2 days, medium: 10 days}",
				func(v *yaml.Node, p string) (float64, bool) { return d.days(v, p, false) })
		}
		if v := f.get("wait_target_level"); v != nil {
			l.WaitTargetLevel, _ = d.fraction(v, f.at("wait_target_level"), 1, 100)
		}
		if v := f.get("service"); v != nil {
			l.Service = d.service(v, f.at("service"))
		}
		if v := f.get("disengagement"); v != nil {
			l.Disengagement = d.disengagement(v, f.at("disengagement"))
		}
		if v := f.get("changes"); v != nil {
			l.Changes = d.changes(v, f.at("changes"))
		}
	}
	return out
}

// allocation decodes a lot's allocation: {percent: 85%}, {amount:
// "£1,800,000"} or remainder, the default.
func (d *decoder) allocation(n *yaml.Node, path, lot string) funding.AllocationRule {
	const want = `{percent: 85%}, {amount: "£1,800,000"} or remainder`
	r := funding.AllocationRule{Name: lot, Method: funding.Remainder}
	if n == nil || isNull(n) {
		return r
	}
	if n.Kind == yaml.ScalarNode {
		if s := strings.TrimSpace(n.Value); s != "remainder" {
			d.errorf(n, path, ErrInvalid, "unknown allocation %s%s (want %s)", quote(s), didYouMean(s, []string{"remainder", "percent", "amount"}), want)
		}
		return r
	}
	f, ok := d.mapping(n, path, "an allocation: "+want, allocationKeys...)
	if !ok || !d.oneOf(f, allocationKeys...) {
		return r
	}
	switch {
	case f.has("percent"):
		r.Method = funding.Percentage
		r.Percent, _ = d.percent(f.get("percent"), f.at("percent"), 0, 100)
	case f.has("amount"):
		r.Method = funding.FixedAmount
		r.Amount, _ = d.money(f.get("amount"), f.at("amount"), true)
	case len(f.keys) == 0:
		d.errorf(n, path, ErrMissing, "empty allocation; want %s", want)
	default:
		for _, k := range allocationKeys {
			if f.keys[k] != nil {
				d.require(f, k, want)
			}
		}
	}
	return r
}

// service decodes a lot's service model.
func (d *decoder) service(n *yaml.Node, path string) lotting.ServiceModel {
	var m lotting.ServiceModel
	f, ok := d.mapping(n, path, "a service ("+strings.Join(serviceKeys, ", ")+")", serviceKeys...)
	if !ok {
		return m
	}
	if v := f.get("delivery"); v != nil {
		if s, ok := d.enum(v, f.at("delivery"), "delivery", lotting.DeliveryNames()); ok {
			dl, err := lotting.ParseDelivery(s)
			if err != nil {
				d.errorf(v, f.at("delivery"), err, "%s", plain(err))
			}
			m.Delivery = dl
		}
	}
	if v := f.get("caseworkers"); v != nil {
		m.Caseworkers = d.caseworkers(v, f.at("caseworkers"))
	}
	if v := f.get("group"); v != nil {
		m.Group = d.group(v, f.at("group"))
	}
	if v := f.get("refuge"); v != nil {
		m.Refuge = d.refuge(v, f.at("refuge"))
	}
	return m
}

func (d *decoder) caseworkers(n *yaml.Node, path string) *lotting.Caseworkers {
	c := &lotting.Caseworkers{}
	f, ok := d.mapping(n, path, "caseworkers ("+strings.Join(caseworkerKeys, ", ")+")", caseworkerKeys...)
	if !ok {
		return c
	}
	if v := f.get("fte"); v != nil {
		c.FTE, _ = d.number(v, f.at("fte"), 0, maxFTE)
	}
	if v := f.get("cost_per_fte"); v != nil {
		if m, ok := d.money(v, f.at("cost_per_fte"), true); ok && m.Sign() > 0 && m.Cmp(minCostPerFTE) < 0 {
			d.errorf(v, f.at("cost_per_fte"), ErrInvalid, "%s is less than %s, the least a year's cost of one full-time caseworker may be; give the cost in pounds a year, like \"£40,000\"", m, minCostPerFTE)
		} else {
			c.CostPerFTE = m
		}
	}
	if v := d.require(f, "caseload_per_fte", "the cases one FTE holds at once, like 22"); v != nil {
		var ok bool
		if c.CaseloadPerFTE, ok = d.number(v, f.at("caseload_per_fte"), 0, maxFTE); ok && c.FTE*c.CaseloadPerFTE > MaxCaseSlots {
			d.errorf(v, f.at("caseload_per_fte"), ErrInvalid, "%s FTE with %s cases each hold %s cases at once, more than the %s a simulation can hold; want fewer FTE or a smaller caseload",
				fmtFloat(c.FTE), fmtFloat(c.CaseloadPerFTE), count(c.FTE*c.CaseloadPerFTE), count(MaxCaseSlots))
		}
	}
	if v := d.require(f, "case_length", "how long a case stays open, like {lognormal: {mean: 110 days, sd: 40 days}}"); v != nil {
		c.CaseLength, _ = d.distribution(v, f.at("case_length"), false)
	}
	return c
}

func (d *decoder) group(n *yaml.Node, path string) *lotting.Group {
	g := &lotting.Group{ConcurrentCohorts: 1}
	f, ok := d.mapping(n, path, "a group programme ("+strings.Join(groupKeys, ", ")+")", groupKeys...)
	if !ok {
		return g
	}
	if v := d.require(f, "cohort_size", "the most participants a cohort takes, like 12"); v != nil {
		g.CohortSize, _ = d.integer(v, f.at("cohort_size"), 0, maxCount)
	}
	if v := f.get("min_to_start"); v != nil {
		g.MinToStart, _ = d.integer(v, f.at("min_to_start"), 0, maxCount)
	}
	if v := d.require(f, "weeks", "the number of weekly sessions, like 26"); v != nil {
		g.Weeks, _ = d.integer(v, f.at("weeks"), 0, maxCount)
	}
	if v := d.require(f, "start_every", `how often a cohort starts, like "4 weeks"`); v != nil {
		g.StartEvery, _ = d.duration(v, f.at("start_every"), true)
	}
	if v := f.get("concurrent_cohorts"); v != nil {
		g.ConcurrentCohorts, _ = d.integer(v, f.at("concurrent_cohorts"), 0, maxCount)
	}
	if v := f.get("cost_per_cohort"); v != nil {
		g.CostPerCohort, _ = d.money(v, f.at("cost_per_cohort"), true)
	}
	return g
}

func (d *decoder) refuge(n *yaml.Node, path string) *lotting.Refuge {
	r := &lotting.Refuge{}
	f, ok := d.mapping(n, path, "a refuge ("+strings.Join(refugeKeys, ", ")+")", refugeKeys...)
	if !ok {
		return r
	}
	if v := d.require(f, "beds", "the number of bed spaces, like 20"); v != nil {
		r.Beds, _ = d.integer(v, f.at("beds"), 0, maxCount)
	}
	if v := d.require(f, "length_of_stay", "how long a stay lasts, like {gamma: {mean: 150 days, sd: 60 days}}"); v != nil {
		r.LengthOfStay, _ = d.distribution(v, f.at("length_of_stay"), false)
	}
	if v := f.get("when_full"); v != nil {
		if s, ok := d.enum(v, f.at("when_full"), "when_full policy", lotting.WhenFullNames()); ok {
			w, err := lotting.ParseWhenFull(s)
			if err != nil {
				d.errorf(v, f.at("when_full"), err, "%s", plain(err))
			}
			r.WhenFull = w
		}
	}
	if v := f.get("declined_share"); v != nil {
		r.DeclinedShare, _ = d.share(v, f.at("declined_share"))
	}
	return r
}

func (d *decoder) disengagement(n *yaml.Node, path string) []lotting.Disengagement {
	items := d.list(n, path, "disengagement entries {client_group, patience, drop_out}")
	out := make([]lotting.Disengagement, len(items))
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "a disengagement entry ("+strings.Join(disengageKeys, ", ")+")", disengageKeys...)
		if !ok {
			continue
		}
		x := &out[i]
		if v := d.require(f, "client_group", "the client group ("+strings.Join(lotting.ClientGroupNames(), ", ")+")"); v != nil {
			x.Group = d.clientGroup(v, f.at("client_group"))
		}
		if v := f.get("patience"); v != nil {
			if dist, ok := d.distribution(v, f.at("patience"), false); ok {
				x.Patience = &dist
			}
		}
		if v := f.get("drop_out"); v != nil {
			x.DropOut, _ = d.share(v, f.at("drop_out"))
		}
	}
	return out
}

func (d *decoder) changes(n *yaml.Node, path string) []lotting.Change {
	items := d.list(n, path, "capacity changes {date, fte, beds, concurrent_cohorts}")
	out := make([]lotting.Change, len(items))
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "a capacity change ("+strings.Join(changeKeys, ", ")+")", changeKeys...)
		if !ok {
			continue
		}
		c := &out[i]
		if v := d.require(f, "date", "the date the change takes effect, like 2021-04-01"); v != nil {
			c.Date, _ = d.date(v, f.at("date"))
		}
		if v := f.get("fte"); v != nil {
			c.FTE, _ = d.number(v, f.at("fte"), 0, maxFTE)
		}
		if v := f.get("beds"); v != nil {
			c.Beds, _ = d.integer(v, f.at("beds"), 0, maxCount)
		}
		if v := f.get("concurrent_cohorts"); v != nil {
			c.ConcurrentCohorts, _ = d.integer(v, f.at("concurrent_cohorts"), 0, maxCount)
		}
	}
	return out
}

// frontDoor decodes the central point of contact's triage.
func (d *decoder) frontDoor(n *yaml.Node, path string, lots []string) *lotting.FrontDoor {
	fd := &lotting.FrontDoor{}
	f, ok := d.mapping(n, path, "a front door ("+strings.Join(frontDoorKeys, ", ")+")", frontDoorKeys...)
	if !ok {
		return fd
	}
	if v := d.require(f, "lot", "the name of the central_point_of_contact lot that runs triage"); v != nil {
		fd.Lot, _ = d.ref(v, f.at("lot"), "lot", "lots", lots)
	}
	if v := d.require(f, "handlers", "the number of people triaging at once, like 6"); v != nil {
		fd.Handlers, _ = d.integer(v, f.at("handlers"), 0, maxCount)
	}
	if v := d.require(f, "handling_time", "how long triage takes, like {lognormal: {mean: 45 minutes, sd: 20 minutes}}"); v != nil {
		fd.HandlingTime, _ = d.distribution(v, f.at("handling_time"), true)
	}
	if v := f.get("self_serve"); v != nil {
		fd.SelfServe = d.riskMap(v, f.at("self_serve"), "self-serve shares by risk level, like {standard: 20%}", d.share)
	}
	return fd
}

// demand decodes the referral streams, seasonality and shocks.
func (d *decoder) demand(n *yaml.Node, path string, areas []string) lotting.Demand {
	var dm lotting.Demand
	f, ok := d.mapping(n, path, "demand ("+strings.Join(demandKeys, ", ")+")", demandKeys...)
	if !ok {
		return dm
	}
	if v := f.get("start"); v != nil {
		dm.Start, _ = d.date(v, f.at("start"))
	}
	if v := f.get("seasonality"); v != nil {
		p := f.at("seasonality")
		items := d.list(v, p, "12 monthly multipliers, January to December")
		before := len(d.errs)
		if v.Kind == yaml.SequenceNode && len(items) != 12 {
			d.errorf(v, p, ErrInvalid, "want 12 multipliers, January to December, averaging 1; got %d", len(items))
		} else {
			for i, item := range items {
				dm.Seasonality[i], _ = d.number(item, index(p, i), 0, maxSeason)
			}
			if len(d.errs) == before && dm.Seasonality == ([12]float64{}) {
				d.errorf(v, p, ErrInvalid, "all twelve multipliers are 0, which would mean no referrals in any month; want 12 multipliers from 0 to %s averaging 1, like [1.1, 0.9, ...], or leave seasonality out for none", fmtFloat(maxSeason))
			}
		}
	}
	if v := f.get("shocks"); v != nil {
		p := f.at("shocks")
		items := d.list(v, p, "shocks {name, from, to, multiplier}")
		dm.Shocks = make([]lotting.Shock, len(items))
		for i, item := range items {
			g, ok := d.mapping(item, index(p, i), "a shock ("+strings.Join(shockKeys, ", ")+")", shockKeys...)
			if !ok {
				continue
			}
			s := &dm.Shocks[i]
			if v := g.get("name"); v != nil {
				s.Name, _ = d.text(v, g.at("name"), "the shock's name, like first lockdown")
			}
			if v := d.require(g, "from", "the first day of the shock, like 2020-03-23"); v != nil {
				s.From, _ = d.date(v, g.at("from"))
			}
			if v := d.require(g, "to", "the last day of the shock, like 2020-05-31"); v != nil {
				s.To, _ = d.date(v, g.at("to"))
			}
			if v := d.require(g, "multiplier", "the factor on referrals, like 0.6 for a 40% drop"); v != nil {
				s.Multiplier, _ = d.number(v, g.at("multiplier"), 0, maxShock)
			}
		}
	}
	if v := d.require(f, "streams", "a list of referral streams by area and client group"); v != nil {
		p := f.at("streams")
		items := d.list(v, p, "referral streams")
		if v.Kind == yaml.SequenceNode && len(items) == 0 {
			d.errorf(v, p, ErrMissing, "empty list; give at least one referral stream")
		}
		dm.Streams = make([]lotting.Stream, len(items))
		for i, item := range items {
			dm.Streams[i] = d.stream(item, index(p, i), areas)
		}
	}
	return dm
}

func (d *decoder) stream(n *yaml.Node, path string, areas []string) lotting.Stream {
	var s lotting.Stream
	f, ok := d.mapping(n, path, "a referral stream ("+strings.Join(streamKeys, ", ")+")", streamKeys...)
	if !ok {
		return s
	}
	if v := d.require(f, "area", "the area the referrals come from"); v != nil {
		s.Area, _ = d.ref(v, f.at("area"), "area", "areas", areas)
	}
	if v := d.require(f, "client_group", "who the referrals are about ("+strings.Join(lotting.ClientGroupNames(), ", ")+")"); v != nil {
		s.Group = d.clientGroup(v, f.at("client_group"))
	}
	if v := d.require(f, "referrals_per_year", "referrals a year at the demand's start, like 3400"); v != nil {
		s.PerYear, _ = d.number(v, f.at("referrals_per_year"), 0, maxReferrals)
	}
	if v := d.require(f, "risk_mix", "the share at each risk level, like {standard: 60%, medium: 30%, high: 10%}"); v != nil {
		s.RiskMix = d.riskMap(v, f.at("risk_mix"), "risk shares, like {standard: 60%, medium: 30%, high: 10%}", d.share)
	}
	if v := f.get("growth"); v != nil {
		s.Growth, _ = d.fraction(v, f.at("growth"), minRatePct, maxRatePct)
	}
	if v := f.get("repeat_rate"); v != nil {
		s.RepeatRate, _ = d.fraction(v, f.at("repeat_rate"), 0, maxRepeatPct)
	}
	return s
}

// routing decodes the routing rules.
func (d *decoder) routing(n *yaml.Node, path string, areas, lots []string) []lotting.Rule {
	items := d.list(n, path, "routing rules {client_groups, risks, areas, lot}")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, path, ErrMissing, "empty list; give at least one routing rule")
	}
	out := make([]lotting.Rule, len(items))
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "a routing rule ("+strings.Join(ruleKeys, ", ")+")", ruleKeys...)
		if !ok {
			continue
		}
		r := &out[i]
		if v := f.get("client_groups"); v != nil {
			for j, g := range d.list(v, f.at("client_groups"), "client groups") {
				r.Groups = append(r.Groups, d.clientGroup(g, index(f.at("client_groups"), j)))
			}
		}
		if v := f.get("risks"); v != nil {
			for j, k := range d.list(v, f.at("risks"), "risk levels") {
				r.Risks = append(r.Risks, d.risk(k, index(f.at("risks"), j)))
			}
		}
		if v := f.get("areas"); v != nil {
			for j, a := range d.list(v, f.at("areas"), "areas") {
				name, _ := d.ref(a, index(f.at("areas"), j), "area", "areas", areas)
				r.Areas = append(r.Areas, name)
			}
		}
		if v := d.require(f, "lot", "the name of the lot the referrals go to"); v != nil {
			r.Lot, _ = d.ref(v, f.at("lot"), "lot", "lots", lots)
		}
	}
	return out
}

// simulation decodes the simulation settings.
func (d *decoder) simulation(n *yaml.Node, path string, lots []string) Simulation {
	var sim Simulation
	f, ok := d.mapping(n, path, "simulation settings ("+strings.Join(simulationKeys, ", ")+")", simulationKeys...)
	if !ok {
		return sim
	}
	if v := f.get("seed"); v != nil {
		sim.Seed, _ = d.seed(v, f.at("seed"))
	}
	if v := f.get("replications"); v != nil {
		sim.Replications, _ = d.integer(v, f.at("replications"), 1, maxReps)
	}
	if v := f.get("horizon"); v != nil {
		sim.Horizon = d.horizon(v, f.at("horizon"))
	}
	if v := f.get("start_state"); v != nil {
		p := f.at("start_state")
		g, ok := d.mapping(v, p, "a start state: {warm_up: 6 months} or {inherited: [{lot, waiting, open_cases}]}", startStateKeys...)
		if ok && d.oneOf(g, startStateKeys...) {
			if w := g.get("warm_up"); w != nil {
				sim.WarmUp, _ = d.duration(w, g.at("warm_up"), false)
			}
			if in := g.get("inherited"); in != nil {
				sim.Inherited = d.inherited(in, g.at("inherited"), lots)
			}
		}
	}
	if v := f.get("stopping_rule"); v != nil {
		sim.StoppingRule = d.stoppingRule(v, f.at("stopping_rule"), lots)
	}
	return sim
}

// seed reads a whole number from 0 to 2^64-1.
func (d *decoder) seed(n *yaml.Node, path string) (uint64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.ParseUint(n.Value, 10, 64); err == nil {
			return v, true
		}
	}
	d.errorf(n, path, ErrInvalid, "want a whole number from 0 to %d, got %s", uint64(1<<64-1), describe(n))
	return 0, false
}

// horizon reads max_term, taken_term or a duration.
func (d *decoder) horizon(n *yaml.Node, path string) Horizon {
	const want = `max_term, taken_term or a duration like "5 years"`
	if !d.scalar(n, path, want) {
		return Horizon{}
	}
	s := strings.TrimSpace(n.Value)
	switch s {
	case "max_term":
		return Horizon{Kind: MaxTerm}
	case "taken_term":
		return Horizon{Kind: TakenTerm}
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		d.errorf(n, path, ErrInvalid, "unknown horizon %s%s (want %s)", quote(s), didYouMean(s, []string{"max_term", "taken_term"}), want)
		return Horizon{}
	}
	l, ok := d.duration(n, path, true)
	if !ok {
		return Horizon{}
	}
	return Horizon{Kind: Fixed, Length: l}
}

func (d *decoder) inherited(n *yaml.Node, path string, lots []string) []Inherited {
	items := d.list(n, path, "inherited lot states {lot, waiting, open_cases}")
	out := make([]Inherited, len(items))
	seen := map[string]*yaml.Node{}
	for i, item := range items {
		p := index(path, i)
		f, ok := d.mapping(item, p, "an inherited lot state ("+strings.Join(inheritedKeys, ", ")+")", inheritedKeys...)
		if !ok {
			continue
		}
		x := &out[i]
		if v := d.require(f, "lot", "the lot's name"); v != nil {
			if name, ok := d.ref(v, f.at("lot"), "lot", "lots", lots); ok {
				if first := seen[name]; first != nil {
					d.errorf(v, f.at("lot"), ErrDuplicate, "lot %s is listed twice (first on line %d)", quote(name), first.Line)
				} else {
					seen[name] = v
				}
				x.Lot = name
			}
		}
		if v := f.get("waiting"); v != nil {
			x.Waiting, _ = d.integer(v, f.at("waiting"), 0, maxCount)
		}
		if v := f.get("open_cases"); v != nil {
			x.OpenCases, _ = d.integer(v, f.at("open_cases"), 0, maxCount)
		}
	}
	return out
}

func (d *decoder) stoppingRule(n *yaml.Node, path string, lots []string) *StoppingRule {
	r := &StoppingRule{}
	f, ok := d.mapping(n, path, "a stopping rule ("+strings.Join(stoppingKeys, ", ")+")", stoppingKeys...)
	if !ok {
		return r
	}
	if v := d.require(f, "metric", "the metric to estimate, like high_risk_wait_p90"); v != nil {
		if name, ok := d.text(v, f.at("metric"), "the metric's name"); ok {
			if _, _, err := parseStopMetric(name); err != nil {
				d.errorf(v, f.at("metric"), ErrInvalid, "unknown metric %s%s; want one of %s, optionally after a risk level (high_risk_wait_p90)",
					quote(name), didYouMean(name, metricNames()), strings.Join(metricNames(), ", "))
			}
			r.Metric = name
		}
	}
	if v := f.get("lot"); v != nil {
		r.Lot, _ = d.ref(v, f.at("lot"), "lot", "lots", lots)
	}
	if v := d.require(f, "relative_half_width", "the confidence interval's half-width relative to the estimate, like 5%"); v != nil {
		if x, ok := d.percent(v, f.at("relative_half_width"), 0, 100); ok {
			if x.IsZero() {
				d.errorf(v, f.at("relative_half_width"), ErrInvalid, "must be above 0%%: a simulation cannot estimate anything exactly")
			}
			r.RelativeHalfWidth = x.Shift(-2).InexactFloat64()
		}
	}
	var minOK, maxOK bool
	if v := d.require(f, "min", "the fewest replications, like 50"); v != nil {
		r.Min, minOK = d.integer(v, f.at("min"), 1, maxReps)
	}
	if v := d.require(f, "max", "the most replications, like 2000"); v != nil {
		r.Max, maxOK = d.integer(v, f.at("max"), 1, maxReps)
		if minOK && maxOK && r.Max < r.Min {
			d.errorf(v, f.at("max"), ErrInvalid, "max, %d, is below min, %d", r.Max, r.Min)
		}
	}
	return r
}
