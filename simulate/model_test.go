package simulate

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		edit     func(m *Model)
		wantPath string // empty: valid
	}{
		{"full model is valid", func(m *Model) {}, ""},
		{"zero horizon", func(m *Model) { m.Horizon = 0 }, "Horizon"},
		{"NaN warm-up", func(m *Model) { m.WarmUp = math.NaN() }, "WarmUp"},
		{"years not from 0", func(m *Model) { m.YearStarts[0] = 5 }, "YearStarts[0]"},
		{"years out of order", func(m *Model) { m.YearStarts[2] = 100 }, "YearStarts[2]"},
		{"no streams", func(m *Model) { m.Streams, m.Route = nil, nil }, "Streams"},
		{"area out of range", func(m *Model) { m.Streams[1].Area = 2 }, "Streams[1] (South victims).Area"},
		{"no client group", func(m *Model) { m.Streams[0].Group = 0 }, "Streams[0] (North victims).Group"},
		{"negative rate", func(m *Model) { m.Streams[1].Rate = -1 }, "Streams[1] (South victims).Rate"},
		{"NaN daily rate", func(m *Model) { m.Streams[0].RatePerDay[3] = math.NaN() }, "RatePerDay[3]"},
		{"risk mix not 1", func(m *Model) { m.Streams[2].RiskMix = [3]float64{0.5, 0.2, 0.2} }, "Streams[2] (North perpetrators).RiskMix"},
		{"repeat over 1", func(m *Model) { m.Streams[0].RepeatRate = 1.5 }, "RepeatRate"},
		{"route short", func(m *Model) { m.Route = m.Route[:2] }, "Route"},
		{"route to no lot", func(m *Model) { m.Route[0][2] = 7 }, "Route[0][2]"},
		{"no handlers", func(m *Model) { m.FrontDoor.Handlers = 0 }, "FrontDoor.Handlers"},
		{"bad handling time", func(m *Model) { m.FrontDoor.HandlingTime.SD = 0 }, "FrontDoor.HandlingTime"},
		{"bad case length", func(m *Model) { m.Lots[1].Service = lotting.Distribution{} }, "Lots[1] (IDVA).Service"},
		{"steps out of order", func(m *Model) { m.Lots[0].Slots[2].At = 10 }, "Lots[0] (Community).Slots[2].At"},
		{"negative slots", func(m *Model) { m.Lots[0].Slots[0].Slots = -3 }, "Slots[0].Slots"},
		{"probability over 1", func(m *Model) { m.Lots[0].Slots[2].Probability = 2 }, "Slots[2].Probability"},
		{"group listed twice", func(m *Model) {
			m.Lots[0].Disengagement = append(m.Lots[0].Disengagement, Disengagement{Group: lotting.Victim})
		}, "Disengagement[2].Group"},
		{"bad patience", func(m *Model) { m.Lots[0].Disengagement[0].Patience.Mean = -1 }, "Disengagement[0].Patience"},
		{"drop-out over 1", func(m *Model) { m.Lots[2].Disengagement[0].DropOut = 1.1 }, "Disengagement[0].DropOut"},
		{"no cohort size", func(m *Model) { m.Lots[2].Group.CohortSize = 0 }, "Group.CohortSize"},
		{"min over size", func(m *Model) { m.Lots[2].Group.MinToStart = 11 }, "Group.MinToStart"},
		{"no start interval", func(m *Model) { m.Lots[2].Group.StartEvery = 0 }, "Group.StartEvery"},
		{"unknown mode", func(m *Model) { m.Lots[3].Mode = 9 }, "Lots[3] (Refuge).Mode"},
		{"declined over 1", func(m *Model) { m.Lots[3].DeclinedShare = 2 }, "DeclinedShare"},
		{"negative target", func(m *Model) { m.Lots[0].Targets[1] = -1 }, "Targets[1]"},
		{"negative inherited", func(m *Model) { m.Lots[0].Waiting = -1 }, "Lots[0] (Community)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := fullModel()
			tt.edit(m)
			err := m.Validate()
			if tt.wantPath == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var me *ModelError
			if !errors.Is(err, ErrBadModel) || !errors.As(err, &me) || !strings.Contains(err.Error(), tt.wantPath) {
				t.Fatalf("Validate() = %v, want a *ModelError wrapping ErrBadModel at %q", err, tt.wantPath)
			}
			// Run refuses the model with the same error instead of panicking.
			if _, err := Run(context.Background(), m, Options{Replications: 1}); !errors.Is(err, ErrBadModel) {
				t.Errorf("Run = %v, want ErrBadModel", err)
			}
		})
	}
}

func TestValidateNil(t *testing.T) {
	t.Parallel()
	var m *Model
	if err := m.Validate(); !errors.Is(err, ErrBadModel) {
		t.Errorf("nil model: Validate() = %v, want ErrBadModel", err)
	}
}

func TestInheritedNeedsARoute(t *testing.T) {
	t.Parallel()
	m := fullModel()
	m.Route[3] = [3]int{-1, -1, -1}
	m.Route[2] = [3]int{1, 1, 1} // nothing reaches lot 2 (Perpetrators) now
	m.Lots[2].Waiting = 5
	if _, err := Run(context.Background(), m, Options{Replications: 1}); !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "Perpetrators") {
		t.Errorf("Run = %v, want ErrBadModel naming the lot", err)
	}
}
