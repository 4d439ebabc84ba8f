package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrInvalidScenario is wrapped by every problem Validate reports.
var ErrInvalidScenario = errors.New("lotsim: invalid scenario")

// Validate reports everything wrong with a scenario built in Go values, as
// the loader does for a file (without the file's line numbers): funders
// and their money, inflation, contract terms and uplifts, duplicate or
// unknown contract names, more than one lead funder, demand, every lot and
// the routing (gaps, overlaps, unreachable lots), allocations that do not
// fit a year's pool, earmarks naming no lot or area or that the allocation
// does not meet, and last what only the simulation model shows (a
// contract year with no money in the pool, say). The problems are joined
// with errors.Join, each wrapping ErrInvalidScenario and the package's own
// error; nil means the scenario can be budgeted and simulated.
//
// Load and Parse check all of this, with positions, except the last step:
// a file may describe a scenario that can be budgeted but not simulated
// (contributions stated for fewer years than the contracts run, say).
// Validate is for programs that build or change a Scenario themselves, and
// for a check that the scenario can be run. The model step refuses too
// what goes beyond the limits that bound a run (limits.go: the people one
// replication expects, the staff a lot's money buys), which the loader
// reports with positions. The runner's commands (check, budget, run,
// compare, sweep) all load through Parse and then Validate, so they agree
// on what is valid.
func (s *Scenario) Validate() error {
	var errs []error
	add := func(what string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrInvalidScenario, what, err))
		}
	}
	add("funders", s.Pool.Validate())
	leads := 0
	for _, f := range s.Pool.Funders {
		if f.Lead {
			leads++
		}
	}
	if leads > 1 {
		add("funders", fmt.Errorf("%d funders are marked lead; at most one may be", leads))
	}
	add("inflation", s.Inflation.Validate())
	seen := map[string]bool{}
	for _, c := range s.Contracts {
		if seen[c.Name] {
			add("contracts", fmt.Errorf("contract %q is named twice", c.Name))
		}
		seen[c.Name] = true
		add("contract "+c.Name, c.Terms.Validate())
		add("contract "+c.Name+" uplift", c.Uplift.Validate())
	}
	if len(s.Contracts) == 0 {
		add("contracts", errors.New("no contracts; every lot is bought under one"))
	}
	add("demand", s.Demand.Validate())
	for _, err := range s.Structure.Validate(s.Demand) {
		add("lots and routing", err)
	}
	// No package checks these: Budget would silently leave a lot whose
	// contract is misspelt out of every contract's value.
	for _, l := range s.Structure.Lots {
		if _, ok := s.Contract(l.Contract); !ok {
			add("lot "+l.Name, fmt.Errorf("unknown contract %q (the scenario's contracts: %s)", l.Contract, contractNames(s)))
		}
	}
	for _, y := range s.Pool.Years() {
		if _, err := s.LotFunding(y); err != nil {
			add("allocation in "+y.String(), err)
		}
	}
	for _, sf := range s.EarmarkShortfalls() {
		add("earmarks", sf)
	}
	lots := map[string]bool{}
	for _, l := range s.Structure.Lots {
		lots[l.Name] = true
	}
	for _, f := range s.Pool.Funders {
		for _, e := range f.Earmarks {
			switch {
			case e.Lot != "" && !lots[e.Lot]:
				add("funder "+f.Name+" earmarks", fmt.Errorf("unknown lot %q", e.Lot))
			case e.Area != "" && !slices.Contains(s.Structure.Areas, e.Area):
				add("funder "+f.Name+" earmarks", fmt.Errorf("unknown area %q (the scenario's areas: %s)", e.Area, strings.Join(s.Structure.Areas, ", ")))
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Last, the model the engine will run: it catches what only the whole
	// scenario shows, such as a contract year with no money in the pool.
	if _, err := s.Model(); err != nil {
		for _, e := range unjoin(err) {
			errs = append(errs, fmt.Errorf("%w: %w", ErrInvalidScenario, e))
		}
	}
	return errors.Join(errs...)
}

func contractNames(s *Scenario) string {
	if len(s.Contracts) == 0 {
		return "none"
	}
	names := ""
	for i, c := range s.Contracts {
		if i > 0 {
			names += ", "
		}
		names += fmt.Sprintf("%q", c.Name)
	}
	return names
}

// unjoin returns the errors joined in err by errors.Join, or err itself.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// LoadValid reads a scenario file with Load and checks it with Validate:
// the one validation path of the lotsim command's check, budget, run,
// compare and sweep, so that they agree on what is valid. A scenario it
// accepts can be budgeted and simulated.
//
// The error is Load's (an ErrorList for a file that is not a valid
// scenario, or the error reading it), with a nil scenario; or Validate's
// joined errors, with the scenario, which parsed.
func LoadValid(path string) (*Scenario, error) {
	s, err := Load(path)
	if err != nil {
		return nil, err
	}
	return s, s.Validate()
}
