package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// runIn runs the command line from the repository root, where the
// scenario paths in the golden files are relative to.
func runIn(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestMain(m *testing.M) {
	// The runner is used from the repository root; run its tests there too.
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	// TestInterrupt runs the test binary as the runner itself, with its
	// arguments in LOTSIM_MAIN_ARGS separated by unit separators.
	if args, ok := os.LookupEnv("LOTSIM_MAIN_ARGS"); ok {
		os.Args = append([]string{"lotsim"}, strings.Split(args, "\x1f")...)
		if ready := os.Getenv("LOTSIM_READY_FILE"); ready != "" {
			// Tell TestInterrupt that a signal will now be caught.
			listening = func() { os.WriteFile(ready, nil, 0o644) }
		}
		main()
	}
	// A fixed date in every provenance block, so that golden files are
	// stable.
	now = func() time.Time { return time.Date(2025, time.March, 31, 12, 0, 0, 0, time.UTC) }
	// A clock that stands still: no progress line depends on how fast the
	// machine runs a test (TestProgressPiped moves it by hand).
	progressClock = now
	os.Exit(m.Run())
}

// words is s with every run of spaces and line breaks made one space, so
// that a test can look for a sentence however the text form wrapped it.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

func shippedScenarios(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped scenarios found (err %v)", err)
	}
	return files
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("examples", "lotsim", "testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/lotsim -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// TestBudgetGolden prints every shipped scenario's budget and compares it
// with the reviewed output in testdata: any change to a figure shows up
// as a diff to review.
func TestBudgetGolden(t *testing.T) {
	for _, file := range shippedScenarios(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			out, errOut, code := runIn(t, "budget", file)
			if code != exitOK {
				t.Fatalf("budget %s: exit %d, stderr:\n%s", file, code, errOut)
			}
			golden(t, "budget/"+name+".txt", out)
		})
	}
}

// TestBudgetAllocationsAddUp decodes every shipped scenario's budget JSON
// into the documented types and checks, independently of the library's
// own arithmetic, that each year's lot allocations and the unallocated
// remainder add up to the pool to the penny, and the pool to its funders;
// and that earmarked and general money add up to each lot's money and to
// the pool.
func TestBudgetAllocationsAddUp(t *testing.T) {
	for _, file := range shippedScenarios(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			out, errOut, code := runIn(t, "budget", "--format", "json", file)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			var r report.Budget
			dec := json.NewDecoder(strings.NewReader(out))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&r); err != nil {
				t.Fatalf("budget JSON does not decode into report.Budget: %v", err)
			}
			if len(r.Pool) == 0 {
				t.Fatal("no pool years")
			}
			for i, py := range r.Pool {
				lots := py.Unallocated
				for _, l := range r.Lots {
					if l.Years[i].Year != py.Year {
						t.Fatalf("lot %s year %d is %s, want %s", l.Name, i, l.Years[i].Year, py.Year)
					}
					lots = lots.Add(l.Years[i].Cash)
				}
				if !lots.Equal(py.Cash) {
					t.Errorf("%s: lots + unallocated = %s, pool = %s", py.Year, lots, py.Cash)
				}
				funders := funding.Money{}
				for _, f := range r.Funders {
					funders = funders.Add(f.Years[i].Cash)
				}
				if !funders.Equal(py.Cash) {
					t.Errorf("%s: funders add up to %s, pool = %s", py.Year, funders, py.Cash)
				}
				// Earmarks: each lot's earmarked part (by funder) and
				// general part add up to its money, and the pool's.
				if got := py.Earmarked.Add(py.General); !got.Equal(py.Cash) {
					t.Errorf("%s: pool earmarked %s + general %s = %s, pool = %s", py.Year, py.Earmarked, py.General, got, py.Cash)
				}
				for _, l := range r.Lots {
					sum := l.Years[i].General
					for _, f := range l.Years[i].Earmarked {
						sum = sum.Add(f.Cash)
					}
					if !sum.Equal(l.Years[i].Cash) || l.Years[i].General.IsNegative() {
						t.Errorf("%s: lot %s earmarked + general = %s (general %s), allocation %s", py.Year, l.Name, sum, l.Years[i].General, l.Years[i].Cash)
					}
				}
				for _, l := range r.Lots {
					if !l.Years[i].Cash.IsWholePence() {
						t.Errorf("%s: lot %s gets %s, not whole pence", py.Year, l.Name, l.Years[i].Cash.Exact())
					}
				}
			}
		})
	}
}

