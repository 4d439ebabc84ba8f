package lotsim_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
	"github.com/shopspring/decimal"
)

// testshire is a small scenario written for these tests, with round
// figures so that the mapping can be worked out by hand:
//
//   - the pool is £500,000 a year, £100,000 of it a grant at risk (10% a
//     year); 2024/25 is the base year and prices rise 5% a year;
//   - the front door's lot takes £50,000 and the refuge £20,000 (fixed),
//     Support 80% of the pool (£400,000; £320,000 without the grant) and
//     Perpetrators the remainder (£30,000; £10,000 without the grant);
//   - Support derives its FTE from its money at £40,000 an FTE in 2024/25
//     prices, 20 cases each, until a change sets 12 FTE from 2026-10-01;
//   - three contract years from 2024-04-01 (2 years + a 1-year option),
//     which are the financial years 2024/25 to 2026/27.
const testshire = `
name: Testshire
base_year: 2024/25
areas: [North, South]
funders:
  - name: County Council
    annual: {amount: "£400,000", from: 2024/25, to: 2026/27}
  - name: PCC victims grant
    status: {at_risk: 10%}
    annual: {amount: "£100,000", from: 2024/25, to: 2026/27}
inflation:
  default: 5%
contracts:
  - name: Testshire DA services
    start: 2024-04-01
    initial_term: 2 years
    extensions:
      - {length: 1 year}
lots:
  - name: Front door
    kind: central_point_of_contact
    allocation: {amount: "£50,000"}
  - name: Support
    kind: community_victim_support
    allocation: {percent: 80%}
    wait_targets: {high: 2 days, medium: 10 days, standard: 28 days}
    service:
      caseworkers:
        cost_per_fte: "£40,000"
        caseload_per_fte: 20
        case_length: {lognormal: {mean: 90 days, sd: 30 days}}
    disengagement:
      - {client_group: victim, patience: {exponential: {mean: 60 days}}}
    changes:
      - {date: 2026-10-01, fte: 12}
  - name: Perpetrators
    kind: perpetrator_programme
    allocation: remainder
    service:
      delivery: group
      group: {cohort_size: 10, min_to_start: 5, weeks: 24, start_every: 4 weeks, concurrent_cohorts: 2}
    disengagement:
      - {client_group: perpetrator, drop_out: 30%}
  - name: Refuge
    kind: refuge
    areas: [South]
    allocation: {amount: "£20,000"}
    service:
      delivery: beds
      refuge: {beds: 6, length_of_stay: {gamma: {mean: 120 days, sd: 40 days}}, when_full: wait, declined_share: 10%}
    changes:
      - {date: 2025-10-01, beds: 8}
front_door:
  lot: Front door
  handlers: 2
  handling_time: {fixed: 30 minutes}
  self_serve: {standard: 25%}
demand:
  start: 2024-04-01
  seasonality: [1.2, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  shocks:
    - {name: January dip, from: 2025-01-01, to: 2025-01-31, multiplier: 0.5}
  streams:
    - {area: North, client_group: victim, referrals_per_year: 730.5, risk_mix: {standard: 60%, medium: 30%, high: 10%}, growth: 10%}
    - {area: South, client_group: victim, referrals_per_year: 365.25, risk_mix: {standard: 50%, medium: 30%, high: 20%}, repeat_rate: 20%}
    - {area: North, client_group: perpetrator, referrals_per_year: 73.05, risk_mix: {standard: 100%}}
routing:
  - {client_groups: [victim], areas: [North], lot: Support}
  - {client_groups: [victim], areas: [South], risks: [standard, medium], lot: Support}
  - {client_groups: [victim], areas: [South], risks: [high], lot: Refuge}
  - {client_groups: [perpetrator], lot: Perpetrators}
simulation:
  seed: 20240401
  replications: 20
  start_state: {warm_up: 12 months}
`

