package main

import (
	"strings"
	"testing"
)

// TestCheckCannotSimulate: a well-formed file whose pool is stated for one
// year of a three-year contract can be budgeted but not run, and check
// says so (exit 2), so that "valid" means the scenario can be run too.
func TestCheckCannotSimulate(t *testing.T) {
	t.Parallel()
	out, _, code := runIn(t, "check", "testdata/valid/minimal.yaml")
	if code != exitInvalid {
		t.Errorf("exit %d, want %d; output:\n%s", code, exitInvalid, out)
	}
	for _, want := range []string{"cannot be simulated", "no contributions for 2025/26", "no contributions for 2026/27"} {
		if !strings.Contains(words(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, _, code := runIn(t, "budget", "testdata/valid/minimal.yaml"); code != exitOK {
		t.Errorf("budget of the same file: exit %d, want %d (it can be budgeted)", code, exitOK)
	}
}
