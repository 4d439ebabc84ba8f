package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValueText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"£38000", "£38,000"}, {"38000", "38,000"}, {"£1234567.50", "£1,234,567.50"}, {"+1000", "+1,000"},
		{"x1.1", "x1.1"}, {"2%", "2%"}, {"-1%", "-1%"}, {"£999", "£999"}, {"3 years", "3 years"}, {"2025-04-01", "2025-04-01"},
	}
	for _, tt := range tests {
		if got := valueText(tt.in); got != tt.want {
			t.Errorf("valueText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPathLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     []string
		want   []string
		reason string
	}{
		{"named items", []string{"lots[Victims].service.caseworkers.cost_per_fte", "demand.streams[*].growth"},
			[]string{"cost per FTE (Victims)", "growth"}, ""},
		{"same label twice", []string{"funders[0].annual.amount", "funders[1].annual.amount"},
			[]string{"funders[0].annual.amount", "funders[1].annual.amount"}, "two columns headed \"amount\" could not be told apart"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, pathLabels(tt.in)); diff != "" {
			t.Errorf("%s: pathLabels (-want +got):\n%s%s", tt.name, diff, tt.reason)
		}
	}
}

// TestThousandsSeparators checks that money and counts a person reads are
// grouped (£38,000, 13,309) in text and markdown, while CSV and JSON keep
// plain machine-readable numbers.
func TestThousandsSeparators(t *testing.T) {
	t.Parallel()
	sweep := []string{"sweep", "--replications", "2", "--quiet", "scenarios/staffordshire-2023.yaml",
		"--vary", "lots[Victims].service.caseworkers.cost_per_fte=£38k:£44k:£6k"}
	for _, tt := range []struct {
		args          []string
		want, notWant string
	}{
		{[]string{"budget", "scenarios/essex-2025.yaml"}, "13,309", "13309"},
		{[]string{"budget", "--format", "markdown", "scenarios/essex-2025.yaml"}, "13,309", "13309"},
		{sweep, "£38,000", "£38000"},
		{withFormat(sweep, "markdown"), "£38,000", "£38000"},
		{withFormat(sweep, "csv"), "£38000", "£38,000"},
	} {
		out := mustRun(t, tt.args...)
		if !strings.Contains(out, tt.want) || strings.Contains(out, tt.notWant) {
			t.Errorf("lotsim %s: want %q, not %q", strings.Join(tt.args, " "), tt.want, tt.notWant)
		}
	}
}
