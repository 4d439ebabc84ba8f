package funding

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    Date
		wantErr error
	}{
		{name: "contract start", in: "2018-10-01", want: NewDate(2018, time.October, 1)},
		{name: "spaces", in: " 2023-09-30 ", want: NewDate(2023, time.September, 30)},
		{name: "leap day", in: "2020-02-29", want: NewDate(2020, time.February, 29)},
		{name: "no leap day", in: "2021-02-29", wantErr: ErrDateSyntax},
		{name: "UK order", in: "30/09/2023", wantErr: ErrDateSyntax},
		{name: "no padding", in: "2018-10-1", wantErr: ErrDateSyntax},
		{name: "month 13", in: "2018-13-01", wantErr: ErrDateSyntax},
		{name: "with time", in: "2018-10-01T00:00:00Z", wantErr: ErrDateSyntax},
		{name: "empty", in: "", wantErr: ErrDateSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDate(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseDate(%q) error = %v; want %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDate(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestNewDatePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewDate(2023, February, 30) did not panic")
		}
	}()
	NewDate(2023, time.February, 30)
}

func TestDateText(t *testing.T) {
	t.Parallel()
	d := NewDate(2018, time.October, 1)
	b, err := d.MarshalText()
	if err != nil || string(b) != "2018-10-01" {
		t.Fatalf("MarshalText = %q, %v; want 2018-10-01", b, err)
	}
	var back Date
	if err := back.UnmarshalText(b); err != nil || back != d {
		t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, d)
	}
	if err := back.UnmarshalText([]byte("2018-02-30")); !errors.Is(err, ErrDateSyntax) {
		t.Errorf("UnmarshalText(2018-02-30) error = %v; want ErrDateSyntax", err)
	}
	if got := DateOf(time.Date(2018, 10, 1, 23, 59, 0, 0, time.UTC)); got != d {
		t.Errorf("DateOf = %v; want %v", got, d)
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	d := func(s string) Date {
		v, err := ParseDate(s)
		if err != nil {
			panic(err)
		}
		return v
	}
	tests := []struct {
		name      string
		got, want Date
		reason    string
	}{
		{"AddDays forward", d("2020-09-30").AddDays(1), d("2020-10-01"), ""},
		{"AddDays back over a year", d("2019-01-01").AddDays(-1), d("2018-12-31"), ""},
		{"AddDays over a leap day", d("2020-02-28").AddDays(2), d("2020-03-01"), ""},
		{"AddMonths two years", d("2018-10-01").AddMonths(24), d("2020-10-01"), ""},
		{"AddMonths clamps", d("2019-01-31").AddMonths(1), d("2019-02-28"), "no 31 February"},
		{"AddMonths clamps to leap day", d("2020-01-31").AddMonths(1), d("2020-02-29"), ""},
		{"AddMonths back", d("2018-03-31").AddMonths(-1), d("2018-02-28"), ""},
		{"AddMonths back over a year", d("2018-01-15").AddMonths(-13), d("2016-12-15"), ""},
		{"AddMonths back from January", d("2018-01-15").AddMonths(-1), d("2017-12-15"), ""},
		{"AddMonths zero", d("2018-01-15").AddMonths(0), d("2018-01-15"), ""},
		{"AddMonths twelve back", d("2023-09-30").AddMonths(-12), d("2022-09-30"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDateCompare(t *testing.T) {
	t.Parallel()
	a, b := NewDate(2020, 9, 30), NewDate(2020, 10, 1)
	tests := []struct {
		name      string
		got, want bool
	}{
		{"Before", a.Before(b), true},
		{"Before mirrored", b.Before(a), false},
		{"After", b.After(a), true},
		{"After mirrored", a.After(b), false},
		{"Before itself", a.Before(a), false},
		{"Equal", a.Equal(NewDate(2020, 9, 30)), true},
		{"Equal mirrored", a.Equal(b), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v; want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestDaysSince(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		to, from Date
		want     int
		reason   string
	}{
		{"contract year", NewDate(2019, 10, 1), NewDate(2018, 10, 1), 365, ""},
		{"leap contract year", NewDate(2020, 10, 1), NewDate(2019, 10, 1), 366, "includes 29 Feb 2020"},
		{"same day", NewDate(2019, 10, 1), NewDate(2019, 10, 1), 0, ""},
		{"whole calendar", NewDate(9999, 12, 31), NewDate(1, 1, 1), 3652058, "9999 years: beyond time.Duration's 292"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.to.DaysSince(tt.from); got != tt.want {
				t.Errorf("%v.DaysSince(%v) = %d; want %d", tt.to, tt.from, got, tt.want)
			}
			if got := tt.from.DaysSince(tt.to); got != -tt.want {
				t.Errorf("%v.DaysSince(%v) = %d; want %d", tt.from, tt.to, got, -tt.want)
			}
		})
	}
}

func TestParseFinancialYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    FinancialYear
		wantErr error
	}{
		{in: "2018/19", want: 2018},
		{in: "2018-19", want: 2018},
		{in: "2018/2019", want: 2018},
		{in: "2018-2019", want: 2018},
		{in: "2018", want: 2018},
		{in: " 2024/25 ", want: 2024},
		{in: "2099/00", want: 2099},
		{in: "2018/20", wantErr: ErrFinancialYearSyntax},
		{in: "2018/2020", wantErr: ErrFinancialYearSyntax},
		{in: "18/19", wantErr: ErrFinancialYearSyntax},
		{in: "2018/1", wantErr: ErrFinancialYearSyntax},
		{in: "1899", wantErr: ErrFinancialYearSyntax},
		{in: "FY18", wantErr: ErrFinancialYearSyntax},
		{in: "", wantErr: ErrFinancialYearSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFinancialYear(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("ParseFinancialYear(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestFinancialYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		date Date
		want FinancialYear
	}{
		{NewDate(2019, 3, 31), 2018},
		{NewDate(2019, 4, 1), 2019},
		{NewDate(2019, 1, 1), 2018},
		{NewDate(2018, 10, 1), 2018},
		{NewDate(2019, 12, 31), 2019},
	}
	for _, tt := range tests {
		if got := FinancialYearOf(tt.date); got != tt.want {
			t.Errorf("FinancialYearOf(%v) = %v; want %v", tt.date, got, tt.want)
		}
	}
	y := FinancialYear(2018)
	got := []string{y.String(), y.Start().String(), y.End().String(), FinancialYear(2099).String()}
	want := []string{"2018/19", "2018-04-01", "2019-03-31", "2099/00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("String, Start, End mismatch (-want +got):\n%s", diff)
	}
	b, _ := y.MarshalText()
	var back FinancialYear
	if err := back.UnmarshalText(b); err != nil || back != y {
		t.Errorf("text round trip of %v = %v, %v", y, back, err)
	}
	if err := back.UnmarshalText([]byte("2018/20")); !errors.Is(err, ErrFinancialYearSyntax) {
		t.Errorf("UnmarshalText(2018/20) error = %v", err)
	}
}

// TestDateCompareFast checks the field-by-field comparison of Before and
// After against time.Time's over every day of four years around a leap
// year and a century, and for dates time.Date would normalise.
func TestDateCompareFast(t *testing.T) {
	t.Parallel()
	var days []Date
	for _, y := range []int{1899, 1900, 2023, 2024} {
		for m := time.January; m <= time.December; m++ {
			for d := 0; d <= 32; d++ {
				days = append(days, Date{y, m, d})
			}
		}
	}
	days = append(days, Date{}, Date{2024, 0, 5}, Date{2024, 13, 1}, Date{-5, 3, 1})
	for _, a := range days {
		if a.real() != (a.Month >= time.January && a.Month <= time.December && a.Day >= 1 && a.Day <= daysIn(a.Year, a.Month)) {
			t.Errorf("%+v: real() = %v, disagrees with valid", a, a.real())
		}
		for _, b := range []Date{{2024, 2, 29}, {2024, 3, 1}, {1900, 2, 28}, {1900, 3, 1}, {2023, 12, 31}, {}, {2024, 2, 30}} {
			if got, want := a.Before(b), a.Time().Before(b.Time()); got != want {
				t.Errorf("%+v.Before(%+v) = %v, want %v", a, b, got, want)
			}
			if got, want := a.After(b), a.Time().After(b.Time()); got != want {
				t.Errorf("%+v.After(%+v) = %v, want %v", a, b, got, want)
			}
		}
	}
}
