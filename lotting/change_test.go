package lotting

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
)

func deliveryPtr(d Delivery) *Delivery { return &d }

// stretchLot is victimsLot with a stretch to 30 cases per FTE.
func stretchLot() Lot {
	l := victimsLot()
	l.Service.Caseworkers.Stretch = &Stretch{MaxCaseloadPerFTE: 30, LengthFactor: 1.3}
	l.Changes = nil
	return l
}

func TestChangeDeliveryAndCaseload(t *testing.T) {
	t.Parallel()
	g := perpetratorLot()
	g.Changes = []Change{
		{Date: funding.NewDate(2020, time.March, 23), Delivery: deliveryPtr(Casework)}, // lockdown: 1:1
		{Date: funding.NewDate(2021, time.July, 1), Delivery: deliveryPtr(GroupWork)},  // groups again
	}
	s := stretchLot()
	s.Changes = []Change{
		{Date: funding.NewDate(2021, time.April, 1), CaseloadPerFTE: 20},
		{Date: funding.NewDate(2022, time.April, 1), MaxCaseloadPerFTE: 40},
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"groups before", g.ServiceOn(funding.NewDate(2020, time.March, 22)).Delivery, GroupWork},
		{"1:1 from the change", g.ServiceOn(funding.NewDate(2020, time.March, 23)).Delivery, Casework},
		{"groups again", g.ServiceOn(funding.NewDate(2021, time.July, 1)).Delivery, GroupWork},
		{"caseload before", s.ServiceOn(funding.NewDate(2021, time.March, 31)).Caseworkers.CaseloadPerFTE, 22.0},
		{"caseload after", s.ServiceOn(funding.NewDate(2021, time.April, 1)).Caseworkers.CaseloadPerFTE, 20.0},
		{"maximum before", s.ServiceOn(funding.NewDate(2022, time.March, 31)).Caseworkers.Stretch.MaxCaseloadPerFTE, 30.0},
		{"maximum after", s.ServiceOn(funding.NewDate(2022, time.April, 1)).Caseworkers.Stretch.MaxCaseloadPerFTE, 40.0},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s (-want +got)\n%s", tt.name, diff)
		}
	}
	// ServiceOn copies the stretch block rather than change the lot's.
	if m := s.Service.Caseworkers.Stretch.MaxCaseloadPerFTE; m != 30 {
		t.Errorf("ServiceOn changed the lot's stretch maximum to %v", m)
	}
}

