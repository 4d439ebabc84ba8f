package main

import (
	"encoding/json"
	"testing"
)

// TestRunContacts: the run report's JSON gives the contacts made while
// people waited for a lot that keeps them engaged (Staffordshire 2023's
// perpetrator programme), and none for a lot that does not (Victims); the
// CSV has a contacts row for the first only.
func TestRunContacts(t *testing.T) {
	t.Parallel()
	out, errOut, code := runIn(t, "run", "--replications", "10", "--quiet", "--format", "json", "scenarios/staffordshire-2023.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Lots []struct {
			Name  string `json:"name"`
			Cells []struct {
				Year     string           `json:"year"`
				Area     string           `json:"area"`
				Risk     string           `json:"risk"`
				Contacts *json.RawMessage `json:"contacts"`
			} `json:"cells"`
		} `json:"lots"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, l := range r.Lots {
		for _, c := range l.Cells {
			if c.Year == "" && c.Area == "" && c.Risk == "" {
				has[l.Name] = c.Contacts != nil
			}
		}
	}
	if !has["Perpetrators"] || has["Victims"] {
		t.Errorf("contacts in the whole-period cell: %v; want Perpetrators only (engaged while waiting)", has)
	}
}
