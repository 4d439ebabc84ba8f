package main

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/funding"
)

// TestBudgetMarkdownGolden keeps the markdown form of one budget under
// review, as the text form is for every scenario.
func TestBudgetMarkdownGolden(t *testing.T) {
	t.Parallel()
	out, errOut, code := runIn(t, "budget", "--format", "markdown", "scenarios/staffordshire-2018.yaml")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	golden(t, "budget/staffordshire-2018.md", out)
}

// TestBudgetCSV reads every shipped scenario's budget CSV back and checks,
// from the CSV alone, that each year's lot cash plus the unallocated
// remainder is the pool's cash to the penny, and that earmarked and general
// money add up to each lot's cash and to the pool's, with the funders'
// earmark rows adding up to each lot's earmarked money.
func TestBudgetCSV(t *testing.T) {
	t.Parallel()
	for _, file := range shippedScenarios(t) {
		out, errOut, code := runIn(t, "budget", "--format", "csv", file)
		if code != exitOK {
			t.Fatalf("%s: exit %d, stderr:\n%s", file, code, errOut)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("%s: not CSV: %v", file, err)
		}
		if got := strings.Join(rows[0], ","); got != strings.Join(budgetCSVHeader, ",") {
			t.Fatalf("%s: header %s", file, got)
		}
		pool := map[string]funding.Money{}
		parts := map[string]funding.Money{}
		split := map[string]funding.Money{}    // pool earmarked + general, by year
		lotCash := map[string]funding.Money{}  // by lot and year
		lotSplit := map[string]funding.Money{} // lot earmarked + general
		byFunder := map[string]funding.Money{} // earmark rows to lots, by lot and year
		lotEarmarked := map[string]funding.Money{}
		for _, r := range rows[1:] {
			section, item, year, metric, value := r[2], r[3], r[4], r[5], r[6]
			m := funding.MustParseMoney
			switch {
			case section == "pool" && metric == "cash":
				pool[year] = m(value)
			case section == "pool" && (metric == "earmarked" || metric == "general"):
				split[year] = split[year].Add(m(value))
			case section == "lot" && (metric == "earmarked" || metric == "general"):
				lotSplit[item+"|"+year] = lotSplit[item+"|"+year].Add(m(value))
				if metric == "earmarked" {
					lotEarmarked[item+"|"+year] = m(value)
				}
			case section == "earmark" && strings.HasPrefix(metric, "lot:"):
				k := strings.TrimPrefix(metric, "lot:") + "|" + year
				byFunder[k] = byFunder[k].Add(m(value))
			}
			switch {
			case section == "pool" && metric == "unallocated", section == "lot" && metric == "cash":
				parts[year] = parts[year].Add(funding.MustParseMoney(value))
			}
			if section == "lot" && metric == "cash" {
				lotCash[item+"|"+year] = m(value)
			}
		}
		for year, cash := range pool {
			if !split[year].Equal(cash) {
				t.Errorf("%s %s: pool earmarked + general = %s, pool = %s", file, year, split[year], cash)
			}
		}
		for k, cash := range lotCash {
			if !lotSplit[k].Equal(cash) {
				t.Errorf("%s %s: lot earmarked + general = %s, cash = %s", file, k, lotSplit[k], cash)
			}
			if !byFunder[k].Equal(lotEarmarked[k]) {
				t.Errorf("%s %s: earmark rows add up to %s, the lot's earmarked %s", file, k, byFunder[k], lotEarmarked[k])
			}
		}
		if len(pool) == 0 {
			t.Fatalf("%s: no pool rows", file)
		}
		for year, cash := range pool {
			if !parts[year].Equal(cash) {
				t.Errorf("%s %s: lots + unallocated = %s, pool = %s", file, year, parts[year], cash)
			}
		}
	}
}

