package lotting

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/funding"
)

func TestCaseworkersCasesPerYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Caseworkers
		fte  float64
		want float64
	}{
		// 10 FTE x 22 caseload / (110/365.25 years) = 730.5 cases a year.
		{"IDVA team", Caseworkers{CaseloadPerFTE: 22, CaseLength: FixedValue(110)}, 10, 730.5},
		// The mean is what counts: a lognormal with mean 110 gives the same.
		{"lognormal case length", Caseworkers{CaseloadPerFTE: 22, CaseLength: Distribution{Kind: Lognormal, Mean: 110, SD: 40}}, 10, 730.5},
		// 2.5 FTE x 20 / (365.25/4 days = a quarter of a year) = 200.
		{"part-time staff", Caseworkers{CaseloadPerFTE: 20, CaseLength: FixedValue(91.3125)}, 2.5, 200},
		{"no staff", Caseworkers{CaseloadPerFTE: 22, CaseLength: FixedValue(110)}, 0, 0},
		{"zero case length, no division by zero", Caseworkers{CaseloadPerFTE: 22, CaseLength: FixedValue(0)}, 10, 0},
		{"bad case length", Caseworkers{CaseloadPerFTE: 22}, 10, 0},
		{"no caseload", Caseworkers{CaseLength: FixedValue(110)}, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.c.CasesPerYear(tt.fte), approx); diff != "" {
				t.Errorf("CasesPerYear(%v) (-want +got)\n%s", tt.fte, diff)
			}
		})
	}
}

func TestGroupPlaces(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		g           Group
		wantCohorts float64
		wantPlaces  float64
	}{
		// A group of 12 every 4 weeks for 26 weeks with 3 concurrent
		// cohorts: min(365.25/28, 3 x 52/26) = min(13.04, 6) = 6 cohorts =
		// 72 places.
		{"concurrency binds",
			Group{CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3},
			6, 72},
		// Every 12 weeks, 24 sessions, 4 at once: min(365.25/84, 4 x 52/24)
		// = min(4.348, 8.667) = 4.348 cohorts x 10 = 43.48 places.
		{"start interval binds",
			Group{CohortSize: 10, Weeks: 24, StartEvery: funding.MustParseDuration("12 weeks"), ConcurrentCohorts: 4},
			365.25 / 84, 3652.5 / 84},
		// Monthly starts: 365.25 / (365.25/12) = 12 a year; 2 at once for 22
		// weeks allows 2 x 52/22 = 4.727.
		{"monthly starts, Home Office minimum of 22 weeks",
			Group{CohortSize: 8, Weeks: 22, StartEvery: funding.MustParseDuration("1 month"), ConcurrentCohorts: 2},
			104.0 / 22, 832.0 / 22},
		{"no start interval", Group{CohortSize: 12, Weeks: 26, ConcurrentCohorts: 3}, 0, 0},
		{"no weeks", Group{CohortSize: 12, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3}, 0, 0},
		{"no cohorts at once", Group{CohortSize: 12, Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks")}, 0, 0},
		{"no cohort size", Group{Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3}, 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := []float64{tt.g.CohortsPerYear(), tt.g.PlacesPerYear()}
			if diff := cmp.Diff([]float64{tt.wantCohorts, tt.wantPlaces}, got, approx); diff != "" {
				t.Errorf("[cohorts, places] (-want +got)\n%s", diff)
			}
		})
	}
}

func TestRefugeStaysPerYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    Refuge
		want float64
	}{
		// 20 beds x 365.25/150 days = 48.7 stays a year.
		{"twenty beds", Refuge{Beds: 20, LengthOfStay: FixedValue(150)}, 48.7},
		{"gamma stay, mean 150", Refuge{Beds: 20, LengthOfStay: Distribution{Kind: Gamma, Mean: 150, SD: 60}}, 48.7},
		// 1 bed x 365.25 / (120+180)/2 = 365.25/150 = 2.435.
		{"one bed, uniform stay", Refuge{Beds: 1, LengthOfStay: Distribution{Kind: Uniform, Min: 120, Max: 180}}, 2.435},
		{"no beds", Refuge{LengthOfStay: FixedValue(150)}, 0},
		{"zero stay, no division by zero", Refuge{Beds: 20, LengthOfStay: FixedValue(0)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.r.StaysPerYear(), approx); diff != "" {
				t.Errorf("StaysPerYear() (-want +got)\n%s", diff)
			}
		})
	}
}
