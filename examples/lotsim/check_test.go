package main

import (
	"strings"
	"testing"
)

// TestCheckCannotSimulate: a well-formed file whose pool is stated for one
// year of a three-year contract cannot be run, and check says so (exit 2),
// so that "valid" means the scenario can be run too. budget and run refuse
// it the same way: the three commands agree on what is valid.
func TestCheckCannotSimulate(t *testing.T) {
	t.Parallel()
	out, _, code := runIn(t, "check", "scenario/testdata/valid/minimal.yaml")
	if code != exitInvalid {
		t.Errorf("exit %d, want %d; output:\n%s", code, exitInvalid, out)
	}
	for _, want := range []string{"cannot be simulated", "no contributions for 2025/26", "no contributions for 2026/27"} {
		if !strings.Contains(words(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, cmd := range []string{"budget", "run"} {
		out, errOut, code := runIn(t, cmd, "scenario/testdata/valid/minimal.yaml")
		if code != exitInvalid || out != "" || !strings.Contains(errOut, "no contributions for 2025/26") {
			t.Errorf("%s of the same file: exit %d, stdout %q, stderr:\n%s\nwant exit %d, the same reason as check and nothing on stdout", cmd, code, out, errOut, exitInvalid)
		}
	}
}

// TestCheckErrorLinesWhole: an error keeps its position and field on one
// line, FILE:LINE:COL: field: message, however long the message, so that
// editors and scripts can read it.
func TestCheckErrorLinesWhole(t *testing.T) {
	t.Parallel()
	out, _, code := runIn(t, "check", "examples/lotsim/testdata/hostile/cost_per_fte_1p.yaml")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	want := "examples/lotsim/testdata/hostile/cost_per_fte_1p.yaml:23:23: lots[0].service.caseworkers.cost_per_fte: £0.01 is less than"
	if !strings.Contains(out, want) {
		t.Errorf("no whole error line %q in:\n%s", want, out)
	}
}
