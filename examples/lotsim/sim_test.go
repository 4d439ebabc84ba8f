package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// Small, fixed runs for the golden files: few replications keep the test
// quick; the seed fixes every number.
var (
	goldenRun = []string{"run", "--replications", "4", "--workers", "2", "scenarios/staffordshire-2023.yaml"}
	// The ranking of every assumption of the 2023 scenario: 1 + 2 × 28
	// points, of two replications each.
	goldenSensitivity = []string{"run", "--sensitivity", "--replications", "2", "--workers", "2", "scenarios/staffordshire-2023.yaml"}
	goldenCompare     = []string{"compare", "--replications", "4", "--workers", "2", "scenarios/staffordshire-2018.yaml", "scenarios/staffordshire-2023.yaml"}
	goldenSweep       = []string{"sweep", "--replications", "3", "--workers", "2", "scenarios/staffordshire-2023.yaml",
		"--vary", "lots[Victims].service.caseworkers.cost_per_fte=£38k:£44k:£6k",
		"--tornado", "demand.streams[*].growth=-1%:+1%", "--tornado", "lots[Victims].service.caseworkers.caseload_per_fte=x0.9:x1.1",
		"--outcome", "Victims:standard_risk_wait_p90"}
)

// mustRun runs a command line that must succeed.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := runIn(t, args...)
	if code != exitOK {
		t.Fatalf("lotsim %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func withFormat(args []string, f string) []string {
	return append(slices.Clone(args), "--format", f)
}

// TestSimGolden compares run, compare and sweep text and markdown with the
// reviewed output in testdata.
func TestSimGolden(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
	}{{"run", goldenRun}, {"run-sensitivity", goldenSensitivity}, {"compare", goldenCompare}, {"sweep", goldenSweep}} {
		for _, f := range []string{"text", "markdown"} {
			t.Run(c.name+"-"+f, func(t *testing.T) {
				t.Parallel()
				ext := map[string]string{"text": ".txt", "markdown": ".md"}[f]
				golden(t, "sim/"+c.name+ext, mustRun(t, withFormat(c.args, f)...))
			})
		}
	}
}

// decodeStrict decodes JSON into v, refusing fields v does not document.
func decodeStrict(t *testing.T, data string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("JSON does not decode into %T: %v", v, err)
	}
}

// TestRunShippedScenarios runs every shipped scenario briefly and decodes
// its JSON into the documented types.
func TestRunShippedScenarios(t *testing.T) {
	t.Parallel()
	for _, file := range shippedScenarios(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			out := mustRun(t, "run", "--replications", "2", "--workers", "1", "--format", "json", file)
			var r report.Run
			decodeStrict(t, out, &r)
			if r.File != file || r.Replications != 2 || r.Version != lotsim.Version || r.Date != "2025-03-31" || len(r.SHA256) != 64 {
				t.Errorf("provenance: file %q replications %d version %q date %q sha %q", r.File, r.Replications, r.Version, r.Date, r.SHA256)
			}
			if len(r.Lots) == 0 || len(r.Lots[0].Cells) == 0 || r.Budget == nil {
				t.Fatalf("no lots, cells or budget")
			}
		})
	}
}

func TestCompareAndSweepJSON(t *testing.T) {
	t.Parallel()
	var c report.Compare
	decodeStrict(t, mustRun(t, withFormat(goldenCompare, "json")...), &c)
	if len(c.Scenarios) != 2 || len(c.Comparisons) != 1 || c.Replications != 4 || c.Seed != 20181001 {
		t.Errorf("compare: %d scenarios, %d comparisons, %d replications, seed %d", len(c.Scenarios), len(c.Comparisons), c.Replications, c.Seed)
	}
	var s report.Sweep
	decodeStrict(t, mustRun(t, withFormat(goldenSweep, "json")...), &s)
	if len(s.Points) != 2 || s.Tornado == nil || len(s.Tornado.Parameters) != 2 {
		t.Fatalf("sweep: %d points, tornado %v", len(s.Points), s.Tornado)
	}
	// Every point shares the seed, so the perpetrator lot, which the
	// varied victim caseworker cost cannot touch, gives the same numbers.
	perp := func(p report.SweepPoint) []report.SweepResult {
		return slices.DeleteFunc(slices.Clone(p.Results), func(r report.SweepResult) bool { return r.Lot != "Perpetrators" })
	}
	if diff := cmp.Diff(perp(s.Points[0]), perp(s.Points[1]), cmp.Comparer(floatEqual)); diff != "" {
		t.Errorf("Perpetrators differ between sweep points with common random numbers (-first +second):\n%s", diff)
	}
	// Dearer caseworkers buy fewer: the victims' 90th percentile wait
	// rises from £38k to £44k a post.
	w := func(p report.SweepPoint) float64 {
		for _, r := range p.Results {
			if r.Lot == "Victims" && r.Metric == "wait_p90" {
				return float64(r.Estimate.Mean)
			}
		}
		t.Fatal("no Victims wait_p90")
		return 0
	}
	if !(w(s.Points[1]) > w(s.Points[0])) {
		t.Errorf("Victims wait_p90 %v at £38k, %v at £44k; want it to rise", w(s.Points[0]), w(s.Points[1]))
	}
}

