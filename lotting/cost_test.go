package lotting

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/funding"
	"github.com/shopspring/decimal"
)

// TestPlanCosts buys every kind of capacity with money, at a cost index
// of 1.25, and checks each count against the hand arithmetic.
func TestPlanCosts(t *testing.T) {
	t.Parallel()
	s, d := planStructure()
	s.FrontDoor.Handlers = 0
	s.FrontDoor.CostPerHandlerFTE = funding.Pounds(30000)
	s.Lots[1].OnCost = decimal.RequireFromString("0.15")
	s.Lots[1].Service.Caseworkers.FTE = 0
	s.Lots[1].Service.Caseworkers.CostPerFTE = funding.Pounds(40000)
	s.Lots[3].OnCost = decimal.RequireFromString("0.1")
	g := s.Lots[3].Service.Group
	g.ConcurrentCohorts, g.CostPerFacilitatorFTE, g.FacilitatorsPerGroup = 0, funding.Pounds(40000), 1.2
	s.Lots[4].Service.Refuge.Beds = 0
	s.Lots[4].Service.Refuge.CostPerBed = funding.Pounds(20000)
	money := []funding.Money{funding.Pounds(800000), funding.Pounds(1000000), funding.Pounds(200000), funding.Pounds(200000), funding.Pounds(487000)}
	got := Plan(s, d, money, 2018, decimal.RequireFromString("1.25"))
	want := []Capacity{
		// A seat is 5.3 FTE (the default rota) x £30,000 x 1.25 =
		// £198,750; £800,000 / £198,750 = 4.03: 4 seats, 21.2 FTE. 4 x
		// 365.25 / 0.05 = 29,220 contacts; demand 1533; £800,000 / 1533 =
		// £521.8526 -> £521.85.
		{Lot: "Front door", FTE: 4, Handlers: 4, HandlerFTE: 21.2, CasesPerYear: 29220, ExpectedDemand: 1533, Utilisation: 1533.0 / 29220,
			CostPerCase: funding.Pence(52185), Frontline: funding.Pounds(800000), Unit: "handler seat", UnitCost: funding.Pounds(198750), FromMoney: true},
		// 15% of £1,000,000 is £150,000 on-cost; £850,000 / (£40,000 x
		// 1.25) = 17 FTE x 22 x 365.25/110 = 1241.85 cases; demand 1752;
		// £1,000,000 / 1241.85 = £805.2502 -> £805.25.
		{Lot: "Victims", FTE: 17, CasesPerYear: 1241.85, ExpectedDemand: 1752, Utilisation: 1752 / 1241.85, OverCapacity: true,
			CostPerCase: funding.Pence(80525), OnCost: funding.Pounds(150000), Frontline: funding.Pounds(850000),
			Unit: "caseworker FTE", UnitCost: funding.Pounds(50000), FromMoney: true},
		// No on-cost: as TestPlan, 4 FTE.
		{Lot: "IDVA", FTE: 4, CasesPerYear: 240, ExpectedDemand: 146, Utilisation: 146.0 / 240,
			CostPerCase: funding.Pence(136986), Frontline: funding.Pounds(200000), Unit: "caseworker FTE", UnitCost: funding.Pounds(50000), FromMoney: true},
		// 10% of £200,000 is £20,000; a group is 1.2 FTE x £40,000 x 1.25
		// = £60,000; £180,000 / £60,000 = 3 groups exactly. min(365.25/28,
		// 3 x 52/26) = 6 cohorts x 12 = 72 places; demand 54.75;
		// £200,000 / 54.75 = £3,652.968 -> £3,652.97.
		{Lot: "Perpetrators", Groups: 3, CasesPerYear: 72, ExpectedDemand: 54.75, Utilisation: 54.75 / 72,
			CostPerCase: funding.Pence(365297), OnCost: funding.Pounds(20000), Frontline: funding.Pounds(180000),
			Unit: "group", UnitCost: funding.Pounds(60000), FromMoney: true},
		// A bed is £20,000 x 1.25 = £25,000; £487,000 / £25,000 = 19.48:
		// 19 beds x 365.25/150 = 46.265 stays; demand 73; £487,000 /
		// 46.265 = £10,526.316 -> £10,526.32.
		{Lot: "Refuge", Beds: 19, CasesPerYear: 46.265, ExpectedDemand: 73, Utilisation: 73 / 46.265, OverCapacity: true,
			CostPerCase: funding.Pence(1052632), Frontline: funding.Pounds(487000), Unit: "bed", UnitCost: funding.Pounds(25000), FromMoney: true},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Plan (-want +got)\n%s", diff)
	}
}

