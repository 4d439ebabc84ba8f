package scenario

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
)

// This file checks the scenario as a whole once every value is read: the
// allocation of the pool to lots, and the funding and lotting packages' own
// validation (routing gaps and overlaps, unreachable lots, lots with no
// capacity, demand that does not add up), each problem placed at the line
// of the field it names.

// crossCheck runs the checks that involve more than one value. f is the
// top-level mapping.
func (d *decoder) crossCheck(s *Scenario, f yamlnode.Fields) {
	if d.Dropped > 0 {
		return // problems went unrecorded: no section can be trusted
	}
	d.checkAllocations(s)
	d.checkEarmarks(s)
	// The packages' own validation is a backstop for the funding values,
	// whose problems this package has reported already with positions, and
	// the main check of the lotting values. It runs on values that could be
	// read; problems that follow from one already reported are left out.
	if !d.reportedUnder("funders") && len(s.Pool.Funders) > 0 {
		d.backstop(f.Get("funders"), "funders", s.Pool.Validate())
	}
	for i, c := range s.Contracts {
		p := yamlnode.Index("contracts", i)
		if d.reportedUnder(p) {
			continue
		}
		d.backstop(d.find(p), p, c.Terms.Validate())
		d.backstop(d.find(yamlnode.Key(p, "uplift")), yamlnode.Key(p, "uplift"), c.Uplift.Validate())
	}
	if !d.reportedUnder("inflation") {
		d.backstop(f.Get("inflation"), "inflation", s.Inflation.Validate())
	}
	if f.Get("demand") != nil {
		d.problems("demand", lotting.Split(s.Demand.Validate()))
	}
	// The structure is checked as a whole (routing gaps, overlaps,
	// unreachable lots, the front door) only when every part it joins was
	// read without a problem: otherwise its findings would follow from what
	// could not be read, and every lot would look unreachable. The lots
	// read without a problem are then checked one by one instead.
	whole := true
	for _, k := range []string{"areas", "lots", "demand", "routing"} {
		if v := f.Get(k); v == nil || v.Kind != sectionKind[k] {
			whole = false
		}
	}
	for _, k := range []string{"areas", "lots", "demand", "routing", "front_door"} {
		whole = whole && !d.reportedUnder(k)
	}
	if whole {
		d.problems("", s.Structure.Validate(s.Demand))
		return
	}
	for i, l := range s.Structure.Lots {
		if p := yamlnode.Index("lots", i); !d.reportedUnder(p) {
			d.problems(p, lotting.Split(l.Validate()))
		}
	}
}

// checkLimits checks the limits that bound a run's time and memory
// (limits.go) once the scenario is otherwise valid: the people one
// replication expects, placed at the field that causes them (a stream's
// referrals_per_year or growth, a shock's multiplier, the inherited
// state), and the staff a lot's money buys, placed at its cost_per_fte.
func (d *decoder) checkLimits(s *Scenario) {
	if msg, field, i := s.tooManyPeople(s.Simulation.Horizon); msg != "" {
		var p string
		switch field {
		case "growth", "referrals_per_year":
			p = yamlnode.Key(yamlnode.Index("demand.streams", i), field)
		case "shock":
			p = yamlnode.Key(yamlnode.Index("demand.shocks", i), "multiplier")
		default:
			p = "simulation.start_state.inherited"
		}
		d.Errorf(d.find(p), p, ErrTooMuchDemand, "%s", msg)
	}
	if i, msg := s.tooManyStaff(); i >= 0 {
		p := yamlnode.Key(yamlnode.Index("lots", i), "service.caseworkers.cost_per_fte")
		d.Errorf(d.find(p), p, ErrInvalid, "%s", msg)
	}
	if p, msg := s.tooManyUnits(); p != "" {
		d.Errorf(d.find(p), p, ErrInvalid, "%s", msg)
	}
}

// sectionKind is the YAML kind of each section that routing joins.
var sectionKind = map[string]yaml.Kind{
	"areas": yaml.SequenceNode, "lots": yaml.SequenceNode,
	"demand": yaml.MappingNode, "routing": yaml.SequenceNode,
}

