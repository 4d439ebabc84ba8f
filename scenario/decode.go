package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
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
	f, ok := d.Mapping(n, "", "a scenario ("+requiredKeys+")", topKeys...)
	if !ok {
		return s
	}
	if v := d.Require(f, "name", "the scenario's name"); v != nil {
		s.Name, _ = d.text(v, "name", "the scenario's name")
	}
	if v := f.Get("description"); v != nil && d.scalar(v, "description", "free text") {
		s.Description = strings.TrimSpace(v.Value)
	}
	if v := d.Require(f, "base_year", "the financial year of the price base for real terms, like 2018/19"); v != nil {
		s.BaseYear, _ = d.financialYear(v, "base_year")
	}
	if v := d.Require(f, "areas", "the areas the partnership covers, like [Staffordshire, Stoke-on-Trent]"); v != nil {
		s.Structure.Areas = d.names(v, "areas", "area", "areas")
	}
	if v := d.Require(f, "funders", "a list of the bodies that pay into the pool"); v != nil {
		s.Pool.Funders = d.funders(v, "funders")
	}
	if v := f.Get("stated"); v != nil {
		s.Stated = d.stated(v, "stated")
	}
	if v := f.Get("inflation"); v != nil {
		s.Inflation = d.inflation(v, "inflation")
	}
	if v := d.Require(f, "contracts", "a list of the contracts the lots are bought under"); v != nil {
		s.Contracts = d.contracts(v, "contracts")
	}
	var contractNames []string
	for _, c := range s.Contracts {
		if c.Name != "" {
			contractNames = append(contractNames, c.Name)
		}
	}
	if v := d.Require(f, "lots", "a list of the lots the service is split into"); v != nil {
		s.Structure.Lots = d.lots(v, "lots", s.Structure.Areas, contractNames)
	}
	var lotNames []string
	for _, l := range s.Structure.Lots {
		if l.Name != "" {
			lotNames = append(lotNames, l.Name)
		}
	}
	if v := f.Get("front_door"); v != nil {
		s.Structure.FrontDoor = d.frontDoor(v, "front_door", lotNames)
	}
	if v := d.Require(f, "demand", "the referrals expected: start, streams, and optional seasonality and shocks"); v != nil {
		s.Demand = d.demand(v, "demand", s.Structure.Areas)
	}
	if v := d.Require(f, "routing", "a list of rules sending each kind of referral to a lot"); v != nil {
		s.Structure.Rules = d.routing(v, "routing", s.Structure.Areas, lotNames)
	}
	if v := f.Get("simulation"); v != nil {
		s.Simulation = d.simulation(v, "simulation", lotNames)
	}
	d.crossCheck(s, f)
	if len(d.Problems) == 0 {
		d.checkLimits(s)
	}
	return s
}

