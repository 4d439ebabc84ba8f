package funding

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestAllocate(t *testing.T) {
	t.Parallel()
	amount := func(m Money) AllocationRule { return AllocationRule{Method: FixedAmount, Amount: m} }
	percent := func(p string) AllocationRule { return AllocationRule{Method: Percentage, Percent: dec(p)} }
	rest := AllocationRule{Method: Remainder}
	tests := []struct {
		name   string
		total  Money
		rules  []AllocationRule
		want   Allocation
		reason string
	}{
		{
			name:  "victims 85%, perpetrators the rest",
			total: Pounds(2157000),
			rules: []AllocationRule{percent("85"), rest},
			want:  Allocation{Parts: []Money{Pounds(1833450), Pounds(323550)}},
			// 2,157,000 × 0.85 = 1,833,450; 2,157,000 - 1,833,450 = 323,550.
		},
		{
			name:  "fixed amount and the rest",
			total: Pounds(2157000),
			rules: []AllocationRule{amount(Pounds(1800000)), rest},
			want:  Allocation{Parts: []Money{Pounds(1800000), Pounds(357000)}},
		},
		{
			name:   "remainder in thirds",
			total:  Pounds(100),
			rules:  []AllocationRule{rest, rest, rest},
			want:   Allocation{Parts: []Money{Pence(3334), Pence(3333), Pence(3333)}},
			reason: "3,333⅓p each: floors 3,333 × 3 = 9,999, the spare penny to the first (tie)",
		},
		{
			name:   "ties go to the earlier rule",
			total:  Pence(5),
			rules:  []AllocationRule{rest, rest, rest, rest},
			want:   Allocation{Parts: []Money{Pence(2), Pence(1), Pence(1), Pence(1)}},
			reason: "1.25p each",
		},
		{
			name:   "largest fraction wins",
			total:  Pence(10001),
			rules:  []AllocationRule{percent("25"), percent("50")},
			want:   Allocation{Parts: []Money{Pence(2500), Pence(5001)}, Unallocated: Pence(2500)},
			reason: "2,500.25p and 5,000.5p sum to 7,500.75p, rounded 7,501p; the spare penny to the .5",
		},
		{
			name:   "fixed, percent and two remainders",
			total:  Pounds(1347955),
			rules:  []AllocationRule{amount(Pounds(400000)), percent("12.5"), rest, rest},
			want:   Allocation{Parts: []Money{Pounds(400000), FromDecimal(dec("168494.38")), FromDecimal(dec("389730.31")), FromDecimal(dec("389730.31"))}},
			reason: "Coventry's £1,347,955 (seed 002): 12.5% = 168,494.375; rest 779,460.625 / 2 = 389,730.3125 each; 37.5p, 31.25p, 31.25p: floors leave 1p for the .5",
		},
		{
			name:   "percentages just under 100",
			total:  Pounds(1),
			rules:  []AllocationRule{percent("33.333"), percent("33.333"), percent("33.333")},
			want:   Allocation{Parts: []Money{Pence(34), Pence(33), Pence(33)}},
			reason: "33.333p each, 99.999p rounds to 100p",
		},
		{
			name:  "nothing takes it",
			total: Pounds(75000),
			rules: nil,
			want:  Allocation{Parts: []Money{}, Unallocated: Pounds(75000)},
		},
		{
			name:  "fixed amounts leave some unallocated",
			total: Pounds(451000),
			rules: []AllocationRule{amount(Pounds(300000)), amount(Pounds(100000))},
			want:  Allocation{Parts: []Money{Pounds(300000), Pounds(100000)}, Unallocated: Pounds(51000)},
		},
		{
			name:   "all of it by fixed amounts",
			total:  Pounds(451000),
			rules:  []AllocationRule{amount(Pounds(451000)), rest},
			want:   Allocation{Parts: []Money{Pounds(451000), Money{}}},
			reason: "the remainder may be nothing",
		},
		{
			name:  "100% exactly",
			total: Pounds(100),
			rules: []AllocationRule{percent("60"), percent("40")},
			want:  Allocation{Parts: []Money{Pounds(60), Pounds(40)}},
		},
		{
			name:  "zero total",
			total: Money{},
			rules: []AllocationRule{percent("60"), rest},
			want:  Allocation{Parts: []Money{Money{}, Money{}}},
		},
		{
			name:   "sub-penny fixed amount is rounded too",
			total:  Pounds(10),
			rules:  []AllocationRule{amount(FromDecimal(dec("3.335"))), rest},
			want:   Allocation{Parts: []Money{Pence(334), Pence(666)}},
			reason: "333.5p and 666.5p: tie, the earlier gets the penny",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Allocate(tt.total, tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Allocate(%s) mismatch (-want +got):\n%s", tt.total, diff)
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		total    Money
		rules    []AllocationRule
		wantErr  error
		contains string
	}{
		{"negative total", Pounds(-1), nil, ErrNegativeAllocation, "total -£1.00"},
		{"sub-penny total", FromDecimal(dec("0.001")), nil, ErrNotWholePence, "total 0.001"},
		{"negative amount", Pounds(10), []AllocationRule{{Name: "Victims", Amount: Pounds(-1)}}, ErrNegativeAllocation, `rules[0] "Victims": amount -£1.00`},
		{"negative percent", Pounds(10), []AllocationRule{{Name: "Victims", Method: Percentage, Percent: dec("-5")}}, ErrNegativeAllocation, `rules[0] "Victims": -5%`},
		{"one percent over 100", Pounds(10), []AllocationRule{{Name: "Victims", Method: Percentage, Percent: dec("100.01")}}, ErrPercentOver100, "100.01%"},
		{"percentages over 100", Pounds(10), []AllocationRule{
			{Method: Percentage, Percent: dec("85")}, {Method: Percentage, Percent: dec("20")},
		}, ErrPercentOver100, "they add up to 105%"},
		{"over-allocated", Pounds(2157000), []AllocationRule{
			{Method: FixedAmount, Amount: Pounds(1800000)}, {Method: Percentage, Percent: dec("20")},
		}, ErrOverAllocated, "fixed amounts of £1,800,000.00 plus 20% of the total (£431,400.00) come to £2,231,400.00, £74,400.00 more than the total of £2,157,000.00"},
		{"fixed over zero", Money{}, []AllocationRule{{Amount: Pence(1)}}, ErrOverAllocated, ""},
		{"unknown method", Pounds(10), []AllocationRule{{Name: "X", Method: 7}}, ErrBadMethod, `rules[0] "X"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Allocate(tt.total, tt.rules)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Allocate = %v, %v; want error %v", got, err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
		})
	}
}

// TestAllocateProperties splits random totals by random rules and checks,
// against exact arithmetic done here independently, that rules taking more
// than the total are refused, and otherwise that the parts and the
// unallocated money add up to the total exactly, that every part is whole
// pence and less than a penny from its exact share, that remainder parts
// differ by at most a penny, and that nothing is left unallocated when a
// rule takes the remainder.
func TestAllocateProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	penny := Pence(1)
	for trial := range 5000 {
		total := Pence(rng.Int64N(1_000_000_000)) // up to £10m
		if trial%10 == 0 {
			total = Pence(rng.Int64N(20)) // tiny totals stress the rounding
		}
		n := 1 + rng.IntN(8)
		rules := make([]AllocationRule, n)
		budget := total.Decimal()
		var pctLeft int64 = 100_000 // thousandths of a percent
		for i := range rules {
			switch rng.IntN(3) {
			case 0:
				// A fixed amount within what is left, sometimes to a
				// fraction of a penny.
				amt := decimal.Max(budget, decimal.Zero).Mul(decimal.NewFromFloat(rng.Float64() / 2)).Truncate(3)
				rules[i] = AllocationRule{Method: FixedAmount, Amount: FromDecimal(amt)}
				budget = budget.Sub(amt)
			case 1:
				p := rng.Int64N(pctLeft/2 + 1)
				rules[i] = AllocationRule{Method: Percentage, Percent: decimal.New(p, -3)}
				pctLeft -= p
				budget = budget.Sub(total.Decimal().Mul(decimal.New(p, -5)))
			default:
				rules[i] = AllocationRule{Method: Remainder}
			}
		}
		a, err := Allocate(total, rules)
		if budget.IsNegative() {
			// Fixed amounts drew on money that later percentages took.
			if !errors.Is(err, ErrOverAllocated) {
				t.Fatalf("trial %d: Allocate(%s, %+v) = %v, %v; want ErrOverAllocated", trial, total, rules, a, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: Allocate(%s, %+v): %v", trial, total, rules, err)
		}
		if got := Sum(a.Unallocated, a.Parts...); !got.Equal(total) {
			t.Fatalf("trial %d: parts %v + unallocated %v = %v; want %v", trial, a.Parts, a.Unallocated, got, total)
		}
		// Exact shares, to 30 places (a remainder share may not end).
		var taken decimal.Decimal
		remainders := 0
		for _, r := range rules {
			switch r.Method {
			case FixedAmount:
				taken = taken.Add(r.Amount.Decimal())
			case Percentage:
				taken = taken.Add(total.Decimal().Mul(r.Percent).Shift(-2))
			default:
				remainders++
			}
		}
		var first Money
		for i, r := range rules {
			var exact decimal.Decimal
			switch r.Method {
			case FixedAmount:
				exact = r.Amount.Decimal()
			case Percentage:
				exact = total.Decimal().Mul(r.Percent).Shift(-2)
			default:
				exact = total.Decimal().Sub(taken).DivRound(decimal.NewFromInt(int64(remainders)), 30)
				if first.IsZero() {
					first = a.Parts[i]
				}
				if d := a.Parts[i].Sub(first).Abs(); d.Cmp(penny) > 0 {
					t.Fatalf("trial %d: remainder parts %v and %v differ by more than a penny", trial, first, a.Parts[i])
				}
			}
			p := a.Parts[i]
			if !p.IsWholePence() || p.IsNegative() {
				t.Fatalf("trial %d: part %d = %s: not whole, non-negative pence", trial, i, p.Exact())
			}
			if d := p.Decimal().Sub(exact).Abs(); !d.LessThan(penny.Decimal()) {
				t.Fatalf("trial %d: part %d = %s is %s from its exact share %s", trial, i, p, d, exact)
			}
		}
		if remainders > 0 && !a.Unallocated.IsZero() {
			t.Fatalf("trial %d: %s unallocated with a remainder rule", trial, a.Unallocated)
		}
		if a.Unallocated.IsNegative() {
			t.Fatalf("trial %d: negative unallocated %s", trial, a.Unallocated)
		}
	}
}

func TestMethodString(t *testing.T) {
	t.Parallel()
	got := []string{FixedAmount.String(), Percentage.String(), Remainder.String(), Method(5).String()}
	want := []string{"amount", "percent", "remainder", "Method(5)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