// parse parses a scenario written in a test, after replacing each old
// string in edits with the new one that follows it.
func parse(t *testing.T, text string, edits ...string) *scenario.Scenario {
	t.Helper()
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("edit: %q is not in the scenario", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	s, err := scenario.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

// TestModelMapping checks every field of the model built from testshire
// against figures worked out by hand.
func TestModelMapping(t *testing.T) {
	t.Parallel()
	s := parse(t, testshire)
	m, err := s.Model()
	if err != nil {
		t.Fatalf("Model: %v", err)
	}

	start := funding.NewDate(2024, 4, 1)
	// Rates per day. The South stream's repeat_rate of 20% is a share of
	// its referrals: the engine adds repeats on top of first referrals
	// with probability p = 0.2/0.8 = 0.25, so first referrals arrive at
	// the scenario's rate / (1 + 0.25) = 0.8 x the rate, and first
	// referrals x 1.25 is the scenario's rate again.
	firstShare := []float64{1, 0.8, 1}
	if len(m.Streams) != 3 {
		t.Fatalf("got %d streams, want 3", len(m.Streams))
	}
	for i, st := range m.Streams {
		if len(st.RatePerDay) != 1095 {
			t.Fatalf("stream %d: %d daily rates, want 1095 (2024-04-01 to 2027-03-31)", i, len(st.RatePerDay))
		}
		for d, got := range st.RatePerDay {
			want := s.Demand.Rate(i, start.AddDays(d)) * firstShare[i]
			// Relative 1e-12: x/1.25 and x*0.8 differ by binary rounding only.
			if math.Abs(got-want) > 1e-12*want {
				t.Fatalf("stream %d day %d: rate %v, want Demand.Rate x %v = %v", i, d, got, firstShare[i], want)
			}
		}
	}
	// The same rates by hand: 730.5/365.25 = 2 a day in the North, 1 in
	// the South, 0.2 for perpetrators; January x 1.2 and the January 2025
	// dip x 0.5; 10% growth a year in the North, compounding by days/365.25.
	hand := []struct {
		name        string
		stream, day int
		want        float64
	}{
		{name: "North, 2024-04-01", stream: 0, day: 0, want: 2},
		{name: "North, 2025-01-15 (289 days): growth, January, dip", stream: 0, day: 289, want: 2 * math.Pow(1.1, 289/365.25) * 1.2 * 0.5},
		{name: "North, 2025-04-01 (365 days): growth", stream: 0, day: 365, want: 2 * math.Pow(1.1, 365/365.25)},
		{name: "South, 2024-04-01: first referrals", stream: 1, day: 0, want: 0.8},
		{name: "South, 2025-01-26 (300 days): January, dip, first referrals", stream: 1, day: 300, want: 1.2 * 0.5 * 0.8},
		{name: "South, 2025-02-10 (315 days): February", stream: 1, day: 315, want: 0.8 * 0.8},
		{name: "perpetrators, 2024-04-01", stream: 2, day: 0, want: 0.2},
	}
	for _, h := range hand {
		// Relative 1e-12: the same arithmetic in a different order.
		if got := m.Streams[h.stream].RatePerDay[h.day]; math.Abs(got-h.want) > 1e-12*h.want {
			t.Errorf("%s: rate %v, want %v", h.name, got, h.want)
		}
	}
	for i := range m.Streams {
		m.Streams[i].RatePerDay = nil // checked above
	}

	// Support's slots, floor(FTE x 20), FTE = money / (£40,000 x index):
	//   2024/25: £400,000 / £40,000 = 10 FTE -> 200; without the grant
	//            £320,000 / £40,000 = 8 -> 160, withdrawn by year 1 with
	//            probability 1-(1-0.1)^1 = 0.1;
	//   2025/26: £400,000 / £42,000 = 9.524 -> 190; £320,000 / £42,000 =
	//            7.619 -> 152; probability 1-0.9^2 = 0.19;
	//   2026/27: £400,000 / £44,100 = 9.070 -> 181; £320,000 / £44,100 =
	//            7.256 -> 145; probability 1-0.9^3 = 0.271;
	//   2026-10-01 (day 913): the change to 12 FTE -> 240, whatever the money.
	const ev = "at-risk funding withdrawn"
	exp60 := lotting.Distribution{Kind: lotting.Exponential, Mean: 60}
	want := &simulate.Model{
		Horizon:    1095,
		WarmUp:     365.25, // 12 months of 365.25/12 days
		YearStarts: []float64{0, 365, 730},
		Areas:      []string{"North", "South"},
		Streams: []simulate.Stream{
			{Name: "North victim", Area: 0, Group: lotting.Victim, RiskMix: [3]float64{0.6, 0.3, 0.1}},
			{Name: "South victim", Area: 1, Group: lotting.Victim, RiskMix: [3]float64{0.5, 0.3, 0.2}, RepeatRate: 0.25},
			{Name: "North perpetrator", Area: 0, Group: lotting.Perpetrator, RiskMix: [3]float64{1, 0, 0}},
		},
		FrontDoor: &simulate.FrontDoor{
			Handlers:     2,
			HandlingTime: lotting.Distribution{Kind: lotting.Fixed, Mean: 30.0 / (24 * 60)},
			SelfServe:    [3]float64{0.25, 0, 0},
		},
		// Lots 0 Support, 1 Perpetrators, 2 Refuge; the front door's lot
		// is the engine's front door, not a lot. -1: no referrals of that
		// risk in the stream.
		Route: [][3]int{{0, 0, 0}, {0, 0, 2}, {1, -1, -1}},
		Lots: []simulate.Lot{
			{
				Name: "Support", Mode: lotting.Casework,
				Slots: []simulate.CapacityStep{
					{At: 0, Slots: 200}, {At: 0, Slots: 160, Probability: 0.1, Event: ev},
					{At: 365, Slots: 190}, {At: 365, Slots: 152, Probability: 0.19, Event: ev},
					{At: 730, Slots: 181}, {At: 730, Slots: 145, Probability: 0.271, Event: ev},
					{At: 913, Slots: 240},
				},
				Service:       lotting.Distribution{Kind: lotting.Lognormal, Mean: 90, SD: 30},
				Disengagement: []simulate.Disengagement{{Group: lotting.Victim, Patience: &exp60}},
				Targets:       [3]float64{28, 10, 2},
				TargetShare:   0.9,
				Cost:          []funding.Money{funding.Pounds(400000), funding.Pounds(400000), funding.Pounds(400000)},
			},
			{
				Name: "Perpetrators", Mode: lotting.GroupWork,
				Slots:         []simulate.CapacityStep{{At: 0, Slots: 2}},
				Disengagement: []simulate.Disengagement{{Group: lotting.Perpetrator, DropOut: 0.3}},
				Group:         simulate.GroupSettings{CohortSize: 10, MinToStart: 5, Weeks: 24, StartEvery: 28},
				TargetShare:   0.9,
				Cost:          []funding.Money{funding.Pounds(30000), funding.Pounds(30000), funding.Pounds(30000)},
			},
			{
				Name: "Refuge", Mode: lotting.Beds,
				// 2025-10-01 is 548 days after 2024-04-01.
				Slots:         []simulate.CapacityStep{{At: 0, Slots: 6}, {At: 548, Slots: 8}},
				Service:       lotting.Distribution{Kind: lotting.Gamma, Mean: 120, SD: 40},
				WaitWhenFull:  true,
				DeclinedShare: 0.1,
				TargetShare:   0.9,
				Cost:          []funding.Money{funding.Pounds(20000), funding.Pounds(20000), funding.Pounds(20000)},
			},
		},
	}
	// Floats within 1e-12 relative: 0.19 and 0.271 are sums of products
	// of 0.1 and 0.9, and 30 minutes is converted to days.
	if diff := cmp.Diff(want, m, cmpopts.EquateApprox(1e-12, 0), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Model() mismatch (-want +got):\n%s", diff)
	}
}

// TestModelVariants checks mappings the main scenario does not show.
func TestModelVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edits []string
		check func(t *testing.T, m *simulate.Model)
	}{
		{
			name:  "inherited state goes to the lot by name",
			edits: []string{"start_state: {warm_up: 12 months}", "start_state: {inherited: [{lot: Refuge, waiting: 3, open_cases: 5}, {lot: Support, waiting: 40, open_cases: 150}]}"},
			check: func(t *testing.T, m *simulate.Model) {
				got := [][2]int{}
				for _, l := range m.Lots {
					got = append(got, [2]int{l.Waiting, l.OpenCases})
				}
				if diff := cmp.Diff([][2]int{{40, 150}, {0, 0}, {3, 5}}, got); diff != "" {
					t.Errorf("inherited (waiting, open) by lot (-want +got):\n%s", diff)
				}
				if m.WarmUp != 0 {
					t.Errorf("WarmUp = %v, want 0", m.WarmUp)
				}
			},
		},
		{
			name:  "taken term: the option is not taken, so two years",
			edits: []string{"start_state: {warm_up: 12 months}", "horizon: taken_term"},
			check: func(t *testing.T, m *simulate.Model) {
				if diff := cmp.Diff([]float64{730, 0, 365}, []float64{m.Horizon, m.YearStarts[0], m.YearStarts[1]}); diff != "" || len(m.YearStarts) != 2 {
					t.Errorf("horizon and year starts (-want +got):\n%s (year starts %v)", diff, m.YearStarts)
				}
			},
		},
		{
			name: "fixed horizon of 18 months: a part year costs its fraction",
			// 2024-04-01 + 18 months = 2025-10-01: 548 days; year 2 is
			// 6 whole months, 6/12 of a year, so costs half its money.
			edits: []string{"start_state: {warm_up: 12 months}", "horizon: 18 months"},
			check: func(t *testing.T, m *simulate.Model) {
				if m.Horizon != 548 {
					t.Errorf("Horizon = %v, want 548", m.Horizon)
				}
				if diff := cmp.Diff([]funding.Money{funding.Pounds(400000), funding.Pounds(200000)}, m.Lots[0].Cost); diff != "" {
					t.Errorf("Support's cost by year (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "given FTE: money and its risk do not matter",
			// 9.99 FTE x 20 = 199.8 -> 199 slots in every year and under
			// every funding outcome, so one certain step, then the change.
			edits: []string{`cost_per_fte: "£40,000"`, "fte: 9.99"},
			check: func(t *testing.T, m *simulate.Model) {
				want := []simulate.CapacityStep{{At: 0, Slots: 199}, {At: 913, Slots: 240}}
				if diff := cmp.Diff(want, m.Lots[0].Slots); diff != "" {
					t.Errorf("Support's slots (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "a stopping funder: certain steps from its last year",
			// Without the grant from 2026/27: £320,000 / £44,100 -> 145 slots.
			edits: []string{"status: {at_risk: 10%}", "status: {stopping: 2026/27}"},
			check: func(t *testing.T, m *simulate.Model) {
				want := []simulate.CapacityStep{{At: 0, Slots: 200}, {At: 365, Slots: 190}, {At: 730, Slots: 145}, {At: 913, Slots: 240}}
				if diff := cmp.Diff(want, m.Lots[0].Slots); diff != "" {
					t.Errorf("Support's slots (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "contract years that do not start on 1 April",
			edits: []string{"start: 2024-04-01\n    initial_term", "start: 2024-10-01\n    initial_term",
				"to: 2026/27}\n  - name: PCC", "to: 2027/28}\n  - name: PCC", "to: 2026/27}\ninflation", "to: 2027/28}\ninflation"},
			check: func(t *testing.T, m *simulate.Model) {
				// 2024-10-01 to 2027-09-30: 1095 days; years start on
				// 2024-10-01, 2025-10-01 (365) and 2026-10-01 (730); Support's
				// money and prices are those of 2024/25, 2025/26, 2026/27.
				if diff := cmp.Diff([]float64{0, 365, 730}, m.YearStarts); diff != "" || m.Horizon != 1095 {
					t.Errorf("year starts (-want +got):\n%s (horizon %v)", diff, m.Horizon)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := parse(t, testshire, tt.edits...).Model()
			if err != nil {
				t.Fatalf("Model: %v", err)
			}
			tt.check(t, m)
		})
	}
}

// TestTwoFundersAtRisk checks the capacity steps when two funders are at
// risk, independently: grant A (£100,000, 10% a year) and grant B
// (£50,000, 20% a year) besides the council's £400,000. Support's 80% is
// then £440,000 with both grants, £360,000 without A, £400,000 without B
// and £320,000 without either, so each of the four states has its own
// number of slots. Reading the steps as the engine does (the last step at
// a time whose Probability is 0 or above the shared draw U sets the
// slots), every value of U must give states that never undo a withdrawal
// from one year to the next, and each year's states must have the
// probabilities of independent withdrawals: P(A by year k) = 1-0.9^k,
// P(B by year k) = 1-0.8^k.
func TestTwoFundersAtRisk(t *testing.T) {
	t.Parallel()
	grantA := "    status: {at_risk: 10%}\n    annual: {amount: \"£100,000\", from: 2024/25, to: 2026/27}\n"
	grantB := "  - name: Lottery grant\n    status: {at_risk: 20%}\n    annual: {amount: \"£50,000\", from: 2024/25, to: 2026/27}\n"
	s := parse(t, testshire, grantA, grantA+grantB)
	m, err := s.Model()
	if err != nil {
		t.Fatalf("Model: %v", err)
	}
	// slots -> state (bit 1: A withdrawn, bit 2: B withdrawn), by year:
	// floor(money / (£40,000 x 1.05^k) x 20).
	states := []map[int]int{
		{220: 0, 180: 1, 200: 2, 160: 3}, // 11, 9, 10, 8 FTE
		{209: 0, 171: 1, 190: 2, 152: 3}, // 10.476, 8.571, 9.524, 7.619 FTE
		{199: 0, 163: 1, 181: 2, 145: 3}, // 9.977, 8.163, 9.070, 7.256 FTE
	}
	steps := m.Lots[0].Slots
	cuts := []float64{0, 1}
	for _, st := range steps {
		if st.Probability > 0 {
			cuts = append(cuts, st.Probability)
		}
	}
	slices.Sort(cuts)
	slotsAt := func(at, u float64) int {
		n := -1
		for _, st := range steps {
			if st.At == at && (st.Probability == 0 || u < st.Probability) {
				n = st.Slots
			}
		}
		return n
	}
	var mass [3][4]float64
	for j := 0; j+1 < len(cuts); j++ {
		lo, hi := cuts[j], cuts[j+1]
		if hi <= lo {
			continue
		}
		u, prev := (lo+hi)/2, 0
		for k, at := range []float64{0, 365, 730} {
			st, ok := states[k][slotsAt(at, u)]
			if !ok {
				t.Fatalf("U = %v, year %d: %d slots is no funding state", u, k+1, slotsAt(at, u))
			}
			if st&prev != prev {
				t.Errorf("U = %v: state %02b in year %d undoes a withdrawal of year %d (%02b)", u, st, k+1, k, prev)
			}
			prev = st
			mass[k][st] += hi - lo
		}
	}
	var want [3][4]float64
	for k := range want {
		a, b := 1-math.Pow(0.9, float64(k+1)), 1-math.Pow(0.8, float64(k+1))
		want[k] = [4]float64{(1 - a) * (1 - b), a * (1 - b), (1 - a) * b, a * b}
	}
	// 1e-12 absolute: sums of products of 0.1, 0.2, 0.8 and 0.9.
	if diff := cmp.Diff(want, mass, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("probability of each funding state by year (-want +got):\n%s", diff)
	}
}

// TestModelErrors checks that scenarios the engine cannot run give errors
// that say why, never a panic.
func TestModelErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edits  []string
		change func(s *scenario.Scenario)
		opt    lotsim.SimOptions
		want   string // in the error's text
	}{
		{name: "no contracts", change: func(s *scenario.Scenario) { s.Contracts = nil }, want: "no contracts"},
		{
			name:   "front door that leaves out an area",
			change: func(s *scenario.Scenario) { s.Structure.Lots[0].Areas = []string{"North"} },
			want:   `the front door's lot "Front door" does not cover South`,
		},
		{
			name:   "repeats over half the referrals",
			change: func(s *scenario.Scenario) { s.Demand.Streams[1].RepeatRate = 0.6 },
			want:   "at most 50% of referrals can be repeats",
		},
		{
			name: "inherited state of an unknown lot",
			change: func(s *scenario.Scenario) {
				s.Simulation.Inherited = []scenario.Inherited{{Lot: "Nowhere", Waiting: 1}}
			},
			want: `unknown lot "Nowhere"`,
		},
		{
			name: "inherited state of the front door",
			change: func(s *scenario.Scenario) {
				s.Simulation.Inherited = []scenario.Inherited{{Lot: "Front door", Waiting: 1}}
			},
			want: "is the front door's lot",
		},
		{
			name:   "fixed horizon of no length",
			change: func(s *scenario.Scenario) { s.Simulation.Horizon = scenario.Horizon{Kind: scenario.Fixed} },
			want:   "a fixed horizon needs a length above 0",
		},
		{
			name:  "money-derived FTE in a year with no money",
			edits: []string{"start_state: {warm_up: 12 months}", "horizon: 4 years"},
			want:  "the pool has no contributions for 2027/28",
		},
		{
			name: "fixed amounts the pool cannot pay once the grant is withdrawn",
			// £50,000 + £20,000 + £380,000 fits £500,000, not £400,000.
			edits: []string{"allocation: {percent: 80%}", `allocation: {amount: "£380,000"}`},
			want:  "without the money at risk of PCC victims grant (£400,000.00 left)",
		},
		{
			name: "unknown stopping metric",
			change: func(s *scenario.Scenario) {
				s.Simulation.StoppingRule = &scenario.StoppingRule{Metric: "severe_risk_wait_p90", RelativeHalfWidth: 0.1, Min: 2, Max: 3}
			},
			want: `metric "severe_risk_wait_p90"`,
		},
		{
			name: "stopping rule for an unknown lot",
			change: func(s *scenario.Scenario) {
				s.Simulation.StoppingRule = &scenario.StoppingRule{Metric: "wait_p90", Lot: "IDVA", RelativeHalfWidth: 0.1, Min: 2, Max: 3}
			},
			want: `unknown lot "IDVA"`,
		},
		{name: "negative replications", opt: lotsim.SimOptions{Replications: -1}, want: "replications must be 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := parse(t, testshire, tt.edits...)
			if tt.change != nil {
				tt.change(s)
			}
			_, err := lotsim.Simulate(context.Background(), s, tt.opt)
			if !errors.Is(err, lotsim.ErrCannotSimulate) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Simulate: error %v, want ErrCannotSimulate saying %q", err, tt.want)
			}
		})
	}
	if _, err := (*scenario.Scenario)(nil).Model(); !errors.Is(err, lotsim.ErrCannotSimulate) {
		t.Errorf("nil scenario: error %v, want ErrCannotSimulate", err)
	}
	// The cause's own error survives the wrapping, so a program can tell
	// what is wrong as well as that the scenario cannot be simulated.
	s := parse(t, testshire)
	s.Pool.Funders = nil
	if _, err := s.Model(); !errors.Is(err, lotsim.ErrCannotSimulate) || !errors.Is(err, funding.ErrNoFunders) {
		t.Errorf("no funders: error %v, want both ErrCannotSimulate and funding.ErrNoFunders in its chain", err)
	}
}

// TestReferralsMatchPlan compares the referrals simulated to reach each
// lot in each contract year with lotting.Plan's expected demand, which is
// plain arithmetic on the daily rates (after self-serve at the front
// door), independent of the model and the engine.
//
// Each variant keeps the expectation exact: growth, seasonality and a
// shock on streams without repeats; repeats on a constant rate, after a
// 12-month warm-up (at least the engine's 365-day repeat window) so that
// repeats of earlier referrals are in steady state from time 0. The
// contract years start on 1 April, so they are Plan's financial years.
//
// Tolerance: 4 standard errors of the mean across replications (the
// replications' own SD / sqrt(n)). For a correct model a miss has
// probability about 6e-5 per figure (under 0.3% over the 31 figures);
// a lost repeat share (20% of the South stream) or a self-serve share not
// taken off (25% of standard risk) moves a figure by 5 to 30 standard
// errors.
func TestReferralsMatchPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edits   []string
		repeats bool // the South stream (index 1) has 20% repeats
	}{
		{"growth, seasonality and a shock", []string{", repeat_rate: 20%", ""}, false},
		{"repeats at a constant rate", []string{
			"  seasonality: [1.2, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n", "",
			"  shocks:\n    - {name: January dip, from: 2025-01-01, to: 2025-01-31, multiplier: 0.5}\n", "",
		}, true},
	}
	reps := 100
	if testing.Short() {
		reps = 40
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := parse(t, testshire, tt.edits...)
			r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: reps, Workers: 1})
			if err != nil {
				t.Fatalf("Simulate: %v", err)
			}
			for y := range r.YearLabels {
				year := funding.FinancialYear(2024 + y)
				alloc, err := s.LotFunding(year)
				if err != nil {
					t.Fatal(err)
				}
				plan := lotting.Plan(s.Structure, s.Demand, alloc.Parts, year, decimal.NewFromInt(1))
				for _, c := range plan {
					l, ok := r.LotIndex(c.Lot)
					if !ok {
						t.Fatalf("lot %q not in results %v", c.Lot, r.Lots)
					}
					sum := r.Results.Cell(l, y, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Referrals)
					within4SE(t, c.Lot+", "+r.YearLabels[y]+": referrals", sum, c.ExpectedDemand)
				}
				if tt.repeats {
					// Repeats are 20% of the South stream's referrals, all
					// of which pass the front door; a mapping that took
					// repeat_rate as repeats per first referral would give
					// 0.2/1.2 = 16.7%, about 10 SE lower.
					fd := r.Results.FrontDoor
					sum := r.Results.Cell(fd, y, 1, simulate.AllRisks).Metric(simulate.Repeats)
					within4SE(t, "South, "+r.YearLabels[y]+": repeats", sum, 0.2*s.Demand.Expected(1, year.Start(), year.End()))
				}
			}
			checkConservation(t, r.Results)
		})
	}
}

