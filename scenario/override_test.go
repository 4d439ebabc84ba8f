package scenario

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

func TestParseOverride(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Override
		wantErr bool
	}{
		{in: "lots[0].service.caseworkers.fte=40", want: Override{Path: "lots[0].service.caseworkers.fte", Op: Set, Value: "40"}},
		{in: "demand.streams[*].growth+=1%", want: Override{Path: "demand.streams[*].growth", Op: Add, Value: "1%"}},
		{in: "funders[0].annual.amount *= 1.1", want: Override{Path: "funders[0].annual.amount", Op: Scale, Value: "1.1"}},
		{in: "lots[North=East].allocation={percent: 80%}", want: Override{Path: "lots[North=East].allocation", Op: Set, Value: "{percent: 80%}"}},
		{in: "no equals sign", wantErr: true},
		{in: "=40", wantErr: true},
		{in: "lots[0].=40", wantErr: true},
		{in: "lots[0=40", wantErr: true},
		{in: "lots[].fte=40", wantErr: true},
		{in: "lots[0].fte=", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOverride(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseOverride(%q) error %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrOverride) {
					t.Errorf("error %v does not wrap ErrOverride", err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			// The text form reads back as the same override.
			again, err := ParseOverride(got.String())
			if err != nil || again != got {
				t.Errorf("ParseOverride(%q) = %+v, %v; want %+v", got.String(), again, err, got)
			}
		})
	}
}

// TestApplyOverridesNone checks that rewriting the YAML tree changes
// nothing by itself: a scenario read through ApplyOverrides with a no-op
// override equals the one Load reads.
func TestApplyOverridesNone(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"../scenarios/staffordshire-2023.yaml", "../scenarios/essex-2025.yaml", "../scenarios/coventry-2019.yaml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		// Setting the name to itself rewrites the whole file.
		got, err := ApplyOverrides(file, data, Override{Path: "name", Value: `"` + want.Name + `"`})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Scenario{})); diff != "" {
			t.Errorf("%s: rewritten scenario differs (-want +got):\n%s", file, diff)
		}
	}
}

