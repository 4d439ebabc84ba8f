package optimise

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// stretchScenario is testdata/two-lots.yaml with the pool set to pool and
// both lots allowed to stretch to twice their caseload with cases as long
// as any other (factor 1): stretched, each lot is M/M/2N.
func stretchScenario(t *testing.T, pool string) *scenario.Scenario {
	t.Helper()
	data, err := os.ReadFile("testdata/two-lots.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const old = "caseload_per_fte: 1, case_length:"
	text := string(data)
	if strings.Count(text, old) != 2 {
		t.Fatalf("testdata/two-lots.yaml does not hold %q twice", old)
	}
	text = strings.ReplaceAll(text, old, "caseload_per_fte: 1, stretch: {max_caseload_per_fte: 2, length_factor: 1}, case_length:")
	s, err := scenario.ApplyOverrides("two-lots-stretch.yaml", []byte(text), scenario.Override{Path: "funders[Council].annual.amount", Op: scenario.Set, Value: pool})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStretchNotCountedOn checks the pinned rule: by default the optimiser
// plans as if no caseload stretched, so the least money it finds is
// exactly that of the same scenario without the stretch blocks (the
// closed-form needs of TestMoneyFindsTheClosedFormNeeds, 34 and 49 slots,
// on the same random numbers) and it says so in a note; with AllowStretch
// the stretch doubles what each FTE holds, and it finds less money for
// every lot: by the same closed forms, 34 stretched slots are 17 FTE
// (£680,000) and 49 are 24.5, so 25 FTE (£1,000,000).
func TestStretchNotCountedOn(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("simulates a few thousand replications")
	}
	const pool = "£3,180,000"
	opt := Options{Goal: Money, Step: funding.Pounds(40_000), Workers: 2}
	plain, err := Run(context.Background(), twoLotsScenario(t, pool), opt)
	if err != nil {
		t.Fatal(err)
	}
	off, err := Run(context.Background(), stretchScenario(t, pool), opt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(moneyStrings(plain.MoneyPlan), moneyStrings(off.MoneyPlan)); diff != "" {
		t.Errorf("default (stretch not counted on) against no stretch block: money (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(off.Notes, " "), "does not count on caseloads that stretch: North victims, South victims") {
		t.Errorf("notes %q do not say the stretch was not counted on", off.Notes)
	}
	opt.AllowStretch = true
	on, err := Run(context.Background(), stretchScenario(t, pool), opt)
	if err != nil {
		t.Fatal(err)
	}
	for k := range on.MoneyPlan {
		for j := range on.MoneyPlan[k] {
			if on.MoneyPlan[k][j].Cmp(off.MoneyPlan[k][j]) >= 0 || !on.MoneyPlan[k][j].Equal(funding.Pounds([]int64{680_000, 1_000_000}[j])) {
				t.Errorf("year %d, lot %d: with stretch allowed %s, want £680,000 and £1,000,000 (and below %s without)", k, j, on.MoneyPlan[k][j], off.MoneyPlan[k][j])
			}
		}
	}
	if strings.Contains(strings.Join(on.Notes, " "), "stretch") {
		t.Errorf("notes %q speak of stretch when it was allowed", on.Notes)
	}
	t.Logf("money with stretch allowed: %v; without: %v", moneyStrings(on.MoneyPlan), moneyStrings(off.MoneyPlan))
}

func moneyStrings(plan [][]funding.Money) [][]string {
	out := [][]string{}
	for _, y := range plan {
		row := []string{}
		for _, m := range y {
			row = append(row, m.String())
		}
		out = append(out, row)
	}
	return out
}