func TestChangeValidate(t *testing.T) {
	t.Parallel()
	day := funding.NewDate(2021, time.April, 1)
	tests := []struct {
		name string
		lot  func() Lot
		want string
	}{
		{"already casework", func() Lot {
			l := victimsLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Casework)}}
			return l
		}, `changes[0].delivery: lot "Victims": change on 2021-04-01: delivery is casework already`},
		{"no group block", func() Lot {
			l := victimsLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(GroupWork)}}
			return l
		}, `changes[0].delivery: lot "Victims": change on 2021-04-01 changes delivery to group, but the lot has no group block`},
		{"to beds", func() Lot {
			l := perpetratorLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Beds)}}
			return l
		}, `delivery may change to casework or group only, got beds`},
		{"from beds", func() Lot {
			l := refugeLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Casework)}}
			return l
		}, `changes delivery, but only a casework or group lot may; this lot delivers beds`},
		{"no caseworkers block for 1:1", func() Lot {
			l := perpetratorLot()
			l.Service.Caseworkers = nil
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Casework)}}
			return l
		}, `changes delivery to casework, but the lot has no caseworkers block`},
		{"back to the same twice", func() Lot {
			l := perpetratorLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Casework)}, {Date: day.AddDays(10), Delivery: deliveryPtr(Casework)}}
			return l
		}, `changes[1].delivery: lot "Perpetrators": change on 2021-04-11: delivery is casework already`},
		{"caseload without caseworkers", func() Lot {
			l := refugeLot()
			l.Changes = []Change{{Date: day, CaseloadPerFTE: 20}}
			return l
		}, `changes[0].caseload_per_fte: lot "Refuge": change on 2021-04-01 sets caseload_per_fte, but the lot has no caseworkers`},
		{"maximum without stretch", func() Lot {
			l := victimsLot()
			l.Changes = []Change{{Date: day, MaxCaseloadPerFTE: 30}}
			return l
		}, `changes[0].max_caseload_per_fte: lot "Victims": change on 2021-04-01 sets max_caseload_per_fte, but the lot's caseworkers do not stretch`},
		{"caseload above the maximum", func() Lot {
			l := stretchLot()
			l.Changes = []Change{{Date: day, CaseloadPerFTE: 35}}
			return l
		}, `changes[0].caseload_per_fte: lot "Victims": change on 2021-04-01: the stretched maximum, 30 cases per FTE, would be below the caseload, 35`},
		{"maximum below the caseload", func() Lot {
			l := stretchLot()
			l.Changes = []Change{{Date: day, MaxCaseloadPerFTE: 10}}
			return l
		}, `changes[0].max_caseload_per_fte: lot "Victims": change on 2021-04-01: the stretched maximum, 10 cases per FTE, would be below the caseload, 22`},
		{"caseload after an earlier change", func() Lot {
			l := stretchLot()
			l.Changes = []Change{{Date: day, MaxCaseloadPerFTE: 40}, {Date: day.AddDays(30), CaseloadPerFTE: 35}}
			return l
		}, ``},
		{"convert without a switch", func() Lot {
			l := perpetratorLot()
			l.Changes = []Change{{Date: day, ConcurrentCohorts: 2, ConvertGroups: true}}
			return l
		}, `changes[0].convert_groups: lot "Perpetrators": change on 2021-04-01: convert_groups turns running groups into 1:1 cases, so it needs delivery: casework`},
		{"convert on a switch to group", func() Lot {
			l := perpetratorLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Casework)}, {Date: day.AddDays(10), Delivery: deliveryPtr(GroupWork), ConvertGroups: true}}
			return l
		}, `changes[1].convert_groups`},
		{"convert", func() Lot {
			l := perpetratorLot()
			l.Changes = []Change{{Date: day, Delivery: deliveryPtr(Casework), ConvertGroups: true}}
			return l
		}, ``},
		{"negative caseload", func() Lot {
			l := victimsLot()
			l.Changes = []Change{{Date: day, CaseloadPerFTE: -3}}
			return l
		}, `changes[0].caseload_per_fte: lot "Victims": change on 2021-04-01: caseload_per_fte must be a number above 0, got -3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.lot().Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestPlanAcrossDeliveryChange: capacity over a year with a switch from
// groups to 1:1 is the average of each delivery's by days. Financial year
// 2020/21 has 365 days; 1:1 from 1 October 2020 leaves 183 days of groups
// (April to September) and 182 of casework.
func TestPlanAcrossDeliveryChange(t *testing.T) {
	t.Parallel()
	l := perpetratorLot()
	l.Service.Caseworkers.FTE = 2
	l.Changes = []Change{{Date: funding.NewDate(2020, time.October, 1), Delivery: deliveryPtr(Casework)}}
	g := *l.Service.Group
	groupPlaces := g.PlacesPerYear()                   // 3 cohorts at once of 12 over 26 weeks
	casePlaces := 2 * 15 / (180 / funding.DaysPerYear) // 2 FTE × 15 cases / (180 days in years)
	year := funding.FinancialYear(2020)
	fte, cases, notes := lotCapacity(l, funding.Money{}, year.Start(), year.End(), decimal.NewFromInt(1), nil, nil)
	if diff := cmp.Diff([]float64{182.0 / 365 * 2, 183.0/365*groupPlaces + 182.0/365*casePlaces}, []float64{fte, cases}, approx); diff != "" {
		t.Errorf("FTE and places (-want +got)\n%s\nnotes %v", diff, notes)
	}
}