// names reads a non-empty list of unique names (areas).
func (d *decoder) names(n *yaml.Node, path, noun, plural string) []string {
	items := d.List(n, path, plural)
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; give at least one %s", noun)
	}
	var out []string
	seen := map[string]*yaml.Node{}
	for i, item := range items {
		p := yamlnode.Index(path, i)
		name, ok := d.text(item, p, "the name of "+article(noun))
		if !ok {
			continue
		}
		if first := seen[name]; first != nil {
			d.Errorf(item, p, ErrDuplicate, "%s %s is listed twice (first on line %d)", noun, yamlnode.Quote(name), first.Line)
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
	if !slices.Contains(names, s) {
		if d.Full() {
			d.Dropped++
			return s, false
		}
		d.Errorf(n, path, ErrUnknownName, "unknown %s %s%s (%s: %s)", noun, yamlnode.Quote(s), yamlnode.DidYouMean(s, names), plural, quoteList(names))
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
		q = append(q, yamlnode.Quote(s))
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
	if !slices.Contains(names, s) {
		d.Errorf(n, path, ErrInvalid, "unknown %s %s%s (valid: %s)", noun, yamlnode.Quote(s), yamlnode.DidYouMean(s, names), strings.Join(names, ", "))
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
		d.Errorf(n, path, err, "%s", plain(err))
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
		d.Errorf(n, path, err, "%s", plain(err))
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
		d.Errorf(n, path, err, "%s", plain(err))
	}
	return r
}

// riskMap reads a mapping from risk levels to values read by value,
// returning nil for an empty mapping.
func (d *decoder) riskMap(n *yaml.Node, path, what string, value func(v *yaml.Node, path string) (float64, bool)) map[lotting.Risk]float64 {
	f, ok := d.Mapping(n, path, what, lotting.RiskNames()...)
	if !ok {
		return nil
	}
	var out map[lotting.Risk]float64
	for _, name := range lotting.RiskNames() {
		v := f.Get(name)
		if v == nil {
			if given := f.Given(name); given {
				d.Require(f, name, what)
			}
			continue
		}
		x, ok := value(v, f.At(name))
		if !ok {
			continue
		}
		r, err := lotting.ParseRisk(name)
		if err != nil {
			d.Errorf(v, f.At(name), err, "%s", plain(err))
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
	years := map[funding.FinancialYear]*yaml.Node{}
	for i := 0; i+1 < len(rn.Content); i += 2 {
		k, v := rn.Content[i], rn.Content[i+1]
		kp := yamlnode.Key(p, k.Value)
		y, ok := d.financialYear(k, kp)
		if !ok {
			continue
		}
		if first := years[y]; first != nil {
			d.Errorf(k, kp, ErrDuplicate, "%s is given twice (first on line %d)", y, first.Line)
			continue
		}
		years[y] = k
		if yamlnode.IsNull(v) {
			d.Errorf(v, kp, ErrMissing, "no value given; want the year's inflation, like 2.5%%")
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
	}
	return out
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
		if v := f.Get("wait_targets"); v != nil {
			l.WaitTargets = d.riskMap(v, f.At("wait_targets"), "wait targets by risk level, like {high: 2 days, medium: 10 days}",
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
		if m, ok := d.money(v, f.At("cost_per_fte"), true); ok && m.Sign() > 0 && m.Cmp(minCostPerFTE) < 0 {
			d.Errorf(v, f.At("cost_per_fte"), ErrInvalid, "%s is less than %s, the least a year's cost of one full-time caseworker may be; give the cost in pounds a year, like \"£40,000\"", m, minCostPerFTE)
		} else {
			c.CostPerFTE = m
		}
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
	return c
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
	if v := f.Get("concurrent_cohorts"); v != nil {
		g.ConcurrentCohorts, _ = d.integer(v, f.At("concurrent_cohorts"), 0, maxCount)
	}
	if v := f.Get("cost_per_cohort"); v != nil {
		g.CostPerCohort, _ = d.money(v, f.At("cost_per_cohort"), true)
	}
	return g
}

func (d *decoder) refuge(n *yaml.Node, path string) *lotting.Refuge {
	r := &lotting.Refuge{}
	f, ok := d.Mapping(n, path, "a refuge ("+strings.Join(refugeKeys, ", ")+")", refugeKeys...)
	if !ok {
		return r
	}
	if v := d.Require(f, "beds", "the number of bed spaces, like 20"); v != nil {
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
	}
	return out
}

func (d *decoder) changes(n *yaml.Node, path string) []lotting.Change {
	items := d.List(n, path, "capacity changes {date, fte, beds, concurrent_cohorts}")
	out := make([]lotting.Change, len(items))
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a capacity change ("+strings.Join(changeKeys, ", ")+")", changeKeys...)
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
	if v := d.Require(f, "handlers", "the number of people triaging at once, like 6"); v != nil {
		fd.Handlers, _ = d.integer(v, f.At("handlers"), 0, maxCount)
	}
	if v := d.Require(f, "handling_time", "how long triage takes, like {lognormal: {mean: 45 minutes, sd: 20 minutes}}"); v != nil {
		fd.HandlingTime, _ = d.distribution(v, f.At("handling_time"), true)
	}
	if v := f.Get("self_serve"); v != nil {
		fd.SelfServe = d.riskMap(v, f.At("self_serve"), "self-serve shares by risk level, like {standard: 20%}", d.share)
	}
	return fd
}

// demand decodes the referral streams, seasonality and shocks.
func (d *decoder) demand(n *yaml.Node, path string, areas []string) lotting.Demand {
	var dm lotting.Demand
	f, ok := d.Mapping(n, path, "demand ("+strings.Join(demandKeys, ", ")+")", demandKeys...)
	if !ok {
		return dm
	}
	if v := f.Get("start"); v != nil {
		dm.Start, _ = d.date(v, f.At("start"))
	}
	if v := f.Get("seasonality"); v != nil {
		p := f.At("seasonality")
		items := d.List(v, p, "12 monthly multipliers, January to December")
		before := len(d.Problems)
		if v.Kind == yaml.SequenceNode && len(items) != 12 {
			d.Errorf(v, p, ErrInvalid, "want 12 multipliers, January to December, averaging 1; got %d", len(items))
		} else {
			for i, item := range items {
				dm.Seasonality[i], _ = d.number(item, yamlnode.Index(p, i), 0, maxSeason)
			}
			if len(d.Problems) == before && dm.Seasonality == ([12]float64{}) {
				d.Errorf(v, p, ErrInvalid, "all twelve multipliers are 0, which would mean no referrals in any month; want 12 multipliers from 0 to %s averaging 1, like [1.1, 0.9, ...], or leave seasonality out for none", fmtFloat(maxSeason))
			}
		}
	}
	if v := f.Get("shocks"); v != nil {
		p := f.At("shocks")
		items := d.List(v, p, "shocks {name, from, to, multiplier}")
		dm.Shocks = make([]lotting.Shock, len(items))
		for i, item := range items {
			g, ok := d.Mapping(item, yamlnode.Index(p, i), "a shock ("+strings.Join(shockKeys, ", ")+")", shockKeys...)
			if !ok {
				continue
			}
			s := &dm.Shocks[i]
			if v := g.Get("name"); v != nil {
				s.Name, _ = d.text(v, g.At("name"), "the shock's name, like first lockdown")
			}
			if v := d.Require(g, "from", "the first day of the shock, like 2020-03-23"); v != nil {
				s.From, _ = d.date(v, g.At("from"))
			}
			if v := d.Require(g, "to", "the last day of the shock, like 2020-05-31"); v != nil {
				s.To, _ = d.date(v, g.At("to"))
			}
			if v := d.Require(g, "multiplier", "the factor on referrals, like 0.6 for a 40% drop"); v != nil {
				s.Multiplier, _ = d.number(v, g.At("multiplier"), 0, maxShock)
			}
		}
	}
	if v := d.Require(f, "streams", "a list of referral streams by area and client group"); v != nil {
		p := f.At("streams")
		items := d.List(v, p, "referral streams")
		if v.Kind == yaml.SequenceNode && len(items) == 0 {
			d.Errorf(v, p, ErrMissing, "empty list; give at least one referral stream")
		}
		dm.Streams = make([]lotting.Stream, len(items))
		for i, item := range items {
			dm.Streams[i] = d.stream(item, yamlnode.Index(p, i), areas)
		}
	}
	return dm
}

func (d *decoder) stream(n *yaml.Node, path string, areas []string) lotting.Stream {
	var s lotting.Stream
	f, ok := d.Mapping(n, path, "a referral stream ("+strings.Join(streamKeys, ", ")+")", streamKeys...)
	if !ok {
		return s
	}
	if v := d.Require(f, "area", "the area the referrals come from"); v != nil {
		s.Area, _ = d.ref(v, f.At("area"), "area", "areas", areas)
	}
	if v := d.Require(f, "client_group", "who the referrals are about ("+strings.Join(lotting.ClientGroupNames(), ", ")+")"); v != nil {
		s.Group = d.clientGroup(v, f.At("client_group"))
	}
	if v := d.Require(f, "referrals_per_year", "referrals a year at the demand's start, like 3400"); v != nil {
		s.PerYear, _ = d.number(v, f.At("referrals_per_year"), 0, maxReferrals)
	}
	if v := d.Require(f, "risk_mix", "the share at each risk level, like {standard: 60%, medium: 30%, high: 10%}"); v != nil {
		s.RiskMix = d.riskMap(v, f.At("risk_mix"), "risk shares, like {standard: 60%, medium: 30%, high: 10%}", d.share)
	}
	if v := f.Get("growth"); v != nil {
		s.Growth, _ = d.fraction(v, f.At("growth"), minRatePct, maxRatePct)
	}
	if v := f.Get("repeat_rate"); v != nil {
		s.RepeatRate, _ = d.fraction(v, f.At("repeat_rate"), 0, maxRepeatPct)
	}
	return s
}

// routing decodes the routing rules.
func (d *decoder) routing(n *yaml.Node, path string, areas, lots []string) []lotting.Rule {
	items := d.List(n, path, "routing rules {client_groups, risks, areas, lot}")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; give at least one routing rule")
	}
	out := make([]lotting.Rule, len(items))
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a routing rule ("+strings.Join(ruleKeys, ", ")+")", ruleKeys...)
		if !ok {
			continue
		}
		r := &out[i]
		if v := f.Get("client_groups"); v != nil {
			for j, g := range d.List(v, f.At("client_groups"), "client groups") {
				r.Groups = append(r.Groups, d.clientGroup(g, yamlnode.Index(f.At("client_groups"), j)))
			}
		}
		if v := f.Get("risks"); v != nil {
			for j, k := range d.List(v, f.At("risks"), "risk levels") {
				r.Risks = append(r.Risks, d.risk(k, yamlnode.Index(f.At("risks"), j)))
			}
		}
		if v := f.Get("areas"); v != nil {
			for j, a := range d.List(v, f.At("areas"), "areas") {
				name, _ := d.ref(a, yamlnode.Index(f.At("areas"), j), "area", "areas", areas)
				r.Areas = append(r.Areas, name)
			}
		}
		if v := d.Require(f, "lot", "the name of the lot the referrals go to"); v != nil {
			r.Lot, _ = d.ref(v, f.At("lot"), "lot", "lots", lots)
		}
	}
	return out
}

// simulation decodes the simulation settings.
func (d *decoder) simulation(n *yaml.Node, path string, lots []string) Simulation {
	var sim Simulation
	f, ok := d.Mapping(n, path, "simulation settings ("+strings.Join(simulationKeys, ", ")+")", simulationKeys...)
	if !ok {
		return sim
	}
	if v := f.Get("seed"); v != nil {
		sim.Seed, _ = d.seed(v, f.At("seed"))
	}
	if v := f.Get("replications"); v != nil {
		sim.Replications, _ = d.integer(v, f.At("replications"), 1, maxReps)
	}
	if v := f.Get("horizon"); v != nil {
		sim.Horizon = d.horizon(v, f.At("horizon"))
	}
	if v := f.Get("start_state"); v != nil {
		p := f.At("start_state")
		g, ok := d.Mapping(v, p, "a start state: {warm_up: 6 months} or {inherited: [{lot, waiting, open_cases}]}", startStateKeys...)
		if ok && d.OneOf(g, startStateKeys...) {
			if w := g.Get("warm_up"); w != nil {
				sim.WarmUp, _ = d.duration(w, g.At("warm_up"), false)
			}
			if in := g.Get("inherited"); in != nil {
				sim.Inherited = d.inherited(in, g.At("inherited"), lots)
			}
		}
	}
	if v := f.Get("stopping_rule"); v != nil {
		sim.StoppingRule = d.stoppingRule(v, f.At("stopping_rule"), lots)
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
	d.Errorf(n, path, ErrInvalid, "want a whole number from 0 to %d, got %s", uint64(1<<64-1), yamlnode.Describe(n))
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
		d.Errorf(n, path, ErrInvalid, "unknown horizon %s%s (want %s)", yamlnode.Quote(s), yamlnode.DidYouMean(s, []string{"max_term", "taken_term"}), want)
		return Horizon{}
	}
	l, ok := d.duration(n, path, true)
	if !ok {
		return Horizon{}
	}
	return Horizon{Kind: Fixed, Length: l}
}

func (d *decoder) inherited(n *yaml.Node, path string, lots []string) []Inherited {
	items := d.List(n, path, "inherited lot states {lot, waiting, open_cases}")
	out := make([]Inherited, len(items))
	seen := map[string]*yaml.Node{}
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "an inherited lot state ("+strings.Join(inheritedKeys, ", ")+")", inheritedKeys...)
		if !ok {
			continue
		}
		x := &out[i]
		if v := d.Require(f, "lot", "the lot's name"); v != nil {
			if name, ok := d.ref(v, f.At("lot"), "lot", "lots", lots); ok {
				if first := seen[name]; first != nil {
					d.Errorf(v, f.At("lot"), ErrDuplicate, "lot %s is listed twice (first on line %d)", yamlnode.Quote(name), first.Line)
				} else {
					seen[name] = v
				}
				x.Lot = name
			}
		}
		if v := f.Get("waiting"); v != nil {
			x.Waiting, _ = d.integer(v, f.At("waiting"), 0, maxCount)
		}
		if v := f.Get("open_cases"); v != nil {
			x.OpenCases, _ = d.integer(v, f.At("open_cases"), 0, maxCount)
		}
	}
	return out
}

func (d *decoder) stoppingRule(n *yaml.Node, path string, lots []string) *StoppingRule {
	r := &StoppingRule{}
	f, ok := d.Mapping(n, path, "a stopping rule ("+strings.Join(stoppingKeys, ", ")+")", stoppingKeys...)
	if !ok {
		return r
	}
	if v := d.Require(f, "metric", "the metric to estimate, like high_risk_wait_p90"); v != nil {
		if name, ok := d.text(v, f.At("metric"), "the metric's name"); ok {
			if _, _, err := parseStopMetric(name); err != nil {
				d.Errorf(v, f.At("metric"), ErrInvalid, "unknown metric %s%s; want one of %s, optionally after a risk level (high_risk_wait_p90)",
					yamlnode.Quote(name), yamlnode.DidYouMean(name, metricNames()), strings.Join(metricNames(), ", "))
			}
			r.Metric = name
		}
	}
	if v := f.Get("lot"); v != nil {
		r.Lot, _ = d.ref(v, f.At("lot"), "lot", "lots", lots)
	}
	if v := d.Require(f, "relative_half_width", "the confidence interval's half-width relative to the estimate, like 5%"); v != nil {
		if x, ok := d.percent(v, f.At("relative_half_width"), 0, 100); ok {
			if x.IsZero() {
				d.Errorf(v, f.At("relative_half_width"), ErrInvalid, "must be above 0%%: a simulation cannot estimate anything exactly")
			}
			r.RelativeHalfWidth = x.Shift(-2).InexactFloat64()
		}
	}
	var minOK, maxOK bool
	if v := d.Require(f, "min", "the fewest replications, like 50"); v != nil {
		r.Min, minOK = d.integer(v, f.At("min"), 1, maxReps)
	}
	if v := d.Require(f, "max", "the most replications, like 2000"); v != nil {
		r.Max, maxOK = d.integer(v, f.At("max"), 1, maxReps)
		if minOK && maxOK && r.Max < r.Min {
			d.Errorf(v, f.At("max"), ErrInvalid, "max, %d, is below min, %d", r.Max, r.Min)
		}
	}
	return r
}
