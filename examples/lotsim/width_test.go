package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/simulate"
)

// TestTextWidth runs every command in text form over every shipped
// scenario and fails on any line wider than render.TextWidth (100
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

// tooWide describes the lines of s wider than render.TextWidth, or returns
// "" when there are none.
func tooWide(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		if n := utf8.RuneCountInString(l); n > render.TextWidth {
			fmt.Fprintf(&b, "line %d is %d columns wide, more than %d:\n%s\n", i+1, n, render.TextWidth, l)
		}
	}
	return b.String()
}

// TestLabelsInWords checks that text, markdown and the HTML report name
// every figure in words ("90th percentile wait (days)", "gave up
// waiting"), never by the snake_case names JSON and CSV use.
func TestLabelsInWords(t *testing.T) {
	t.Parallel()
	const f = "scenarios/staffordshire-2023.yaml"
	var snake []string
	for m := simulate.Metric(0); m < simulate.NumMetrics; m++ {
		if strings.Contains(m.String(), "_") {
			snake = append(snake, m.String())
		}
	}
	snake = append(snake, "cost_per_completion")
	for _, args := range [][]string{
		{"run", "--replications", "2", "--quiet", f},
		{"compare", "--replications", "2", "--quiet", "scenarios/staffordshire-2018.yaml", f},
		{"sweep", "--replications", "2", "--quiet", f, "--vary", "demand.streams[*].growth=0%:2%:2%",
			"--tornado", "demand.streams[*].growth=-1%:+1%", "--outcome", "Victims:standard_risk_wait_p90"},
	} {
		for _, format := range []string{"text", "markdown", "html"} {
			t.Run(args[0]+"/"+format, func(t *testing.T) {
				t.Parallel()
				var out string
				if format == "html" {
					dir := filepath.Join(t.TempDir(), "report")
					mustRun(t, append(slices.Clone(args), "--report", dir)...)
					b, err := os.ReadFile(filepath.Join(dir, "report.html"))
					if err != nil {
						t.Fatal(err)
					}
					out = string(b)
				} else {
					out = mustRun(t, withFormat(args, format)...)
				}
				out = strings.ReplaceAll(out, `\_`, "_") // markdown escapes
				for _, name := range snake {
					if i := strings.Index(out, name); i >= 0 {
						t.Errorf("lotsim %s (%s) names a figure %q: …%s…", args[0], format, name, out[max(0, i-60):min(len(out), i+40)])
					}
				}
			})
		}
	}
}
