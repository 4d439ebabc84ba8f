package funding

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEarmarkFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		e      Earmark
		c      Money
		year   FinancialYear
		want   Money
		reason string
	}{
		{"amount", Earmark{Lot: "P", Amount: Pounds(75000)}, Pounds(100000), 2025, Pounds(75000), ""},
		{"all of it", Earmark{Lot: "P", Share: pct("100")}, MustParseMoney("75000.01"), 2025, MustParseMoney("75000.01"), "100% is the contribution exactly"},
		{"a third, rounded down", Earmark{Lot: "P", Share: pct("33.33")}, Pounds(100), 2025, MustParseMoney("33.33"), ""},
		{"half of 3p", Earmark{Lot: "P", Share: pct("50")}, MustParseMoney("0.03"), 2025, MustParseMoney("0.01"), "1.5p rounds down, so two halves never take 4p of 3p"},
		{"before from", Earmark{Lot: "P", Amount: Pounds(5), From: 2026}, Pounds(10), 2025, Money{}, ""},
		{"after to", Earmark{Lot: "P", Amount: Pounds(5), To: 2024}, Pounds(10), 2025, Money{}, ""},
		{"within", Earmark{Lot: "P", Amount: Pounds(5), From: 2025, To: 2025}, Pounds(10), 2025, Pounds(5), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.e.For(tt.c, tt.year)
			if !got.Equal(tt.want) {
				t.Errorf("For(%s, %v) = %s, want %s %s", tt.c, tt.year, got, tt.want, tt.reason)
			}
		})
	}
}

func TestFunderEarmarksValidate(t *testing.T) {
	t.Parallel()
	yearly := []Contribution{{2025, Pounds(75000)}, {2026, Pounds(50000)}}
	tests := []struct {
		name     string
		earmarks []Earmark
		want     error // nil for valid
		contains string
	}{
		{"share of all", []Earmark{{Lot: "P", Share: pct("100")}}, nil, ""},
		{"two halves", []Earmark{{Lot: "P", Share: pct("50")}, {Area: "A", Share: pct("50")}}, nil, ""},
		{"amount within both years", []Earmark{{Lot: "P", Amount: Pounds(50000)}}, nil, ""},
		{"amount over in one year", []Earmark{{Lot: "P", Amount: Pounds(60000)}}, ErrOverEarmarked, "2026/27"},
		{"amount over, but only until", []Earmark{{Lot: "P", Amount: Pounds(60000), To: 2025}}, nil, ""},
		{"together over", []Earmark{{Lot: "P", Share: pct("60")}, {Lot: "Q", Share: pct("50")}}, ErrOverEarmarked, "more"},
		{"both amount and share", []Earmark{{Lot: "P", Amount: Pounds(1), Share: pct("10")}}, ErrBadEarmark, "both an amount"},
		{"both lot and area", []Earmark{{Lot: "P", Area: "A", Amount: Pounds(1)}}, ErrBadEarmark, "one lot or one area"},
		{"neither lot nor area", []Earmark{{Amount: Pounds(1)}}, ErrBadEarmark, "no lot or area"},
		{"share over 100%", []Earmark{{Lot: "P", Share: pct("101")}}, ErrBadEarmark, "0% to 100%"},
		{"negative amount", []Earmark{{Lot: "P", Amount: Pounds(-1)}}, ErrBadEarmark, "£0 or more"},
		{"years reversed", []Earmark{{Lot: "P", Amount: Pounds(1), From: 2026, To: 2025}}, ErrBadEarmark, "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := Funder{Name: "PFCC", Contributions: yearly, Earmarks: tt.earmarks}
			err := f.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("Validate() = %v, want %v mentioning %q", err, tt.want, tt.contains)
			}
		})
	}
}

func TestEarmarkStoppingFunder(t *testing.T) {
	t.Parallel()
	// A funder that stops earmarks nothing once it pays nothing, so a fixed
	// earmark is not over a contribution of £0.
	f := Funder{Name: "PCC", Contributions: []Contribution{{2025, Pounds(10)}, {2026, Pounds(10)}},
		Status: Status{Kind: Stopping, StopsFrom: 2026}, Earmarks: []Earmark{{Lot: "P", Amount: Pounds(10)}}}
	if err := f.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	if got := f.Earmarked(2026)[0]; !got.IsZero() {
		t.Errorf("Earmarked(2026) = %s, want £0", got)
	}
}

