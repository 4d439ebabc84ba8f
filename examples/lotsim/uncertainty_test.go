package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fittedTiny has one fitted figure with its interval: a rate.
const fittedTiny = `name: Fitted tiny
base_year: 2024/25
areas: [Northshire]
funders:
  - name: Northshire Council   # seed 001
    contributions:
      - {year: 2024/25, amount: "£500,000"}   # seed 001
contracts:
  - {name: Support, start: 2024-04-01, initial_term: 1 year}   # seed 001
lots:
  - name: Victims
    kind: community_victim_support
    wait_targets: {standard: 28 days}   # seed 001
    service:
      caseworkers: {fte: 10, caseload_per_fte: 20, case_length: {fixed: 30 days}}   # assumption
demand:
  start: 2024-04-01
  streams:
    - area: Northshire
      client_group: victim
      referrals_per_year: 1000   # fitted: r.csv (SHA-256 614382a33cb1…), 2,000 rows, 2022-04-01 to 2024-03-31, 95% CI 800 to 1,250
      risk_mix: {standard: 100%}   # seed 001
routing:
  - {client_groups: [victim], lot: Victims}
simulation:
  seed: 11
  replications: 20
`

// TestRunParameterUncertainty: --parameter-uncertainty says in the report
// and the JSON that the intervals include the fitted figures' draws, and
// a scenario with no fitted figure is refused (exit 2).
func TestRunParameterUncertainty(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "fitted.yaml")
	if err := os.WriteFile(path, []byte(fittedTiny), 0o644); err != nil {
		t.Fatal(err)
	}
	const para = "The intervals include parameter uncertainty: 1 fitted figure was drawn from its sampling distribution once per replication"
	out, errOut, code := runIn(t, "run", "--quiet", "--parameter-uncertainty", path)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(strings.Join(strings.Fields(out), " "), para) {
		t.Errorf("the report does not say %q:\n%s", para, out)
	}
	plain, errOut, code := runIn(t, "run", "--quiet", path)
	if code != exitOK || strings.Contains(plain, "parameter uncertainty") {
		t.Errorf("without the flag: exit %d, stderr %q; the report must not mention parameter uncertainty", code, errOut)
	}
	js, errOut, code := runIn(t, "run", "--quiet", "--format", "json", "--parameter-uncertainty", path)
	var r struct {
		Drawn int `json:"parameter_uncertainty_figures"`
	}
	if code != exitOK || json.Unmarshal([]byte(js), &r) != nil || r.Drawn != 1 {
		t.Errorf("JSON: exit %d, stderr %q, parameter_uncertainty_figures %d, want 1", code, errOut, r.Drawn)
	}
	_, errOut, code = runIn(t, "run", "--quiet", "--replications", "2", "--parameter-uncertainty", "scenarios/staffordshire-2023.yaml")
	if code != exitInvalid || !strings.Contains(errOut, "no fitted figure") {
		t.Errorf("a scenario with no fitted figure: exit %d, stderr %q; want exit %d saying it has no fitted figure", code, errOut, exitInvalid)
	}
}
