package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/simulate"
)

// slotsAt returns the certain capacity step of lot name in force at day t.
func slotsAt(t *testing.T, m *simulate.Model, name string, day float64) simulate.CapacityStep {
	t.Helper()
	for _, l := range m.Lots {
		if l.Name != name {
			continue
		}
		var in simulate.CapacityStep
		for _, st := range l.Slots {
			if st.Probability == 0 && st.At <= day {
				in = st
			}
		}
		return in
	}
	t.Fatalf("no lot %q", name)
	return simulate.CapacityStep{}
}

func buildText(t *testing.T, text string) *simulate.Model {
	t.Helper()
	s, err := Parse("rotherham.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	return b.Model
}

// TestMobilisationBuild: Rotherham's combined support contract starts on
// 1 October 2022, day 365 of the period from 1 October 2021. With
// mobilisation {weeks: 12, capacity: 50%} its lot has floor(n × 50%) of
// the n case slots it would have from day 365 to day 365 + 84 = 449, then
// n again; before day 365 nothing changes. The refuge's contract starts
// on the first day, so its mobilisation is ignored (already mobilised).
func TestMobilisationBuild(t *testing.T) {
	t.Parallel()
	base := string(readFile(t, "../scenarios/rotherham-2021.yaml"))
	const support = "    reprocurement_lead: 16 months\n"
	const refuge = "      - {length: 1 year, taken: false}   # seed 003: \"an option to extend by a further 1 year period\"\n"
	for _, old := range []string{support, refuge} {
		if strings.Count(base, old) != 1 {
			t.Fatalf("the scenario does not hold %q once", old)
		}
	}
	with := strings.Replace(base, support, support+"    mobilisation: {weeks: 12, capacity: 50%}\n", 1)
	with = strings.Replace(with, refuge, refuge+"    mobilisation: {weeks: 8, capacity: 25%}\n", 1)
	m0, m1 := buildText(t, base), buildText(t, with)
	for _, day := range []float64{0, 364, 365, 448, 449, 800} {
		full, got := slotsAt(t, m0, "Combined support", day), slotsAt(t, m1, "Combined support", day)
		want := full.Slots
		if day >= 365 && day < 449 {
			want = full.Slots / 2 // floor(n × 50%)
		}
		if got.Slots != want {
			t.Errorf("day %v: %d case slots, want %d (%d without mobilisation)", day, got.Slots, want, full.Slots)
		}
	}
	if full := slotsAt(t, m0, "Combined support", 365).Slots; full < 2 {
		t.Fatalf("combined support has %d slots on day 365; the test needs at least 2", full)
	}
	for _, l := range m0.Lots {
		if l.Name != "Refuge" {
			continue
		}
		for _, l1 := range m1.Lots {
			if l1.Name == "Refuge" {
				if diff := cmp.Diff(l.Slots, l1.Slots); diff != "" {
					t.Errorf("refuge steps changed by a mobilisation of a contract starting on the first day (-without +with)\n%s", diff)
				}
			}
		}
	}
}

func TestMobilisationErrors(t *testing.T) {
	t.Parallel()
	base := string(readFile(t, "../scenarios/rotherham-2021.yaml"))
	const at = "    reprocurement_lead: 16 months\n"
	tests := []struct{ name, add, want string }{
		{"no weeks", "    mobilisation: {capacity: 50%}\n", `:105:19: contracts[1].mobilisation: missing key "weeks"`},
		{"zero weeks", "    mobilisation: {weeks: 0, capacity: 50%}\n", "contracts[1].mobilisation.weeks: 0 is out of range"},
		{"too long", "    mobilisation: {weeks: 600, capacity: 50%}\n", "contracts[1].mobilisation.weeks: 600 is out of range"},
		{"over 100%", "    mobilisation: {weeks: 12, capacity: 150%}\n", "contracts[1].mobilisation.capacity"},
		{"not a share", "    mobilisation: {weeks: 12, capacity: half}\n", "contracts[1].mobilisation.capacity"},
		{"unknown key", "    mobilisation: {weeks: 12, capacity: 50%, handover: 2 weeks}\n", "handover"},
		{"a duration", "    mobilisation: 12 weeks\n", "contracts[1].mobilisation: want a mapping (key: value pairs) for a mobilisation (weeks, capacity)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("rotherham.yaml", []byte(strings.Replace(base, at, at+tt.add, 1)))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error %T (%v), want an ErrorList", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error %q does not hold %q", err, tt.want)
			}
		})
	}
}