// TestSweepPointIsARun checks a sweep point against a run of the same
// scenario: setting a value to the file's own (£41,400 a post) must give
// exactly the numbers of run, since both use the scenario's seed.
func TestSweepPointIsARun(t *testing.T) {
	t.Parallel()
	var s report.Sweep
	decodeStrict(t, mustRun(t, "sweep", "--replications", "3", "--format", "json", "scenarios/staffordshire-2023.yaml",
		"--vary", "lots[Victims].service.caseworkers.cost_per_fte=£41,400", "--metric", "Victims:high_risk_wait_p90", "--metric", "year_end_waiting"), &s)
	var r report.Run
	decodeStrict(t, mustRun(t, "run", "--replications", "3", "--format", "json", "scenarios/staffordshire-2023.yaml"), &r)
	want := map[string]report.Estimate{}
	for _, l := range r.Lots {
		total, _ := l.Cell("", "", "")
		high, _ := l.Cell("", "", "high")
		want[l.Name+" high wait_p90"] = high.WaitP90
		want[l.Name+" year_end_waiting"] = total.YearEndWaiting
	}
	if len(s.Points) != 1 || len(s.Points[0].Results) != 3 {
		t.Fatalf("sweep results %+v", s.Points)
	}
	for _, res := range s.Points[0].Results {
		key := res.Lot + " " + strings.TrimSpace(res.Risk+" "+res.Metric)
		if diff := cmp.Diff(want[key], res.Estimate, cmp.Comparer(floatEqual)); diff != "" {
			t.Errorf("%s: sweep differs from run (-run +sweep):\n%s", key, diff)
		}
	}
}

func floatEqual(a, b report.Float) bool { return a == b || (a != a && b != b) }

