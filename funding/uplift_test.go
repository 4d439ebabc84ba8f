package funding

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// cpi is UK CPI by financial year for the examples and tests, taken from
// the calendar-year averages in REFERENCES.md (ONS D7G7; marked there as
// an assumption until checked) and applied to the financial year that
// starts in that calendar year: 2019/20 1.8%, 2020/21 0.9%, 2021/22 2.6%,
// 2022/23 9.1%, 2023/24 7.3%; 2% otherwise.
func cpi() Inflation {
	return Inflation{
		Rates: map[FinancialYear]decimal.Decimal{
			2019: dec("1.8"), 2020: dec("0.9"), 2021: dec("2.6"), 2022: dec("9.1"), 2023: dec("7.3"),
		},
		Default: dec("2"),
	}
}

func TestInflationIndex(t *testing.T) {
	t.Parallel()
	two := Inflation{Rates: map[FinancialYear]decimal.Decimal{2019: dec("2.5"), 2020: dec("1.8")}, Default: dec("2")}
	tests := []struct {
		name    string
		inf     Inflation
		base, y FinancialYear
		want    string
		reason  string
	}{
		{"two years", two, 2018, 2020, "1.04345", "1.025 × 1.018"},
		{"same year", two, 2018, 2018, "1", ""},
		{"backwards", two, 2020, 2018, "0.958359288897", "1 / 1.04345 to 12 places"},
		{"default", two, 2020, 2022, "1.0404", "1.02 × 1.02: 2021 and 2022 not listed"},
		{"base year's own rate is not counted", two, 2019, 2020, "1.018", "prices of 2019/20 are the base"},
		{"no inflation", Inflation{}, 2018, 2030, "1", ""},
		{"deflation", Inflation{Default: dec("-1")}, 2018, 2020, "0.9801", "0.99²"},
		{"New Era to its recommissioning", cpi(), 2018, 2023, "1.2337034453", "1.018 × 1.009 × 1.026 × 1.091 × 1.073 = 1.233703445300316"},
		{"prices vanish", Inflation{Default: dec("-100")}, 2018, 2020, "0", "Validate rejects this"},
		{"prices vanish backwards", Inflation{Default: dec("-100")}, 2020, 2018, "0", "no division by zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.inf.Index(tt.base, tt.y); !got.Equal(dec(tt.want)) {
				t.Errorf("Index(%v, %v) = %s; want %s (%s)", tt.base, tt.y, got, tt.want, tt.reason)
			}
		})
	}
}

