package lotting

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/lotsim/lotsim/funding"
)

// Rule sends referrals to a lot. A referral matches when its client group is
// in Groups, its risk level in Risks and its area in Areas; an empty list
// matches anything.
type Rule struct {
	// Groups are the client groups the rule takes; empty for any.
	Groups []ClientGroup
	// Risks are the risk levels the rule takes; empty for any.
	Risks []Risk
	// Areas are the areas the rule takes referrals from; empty for any.
	Areas []string
	// Lot names the lot the referrals go to.
	Lot string
}

// Matches reports whether a referral from area, about client group g, at
// risk level r matches the rule.
func (r Rule) Matches(area string, g ClientGroup, risk Risk) bool {
	return (len(r.Groups) == 0 || slices.Contains(r.Groups, g)) &&
		(len(r.Risks) == 0 || slices.Contains(r.Risks, risk)) &&
		(len(r.Areas) == 0 || slices.Contains(r.Areas, area))
}

// String describes the rule in one line, e.g.
// "victim; high, medium risk; any area -> Victims".
func (r Rule) String() string {
	groups := "any client group"
	if len(r.Groups) > 0 {
		groups = joinStringers(r.Groups)
	}
	risk := "any risk"
	if len(r.Risks) > 0 {
		risk = joinStringers(r.Risks) + " risk"
	}
	areas := "any area"
	if len(r.Areas) > 0 {
		areas = strings.Join(r.Areas, ", ")
	}
	return fmt.Sprintf("%s; %s; %s -> %s", groups, risk, areas, r.Lot)
}

func joinStringers[T fmt.Stringer](xs []T) string {
	names := make([]string, len(xs))
	for i, x := range xs {
		names[i] = x.String()
	}
	return strings.Join(names, ", ")
}

// FrontDoor is the single point of contact that triages every referral from
// the areas its lot covers before routing: it assesses risk, gives some
// referrals self-serve resources (they leave there) and passes the rest on
// by the routing rules.
type FrontDoor struct {
	// Lot names the lot that runs the front door, which must be of kind
	// central_point_of_contact.
	Lot string
	// Handlers is the number of people triaging at once (seats). Zero
	// means derive it from the front door lot's money (see HandlersFor):
	// that needs CostPerHandlerFTE.
	Handlers int
	// CostPerHandlerFTE is the loaded annual cost of one full-time handler
	// at base-year prices. With Handlers 0 it buys seats from the front
	// door lot's money, less the lot's OnCost; with Handlers given, Plan
	// only checks the money covers them.
	CostPerHandlerFTE funding.Money
	// RotaFactor is the handler FTE one seat needs: 1 for a seat staffed
	// in office hours, about 5.3 for one staffed around the clock (see
	// DefaultRotaFactor, used when it is 0). The simulation runs every
	// seat around the clock whatever the factor: the factor says only
	// what a seat costs.
	RotaFactor float64
	// HandlingTime is how long triage of one referral takes, in days (45
	// minutes is 0.03125 days).
	HandlingTime Distribution
	// SelfServe is the share of triaged referrals at each risk level, 0 to
	// 1, given self-serve resources instead of a service. A missing level
	// is 0.
	SelfServe map[Risk]float64
}

// ContactsPerYear returns the referrals a year the handlers can triage,
// working around the clock as the simulation treats them: Handlers x 365.25
// / mean handling time in days. Six handlers at 45 minutes (0.03125 days)
// each: 6 x 365.25 / 0.03125 = 70,128. It returns 0 if the handling time
// has no positive mean, rather than dividing by zero.
func (f FrontDoor) ContactsPerYear() float64 {
	mean := f.HandlingTime.Expected()
	if !(mean > 0) || f.Handlers <= 0 {
		return 0
	}
	return float64(f.Handlers) * funding.DaysPerYear / mean
}

// Structure is how a partnership lots its service: the areas it covers, the
// lots, the rules that route each referral to one lot, and an optional front
// door that triages referrals first.
type Structure struct {
	// Areas are the areas the partnership covers, each named once.
	Areas []string
	// Lots are the lots, in the order reports list them.
	Lots []Lot
	// Rules route referrals to lots; each referral must match rules that
	// name exactly one lot.
	Rules []Rule
	// FrontDoor triages referrals before routing; nil for none.
	FrontDoor *FrontDoor
}

