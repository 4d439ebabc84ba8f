package funding

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   Money
		reason string
	}{
		{name: "plain", in: "2157000", want: Pounds(2157000)},
		{name: "pence", in: "2157000.50", want: Pence(215700050)},
		{name: "one decimal", in: "12.5", want: Pence(1250)},
		{name: "pound sign and commas", in: "£2,157,000", want: Pounds(2157000), reason: "seed 001"},
		{name: "commas and pence", in: "£1,015,483.25", want: Pence(101548325)},
		{name: "thousands", in: "£451k", want: Pounds(451000), reason: "seed 004"},
		{name: "upper case K", in: "451K", want: Pounds(451000)},
		{name: "millions", in: "£1.5m", want: Pounds(1500000), reason: "seed 001"},
		{name: "upper case M", in: "2M", want: Pounds(2000000)},
		{name: "thousands with pence", in: "1.2345k", want: Pence(123450), reason: "1.2345 × 1,000 = 1,234.50: whole pence"},
		{name: "grouped thousands", in: "1,000k", want: Pounds(1000000)},
		{name: "small millions", in: "0.00001m", want: Pounds(10)},
		{name: "zero", in: "0", want: Money{}},
		{name: "penny", in: "0.01", want: Pence(1)},
		{name: "spaces around", in: "  £75,000 ", want: Pounds(75000)},
		{name: "minus after pound sign", in: "£-5", want: Pounds(-5)},
		{name: "three digits no comma", in: "999", want: Pounds(999)},
		{name: "long ungrouped", in: "123456789012345678901234567890", want: FromDecimal(dec("123456789012345678901234567890"))},
	}
	// Mirrored cases: a minus sign in front negates every unsigned amount.
	for _, tt := range tests {
		if tt.in == strings.TrimSpace(tt.in) && !strings.Contains(tt.in, "-") {
			tests = append(tests, struct {
				name   string
				in     string
				want   Money
				reason string
			}{name: "negative " + tt.name, in: "-" + tt.in, want: tt.want.Neg()})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMoney(tt.in)
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseMoney(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseMoneyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantErr error
	}{
		{"empty", "", ErrMoneySyntax},
		{"pound sign only", "£", ErrMoneySyntax},
		{"minus only", "-", ErrMoneySyntax},
		{"suffix only", "k", ErrMoneySyntax},
		{"exponent", "1e6", ErrMoneySyntax},
		{"short group", "1,23", ErrMoneySyntax},
		{"long group", "12,3456", ErrMoneySyntax},
		{"long first group", "1234,567", ErrMoneySyntax},
		{"leading comma", ",123", ErrMoneySyntax},
		{"double comma", "1,,234", ErrMoneySyntax},
		{"trailing point", "1.", ErrMoneySyntax},
		{"leading point", ".5", ErrMoneySyntax},
		{"two points", "1.5.5", ErrMoneySyntax},
		{"comma in pence", "1.5,0", ErrMoneySyntax},
		{"words", "two pounds", ErrMoneySyntax},
		{"space after pound sign", "£ 5", ErrMoneySyntax},
		{"space inside", "1 000", ErrMoneySyntax},
		{"plus sign", "+5", ErrMoneySyntax},
		{"double minus", "--5", ErrMoneySyntax},
		{"double suffix", "5kk", ErrMoneySyntax},
		{"other currency", "$5", ErrMoneySyntax},
		{"sub-penny", "12.345", ErrSubPenny},
		{"sub-penny thousands", "1.234567k", ErrSubPenny},
		{"sub-penny negative", "-0.001", ErrSubPenny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMoney(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseMoney(%q) = %v, %v; want error %v", tt.in, got, err, tt.wantErr)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Text != tt.in || pe.Hint == "" {
				t.Errorf("ParseMoney(%q) error %#v; want a *ParseError with the text and a hint", tt.in, err)
			}
			if !strings.Contains(err.Error(), "funding: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestMustParseMoneyPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustParseMoney(\"1e6\") did not panic")
		}
	}()
	MustParseMoney("1e6")
}

func TestMoneyFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		in                Money
		str, plain, exact string
		reason            string
	}{
		{"millions", Pounds(2157000), "£2,157,000.00", "2157000.00", "2157000", ""},
		{"negative", Pounds(-75000), "-£75,000.00", "-75000.00", "-75000", ""},
		{"pence", Pence(5), "£0.05", "0.05", "0.05", ""},
		{"negative penny", Pence(-1), "-£0.01", "-0.01", "-0.01", ""},
		{"no separator below 1,000", Pounds(999), "£999.00", "999.00", "999", ""},
		{"separator at 1,000", Pounds(1000), "£1,000.00", "1000.00", "1000", ""},
		{"six digits", Pounds(100000), "£100,000.00", "100000.00", "100000", ""},
		{"seven digits", Pounds(1000000), "£1,000,000.00", "1000000.00", "1000000", ""},
		{"zero", Money{}, "£0.00", "0.00", "0", ""},
		{"half penny to even down", FromDecimal(dec("0.005")), "£0.00", "0.00", "0.005", "half to even: 0.005 -> 0.00"},
		{"half penny to even up", FromDecimal(dec("0.015")), "£0.02", "0.02", "0.015", "half to even: 0.015 -> 0.02"},
		{"negative rounding to zero", FromDecimal(dec("-0.001")), "£0.00", "0.00", "-0.001", "no -£0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := [3]string{tt.in.String(), tt.in.Plain(), tt.in.Exact()}
			want := [3]string{tt.str, tt.plain, tt.exact}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("String, Plain, Exact of %s mismatch (-want +got):\n%s", tt.in.Exact(), diff)
			}
		})
	}
}

