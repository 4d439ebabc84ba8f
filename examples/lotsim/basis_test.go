package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/report"
)

const tinyAssumed = "examples/lotsim/testdata/tiny-assumed.yaml"

// TestRunSensitivityJSON ranks the tiny scenario's assumptions and checks
// the JSON against the file: the counts as counted by hand, a Victims
// figure first and the perpetrator rate last, the risk mix and the 0%
// growth listed as skipped.
func TestRunSensitivityJSON(t *testing.T) {
	t.Parallel()
	out := mustRun(t, "run", "--sensitivity", "--quiet", "--workers", "1", "--format", "json", tinyAssumed)
	var r report.Run
	decodeStrict(t, out, &r)
	b := r.Basis
	if b == nil || !b.Ranked {
		t.Fatalf("no ranking in the JSON: %+v", b)
	}
	if want := (report.BasisCounts{Sourced: 11, Assumed: 5}); b.Counts != want {
		t.Errorf("counts %+v, want %+v", b.Counts, want)
	}
	var paths []string
	for _, rf := range b.Ranking {
		paths = append(paths, rf.Path)
	}
	if len(paths) != 3 || !strings.HasPrefix(paths[0], "lots[Victims]") || paths[2] != "demand.streams[1].referrals_per_year" {
		t.Errorf("ranking %q: want the two Victims figures, then the perpetrator rate", paths)
	}
	var skipped []string
	for _, sk := range b.Skipped {
		skipped = append(skipped, sk.Kind+" "+sk.Path)
	}
	slices.Sort(skipped)
	if want := []string{"invalid demand.streams[0].risk_mix.standard", "zero demand.streams[0].growth"}; !slices.Equal(skipped, want) {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
}

// TestRunSensitivityFormats: every format carries the section; the text
// names the top assumptions, the CSV has the counts and every ranked
// figure's ends, and the HTML report a tornado chart for each headline.
func TestRunSensitivityFormats(t *testing.T) {
	t.Parallel()
	args := []string{"run", "--sensitivity", "--quiet", "--workers", "1", tinyAssumed}
	text := words(mustRun(t, args...))
	for _, want := range []string{"What these figures rest on", "Of the 16 figures in the scenario file, 5 are assumed, 11 sourced",
		"The 3 assumptions that move the headline most", "2 assumed figures were not moved"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	md := mustRun(t, withFormat(args, "markdown")...)
	if !strings.Contains(md, "## What these figures rest on") {
		t.Errorf("markdown lacks the section")
	}
	csv := mustRun(t, withFormat(args, "csv")...)
	for _, want := range []string{",figures_assumed,5,", "share_referred_within_target with lots[Victims].service.caseworkers.caseload_per_fte=16,",
		"wait_p90 swing with demand.streams[1].referrals_per_year,"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	dir := filepath.Join(t.TempDir(), "rep")
	mustRun(t, append([]string{"run", "--sensitivity", "--quiet", "--workers", "1", "--report", dir}, tinyAssumed)...)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"What these figures rest on", "What moves Victims, share of referred seen within target", "What moves Victims, 90th percentile wait"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	// Without --sensitivity the section still counts and points to it.
	plain := words(mustRun(t, "run", "--quiet", "--workers", "1", tinyAssumed))
	if !strings.Contains(plain, "lotsim run --sensitivity moves each assumed figure") || strings.Contains(plain, "move the headline most") {
		t.Errorf("run without --sensitivity: want the counts and a pointer to --sensitivity:\n%s", plain)
	}
}

// TestCheckFigures: json always lists the figures, text and markdown the
// counts and the unmarked, and --figures every one.
func TestCheckFigures(t *testing.T) {
	t.Parallel()
	out, _, code := runIn(t, "check", "--format", "json", "scenarios/rotherham-2021.yaml")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var results []CheckResult
	decodeStrict(t, out, &results)
	r := results[0]
	if r.FigureCounts == nil || r.FigureCounts.Unmarked != 1 || len(r.Figures) != r.FigureCounts.Total() {
		t.Fatalf("counts %+v with %d figures: want 1 unmarked and a figure for each count", r.FigureCounts, len(r.Figures))
	}
	var unmarked []CheckFigure
	for _, f := range r.Figures {
		if f.Status == "unmarked" {
			unmarked = append(unmarked, f)
		}
	}
	if len(unmarked) != 1 || unmarked[0].Path != "stated.year" || unmarked[0].Line != 73 || unmarked[0].Value != "2022/23" {
		t.Errorf("unmarked %+v, want stated.year = 2022/23 at line 73", unmarked)
	}
	text := words(mustRun(t, "check", "scenarios/rotherham-2021.yaml"))
	if !strings.Contains(text, "1 unmarked; unmarked (no comment says where it comes from): - line 73, unmarked: stated.year = 2022/23") || strings.Contains(text, "assumed: ") {
		t.Errorf("check text: want the counts and the unmarked figure only:\n%s", text)
	}
	all := mustRun(t, "check", "--figures", "scenarios/rotherham-2021.yaml")
	if n := strings.Count(all, "\n  - line "); n != r.FigureCounts.Total() {
		t.Errorf("check --figures lists %d figures, want %d", n, r.FigureCounts.Total())
	}
	csv := mustRun(t, "check", "--figures", "--format", "csv", "scenarios/rotherham-2021.yaml")
	if n := strings.Count(csv, ",figure:"); n != r.FigureCounts.Total() {
		t.Errorf("check --figures --format csv has %d figure rows, want %d", n, r.FigureCounts.Total())
	}
	if csv := mustRun(t, "check", "--format", "csv", "scenarios/rotherham-2021.yaml"); strings.Contains(csv, ",figure:") {
		t.Errorf("check --format csv without --figures lists figures")
	}
}