// within4SE checks that the mean of sum is within 4 standard errors of
// want (see TestReferralsMatchPlan for why 4).
func within4SE(t *testing.T, what string, sum stats.Summary, want float64) {
	t.Helper()
	se := sum.SD() / math.Sqrt(float64(sum.N()))
	if !(se > 0) || math.Abs(sum.Mean()-want) > 4*se {
		t.Errorf("%s: simulated %.1f (SE %.2f), expected %.1f: off by %.1f SE", what, sum.Mean(), se, want, (sum.Mean()-want)/se)
	}
}

// checkConservation checks that the system's flows add up: the engine
// checks every replication (a failure is an error from Run), so the means
// across replications must add up too, to rounding.
func checkConservation(t *testing.T, res *simulate.Results) {
	t.Helper()
	f := res.System
	in := f.In.Mean() + f.Referrals.Mean()
	out := f.Completed.Mean() + f.DroppedOut.Mean() + f.Disengaged.Mean() + f.TurnedAway.Mean() +
		f.Declined.Mean() + f.SelfServed.Mean() + f.Out.Mean()
	// 1e-9 relative: means of integer counts summed in a different order.
	if math.Abs(in-out) > 1e-9*in || !(f.Referrals.Mean() > 0) {
		t.Errorf("conservation: in %.6f (start %.3f + referrals %.3f), out %.6f", in, f.In.Mean(), f.Referrals.Mean(), out)
	}
}

