package scenario

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
)

// TestValidateAgreesWithLoader: of a scenario the loader accepts, Validate
// can only add that it cannot be simulated, and every shipped scenario can
// be. A program that loads a file and validates it again is never told of
// a problem in the file that the loader missed.
func TestValidateAgreesWithLoader(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../scenarios/*.yaml")
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	files = append(files, valid...)
	if len(files) < 5 {
		t.Fatalf("found only %d scenarios", len(files))
	}
	for _, file := range files {
		s, err := Load(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		err = s.Validate()
		if err == nil {
			continue
		}
		shipped := strings.HasPrefix(file, "../scenarios/")
		if shipped || !onlyCannotSimulate(err) {
			t.Errorf("%s loads but Validate says:\n%v", file, err)
		}
	}
}

// TestValidateCatches changes a valid scenario in Go, one fault at a time,
// the way a program that builds scenarios might get them wrong.
func TestValidateCatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		break_ func(s *Scenario)
		want   string
	}{
		{"misspelt contract", func(s *Scenario) { s.Structure.Lots[0].Contract = "New Eraa" }, `unknown contract "New Eraa"`},
		{"duplicate contract", func(s *Scenario) { s.Contracts = append(s.Contracts, s.Contracts[0]) }, "named twice"},
		{"no contracts", func(s *Scenario) { s.Contracts = nil }, "no contracts"},
		{"two leads", func(s *Scenario) {
			for i := range s.Pool.Funders {
				s.Pool.Funders[i].Lead = true
			}
		}, "marked lead"},
		{"negative contribution", func(s *Scenario) {
			s.Pool.Funders[0].Contributions[0].Amount = funding.Pounds(-5)
		}, "negative"},
		{"allocation over the pool", func(s *Scenario) {
			s.Structure.Lots[0].Allocation = funding.AllocationRule{Name: s.Structure.Lots[0].Name, Method: funding.FixedAmount, Amount: funding.Pounds(1e9)}
		}, "allocation in"},
		{"routing gap", func(s *Scenario) { s.Structure.Rules = s.Structure.Rules[:0] }, "match no routing rule"},
		{"money for the first year only", func(s *Scenario) {
			for i := range s.Pool.Funders {
				s.Pool.Funders[i].Contributions = s.Pool.Funders[i].Contributions[:1]
			}
		}, "the pool has no contributions for 2019/20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Load("../scenarios/staffordshire-2018.yaml")
			if err != nil {
				t.Fatal(err)
			}
			tt.break_(s)
			err = s.Validate()
			if err == nil {
				t.Fatalf("Validate accepted a scenario with a %s", tt.name)
			}
			if !errors.Is(err, ErrInvalidScenario) {
				t.Errorf("error does not wrap ErrInvalidScenario: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error does not mention %q:\n%v", tt.want, err)
			}
		})
	}
}

// onlyCannotSimulate reports whether every problem joined in err is the
// simulation model's.
func onlyCannotSimulate(err error) bool {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return errors.Is(err, ErrCannotSimulate)
	}
	for _, e := range j.Unwrap() {
		if !errors.Is(e, ErrCannotSimulate) {
			return false
		}
	}
	return true
}

// TestLoadValid checks the three outcomes of the one validation path: a
// file that does not load, one that loads but cannot be simulated, and
// one that can.
func TestLoadValid(t *testing.T) {
	t.Parallel()
	s, err := LoadValid("testdata/broken/empty.yaml")
	var list ErrorList
	if s != nil || !errors.As(err, &list) {
		t.Errorf("broken file: scenario %v, error %v; want nil and an ErrorList", s != nil, err)
	}
	s, err = LoadValid("testdata/valid/minimal.yaml")
	if s == nil || !errors.Is(err, ErrInvalidScenario) || !errors.Is(err, ErrCannotSimulate) {
		t.Errorf("minimal.yaml: scenario %v, error %v; want the scenario and an error wrapping ErrInvalidScenario and ErrCannotSimulate", s != nil, err)
	}
	if s, err = LoadValid("../scenarios/essex-2025.yaml"); s == nil || err != nil {
		t.Errorf("essex-2025.yaml: scenario %v, error %v; want the scenario and no error", s != nil, err)
	}
}
