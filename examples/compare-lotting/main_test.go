package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	// The scenario paths are relative to the repository root, where the
	// program is run from; run the tests there too.
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// runArgs runs the program in-process and returns what it wrote and its
// exit code.
func runArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
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

func TestRunComparesTheEssexScenarios(t *testing.T) {
	t.Parallel()
	out, errOut, code := runArgs(t, "-replications", "4", "-workers", "1")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		// The seed of scenarios/essex-2025.yaml, used for both.
		"Seed 20250401 for every scenario (common random numbers), 4 replications each, 2025/26 to 2030/31.",
		"A  scenarios/essex-2025.yaml ",
		"B  scenarios/essex-2025-single.yaml ",
		"Whole system, 2025/26 to 2030/31:",
		"B - A, paired, over all lots but the front door",
		"By lot, 2025/26 to 2030/31 (waits in days):",
		"A  North Essex victim support",
		"A  Perpetrator services",
		"B  Combined DA service",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; output:\n%s", want, out)
		}
	}
	// The front door's lot holds no cases and gets no row.
	if strings.Contains(out, "Central point of contact") {
		t.Errorf("output has a row for the front door's lot:\n%s", out)
	}
	// Every system row has a figure with an interval for each scenario.
	for _, row := range []string{"referrals", "completed", "gave up waiting", "waiting or in service at the end"} {
		if line := lineStarting(out, row); strings.Count(line, "[") != 2 {
			t.Errorf("system row %q should hold 2 figures with intervals, got %q", row, line)
		}
	}
}

func TestRunCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	// The same seed twice prints the same output.
	first, errOut, code := runArgs(t, "-replications", "4", "-seed", "5")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	second, _, _ := runArgs(t, "-replications", "4", "-seed", "5")
	if first != second {
		t.Errorf("the same seed printed different output:\n%s\n---\n%s", first, second)
	}
	// Both scenarios have the same demand, so with one seed they draw the
	// same referrals: A's and B's referral counts are identical.
	fields := strings.Fields(lineStarting(first, "referrals"))
	// referrals, A mean, [lo, hi], B mean, [lo, hi]
	if len(fields) != 7 || strings.Join(fields[1:4], " ") != strings.Join(fields[4:7], " ") {
		t.Errorf("the two scenarios should draw the same referrals, got %q", fields)
	}
	// Another seed gives other results.
	other, _, _ := runArgs(t, "-replications", "4", "-seed", "6")
	if lineStarting(other, "referrals") == lineStarting(first, "referrals") {
		t.Errorf("seeds 5 and 6 drew the same referrals: %q", lineStarting(first, "referrals"))
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"one replication", []string{"-replications", "1"}, 2, "want at least 2 replications"},
		{"one scenario", []string{"scenarios/essex-2025.yaml"}, 2, "2 scenarios"},
		{"unknown flag", []string{"-reps", "4"}, 2, "flag provided but not defined: -reps"},
		{"missing file", []string{"no-such-dir/a.yaml", "no-such-dir/b.yaml"}, 1, "run from there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runArgs(t, tt.args...)
			if code != tt.wantCode || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("run(%q) = code %d, stdout %q, stderr %q; want code %d, no output, stderr with %q",
					tt.args, code, out, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
}
