package lotting

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// victimsLot returns a valid casework lot, fresh for each call so tests can
// change it.
func victimsLot() Lot {
	patience := Distribution{Kind: Exponential, Mean: 60}
	return Lot{
		Name:       "Victims",
		Kind:       KindCommunityVictimSupport,
		Areas:      []string{"Staffordshire", "Stoke-on-Trent"},
		Contract:   "New Era",
		Allocation: funding.AllocationRule{Name: "Victims", Method: funding.Percentage, Percent: decimal.NewFromInt(85)},
		Service: ServiceModel{
			Caseworkers: &Caseworkers{FTE: 30, CaseloadPerFTE: 22, CaseLength: Distribution{Kind: Lognormal, Mean: 110, SD: 40}},
		},
		WaitTargets:   map[Risk]float64{High: 2, Medium: 10, Standard: 28},
		Disengagement: []Disengagement{{Group: Victim, Patience: &patience, DropOut: 0.1}},
		Changes:       []Change{{Date: funding.NewDate(2021, time.April, 1), FTE: 25}},
	}
}

// perpetratorLot returns a valid lot with both a group programme and 1:1
// caseworkers, delivering groups.
func perpetratorLot() Lot {
	return Lot{
		Name: "Perpetrators",
		Kind: KindPerpetratorProgramme,
		Service: ServiceModel{
			Delivery:    GroupWork,
			Caseworkers: &Caseworkers{CostPerFTE: funding.Pounds(40000), CaseloadPerFTE: 15, CaseLength: FixedValue(180)},
			Group:       &Group{CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3},
		},
		Disengagement: []Disengagement{{Group: Perpetrator, Patience: &Distribution{Kind: Exponential, Mean: 60}, DropOut: 0.4}},
	}
}

func refugeLot() Lot {
	return Lot{
		Name:    "Refuge",
		Kind:    KindRefuge,
		Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 20, LengthOfStay: Distribution{Kind: Gamma, Mean: 150, SD: 60}, DeclinedShare: 0.1}},
		Changes: []Change{{Date: funding.NewDate(2022, time.April, 1), Beds: 24}},
	}
}

func TestLotValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lot    func() Lot
		want   []string // "path sentinel" per problem, in order
		reason string
	}{
		{name: "valid casework", lot: victimsLot},
		{name: "valid group with a 1:1 mode", lot: perpetratorLot},
		{name: "valid refuge", lot: refugeLot},
		{name: "central point of contact needs no service", lot: func() Lot {
			return Lot{Name: "Front door", Kind: KindCentralPointOfContact}
		}, reason: "the front door's handlers are its capacity"},
		{name: "FTE derived from money", lot: func() Lot {
			l := victimsLot()
			l.Service.Caseworkers.FTE = 0
			l.Service.Caseworkers.CostPerFTE = funding.Pounds(40000)
			return l
		}},
		{name: "no name, no kind", lot: func() Lot {
			l := victimsLot()
			l.Name, l.Kind = "", 0
			return l
		}, want: []string{"name ErrBadLot", "kind ErrBadLot"}},
		{name: "repeated and empty areas", lot: func() Lot {
			l := victimsLot()
			l.Areas = []string{"Staffordshire", "", "Staffordshire"}
			return l
		}, want: []string{"areas[1] ErrBadLot", "areas[2] ErrBadLot"}},
		{name: "negative allocation, percent over 100", lot: func() Lot {
			l := victimsLot()
			l.Allocation.Amount = funding.Pounds(-1)
			l.Allocation.Percent = decimal.NewFromInt(101)
			return l
		}, want: []string{"allocation ErrBadLot", "allocation ErrBadLot"}},
		{name: "casework with no caseworkers", lot: func() Lot {
			l := victimsLot()
			l.Service.Caseworkers = nil
			l.Changes = nil
			return l
		}, want: []string{"service.caseworkers ErrBadLot"}},
		{name: "group delivery without a group", lot: func() Lot {
			l := perpetratorLot()
			l.Service.Group = nil
			return l
		}, want: []string{"service.group ErrBadLot"}, reason: "the 1:1 caseworkers do not stand in for the group Delivery picks"},
		{name: "beds without a refuge", lot: func() Lot {
			l := refugeLot()
			l.Service.Refuge = nil
			l.Changes = nil
			return l
		}, want: []string{"service.refuge ErrBadLot"}},
		{name: "unknown delivery", lot: func() Lot {
			l := victimsLot()
			l.Service.Delivery = 7
			return l
		}, want: []string{"service.delivery ErrBadLot"}},
		{name: "caseworkers with neither FTE nor cost", lot: func() Lot {
			l := victimsLot()
			l.Service.Caseworkers.FTE = 0
			return l
		}, want: []string{"service.caseworkers ErrBadLot"}},
		{name: "impossible caseworker figures", lot: func() Lot {
			l := victimsLot()
			l.Service.Caseworkers = &Caseworkers{FTE: -3, CostPerFTE: funding.Pounds(-40000), CaseloadPerFTE: math.NaN(), CaseLength: Distribution{Kind: Lognormal, Mean: 110}}
			return l
		}, want: []string{"service.caseworkers.fte ErrBadLot", "service.caseworkers.cost_per_fte ErrBadLot",
			"service.caseworkers.caseload_per_fte ErrBadLot", "service.caseworkers.case_length ErrBadLot"}},
		{name: "case length of no time", lot: func() Lot {
			l := victimsLot()
			l.Service.Caseworkers.CaseLength = FixedValue(0)
			return l
		}, want: []string{"service.caseworkers.case_length ErrBadLot"}, reason: "capacity would be infinite"},
		{name: "impossible group", lot: func() Lot {
			l := perpetratorLot()
			l.Service.Group = &Group{CohortSize: 0, MinToStart: -1, Weeks: 0, ConcurrentCohorts: 0, CostPerCohort: funding.Pounds(-5)}
			return l
		}, want: []string{"service.group.cohort_size ErrBadLot", "service.group.min_to_start ErrBadLot", "service.group.weeks ErrBadLot",
			"service.group.start_every ErrBadLot", "service.group.concurrent_cohorts ErrBadLot", "service.group.cost_per_cohort ErrBadLot"}},
		{name: "more needed to start than a cohort holds", lot: func() Lot {
			l := perpetratorLot()
			l.Service.Group.MinToStart = 13
			return l
		}, want: []string{"service.group.min_to_start ErrBadLot"}},
		{name: "impossible refuge", lot: func() Lot {
			l := refugeLot()
			l.Service.Refuge = &Refuge{Beds: 0, LengthOfStay: FixedValue(0), WhenFull: 5, DeclinedShare: 1.5}
			return l
		}, want: []string{"service.refuge.beds ErrBadLot", "service.refuge.length_of_stay ErrBadLot",
			"service.refuge.when_full ErrBadLot", "service.refuge.declined_share ErrBadLot"}},
		{name: "bad wait targets", lot: func() Lot {
			l := victimsLot()
			l.WaitTargets = map[Risk]float64{High: -2, Risk(9): 5}
			return l
		}, want: []string{"wait_targets ErrBadLot", "wait_targets.high ErrBadLot"}},
		{name: "bad disengagement", lot: func() Lot {
			l := victimsLot()
			l.Disengagement = []Disengagement{
				{Group: Victim, DropOut: 0.1},
				{Group: Victim, Patience: &Distribution{Kind: Exponential}, DropOut: -0.1},
				{Group: 0},
			}
			return l
		}, want: []string{"disengagement[1].client_group ErrBadLot", "disengagement[1].patience ErrBadLot",
			"disengagement[1].drop_out ErrBadLot", "disengagement[2].client_group ErrBadLot"}},
		{name: "changes out of order, empty, for a block the lot lacks", lot: func() Lot {
			l := victimsLot()
			l.Changes = []Change{
				{Date: funding.NewDate(2021, time.April, 1), FTE: 25},
				{Date: funding.NewDate(2020, time.April, 1), FTE: 28},
				{Date: funding.NewDate(2022, time.April, 1)},
				{Date: funding.NewDate(2023, time.April, 1), Beds: 4, ConcurrentCohorts: -1},
				{FTE: math.Inf(1)},
			}
			return l
		}, want: []string{"changes[1].date ErrBadLot", "changes[2] ErrBadLot", "changes[3].beds ErrBadLot",
			"changes[3].concurrent_cohorts ErrBadLot", "changes[4].date ErrBadLot", "changes[4].fte ErrBadLot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.lot().Validate()
			if diff := cmp.Diff(tt.want, summarise(t, Split(err))); diff != "" {
				t.Errorf("Validate() problems (-want +got) %s\n%s\nerror: %v", tt.reason, diff, err)
			}
			for _, p := range Split(err) {
				if !errors.Is(err, ErrBadLot) || !strings.HasPrefix(p.Error(), "lotting: bad lot: ") {
					t.Errorf("problem %q should wrap ErrBadLot", p)
				}
			}
		})
	}
}

