package scenario

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestStretchBuild checks that a caseworkers stretch reaches the engine:
// the factor on the lot, and on every capacity step the stretched maximum
// floor(FTE × max_caseload_per_fte) beside the normal floor(FTE ×
// caseload_per_fte), with the same FTE; the scenario without the block
// has neither.
func TestStretchBuild(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		file    string
		stretch bool
	}{
		{"../scenarios/staffordshire-2023-stretch.yaml", true},
		{"../scenarios/staffordshire-2023.yaml", false},
	} {
		s, err := Load(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Build(s.Simulation.Horizon)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range b.Model.Lots {
			if l.Name != "Victims" {
				if l.Stretch != nil {
					t.Errorf("%s: lot %s stretches, want only Victims", tt.file, l.Name)
				}
				continue
			}
			if !tt.stretch {
				if l.Stretch != nil {
					t.Errorf("%s: Victims stretches with no stretch block", tt.file)
				}
				for _, st := range l.Slots {
					if st.MaxSlots != 0 {
						t.Errorf("%s: step %+v has a stretched maximum with no stretch block", tt.file, st)
					}
				}
				continue
			}
			if l.Stretch == nil || l.Stretch.Factor != 1.3 {
				t.Fatalf("%s: Victims stretch = %+v, want factor 1.3", tt.file, l.Stretch)
			}
			if len(l.Slots) == 0 {
				t.Fatalf("%s: Victims has no capacity steps", tt.file)
			}
			for _, st := range l.Slots {
				// Both counts come from one FTE: slots = floor(22 FTE),
				// max = floor(30 FTE), so FTE lies in [slots/22,
				// (slots+1)/22) and in [max/30, (max+1)/30).
				lo := math.Max(float64(st.Slots)/22, float64(st.MaxSlots)/30)
				hi := math.Min(float64(st.Slots+1)/22, float64(st.MaxSlots+1)/30)
				if st.MaxSlots <= st.Slots || lo >= hi {
					t.Errorf("%s: step %+v: slots and stretched maximum do not come from one FTE at 22 and 30 a head", tt.file, st)
				}
			}
		}
	}
}

// TestStretchErrors checks that a bad stretch block is an error that names
// the key and what would be valid.
func TestStretchErrors(t *testing.T) {
	t.Parallel()
	base := string(readFile(t, "../scenarios/staffordshire-2023-stretch.yaml"))
	tests := []struct {
		name, old, new, want string
	}{
		{"below the caseload", "max_caseload_per_fte: 30", "max_caseload_per_fte: 20", "max_caseload_per_fte must be a number at least caseload_per_fte (22)"},
		{"factor below 1", "length_factor: 1.3", "length_factor: 0.5", "length_factor"},
		{"missing factor", "length_factor: 1.3", "", "length_factor"},
		{"unknown key", "length_factor: 1.3", "length_factor: 1.3\n          extra: 1", "extra"},
		{"not casework", "      delivery: casework\n      caseworkers:\n        # assumption: REFERENCES.md, about £38,600", "      delivery: beds\n      refuge: {beds: 10, length_of_stay: {fixed: 90 days}}\n      caseworkers:\n        # assumption: REFERENCES.md, about £38,600", "stretch applies to casework delivery only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if strings.Count(base, tt.old) != 1 {
				t.Fatalf("the scenario does not hold %q once", tt.old)
			}
			_, err := Parse("stretch.yaml", []byte(strings.Replace(base, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Errorf("Parse error %T, want an ErrorList", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "stretch") {
				t.Errorf("Parse error %q does not name %q", err, tt.want)
			}
		})
	}
}
