package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/scenario"
)

const (
	fitRecords = "testdata/records/staffordshire-2023.csv"
	fitBase    = "scenarios/staffordshire-2023.yaml"
)

// TestFitJSON fits the shipped synthetic extract and checks the JSON a
// program reads: every stream and lot with its estimates as plain numbers
// in an interval, and no directory of the records in it.
func TestFitJSON(t *testing.T) {
	t.Parallel()
	out, errOut, code := runIn(t, "fit", fitRecords, "--base", fitBase, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if strings.Contains(out, "testdata/") {
		t.Errorf("the JSON names the records' directory; it must give the file name only")
	}
	var r struct {
		Streams []struct {
			Area             string        `json:"area"`
			ClientGroup      string        `json:"client_group"`
			ReferralsPerYear *estimateJSON `json:"referrals_per_year"`
			Growth           *estimateJSON `json:"growth"`
		} `json:"streams"`
		Lots []struct {
			Name               string        `json:"name"`
			CaseLengthMeanDays *estimateJSON `json:"case_length_mean_days"`
			PatienceMeanDays   *estimateJSON `json:"patience_mean_days"`
			DropOutShare       *estimateJSON `json:"drop_out_share"`
		} `json:"lots"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Streams) != 6 || len(r.Lots) != 2 {
		t.Fatalf("%d streams and %d lots; want the scenario's 6 (victims, perpetrators and children in each area) and 2", len(r.Streams), len(r.Lots))
	}
	// The extract was generated from the scenario itself: each interval
	// should hold the value it was made with (a wide check; the coverage
	// over many seeds is tested in package fit).
	if s := r.Streams[0]; s.Area != "Staffordshire" || s.ClientGroup != "victim" || !s.ReferralsPerYear.holds(4497) || !s.Growth.holds(0) {
		t.Errorf("first stream %+v: want Staffordshire victims with 4,497 a year and no growth inside their intervals", s)
	}
	v := r.Lots[0]
	if v.Name != "Victims" || !v.CaseLengthMeanDays.holds(80) || !v.PatienceMeanDays.holds(90) {
		t.Errorf("Victims: case length %+v, patience %+v; want intervals holding 80 and 90 days", v.CaseLengthMeanDays, v.PatienceMeanDays)
	}
	if p := r.Lots[1]; p.CaseLengthMeanDays != nil || !p.DropOutShare.holds(0.4) {
		t.Errorf("Perpetrators: case length %+v (want none: group work), drop-out %+v (want an interval holding 0.4)", p.CaseLengthMeanDays, p.DropOutShare)
	}
}

type estimateJSON struct {
	Estimate float64 `json:"estimate"`
	Lo       float64 `json:"ci_lo"`
	Hi       float64 `json:"ci_hi"`
}

func (e *estimateJSON) holds(v float64) bool {
	return e != nil && e.Lo <= e.Estimate && e.Estimate <= e.Hi && e.Lo <= v && v <= e.Hi
}

// TestFitOut writes the fitted scenario and checks that it is valid, that
// only the lines with a fitted comment differ from the base, and that
// every one of those says where it came from.
func TestFitOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "fitted.yaml")
	_, errOut, code := runIn(t, "fit", fitRecords, "--base", fitBase, "--out", path, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := scenario.LoadValid(path); err != nil {
		t.Fatalf("the fitted scenario is not valid: %v", err)
	}
	got, _ := os.ReadFile(path)
	base, _ := os.ReadFile(fitBase)
	gl, bl := strings.Split(string(got), "\n"), strings.Split(string(base), "\n")
	changed := 0
	j := 0
	for _, line := range gl {
		if j < len(bl) && line == bl[j] {
			j++
			continue
		}
		changed++
		if !strings.Contains(line, "# fitted: staffordshire-2023.csv (SHA-256 ") || strings.Contains(line, "testdata") {
			t.Errorf("changed line without a fitted comment naming the file alone: %q", line)
		}
		if j < len(bl) && !strings.HasPrefix(bl[j], strings.Repeat(" ", len(line)-len(strings.TrimLeft(line, " ")))) {
			t.Errorf("changed line %q does not keep the indentation of %q", line, bl[j])
		}
		if j < len(bl) && strings.Fields(bl[j])[0] == strings.Fields(line)[0] {
			j++ // the same key, its value fitted
		}
	}
	if j != len(bl) {
		t.Errorf("the fitted file lost base lines from %d on: %q", j+1, bl[j])
	}
	if changed < 15 {
		t.Errorf("only %d lines changed; want every stream's rate, mix and growth, the lots' case length and patience, and the seasonality", changed)
	}
}

// TestFitBadRecords: records with problems are reported row by row, the
// exit is 2 and nothing is written.
func TestFitBadRecords(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("referral_date,area,client_group,risk,lot,start_date,end_date,outcome\n"+
		"2024-13-01,Staffordshire,victim,standard,Victims,,,waiting\n"+
		"2024-01-02,Staffordshire,victim,standard,Victims,2024-01-05,2024-01-03,completed\n"+
		"2024-01-02,Staffs,victim,standard,Victims,,,lost\n"), 0o644)
	out := filepath.Join(dir, "fitted.yaml")
	stdout, errOut, code := runIn(t, "fit", bad, "--base", fitBase, "--out", out)
	if code != exitInvalid || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want exit %d and nothing on stdout", code, stdout, exitInvalid)
	}
	for _, want := range []string{
		`row 2, column 1: referral_date: "2024-13-01" is not a date`,
		`row 3, column 7: end_date: end date "2024-01-03" is before the start date "2024-01-05"`,
		`row 4, column 2: area: "Staffs" is not one of the scenario's areas`,
		`row 4, column 8: outcome: "lost" is not an outcome`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a fitted scenario was written from bad records")
	}
}
