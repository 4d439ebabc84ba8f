package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/broken")

// Helpers for writing expected values briefly.
func fy(y int) funding.FinancialYear { return funding.FinancialYear(y) }

func date(y int, m time.Month, d int) funding.Date { return funding.NewDate(y, m, d) }

func pounds(s string) funding.Money { return funding.MustParseMoney(s) }

func pct(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ptr[T any](v T) *T { return &v }

func dur(s string) funding.Duration { return funding.MustParseDuration(s) }

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestParseValid decodes each valid scenario and compares every value with
// one written out by hand from the file.
func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want func(data []byte) *Scenario
	}{
		{"testdata/valid/minimal.yaml", wantMinimal},
		{"testdata/valid/full.yaml", wantFull},
		{"testdata/valid/inherited.yaml", wantInherited},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			t.Parallel()
			data := readFile(t, tt.file)
			got, err := Parse(tt.file, data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !bytes.Equal(got.data, data) {
				t.Errorf("Parse(%s) did not keep the file's bytes", tt.file)
			}
			if diff := cmp.Diff(tt.want(data), got, cmpopts.IgnoreUnexported(Scenario{})); diff != "" {
				t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func wantMinimal(data []byte) *Scenario {
	return &Scenario{
		File:     "testdata/valid/minimal.yaml",
		SHA256:   digest(data),
		Name:     "Minimal",
		BaseYear: fy(2024),
		Pool: funding.Pool{Funders: []funding.Funder{{
			Name:          "Northshire Council",
			Contributions: []funding.Contribution{{Year: fy(2024), Amount: pounds("500000")}},
		}}},
		Contracts: []Contract{{
			Name:  "Support",
			Terms: funding.Terms{Start: date(2024, time.April, 1), Initial: dur("3 years")},
		}},
		Structure: lotting.Structure{
			Areas: []string{"Northshire"},
			Lots: []lotting.Lot{{
				Name:       "Victims",
				Kind:       lotting.KindCommunityVictimSupport,
				Contract:   "Support", // the only contract, by default
				Allocation: funding.AllocationRule{Name: "Victims", Method: funding.Remainder},
				Service: lotting.ServiceModel{Caseworkers: &lotting.Caseworkers{
					FTE: 10, CaseloadPerFTE: 20, CaseLength: lotting.FixedValue(90),
				}},
			}},
			Rules: []lotting.Rule{{Lot: "Victims"}},
		},
		Demand: lotting.Demand{Streams: []lotting.Stream{{
			Area: "Northshire", Group: lotting.Victim, PerYear: 800,
			RiskMix: map[lotting.Risk]float64{lotting.Standard: 1},
		}}},
	}
}

func wantFull(data []byte) *Scenario {
	// A month is 365.25/12 = 30.4375 days and a year 365.25 days
	// (funding.DaysPerYear); these are exact in binary.
	const month = 30.4375
	victimMix := map[lotting.Risk]float64{lotting.Standard: 0.6, lotting.Medium: 0.3, lotting.High: 0.1}
	return &Scenario{
		File:        "testdata/valid/full.yaml",
		SHA256:      digest(data),
		Name:        "Westshire partnership, 2025 recommissioning",
		Description: "Three funders pool money for a front door, victim support by area, IDVAs, a perpetrator programme, early help and refuge.",
		BaseYear:    fy(2024),
		Pool: funding.Pool{Funders: []funding.Funder{
			{
				Name: "Westshire PFCC", Source: "Victims Fund", Lead: true,
				StatedShare: ptr(pct("60")),
				Status:      funding.Status{Kind: funding.AtRisk, WithdrawalProbability: 0.1},
				Contributions: []funding.Contribution{
					{Year: fy(2024), Amount: pounds("451000")},
					{Year: fy(2025), Amount: pounds("451000")},
					{Year: fy(2026), Amount: pounds("451000")},
				},
			},
			{
				Name:        "Westshire County Council",
				StatedShare: ptr(pct("30")),
				Contributions: []funding.Contribution{
					{Year: fy(2024), Amount: pounds("225000")},
					{Year: fy(2025), Amount: funding.Pence(22500050)},
					{Year: fy(2026), Amount: pounds("230000")},
				},
			},
			{
				Name:   "Probation",
				Status: funding.Status{Kind: funding.Stopping, StopsFrom: fy(2026)},
				Contributions: []funding.Contribution{
					{Year: fy(2024), Amount: pounds("75000")},
					{Year: fy(2025), Amount: pounds("75000")},
				},
			},
		}},
		Stated: funding.Stated{AnnualTotal: ptr(pounds("751000")), Year: fy(2024)},
		Inflation: funding.Inflation{
			Default: pct("2"),
			Rates:   map[funding.FinancialYear]decimal.Decimal{fy(2024): pct("2.5"), fy(2025): pct("1.8")},
		},
		Contracts: []Contract{
			{
				Name: "Front door",
				Terms: funding.Terms{
					Start:   date(2025, time.April, 1),
					Initial: dur("3 years"),
					Extensions: []funding.Extension{
						{Length: dur("2 years"), Taken: true, StatedFrom: date(2028, time.April, 1), StatedUntil: date(2030, time.March, 31)},
						{Length: dur("1 year")},
					},
					StatedEnd:         date(2030, time.March, 31),
					Notice:            dur("6 months"),
					ReprocurementLead: dur("12 months"),
				},
				Uplift: funding.Uplift{Kind: funding.CPI, Cap: ptr(pct("3")), Floor: ptr(pct("0"))},
			},
			{
				Name:   "Support",
				Terms:  funding.Terms{Start: date(2025, time.April, 1), Initial: dur("5 years")},
				Uplift: funding.Uplift{Kind: funding.Fixed, Rate: pct("1.5")},
			},
			{
				Name: "Refuge",
				Terms: funding.Terms{
					Start: date(2025, time.July, 1), Initial: dur("2 years"),
					Extensions: []funding.Extension{{Length: dur("12 months")}},
				},
			},
		},
		Structure: lotting.Structure{
			Areas: []string{"North", "Mid", "South"},
			Lots: []lotting.Lot{
				{
					Name: "Central point of contact", Kind: lotting.KindCentralPointOfContact, Contract: "Front door",
					Allocation: funding.AllocationRule{Name: "Central point of contact", Method: funding.FixedAmount, Amount: pounds("120000")},
				},
				{
					Name: "Victims North", Kind: lotting.KindCommunityVictimSupport, Contract: "Support",
					Areas:       []string{"North"},
					Allocation:  funding.AllocationRule{Name: "Victims North", Method: funding.Percentage, Percent: pct("30")},
					WaitTargets: map[lotting.Risk]float64{lotting.High: 2, lotting.Medium: 10, lotting.Standard: 28},
					Service: lotting.ServiceModel{Delivery: lotting.Casework, Caseworkers: &lotting.Caseworkers{
						FTE: 6.5, CostPerFTE: pounds("40000"), CaseloadPerFTE: 22,
						CaseLength: lotting.Distribution{Kind: lotting.Lognormal, Mean: 110, SD: 40},
					}},
					Disengagement: []lotting.Disengagement{{
						Group:    lotting.Victim,
						Patience: &lotting.Distribution{Kind: lotting.Empirical, Values: []float64{30, 2 * month}},
						DropOut:  0.05,
					}},
					Changes: []lotting.Change{{Date: date(2026, time.April, 1), FTE: 5}},
				},
				{
					Name: "Victims Mid and South", Kind: lotting.KindCommunityVictimSupport, Contract: "Support",
					Areas:      []string{"Mid", "South"},
					Allocation: funding.AllocationRule{Name: "Victims Mid and South", Method: funding.Remainder},
					Service: lotting.ServiceModel{Caseworkers: &lotting.Caseworkers{
						CostPerFTE: pounds("38000"), CaseloadPerFTE: 20,
						CaseLength: lotting.Distribution{Kind: lotting.Gamma, Mean: 16 * 7, SD: 5 * 7},
					}},
				},
				{
					Name: "IDVA", Kind: lotting.KindIDVA, Contract: "Support",
					Allocation: funding.AllocationRule{Name: "IDVA", Method: funding.Percentage, Percent: pct("20")},
					Service: lotting.ServiceModel{Caseworkers: &lotting.Caseworkers{
						FTE: 4, CaseloadPerFTE: 18.5,
						CaseLength: lotting.Distribution{Kind: lotting.Triangular, Min: 30, Mode: 60, Max: 120},
					}},
				},
				{
					Name: "Perpetrators", Kind: lotting.KindPerpetratorProgramme, Contract: "Support",
					Allocation: funding.AllocationRule{Name: "Perpetrators", Method: funding.FixedAmount, Amount: pounds("60000")},
					Service: lotting.ServiceModel{
						Delivery:    lotting.GroupWork,
						Caseworkers: &lotting.Caseworkers{FTE: 1, CaseloadPerFTE: 15, CaseLength: lotting.FixedValue(12 * 7)},
						Group: &lotting.Group{
							CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: dur("4 weeks"),
							ConcurrentCohorts: 3, CostPerCohort: pounds("9500"),
						},
					},
					Disengagement: []lotting.Disengagement{{
						Group:    lotting.Perpetrator,
						Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 60},
						DropOut:  0.4,
					}},
					Changes: []lotting.Change{{Date: date(2027, time.April, 1), ConcurrentCohorts: 2}},
				},
				{
					Name: "Early help", Kind: lotting.KindEarlyHelp, Contract: "Support",
					Allocation: funding.AllocationRule{Name: "Early help", Method: funding.FixedAmount, Amount: pounds("50000")},
					Service: lotting.ServiceModel{Caseworkers: &lotting.Caseworkers{
						FTE: 2, CaseloadPerFTE: 12,
						CaseLength: lotting.Distribution{Kind: lotting.Empirical, Values: []float64{8 * 7, 12 * 7, 16 * 7}},
					}},
				},
				{
					Name: "Refuge", Kind: lotting.KindRefuge, Contract: "Refuge",
					Areas:      []string{"South"},
					Allocation: funding.AllocationRule{Name: "Refuge", Method: funding.FixedAmount, Amount: pounds("40000")},
					Service: lotting.ServiceModel{Delivery: lotting.Beds, Refuge: &lotting.Refuge{
						Beds:          12,
						LengthOfStay:  lotting.Distribution{Kind: lotting.Uniform, Min: 2 * month, Max: 6 * month},
						WhenFull:      lotting.Wait,
						DeclinedShare: 0.15,
					}},
					Disengagement: []lotting.Disengagement{{Group: lotting.Victim, DropOut: 0.1}},
					Changes:       []lotting.Change{{Date: date(2026, time.January, 1), Beds: 14}},
				},
			},
			Rules: []lotting.Rule{
				{Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.High}, Areas: []string{"North", "Mid"}, Lot: "IDVA"},
				{Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.High}, Areas: []string{"South"}, Lot: "Refuge"},
				{Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.Medium, lotting.Standard}, Areas: []string{"North"}, Lot: "Victims North"},
				{Groups: []lotting.ClientGroup{lotting.Victim}, Risks: []lotting.Risk{lotting.Medium, lotting.Standard}, Areas: []string{"Mid", "South"}, Lot: "Victims Mid and South"},
				{Groups: []lotting.ClientGroup{lotting.ChildFamily}, Lot: "Early help"},
				{Groups: []lotting.ClientGroup{lotting.Perpetrator}, Lot: "Perpetrators"},
			},
			FrontDoor: &lotting.FrontDoor{
				Lot:      "Central point of contact",
				Handlers: 6,
				// 45 minutes and a quarter of an hour, in days.
				HandlingTime: lotting.Distribution{Kind: lotting.Lognormal, Mean: 45.0 / (24 * 60), SD: 0.25 / 24},
				SelfServe:    map[lotting.Risk]float64{lotting.Standard: 0.2, lotting.Medium: 0.05},
			},
		},
		Demand: lotting.Demand{
			Start:       date(2025, time.April, 1),
			Seasonality: [12]float64{1.05, 0.95, 0.95, 1.0, 1.0, 1.0, 1.05, 1.05, 1.05, 1.0, 0.95, 0.95},
			Shocks: []lotting.Shock{
				{Name: "winter pressure", From: date(2025, time.December, 15), To: date(2026, time.January, 15), Multiplier: 1.2},
			},
			Streams: []lotting.Stream{
				{Area: "North", Group: lotting.Victim, PerYear: 1200, RiskMix: victimMix, Growth: 0.03, RepeatRate: 0.1},
				{Area: "Mid", Group: lotting.Victim, PerYear: 900,
					RiskMix: map[lotting.Risk]float64{lotting.Standard: 0.55, lotting.Medium: 0.335, lotting.High: 0.115}},
				{Area: "South", Group: lotting.Victim, PerYear: 1000.5, RiskMix: victimMix, Growth: -0.01},
				{Area: "North", Group: lotting.ChildFamily, PerYear: 200,
					RiskMix: map[lotting.Risk]float64{lotting.Standard: 0.7, lotting.Medium: 0.3}},
				{Area: "Mid", Group: lotting.Perpetrator, PerYear: 150,
					RiskMix: map[lotting.Risk]float64{lotting.Standard: 0.5, lotting.Medium: 0.3, lotting.High: 0.2}},
			},
		},
		Simulation: Simulation{
			Seed:         20250401,
			Replications: 200,
			Horizon:      Horizon{Kind: Fixed, Length: dur("5 years")},
			WarmUp:       dur("6 months"),
			StoppingRule: &StoppingRule{Metric: "high_risk_wait_p90", Lot: "Victims North", RelativeHalfWidth: 0.05, Min: 50, Max: 2000},
		},
	}
}