func TestLotValidateMessages(t *testing.T) {
	t.Parallel()
	// Messages name the lot, the figure and what would be valid.
	tests := []struct {
		name string
		lot  func() Lot
		want string
	}{
		{"caseload", func() Lot {
			l := victimsLot()
			l.Service.Caseworkers.CaseloadPerFTE = 0
			return l
		}, `lotting: bad lot: service.caseworkers.caseload_per_fte: lot "Victims": caseload_per_fte (cases one FTE holds at once) must be above 0, got 0`},
		{"distribution cause", func() Lot {
			l := victimsLot()
			l.Service.Caseworkers.CaseLength.SD = 0
			return l
		}, `lotting: bad lot: service.caseworkers.case_length: lot "Victims": case_length: bad distribution: lognormal: sd must be a finite number above 0, got 0 (use fixed for no spread)`},
		{"missing block", func() Lot {
			l := refugeLot()
			l.Service.Delivery = Casework
			l.Changes = nil
			return l
		}, `lotting: bad lot: service.caseworkers: lot "Refuge": delivery is casework but the service has no caseworkers block; add service.caseworkers or choose the delivery of the block it has`},
		{"kind", func() Lot {
			l := victimsLot()
			l.Kind = 42
			return l
		}, `lotting: bad lot: kind: lot "Victims": kind 42 is not one of central_point_of_contact, community_victim_support, idva, early_help, perpetrator_programme, refuge, sexual_violence_counselling or custom`},
		{"missing kind", func() Lot {
			l := victimsLot()
			l.Kind = 0
			return l
		}, `lotting: bad lot: kind: lot "Victims": kind is missing; give one of central_point_of_contact, community_victim_support, idva, early_help, perpetrator_programme, refuge, sexual_violence_counselling or custom`},
		{"change", func() Lot {
			l := victimsLot()
			l.Changes[0].FTE = -1
			return l
		}, `lotting: bad lot: changes[0].fte: lot "Victims": change on 2021-04-01: fte must be a number above 0, got -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.lot().Validate()
			if err == nil {
				t.Fatal("Validate() = nil")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("message (-want +got)\n%s", diff)
			}
		})
	}
	// The distribution's own sentinel is kept as the cause.
	l := victimsLot()
	l.Service.Caseworkers.CaseLength.SD = 0
	if err := l.Validate(); !errors.Is(err, ErrBadDistribution) || !errors.Is(err, ErrBadLot) {
		t.Errorf("%v should wrap both ErrBadLot and ErrBadDistribution", err)
	}
}

func TestLotStaffing(t *testing.T) {
	t.Parallel()
	derived := func(cost int64) Lot {
		l := victimsLot()
		l.Service.Caseworkers.FTE = 0
		l.Service.Caseworkers.CostPerFTE = funding.Pounds(cost)
		return l
	}
	tests := []struct {
		name      string
		lot       Lot
		annual    funding.Money
		costIndex decimal.Decimal
		want      float64
	}{
		{"FTE given ignores money", victimsLot(), funding.Pounds(1), decimal.NewFromInt(1), 30},
		// £1,200,000 / £40,000 = 30 FTE.
		{"derived at base prices", derived(40000), funding.Pounds(1200000), decimal.NewFromInt(1), 30},
		{"cost index 0 is base prices", derived(40000), funding.Pounds(1200000), decimal.NewFromInt(0), 30},
		// £1,200,000 / (£40,000 x 1.25) = 24 FTE.
		{"derived with prices up 25%", derived(40000), funding.Pounds(1200000), decimal.RequireFromString("1.25"), 24},
		// £100,000 / £38,600 (MoJ IDVA posts, REFERENCES.md) = 2.590673575.
		{"fractional FTE", derived(38600), funding.Pounds(100000), decimal.NewFromInt(1), 100000.0 / 38600},
		{"no money", derived(40000), funding.Money{}, decimal.NewFromInt(1), 0},
		{"negative money", derived(40000), funding.Pounds(-5), decimal.NewFromInt(1), 0},
		{"negative cost index", derived(40000), funding.Pounds(1200000), decimal.NewFromInt(-1), 0},
		{"no cost per FTE", derived(0), funding.Pounds(1200000), decimal.NewFromInt(1), 0},
		{"no caseworkers", refugeLot(), funding.Pounds(1200000), decimal.NewFromInt(1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.lot.Staffing(tt.annual, tt.costIndex), approx); diff != "" {
				t.Errorf("Staffing(%s, %v) (-want +got)\n%s", tt.annual, tt.costIndex, diff)
			}
		})
	}
}

func TestLotServiceOn(t *testing.T) {
	t.Parallel()
	l := victimsLot()
	l.Changes = []Change{
		{Date: funding.NewDate(2020, time.April, 1), FTE: 25},
		{Date: funding.NewDate(2021, time.April, 1), FTE: 32},
		{Date: funding.NewDate(2021, time.June, 1), Beds: 3}, // the lot has no refuge: ignored
	}
	r := refugeLot()
	g := perpetratorLot()
	g.Changes = []Change{{Date: funding.NewDate(2020, time.March, 23), ConcurrentCohorts: 1}} // groups cut in the pandemic
	tests := []struct {
		name string
		got  func() float64
		want float64
	}{
		{"before any change", func() float64 { return l.ServiceOn(funding.NewDate(2020, time.March, 31)).Caseworkers.FTE }, 30},
		{"on the day of a change", func() float64 { return l.ServiceOn(funding.NewDate(2020, time.April, 1)).Caseworkers.FTE }, 25},
		{"after two changes", func() float64 { return l.ServiceOn(funding.NewDate(2030, time.January, 1)).Caseworkers.FTE }, 32},
		{"refuge before", func() float64 { return float64(r.ServiceOn(funding.NewDate(2022, time.March, 31)).Refuge.Beds) }, 20},
		{"refuge after", func() float64 { return float64(r.ServiceOn(funding.NewDate(2022, time.April, 1)).Refuge.Beds) }, 24},
		{"group cut", func() float64 {
			return float64(g.ServiceOn(funding.NewDate(2020, time.April, 1)).Group.ConcurrentCohorts)
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.got(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// ServiceOn never changes the lot.
	_ = l.ServiceOn(funding.NewDate(2030, time.January, 1))
	if l.Service.Caseworkers.FTE != 30 || r.Service.Refuge.Beds != 20 {
		t.Errorf("ServiceOn changed the lot: FTE %v, beds %d", l.Service.Caseworkers.FTE, r.Service.Refuge.Beds)
	}
}

func TestLotCovers(t *testing.T) {
	t.Parallel()
	l := victimsLot()
	all := Lot{Name: "IDVA"}
	tests := []struct {
		lot  Lot
		area string
		want bool
	}{
		{l, "Staffordshire", true},
		{l, "Stoke-on-Trent", true},
		{l, "Coventry", false},
		{all, "Coventry", true},
	}
	for _, tt := range tests {
		if got := tt.lot.Covers(tt.area); got != tt.want {
			t.Errorf("%s.Covers(%q) = %v, want %v", tt.lot.Name, tt.area, got, tt.want)
		}
	}
}
