package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
)

// runArgs runs the program in-process and returns what it wrote and its
// exit code.
func runArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestRunPrintsEverySection(t *testing.T) {
	t.Parallel()
	out, errOut, code := runArgs(t, "-replications", "4", "-seed", "7")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"== Checks\nno problems found\nfindings: none",
		"== Budget (real terms at 2025/26 prices)",
		// The pool: £600,000 + £400,000, rising 2% a year to the penny.
		"2025/26  £1,000,000.00",
		"2028/29  £1,061,208.00",
		// 85% of the pool, and the remainder.
		"Victim casework        85%        £850,000.00",
		"Perpetrator programme  remainder  £150,000.00",
		"extension 1  2028-04-01 to 2029-03-31 (option, not taken)",
		// £1,000,000 + £1,020,000 + £1,040,400 over the initial term.
		"initial term £3,060,400.00",
		"== Simulation: 4 replications, seed 7, from 2025-04-01 (2025/26 to 2028/29)",
		"high-risk mean wait (days)",
		"high-risk p90 wait (days)",
		"waiting list at year end",
		"utilisation",
		"North Westshire",
		"South Westshire",
		"Perpetrator programme, whole period:",
		"Chance Victim casework misses its waiting-time target, by year:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; output:\n%s", want, out)
		}
	}
	// Every contract year and the whole period have a row, each figure with
	// an interval.
	for _, year := range []string{"2025/26", "2026/27", "2027/28", "2028/29", "all years"} {
		line := lineStarting(out[strings.Index(out, "by contract year:"):], year)
		if strings.Count(line, "[") != 4 {
			t.Errorf("row %q should hold 4 figures with intervals, got %q", year, line)
		}
	}
	if errOut != "" {
		t.Errorf("unexpected stderr: %s", errOut)
	}
}

// lineStarting returns the first line of s that starts with prefix.
func lineStarting(s, prefix string) string {
	for line := range strings.Lines(s) {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}

func TestRunSameSeedSameOutput(t *testing.T) {
	t.Parallel()
	first, _, code1 := runArgs(t, "-replications", "4", "-seed", "11")
	second, _, code2 := runArgs(t, "-replications", "4", "-seed", "11")
	other, _, code3 := runArgs(t, "-replications", "4", "-seed", "12")
	if code1 != 0 || code2 != 0 || code3 != 0 {
		t.Fatalf("exit codes %d, %d, %d", code1, code2, code3)
	}
	if first != second {
		t.Errorf("the same seed printed different output:\n%s\n---\n%s", first, second)
	}
	// The budget does not depend on the seed, but the simulation must.
	results := func(s string) string { return s[strings.Index(s, "Victim casework, by contract year:"):] }
	if results(first) == results(other) {
		t.Errorf("seeds 11 and 12 printed the same simulation results:\n%s", results(first))
	}
}

func TestRunBadUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-replications", "0"},
		{"-seed", "minus one"},
		{"extra-argument"},
		{"-no-such-flag"},
	} {
		out, errOut, code := runArgs(t, args...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("run(%q) = code %d, stdout %q, stderr %q; want code 2, no output and a message", args, code, out, errOut)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := validate(westshire(1, 1)); err != nil {
		t.Fatalf("the example scenario does not validate: %v", err)
	}
	tests := []struct {
		name    string
		breakIt func(s *scenario.Scenario)
		want    error  // a sentinel the error must wrap
		wantMsg string // text the error must hold
	}{{
		name: "duplicate funder",
		breakIt: func(s *scenario.Scenario) {
			s.Pool.Funders[1].Name = s.Pool.Funders[0].Name
		},
		want: funding.ErrFunderName,
	}, {
		name: "extension taken after one that is not",
		breakIt: func(s *scenario.Scenario) {
			s.Contracts[0].Terms.Extensions = append(s.Contracts[0].Terms.Extensions,
				funding.Extension{Length: funding.Duration{N: 1, Unit: funding.Years}, Taken: true})
		},
		want: funding.ErrExtensionOrder,
	}, {
		name: "risk mix not adding up to 1",
		breakIt: func(s *scenario.Scenario) {
			s.Demand.Streams[0].RiskMix = map[lotting.Risk]float64{lotting.High: 0.5}
		},
		want: lotting.ErrBadDemand,
	}, {
		name: "no route for perpetrators",
		breakIt: func(s *scenario.Scenario) {
			s.Structure.Rules = s.Structure.Rules[:1]
		},
		want: lotting.ErrGap,
	}, {
		name: "misspelt contract",
		breakIt: func(s *scenario.Scenario) {
			s.Structure.Lots[1].Contract = "Westshire DA 2025"
		},
		wantMsg: `lot Perpetrator programme: unknown contract "Westshire DA 2025"`,
	}, {
		name: "allocations over the pool",
		breakIt: func(s *scenario.Scenario) {
			s.Structure.Lots[1].Allocation = funding.AllocationRule{Method: funding.Percentage, Percent: decimal.NewFromInt(20)}
		},
		want: funding.ErrPercentOver100,
	}, {
		name: "no money in the extension year",
		breakIt: func(s *scenario.Scenario) {
			for i := range s.Pool.Funders {
				f := &s.Pool.Funders[i]
				f.Contributions = f.Contributions[:3] // 2025/26 to 2027/28
			}
		},
		want:    scenario.ErrCannotSimulate,
		wantMsg: "the pool has no contributions for 2028/29",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := westshire(1, 1)
			tt.breakIt(s)
			err := validate(s)
			if err == nil {
				t.Fatal("validate found no problem")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("validate error does not wrap %v: %v", tt.want, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("validate error lacks %q: %v", tt.wantMsg, err)
			}
		})
	}
}

func TestRising(t *testing.T) {
	t.Parallel()
	// £400,000 rising 2% a year: 408,000, 416,160, 424,483.20, then
	// 432,972.864 rounded half to even to 432,972.86.
	got := rising(2025, 2029, funding.Pounds(400_000), decimal.NewFromInt(2))
	want := []string{"400000.00", "408000.00", "416160.00", "424483.20", "432972.86"}
	if len(got) != len(want) {
		t.Fatalf("got %d contributions, want %d", len(got), len(want))
	}
	for i, c := range got {
		if c.Year != funding.FinancialYear(2025+i) || c.Amount.Plain() != want[i] || !c.Amount.IsWholePence() {
			t.Errorf("contribution %d = %s %s, want %d %s", i, c.Year, c.Amount.Plain(), 2025+i, want[i])
		}
	}
}