// TestPlanFixedCounts checks that counts given stay put whatever the
// money, and that a cost beside them only checks the money.
func TestPlanFixedCounts(t *testing.T) {
	t.Parallel()
	s, d := planStructure()
	s.FrontDoor.CostPerHandlerFTE = funding.Pounds(30000) // 2 handlers given
	s.FrontDoor.RotaFactor = 1
	s.Lots[3].Service.Group.CostPerFacilitatorFTE = funding.Pounds(40000) // 3 cohorts given
	s.Lots[3].Service.Group.FacilitatorsPerGroup = 1
	s.Lots[4].Service.Refuge.CostPerBed = funding.Pounds(30000) // 20 beds given
	for _, pounds := range []int64{10000, 10000000} {
		money := []funding.Money{funding.Pounds(pounds), funding.Pounds(pounds), funding.Pounds(pounds), funding.Pounds(pounds), funding.Pounds(pounds)}
		got := Plan(s, d, money, 2018, decimal.NewFromInt(1))
		if got[0].Handlers != 2 || got[0].CasesPerYear != 14610 || got[0].FromMoney {
			t.Errorf("£%d: front door %+v, want 2 handlers and 14,610 contacts, not from money", pounds, got[0])
		}
		if got[3].Groups != 3 || got[3].CasesPerYear != 72 || got[3].FromMoney {
			t.Errorf("£%d: groups %+v, want 3 at once and 72 places, not from money", pounds, got[3])
		}
		if got[4].Beds != 20 || got[4].CasesPerYear != 48.7 || got[4].FromMoney {
			t.Errorf("£%d: refuge %+v, want 20 beds and 48.7 stays, not from money", pounds, got[4])
		}
	}
	// £10,000 pays for 0 seats at £30,000, 0 groups at £40,000 and 0 beds
	// at £30,000: each lot says so.
	money := []funding.Money{funding.Pounds(10000), funding.Pounds(10000), funding.Pounds(10000), funding.Pounds(10000), funding.Pounds(10000)}
	got := Plan(s, d, money, 2018, decimal.NewFromInt(1))
	for i, want := range map[int]string{
		0: "the front door's frontline money, £10,000.00, pays for 0 handler seats at £30,000.00 each (1 FTE a seat), fewer than the 2 planned",
		3: "the lot's frontline money, £10,000.00, pays for 0 groups at once at £40,000.00 a group (1 facilitator FTE each), fewer than the 3 planned",
		4: "the lot's frontline money, £10,000.00, pays for 0 beds at £30,000.00 a bed, fewer than the 20 planned",
	} {
		if !contains(got[i].Note, want) {
			t.Errorf("%s: note %q, want it to say %q", got[i].Lot, got[i].Note, want)
		}
	}
}

// TestPlanBuysNothing checks the note when the money buys no whole unit.
func TestPlanBuysNothing(t *testing.T) {
	t.Parallel()
	l := Lot{Name: "Refuge", Kind: KindRefuge, Service: ServiceModel{Delivery: Beds,
		Refuge: &Refuge{CostPerBed: funding.Pounds(25000), LengthOfStay: FixedValue(150)}}}
	s, d := single(l)
	// £24,999.99 is a penny short of one bed.
	got := Plan(s, d, []funding.Money{funding.Pence(2499999)}, 2018, decimal.Decimal{})
	want := "no capacity: the lot's frontline money, £24,999.99, buys no bed at £25,000.00 a bed"
	if got[0].Beds != 0 || got[0].CasesPerYear != 0 || !contains(got[0].Note, want) {
		t.Errorf("got %+v, want no beds and a note %q", got[0], want)
	}
	if got := Plan(s, d, []funding.Money{funding.Pounds(25000)}, 2018, decimal.Decimal{}); got[0].Beds != 1 {
		t.Errorf("£25,000 buys %d beds, want 1", got[0].Beds)
	}
}

func TestWholeUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		frontline, cost funding.Money
		per             float64
		index           string
		want            int
	}{
		{"exact", funding.Pounds(180000), funding.Pounds(40000), 1.5, "1", 3},
		{"a penny short", funding.Pence(17999999), funding.Pounds(40000), 1.5, "1", 2},
		{"index raises the cost", funding.Pounds(85000), funding.Pounds(25000), 1, "1.1", 3},
		{"index 0 is 1", funding.Pounds(100000), funding.Pounds(25000), 1, "0", 4},
		{"negative index", funding.Pounds(100000), funding.Pounds(25000), 1, "-1", 0},
		{"no cost", funding.Pounds(100000), funding.Money{}, 1, "1", 0},
		{"no per", funding.Pounds(100000), funding.Pounds(25000), 0, "1", 0},
		{"no money", funding.Money{}, funding.Pounds(25000), 1, "1", 0},
		{"rota 5.3", funding.Pounds(703250), funding.Pounds(32000), 5.3, "1", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := WholeUnits(tt.frontline, tt.cost, tt.per, decimal.RequireFromString(tt.index)); got != tt.want {
				t.Errorf("WholeUnits(%s, %s, %v, %s) = %d, want %d", tt.frontline, tt.cost, tt.per, tt.index, got, tt.want)
			}
		})
	}
}

func TestFrontline(t *testing.T) {
	t.Parallel()
	l := Lot{OnCost: decimal.RequireFromString("0.15")}
	// 15% of £1,234.57 is £185.1855; £1,049.3845 is left, unrounded.
	if got, want := l.Frontline(funding.Pence(123457)), funding.FromDecimal(decimal.RequireFromString("1049.3845")); !got.Equal(want) {
		t.Errorf("Frontline = %s, want %s", got.Exact(), want.Exact())
	}
	if got := (Lot{}).Frontline(funding.Pounds(100)); !got.Equal(funding.Pounds(100)) {
		t.Errorf("no on-cost: Frontline = %s, want £100", got)
	}
	// Staffing takes the on-cost off: £1,200,000 less 15% over £50,000 = 20.4 FTE.
	cw := Lot{OnCost: decimal.RequireFromString("0.15"), Service: ServiceModel{Caseworkers: &Caseworkers{CostPerFTE: funding.Pounds(40000)}}}
	if got := cw.Staffing(funding.Pounds(1200000), decimal.RequireFromString("1.25")); got != 20.4 {
		t.Errorf("Staffing = %v, want 20.4", got)
	}
}

func TestCostValidation(t *testing.T) {
	t.Parallel()
	stay := FixedValue(150)
	tests := []struct {
		name string
		lot  Lot
		path string
	}{
		{"on-cost 100%", Lot{Name: "A", OnCost: decimal.NewFromInt(1), Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 1, LengthOfStay: stay}}}, "on_cost"},
		{"negative on-cost", Lot{Name: "A", OnCost: decimal.RequireFromString("-0.1"), Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 1, LengthOfStay: stay}}}, "on_cost"},
		{"no beds and no cost", Lot{Name: "A", Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{LengthOfStay: stay}}}, "service.refuge.beds"},
		{"negative cost per bed", Lot{Name: "A", Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 1, CostPerBed: funding.Pounds(-1), LengthOfStay: stay}}}, "service.refuge.cost_per_bed"},
		{"facilitator cost without FTE per group", Lot{Name: "A", Service: ServiceModel{Delivery: GroupWork, Group: &Group{CohortSize: 8, Weeks: 22, StartEvery: funding.MustParseDuration("4 weeks"),
			CostPerFacilitatorFTE: funding.Pounds(40000)}}}, "service.group.facilitators_per_group"},
		{"no cohorts and no cost", Lot{Name: "A", Service: ServiceModel{Delivery: GroupWork, Group: &Group{CohortSize: 8, Weeks: 22, StartEvery: funding.MustParseDuration("4 weeks")}}}, "service.group.concurrent_cohorts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var paths []string
			l := tt.lot
			l.Kind = KindCustom
			for _, err := range Split(l.Validate()) {
				var p *Problem
				if errors.As(err, &p) {
					paths = append(paths, p.Path)
				}
			}
			if len(paths) != 1 || paths[0] != tt.path {
				t.Errorf("problems at %v, want one at %s", paths, tt.path)
			}
		})
	}
	ok := Lot{Name: "A", Kind: KindRefuge, Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{CostPerBed: funding.Pounds(25000), LengthOfStay: stay}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("beds bought with money: %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
