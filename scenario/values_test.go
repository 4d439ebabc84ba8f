package scenario

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
)

// value parses "v: text" and returns the node of text.
func value(t *testing.T, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("v: "+text+"\n"), &doc); err != nil {
		t.Fatalf("bad test YAML %q: %v", text, err)
	}
	return doc.Content[0].Content[1]
}

// oneError checks that d recorded no problem if wantErr is empty, and
// otherwise exactly one whose message contains wantErr.
func oneError(t *testing.T, d *decoder, in, wantErr string) {
	t.Helper()
	switch {
	case wantErr == "" && len(d.Problems) > 0:
		t.Errorf("%s: unexpected error %v", in, d.Problems)
	case wantErr != "" && len(d.Problems) != 1:
		t.Errorf("%s: got %d errors %v; want one containing %q", in, len(d.Problems), d.Problems, wantErr)
	case wantErr != "" && !strings.Contains(d.Problems[0].Msg, wantErr):
		t.Errorf("%s: error %q; want it to contain %q", in, d.Problems[0].Msg, wantErr)
	}
}

func TestMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    funding.Money
		wantErr string
	}{
		{in: "2157000", want: funding.Pounds(2157000)},
		{in: `"£2,157,000"`, want: funding.Pounds(2157000)},
		{in: "£451k", want: funding.Pounds(451000)},
		{in: "2157000.50", want: funding.Pence(215700050)},
		{in: "0", want: funding.Money{}},
		{in: `"-£75,000"`, wantErr: `"-£75,000": must not be negative`},
		{in: "-1", wantErr: `"-1": must not be negative`},
		{in: "0.005", wantErr: "amount has fractions of a penny"},
		{in: "1e6", wantErr: `"1e6": not an amount of money (write pounds like`},
		{in: "five", wantErr: `"five": not an amount of money`},
		{in: "[1]", wantErr: "want an amount of money"},
		{in: "~", wantErr: "no value given"},
	}
	for _, tt := range tests {
		d := &decoder{}
		got, ok := d.money(value(t, tt.in), "v", true)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") || (ok && !got.Equal(tt.want)) {
			t.Errorf("money(%s) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	// Where negative amounts are allowed, each positive case has its mirror.
	for _, in := range []string{"75000", "£451k", "2157000.50"} {
		d := &decoder{}
		pos, _ := d.money(value(t, in), "v", false)
		neg, ok := d.money(value(t, "-"+in), "v", false)
		if !ok || !neg.Equal(pos.Neg()) {
			t.Errorf("money(-%s) = %v, %v; want %v", in, neg, ok, pos.Neg())
		}
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		lo, hi  int64
		want    string // decimal, in percent
		wantErr string
	}{
		{in: "31%", hi: 100, want: "31"},
		{in: "2.5%", hi: 100, want: "2.5"},
		{in: "0%", hi: 100, want: "0"},
		{in: "100%", hi: 100, want: "100"},
		{in: "-1%", lo: -99, hi: 100, want: "-1"},
		{in: "-1%", hi: 100, wantErr: `"-1%" is out of range; want a percentage from 0% to 100%`},
		{in: "100.5%", hi: 100, wantErr: "is out of range"},
		{in: "31", hi: 100, wantErr: `"31": a percentage needs a % sign: write 31%`},
		{in: "0.31", hi: 100, wantErr: `write 31% if 0.31 is a fraction, or 0.31% if it is already in percent`},
		{in: "1e2%", hi: 100, wantErr: "not a percentage"},
		{in: "lots", hi: 100, wantErr: `want a percentage with a % sign, like 31%, got the text "lots"`},
		{in: "{a: 1}", hi: 100, wantErr: "got a mapping"},
	}
	for _, tt := range tests {
		d := &decoder{}
		got, ok := d.percent(value(t, tt.in), "v", tt.lo, tt.hi)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") || (ok && got.String() != tt.want) {
			t.Errorf("percent(%s) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
	d := &decoder{}
	if got, _ := d.fraction(value(t, "33.5%"), "v", 0, 100); got != 0.335 {
		t.Errorf("fraction(33.5%%) = %v; want 0.335", got)
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		positive bool
		want     funding.Duration
		wantErr  string
	}{
		{in: "5 years", want: funding.Duration{N: 5, Unit: funding.Years}},
		{in: "1 year", want: funding.Duration{N: 1, Unit: funding.Years}},
		{in: "6 Months", want: funding.Duration{N: 6, Unit: funding.Months}},
		{in: "0 days", want: funding.Duration{N: 0, Unit: funding.Days}},
		{in: "0 days", positive: true, wantErr: "must be longer than 0"},
		{in: "100 years", want: funding.Duration{N: 100, Unit: funding.Years}},
		{in: "101 years", wantErr: "too long"},
		{in: "5", wantErr: `"5" has no unit; write 5 days`},
		{in: "5 yeers", wantErr: `unknown unit "yeers"; did you mean "years"?`},
		{in: "5 fortnights", wantErr: `unknown unit "fortnights" (valid units: days, weeks, months, years)`},
		{in: "8 hours", wantErr: "hours are allowed only in distributions of short times"},
		{in: "1.5 years", wantErr: "whole number of years"},
		{in: "-2 years", wantErr: "want a number of at least 0 before the unit"},
		{in: "two years", wantErr: "want a number of at least 0 before the unit"},
		{in: "[5 years]", wantErr: "got a list"},
	}
	for _, tt := range tests {
		d := &decoder{}
		got, ok := d.duration(value(t, tt.in), "v", tt.positive)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") || got != tt.want {
			t.Errorf("duration(%s) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestDays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		short   bool
		want    float64
		wantErr string
	}{
		{in: "110 days", want: 110},
		{in: "2.5 days", want: 2.5},
		{in: "1 week", want: 7},
		{in: "2 months", want: 60.875}, // 2 x 365.25/12
		{in: "1 year", want: 365.25},
		{in: "45 minutes", short: true, want: 0.03125}, // 45/1440
		{in: "12 hours", short: true, want: 0.5},
		{in: "45 minutes", wantErr: "minutes are allowed only in distributions of short times"},
		{in: "30", wantErr: `"30" has no unit; write 30 days`},
		{in: "30", short: true, wantErr: "(units: days, weeks, months, years, minutes, hours)"},
		{in: "200 years", wantErr: "too long"},
	}
	for _, tt := range tests {
		d := &decoder{}
		got, ok := d.days(value(t, tt.in), "v", tt.short)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") || got != tt.want {
			t.Errorf("days(%s) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    float64
		wantErr string
	}{
		{in: "22", want: 22},
		{in: "0.5", want: 0.5},
		{in: "0", want: 0},
		{in: "1000", want: 1000},
		{in: "1000.5", wantErr: "1000.5 is out of range; want a number from 0 to 1000"},
		{in: "-0.5", wantErr: "-0.5 is out of range"},
		{in: ".inf", wantErr: "want a finite number"},
		{in: ".nan", wantErr: "want a finite number"},
		{in: `"22"`, wantErr: `want a number, got the text "22"`},
		{in: "true", wantErr: "want a number, got true (yes/no)"},
	}
	for _, tt := range tests {
		d := &decoder{}
		got, ok := d.number(value(t, tt.in), "v", 0, 1000)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") || got != tt.want {
			t.Errorf("number(%s) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	ints := []struct {
		in      string
		want    int
		wantErr string
	}{
		{in: "12", want: 12},
		{in: "0", want: 0},
		{in: "12.5", wantErr: "want a whole number written in digits"},
		{in: "101", wantErr: "101 is out of range; want a whole number from 0 to 100"},
		{in: "-1", wantErr: "-1 is out of range"},
		{in: "99999999999999999999", wantErr: "out of range"},
		{in: "twelve", wantErr: `want a whole number, got the text "twelve"`},
	}
	for _, tt := range ints {
		d := &decoder{}
		got, ok := d.integer(value(t, tt.in), "v", 0, 100)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") || got != tt.want {
			t.Errorf("integer(%s) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestDatesAndYears(t *testing.T) {
	t.Parallel()
	d := &decoder{}
	if got, ok := d.date(value(t, "2018-10-01"), "v"); !ok || got != funding.NewDate(2018, 10, 1) {
		t.Errorf("date(2018-10-01) = %v, %v", got, ok)
	}
	if got, ok := d.financialYear(value(t, "2018/19"), "v"); !ok || got != 2018 {
		t.Errorf("financialYear(2018/19) = %v, %v", got, ok)
	}
	oneError(t, d, "good dates", "")
	for _, in := range []string{"2018-13-01", "2018-02-29", "01/10/2018", "2018-1-1"} {
		d := &decoder{}
		d.date(value(t, in), "v")
		oneError(t, d, in, "not a date; want a date written YYYY-MM-DD")
	}
	for _, in := range []string{"2018/20", "18/19", "twenty"} {
		d := &decoder{}
		d.financialYear(value(t, in), "v")
		oneError(t, d, in, "not a financial year; want a financial year like 2018/19")
	}
}

func TestDistribution(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		short   bool
		want    lotting.Distribution
		wantErr string
	}{
		{in: "{fixed: 30 days}", want: lotting.FixedValue(30)},
		{in: "{exponential: {mean: 60 days}}", want: lotting.Distribution{Kind: lotting.Exponential, Mean: 60}},
		{in: "{gamma: {mean: 150 days, sd: 60 days}}", want: lotting.Distribution{Kind: lotting.Gamma, Mean: 150, SD: 60}},
		{in: "{lognormal: {mean: 45 minutes, sd: 0.5 hours}}", short: true,
			want: lotting.Distribution{Kind: lotting.Lognormal, Mean: 0.03125, SD: 0.5 / 24}},
		{in: "{uniform: {min: 1 week, max: 3 weeks}}", want: lotting.Distribution{Kind: lotting.Uniform, Min: 7, Max: 21}},
		{in: "{triangular: {min: 1 day, mode: 2 days, max: 4 days}}", want: lotting.Distribution{Kind: lotting.Triangular, Min: 1, Mode: 2, Max: 4}},
		{in: "{empirical: {values: [1 day, 1 week]}}", want: lotting.Distribution{Kind: lotting.Empirical, Values: []float64{1, 7}}},
		{in: "{empirical: {unit: weeks, values: [1, 2.5]}}", want: lotting.Distribution{Kind: lotting.Empirical, Values: []float64{7, 17.5}}},
		{in: "{normal: {mean: 1 day}}", wantErr: `unknown distribution "normal" (valid distributions: fixed, exponential`},
		{in: "{lognormall: {mean: 1 day}}", wantErr: `did you mean "lognormal"?`},
		{in: "{}", wantErr: "empty distribution"},
		{in: "{fixed: 1 day, exponential: {mean: 1 day}}", wantErr: "a distribution names one family; got 2 keys"},
		{in: "30 days", wantErr: `want a distribution, like {fixed: 30 days} or {lognormal: {mean: 110 days, sd: 40 days}}, got the text "30 days"`},
		{in: "{lognormal: {mean: 10 days}}", wantErr: `missing key "sd": the standard deviation`},
		{in: "{lognormal: {mean: 10 days, sd: 0 days}}", wantErr: "bad distribution: lognormal: sd must be a finite number above 0"},
		{in: "{uniform: {min: 3 days, max: 1 day}}", wantErr: "bad distribution: uniform: need 0 <= min < max"},
		{in: "{gamma: {mean: 10 days, sd: 2 days, shape: 3}}", wantErr: `unknown key "shape"`},
		{in: "{empirical: {values: []}}", wantErr: "an empirical distribution needs at least one value"},
		{in: "{empirical: {unit: fortnights, values: [1]}}", wantErr: `unknown unit "fortnights"`},
		{in: "{empirical: {unit: days, values: [1 day]}}", wantErr: "want a number of days of at least 0 (the unit is given once)"},
		{in: "{fixed: 10 minutes}", wantErr: "minutes are allowed only in distributions of short times"},
	}
	for _, tt := range tests {
		d := &decoder{}
		got, ok := d.distribution(value(t, tt.in), "v", tt.short)
		oneError(t, d, tt.in, tt.wantErr)
		if ok != (tt.wantErr == "") {
			t.Errorf("distribution(%s) ok = %v", tt.in, ok)
		}
		if ok {
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("distribution(%s) mismatch (-want +got):\n%s", tt.in, diff)
			}
		}
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 100)
	got := yamlnode.Quote(long)
	want := `"` + strings.Repeat("é", yamlnode.MaxQuoted) + `"...`
	if got != want {
		t.Errorf("yamlnode.Quote(100 runes) = %s; want %s", got, want)
	}
	if got := fmtFloat(1e6); got != "1000000" {
		t.Errorf("fmtFloat(1e6) = %s", got)
	}
}