func TestCheckMarkdownAndCSV(t *testing.T) {
	t.Parallel()
	files := []string{"scenarios/staffordshire-2018.yaml", "scenario/testdata/broken/empty.yaml"}
	md, _, code := runIn(t, append([]string{"check", "--format", "markdown"}, files...)...)
	if code != exitInvalid {
		t.Errorf("markdown: exit %d, want %d", code, exitInvalid)
	}
	for _, want := range []string{
		"## scenarios/staffordshire-2018.yaml",
		"- The 2018/19 annual total is stated as £2,157,000.00",
		"## scenario/testdata/broken/empty.yaml",
		"Invalid: 1 error.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	out, _, code := runIn(t, append([]string{"check", "--format", "csv"}, files...)...)
	if code != exitInvalid {
		t.Errorf("csv: exit %d, want %d", code, exitInvalid)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	kinds := map[string]int{}
	for _, r := range rows[1:] {
		kinds[r[0]+" "+r[2]]++
	}
	if kinds["scenarios/staffordshire-2018.yaml finding:total_mismatch"] != 1 || kinds["scenario/testdata/broken/empty.yaml error"] != 1 {
		t.Errorf("rows by file and kind: %v", kinds)
	}
}

// TestDemandShareOfCapacity checks that budget and run call expected
// demand ÷ capacity what it is, "demand as a share of capacity", in every
// form, and that the JSON keeps the deprecated "utilisation" field with
// the same value beside the new one.
func TestDemandShareOfCapacity(t *testing.T) {
	t.Parallel()
	const f = "scenarios/essex-2025.yaml"
	out := mustRun(t, "budget", "--format", "json", f)
	var r struct {
		Capacity []struct {
			Lots []map[string]any `json:"lots"`
		} `json:"capacity"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Capacity) == 0 {
		t.Fatal("no capacity in the budget JSON")
	}
	for _, cy := range r.Capacity {
		for _, l := range cy.Lots {
			share, ok := l["demand_share_of_capacity"]
			if !ok || share != l["utilisation"] {
				t.Errorf("lot %v: demand_share_of_capacity %v, utilisation %v; want both, equal", l["lot"], share, l["utilisation"])
			}
		}
	}
	csvOut := mustRun(t, "budget", "--format", "csv", f)
	if !strings.Contains(csvOut, ",demand_share_of_capacity,") {
		t.Errorf("budget CSV has no demand_share_of_capacity rows")
	}
	// The text forms wrap the header over several lines; markdown (and the
	// HTML, from the same document) keeps it whole.
	for _, args := range [][]string{
		{"budget", "--format", "markdown", f}, {"run", "--replications", "2", "--quiet", "--format", "markdown", f},
	} {
		out := mustRun(t, args...)
		if !strings.Contains(out, "demand as a share of capacity") {
			t.Errorf("lotsim %s does not say \"demand as a share of capacity\"", strings.Join(args, " "))
		}
		if args[0] == "budget" && strings.Contains(out, "utilisation") {
			t.Errorf("lotsim %s still says \"utilisation\" for demand ÷ capacity", strings.Join(args, " "))
		}
	}
	if out := mustRun(t, "budget", f); strings.Contains(out, "utilisation") || !strings.Contains(out, "share of") {
		t.Errorf("lotsim budget %s: still says \"utilisation\", or not \"share of\" capacity:\n%s", f, out)
	}
}

// TestCSVNoFloatNoise checks that no number in the CSV of budget, run,
// compare or sweep carries binary noise such as "35791.97500000001":
// every number has at most ten significant digits.
func TestCSVNoFloatNoise(t *testing.T) {
	t.Parallel()
	const f = "scenarios/staffordshire-2023.yaml"
	for _, args := range [][]string{
		{"budget", f},
		{"run", "--replications", "3", "--quiet", f},
		{"compare", "--replications", "3", "--quiet", "scenarios/staffordshire-2018.yaml", f},
		{"sweep", "--replications", "2", "--quiet", f, "--vary", "demand.streams[*].growth=0%:2%:2%"},
	} {
		out := mustRun(t, withFormat(args, "csv")...)
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("lotsim %s: not CSV: %v", args[0], err)
		}
		for _, rec := range recs[1:] {
			for _, field := range rec {
				if _, err := strconv.ParseFloat(field, 64); err != nil || strings.HasPrefix(field, "'") {
					continue
				}
				digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(field), "0")
				if strings.Contains(field, ".") && len(digits) > 10 {
					t.Errorf("lotsim %s --format csv: %q has float noise (row %q)", args[0], field, rec)
				}
			}
		}
	}
}

// TestBudgetEarmarksGolden keeps the budget of a scenario with earmarks to
// a lot and to an area, in text and CSV, under review. By hand: the pool is
// £600,000; Perpetrators get the remainder, 10% = £60,000, of which the
// PCC's £30,000 is earmarked; the South's £50,000 (half the PCC's money,
// 2024/25 and 2025/26 only) is met by South victims (40% = £240,000) and
// Perpetrators together, £300,000 against £80,000 required.
func TestBudgetEarmarksGolden(t *testing.T) {
	t.Parallel()
	const file = "examples/lotsim/testdata/earmarks.yaml"
	for _, format := range []string{"text", "csv"} {
		out, errOut, code := runIn(t, "budget", "--format", format, file)
		if code != exitOK {
			t.Fatalf("%s: exit %d, stderr:\n%s", format, code, errOut)
		}
		golden(t, "budget/earmarks."+map[string]string{"text": "txt", "csv": "csv"}[format], out)
	}
}