// LotIndex returns the index in Lots of the lot called name.
func (s Structure) LotIndex(name string) (int, bool) {
	for i, l := range s.Lots {
		if l.Name == name {
			return i, true
		}
	}
	return -1, false
}

// Route returns the index in Lots of the lot that takes referrals from area,
// about client group g, at risk level r. It reports false, with index -1, if
// no rule matches (a gap), if matching rules name different lots (an
// overlap), or if the lot named does not exist. Rules that match and name
// the same lot are not an overlap.
func (s Structure) Route(area string, g ClientGroup, r Risk) (lotIndex int, ok bool) {
	lot, found := "", false
	for _, rule := range s.Rules {
		if !rule.Matches(area, g, r) {
			continue
		}
		if found && rule.Lot != lot {
			return -1, false
		}
		lot, found = rule.Lot, true
	}
	if !found {
		return -1, false
	}
	return s.LotIndex(lot)
}

// frontDoorIndex returns the index of the front door's lot, or -1 if there
// is no front door or its lot does not exist.
func (s Structure) frontDoorIndex() int {
	if s.FrontDoor == nil {
		return -1
	}
	i, _ := s.LotIndex(s.FrontDoor.Lot)
	return i
}

// ThroughFrontDoor reports whether referrals from area pass the front door:
// there is one, its lot exists and covers area.
func (s Structure) ThroughFrontDoor(area string) bool {
	i := s.frontDoorIndex()
	return i >= 0 && s.Lots[i].Covers(area)
}

// SelfServe returns the share of referrals from area at risk level r that
// leave at the front door with self-serve resources: 0 for an area the front
// door does not cover.
func (s Structure) SelfServe(area string, r Risk) float64 {
	if !s.ThroughFrontDoor(area) {
		return 0
	}
	return s.FrontDoor.SelfServe[r]
}

// Validate reports every problem with the structure and its fit to the
// demand, in a stable order; nil means none. Each is a *Problem with a full
// scenario path ("routing[2]", "lots[0].service.caseworkers.fte",
// "demand.streams[1]") wrapping one of:
//
//   - ErrBadStructure: no areas, no lots, repeated area or lot names;
//   - ErrBadLot: anything Lot.Validate finds, and a central point of contact
//     lot with no service that is not the front door;
//   - ErrUnknownArea: a lot, rule or demand stream naming an area that is
//     not declared;
//   - ErrUnknownLot: a rule or the front door naming a lot that does not
//     exist;
//   - ErrBadRule: a rule with no lot or an unknown client group or risk, or
//     one that sends referrals to the front door's own lot;
//   - ErrFrontDoor: a front door whose lot is not of kind
//     central_point_of_contact, with no handlers, a bad handling time or
//     self-serve shares outside 0 to 100%;
//   - ErrGap: a stream (area, client group) whose referrals at some risk
//     level with a share above 0 match no rule (referrals that all
//     self-serve at the front door need no rule);
//   - ErrOverlap: referrals that match two rules sending them to different
//     lots, naming both rules;
//   - ErrAreaNotCovered: referrals routed to a lot whose Areas leave out
//     their area;
//   - ErrUnreachable: a lot, other than the front door's, that no referral
//     of the demand reaches.
//
// Validate checks the demand only against the structure (areas, routes);
// call Demand.Validate for the demand's own figures.
func (s Structure) Validate(d Demand) []error {
	var ps problems
	declared := s.checkAreas(&ps)
	fd := s.checkLots(&ps, declared)
	s.checkRules(&ps, declared, fd)
	for i, st := range d.Streams {
		if st.Area != "" && !declared[st.Area] {
			ps.add(fmt.Sprintf("demand.streams[%d].area", i), ErrUnknownArea,
				fmt.Sprintf("stream %d has referrals from area %q, which is not declared; declared areas are %s", i, st.Area, s.areaList()))
		}
	}
	reached := s.checkCoverage(&ps, d, declared)
	for i, l := range s.Lots {
		if i == fd || reached[i] {
			continue
		}
		var naming []string
		for j, r := range s.Rules {
			if r.Lot == l.Name {
				naming = append(naming, fmt.Sprintf("routing[%d]", j))
			}
		}
		msg := fmt.Sprintf("no referral reaches %s: no routing rule names it; add a rule for the referrals it should take, or remove the lot", l.who())
		if len(naming) > 0 {
			msg = fmt.Sprintf("no referral reaches %s: %s names it, but no demand stream matches; check the client groups, risks and areas against the demand's streams", l.who(), joinAnd(naming))
		}
		ps.add(fmt.Sprintf("lots[%d]", i), ErrUnreachable, msg)
	}
	if len(ps) == 0 {
		return nil
	}
	return []error(ps)
}

