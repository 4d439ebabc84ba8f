package funding

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Duration
		wantErr error
	}{
		{in: "5 years", want: Duration{5, Years}},
		{in: "1 year", want: Duration{1, Years}},
		{in: "24 months", want: Duration{24, Months}},
		{in: "1 month", want: Duration{1, Months}},
		{in: "22 weeks", want: Duration{22, Weeks}, wantErr: nil},
		{in: "110 days", want: Duration{110, Days}},
		{in: "1 Day", want: Duration{1, Days}},
		{in: "  2   YEARS ", want: Duration{2, Years}},
		{in: "0 days", want: Duration{0, Days}},
		{in: "24", wantErr: ErrDurationSyntax},
		{in: "years", wantErr: ErrDurationSyntax},
		{in: "-1 years", wantErr: ErrDurationSyntax},
		{in: "1.5 years", wantErr: ErrDurationSyntax},
		{in: "2 fortnights", wantErr: ErrDurationSyntax},
		{in: "2 years ago", wantErr: ErrDurationSyntax},
		{in: "2years", wantErr: ErrDurationSyntax},
		{in: "", wantErr: ErrDurationSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDuration(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseDuration(%q) error = %v; want %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDuration(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDurationMethods(t *testing.T) {
	t.Parallel()
	start := NewDate(2018, 10, 1)
	type result struct {
		String string
		From   Date
		Months int
		Whole  bool
		Days   float64
		IsZero bool
	}
	tests := []struct {
		in     Duration
		want   result
		reason string
	}{
		{Duration{2, Years}, result{"2 years", NewDate(2020, 10, 1), 24, true, 730.5, false}, "2 × 365.25"},
		{Duration{1, Years}, result{"1 year", NewDate(2019, 10, 1), 12, true, 365.25, false}, ""},
		{Duration{6, Months}, result{"6 months", NewDate(2019, 4, 1), 6, true, 182.625, false}, "6 × 365.25 / 12"},
		{Duration{1, Months}, result{"1 month", NewDate(2018, 11, 1), 1, true, 30.4375, false}, "365.25 / 12"},
		{Duration{3, Weeks}, result{"3 weeks", NewDate(2018, 10, 22), 0, false, 21, false}, ""},
		{Duration{110, Days}, result{"110 days", NewDate(2019, 1, 19), 0, false, 110, false}, "30 left in Oct, 30 Nov, 31 Dec, 19 Jan"},
		{Duration{0, Years}, result{"0 years", start, 0, true, 0, true}, ""},
		{Duration{}, result{"0 ?", start, 0, false, 0, true}, "no unit"},
		{Duration{-12, Months}, result{"-12 months", NewDate(2017, 10, 1), -12, true, -365.25, false}, "negative lengths subtract"},
	}
	for _, tt := range tests {
		t.Run(tt.want.String, func(t *testing.T) {
			t.Parallel()
			m, ok := tt.in.Months()
			got := result{tt.in.String(), tt.in.From(start), m, ok, tt.in.ApproxDays(), tt.in.IsZero()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%#v mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDurationText(t *testing.T) {
	t.Parallel()
	d := Duration{24, Months}
	b, err := d.MarshalText()
	if err != nil || string(b) != "24 months" {
		t.Fatalf("MarshalText = %q, %v", b, err)
	}
	var back Duration
	if err := back.UnmarshalText(b); err != nil || back != d {
		t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, d)
	}
	if err := back.UnmarshalText([]byte("24")); !errors.Is(err, ErrDurationSyntax) {
		t.Errorf("UnmarshalText(24) error = %v; want ErrDurationSyntax", err)
	}
	if got := MustParseDuration("5 years"); got != (Duration{5, Years}) {
		t.Errorf("MustParseDuration = %v", got)
	}
	if got := []string{Days.String(), Weeks.String(), Months.String(), Years.String(), Unit(9).String()}; !cmp.Equal(got, []string{"days", "weeks", "months", "years", "Unit(9)"}) {
		t.Errorf("Unit names = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParseDuration(\"5\") did not panic")
		}
	}()
	MustParseDuration("5")
}