func wantInherited(data []byte) *Scenario {
	contributions := make([]funding.Contribution, 0, 5)
	for y := 2021; y <= 2025; y++ {
		contributions = append(contributions, funding.Contribution{Year: fy(y), Amount: pounds("660000")})
	}
	return &Scenario{
		File:     "testdata/valid/inherited.yaml",
		SHA256:   digest(data),
		Name:     "Inherited start",
		BaseYear: fy(2021),
		Pool:     funding.Pool{Funders: []funding.Funder{{Name: "Eastshire Council", Contributions: contributions}}},
		Contracts: []Contract{{
			Name: "Support",
			Terms: funding.Terms{
				Start: date(2021, time.October, 1), Initial: dur("3 years"),
				Extensions: []funding.Extension{{Length: dur("2 years"), Taken: true}},
			},
			Uplift: funding.Uplift{Kind: funding.CPI},
		}},
		Structure: lotting.Structure{
			Areas: []string{"Eastshire"},
			Lots: []lotting.Lot{{
				Name: "Support", Kind: lotting.KindCustom, Contract: "Support",
				Allocation: funding.AllocationRule{Name: "Support", Method: funding.Remainder},
				Service: lotting.ServiceModel{Caseworkers: &lotting.Caseworkers{
					FTE: 12, CaseloadPerFTE: 20, CaseLength: lotting.FixedValue(3 * 30.4375),
				}},
			}},
			Rules: []lotting.Rule{{Lot: "Support"}},
		},
		Demand: lotting.Demand{
			Start: date(2021, time.October, 1),
			Streams: []lotting.Stream{{
				Area: "Eastshire", Group: lotting.Victim, PerYear: 1500,
				RiskMix: map[lotting.Risk]float64{lotting.Standard: 0.5, lotting.Medium: 0.5},
			}},
		},
		Simulation: Simulation{
			Horizon:   Horizon{Kind: TakenTerm},
			Inherited: []Inherited{{Lot: "Support", Waiting: 120, OpenCases: 300}},
		},
	}
}