func (s Structure) areaList() string {
	if len(s.Areas) == 0 {
		return "none"
	}
	return strings.Join(s.Areas, ", ")
}

func (s Structure) lotList() string {
	names := make([]string, len(s.Lots))
	for i, l := range s.Lots {
		names[i] = fmt.Sprintf("%q", l.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func (s Structure) checkAreas(ps *problems) map[string]bool {
	declared := map[string]bool{}
	if len(s.Areas) == 0 {
		ps.add("areas", ErrBadStructure, "the structure declares no areas; list the areas the partnership covers, e.g. [Staffordshire, Stoke-on-Trent]")
	}
	first := map[string]int{}
	for i, a := range s.Areas {
		at := fmt.Sprintf("areas[%d]", i)
		if a == "" {
			ps.add(at, ErrBadStructure, "an area's name is empty")
			continue
		}
		if j, dup := first[a]; dup {
			ps.add(at, ErrBadStructure, fmt.Sprintf("area %q is declared twice (also areas[%d]); area names must be unique", a, j))
			continue
		}
		first[a] = i
		declared[a] = true
	}
	return declared
}

// checkLots checks the lots and the front door and returns the index of the
// front door's lot, or -1.
func (s Structure) checkLots(ps *problems, declared map[string]bool) int {
	if len(s.Lots) == 0 {
		ps.add("lots", ErrBadStructure, "the structure has no lots; it needs at least one")
	}
	first := map[string]int{}
	for i, l := range s.Lots {
		at := fmt.Sprintf("lots[%d]", i)
		if l.Name != "" {
			if j, dup := first[l.Name]; dup {
				ps.add(at+".name", ErrBadStructure, fmt.Sprintf("lot name %q is used twice (also lots[%d]); lot names must be unique", l.Name, j))
			} else {
				first[l.Name] = i
			}
		}
		*ps = append(*ps, rebase(at, Split(l.Validate()))...)
		for j, a := range l.Areas {
			if a != "" && !declared[a] {
				ps.add(fmt.Sprintf("%s.areas[%d]", at, j), ErrUnknownArea,
					fmt.Sprintf("%s covers area %q, which is not declared; declared areas are %s", l.who(), a, s.areaList()))
			}
		}
	}
	fd := -1
	if f := s.FrontDoor; f != nil {
		if f.Lot == "" {
			ps.add("front_door.lot", ErrFrontDoor, "the front door names no lot; name the lot of kind central_point_of_contact that runs it")
		} else if i, ok := s.LotIndex(f.Lot); !ok {
			ps.add("front_door.lot", ErrUnknownLot, fmt.Sprintf("the front door names lot %q, but there is no lot of that name; lots are %s", f.Lot, s.lotList()))
		} else {
			fd = i
			if k := s.Lots[i].Kind; k != KindCentralPointOfContact {
				ps.add("front_door.lot", ErrFrontDoor, fmt.Sprintf("the front door is %s, of kind %s; the front door must be a lot of kind %s", s.Lots[i].who(), k, KindCentralPointOfContact))
			}
		}
		switch {
		case f.Handlers < 0:
			ps.add("front_door.handlers", ErrFrontDoor, fmt.Sprintf("the front door has %d handlers; it needs at least 1", f.Handlers))
		case f.Handlers == 0 && f.CostPerHandlerFTE.Sign() <= 0:
			ps.add("front_door.handlers", ErrFrontDoor, "the front door has 0 handlers; it needs at least 1, or cost_per_handler_fte to buy them with its lot's money")
		}
		if f.CostPerHandlerFTE.IsNegative() {
			ps.add("front_door.cost_per_handler_fte", ErrFrontDoor, fmt.Sprintf("the front door's cost_per_handler_fte must not be negative, got %s", f.CostPerHandlerFTE))
		}
		if r := f.RotaFactor; !(r == 0 || (finiteAtLeast(r, 1) && r <= MaxRotaFactor)) {
			ps.add("front_door.rota_factor", ErrFrontDoor, fmt.Sprintf("the front door's rota_factor (FTE per seat) must be from 1 (a seat in office hours) to %v; about 5.3 for a seat around the clock; got %v", MaxRotaFactor, r))
		}
		if err := f.HandlingTime.Validate(); err != nil {
			ps.addCause("front_door.handling_time", ErrFrontDoor, "the front door's handling_time", err)
		} else if !(f.HandlingTime.Expected() > 0) {
			ps.add("front_door.handling_time", ErrFrontDoor, fmt.Sprintf("the front door's handling_time must have a mean above 0, got %v days", f.HandlingTime.Expected()))
		}
		var bad []Risk
		for r := range f.SelfServe {
			if !r.Valid() {
				bad = append(bad, r)
			}
		}
		sort.Slice(bad, func(i, j int) bool { return bad[i] < bad[j] })
		for _, r := range bad {
			ps.add("front_door.self_serve", ErrFrontDoor, fmt.Sprintf("self_serve has a share for %s, which is not one of %s", r, joinOr(RiskNames())))
		}
		for _, r := range Risks() {
			if x, ok := f.SelfServe[r]; ok && !isShare(x) {
				ps.add("front_door.self_serve."+r.String(), ErrFrontDoor, fmt.Sprintf("the self-serve share at %s risk must be from 0%% to 100%%, got %v", r, x))
			}
		}
	}
	for i, l := range s.Lots {
		if l.Kind == KindCentralPointOfContact && i != fd && l.Service.empty() {
			ps.add(fmt.Sprintf("lots[%d].service", i), ErrBadLot, fmt.Sprintf("%s is a central point of contact with no service and is not the front door; give it a service, or make it the front door (front_door.lot)", l.who()))
		}
	}
	return fd
}

func (s Structure) checkRules(ps *problems, declared map[string]bool, fd int) {
	for i, r := range s.Rules {
		at := fmt.Sprintf("routing[%d]", i)
		switch idx, ok := s.LotIndex(r.Lot); {
		case r.Lot == "":
			ps.add(at+".lot", ErrBadRule, fmt.Sprintf("%s (%s) names no lot; every rule sends referrals to a lot", at, r))
		case !ok:
			ps.add(at+".lot", ErrUnknownLot, fmt.Sprintf("%s (%s) sends referrals to lot %q, but there is no lot of that name; lots are %s", at, r, r.Lot, s.lotList()))
		case idx == fd:
			ps.add(at+".lot", ErrBadRule, fmt.Sprintf("%s (%s) sends referrals to the front door's lot %q; every referral passes the front door first, so rules must send them on to another lot", at, r, r.Lot))
		}
		for j, g := range r.Groups {
			if !g.Valid() {
				ps.add(fmt.Sprintf("%s.client_groups[%d]", at, j), ErrBadRule, fmt.Sprintf("%s: %s", at, badName("client group", g, ClientGroupNames())))
			}
		}
		for j, k := range r.Risks {
			if !k.Valid() {
				ps.add(fmt.Sprintf("%s.risks[%d]", at, j), ErrBadRule, fmt.Sprintf("%s: %s", at, badName("risk", k, RiskNames())))
			}
		}
		for j, a := range r.Areas {
			if !declared[a] {
				ps.add(fmt.Sprintf("%s.areas[%d]", at, j), ErrUnknownArea, fmt.Sprintf("%s: area %q is not declared; declared areas are %s", at, a, s.areaList()))
			}
		}
	}
}

// checkCoverage checks that every stream's referrals at every risk level
// they come in reach exactly one lot that covers their area, and returns
// which lots some referral reaches (counting the lots of rules that
// overlap, whose problem is the overlap).
func (s Structure) checkCoverage(ps *problems, d Demand, declared map[string]bool) []bool {
	reached := make([]bool, len(s.Lots))
	for i, st := range d.Streams {
		if !declared[st.Area] || !st.Group.Valid() {
			continue // reported already
		}
		at := fmt.Sprintf("demand.streams[%d]", i)
		who := fmt.Sprintf("referrals from area %q, client group %s", st.Area, st.Group)
		var gaps []string
		type overlap struct {
			rules []int
			risks []string
		}
		var overlaps []*overlap
		type uncovered struct {
			rule  int
			risks []string
		}
		var notCovered []*uncovered
		for _, r := range Risks() {
			if !(st.RiskMix[r] > 0) || s.SelfServe(st.Area, r) >= 1 {
				continue
			}
			var match []int
			for j, rule := range s.Rules {
				if rule.Matches(st.Area, st.Group, r) {
					match = append(match, j)
				}
			}
			if len(match) == 0 {
				gaps = append(gaps, r.String())
				continue
			}
			if conflict := s.conflicting(match); len(conflict) > 1 {
				for _, j := range conflict {
					if idx, ok := s.LotIndex(s.Rules[j].Lot); ok {
						reached[idx] = true // the overlap is the problem to report, not the lots
					}
				}
				var o *overlap
				for _, x := range overlaps {
					if slices.Equal(x.rules, conflict) {
						o = x
					}
				}
				if o == nil {
					o = &overlap{rules: conflict}
					overlaps = append(overlaps, o)
				}
				o.risks = append(o.risks, r.String())
				continue
			}
			idx, ok := s.LotIndex(s.Rules[match[0]].Lot)
			if !ok {
				continue // unknown lot, reported already
			}
			reached[idx] = true
			if !s.Lots[idx].Covers(st.Area) {
				var u *uncovered
				for _, x := range notCovered {
					if x.rule == match[0] {
						u = x
					}
				}
				if u == nil {
					u = &uncovered{rule: match[0]}
					notCovered = append(notCovered, u)
				}
				u.risks = append(u.risks, r.String())
			}
		}
		if len(gaps) > 0 {
			ps.add(at, ErrGap, fmt.Sprintf("%s, at %s risk, match no routing rule; add a rule sending them to a lot, or take those risks out of the stream's risk_mix", who, joinAnd(gaps)))
		}
		for _, o := range overlaps {
			var names []string
			for _, j := range o.rules {
				names = append(names, fmt.Sprintf("routing[%d] (%s)", j, s.Rules[j]))
			}
			ps.add(fmt.Sprintf("routing[%d]", o.rules[len(o.rules)-1]), ErrOverlap, fmt.Sprintf("%s, at %s risk, match %s, which send them to different lots; narrow the rules so each referral has exactly one lot", who, joinAnd(o.risks), joinAnd(names)))
		}
		for _, u := range notCovered {
			lot := s.Rules[u.rule].Lot
			idx, _ := s.LotIndex(lot)
			ps.add(fmt.Sprintf("routing[%d]", u.rule), ErrAreaNotCovered, fmt.Sprintf("routing[%d] sends %s, at %s risk, to lot %q, which covers only %s; send them to a lot that covers %s, or add the area to the lot", u.rule, who, joinAnd(u.risks), lot, strings.Join(s.Lots[idx].Areas, ", "), st.Area))
		}
	}
	return reached
}

// conflicting returns the matching rules that disagree: for each distinct
// lot named, the first rule naming it. One rule back means they agree.
func (s Structure) conflicting(match []int) []int {
	var out []int
	var lots []string
	for _, j := range match {
		if !slices.Contains(lots, s.Rules[j].Lot) {
			lots = append(lots, s.Rules[j].Lot)
			out = append(out, j)
		}
	}
	return out
}
