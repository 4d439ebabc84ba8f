package scenario

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
)

func load(t *testing.T, path string) *Scenario {
	t.Helper()
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFindings(t *testing.T) {
	t.Parallel()
	s := load(t, "testdata/valid/reconcile.yaml")
	var kinds []funding.FindingKind
	var subjects []string
	for _, f := range s.Findings() {
		kinds = append(kinds, f.Kind)
		subjects = append(subjects, f.Subject)
	}
	// The pool's figures first (the total, then each share in funder
	// order), then the contract's dates.
	wantKinds := []funding.FindingKind{
		funding.TotalMismatch,
		funding.ShareMismatch, funding.ShareMismatch, funding.ShareMismatch,
		funding.DurationMismatch, funding.DateMismatch,
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("finding kinds mismatch (-want +got):\n%s", diff)
	}
	for i, name := range []string{"Staffordshire County Council", "Staffordshire Commissioner's Office", "Stoke-on-Trent City Council"} {
		if !strings.Contains(subjects[1+i], name) {
			t.Errorf("finding %d is about %q; want %s", 1+i, subjects[1+i], name)
		}
	}
	// A contract's findings name it, so that two contracts on the same
	// terms do not give two findings that read the same.
	for _, sub := range subjects[4:] {
		if !strings.HasPrefix(sub, s.Contracts[0].Name+": ") {
			t.Errorf("contract finding subject %q does not start with the contract's name %q", sub, s.Contracts[0].Name)
		}
	}
	// £670,490 + £1,015,483 + £544,997 = £2,230,970, £73,970 more than stated.
	if f := s.Findings()[0]; f.Stated != "£2,157,000.00" || f.Computed != "£2,230,970.00" {
		t.Errorf("total finding states %s, computes %s", f.Stated, f.Computed)
	}

	if got := load(t, "testdata/valid/minimal.yaml").Findings(); len(got) != 0 {
		t.Errorf("minimal scenario has findings %v; want none", got)
	}
}

func TestContract(t *testing.T) {
	t.Parallel()
	s := load(t, "testdata/valid/full.yaml")
	c, ok := s.Contract("Refuge")
	if !ok || c.Name != "Refuge" || c.Terms.Start != funding.NewDate(2025, 7, 1) {
		t.Errorf("Contract(Refuge) = %+v, %v", c, ok)
	}
	if c, ok := s.Contract("refuge"); ok {
		t.Errorf("Contract(refuge) = %+v; names are matched exactly", c)
	}
}

func TestLotFunding(t *testing.T) {
	t.Parallel()
	s := load(t, "testdata/valid/full.yaml")
	// Lots in file order: Central point of contact £120,000; Victims North
	// 30%; Victims Mid and South the remainder; IDVA 20%; Perpetrators
	// £60,000; Early help £50,000; Refuge £40,000. The fixed amounts take
	// £270,000. Worked by hand from the contributions in full.yaml.
	m := funding.MustParseMoney
	tests := []struct {
		year funding.FinancialYear
		want []funding.Money
	}{
		// £451,000 + £225,000 + £75,000 = £751,000: 30% is £225,300, 20%
		// £150,200, and £751,000 - £270,000 - £375,500 = £105,500 is left.
		{2024, []funding.Money{m("120000"), m("225300"), m("105500"), m("150200"), m("60000"), m("50000"), m("40000")}},
		// £751,000.50: 30% is £225,300.15, 20% £150,200.10, leaving £105,500.25.
		{2025, []funding.Money{m("120000"), m("225300.15"), m("105500.25"), m("150200.10"), m("60000"), m("50000"), m("40000")}},
		// Probation has stopped: £451,000 + £230,000 = £681,000; 30% is
		// £204,300, 20% £136,200, leaving £70,500.
		{2026, []funding.Money{m("120000"), m("204300"), m("70500"), m("136200"), m("60000"), m("50000"), m("40000")}},
	}
	for _, tt := range tests {
		got, err := s.LotFunding(tt.year)
		if err != nil {
			t.Errorf("LotFunding(%s): %v", tt.year, err)
			continue
		}
		if diff := cmp.Diff(funding.Allocation{Parts: tt.want}, got); diff != "" {
			t.Errorf("LotFunding(%s) mismatch (-want +got):\n%s", tt.year, diff)
		}
	}
	// No money in 2030/31: the fixed amounts cannot be paid.
	if _, err := s.LotFunding(2030); !errors.Is(err, funding.ErrOverAllocated) {
		t.Errorf("LotFunding(2030/31) error = %v; want one wrapping funding.ErrOverAllocated", err)
	}
}

func TestHorizonKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[HorizonKind]string{MaxTerm: "max_term", TakenTerm: "taken_term", Fixed: "fixed", 7: "HorizonKind(7)"} {
		if got := k.String(); got != want {
			t.Errorf("HorizonKind(%d).String() = %q; want %q", int(k), got, want)
		}
	}
}

// TestAllocationByYear: a lot's fixed amounts by year replace its rule in
// the years listed, to the penny, and the rest of the pool follows the
// other rules; bad years and amounts are errors with their position.
func TestAllocationByYear(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ApplyOverrides("minimal.yaml", data, Override{Path: "funders[Northshire Council].contributions", Op: Set,
		Value: `[{year: 2024/25, amount: "£500,000"}, {year: 2025/26, amount: "£500,000"}]`})
	if err != nil {
		t.Fatal(err)
	}
	l := &s.Structure.Lots[0]
	l.AllocationByYear = map[funding.FinancialYear]funding.Money{2025: funding.Pounds(420_000)}
	for _, tc := range []struct {
		year funding.FinancialYear
		want funding.Money
	}{{2024, funding.Pounds(500_000)}, {2025, funding.Pounds(420_000)}} {
		a, err := s.LotFunding(tc.year)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Parts[0].Equal(tc.want) {
			t.Errorf("%s: %s, want %s", tc.year, a.Parts[0], tc.want)
		}
		if tc.year == 2025 && !a.Unallocated.Equal(funding.Pounds(80_000)) {
			t.Errorf("%s: unallocated %s, want £80,000.00", tc.year, a.Unallocated)
		}
	}
	for _, tc := range []struct{ value, want string }{
		{`{2025/26: "£420,000"}`, ""},
		{`{2025/26: "-£1"}`, "allocation_by_year.2025/26"},
		{`{2025/2x: "£1"}`, "allocation_by_year.2025/2x"},
		{`[1, 2]`, "want a mapping"},
		{`{2024/25: "£600,000"}`, "cannot pay"},
	} {
		_, err := ApplyOverrides("minimal.yaml", data, Override{Path: "lots[Victims]", Op: Set,
			Value: `{name: Victims, kind: community_victim_support, allocation_by_year: ` + tc.value + `, service: {caseworkers: {fte: 10, caseload_per_fte: 20, case_length: {fixed: 90 days}}}}`})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.value, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", tc.value, err, tc.want)
		}
	}
}