// hugeScenario returns a valid scenario padded with comments to one byte
// over MaxFileSize, so that its size is its only fault.
func hugeScenario(t *testing.T) []byte {
	t.Helper()
	data := readFile(t, "testdata/valid/minimal.yaml")
	pad := MaxFileSize + 1 - len(data)
	line := "# padding to make the file too large to load\n"
	body := strings.Repeat(line, pad/len(line))
	body += "#" + strings.Repeat(" ", pad-len(body)-2) + "\n"
	out := append([]byte(body), data...)
	if len(out) != MaxFileSize+1 {
		t.Fatalf("huge scenario is %d bytes, want %d", len(out), MaxFileSize+1)
	}
	return out
}

// TestParseBroken parses each broken scenario in testdata/broken and
// compares the errors with the golden file beside it (name.golden). Run
// with -update to rewrite the golden files, then review their diff.
func TestParseBroken(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type input struct {
		name string // file name given to Parse, and the golden file's stem
		data []byte
	}
	var inputs []input
	for _, f := range files {
		inputs = append(inputs, input{filepath.Base(f), readFile(t, f)})
	}
	// Too large to commit: generated.
	inputs = append(inputs, input{"huge.yaml", hugeScenario(t)})
	if len(inputs) < 30 {
		t.Fatalf("only %d broken scenarios; want at least 30", len(inputs))
	}
	for _, in := range inputs {
		t.Run(strings.TrimSuffix(in.name, ".yaml"), func(t *testing.T) {
			t.Parallel()
			s, err := Parse(in.name, in.data)
			if s != nil || err == nil {
				t.Fatalf("Parse(%s) = %v, %v; want nil and errors", in.name, s, err)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse(%s) error is %T %v; want a non-empty ErrorList", in.name, err, err)
			}
			checkList(t, in.name, list)
			got := err.Error() + "\n"
			golden := filepath.Join("testdata", "broken", strings.TrimSuffix(in.name, ".yaml")+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := string(readFile(t, golden))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%s) errors mismatch (-want +got):\n%s", in.name, diff)
			}
		})
	}
}

