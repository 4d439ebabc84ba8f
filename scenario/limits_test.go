package scenario

import (
	"math"
	"os"
	"path/filepath"
	"strings"
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

// TestLimitedShocks: a shock limited to one area and client group changes
// only the streams it names, in Demand.Rate and, bit for bit, in the
// model's daily rates; a shock naming an unknown area is an error with its
// position.
func TestLimitedShocks(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../scenarios/staffordshire-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ApplyOverrides("staffordshire-2023.yaml", data, Override{Path: "demand.shocks", Op: Set,
		Value: `[{name: campaign, from: 2024-01-01, to: 2024-03-31, multiplier: 1.5, areas: [Stoke-on-Trent], client_groups: [victim]}]`})
	if err != nil {
		t.Fatal(err)
	}
	day, before := funding.NewDate(2024, 2, 1), funding.NewDate(2023, 12, 1)
	hit := 0
	for i, st := range s.Demand.Streams {
		ratio := s.Demand.Rate(i, day) / s.Demand.Rate(i, day.AddDays(-62)) / (s.Demand.Season(day.Month) / s.Demand.Season(before.Month))
		want := 1.0
		if st.Area == "Stoke-on-Trent" && st.Group == lotting.Victim {
			want, hit = 1.5, hit+1
		}
		if math.Abs(ratio-want) > 1e-9 {
			t.Errorf("stream %d (%s, %s): rate in February over December %v, want %v", i, st.Area, st.Group, ratio, want)
		}
	}
	if hit == 0 {
		t.Fatal("no Stoke-on-Trent victim stream to test")
	}
	start := s.Contracts[0].Terms.Start
	f := newDailyFactors(s.Demand, start, 400)
	for i, st := range s.Demand.Streams {
		for k := range 400 {
			if got, want := f.rate(st, k), s.Demand.Rate(i, start.AddDays(k)); got != want {
				t.Fatalf("stream %d, %s: rate %v, Demand.Rate %v", i, start.AddDays(k), got, want)
			}
		}
	}
	_, err = ApplyOverrides("staffordshire-2023.yaml", data, Override{Path: "demand.shocks", Op: Set,
		Value: `[{name: campaign, from: 2024-01-01, to: 2024-03-31, multiplier: 1.5, areas: [Stoke]}]`})
	if err == nil || !strings.Contains(err.Error(), "demand.shocks[0].areas[0]") {
		t.Errorf("a shock in an unknown area: error %v, want one at demand.shocks[0].areas[0]", err)
	}
}