// earmarkPool is two funders: the PFCC ties £75,000 to lot P; the council
// ties half its £200,000 to area North.
func earmarkPool() Pool {
	return Pool{Funders: []Funder{
		{Name: "PFCC", Contributions: []Contribution{{2025, Pounds(75000)}}, Earmarks: []Earmark{{Lot: "P", Share: pct("100")}}},
		{Name: "Council", Contributions: []Contribution{{2025, Pounds(200000)}}, Earmarks: []Earmark{{Area: "North", Share: pct("50")}}},
	}}
}

func TestSplitEarmarks(t *testing.T) {
	t.Parallel()
	lots := []LotArea{{Name: "P"}, {Name: "V1", Areas: []string{"North"}}, {Name: "V2", Areas: []string{"South"}}}
	// By hand: the pool is £275,000; P has £80,000 of which £75,000 is
	// the PFCC's; the lots covering North are P (every area) and V1,
	// £80,000 + £150,000 = £230,000, against £100,000 + £75,000 required.
	parts := []Money{Pounds(80000), Pounds(150000), Pounds(45000)}
	got := SplitEarmarks(earmarkPool(), 2025, lots, parts)
	want := EarmarkSplit{
		Year: 2025,
		Lots: []LotSplit{
			{Lot: "P", Allocation: Pounds(80000), Earmarked: []FunderMoney{{"PFCC", Pounds(75000)}}, General: Pounds(5000)},
			{Lot: "V1", Allocation: Pounds(150000), General: Pounds(150000)},
			{Lot: "V2", Allocation: Pounds(45000), General: Pounds(45000)},
		},
		Areas: []AreaSplit{{Area: "North", Earmarked: []FunderMoney{{"Council", Pounds(100000)}},
			Lots: []string{"P", "V1"}, Required: Pounds(175000), Allocation: Pounds(230000)}},
		Earmarked: Pounds(175000), General: Pounds(100000),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SplitEarmarks mismatch (-want +got):\n%s", diff)
	}
	if c := CheckEarmarks(earmarkPool(), 2025, lots, parts); c != nil {
		t.Errorf("CheckEarmarks = %v, want none", c)
	}
}

func TestCheckEarmarks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lots   []LotArea
		parts  []Money
		want   []Shortfall
		reason string
	}{
		{"lot a penny short", []LotArea{{Name: "P"}, {Name: "V", Areas: []string{"North"}}},
			[]Money{MustParseMoney("74999.99"), MustParseMoney("200000.01")},
			[]Shortfall{{Year: 2025, Lot: "P", Funders: []string{"PFCC"}, Earmarked: Pounds(75000), Allocated: MustParseMoney("74999.99")}}, ""},
		{"area short", []LotArea{{Name: "P", Areas: []string{"South"}}, {Name: "V", Areas: []string{"North"}}},
			[]Money{Pounds(180000), Pounds(95000)},
			[]Shortfall{{Year: 2025, Area: "North", Funders: []string{"Council"}, Earmarked: Pounds(100000), Allocated: Pounds(95000)}},
			"P does not cover North, so only V counts"},
		{"a lot covering two areas counts toward each", []LotArea{{Name: "P", Areas: []string{"South"}}, {Name: "V", Areas: []string{"North", "South"}}},
			[]Money{Pounds(175000), Pounds(100000)}, nil, "V's £100,000 meets North's £100,000"},
		{"area counts the lot earmarks inside it", []LotArea{{Name: "P", Areas: []string{"North"}}, {Name: "V", Areas: []string{"South"}}},
			[]Money{Pounds(150000), Pounds(125000)},
			[]Shortfall{{Year: 2025, Area: "North", Funders: []string{"Council"}, Earmarked: Pounds(175000), Allocated: Pounds(150000)}},
			"P's £150,000 covers its own £75,000 but not the area's £100,000 as well"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := CheckEarmarks(earmarkPool(), 2025, tt.lots, tt.parts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckEarmarks mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
			for _, s := range got {
				if !errors.Is(s, ErrEarmarkShortfall) {
					t.Errorf("%v does not wrap ErrEarmarkShortfall", s)
				}
			}
		})
	}
}

func TestShortfallError(t *testing.T) {
	t.Parallel()
	s := Shortfall{Year: 2025, Lot: "P", Funders: []string{"PFCC"}, Earmarked: Pounds(75000), Allocated: Pounds(70000)}
	want := "2025/26: lot P is allocated £70,000.00 but PFCC earmarks £75,000.00 to it, £5,000.00 more; raise the lot's allocation, or lower the earmark"
	if got := s.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}
