package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// TestModeBuild checks that Staffordshire 2018's lockdown move to 1:1
// and back reaches the engine: the lot starts as groups, switches on the
// day of each change (days from the contract start, 1 October 2018), and
// a certain capacity step at each switch gives the new delivery's units:
// 5 FTE × 8 cases = 40 case slots, then 5 groups at once.
func TestModeBuild(t *testing.T) {
	t.Parallel()
	s, err := Load("../scenarios/staffordshire-2018.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	var lot *simulate.Lot
	for i := range b.Model.Lots {
		if b.Model.Lots[i].Name == "Perpetrators" {
			lot = &b.Model.Lots[i]
		}
	}
	if lot == nil {
		t.Fatal("no Perpetrators lot")
	}
	start := funding.NewDate(2018, time.October, 1)
	lockdown := float64(funding.NewDate(2020, time.March, 23).DaysSince(start))  // 539
	resume := float64(funding.NewDate(2021, time.September, 1).DaysSince(start)) // 1066
	want := []simulate.ModeStep{{At: lockdown, Mode: lotting.Casework, Convert: true}, {At: resume, Mode: lotting.GroupWork}}
	if diff := cmp.Diff(want, lot.Modes); diff != "" {
		t.Errorf("Modes (-want +got)\n%s", diff)
	}
	if lot.Mode != lotting.GroupWork {
		t.Errorf("Mode = %v, want group", lot.Mode)
	}
	slotsAt := map[float64]int{}
	for _, st := range lot.Slots {
		if st.Probability == 0 {
			slotsAt[st.At] = st.Slots
		}
	}
	if slotsAt[0] != 5 || slotsAt[lockdown] != 40 || slotsAt[resume] != 5 {
		t.Errorf("certain steps %v, want 5 groups at 0, 40 case slots at %v and 5 groups at %v", slotsAt, lockdown, resume)
	}
	if lot.Service.Mean != 182 || lot.Group.CohortSize != 12 || lot.Group.Weeks != 26 {
		t.Errorf("case length %+v and group %+v, want the caseworkers' 182 days and the 12-place 26-week group", lot.Service, lot.Group)
	}
	if err := b.Model.Validate(); err != nil {
		t.Error(err)
	}
}

// TestModeChangeErrors checks that a bad change of delivery or caseload
// is an error naming the line, the field and what would be valid.
func TestModeChangeErrors(t *testing.T) {
	t.Parallel()
	base := string(readFile(t, "../scenarios/staffordshire-2018.yaml"))
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown delivery", "delivery: casework,", "delivery: one_to_one,",
			`lots[1].changes[0].delivery: unknown delivery from the date "one_to_one" (valid: casework, group)`},
		{"beds", "delivery: casework,", "delivery: beds,",
			`lots[1].changes[0].delivery: unknown delivery from the date "beds" (valid: casework, group)`},
		{"already group", "delivery: casework,", "delivery: group,",
			`lots[1].changes[0].delivery: lot "Perpetrators": change on 2020-03-23: delivery is group already`},
		{"maximum without stretch", "{date: 2021-09-01, delivery: group}", "{date: 2021-09-01, delivery: group, max_caseload_per_fte: 9}",
			`lots[1].changes[1].max_caseload_per_fte: lot "Perpetrators": change on 2021-09-01 sets max_caseload_per_fte, but the lot's caseworkers do not stretch`},
		{"zero caseload", "{date: 2021-09-01, delivery: group}", "{date: 2021-09-01, caseload_per_fte: 0}",
			`lots[1].changes[1].caseload_per_fte: 0 is out of range; want a number above 0`},
		{"convert on the way back", "{date: 2021-09-01, delivery: group}", "{date: 2021-09-01, delivery: group, convert_groups: true}",
			`lots[1].changes[1].convert_groups: lot "Perpetrators": change on 2021-09-01: convert_groups turns running groups into 1:1 cases, so it needs delivery: casework in the same change, from group delivery`},
		{"convert not a flag", "convert_groups: true}", "convert_groups: yes please}",
			`lots[1].changes[0].convert_groups`},
		{"unknown key", "{date: 2021-09-01, delivery: group}", "{date: 2021-09-01, mode: group}",
			`lots[1].changes[1]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if strings.Count(base, tt.old) != 1 {
				t.Fatalf("the scenario does not hold %q once", tt.old)
			}
			_, err := Parse("staffordshire.yaml", []byte(strings.Replace(base, tt.old, tt.new, 1)))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse error %T (%v), want an ErrorList", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error %q does not hold %q", err, tt.want)
			}
			// The error is placed on the line of the edited change.
			line := strings.Count(base[:strings.Index(base, tt.old)], "\n") + 1
			if !strings.Contains(err.Error(), fmt.Sprintf("staffordshire.yaml:%d:", line)) {
				t.Errorf("Parse error %q is not on line %d", err, line)
			}
		})
	}
}

// TestCaseloadChangeBuild checks that caseload_per_fte and
// max_caseload_per_fte in a change become the capacity steps' Slots and
// MaxSlots from its date: on 1 January 2025 (inside the contract year
// from 1 October 2024, so the FTE is the one the step before it has),
// floor(FTE × 18) and floor(FTE × 35) where the step before has
// floor(FTE × 22) and floor(FTE × 30), with one FTE for all four.
func TestCaseloadChangeBuild(t *testing.T) {
	t.Parallel()
	base := string(readFile(t, "../scenarios/staffordshire-2023-stretch.yaml"))
	const old = "          length_factor: 1.3\n    disengagement:\n      - {client_group: victim, patience: {exponential: {mean: 90 days}}}   # assumption: no source; as in 2018\n" +
		"      - {client_group: child_family, patience: {exponential: {mean: 90 days}}}   # assumption: no source; as the victims' (children are referred with or through a parent)\n"
	if strings.Count(base, old) != 1 {
		t.Fatalf("the scenario does not hold %q once", old)
	}
	text := strings.Replace(base, old, old+"    changes:\n      - {date: 2025-01-01, caseload_per_fte: 18, max_caseload_per_fte: 35}\n", 1)
	s, err := Parse("stretch.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	at := float64(funding.NewDate(2025, time.January, 1).DaysSince(funding.NewDate(2023, time.October, 1)))
	for _, l := range b.Model.Lots {
		if l.Name != "Victims" {
			continue
		}
		var before, after *simulate.CapacityStep
		for k := range l.Slots {
			st := &l.Slots[k]
			if st.Probability != 0 {
				continue
			}
			if st.At < at {
				before = st
			}
			if st.At == at {
				after = st
			}
		}
		if before == nil || after == nil {
			t.Fatalf("steps %+v: want certain steps before and at day %v", l.Slots, at)
		}
		lo := max(float64(before.Slots)/22, float64(before.MaxSlots)/30, float64(after.Slots)/18, float64(after.MaxSlots)/35)
		hi := min(float64(before.Slots+1)/22, float64(before.MaxSlots+1)/30, float64(after.Slots+1)/18, float64(after.MaxSlots+1)/35)
		if lo >= hi || after.Slots >= before.Slots || after.MaxSlots <= before.MaxSlots {
			t.Errorf("before %+v, after %+v: not one FTE at 22 and 30, then 18 and 35 cases a head", *before, *after)
		}
		return
	}
	t.Fatal("no Victims lot")
}