// TestCompareMatchesPaired checks compare's paired differences, computed
// from the per-replication hook, against lotsim.Paired, an independent
// implementation, for figures of lots both scenarios have; and that the
// totals' count differences are the sums of the lots'.
func TestCompareMatchesPaired(t *testing.T) {
	t.Parallel()
	var c report.Compare
	decodeStrict(t, mustRun(t, withFormat(goldenCompare, "json")...), &c)
	a, err := scenario.Load("scenarios/staffordshire-2018.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := scenario.Load("scenarios/staffordshire-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	metrics := []lotsim.PairedMetric{
		{Lot: "Victims", Year: simulate.AllYears, Risk: lotting.High, Metric: simulate.WaitP90},
		{Lot: "Victims", Year: simulate.AllYears, Risk: lotting.Standard, Metric: simulate.WithinTarget},
		{Lot: "Victims", Year: simulate.AllYears, Risk: lotting.Standard, Metric: simulate.ReferredWithinTarget},
		{Lot: "Perpetrators", Year: simulate.AllYears, Metric: simulate.YearEndWaiting},
	}
	diffs, err := lotsim.Paired(context.Background(), a, b, lotsim.SimOptions{Replications: 4, Workers: 1}, metrics)
	if err != nil {
		t.Fatal(err)
	}
	find := func(lot, risk, metric string) report.Difference {
		for _, d := range c.Comparisons[0].Differences {
			if d.Lot == lot && d.Risk == risk && d.Metric == metric {
				return d
			}
		}
		t.Fatalf("compare has no %s %s %s", lot, risk, metric)
		return report.Difference{}
	}
	for _, pd := range diffs {
		risk := ""
		if pd.Risk != simulate.AllRisks {
			risk = pd.Risk.String()
		}
		got := find(pd.Lot, risk, pd.Metric.String())
		want := report.Estimate{Mean: report.Float(pd.Mean), Lo: report.Float(pd.CI.Lo), Hi: report.Float(pd.CI.Hi), N: pd.Diff.N()}
		if diff := cmp.Diff(want, got.Diff, cmp.Comparer(floatEqual)); diff != "" {
			t.Errorf("%s %s %s: compare differs from lotsim.Paired (-Paired +compare):\n%s", pd.Lot, risk, pd.Metric, diff)
		}
	}
	for _, m := range []string{"starts", "completions", "disengaged"} {
		sum := float64(find("Victims", "", m).Diff.Mean + find("Perpetrators", "", m).Diff.Mean)
		if got := float64(find("", "", m).Diff.Mean); abs(got-sum) > 1e-9*abs(sum) {
			t.Errorf("all lots %s: difference %v, the lots' add up to %v", m, got, sum)
		}
	}
}

// TestCompareStatesEveryClearDifference: every difference that meets the
// stated rule (interval excluding zero, practical size) has a sentence,
// and the inputs that differ are listed, in paths sweep accepts.
func TestCompareStatesEveryClearDifference(t *testing.T) {
	t.Parallel()
	var c report.Compare
	decodeStrict(t, mustRun(t, withFormat(goldenCompare, "json")...), &c)
	cmpn := c.Comparisons[0]
	whole := map[[2]string]float64{}
	for _, d := range cmpn.Differences {
		if d.Risk == "" {
			whole[[2]string{d.Lot, d.Metric}] = float64(d.Diff.Mean)
		}
	}
	want := 0
	for _, d := range cmpn.Differences {
		if w, ok := whole[[2]string{d.Lot, d.Metric}]; d.Risk != "" && ok && w == float64(d.Diff.Mean) {
			continue
		}
		if d.Diff.N >= 2 && d.Diff.Excludes(0) && practical(d) {
			want++
		}
	}
	got := 0
	for _, f := range cmpn.Findings {
		if strings.HasPrefix(f, "The alternative ") {
			got++
		}
	}
	if got != want || want == 0 {
		t.Errorf("%d sentences for %d differences that meet the rule", got, want)
	}
	if !strings.Contains(strings.Join(cmpn.Findings, "\n"), "standard-risk share of referred people seen within target at Victims") {
		t.Errorf("no sentence on the standard-risk share of referred people seen within target at Victims:\n%s", strings.Join(cmpn.Findings, "\n"))
	}
	found := false
	for _, ch := range cmpn.InputChanges {
		if ch.Path == "lots[Victims].service.caseworkers.cost_per_fte" && ch.Kind == "changed" && ch.A == "£33,600" && ch.B == "£41,400" {
			found = true
		}
	}
	if !found {
		t.Errorf("input changes do not include the Victims cost per FTE, £33,600 to £41,400: %+v", cmpn.InputChanges)
	}
	// Counts are rates a year: the periods differ (4 and 5 years).
	for _, d := range cmpn.Differences {
		if d.Metric == "referrals" && d.Unit != "a year" {
			t.Errorf("referrals compared in %q, want a year", d.Unit)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestCompareReproducible runs one comparison twice, with different
// worker counts: the numbers must be identical.
func TestCompareReproducible(t *testing.T) {
	t.Parallel()
	args := []string{"compare", "--replications", "3", "scenarios/staffordshire-2023.yaml", "scenarios/staffordshire-2023-one-to-one.yaml"}
	first := mustRun(t, append(slices.Clone(args), "--workers", "1")...)
	second := mustRun(t, append(slices.Clone(args), "--workers", "2")...)
	if first != second {
		t.Errorf("the same comparison printed different numbers:\n%s", cmp.Diff(first, second))
	}
}

// TestCSV checks that every command's CSV is one tidy table with the
// provenance on every record.
func TestCSV(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		args  []string
		first string // an extra first column, if any
	}{{"run", goldenRun, ""}, {"compare", goldenCompare, "scenario"}, {"sweep", goldenSweep, "point"}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			recs, err := csv.NewReader(strings.NewReader(mustRun(t, withFormat(c.args, "csv")...))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := append(append([]string{}, render.TidyHeader...), render.ProvenanceHeader...)
			if c.first != "" {
				want = append([]string{c.first}, want...)
			}
			if len(recs) < 2 {
				t.Fatalf("%d records", len(recs))
			}
			if diff := cmp.Diff(want, recs[0]); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			for _, r := range recs[1:] {
				if r[len(r)-1] != "2025-03-31" || r[len(r)-2] != lotsim.Version {
					t.Fatalf("record without provenance: %v", r)
				}
			}
		})
	}
}

func TestSimUsageErrors(t *testing.T) {
	t.Parallel()
	const f = "scenarios/staffordshire-2023.yaml"
	tests := []struct {
		name string
		args []string
		want int
		says string
	}{
		{"run of two files", []string{"run", f, f}, exitInvalid, "exactly one"},
		{"run of a broken file", []string{"run", "scenario/testdata/broken/empty.yaml"}, exitInvalid, "not a valid scenario"},
		{"bad horizon", []string{"run", "--horizon", "forever", f}, exitInvalid, "--horizon"},
		{"negative replications", []string{"run", "--replications", "-1", f}, exitInvalid, "--replications"},
		{"stop and replications", []string{"run", "--replications", "5", "--stop", "wait_p90", f}, exitInvalid, "not both"},
		{"unknown stop metric", []string{"run", "--stop", "wait_p99", f}, exitInvalid, "metric"},
		{"bad seed", []string{"run", "--seed", "-3", f}, exitInvalid, "seed"},
		{"bad format", []string{"run", "--format", "xml", f}, exitInvalid, "want text, markdown, json or csv"},
		{"compare one file", []string{"compare", f}, exitInvalid, "at least one scenario"},
		{"compare with a stopping rule", []string{"compare", "--stop", "wait_p90", f, f}, exitInvalid, "--stop"},
		{"sweep without ranges", []string{"sweep", f}, exitInvalid, "--vary"},
		{"sweep of an unknown lot", []string{"sweep", f, "--vary", "lots[Victim].service.caseworkers.fte=1:2:1"}, exitInvalid, `no item named "Victim"`},
		{"sweep to an invalid value", []string{"sweep", "--replications", "2", f, "--vary", "lots[0].service.caseworkers.caseload_per_fte=-2:-1:1"}, exitInvalid, "caseload_per_fte"},
		{"sweep range in two units", []string{"sweep", f, "--vary", "demand.streams[*].growth=0%:6:1"}, exitInvalid, "same unit"},
		{"tornado without a colon", []string{"sweep", f, "--tornado", "demand.streams[*].growth=1%"}, exitInvalid, "LOW:HIGH"},
		{"unknown outcome", []string{"sweep", f, "--tornado", "demand.streams[*].growth=-1%:+1%", "--outcome", "wait_p99"}, exitInvalid, "METRIC"},
		{"too many replications", []string{"run", "--replications", "100001", f}, exitInvalid, "from 1 to 100,000"},
		{"stop-max above the maximum", []string{"run", "--stop", "wait_p90", "--stop-max", "200000", f}, exitInvalid, "--stop-max"},
		{"stop-lot without stop", []string{"run", "--stop-lot", "Victims", f}, exitInvalid, "--stop-lot only shapes a stopping rule: add --stop METRIC"},
		{"stop-min and stop-max without stop", []string{"run", "--replications", "2", "--stop-min", "5", "--stop-max", "9", f}, exitInvalid, "--stop-min and --stop-max only shape"},
		{"stop-precision without stop", []string{"sweep", f, "--stop-precision", "2%", "--vary", "demand.streams[*].growth=0%:2%:2%"}, exitInvalid, "add --stop"},
		{"compare with stop-lot", []string{"compare", "--stop-lot", "Victims", f, f}, exitInvalid, "--stop-*"},
		{"report into a missing directory", []string{"run", "--replications", "2", "--report", "no-such-dir/report", f}, exitInvalid, "no-such-dir does not exist"},
		{"report over a file", []string{"run", "--replications", "2", "--report", "README.md", f}, exitInvalid, "README.md exists and is not a directory"},
		{"compare report into a missing directory", []string{"compare", "--replications", "2", "--report", "no-such-dir/report", f, f}, exitInvalid, "does not exist"},
		{"run help", []string{"run", "--help"}, exitOK, ""},
		{"sweep help", []string{"sweep", "--help"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errOut, code := runIn(t, tt.args...)
			if code != tt.want {
				t.Errorf("lotsim %s: exit %d, want %d; stderr:\n%s", strings.Join(tt.args, " "), code, tt.want, errOut)
			}
			if !strings.Contains(errOut, tt.says) {
				t.Errorf("stderr does not say %q:\n%s", tt.says, errOut)
			}
		})
	}
}

// TestReportDir writes a report directory, replaces it, and refuses to
// replace a directory holding someone else's files.
func TestReportDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	args := []string{"run", "--replications", "2", "--quiet", "--report", dir, "scenarios/staffordshire-2023.yaml"}
	mustRun(t, args...)
	for _, f := range []string{"report.html", "results.json", "results.csv", "figures/figure-1.svg", render.ManifestName} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("report lacks %s: %v", f, err)
		}
	}
	mustRun(t, args...) // a report lotsim wrote is replaced
	other := filepath.Join(t.TempDir(), "notes")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "mine.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Refused before simulating, as invalid input.
	_, errOut, code := runIn(t, "run", "--replications", "2", "--report", other, "scenarios/staffordshire-2023.yaml")
	if code != exitInvalid || !strings.Contains(errOut, "--report") || !strings.Contains(errOut, "mine.txt") {
		t.Errorf("report over a foreign directory: exit %d, stderr %q; want %d", code, errOut, exitInvalid)
	}
	if b, err := os.ReadFile(filepath.Join(other, "mine.txt")); err != nil || !bytes.Equal(b, []byte("keep")) {
		t.Errorf("the foreign file was touched: %q, %v", b, err)
	}
}

// practical restates the size a difference must have for compare to state
// it: half a day of waiting, one percentage point of a share, one person.
func practical(d report.Difference) bool {
	size := abs(float64(d.Diff.Mean))
	switch d.Unit {
	case "days":
		return size >= 0.5
	case "share":
		return size >= 0.01
	}
	return size >= 1
}
