package scenario

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
)

// TestEarmarksReconcile checks, on every shipped scenario and every year of
// its pool, that each lot's earmarked and general money add up to its
// allocation to the penny, and the pool's earmarked and general money to
// the pool.
func TestEarmarksReconcile(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped scenarios: %v", err)
	}
	earmarked := 0
	for _, file := range files {
		s, err := LoadValid(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, y := range s.Pool.Years() {
			split, err := s.Earmarks(y)
			if err != nil {
				t.Fatalf("%s %s: %v", file, y, err)
			}
			alloc, _ := s.LotFunding(y)
			for i, l := range split.Lots {
				sum := l.General
				for _, f := range l.Earmarked {
					sum = sum.Add(f.Amount)
					earmarked++
				}
				if !sum.Equal(alloc.Parts[i]) || !l.Allocation.Equal(alloc.Parts[i]) {
					t.Errorf("%s %s lot %s: earmarked + general = %s, allocation %s", file, y, l.Lot, sum, alloc.Parts[i])
				}
				if l.General.IsNegative() {
					t.Errorf("%s %s lot %s: general money %s below £0", file, y, l.Lot, l.General)
				}
			}
			if got := split.Earmarked.Add(split.General); !got.Equal(s.Pool.Total(y)) {
				t.Errorf("%s %s: pool earmarked + general = %s, pool %s", file, y, got, s.Pool.Total(y))
			}
		}
	}
	if earmarked == 0 {
		t.Error("no shipped scenario earmarks money; essex-2025 should")
	}
}

// TestEssexEarmark checks the shipped Essex earmark against seed 004: the
// PFCC's £75,000 a year is all perpetrator work's.
func TestEssexEarmark(t *testing.T) {
	t.Parallel()
	s, err := LoadValid("../scenarios/essex-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	split, err := s.Earmarks(2025)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range split.Lots {
		if l.Lot != "Perpetrator services" {
			if len(l.Earmarked) != 0 {
				t.Errorf("lot %s has earmarked money %v; only the perpetrator lot should", l.Lot, l.Earmarked)
			}
			continue
		}
		want := funding.FunderMoney{Funder: "Essex PFCC (Community Safety Fund, perpetrator match-funding)", Amount: funding.Pounds(75000)}
		if len(l.Earmarked) != 1 || l.Earmarked[0].Funder != want.Funder || !l.Earmarked[0].Amount.Equal(want.Amount) {
			t.Errorf("perpetrator lot earmarked %v, want %v", l.Earmarked, want)
		}
		// By hand: the remainder is 100% - 9.7 - 24 - 22.5 - 29.4 - 8.5 =
		// 5.9% of £7,250,000 = £427,750, of which £75,000 is earmarked.
		if !l.General.Equal(funding.Pounds(352750)) {
			t.Errorf("perpetrator lot general money %s, want £352,750.00", l.General)
		}
	}
}

// TestValidateEarmarks checks Validate on scenarios built in Go: a
// shortfall and names that refer to nothing.
func TestValidateEarmarks(t *testing.T) {
	t.Parallel()
	base, err := LoadValid("../scenarios/essex-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const lot = "Perpetrator services" // the remainder, £427,750 in 2025/26
	tests := []struct {
		name     string
		earmarks []funding.Earmark
		want     error
		contains string
	}{
		{"met", []funding.Earmark{{Lot: lot, Amount: funding.Pounds(1)}}, nil, ""},
		{"unknown lot", []funding.Earmark{{Lot: "Nowhere", Amount: funding.Pounds(1)}}, ErrInvalidScenario, `unknown lot "Nowhere"`},
		{"unknown area", []funding.Earmark{{Area: "Nowhere", Amount: funding.Pounds(1)}}, ErrInvalidScenario, `unknown area "Nowhere"`},
		{"over the lot's money", []funding.Earmark{{Lot: lot, Share: ptr(pct("100"))}}, funding.ErrEarmarkShortfall, "raise the lot's allocation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := *base
			s.Pool.Funders = append([]funding.Funder(nil), base.Pool.Funders...)
			s.Pool.Funders[2].Earmarks = tt.earmarks // Essex County Council, £5,153,000 a year
			err := s.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("Validate() = %v, want %v mentioning %q", err, tt.want, tt.contains)
			}
		})
	}
}

// withdrawalYAML is a scenario whose earmark holds while every funder pays
// but not once the council's money at risk is withdrawn: Perpetrators get
// 15% of £600,000 = £90,000 against the PCC's £80,000, and 15% of the PCC's
// £100,000 alone, £15,000, without the council.
const withdrawalYAML = `
name: Withdrawal
base_year: 2024/25
areas: [North]
funders:
  - name: Council
    status: {at_risk: 10%}
    annual: {amount: "£500,000", from: 2024/25, to: 2025/26}
  - name: PCC
    annual: {amount: "£100,000", from: 2024/25, to: 2025/26}
    earmarks: [{lot: Perpetrators, amount: "£80,000"}]
contracts:
  - {name: Support, start: 2024-04-01, initial_term: 2 years}
lots:
  - name: Victims
    kind: community_victim_support
    allocation: {percent: 85%}
    service:
      caseworkers: {fte: 10, caseload_per_fte: 20, case_length: {fixed: 90 days}}
  - name: Perpetrators
    kind: perpetrator_programme
    allocation: remainder
    service:
      caseworkers: {fte: 1, caseload_per_fte: 8, case_length: {fixed: 26 weeks}}
demand:
  streams:
    - {area: North, client_group: victim, referrals_per_year: 600, risk_mix: {standard: 100%}}
    - {area: North, client_group: perpetrator, referrals_per_year: 10, risk_mix: {standard: 100%}}
routing:
  - {client_groups: [victim], lot: Victims}
  - {client_groups: [perpetrator], lot: Perpetrators}
`

// TestEarmarksUnderWithdrawal: the earmark is checked in every outcome the
// simulation draws, not only with every funder paying.
func TestEarmarksUnderWithdrawal(t *testing.T) {
	t.Parallel()
	s, err := Parse("withdrawal.yaml", []byte(withdrawalYAML))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if sf := s.EarmarkShortfalls(); sf != nil {
		t.Fatalf("shortfalls with every funder paying: %v", sf)
	}
	err = s.Validate()
	if !errors.Is(err, ErrCannotSimulate) || !errors.Is(err, funding.ErrEarmarkShortfall) ||
		!strings.Contains(err.Error(), "without the money at risk of Council") || !strings.Contains(err.Error(), "£15,000.00") {
		t.Errorf("Validate() = %v, want the shortfall without the council's money (£15,000 against £80,000)", err)
	}
	// Confirmed, the council's money cannot go, and the scenario is valid.
	s.Pool.Funders[0].Status = funding.Status{}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate() with the council confirmed = %v", err)
	}
}