func TestApplyOverrides(t *testing.T) {
	t.Parallel()
	const file = "../scenarios/staffordshire-2023.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	base, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		ov    []Override
		check func(t *testing.T, s *Scenario)
	}{
		{"set by index", []Override{{Path: "lots[0].service.caseworkers.caseload_per_fte", Value: "25"}}, func(t *testing.T, s *Scenario) {
			if got := s.Structure.Lots[0].Service.Caseworkers.CaseloadPerFTE; got != 25 {
				t.Errorf("caseload %v, want 25", got)
			}
		}},
		{"set by name, quoted", []Override{{Path: `lots["Perpetrators"].service.group.concurrent_cohorts`, Value: "5"}}, func(t *testing.T, s *Scenario) {
			if got := s.Structure.Lots[1].Service.Group.ConcurrentCohorts; got != 5 {
				t.Errorf("cohorts %d, want 5", got)
			}
		}},
		{"add a missing key", []Override{{Path: "lots[Victims].service.caseworkers.fte", Value: "40"}}, func(t *testing.T, s *Scenario) {
			if got := s.Structure.Lots[0].Service.Caseworkers.FTE; got != 40 {
				t.Errorf("FTE %v, want 40", got)
			}
		}},
		// Every stream's growth is 0% in the file: +1% makes each 1%.
		{"add to every item", []Override{{Path: "demand.streams[*].growth", Op: Add, Value: "1%"}}, func(t *testing.T, s *Scenario) {
			for i, st := range s.Demand.Streams {
				if st.Growth != 0.01 {
					t.Errorf("stream %d growth %v, want 0.01", i, st.Growth)
				}
			}
		}},
		// £670,490 x 1.1 = £737,539 exactly, in every year of annual:.
		{"scale money", []Override{{Path: "funders[0].annual.amount", Op: Scale, Value: "1.1"}}, func(t *testing.T, s *Scenario) {
			for _, c := range s.Pool.Funders[0].Contributions {
				if !c.Amount.Equal(funding.MustParseMoney("737539")) {
					t.Errorf("%s: %s, want £737,539.00", c.Year, c.Amount)
				}
			}
		}},
		// 6 weeks + 1 week = 49 days.
		{"add a duration", []Override{{Path: "lots[Perpetrators].wait_targets.standard", Op: Add, Value: "1 week"}}, func(t *testing.T, s *Scenario) {
			if got := s.Structure.Lots[1].WaitTargets[lotting.Standard]; got != 49 {
				t.Errorf("target %v days, want 49", got)
			}
		}},
		{"in turn", []Override{{Path: "lots[0].service.caseworkers.caseload_per_fte", Value: "20"}, {Path: "lots[0].service.caseworkers.caseload_per_fte", Op: Scale, Value: "1.5"}}, func(t *testing.T, s *Scenario) {
			if got := s.Structure.Lots[0].Service.Caseworkers.CaseloadPerFTE; got != 30 {
				t.Errorf("caseload %v, want 30", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := ApplyOverrides(file, data, tt.ov...)
			if err != nil {
				t.Fatal(err)
			}
			if s.SHA256 != base.SHA256 || s.File != file {
				t.Errorf("file %q sha %s, want the file's own %q %s", s.File, s.SHA256, file, base.SHA256)
			}
			tt.check(t, s)
		})
	}
}

func TestApplyOverridesErrors(t *testing.T) {
	t.Parallel()
	const file = "../scenarios/staffordshire-2023.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		ov       Override
		override bool   // an ErrOverride, not a scenario error
		want     string // in the message
	}{
		{"unknown name", Override{Path: "lots[Victim].allocation", Value: "remainder"}, true, `no item named "Victim" (names: "Victims", "Perpetrators")`},
		{"index out of range", Override{Path: "lots[2].allocation", Value: "remainder"}, true, "has 2 items"},
		{"unknown key", Override{Path: "lots[0].servce.caseworkers.fte", Value: "4"}, true, `no key "servce"`},
		{"add to a missing key", Override{Path: "lots[0].service.caseworkers.fte", Op: Add, Value: "4"}, true, `no key "fte"`},
		{"wrong unit", Override{Path: "demand.streams[0].growth", Op: Add, Value: "1 day"}, true, "in the value's unit"},
		{"not a list", Override{Path: "name[0]", Value: "x"}, true, "is not a list"},
		{"invalid value", Override{Path: "lots[0].service.caseworkers.caseload_per_fte", Value: "-1"}, false, "lots[0].service.caseworkers.caseload_per_fte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ApplyOverrides(file, data, tt.ov)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrOverride) != tt.override {
				t.Errorf("errors.Is(err, ErrOverride) = %v, want %v: %v", !tt.override, tt.override, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to, step string
		want           []string
		wantErr        bool
	}{
		{from: "0%", to: "6%", step: "2%", want: []string{"0%", "2%", "4%", "6%"}},
		{from: "0.1", to: "0.35", step: "0.1", want: []string{"0.1", "0.2", "0.3"}},   // exact decimal steps; 0.35 not reached
		{from: "0.1", to: "1", step: "0.3", want: []string{"0.1", "0.4", "0.7", "1"}}, // binary floats would miss 1.0
		{from: "£600k", to: "£800k", step: "£100k", want: []string{"£600000", "£700000", "£800000"}},
		{from: "£1,000.50", to: "£1,001", step: "0.25", want: []string{"£1000.50", "£1000.75", "£1001"}},
		{from: "4 weeks", to: "8 weeks", step: "2", want: []string{"4 weeks", "6 weeks", "8 weeks"}},
		{from: "10", to: "0", step: "5", want: []string{"10", "5", "0"}},
		{from: "-1%", to: "1%", step: "1%", want: []string{"-1%", "0%", "1%"}},
		{from: "3%", to: "3%", step: "1%", want: []string{"3%"}},
		{from: "4 weeks", to: "60 days", step: "1", wantErr: true},
		{from: "0%", to: "6%", step: "1 day", wantErr: true},
		{from: "0", to: "6", step: "0", wantErr: true},
		{from: "0", to: "6", step: "-1", wantErr: true},
		{from: "0", to: "1000", step: "0.5", wantErr: true}, // too many values
		{from: "abc", to: "6", step: "1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.from+":"+tt.to+":"+tt.step, func(t *testing.T) {
			t.Parallel()
			got, err := Range(tt.from, tt.to, tt.step)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrOverride) {
					t.Errorf("error %v does not wrap ErrOverride", err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
