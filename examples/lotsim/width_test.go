package main

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lotsim/lotsim/internal/report"
)

// TestTextWidth runs every command in text form over every shipped
// scenario and fails on any line wider than report.TextWidth (100
// columns, counted in runes, not bytes: "£" and "±" take one column).
// Few replications keep it quick; the layout does not depend on them.
func TestTextWidth(t *testing.T) {
	t.Parallel()
	files := shippedScenarios(t)
	// A path every shipped scenario has, for sweep.
	const vary = "demand.streams[*].growth=0%:2%:2%"
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "scenarios/"), ".yaml")
		for _, args := range [][]string{
			{"check", f},
			{"budget", f},
			{"run", "--replications", "3", "--quiet", f},
			{"compare", "--replications", "3", "--quiet", files[0], f},
			{"sweep", "--replications", "2", "--quiet", f, "--vary", vary, "--tornado", "demand.streams[*].growth=-1%:+1%"},
		} {
			t.Run(name+"/"+args[0], func(t *testing.T) {
				t.Parallel()
				out, errOut, code := runIn(t, args...)
				if code != exitOK {
					t.Fatalf("lotsim %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut)
				}
				if msg := tooWide(out); msg != "" {
					t.Errorf("lotsim %s:\n%s", strings.Join(args, " "), msg)
				}
			})
		}
	}
}

// tooWide describes the lines of s wider than report.TextWidth, or returns
// "" when there are none.
func tooWide(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		if n := utf8.RuneCountInString(l); n > report.TextWidth {
			fmt.Fprintf(&b, "line %d is %d columns wide, more than %d:\n%s\n", i+1, n, report.TextWidth, l)
		}
	}
	return b.String()
}