// checkAllocations checks the lots' allocation rules against the pool:
// percentages over 100%, and fixed amounts and percentages that take more
// than the pool holds in a year.
func (d *decoder) checkAllocations(s *Scenario) {
	if d.reportedUnder("lots") || d.reportedUnder("funders") {
		return // a lot or an amount could not be read: the sums would mislead
	}
	lots := s.Structure.Lots
	total := decimal.Zero
	var parts []string
	lastPct, lastFixed := -1, -1
	for i, l := range lots {
		switch l.Allocation.Method {
		case funding.Percentage:
			total = total.Add(l.Allocation.Percent)
			parts = append(parts, fmt.Sprintf("%s %s%%", l.Name, l.Allocation.Percent))
			lastPct = i
		case funding.FixedAmount:
			lastFixed = i
		}
	}
	if total.GreaterThan(decimal.NewFromInt(100)) {
		p := yamlnode.Key(yamlnode.Index("lots", lastPct), "allocation")
		d.Errorf(d.find(yamlnode.Key(p, "percent")), yamlnode.Key(p, "percent"), funding.ErrPercentOver100,
			"allocation percentages add up to %s%% (%s); together they may take at most 100%% of the pool", total, strings.Join(parts, ", "))
		return
	}
	for i, l := range lots {
		if len(l.AllocationByYear) > 0 {
			lastFixed = max(lastFixed, i)
		}
	}
	if lastFixed < 0 && lastPct < 0 {
		return
	}
	at := lastFixed
	if at < 0 {
		at = lastPct
	}
	p := yamlnode.Key(yamlnode.Index("lots", at), "allocation")
	for _, y := range s.Pool.Years() {
		rules := make([]funding.AllocationRule, len(lots))
		for i, l := range lots {
			rules[i] = l.RuleFor(y)
		}
		if _, err := funding.Allocate(s.Pool.Total(y), rules); err != nil {
			d.Errorf(d.find(p), p, err, "the pool cannot pay the lots' allocations in %s: %s", y, plain(err))
			return // one year is enough to show it; the next would repeat it
		}
	}
}

// reportedUnder reports whether a problem that leaves a value unread has
// been found at path or inside it. An unknown key does not count: the keys
// the format has are read all the same, and one that is required but
// missing is reported as such.
func (d *decoder) reportedUnder(path string) bool {
	for _, e := range d.Problems {
		if under(e.Path, path) && !errors.Is(e.Err, ErrUnknownKey) {
			return true
		}
	}
	return false
}

// under reports whether path is prefix or a field or item inside it.
func under(path, prefix string) bool {
	if prefix == "" {
		return true
	}
	return path == prefix || (strings.HasPrefix(path, prefix) && (path[len(prefix)] == '.' || path[len(prefix)] == '['))
}

// backstop reports the errors (joined with errors.Join) of a funding
// Validate method at node n. The decoder checks everything those methods
// check, with positions, so this reports only what it missed.
func (d *decoder) backstop(n *yaml.Node, path string, err error) {
	if err == nil {
		return
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		d.Errorf(n, path, e, "%s", plain(e))
	}
}

// problems reports the lotting package's problems, with paths relative to
// prefix, each at the node its path names. A problem at, inside or around
// a field already reported is left out: it follows from the value that
// could not be read (an unknown kind read as no kind, say).
func (d *decoder) problems(prefix string, errs []error) {
	var known []string
	for _, e := range d.Problems {
		if e.Path != "" {
			known = append(known, e.Path)
		}
	}
	seen := map[string]bool{}
	for _, e := range errs {
		var p *lotting.Problem
		if !errors.As(e, &p) {
			d.Errorf(d.find(prefix), prefix, e, "%s", plain(e))
			continue
		}
		path := p.Path
		switch {
		case prefix == "":
		case path == "":
			path = prefix
		case strings.HasPrefix(path, "["):
			path = prefix + path
		default:
			path = prefix + "." + path
		}
		related := false
		for _, k := range known {
			related = related || under(path, k) || under(k, path)
		}
		if related || seen[path+"\x00"+p.Msg] {
			continue
		}
		seen[path+"\x00"+p.Msg] = true
		d.Errorf(d.find(path), path, p, "%s", shorten(unprefix(p.Msg)))
	}
}

// maxMessage is the longest message repeated from another package. A
// message that lists every rule of a large structure helps no one.
const maxMessage = 2000

// shorten cuts msg to about maxMessage bytes, at a character boundary.
func shorten(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d more characters)", msg[:cut], len(msg)-cut)
}

// find returns the node a field path names ("lots[0].service.refuge.beds"),
// or the nearest enclosing node that exists, for placing a problem found
// by a validator. It returns the document's root for "".
func (d *decoder) find(path string) *yaml.Node {
	n := d.root
	if n == nil || path == "" {
		return n
	}
	for _, seg := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		if name != "" {
			next := child(n, name)
			if next == nil {
				return n
			}
			n = next
		}
		for rest != "" {
			num, after, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(num)
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return n
			}
			n = n.Content[i]
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return n
}

// child returns the value of key name in mapping n, or nil.
func child(n *yaml.Node, name string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return n.Content[i+1]
		}
	}
	return nil
}