func TestCheckShippedScenarios(t *testing.T) {
	files := shippedScenarios(t)
	out, errOut, code := runIn(t, append([]string{"check"}, files...)...)
	if code != exitOK {
		t.Fatalf("check scenarios/*.yaml: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	golden(t, "check.txt", out)

	// The Staffordshire documents disagree with themselves: the three
	// contributions (670,490 + 1,015,483 + 544,997 = 2,230,970) are not the
	// stated 2,157,000, nor in the stated shares 31/47/22, and the
	// extension "two years from 30 Sep 2020 until 30 Sep 2023" spans three.
	for _, want := range []string{
		"stated as £2,157,000.00 but the contributions add up to £2,230,970.00",
		"share is stated as 31% but its contribution is 30.05%",
		"share is stated as 47% but its contribution is 45.52%",
		"share is stated as 22% but its contribution is 24.43%",
		"is stated as 2 years but its stated dates span 3 years",
	} {
		if !strings.Contains(words(out), want) {
			t.Errorf("check output lacks %q", want)
		}
	}
	// Four findings share one explanation: it is said once, after them,
	// not at the end of each.
	one, _, _ := runIn(t, "check", "scenarios/staffordshire-2023.yaml")
	const hint = "fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00"
	if n := strings.Count(words(one), hint); n != 1 {
		t.Errorf("check says %q %d times, want once:\n%s", hint, n, one)
	}
	if !strings.Contains(words(one), "The four findings above have one explanation: the stated total and shares (31%, 47% and 22%) "+hint) {
		t.Errorf("check does not give the shared explanation after the findings:\n%s", one)
	}
}

func TestCheckStrict(t *testing.T) {
	t.Parallel()
	_, _, code := runIn(t, "check", "--strict", "scenarios/staffordshire-2018.yaml")
	if code != exitFailure {
		t.Errorf("check --strict on a scenario with findings: exit %d, want %d", code, exitFailure)
	}
}

// TestCheckBroken runs check on every broken scenario of the loader's
// testdata: each must exit 2 with its errors printed, and no panic.
func TestCheckBroken(t *testing.T) {
	files, err := filepath.Glob("scenario/testdata/broken/*.yaml")
	if err != nil || len(files) < 25 {
		t.Fatalf("want at least 25 broken scenarios in scenario/testdata/broken, found %d (err %v)", len(files), err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			out, _, code := runIn(t, "check", file)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d; output:\n%s", code, exitInvalid, out)
			}
			if !strings.Contains(out, file+": invalid") {
				t.Errorf("output does not say the file is invalid:\n%s", out)
			}
			_, _, code = runIn(t, "budget", file)
			if code != exitInvalid {
				t.Errorf("budget: exit %d, want %d", code, exitInvalid)
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	out, _, code := runIn(t, "check", "--format", "json", "scenarios/staffordshire-2018.yaml", "scenario/testdata/broken/empty.yaml")
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	var results []CheckResult
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&results); err != nil {
		t.Fatalf("check JSON does not decode into []CheckResult: %v\n%s", err, out)
	}
	if len(results) != 2 {
		t.Fatalf("got %d results, want 2", len(results))
	}
	if !results[0].Valid || len(results[0].Findings) == 0 {
		t.Errorf("staffordshire-2018: valid %v with %d findings, want valid with findings", results[0].Valid, len(results[0].Findings))
	}
	if results[1].Valid || len(results[1].Errors) == 0 {
		t.Errorf("empty.yaml: valid %v with %d errors, want invalid with errors", results[1].Valid, len(results[1].Errors))
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, exitInvalid},
		{"unknown command", []string{"simulate"}, exitInvalid},
		{"help", []string{"help"}, exitOK},
		{"check without files", []string{"check"}, exitInvalid},
		{"bad format", []string{"check", "--format", "xml", "scenarios/coventry-2019.yaml"}, exitInvalid},
		{"unknown flag", []string{"budget", "--colour", "scenarios/coventry-2019.yaml"}, exitInvalid},
		{"budget of two files", []string{"budget", "scenarios/coventry-2019.yaml", "scenarios/essex-2025.yaml"}, exitInvalid},
		{"missing file", []string{"budget", "scenarios/no-such-file.yaml"}, exitInvalid},
		{"flags after the file", []string{"budget", "scenarios/coventry-2019.yaml", "--format", "json"}, exitOK},
		{"command help", []string{"check", "--help"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, code := runIn(t, tt.args...)
			if code != tt.want {
				t.Errorf("lotsim %s: exit %d, want %d", strings.Join(tt.args, " "), code, tt.want)
			}
		})
	}
}

// TestHelpAndVersion checks that "help COMMAND" prints that command's
// help, not the top-level one, and that version names the lotsim
// version and the Go toolchain.
func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		want     int
		says     string // on stdout
		notSays  string // on stdout
		onStderr string
	}{
		{name: "help", args: []string{"help"}, want: exitOK, says: "Commands:"},
		{name: "help run", args: []string{"help", "run"}, want: exitOK, says: "Usage: lotsim run", notSays: "Commands:"},
		{name: "help sweep", args: []string{"help", "sweep"}, want: exitOK, says: "--vary", notSays: "Commands:"},
		{name: "help budget", args: []string{"help", "budget"}, want: exitOK, says: "Usage: lotsim budget", notSays: "Commands:"},
		{name: "help check", args: []string{"help", "check"}, want: exitOK, says: "--strict", notSays: "Commands:"},
		{name: "help compare", args: []string{"help", "compare"}, want: exitOK, says: "--replications n", notSays: "Commands:"},
		{name: "--help run", args: []string{"--help", "run"}, want: exitOK, says: "Usage: lotsim run"},
		{name: "help version", args: []string{"help", "version"}, want: exitOK, says: "Usage: lotsim version"},
		{name: "help of an unknown command", args: []string{"help", "simulate"}, want: exitInvalid, onStderr: `unknown command "simulate"`},
		{name: "run -h", args: []string{"run", "-h"}, want: exitOK, onStderr: "Usage: lotsim run"},
		{name: "version", args: []string{"version"}, want: exitOK, says: "lotsim " + lotsim.Version + "\ngo: go"},
		{name: "--version", args: []string{"--version"}, want: exitOK, says: "lotsim " + lotsim.Version + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runIn(t, tt.args...)
			if code != tt.want {
				t.Errorf("lotsim %s: exit %d, want %d; stderr:\n%s", strings.Join(tt.args, " "), code, tt.want, errOut)
			}
			if !strings.Contains(out, tt.says) {
				t.Errorf("stdout does not say %q:\n%s", tt.says, out)
			}
			if tt.notSays != "" && strings.Contains(out, tt.notSays) {
				t.Errorf("stdout says %q, the top-level help:\n%s", tt.notSays, out)
			}
			if !strings.Contains(errOut, tt.onStderr) {
				t.Errorf("stderr does not say %q:\n%s", tt.onStderr, errOut)
			}
			if msg := tooWide(out + errOut); msg != "" {
				t.Errorf("lotsim %s:\n%s", strings.Join(tt.args, " "), msg)
			}
		})
	}
}