// TestSimulateDeterministic runs the same scenario with 1 and 2 workers
// and compares every figure of the results exactly.
func TestSimulateDeterministic(t *testing.T) {
	t.Parallel()
	s := parse(t, testshire)
	seed := uint64(7)
	run := func(workers int) *lotsim.SimResult {
		r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: 6, Seed: &seed, Workers: workers})
		if err != nil {
			t.Fatalf("Simulate with %d workers: %v", workers, err)
		}
		return r
	}
	one, two := run(1), run(2)
	if diff := cmp.Diff(flatten(one.Results), flatten(two.Results), cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("results with 1 and 2 workers differ (-1 +2):\n%s", diff)
	}
	head := func(r *lotsim.SimResult) []any {
		return []any{r.Lots, r.YearLabels, r.Start, r.Seed, r.Replications, r.Results.FrontDoor}
	}
	want := []any{[]string{"Support", "Perpetrators", "Refuge", "Front door"}, []string{"2024/25", "2025/26", "2026/27"},
		funding.NewDate(2024, 4, 1), uint64(7), 6, 3}
	if diff := cmp.Diff(want, head(one)); diff != "" {
		t.Errorf("SimResult mismatch (-want +got):\n%s", diff)
	}
	checkConservation(t, one.Results)
}

// flatten lists every summary in the results: for each lot, year (and all
// years), area (and all) and risk (and all), every metric's mean, SD and
// count, and the probability of missing the target; then the system flows.
func flatten(r *simulate.Results) []float64 {
	var out []float64
	add := func(s stats.Summary) { out = append(out, s.Mean(), s.SD(), float64(s.N())) }
	for l := range r.Lots {
		for y := simulate.AllYears; y < r.Years; y++ {
			for a := simulate.AllAreas; a < len(r.Areas); a++ {
				for rk := simulate.AllRisks; rk <= lotting.High; rk++ {
					c := r.Cell(l, y, a, rk)
					for m := simulate.Metric(0); m < simulate.NumMetrics; m++ {
						add(c.Metric(m))
					}
					out = append(out, c.MissedTarget.Estimate(), c.Waits.Quantile(0.9))
				}
			}
		}
	}
	f := r.System
	for _, s := range []stats.Summary{f.In, f.Referrals, f.Repeats, f.Completed, f.DroppedOut, f.Disengaged, f.TurnedAway, f.Declined, f.SelfServed, f.Out} {
		add(s)
	}
	return out
}

