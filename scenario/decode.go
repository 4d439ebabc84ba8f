package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	topKeys          = []string{"name", "description", "base_year", "areas", "funders", "stated", "inflation", "contracts", "lots", "front_door", "demand", "routing", "simulation", "structure"}
	funderKeys       = []string{"name", "source", "lead", "stated_share", "status", "contributions", "annual", "earmark", "earmarks"}
	earmarkKeys      = []string{"lot", "area", "amount", "share", "from", "to"}
	contributionKeys = []string{"year", "amount"}
	annualKeys       = []string{"amount", "from", "to"}
	statusKeys       = []string{"at_risk", "stopping"}
	statedKeys       = []string{"annual_total", "year"}
	inflationKeys    = []string{"default", "rates"}
	contractKeys     = []string{"name", "start", "initial_term", "extensions", "stated_end", "notice", "reprocurement_lead", "uplift", "mobilisation"}
	mobilisationKeys = []string{"weeks", "capacity"}
	extensionKeys    = []string{"length", "taken", "stated_from", "stated_until"}
	upliftKeys       = []string{"fixed", "cpi"}
	cpiKeys          = []string{"cap", "floor"}
	lotKeys          = []string{"name", "kind", "contract", "areas", "allocation", "allocation_by_year", "on_cost", "wait_targets", "wait_target_level", "service", "disengagement", "changes", "female_only", "specialist", "out_of_area_share"}
	allocationKeys   = []string{"percent", "amount"}
	serviceKeys      = []string{"delivery", "caseworkers", "group", "refuge"}
	caseworkerKeys   = []string{"fte", "cost_per_fte", "caseload_per_fte", "case_length", "case_length_by_risk", "stretch"}
	stretchKeys      = []string{"max_caseload_per_fte", "length_factor"}
	groupKeys        = []string{"cohort_size", "min_to_start", "weeks", "start_every", "concurrent_cohorts", "cost_per_cohort", "cost_per_facilitator_fte", "facilitators_per_group", "intake", "join_until_week"}
	engagementKeys   = []string{"every", "patience_factor"}
	refugeKeys       = []string{"beds", "cost_per_bed", "length_of_stay", "when_full", "declined_share"}
	disengageKeys    = []string{"client_group", "patience", "drop_out", "engagement"}
	changeKeys       = []string{"date", "fte", "beds", "concurrent_cohorts", "delivery", "convert_groups", "caseload_per_fte", "max_caseload_per_fte"}
	frontDoorKeys    = []string{"lot", "handlers", "cost_per_handler_fte", "rota_factor", "handling_time", "self_serve"}
	demandKeys       = []string{"start", "seasonality", "shocks", "streams"}
	streamKeys       = []string{"area", "client_group", "referrals_per_year", "risk_mix", "growth", "repeat_rate"}
	shockKeys        = []string{"name", "from", "to", "multiplier", "areas", "client_groups"}
	ruleKeys         = []string{"client_groups", "risks", "areas", "lot"}
	simulationKeys   = []string{"seed", "replications", "horizon", "start_state", "stopping_rule"}
	startStateKeys   = []string{"warm_up", "inherited"}
	inheritedKeys    = []string{"lot", "waiting", "open_cases"}
	stoppingKeys     = []string{"metric", "lot", "relative_half_width", "min", "max"}
	structureKeys    = []string{"contracts", "management_per_contract"}
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
	// maxFacilitators is the most facilitator FTE one group may need: a
	// group of 2 facilitators at 0.5 FTE needs 1, so 10 catches mistakes
	// of units.
	maxFacilitators = 10.0
	// maxPatienceFactor is the largest engagement patience factor: 100
	// times slower giving up is already waiting for ever over any
	// horizon, so more is a mistake of units.
	maxPatienceFactor = 100.0
	// maxMobilisationWeeks is the longest mobilisation, 10 years of
	// weeks: longer than any contract term, so more is a mistake.
	maxMobilisationWeeks = 520
)

// maxMoney is the largest amount of money a scenario may state, £10
// billion: more than any partnership's budget (the largest English PCC
// Victims Fund grants are tens of millions), and small enough that every
// sum, share and real-terms figure stays exact and printable.
var maxMoney = funding.Pounds(10_000_000_000)

// minCostPerFTE is the least a scenario may give as the cost of one
// full-time caseworker a year, £1,000: less is not a salary but a mistake
// of units (pence for pounds, say), and would make the money buy absurd
// numbers of staff. The same least applies to a year's cost of a bed, a
// facilitator FTE and a handler FTE (see decoder.unitCost). (The lot's money must in any case buy at most
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
		s.Pool.Funders = d.funders(v, "funders", s.Structure.Areas)
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
	d.earmarkLots(lotNames)
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
	if v := f.Get("structure"); v != nil {
		s.StructureCost = d.structureCost(v, "structure")
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
// returning nil for an empty mapping. (A function, not a method: methods
// cannot take type parameters.)
func riskMap[T any](d *decoder, n *yaml.Node, path, what string, value func(v *yaml.Node, path string) (T, bool)) map[lotting.Risk]T {
	f, ok := d.Mapping(n, path, what, lotting.RiskNames()...)
	if !ok {
		return nil
	}
	var out map[lotting.Risk]T
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
			out = map[lotting.Risk]T{}
		}
		out[r] = x
	}
	return out
}

// share reads a percentage from 0% to 100% as a fraction.
func (d *decoder) share(n *yaml.Node, path string) (float64, bool) {
	return d.fraction(n, path, 0, 100)
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
