package lotting

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// planStructure has one lot of each delivery, a front door covering North
// only, and demand whose yearly figures are multiples of 365.25, so that a
// financial year of 365 days (2018/19) gives whole numbers:
//
//	North victims   1461  a year -> 1460 in 2018/19: 876 standard, 438 medium, 146 high
//	South victims    730.5       ->  730:            438 standard, 219 medium,  73 high
//	North perpetrators 73.05     ->   73, all standard
func planStructure() (Structure, Demand) {
	s := Structure{
		Areas: []string{"North", "South"},
		Lots: []Lot{
			{Name: "Front door", Kind: KindCentralPointOfContact, Areas: []string{"North"}},
			{Name: "Victims", Kind: KindCommunityVictimSupport, Service: ServiceModel{
				Caseworkers: &Caseworkers{FTE: 10, CaseloadPerFTE: 22, CaseLength: FixedValue(110)}}},
			{Name: "IDVA", Kind: KindIDVA, Service: ServiceModel{
				Caseworkers: &Caseworkers{CostPerFTE: funding.Pounds(40000), CaseloadPerFTE: 20, CaseLength: FixedValue(365.25 / 3)}}},
			{Name: "Perpetrators", Kind: KindPerpetratorProgramme, Service: ServiceModel{Delivery: GroupWork,
				Group: &Group{CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3}}},
			{Name: "Refuge", Kind: KindRefuge, Areas: []string{"South"}, Service: ServiceModel{Delivery: Beds,
				Refuge: &Refuge{Beds: 20, LengthOfStay: FixedValue(150)}}},
		},
		Rules: []Rule{
			{Groups: []ClientGroup{Victim}, Risks: []Risk{Standard, Medium}, Lot: "Victims"},
			{Groups: []ClientGroup{Victim}, Risks: []Risk{High}, Areas: []string{"North"}, Lot: "IDVA"},
			{Groups: []ClientGroup{Victim}, Risks: []Risk{High}, Areas: []string{"South"}, Lot: "Refuge"},
			{Groups: []ClientGroup{Perpetrator}, Lot: "Perpetrators"},
		},
		FrontDoor: &FrontDoor{Lot: "Front door", Handlers: 2, HandlingTime: FixedValue(0.05), SelfServe: map[Risk]float64{Standard: 0.25}},
	}
	mix := map[Risk]float64{Standard: 0.6, Medium: 0.3, High: 0.1}
	d := Demand{
		Start: funding.NewDate(2018, time.April, 1),
		Streams: []Stream{
			{Area: "North", Group: Victim, PerYear: 1461, RiskMix: mix},
			{Area: "South", Group: Victim, PerYear: 730.5, RiskMix: mix},
			{Area: "North", Group: Perpetrator, PerYear: 73.05, RiskMix: map[Risk]float64{Standard: 1}},
		},
	}
	return s, d
}

// single is a structure of one lot taking every referral from one area, and
// a demand of 365.25 referrals a year (365 in 2018/19).
func single(l Lot) (Structure, Demand) {
	return Structure{Areas: []string{"North"}, Lots: []Lot{l}, Rules: []Rule{{Lot: l.Name}}},
		Demand{Streams: []Stream{{Area: "North", Group: Victim, PerYear: 365.25, RiskMix: map[Risk]float64{Standard: 1}}}}
}