func TestInflationReal(t *testing.T) {
	t.Parallel()
	two := Inflation{Rates: map[FinancialYear]decimal.Decimal{2019: dec("2.5"), 2020: dec("1.8")}}
	tests := []struct {
		name       string
		inf        Inflation
		cash       Money
		year, base FinancialYear
		want       Money
		reason     string
	}{
		{"deflated", two, Pounds(2157000), 2020, 2018, FromDecimal(dec("2067180.99")), "2,157,000 / 1.04345 = 2,067,180.986..."},
		{"base year", two, Pounds(2157000), 2018, 2018, Pounds(2157000), ""},
		{"earlier year in later prices", two, Pounds(1000), 2018, 2020, FromDecimal(dec("1043.45")), "1,000 × 1.04345"},
		{"flat cash five years on", cpi(), Pounds(2157000), 2023, 2018, FromDecimal(dec("1748394.24")),
			"seed 000: the new contract at the cash level of 5 years earlier; 2,157,000 / 1.233703445300316"},
		{"vanished prices", Inflation{Default: dec("-100")}, Pounds(5), 2020, 2018, Money{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.inf.Real(tt.cash, tt.year, tt.base)); diff != "" {
				t.Errorf("Real mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUpliftPercent(t *testing.T) {
	t.Parallel()
	inf := cpi()
	inf.Rates[2024] = dec("-0.5")
	tests := []struct {
		name   string
		u      Uplift
		fy     FinancialYear
		want   string
		reason string
	}{
		{"none", Uplift{}, 2023, "0", ""},
		{"fixed", Uplift{Kind: Fixed, Rate: dec("2")}, 2023, "2", ""},
		{"CPI of the year before", Uplift{Kind: CPI}, 2023, "9.1", "2022/23's rate for a year starting in 2023/24"},
		{"CPI capped", Uplift{Kind: CPI, Cap: pct("3")}, 2023, "3", ""},
		{"CPI under the cap", Uplift{Kind: CPI, Cap: pct("3")}, 2020, "1.8", ""},
		{"CPI floored", Uplift{Kind: CPI, Floor: pct("0")}, 2025, "0", "2024/25 is -0.5%"},
		{"CPI not floored", Uplift{Kind: CPI}, 2025, "-0.5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.u.Percent(tt.fy, inf); !got.Equal(dec(tt.want)) {
				t.Errorf("Percent(%v) = %s; want %s", tt.fy, got, tt.want)
			}
		})
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	two := Inflation{Rates: map[FinancialYear]decimal.Decimal{2019: dec("2.5"), 2020: dec("1.8")}, Default: dec("2")}
	// New Era at £2,157,000 a year with a CPI uplift capped at 3%:
	// year 2 starts in 2019/20 and takes 2018/19's 2%, year 3 2019/20's
	// 2.5%, year 4 2020/21's 1.8%:
	//   2,157,000 × 1.02 = 2,200,140; × 1.025 = 2,255,143.50;
	//   × 1.018 = 2,295,736.083 -> 2,295,736.08.
	// Real, 2018/19 prices: 2,200,140 / 1.025 = 2,146,478.05;
	//   2,255,143.50 / 1.04345 = 2,161,237.72;
	//   2,295,736.08 / (1.04345 × 1.02) = 2,156,999.998 -> 2,157,000.00.
	newEraCPI := []YearValue{
		{ContractYear{1, date("2018-10-01"), date("2019-09-30"), dec("1")}, 2018, Pounds(2157000), Pounds(2157000)},
		{ContractYear{2, date("2019-10-01"), date("2020-09-30"), dec("1")}, 2019, Pounds(2200140), FromDecimal(dec("2146478.05"))},
		{ContractYear{3, date("2020-10-01"), date("2021-09-30"), dec("1")}, 2020, FromDecimal(dec("2255143.50")), FromDecimal(dec("2161237.72"))},
		{ContractYear{4, date("2021-10-01"), date("2022-09-30"), dec("1")}, 2021, FromDecimal(dec("2295736.08")), Pounds(2157000)},
	}
	// Telford-style terms, 34 months + 1 + 1 years from 1 June 2019, at
	// £120,000 a year with a fixed 2% uplift and no inflation:
	//   120,000; 122,400; 124,848; 127,344.96; and for the last 10 months
	//   129,891.8592 × 10/12 = 108,243.216 -> 108,243.22.
	telford := Terms{Start: date("2019-06-01"), Initial: months(34),
		Extensions: []Extension{{Length: years(1), Taken: true}, {Length: years(1)}}}
	telfordMax := []YearValue{
		{ContractYear{1, date("2019-06-01"), date("2020-05-31"), dec("1")}, 2019, Pounds(120000), Pounds(120000)},
		{ContractYear{2, date("2020-06-01"), date("2021-05-31"), dec("1")}, 2020, Pounds(122400), Pounds(122400)},
		{ContractYear{3, date("2021-06-01"), date("2022-05-31"), dec("1")}, 2021, Pounds(124848), Pounds(124848)},
		{ContractYear{4, date("2022-06-01"), date("2023-05-31"), dec("1")}, 2022, FromDecimal(dec("127344.96")), FromDecimal(dec("127344.96"))},
		{ContractYear{5, date("2023-06-01"), date("2024-03-31"), dec("0.833333333333")}, 2023, FromDecimal(dec("108243.22")), FromDecimal(dec("108243.22"))},
	}
	tests := []struct {
		name    string
		annual  Money
		terms   Terms
		uplift  Uplift
		inf     Inflation
		base    FinancialYear
		maxTerm bool
		want    []YearValue
	}{
		{"New Era CPI", Pounds(2157000), newEra(), Uplift{Kind: CPI, Cap: pct("3")}, two, 2018, false, newEraCPI},
		{"Telford fixed 2%", Pounds(120000), telford, Uplift{Kind: Fixed, Rate: dec("2")}, Inflation{}, 2019, true, telfordMax},
		{"invalid terms", Pounds(1), Terms{}, Uplift{}, Inflation{}, 2019, true, []YearValue{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Values(tt.annual, tt.terms, tt.uplift, tt.inf, tt.base, tt.maxTerm)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Values mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTotalValue(t *testing.T) {
	t.Parallel()
	telford := Terms{Start: date("2019-06-01"), Initial: months(34),
		Extensions: []Extension{{Length: years(1), Taken: true}, {Length: years(1)}}}
	tests := []struct {
		name         string
		annual       Money
		terms        Terms
		uplift       Uplift
		initial, max Money
		reason       string
	}{
		{"New Era flat", Pounds(2157000), newEra(), Uplift{}, Pounds(4314000), Pounds(8628000), "2 and 4 years of 2,157,000"},
		{"Coventry flat", Pounds(1347955), coventry(), Uplift{}, Pounds(6739775), Pounds(12131595), "5 and 9 years of 1,347,955 (seed 002)"},
		{"Telford fixed 2%", Pounds(120000), telford, Uplift{Kind: Fixed, Rate: dec("2")},
			FromDecimal(dec("346440")), FromDecimal(dec("602836.18")),
			"120,000 + 122,400 + 124,848 × 10/12 = 346,440; + 124,848 + 127,344.96 + 108,243.22 for the maximum"},
		{"invalid terms", Pounds(1), Terms{}, Uplift{}, Money{}, Money{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			initial, max := TotalValue(tt.annual, tt.terms, tt.uplift, Inflation{})
			if diff := cmp.Diff([2]Money{tt.initial, tt.max}, [2]Money{initial, max}); diff != "" {
				t.Errorf("TotalValue mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUpliftValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		u       Uplift
		wantErr error
	}{
		{"none", Uplift{}, nil},
		{"fixed", Uplift{Kind: Fixed, Rate: dec("2")}, nil},
		{"fixed cut", Uplift{Kind: Fixed, Rate: dec("-3")}, nil},
		{"fixed -100%", Uplift{Kind: Fixed, Rate: dec("-100")}, ErrBadUplift},
		{"CPI", Uplift{Kind: CPI, Cap: pct("3"), Floor: pct("0")}, nil},
		{"CPI cap below floor", Uplift{Kind: CPI, Cap: pct("1"), Floor: pct("2")}, ErrBadUplift},
		{"CPI floor -100%", Uplift{Kind: CPI, Floor: pct("-100")}, ErrBadUplift},
		{"unknown kind", Uplift{Kind: 9}, ErrBadUplift},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.u.Validate(); !errors.Is(err, tt.wantErr) {
				t.Errorf("Validate() = %v; want %v", err, tt.wantErr)
			}
		})
	}
}

func TestInflationValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		inf     Inflation
		wantErr error
	}{
		{"zero value", Inflation{}, nil},
		{"CPI", cpi(), nil},
		{"deflation", Inflation{Default: dec("-2")}, nil},
		{"default -100%", Inflation{Default: dec("-100")}, ErrBadInflation},
		{"a year below -100%", Inflation{Rates: map[FinancialYear]decimal.Decimal{2020: dec("-150")}}, ErrBadInflation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.inf.Validate(); !errors.Is(err, tt.wantErr) {
				t.Errorf("Validate() = %v; want %v", err, tt.wantErr)
			}
		})
	}
}

func TestUpliftString(t *testing.T) {
	t.Parallel()
	got := []string{
		Uplift{}.String(),
		Uplift{Kind: Fixed, Rate: dec("2.5")}.String(),
		Uplift{Kind: CPI}.String(),
		Uplift{Kind: CPI, Cap: pct("3"), Floor: pct("0")}.String(),
		Uplift{Kind: 7}.String(),
		CPI.String(),
	}
	want := []string{"no uplift", "2.5% a year", "CPI", "CPI, at least 0%, at most 3%", "UpliftKind(7)", "cpi"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