// TestStoppingRule checks that the scenario's stopping rule is used, with
// a risk prefix on its metric: a rule no run can meet runs Max
// replications, one any run meets stops at Min; explicit replications
// override it.
func TestStoppingRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rule  scenario.StoppingRule
		opt   lotsim.SimOptions
		wantN int
	}{
		// A 95% CI within 0.0001% of the mean needs millions of runs.
		{"too tight: runs max", scenario.StoppingRule{Metric: "high_risk_wait_mean", RelativeHalfWidth: 1e-6, Min: 3, Max: 5}, lotsim.SimOptions{}, 5},
		// Within 10 times the mean: any 3 runs with starts do it.
		{"loose: stops at min", scenario.StoppingRule{Metric: "referrals", Lot: "Refuge", RelativeHalfWidth: 10, Min: 3, Max: 50}, lotsim.SimOptions{}, 3},
		{"min below 2 is raised to 2", scenario.StoppingRule{Metric: "standard_risk_referrals", RelativeHalfWidth: 10, Min: 1, Max: 50}, lotsim.SimOptions{}, 2},
		{"replications override the rule", scenario.StoppingRule{Metric: "referrals", RelativeHalfWidth: 10, Min: 3, Max: 50}, lotsim.SimOptions{Replications: 4}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := parse(t, testshire)
			s.Simulation.StoppingRule = &tt.rule
			tt.opt.Workers = 1
			r, err := lotsim.Simulate(context.Background(), s, tt.opt)
			if err != nil {
				t.Fatalf("Simulate: %v", err)
			}
			if r.Replications != tt.wantN {
				t.Errorf("ran %d replications, want %d", r.Replications, tt.wantN)
			}
		})
	}
}

