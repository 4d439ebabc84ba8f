package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

const scenarioFile = "../../scenarios/staffordshire-2023.yaml"

func runArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestWritesAnExtract(t *testing.T) {
	t.Parallel()
	out, errOut, code := runArgs(t, "-scenario", scenarioFile, "-as-of", "2023-12-31", "-seed", "7", "-client-ids")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if want := "referral_date,area,client_group,risk,lot,start_date,end_date,outcome,client_id"; lines[0] != want {
		t.Errorf("header %q, want %q", lines[0], want)
	}
	// Three months of about 7,300 referrals a year (the scenario's four
	// streams): about 1,840.
	if n := len(lines) - 1; n < 1500 || n > 2200 {
		t.Errorf("%d rows, want about 1,840", n)
	}
	if !strings.Contains(errOut, "records: ") || !strings.Contains(errOut, "from 2023-10-01 to 2023-12-31 (seed 7)") {
		t.Errorf("summary %q, want the rows, period and seed", errOut)
	}
}

// TestTestdataFile regenerates testdata/records/staffordshire-2023.csv
// with the command its README gives and checks it is the file shipped:
// the engine, the generator or the scenario changed if not, and the file
// must be written again.
func TestTestdataFile(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("../../testdata/records/staffordshire-2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runArgs(t, "-scenario", scenarioFile, "-as-of", "2025-09-30", "-seed", "7", "-client-ids")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	if out != string(want) {
		t.Errorf("the generator no longer writes testdata/records/staffordshire-2023.csv (%d bytes now, %d shipped); write it again with the command in testdata/records/README.md", len(out), len(want))
	}
}

func TestBadUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad date", []string{"-scenario", scenarioFile, "-as-of", "30/09/2025"}, 2, "-as-of \"30/09/2025\": want a date as YYYY-MM-DD"},
		{"argument", []string{"extra"}, 2, "unexpected argument \"extra\""},
		{"missing file", []string{"-scenario", "no-such.yaml"}, 1, "no-such.yaml"},
		{"from before time 0", []string{"-scenario", scenarioFile, "-from", "2020-01-01"}, 1, "before time 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runArgs(t, tc.args...)
			if code != tc.code || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %d bytes, stderr %q; want exit %d, nothing written, stderr containing %q", code, len(out), errOut, tc.code, tc.want)
			}
		})
	}
}