func TestMoneyArithmetic(t *testing.T) {
	t.Parallel()
	a, b := Pounds(670490), Pounds(1015483)
	tests := []struct {
		name      string
		got, want Money
		reason    string
	}{
		{"Add", a.Add(b), Pounds(1685973), "670,490 + 1,015,483"},
		{"Sub", a.Sub(b), Pounds(-344993), "670,490 - 1,015,483"},
		{"Neg", a.Neg(), Pounds(-670490), ""},
		{"Abs of negative", a.Neg().Abs(), a, ""},
		{"Abs of positive", a.Abs(), a, ""},
		{"Mul", Pounds(2157000).Mul(dec("0.31")), Pounds(668670), "2,157,000 × 0.31"},
		{"Mul keeps sub-penny", Pence(1).Mul(dec("0.5")), FromDecimal(dec("0.005")), "rounding is named, not implicit"},
		{"MulInt", Pounds(451000).MulInt(3), Pounds(1353000), ""},
		{"Sum one", Sum(a), a, ""},
		{"Sum Staffordshire", Sum(a, b, Pounds(544997)), Pounds(2230970), "670,490 + 1,015,483 + 544,997 (seed 001)"},
		{"Div", Pounds(10).Div(dec("3"), 2), Pence(333), "3.333... -> 3.33"},
		{"Div rounds up", Pounds(20).Div(dec("3"), 2), Pence(667), "6.666... -> 6.67"},
		{"Div half to even down", Pence(1).Div(dec("2"), 2), Money{}, "0.005 -> 0.00"},
		{"Div half to even up", Pence(3).Div(dec("2"), 2), Pence(2), "0.015 -> 0.02"},
		{"Div negative half to even", Pence(-3).Div(dec("2"), 2), Pence(-2), "-0.015 -> -0.02"},
		{"Div negative half to even toward zero", Pence(-5).Div(dec("2"), 2), Pence(-2), "-0.025 -> -0.02"},
		{"Div negative divisor", Pounds(10).Div(dec("-4"), 0), Pounds(-2), "-2.5 -> -2"},
		{"Div whole pounds half up to even", Pounds(14).Div(dec("4"), 0), Pounds(4), "3.5 -> 4"},
		{"Div just over half", FromDecimal(dec("0.0050001")).Div(dec("1"), 2), Pence(1), "0.0050001 -> 0.01"},
		{"RoundPenny half to even down", FromDecimal(dec("2.125")).RoundPenny(), Pence(212), ""},
		{"RoundPenny half to even up", FromDecimal(dec("2.135")).RoundPenny(), Pence(214), ""},
		{"RoundPenny negative", FromDecimal(dec("-2.125")).RoundPenny(), Pence(-212), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

func TestMoneyRatio(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		m, o   Money
		places int32
		want   string
		reason string
	}{
		{"Staffordshire County share of the sum", Pounds(670490), Pounds(2230970), 4, "0.3005", "670,490 / 2,230,970 = 0.300537..."},
		{"half to even down", Pounds(1), Pounds(8), 2, "0.12", "0.125"},
		{"half to even up", Pounds(3), Pounds(8), 2, "0.38", "0.375"},
		{"negative", Pounds(-3), Pounds(8), 2, "-0.38", "-0.375"},
		{"exact", Pounds(1), Pounds(4), 2, "0.25", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.m.Ratio(tt.o, tt.places)
			if !got.Equal(dec(tt.want)) {
				t.Errorf("%s.Ratio(%s, %d) = %s; want %s", tt.m, tt.o, tt.places, got, tt.want)
			}
		})
	}
}

func TestMoneyPredicates(t *testing.T) {
	t.Parallel()
	type preds struct {
		Sign                             int
		IsZero, IsNegative, IsWholePence bool
		Float64                          float64
	}
	tests := []struct {
		name string
		in   Money
		want preds
	}{
		{"positive", Pounds(5), preds{1, false, false, true, 5}},
		{"negative", Pounds(-5), preds{-1, false, true, true, -5}},
		{"zero", Money{}, preds{0, true, false, true, 0}},
		{"sub-penny", FromDecimal(dec("0.125")), preds{1, false, false, false, 0.125}},
		{"negative sub-penny", FromDecimal(dec("-0.125")), preds{-1, false, true, false, -0.125}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := preds{tt.in.Sign(), tt.in.IsZero(), tt.in.IsNegative(), tt.in.IsWholePence(), tt.in.Float64()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("predicates of %s mismatch (-want +got):\n%s", tt.in.Exact(), diff)
			}
		})
	}
}

func TestMoneyCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b  Money
		cmp   int
		equal bool
	}{
		{Pounds(1), Pounds(2), -1, false},
		{Pounds(2), Pounds(1), 1, false},
		{FromDecimal(dec("1.5")), Pence(150), 0, true},
		{Pounds(-1), Money{}, -1, false},
	}
	for _, tt := range tests {
		if got := tt.a.Cmp(tt.b); got != tt.cmp {
			t.Errorf("%s.Cmp(%s) = %d; want %d", tt.a.Exact(), tt.b.Exact(), got, tt.cmp)
		}
		if got := tt.a.Equal(tt.b); got != tt.equal {
			t.Errorf("%s.Equal(%s) = %v; want %v", tt.a.Exact(), tt.b.Exact(), got, tt.equal)
		}
	}
}

func TestMoneyText(t *testing.T) {
	t.Parallel()
	type doc struct {
		Amount Money `json:"amount"`
	}
	tests := []struct {
		name string
		in   Money
		json string
	}{
		{"whole", Pounds(2157000), `{"amount":"2157000"}`},
		{"pence", Pence(50), `{"amount":"0.5"}`},
		{"sub-penny kept exactly", FromDecimal(dec("0.125")), `{"amount":"0.125"}`},
		{"negative", Pounds(-75000), `{"amount":"-75000"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(doc{tt.in})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.json, string(b)); diff != "" {
				t.Errorf("json mismatch (-want +got):\n%s", diff)
			}
			if !tt.in.IsWholePence() {
				return // UnmarshalText reads what ParseMoney accepts: whole pence
			}
			var back doc
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.in, back.Amount); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
	var m Money
	if err := m.UnmarshalText([]byte("£1.5m")); err != nil || !m.Equal(Pounds(1500000)) {
		t.Errorf(`UnmarshalText("£1.5m") = %v, %v; want £1,500,000.00`, m, err)
	}
	if err := m.UnmarshalText([]byte("12.345")); !errors.Is(err, ErrSubPenny) {
		t.Errorf(`UnmarshalText("12.345") error = %v; want ErrSubPenny`, err)
	}
}

// FuzzParseMoney checks that ParseMoney never panics, that what it rejects
// it rejects with a *ParseError, and that any amount it accepts is whole
// pence and reads back unchanged from Exact, String and Plain.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"2157000", "2157000.50", "£2,157,000", "-£75,000", "£451k", "£1.5m", "£-5",
		"1.2345k", "12.345", "1e6", "1,23", "", "£", ".5", "1.", "0.00001m", " 7 ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !(errors.Is(err, ErrMoneySyntax) || errors.Is(err, ErrSubPenny)) {
				t.Fatalf("ParseMoney(%q) error %v is not a *ParseError wrapping a sentinel", s, err)
			}
			return
		}
		if !m.IsWholePence() {
			t.Fatalf("ParseMoney(%q) = %s: not whole pence", s, m.Exact())
		}
		for _, text := range []string{m.Exact(), m.String(), m.Plain()} {
			back, err := ParseMoney(text)
			if err != nil {
				t.Fatalf("ParseMoney(%q) = %s, but ParseMoney(%q): %v", s, m.Exact(), text, err)
			}
			if !back.Equal(m) {
				t.Fatalf("ParseMoney(%q) = %s, but ParseMoney(%q) = %s", s, m.Exact(), text, back.Exact())
			}
		}
	})
}