// interval is a 95% confidence interval and its mean, for messages.
type interval struct{ mean, lo, hi float64 }

func ci(s stats.Summary) interval {
	c := s.CI95()
	return interval{s.Mean(), c.Lo, c.Hi}
}

// simulateShipped simulates a shipped scenario with reps replications and
// returns the whole-period summary of metric m for the named lot.
func simulateShipped(t *testing.T, file string, reps int) *lotsim.SimResult {
	t.Helper()
	s, err := scenario.Load("scenarios/" + file)
	if err != nil {
		t.Fatalf("Load(%s): %v", file, err)
	}
	r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: reps, Workers: 1})
	if err != nil {
		t.Fatalf("Simulate(%s): %v", file, err)
	}
	checkConservation(t, r.Results)
	return r
}

func lotMetric(t *testing.T, r *lotsim.SimResult, lot string, m simulate.Metric) interval {
	t.Helper()
	l, ok := r.LotIndex(lot)
	if !ok {
		t.Fatalf("no lot %q in %v", lot, r.Lots)
	}
	return ci(r.Results.Cell(l, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(m))
}

// shippedReps is the replications the shipped-scenario comparisons run:
// each takes about 20 ms a replication on one core; 40 give 95% CIs a
// few percent wide, far narrower than the differences compared.
func shippedReps() int {
	if testing.Short() {
		return 20
	}
	return 40
}

// TestStaffordshireFlatCash is the scrutiny committee's question (seed
// 000): the 2023 contract at the 2018 cash, against referrals about 30%
// higher and prices about 23% higher, leaves victims waiting longer and
// the waiting list longer than under the 2018 contract. The two runs are
// independent (different seeds), so the 95% CIs of the whole-period
// figures must not overlap.
func TestStaffordshireFlatCash(t *testing.T) {
	t.Parallel()
	reps := shippedReps()
	var was, now *lotsim.SimResult
	t.Run("2018", func(t *testing.T) { was = simulateShipped(t, "staffordshire-2018.yaml", reps) })
	t.Run("2023", func(t *testing.T) { now = simulateShipped(t, "staffordshire-2023.yaml", reps) })
	if was == nil || now == nil {
		return
	}
	for _, m := range []simulate.Metric{simulate.WaitMean, simulate.YearEndWaiting} {
		o, n := lotMetric(t, was, "Victims", m), lotMetric(t, now, "Victims", m)
		t.Logf("Victims %s: 2018 %.2f (95%% CI %.2f to %.2f), 2023 %.2f (%.2f to %.2f)", m, o.mean, o.lo, o.hi, n.mean, n.lo, n.hi)
		if !(n.lo > o.hi) {
			t.Errorf("Victims %s: 2023's CI (%.2f to %.2f) is not above 2018's (%.2f to %.2f)", m, n.lo, n.hi, o.lo, o.hi)
		}
	}
}

// TestStaffordshireGroupOrOneToOne compares the perpetrator programme in
// groups (staffordshire-2023.yaml) with the same staff working 1:1
// (staffordshire-2023-one-to-one.yaml): the 95% CIs of starts and of the
// mean wait over the period must not overlap, so that they say which
// delivery is better. The runs share a seed (common random numbers); the
// CIs are of each run alone, which is conservative.
func TestStaffordshireGroupOrOneToOne(t *testing.T) {
	t.Parallel()
	reps := shippedReps()
	var group, one *lotsim.SimResult
	t.Run("group", func(t *testing.T) { group = simulateShipped(t, "staffordshire-2023.yaml", reps) })
	t.Run("1:1", func(t *testing.T) { one = simulateShipped(t, "staffordshire-2023-one-to-one.yaml", reps) })
	if group == nil || one == nil {
		return
	}
	for _, c := range []struct {
		m           simulate.Metric
		lowerBetter bool
	}{{simulate.Starts, false}, {simulate.WaitMean, true}} {
		g, o := lotMetric(t, group, "Perpetrators", c.m), lotMetric(t, one, "Perpetrators", c.m)
		better := "group"
		if (o.mean < g.mean) == c.lowerBetter {
			better = "1:1"
		}
		t.Logf("Perpetrators %s: group %.2f (95%% CI %.2f to %.2f), 1:1 %.2f (%.2f to %.2f): %s is better",
			c.m, g.mean, g.lo, g.hi, o.mean, o.lo, o.hi, better)
		if !(g.lo > o.hi || o.lo > g.hi) {
			t.Errorf("Perpetrators %s: the CIs overlap (group %.2f to %.2f, 1:1 %.2f to %.2f), so they do not say which is better",
				c.m, g.lo, g.hi, o.lo, o.hi)
		}
	}
}

// TestSimulateReplicationHook checks that SimOptions.Replication reaches
// the engine: it is called for replications 0, 1, 2, ... in order with 1
// and 2 workers, and its values, added up in that order, give the
// summaries in the results bit for bit.
func TestSimulateReplicationHook(t *testing.T) {
	t.Parallel()
	s := parse(t, testshire)
	type cell struct {
		lot, year, area int
		risk            lotting.Risk
		m               simulate.Metric
	}
	// Lots in results order: Support, Perpetrators, Refuge, Front door.
	cells := []cell{
		{0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks, simulate.WaitMean},
		{0, 1, 0, lotting.High, simulate.Starts},
		{2, simulate.AllYears, 1, simulate.AllRisks, simulate.Referrals},
		{3, 2, simulate.AllAreas, lotting.Standard, simulate.SelfServed},
		{1, 0, simulate.AllAreas, simulate.AllRisks, simulate.Utilisation},
	}
	const reps = 6
	for _, workers := range []int{1, 2} {
		sums := make([]stats.Summary, len(cells))
		var seen []int
		r, err := lotsim.Simulate(context.Background(), s, lotsim.SimOptions{Replications: reps, Workers: workers,
			Replication: func(index int, rep *simulate.Replication) {
				seen = append(seen, index)
				for i, c := range cells {
					if v, ok := rep.Value(c.lot, c.year, c.area, c.risk, c.m); ok {
						sums[i].Add(v)
					}
				}
			}})
		if err != nil {
			t.Fatalf("%d workers: Simulate: %v", workers, err)
		}
		if diff := cmp.Diff([]int{0, 1, 2, 3, 4, 5}, seen); diff != "" {
			t.Errorf("%d workers: hook indices (-want +got):\n%s", workers, diff)
		}
		for i, c := range cells {
			want := r.Results.Cell(c.lot, c.year, c.area, c.risk).Metric(c.m)
			if got := sums[i]; got.N() != want.N() || math.Float64bits(got.Mean()) != math.Float64bits(want.Mean()) ||
				math.Float64bits(got.Var()) != math.Float64bits(want.Var()) {
				t.Errorf("%d workers: %+v: hook values give n %d mean %v var %v, results n %d mean %v var %v",
					workers, c, got.N(), got.Mean(), got.Var(), want.N(), want.Mean(), want.Var())
			}
		}
	}
}
