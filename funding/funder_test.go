package funding

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func pct(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func TestFunderContribution(t *testing.T) {
	t.Parallel()
	yearly := []Contribution{{2022, Pounds(100)}, {2023, Pounds(110)}, {2024, Pounds(120)}}
	tests := []struct {
		name   string
		status Status
		year   FinancialYear
		want   Money
		reason string
	}{
		{"listed year", Status{}, 2023, Pounds(110), ""},
		{"unlisted year", Status{}, 2021, Money{}, ""},
		{"at risk still counts", Status{Kind: AtRisk, WithdrawalProbability: 0.1}, 2024, Pounds(120), "risk is drawn by the simulation"},
		{"stopping, before", Status{Kind: Stopping, StopsFrom: 2024}, 2023, Pounds(110), ""},
		{"stopping, from", Status{Kind: Stopping, StopsFrom: 2024}, 2024, Money{}, "listed, but stopped"},
		{"stopping, after", Status{Kind: Stopping, StopsFrom: 2023}, 2024, Money{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := Funder{Name: "PFCC", Contributions: yearly, Status: tt.status}
			if diff := cmp.Diff(tt.want, f.Contribution(tt.year)); diff != "" {
				t.Errorf("Contribution(%v) mismatch (-want +got):\n%s", tt.year, diff)
			}
		})
	}
	dup := Funder{Contributions: []Contribution{{2022, Pounds(1)}, {2022, Pounds(2)}}}
	if got := dup.Contribution(2022); !got.Equal(Pounds(3)) {
		t.Errorf("duplicate year Contribution = %v; want £3.00, the sum", got)
	}
}

func TestFunderValidate(t *testing.T) {
	t.Parallel()
	ok := []Contribution{{2018, Pounds(670490)}}
	tests := []struct {
		name    string
		in      Funder
		wantErr []error
	}{
		{"valid", Funder{Name: "A", Contributions: ok, StatedShare: pct("31")}, nil},
		{"valid at risk", Funder{Name: "A", Contributions: ok, Status: Status{Kind: AtRisk, WithdrawalProbability: 1}}, nil},
		{"valid stopping", Funder{Name: "A", Contributions: ok, Status: Status{Kind: Stopping, StopsFrom: 2024}}, nil},
		{"valid zero contribution", Funder{Name: "A", Contributions: []Contribution{{2018, Money{}}}}, nil},
		{"negative", Funder{Contributions: []Contribution{{2018, Pounds(-1)}}}, []error{ErrNegativeContribution}},
		{"duplicate year", Funder{Contributions: []Contribution{{2018, Pounds(1)}, {2018, Pounds(1)}}}, []error{ErrDuplicateYear}},
		{"probability over 1", Funder{Status: Status{Kind: AtRisk, WithdrawalProbability: 10}}, []error{ErrBadStatus}},
		{"probability negative", Funder{Status: Status{Kind: AtRisk, WithdrawalProbability: -0.1}}, []error{ErrBadStatus}},
		{"probability NaN", Funder{Status: Status{Kind: AtRisk, WithdrawalProbability: math.NaN()}}, []error{ErrBadStatus}},
		{"stopping without year", Funder{Status: Status{Kind: Stopping}}, []error{ErrBadStatus}},
		{"unknown status", Funder{Status: Status{Kind: 7}}, []error{ErrBadStatus}},
		{"share over 100", Funder{StatedShare: pct("101")}, []error{ErrBadShare}},
		{"share negative", Funder{StatedShare: pct("-1")}, []error{ErrBadShare}},
		{"all reported", Funder{
			Contributions: []Contribution{{2018, Pounds(-1)}, {2018, Pounds(1)}},
			StatedShare:   pct("150"),
		}, []error{ErrNegativeContribution, ErrDuplicateYear, ErrBadShare}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.in.Validate()
			checkErrors(t, err, tt.wantErr)
		})
	}
}

// checkErrors checks that err joins exactly the errors in want, in order,
// each wrapping its sentinel and carrying the package prefix.
func checkErrors(t *testing.T, err error, want []error) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error; want %v", want)
	}
	got := unjoin(err)
	if len(got) != len(want) {
		t.Fatalf("got %d errors %v; want %d wrapping %v", len(got), err, len(want), want)
	}
	for i := range want {
		if !errors.Is(got[i], want[i]) {
			t.Errorf("error %d = %v; want it to wrap %v", i, got[i], want[i])
		}
	}
}

func TestStatusKindString(t *testing.T) {
	t.Parallel()
	got := []string{Confirmed.String(), AtRisk.String(), Stopping.String(), StatusKind(9).String()}
	want := []string{"confirmed", "at_risk", "stopping", "StatusKind(9)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
