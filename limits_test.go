package lotsim

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// TestLimitsInGo changes a valid scenario in Go, past the limits the
// loader reports with positions, and checks that Validate, Budget and
// Model all refuse it (or, for Budget, give finite figures), so that
// check, budget and run agree on a scenario built by a program too.
func TestLimitsInGo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		change     func(s *Scenario)
		want       string // in Validate's and Model's error; "" if valid
		budgetFail bool
	}{
		{
			name:   "a billion referrals a year",
			change: func(s *Scenario) { s.Demand.Streams[0].PerYear = 1e9 },
			want:   "more than the 2,000,000 allowed",
		},
		{
			name:   "an inherited caseload of three million",
			change: func(s *Scenario) { s.Simulation.Inherited = []Inherited{{Lot: "Victims", Waiting: 3_000_000}} },
			want:   "inherited waiting lists",
		},
		{
			name: "a cost per FTE of 1p",
			change: func(s *Scenario) {
				s.Structure.Lots[0].Service.Caseworkers.FTE = 0
				s.Structure.Lots[0].Service.Caseworkers.CostPerFTE = funding.Pence(1)
			},
			want: "want a cost per FTE of at least £1.00",
		},
		{
			name:   "a referral rate that rounds to zero",
			change: func(s *Scenario) { s.Demand.Streams[0].PerYear = 0.000001 },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Load("testdata/valid/minimal.yaml")
			if err != nil {
				t.Fatal(err)
			}
			s.Simulation.Horizon = Horizon{Kind: Fixed, Length: funding.MustParseDuration("1 year")} // the year the pool has money for
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
			if verr == nil || !strings.Contains(verr.Error(), tt.want) || !errors.Is(verr, ErrInvalidScenario) {
				t.Errorf("Validate: %v; want ErrInvalidScenario saying %q", verr, tt.want)
			}
			if merr == nil || !strings.Contains(merr.Error(), tt.want) || !errors.Is(merr, ErrCannotSimulate) {
				t.Errorf("Model: %v; want ErrCannotSimulate saying %q", merr, tt.want)
			}
		})
	}
}

// TestTooManyPeopleField checks which field the demand limit blames.
func TestTooManyPeopleField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		change    func(d *lotting.Demand)
		wantField string
	}{
		{"within the limit", func(d *lotting.Demand) {}, ""},
		{"the rate", func(d *lotting.Demand) { d.Streams[0].PerYear = 1e6 }, "referrals_per_year"},
		{"growth", func(d *lotting.Demand) {
			d.Start = funding.NewDate(2024, 4, 1)
			d.Streams[0].PerYear, d.Streams[0].Growth = 200_000, 1
		}, "growth"},
		{"a shock", func(d *lotting.Demand) {
			d.Streams[0].PerYear = 300_000
			d.Shocks = []lotting.Shock{{From: funding.NewDate(2024, 5, 1), To: funding.NewDate(2027, 1, 1), Multiplier: 10}}
		}, "shock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Load("testdata/valid/minimal.yaml")
			if err != nil {
				t.Fatal(err)
			}
			tt.change(&s.Demand)
			msg, field, _ := s.tooManyPeople(s.Simulation.Horizon)
			if field != tt.wantField {
				t.Errorf("field %q, want %q (%s)", field, tt.wantField, msg)
			}
		})
	}
}

// TestDailyRatesMatchRate checks that the shared daily factors give
// lotting.Demand.Rate bit for bit, for every stream and day of the shipped
// and valid scenarios (with growth, seasonality, shocks and days before the
// demand's start), so that the demand limit and the model's rates are the
// rates the format documents.
func TestDailyRatesMatchRate(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("scenarios/*.yaml")
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, file := range append(files, valid...) {
		s, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		start := s.Contracts[0].Terms.Start.AddDays(-400)
		const days = 3000
		f := newDailyFactors(s.Demand, start, days)
		for i, st := range s.Demand.Streams {
			for k := range days {
				if got, want := f.rate(st, k), s.Demand.Rate(i, start.AddDays(k)); got != want {
					t.Fatalf("%s: stream %d, %s: rate %v, Demand.Rate %v", file, i, start.AddDays(k), got, want)
				}
			}
		}
	}
}
