package funding

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// staffordshire returns the Staffordshire and Stoke-on-Trent pool for
// 2018/19 as seed 001 states it: contributions £670,490, £1,015,483 and
// £544,997 with stated shares 31%, 47% and 22%.
func staffordshire() Pool {
	return Pool{Funders: []Funder{
		{Name: "Staffordshire County Council", Contributions: []Contribution{{2018, Pounds(670490)}}, StatedShare: pct("31")},
		{Name: "Staffordshire Commissioner's Office", Lead: true, Contributions: []Contribution{{2018, Pounds(1015483)}}, StatedShare: pct("47")},
		{Name: "Stoke-on-Trent City Council", Contributions: []Contribution{{2018, Pounds(544997)}}, StatedShare: pct("22")},
	}}
}

func TestPoolTotalAndShares(t *testing.T) {
	t.Parallel()
	p := staffordshire()
	// 670,490 + 1,015,483 + 544,997 = 2,230,970 (not the stated 2,157,000).
	if diff := cmp.Diff(Pounds(2230970), p.Total(2018)); diff != "" {
		t.Errorf("Total(2018/19) mismatch (-want +got):\n%s", diff)
	}
	if got := p.Total(2019); !got.IsZero() {
		t.Errorf("Total(2019/20) = %v; want £0.00", got)
	}
	// Shares of the sum, by hand: 670,490 / 2,230,970 = 30.0537...%,
	// 1,015,483 / 2,230,970 = 45.5173...%, 544,997 / 2,230,970 = 24.4290...%.
	tests := []struct {
		funder int
		want   Share
		pct2   string
		pct0   string
	}{
		{0, Share{Pounds(670490), Pounds(2230970)}, "30.05", "30"},
		{1, Share{Pounds(1015483), Pounds(2230970)}, "45.52", "46"},
		{2, Share{Pounds(544997), Pounds(2230970)}, "24.43", "24"},
	}
	for _, tt := range tests {
		got := p.Share(tt.funder, 2018)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Share(%d) mismatch (-want +got):\n%s", tt.funder, diff)
		}
		if got := got.Percent(2); !got.Equal(dec(tt.pct2)) {
			t.Errorf("Share(%d).Percent(2) = %s; want %s", tt.funder, got, tt.pct2)
		}
		if got := got.Percent(0); !got.Equal(dec(tt.pct0)) {
			t.Errorf("Share(%d).Percent(0) = %s; want %s", tt.funder, got, tt.pct0)
		}
	}
	if got := p.Share(0, 2019).Percent(2); !got.IsZero() {
		t.Errorf("share of an empty year = %s; want 0", got)
	}
	if got, want := p.Share(0, 2018).String(), "£670,490.00 of £2,230,970.00 (30.05%)"; got != want {
		t.Errorf("Share.String() = %q; want %q", got, want)
	}
}

func TestSharePercentRounding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s      Share
		places int32
		want   string
		reason string
	}{
		{Share{Pounds(1), Pounds(8)}, 1, "12.5", "exactly 12.5"},
		{Share{Pounds(1), Pounds(8)}, 0, "12", "12.5: half to even"},
		{Share{Pounds(3), Pounds(8)}, 0, "38", "37.5: half to even"},
		{Share{Pounds(1), Pounds(3)}, 4, "33.3333", ""},
		{Share{Pounds(2), Pounds(3)}, 0, "67", ""},
	}
	for _, tt := range tests {
		if got := tt.s.Percent(tt.places); !got.Equal(dec(tt.want)) {
			t.Errorf("%v.Percent(%d) = %s; want %s (%s)", tt.s, tt.places, got, tt.want, tt.reason)
		}
	}
	a, b := Share{Pounds(1), Pounds(2)}, Share{Pence(100), FromDecimal(decimal.RequireFromString("2.0"))}
	if !a.Equal(b) || a.Equal(Share{Pounds(1), Pounds(3)}) || a.Equal(Share{Pounds(2), Pounds(2)}) {
		t.Error("Share.Equal wrong")
	}
}

func TestPoolYearsAndAtRisk(t *testing.T) {
	t.Parallel()
	// Southend, Essex and Thurrock (seed 004): the PFCC's £451,000 a year
	// from a Ministry of Justice grant not confirmed for 2024/25, and
	// £75,000 a year of perpetrator match-funding.
	p := Pool{Funders: []Funder{
		{Name: "PFCC Victims Fund", Status: Status{Kind: AtRisk, WithdrawalProbability: 0.1},
			Contributions: []Contribution{{2024, Pounds(451000)}, {2023, Pounds(451000)}}},
		{Name: "PFCC perpetrator match-funding", Contributions: []Contribution{{2023, Pounds(75000)}, {2024, Pounds(75000)}}},
		{Name: "West Midlands PCC", Status: Status{Kind: Stopping, StopsFrom: 2024},
			Contributions: []Contribution{{2022, Pounds(40000)}, {2023, Pounds(40000)}, {2024, Pounds(40000)}}},
	}}
	if diff := cmp.Diff([]FinancialYear{2022, 2023, 2024}, p.Years()); diff != "" {
		t.Errorf("Years mismatch (-want +got):\n%s", diff)
	}
	tests := []struct {
		year          FinancialYear
		total, atRisk Money
		reason        string
	}{
		{2022, Pounds(40000), Money{}, ""},
		{2023, Pounds(566000), Pounds(451000), "451,000 + 75,000 + 40,000"},
		{2024, Pounds(526000), Pounds(451000), "the stopping funder gives nothing from 2024/25"},
		{2025, Money{}, Money{}, ""},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.total, p.Total(tt.year)); diff != "" {
			t.Errorf("Total(%v) mismatch (-want +got):\n%s", tt.year, diff)
		}
		if diff := cmp.Diff(tt.atRisk, p.AtRisk(tt.year)); diff != "" {
			t.Errorf("AtRisk(%v) mismatch (-want +got):\n%s", tt.year, diff)
		}
	}
	if got := (Pool{}).Years(); len(got) != 0 {
		t.Errorf("empty pool Years = %v", got)
	}
}

func TestPoolValidate(t *testing.T) {
	t.Parallel()
	good := staffordshire()
	tests := []struct {
		name     string
		in       Pool
		wantErr  []error
		contains string
	}{
		{name: "Staffordshire", in: good},
		{name: "no funders", in: Pool{}, wantErr: []error{ErrNoFunders}},
		{name: "no name", in: Pool{Funders: []Funder{{}}}, wantErr: []error{ErrFunderName}},
		{name: "duplicate name", in: Pool{Funders: []Funder{{Name: "A"}, {Name: "B"}, {Name: "A"}}},
			wantErr: []error{ErrFunderName}, contains: `funders[2]: funding: funder names must be present and unique: "A" is also funders[0]`},
		{name: "funder problems, with position and name", in: Pool{Funders: []Funder{
			{Name: "A"},
			{Name: "B", Contributions: []Contribution{{2018, Pounds(-5)}, {2018, Pounds(5)}}},
		}}, wantErr: []error{ErrNegativeContribution, ErrDuplicateYear}, contains: `funders[1] ("B"): contributions[0] (2018/19): funding: negative contribution: -£5.00`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.in.Validate()
			checkErrors(t, err, tt.wantErr)
			if tt.contains != "" && !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
		})
	}
}