func TestPlan(t *testing.T) {
	t.Parallel()
	s, d := planStructure()
	caseworkers := func(fte float64, cost int64) Lot {
		return Lot{Name: "Victims", Kind: KindCommunityVictimSupport, Service: ServiceModel{
			Caseworkers: &Caseworkers{FTE: fte, CostPerFTE: funding.Pounds(cost), CaseloadPerFTE: 22, CaseLength: FixedValue(110)}}}
	}
	cut := caseworkers(10, 0)
	cut.Changes = []Change{{Date: funding.NewDate(2018, time.October, 1), FTE: 5}}
	refuge := Lot{Name: "Refuge", Kind: KindRefuge, Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 20, LengthOfStay: FixedValue(150)}},
		Changes: []Change{{Date: funding.NewDate(2019, time.January, 1), Beds: 30}}}
	groups := Lot{Name: "Perpetrators", Kind: KindPerpetratorProgramme, Service: ServiceModel{Delivery: GroupWork,
		Group: &Group{CohortSize: 12, Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3, CostPerCohort: funding.Pounds(30000)}}}
	with := func(l Lot) func() (Structure, Demand) { return func() (Structure, Demand) { return single(l) } }
	tests := []struct {
		name  string
		setup func() (Structure, Demand)
		money []funding.Money
		index decimal.Decimal
		want  []Capacity
	}{
		{
			name:  "one lot of each delivery",
			setup: func() (Structure, Demand) { return s, d },
			money: []funding.Money{funding.Pounds(153300), funding.Pounds(730500), funding.Pounds(200000), funding.Pounds(144000), funding.Pounds(487000)},
			index: decimal.RequireFromString("1.25"),
			want: []Capacity{
				// Front door: 2 handlers x 365.25 / 0.05 days = 14,610 a year;
				// every North referral passes it: 1460 + 73 = 1533;
				// £153,300 / 1533 = £100.00.
				{Lot: "Front door", FTE: 2, CasesPerYear: 14610, ExpectedDemand: 1533, Utilisation: 1533.0 / 14610,
					CostPerCase: funding.Pounds(100)},
				// Victims: 10 x 22 / (110/365.25) = 730.5 cases; demand: North
				// standard 876 x (1 - 0.25 self-serve) = 657, North medium
				// 438, South standard 438 and medium 219 (no front door in the
				// South): 1752. Over capacity; £730,500 / 730.5 = £1,000.00.
				{Lot: "Victims", FTE: 10, CasesPerYear: 730.5, ExpectedDemand: 1752, Utilisation: 1752 / 730.5,
					CostPerCase: funding.Pounds(1000), OverCapacity: true},
				// IDVA: £200,000 / (£40,000 x 1.25) = 4 FTE x 20 / (1/3
				// year) = 240 cases; North high risk 146; £200,000 / 146 =
				// £1,369.863 -> £1,369.86.
				{Lot: "IDVA", FTE: 4, CasesPerYear: 240, ExpectedDemand: 146, Utilisation: 146.0 / 240,
					CostPerCase: funding.Pence(136986)},
				// Perpetrators: min(365.25/28, 3 x 52/26) = 6 cohorts x 12 =
				// 72 places; North perpetrators 73 x 0.75 = 54.75; £144,000
				// / 54.75 = £2,630.137 -> £2,630.14.
				{Lot: "Perpetrators", CasesPerYear: 72, ExpectedDemand: 54.75, Utilisation: 54.75 / 72,
					CostPerCase: funding.Pence(263014)},
				// Refuge: 20 x 365.25/150 = 48.7 stays; South high 73;
				// £487,000 / 48.7 = £10,000.00.
				{Lot: "Refuge", CasesPerYear: 48.7, ExpectedDemand: 73, Utilisation: 73 / 48.7,
					CostPerCase: funding.Pounds(10000), OverCapacity: true},
			},
		},
		{
			name:  "a cut within the year",
			setup: with(cut),
			money: []funding.Money{funding.Pounds(548375)},
			want: []Capacity{
				// 1 Apr to 30 Sep 2018 is 183 days at 10 FTE, 1 Oct to 31 Mar
				// 182 days at 5: FTE (1830 + 910)/365 = 7.5068; cases 730.5
				// x 183/365 + 365.25 x 182/365 = 548.3753; demand 365.
				// £548,375 / 365 = £1,502.397 -> £1,502.40.
				{Lot: "Victims", FTE: 2740.0 / 365, CasesPerYear: 730.5*183/365 + 365.25*182/365, ExpectedDemand: 365,
					Utilisation: 365 / (730.5*183/365 + 365.25*182/365), CostPerCase: funding.Pence(150240)},
			},
		},
		{
			name:  "more beds from January",
			setup: with(refuge),
			money: []funding.Money{funding.Pounds(500000)},
			want: []Capacity{
				// 1 Apr to 31 Dec 2018 is 275 days at 48.7 stays a year, 1 Jan
				// to 31 Mar 2019 90 days at 30 x 365.25/150 = 73.05:
				// (48.7 x 275 + 73.05 x 90)/365 = 19967/365 = 54.704 stays.
				// Demand 365; £500,000 x 365/19967 = £9,140.081 -> £9,140.08.
				{Lot: "Refuge", CasesPerYear: 48.7*275/365 + 73.05*90/365, ExpectedDemand: 365,
					Utilisation: 365 / (48.7*275/365 + 73.05*90/365), OverCapacity: true, CostPerCase: funding.Pence(914008)},
			},
		},
		{
			name:  "no money for derived staff: no capacity",
			setup: with(caseworkers(0, 40000)),
			money: []funding.Money{{}},
			want: []Capacity{
				{Lot: "Victims", ExpectedDemand: 365, OverCapacity: true,
					Note: "no capacity: fte is not given and the lot's money, £0.00, pays for none"},
			},
		},
		{
			name:  "money missing",
			setup: with(caseworkers(0, 40000)),
			want: []Capacity{
				{Lot: "Victims", ExpectedDemand: 365, OverCapacity: true,
					Note: "no money given for the lot: annual has 0 amounts, one per lot is needed; no capacity: fte is not given and the lot's money, £0.00, pays for none"},
			},
		},
		{
			name:  "money short of the staff planned",
			setup: with(caseworkers(10, 40000)),
			money: []funding.Money{funding.Pounds(300000)},
			want: []Capacity{
				// £300,000 / £40,000 = 7.5 FTE, not 10. Demand 365 < 730.5;
				// £300,000 / 365 = £821.92.
				{Lot: "Victims", FTE: 10, CasesPerYear: 730.5, ExpectedDemand: 365, Utilisation: 365 / 730.5, CostPerCase: funding.Pence(82192),
					Note: "the lot's £300,000.00 pays for 7.5 FTE at £40,000.00 each, fewer than the 10.0 FTE planned"},
			},
		},
		{
			name:  "money short of the cohorts planned",
			setup: with(groups),
			money: []funding.Money{funding.Pounds(144000)},
			// £144,000 / (£30,000 x 1.1) = 4.36 cohorts, not 6; £144,000 / 72 = £2,000.
			index: decimal.RequireFromString("1.1"),
			want: []Capacity{
				{Lot: "Perpetrators", CasesPerYear: 72, ExpectedDemand: 365, Utilisation: 365.0 / 72, OverCapacity: true, CostPerCase: funding.Pounds(2000),
					Note: "the lot's £144,000.00 pays for 4.4 cohorts at £33,000.00 each, fewer than the 6.0 a year planned"},
			},
		},
		{
			name: "no demand",
			setup: func() (Structure, Demand) {
				s, d := single(caseworkers(10, 0))
				d.Streams[0].PerYear = 0
				return s, d
			},
			money: []funding.Money{funding.Pounds(1000)},
			want: []Capacity{
				{Lot: "Victims", FTE: 10, CasesPerYear: 730.5,
					Note: "no referrals are expected to reach the lot, so cost per case is not defined"},
			},
		},
		{
			name: "a lot without the block its delivery needs",
			setup: func() (Structure, Demand) {
				l := groups
				l.Service.Delivery = Beds
				return single(l)
			},
			money: []funding.Money{funding.Pounds(1000)},
			want: []Capacity{
				{Lot: "Perpetrators", ExpectedDemand: 365, OverCapacity: true, Note: "no capacity: beds delivery but no refuge"},
			},
		},
		{
			name: "unrouted referrals count for no lot",
			setup: func() (Structure, Demand) {
				s, d := single(caseworkers(10, 0))
				s.Rules[0].Risks = []Risk{High}
				return s, d
			},
			money: []funding.Money{funding.Pounds(1000)},
			want: []Capacity{
				{Lot: "Victims", FTE: 10, CasesPerYear: 730.5,
					Note: "no referrals are expected to reach the lot, so cost per case is not defined"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, d := tt.setup()
			got := Plan(s, d, tt.money, 2018, tt.index)
			// What the money buys is TestPlanCosts's to check.
			ignore := cmpopts.IgnoreFields(Capacity{}, "OnCost", "Frontline", "Unit", "UnitCost", "FromMoney", "Beds", "Groups", "Handlers", "HandlerFTE")
			if diff := cmp.Diff(tt.want, got, approx, ignore); diff != "" {
				t.Errorf("Plan (-want +got)\n%s", diff)
			}
		})
	}
}