// checkList checks what every ErrorList must satisfy: each error names the
// file, has a message and an underlying error, and the list is in order of
// position.
func checkList(t *testing.T, file string, list ErrorList) {
	t.Helper()
	for i, e := range list {
		if e.File != file || e.Msg == "" || e.Err == nil {
			t.Errorf("error %d = %+v; want File %q, a message and an underlying error", i, e, file)
		}
		if e.Line < 0 || e.Column < 0 || (e.Line == 0 && e.Column != 0) {
			t.Errorf("error %d at %d:%d; want a position, or none", i, e.Line, e.Column)
		}
		if i > 0 && (list[i-1].Line > e.Line || (list[i-1].Line == e.Line && list[i-1].Column > e.Column)) {
			t.Errorf("errors %d and %d out of order: %v then %v", i-1, i, list[i-1], e)
		}
	}
}

// TestParseBrokenKinds checks that some broken scenarios report the
// sentinel error a program would test for.
func TestParseBrokenKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want error
	}{
		{"syntax.yaml", ErrSyntax},
		{"empty.yaml", ErrEmpty},
		{"two_documents.yaml", ErrMultipleDocuments},
		{"alias_bomb.yaml", ErrAlias},
		{"tag.yaml", ErrAlias},
		{"unknown_key_top.yaml", ErrUnknownKey},
		{"missing_required.yaml", ErrMissing},
		{"type_list_for_map.yaml", ErrType},
		{"duplicate_funder.yaml", ErrDuplicate},
		{"rule_unknown_lot.yaml", ErrUnknownName},
		{"non_numeric_money.yaml", funding.ErrMoneySyntax},
		{"sub_penny_money.yaml", funding.ErrSubPenny},
		{"bad_date.yaml", funding.ErrDateSyntax},
		{"allocation_over_100.yaml", funding.ErrPercentOver100},
		{"allocation_over_pool.yaml", funding.ErrOverAllocated},
		{"routing_gap.yaml", lotting.ErrGap},
		{"routing_overlap.yaml", lotting.ErrOverlap},
		{"unreachable_lot.yaml", lotting.ErrUnreachable},
		{"no_capacity_beds.yaml", lotting.ErrBadLot},
		{"bad_distribution_params.yaml", lotting.ErrBadDistribution},
		{"dates_wrong_order.yaml", lotting.ErrBadDemand},
		{"demand_too_large.yaml", ErrTooMuchDemand},
		{"demand_too_large_growth.yaml", ErrTooMuchDemand},
		{"demand_too_large_shock.yaml", ErrTooMuchDemand},
		{"inherited_too_large.yaml", ErrTooMuchDemand},
		{"money_too_large.yaml", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.file, readFile(t, filepath.Join("testdata", "broken", tt.file)))
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%s) = %v; want an error wrapping %v", tt.file, err, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	s, err := Load("testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.File != "testdata/valid/minimal.yaml" || s.Name != "Minimal" {
		t.Errorf("Load gave File %q, Name %q", s.File, s.Name)
	}

	_, err = Load("testdata/no-such-file.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing file) = %v; want an error wrapping fs.ErrNotExist", err)
	}

	_, err = Load("testdata/broken/syntax.yaml")
	var list ErrorList
	if !errors.As(err, &list) || list[0].File != "testdata/broken/syntax.yaml" {
		t.Errorf("Load(syntax error) = %v; want an ErrorList naming the path", err)
	}

	huge := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(huge, hugeScenario(t), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(huge)
	want := huge + ": file is 4194305 bytes; a scenario may be at most 4194304 bytes (4 MiB)"
	if !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Errorf("Load(huge) = %v; want %s", err, want)
	}
}

