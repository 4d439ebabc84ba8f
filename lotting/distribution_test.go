package lotting

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDistributionValidate(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name    string
		in      Distribution
		wantErr bool
		reason  string
	}{
		{name: "fixed", in: FixedValue(30)},
		{name: "fixed zero", in: FixedValue(0), reason: "a fixed zero is a distribution; callers that need a positive mean check it"},
		{name: "fixed negative", in: FixedValue(-1), wantErr: true},
		{name: "fixed NaN", in: FixedValue(nan), wantErr: true},
		{name: "exponential", in: Distribution{Kind: Exponential, Mean: 60}},
		{name: "exponential zero mean", in: Distribution{Kind: Exponential}, wantErr: true},
		{name: "exponential infinite mean", in: Distribution{Kind: Exponential, Mean: inf}, wantErr: true},
		{name: "gamma", in: Distribution{Kind: Gamma, Mean: 150, SD: 60}},
		{name: "gamma without sd", in: Distribution{Kind: Gamma, Mean: 150}, wantErr: true, reason: "use fixed for no spread"},
		{name: "lognormal", in: Distribution{Kind: Lognormal, Mean: 110, SD: 40}},
		{name: "lognormal negative sd", in: Distribution{Kind: Lognormal, Mean: 110, SD: -40}, wantErr: true},
		{name: "lognormal zero mean", in: Distribution{Kind: Lognormal, SD: 40}, wantErr: true},
		{name: "uniform", in: Distribution{Kind: Uniform, Min: 10, Max: 20}},
		{name: "uniform empty", in: Distribution{Kind: Uniform, Min: 20, Max: 20}, wantErr: true},
		{name: "uniform reversed", in: Distribution{Kind: Uniform, Min: 20, Max: 10}, wantErr: true},
		{name: "uniform below zero", in: Distribution{Kind: Uniform, Min: -1, Max: 10}, wantErr: true},
		{name: "triangular", in: Distribution{Kind: Triangular, Min: 0, Mode: 5, Max: 20}},
		{name: "triangular mode at an end", in: Distribution{Kind: Triangular, Min: 0, Mode: 20, Max: 20}},
		{name: "triangular mode outside", in: Distribution{Kind: Triangular, Min: 0, Mode: 25, Max: 20}, wantErr: true},
		{name: "empirical", in: Distribution{Kind: Empirical, Values: []float64{30, 60}}},
		{name: "empirical empty", in: Distribution{Kind: Empirical}, wantErr: true},
		{name: "empirical negative value", in: Distribution{Kind: Empirical, Values: []float64{30, -1}}, wantErr: true},
		{name: "zero value", in: Distribution{}, wantErr: true, reason: "the zero Distribution has no kind"},
		{name: "unknown kind", in: Distribution{Kind: 99, Mean: 1}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.in.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate(%+v) = %v, want error %v (%s)", tt.in, err, tt.wantErr, tt.reason)
			}
			if err != nil && !errors.Is(err, ErrBadDistribution) {
				t.Errorf("error %v does not wrap ErrBadDistribution", err)
			}
			if got := tt.in.Expected(); tt.wantErr != math.IsNaN(got) {
				t.Errorf("Expected() = %v; want NaN exactly when invalid", got)
			}
		})
	}
}

func TestDistributionKindMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   Distribution
		want string
	}{
		{Distribution{}, "lotting: bad distribution: no kind given (want one of fixed, exponential, gamma, lognormal, uniform, triangular, empirical)"},
		{Distribution{Kind: 99}, "lotting: bad distribution: unknown kind 99 (want one of fixed, exponential, gamma, lognormal, uniform, triangular, empirical)"},
		{Distribution{Kind: Triangular, Min: 0, Mode: 25, Max: 20}, "lotting: bad distribution: triangular: need 0 <= min <= mode <= max and min < max, got min 0, mode 25, max 20"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.in.Validate().Error()); diff != "" {
			t.Errorf("Validate() message (-want +got)\n%s", diff)
		}
	}
}

func TestDistributionExpected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Distribution
		want float64
	}{
		{"fixed", FixedValue(30), 30},
		{"exponential", Distribution{Kind: Exponential, Mean: 60}, 60},
		{"gamma mean, not shape x scale of the sd", Distribution{Kind: Gamma, Mean: 150, SD: 60}, 150},
		{"lognormal mean of the value", Distribution{Kind: Lognormal, Mean: 110, SD: 40}, 110},
		{"uniform midpoint (10+20)/2", Distribution{Kind: Uniform, Min: 10, Max: 20}, 15},
		{"triangular (0+5+22)/3", Distribution{Kind: Triangular, Min: 0, Mode: 5, Max: 22}, 9},
		{"empirical (30+60+90)/3", Distribution{Kind: Empirical, Values: []float64{30, 60, 90}}, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.in.Expected(), approx); diff != "" {
				t.Errorf("Expected() (-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseDistKind(t *testing.T) {
	t.Parallel()
	for _, n := range DistKindNames() {
		k, ok := ParseDistKind(n)
		if !ok || k.String() != n {
			t.Errorf("ParseDistKind(%q) = %v, %v", n, k, ok)
		}
	}
	for _, bad := range []string{"", "normal", "Gamma", "log-normal"} {
		if k, ok := ParseDistKind(bad); ok {
			t.Errorf("ParseDistKind(%q) = %v, true; want false", bad, k)
		}
	}
	if got := DistKind(0).String(); got != "DistKind(0)" {
		t.Errorf("DistKind(0).String() = %q", got)
	}
	if diff := cmp.Diff([]string{"fixed", "exponential", "gamma", "lognormal", "uniform", "triangular", "empirical"}, DistKindNames()); diff != "" {
		t.Errorf("DistKindNames() (-want +got)\n%s", diff)
	}
}
