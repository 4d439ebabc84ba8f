package lotsim_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// TestModelCosts checks the engine's capacity when money buys beds,
// groups and front-door seats in testshire, worked out by hand. Prices
// rise 5% a year from 2024/25, so the cost index is 1, 1.05 and 1.1025 in
// the three contract years.
func TestModelCosts(t *testing.T) {
	t.Parallel()
	ev := "at-risk funding withdrawn"
	refuge := "refuge: {beds: 6, length_of_stay"
	tests := []struct {
		name  string
		edits []string
		lot   int // the engine's lot: 0 Support, 1 Perpetrators, 2 Refuge
		want  []simulate.CapacityStep
	}{
		{
			// The refuge's £20,000 (a fixed amount, so no money at risk)
			// less 10% on-cost is £18,000: £18,000 / £2,500 = 7.2 -> 7 beds
			// in year 1; / £2,625 = 6.86 -> 6 in year 2; the change of
			// 2025-10-01 (day 548) fixes 8 from then on, whatever the money.
			name:  "beds bought with money, after on-cost",
			edits: []string{refuge, `refuge: {cost_per_bed: "£2,500", length_of_stay`, "allocation: {amount: \"£20,000\"}", "allocation: {amount: \"£20,000\"}\n    on_cost: 10%"},
			lot:   2,
			want:  []simulate.CapacityStep{{At: 0, Slots: 7}, {At: 365, Slots: 6}, {At: 548, Slots: 8}},
		},
		{
			// Support's 80% less a 20% on-cost: £320,000 with the grant,
			// £256,000 without. Slots are FTE x 20: year 1 320,000/40,000 =
			// 8 -> 160, 256,000/40,000 = 6.4 -> 128; year 2 at £42,000 7.619
			// -> 152, 6.095 -> 121; year 3 at £44,100 7.256 -> 145, 5.805 ->
			// 116; the change fixes 12 FTE (240) from day 913.
			name:  "casework FTE after on-cost, with money at risk",
			edits: []string{"allocation: {percent: 80%}", "allocation: {percent: 80%}\n    on_cost: 20%"},
			lot:   0,
			want: []simulate.CapacityStep{
				{At: 0, Slots: 160}, {At: 0, Slots: 128, Probability: 0.1, Event: ev},
				{At: 365, Slots: 152}, {At: 365, Slots: 121, Probability: 0.19, Event: ev},
				{At: 730, Slots: 145}, {At: 730, Slots: 116, Probability: 0.271, Event: ev},
				{At: 913, Slots: 240},
			},
		},
		{
			// Fixed beds: the cost only checks the money, so 6 then 8 as
			// without it.
			name:  "fixed beds are not moved by money",
			edits: []string{refuge, `refuge: {beds: 6, cost_per_bed: "£50,000", length_of_stay`},
			lot:   2,
			want:  []simulate.CapacityStep{{At: 0, Slots: 6}, {At: 548, Slots: 8}},
		},
		{
			// Perpetrators take the remainder: £30,000 with the grant,
			// £10,000 without it. A group is 1 facilitator FTE at £10,000 x
			// the index. Year 1: 30,000/10,000 = 3 groups, 1 without the
			// grant (withdrawn in year 1 with probability 0.1). Year 2:
			// 30,000/10,500 = 2.86 -> 2, 10,000/10,500 -> 0 (withdrawn by
			// year 2: 1-0.9^2 = 0.19). Year 3: 30,000/11,025 = 2.72 -> 2, 0
			// (1-0.9^3 = 0.271).
			name: "groups bought with money at risk",
			edits: []string{"start_every: 4 weeks, concurrent_cohorts: 2}",
				`start_every: 4 weeks, cost_per_facilitator_fte: "£10,000", facilitators_per_group: 1}`},
			lot: 1,
			want: []simulate.CapacityStep{
				{At: 0, Slots: 3}, {At: 0, Slots: 1, Probability: 0.1, Event: ev},
				{At: 365, Slots: 2}, {At: 365, Slots: 0, Probability: 0.19, Event: ev},
				{At: 730, Slots: 2}, {At: 730, Slots: 0, Probability: 0.271, Event: ev},
			},
		},
		{
			// Fixed cohorts with a facilitator cost beside them: 2, as
			// without it.
			name: "fixed groups are not moved by money",
			edits: []string{"start_every: 4 weeks, concurrent_cohorts: 2}",
				`start_every: 4 weeks, concurrent_cohorts: 2, cost_per_facilitator_fte: "£90,000", facilitators_per_group: 2}`},
			lot:  1,
			want: []simulate.CapacityStep{{At: 0, Slots: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := parse(t, testshire, tt.edits...).Model()
			if err != nil {
				t.Fatalf("Model: %v", err)
			}
			if diff := cmp.Diff(tt.want, m.Lots[tt.lot].Slots, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("%s's slots (-want +got):\n%s", m.Lots[tt.lot].Name, diff)
			}
		})
	}
}

// TestModelFrontDoorCosts checks the front door's seats bought with its
// lot's fixed £50,000: the first contract year's money at that year's
// prices, for the whole run.
func TestModelFrontDoorCosts(t *testing.T) {
	t.Parallel()
	// A seat is the default 5.3 FTE x £3,000 = £15,900: £50,000 / £15,900
	// = 3.14 -> 3 seats.
	m, err := parse(t, testshire, "  handlers: 2\n", "  cost_per_handler_fte: \"£3,000\"\n").Model()
	if err != nil {
		t.Fatalf("Model: %v", err)
	}
	if m.FrontDoor.Handlers != 3 {
		t.Errorf("handlers = %d, want 3", m.FrontDoor.Handlers)
	}
	// At 1 FTE a seat with 20% on-cost: £40,000 / £3,000 = 13.3 -> 13.
	m, err = parse(t, testshire, "  handlers: 2\n", "  cost_per_handler_fte: \"£3,000\"\n  rota_factor: 1\n",
		"allocation: {amount: \"£50,000\"}", "allocation: {amount: \"£50,000\"}\n    on_cost: 20%").Model()
	if err != nil {
		t.Fatalf("Model: %v", err)
	}
	if m.FrontDoor.Handlers != 13 {
		t.Errorf("handlers = %d, want 13", m.FrontDoor.Handlers)
	}
	// £10,000 x 5.3 = £53,000 a seat: £50,000 buys none, and the model
	// says so.
	_, err = parse(t, testshire, "  handlers: 2\n", "  cost_per_handler_fte: \"£10,000\"\n").Model()
	if !errors.Is(err, scenario.ErrCannotSimulate) || err == nil || !strings.Contains(err.Error(), "buys no handler seat") {
		t.Errorf("Model error = %v, want one saying the money buys no handler seat", err)
	}
}

// TestBudgetCosts checks that the budget reports what each lot's money
// buys, in the same arithmetic as the model.
func TestBudgetCosts(t *testing.T) {
	t.Parallel()
	s := parse(t, testshire, refuge(), `refuge: {cost_per_bed: "£2,500", length_of_stay`,
		"allocation: {amount: \"£20,000\"}", "allocation: {amount: \"£20,000\"}\n    on_cost: 10%",
		"  handlers: 2\n", "  cost_per_handler_fte: \"£3,000\"\n")
	b, err := lotsim.Budget(s)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Lot               string
		Beds, Handlers    int
		OnCost, Frontline string
		Unit, UnitCost    string
		FromMoney         bool
	}
	var got []row
	for _, cy := range b.Capacity[:2] {
		for _, l := range cy.Lots {
			if l.Lot == "Refuge" || l.Lot == "Front door" {
				got = append(got, row{l.Lot, l.Beds, l.Handlers, l.OnCost.Exact(), l.Frontline.Exact(), l.Unit, l.UnitCost.Exact(), l.FromMoney})
			}
		}
	}
	want := []row{
		// 2024/25: 3 seats at £15,900; £18,000 / £2,500 = 7 beds.
		{"Front door", 0, 3, "0", "50000", "handler seat", "15900", true},
		{"Refuge", 7, 0, "2000", "18000", "bed", "2500", true},
		// 2025/26: a seat is £16,695, £50,000 buys 2 (the simulation keeps
		// the first year's 3); a bed £2,625, £18,000 buys 6.
		{"Front door", 0, 2, "0", "50000", "handler seat", "16695", true},
		{"Refuge", 6, 0, "2000", "18000", "bed", "2625", true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("budget capacity (-want +got):\n%s", diff)
	}
}

func refuge() string { return "refuge: {beds: 6, length_of_stay" }