func TestPlanNeverDividesByZero(t *testing.T) {
	t.Parallel()
	// Every figure that could be a divisor is zero or nonsense; the plan
	// reports it and every number stays finite.
	s := Structure{
		Areas: []string{"North"},
		Lots: []Lot{
			{Name: "Front door", Kind: KindCentralPointOfContact},
			{Name: "A", Service: ServiceModel{Caseworkers: &Caseworkers{FTE: 5, CaseLength: FixedValue(0)}}},
			{Name: "B", Service: ServiceModel{Delivery: GroupWork, Group: &Group{}}},
			{Name: "C", Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 3, LengthOfStay: Distribution{}}}},
			{Name: "D", Service: ServiceModel{Delivery: 9}},
			{Name: "E", Service: ServiceModel{Caseworkers: &Caseworkers{CostPerFTE: funding.Pounds(40000), CaseloadPerFTE: 20, CaseLength: FixedValue(100)}}},
		},
		Rules:     []Rule{{Areas: []string{"North"}, Lot: "A"}},
		FrontDoor: &FrontDoor{Lot: "Front door", HandlingTime: FixedValue(0), SelfServe: map[Risk]float64{Standard: 2}},
	}
	d := Demand{Streams: []Stream{{Area: "North", Group: Victim, PerYear: 100, RiskMix: map[Risk]float64{Standard: 1}}}}
	money := []funding.Money{funding.Pounds(1), funding.Pounds(1), funding.Pounds(1), funding.Pounds(1), funding.Pounds(1), funding.Pounds(1)}
	for _, index := range []decimal.Decimal{decimal.NewFromInt(-1), decimal.RequireFromString("-0.5")} {
		for _, c := range Plan(s, d, money, 2018, index) {
			for _, x := range []float64{c.FTE, c.CasesPerYear, c.ExpectedDemand, c.Utilisation} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Errorf("index %v: %+v has a non-finite figure", index, c)
				}
			}
			if c.CasesPerYear == 0 && c.Note == "" {
				t.Errorf("index %v: %+v has no capacity and no note", index, c)
			}
		}
	}
}