// TestParseNoName checks that Parse accepts an empty file name.
func TestParseNoName(t *testing.T) {
	t.Parallel()
	s, err := Parse("", readFile(t, "testdata/valid/minimal.yaml"))
	if err != nil || s.File != "" {
		t.Fatalf("Parse(\"\") = %v, %v", s, err)
	}
	_, err = Parse("", []byte("name: [\n"))
	if got, want := err.Error(), "2: YAML syntax error: did not find expected node content"; got != want {
		t.Errorf("Parse(\"\", bad) = %q; want %q", got, want)
	}
}

// yamlCrashers are inputs that made some version of yaml.v3 (or v2) panic,
// from go-yaml/yaml issues 323, 560, 665, 666, 744 and 833.
var yamlCrashers = []string{
	"#\n - - QI\xd7", "#\n-\n-\n0", "0: [:!00 \xef", "! !00 \xf6", "! !!0 \xf7", "a:\n.\n-\n",
	"\"\\0\\\r\n", "  0: [\n] 0", "? ? \"\n\" 0", " \ufeff\n", "? \ufeff: \ufeff\n", "0: \ufeff\n",
	"    - {\n000}0",
}

func TestParseYAMLCrashers(t *testing.T) {
	t.Parallel()
	for _, in := range yamlCrashers {
		s, err := Parse("crash.yaml", []byte(in))
		var list ErrorList
		if s != nil || !errors.As(err, &list) {
			t.Errorf("Parse(%q) = %v, %v; want an ErrorList", in, s, err)
			continue
		}
		checkList(t, "crash.yaml", list)
	}
}

// FuzzParse feeds Parse arbitrary bytes, starting from every scenario in
// testdata. Whatever the input, Parse must not panic, must give either a
// scenario or a well-formed ErrorList, and must give the same answer twice;
// a scenario it accepts must survive Findings and LotFunding.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/broken"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, in := range yamlCrashers {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		s2, err2 := Parse("fuzz.yaml", data)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("Parse is not deterministic:\n%v\n---\n%v", err, err2)
		}
		if err != nil {
			var list ErrorList
			if s != nil || !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse = %v, %v; want nil and a non-empty ErrorList", s, err)
			}
			checkList(t, "fuzz.yaml", list)
			return
		}
		if s == nil || s.File != "fuzz.yaml" || s2.SHA256 != s.SHA256 {
			t.Fatalf("Parse = %v with no error", s)
		}
		_ = s.Findings()
		for _, y := range s.Pool.Years() {
			_, _ = s.LotFunding(y)
		}
		if len(s.Pool.Funders) == 0 || len(s.Contracts) == 0 || len(s.Structure.Lots) == 0 || len(s.Demand.Streams) == 0 {
			t.Fatalf("Parse accepted a scenario without funders, contracts, lots or demand: %+v", s)
		}
	})
}
