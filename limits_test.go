package lotsim

import (
	"errors"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// TestLimitsInGo changes a valid scenario in Go, past the limits the
// loader reports with positions, and checks that Validate, Budget and
// Model all refuse it (or, for Budget, give finite figures), so that
// check, budget and run agree on a scenario built by a program too.
func TestLimitsInGo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		change     func(s *scenario.Scenario)
		want       string // in Validate's and Model's error; "" if valid
		budgetFail bool
	}{
		{
			name:   "a billion referrals a year",
			change: func(s *scenario.Scenario) { s.Demand.Streams[0].PerYear = 1e9 },
			want:   "more than the 2,000,000 allowed",
		},
		{
			name: "an inherited caseload of three million",
			change: func(s *scenario.Scenario) {
				s.Simulation.Inherited = []scenario.Inherited{{Lot: "Victims", Waiting: 3_000_000}}
			},
			want: "inherited waiting lists",
		},
		{
			name: "a cost per FTE of 1p",
			change: func(s *scenario.Scenario) {
				s.Structure.Lots[0].Service.Caseworkers.FTE = 0
				s.Structure.Lots[0].Service.Caseworkers.CostPerFTE = funding.Pence(1)
			},
			want: "want a cost per FTE of at least £1.00",
		},
		{
			name:   "a referral rate that rounds to zero",
			change: func(s *scenario.Scenario) { s.Demand.Streams[0].PerYear = 0.000001 },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := scenario.Load("scenario/testdata/valid/minimal.yaml")
			if err != nil {
				t.Fatal(err)
			}
			s.Simulation.Horizon = scenario.Horizon{Kind: scenario.Fixed, Length: funding.MustParseDuration("1 year")} // the year the pool has money for
			tt.change(s)
			verr := s.Validate()
			_, merr := s.Model()
			r, berr := Budget(s) // must not panic
			if tt.want == "" {
				if verr != nil || merr != nil || berr != nil {
					t.Fatalf("Validate: %v; Model: %v; Budget: %v; want all nil", verr, merr, berr)
				}
				for _, py := range r.Pool {
					if py.PerReferralCash.Sign() < 0 {
						t.Errorf("%s: per referral %s", py.Year, py.PerReferralCash)
					}
				}
				return
			}
			if verr == nil || !strings.Contains(verr.Error(), tt.want) || !errors.Is(verr, scenario.ErrInvalidScenario) {
				t.Errorf("Validate: %v; want scenario.ErrInvalidScenario saying %q", verr, tt.want)
			}
			if merr == nil || !strings.Contains(merr.Error(), tt.want) || !errors.Is(merr, scenario.ErrCannotSimulate) {
				t.Errorf("Model: %v; want scenario.ErrCannotSimulate saying %q", merr, tt.want)
			}
		})
	}
}
