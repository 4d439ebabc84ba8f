package scenario

import (
	"path/filepath"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

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
	files, _ := filepath.Glob("../scenarios/*.yaml")
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
