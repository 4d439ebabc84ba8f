package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lotsim/lotsim/lotting"
)

func TestInputChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		a, b   string
		want   []InputChange
		reason string
	}{
		{
			name: "same",
			a:    "name: x\nsimulation: {seed: 1}\n",
			b:    "# a comment\nsimulation:\n  seed: 1   # another\nname: 'x'\n",
			want: nil,
			reason: "comments, key order, flow or block style and quoting " +
				"do not change a value",
		},
		{
			name: "changed scalar",
			a:    "simulation:\n  seed: 1\n  replications: 100\n",
			b:    "simulation:\n  seed: 2\n  replications: 100\n",
			want: []InputChange{{Path: "simulation.seed", A: "1", B: "2", Kind: "changed"}},
		},
		{
			name:   "units are not normalised",
			a:      "lots:\n  - {name: V, wait_targets: {standard: 2 weeks}}\n",
			b:      "lots:\n  - {name: V, wait_targets: {standard: 14 days}}\n",
			want:   []InputChange{{Path: "lots[V].wait_targets.standard", A: "2 weeks", B: "14 days", Kind: "changed"}},
			reason: "only the text is compared; 2 weeks and 14 days are different text",
		},
		{
			name: "added key",
			a:    "simulation:\n  seed: 1\n",
			b:    "simulation:\n  seed: 1\n  start_state: {warm_up: 12 months}\n",
			want: []InputChange{{Path: "simulation.start_state", B: "{warm_up: 12 months}", Kind: "added"}},
		},
		{
			name: "removed key",
			a:    "simulation:\n  seed: 1\n  horizon: max_term\n",
			b:    "simulation:\n  seed: 1\n",
			want: []InputChange{{Path: "simulation.horizon", A: "max_term", Kind: "removed"}},
		},
		{
			name: "removed block written compactly",
			a:    "lots:\n  - name: V\n    wait_targets:\n      high: 2 days   # comment\n      medium: 10 days\n",
			b:    "lots:\n  - name: V\n",
			want: []InputChange{{Path: "lots[V].wait_targets", A: "{high: 2 days, medium: 10 days}", Kind: "removed"}},
		},
		{
			name: "list matched by name, reordered",
			a:    "funders:\n  - {name: A, share: 1%}\n  - {name: B, share: 2%}\n  - {name: C, share: 3%}\n",
			b:    "funders:\n  - {name: C, share: 3%}\n  - {name: A, share: 1%}\n  - {name: B, share: 2%}\n",
			want: nil,
			reason: "items of a list of named mappings are matched by name, " +
				"so reordering alone is not a change",
		},
		{
			name: "list matched by name, reordered and changed",
			a:    "funders:\n  - {name: A, share: 1%}\n  - {name: B, share: 2%}\n  - {name: C, share: 3%}\n",
			b:    "funders:\n  - {name: D, share: 4%}\n  - {name: B, share: 5%}\n  - {name: A, share: 1%}\n",
			want: []InputChange{
				{Path: "funders[B].share", A: "2%", B: "5%", Kind: "changed"},
				{Path: "funders[C]", A: "{name: C, share: 3%}", Kind: "removed"},
				{Path: "funders[D]", B: "{name: D, share: 4%}", Kind: "added"},
			},
			reason: "a's items in a's order, then b's new items in b's order",
		},
		{
			name: "list by index, longer in b",
			a:    "demand:\n  seasonality: [1, 2, 3]\n",
			b:    "demand:\n  seasonality: [1, 2.5, 3, 4, 5]\n",
			want: []InputChange{
				{Path: "demand.seasonality[1]", A: "2", B: "2.5", Kind: "changed"},
				{Path: "demand.seasonality[3]", B: "4", Kind: "added"},
				{Path: "demand.seasonality[4]", B: "5", Kind: "added"},
			},
		},
		{
			name: "list by index, shorter in b",
			a:    "areas: [North, South, East]\n",
			b:    "areas: [North]\n",
			want: []InputChange{
				{Path: "areas[1]", A: "South", Kind: "removed"},
				{Path: "areas[2]", A: "East", Kind: "removed"},
			},
		},
		{
			name: "list by index when an item has no name",
			a:    "start_state:\n  inherited:\n    - {lot: V, waiting: 5}\n    - {lot: P, waiting: 1}\n",
			b:    "start_state:\n  inherited:\n    - {lot: P, waiting: 1}\n    - {lot: V, waiting: 5}\n",
			want: []InputChange{
				{Path: "start_state.inherited[0].lot", A: "V", B: "P", Kind: "changed"},
				{Path: "start_state.inherited[0].waiting", A: "5", B: "1", Kind: "changed"},
				{Path: "start_state.inherited[1].lot", A: "P", B: "V", Kind: "changed"},
				{Path: "start_state.inherited[1].waiting", A: "1", B: "5", Kind: "changed"},
			},
			reason: "without a name key there is nothing to match by but the index",
		},
		{
			name: "nested flow mappings",
			a:    "service:\n  case_length: {lognormal: {mean: 80 days, sd: 60 days}}\n",
			b:    "service:\n  case_length:\n    lognormal:\n      mean: 90 days\n      sd: 60 days\n",
			want: []InputChange{{Path: "service.case_length.lognormal.mean", A: "80 days", B: "90 days", Kind: "changed"}},
		},
		{
			name: "a value changes shape",
			a:    "lots:\n  - {name: P, allocation: remainder}\n",
			b:    "lots:\n  - {name: P, allocation: {percent: 12%}}\n",
			want: []InputChange{{Path: "lots[P].allocation", A: "remainder", B: "{percent: 12%}", Kind: "changed"}},
		},
		{
			name: "names with spaces, dots and quotes",
			a: "lots:\n  - {name: North Essex, fte: 1}\n  - {name: St. Helens, fte: 1}\n" +
				"  - {name: \"'quoted'\", fte: 1}\n  - {name: \"2\", fte: 1}\n",
			b: "lots:\n  - {name: \"2\", fte: 2}\n  - {name: North Essex, fte: 2}\n" +
				"  - {name: St. Helens, fte: 2}\n  - {name: \"'quoted'\", fte: 2}\n",
			want: []InputChange{
				{Path: "lots[North Essex].fte", A: "1", B: "2", Kind: "changed"},
				{Path: `lots["St. Helens"].fte`, A: "1", B: "2", Kind: "changed"},
				{Path: `lots["'quoted'"].fte`, A: "1", B: "2", Kind: "changed"},
				{Path: "lots[3].fte", A: "1", B: "2", Kind: "changed"},
			},
			reason: "a name with a dot, or one that would read as quoted, is quoted; " +
				"a name that reads as an index is written by its index in a",
		},
		{
			name: "name and description first",
			a:    "simulation: {seed: 1}\nname: one\ndescription: first\n",
			b:    "description: second\nsimulation: {seed: 2}\nname: two\n",
			want: []InputChange{
				{Path: "name", A: "one", B: "two", Kind: "changed"},
				{Path: "description", A: "first", B: "second", Kind: "changed"},
				{Path: "simulation.seed", A: "1", B: "2", Kind: "changed"},
			},
		},
		{
			name: "keys only in b follow in b's order",
			a:    "x: 1\n",
			b:    "z: 3\nx: 1\ny: 2\n",
			want: []InputChange{
				{Path: "z", B: "3", Kind: "added"},
				{Path: "y", B: "2", Kind: "added"},
			},
		},
		{
			name: "quoted where the text alone would read differently",
			a:    "stated: {annual_total: \"£2,157,000\", note: 'a: b', empty: ''}\n",
			b:    "stated: {annual_total: \"£2,230,970\", note: 'c: d', empty: x}\n",
			want: []InputChange{
				{Path: "stated.annual_total", A: "£2,157,000", B: "£2,230,970", Kind: "changed"},
				{Path: "stated.note", A: `'a: b'`, B: `'c: d'`, Kind: "changed"},
				{Path: "stated.empty", A: "''", B: "x", Kind: "changed"},
			},
		},
		{
			name: "block scalar written on one line",
			a:    "note: |\n  two\n  lines\n",
			b:    "note: one line\n",
			want: []InputChange{{Path: "note", A: `"two\nlines"`, B: "one line", Kind: "changed"}},
		},
		{
			name: "aliases are followed",
			a:    "x: &v {a: 1}\ny: *v\n",
			b:    "x: {a: 1}\ny: {a: 2}\n",
			want: []InputChange{{Path: "y.a", A: "1", B: "2", Kind: "changed"}},
		},
		{
			name: "null written differently is the same",
			a:    "a:\nb: ~\n",
			b:    "a: null\nb:\n",
			want: nil,
		},
		{
			name: "empty file against a scenario",
			a:    "",
			b:    "name: x\nsimulation: {seed: 1}\n",
			want: []InputChange{
				{Path: "name", B: "x", Kind: "added"},
				{Path: "simulation", B: "{seed: 1}", Kind: "added"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := InputChanges([]byte(tt.a), []byte(tt.b))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("InputChanges (-want +got)\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestInputChangesErrors(t *testing.T) {
	t.Parallel()
	good := []byte("name: x\n")
	bad := []byte("name: [unclosed\n")
	tests := []struct {
		name string
		a, b []byte
		want string
	}{
		{"A", bad, good, "scenario A"},
		{"B", good, bad, "scenario B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := InputChanges(tt.a, tt.b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %s", err, tt.want)
			}
			if !strings.Contains(err.Error(), "yaml:") {
				t.Errorf("error %v does not carry the yaml error", err)
			}
		})
	}
}

func TestInputChangesLimit(t *testing.T) {
	t.Parallel()
	var a, b strings.Builder
	const n = maxInputChanges + 7
	for i := range n {
		fmt.Fprintf(&a, "k%03d: 1\n", i)
		fmt.Fprintf(&b, "k%03d: 2\n", i)
	}
	got, err := InputChanges([]byte(a.String()), []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != maxInputChanges+1 {
		t.Fatalf("%d changes, want %d and a last one saying how many more", len(got), maxInputChanges+1)
	}
	if got[0].Path != "k000" || got[maxInputChanges-1].Path != fmt.Sprintf("k%03d", maxInputChanges-1) {
		t.Errorf("first %q, last listed %q: want the first %d in file order", got[0].Path, got[maxInputChanges-1].Path, maxInputChanges)
	}
	want := InputChange{Path: "…", Kind: "more", B: "7 more changes"}
	if diff := cmp.Diff(want, got[maxInputChanges]); diff != "" {
		t.Errorf("last entry (-want +got)\n%s", diff)
	}
}

// TestInputChangesNameSelector checks that each name a path writes picks
// that item, and only it, when read back by the override path parser.
func TestInputChangesNameSelector(t *testing.T) {
	t.Parallel()
	names := []string{"Victims", "North Essex", "St. Helens", " padded ", `"quoted"`, "'single'", "a=b", "£1.2m lot", "x*", "2", "*", "a]b", "a[b", "+1"}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sel := nameSelector(name, i)
			segs, err := parsePath("lots[" + sel + "].fte")
			if err != nil {
				t.Fatalf("parsePath(lots[%s].fte): %v", sel, err)
			}
			got := segs[0].sels[0]
			if got != name && got != fmt.Sprint(i) {
				t.Errorf("lots[%s] reads as item %q, want %q or index %d", sel, got, name, i)
			}
			if _, err := ParseOverride("lots[" + sel + "].fte=1"); err != nil {
				t.Errorf("ParseOverride: %v", err)
			}
		})
	}
}

// TestInputChangesStaffordshire compares the 2018 contract with its 2023
// recommissioning, as lotsim compare does.
func TestInputChangesStaffordshire(t *testing.T) {
	t.Parallel()
	a := readScenario(t, "../scenarios/staffordshire-2018.yaml")
	b := readScenario(t, "../scenarios/staffordshire-2023.yaml")
	changes, err := InputChanges(a, b)
	if err != nil {
		t.Fatal(err)
	}
	byPath := make(map[string]InputChange)
	for _, c := range changes {
		t.Logf("%-8s %s: %q -> %q", c.Kind, c.Path, c.A, c.B)
		byPath[c.Path] = c
	}
	if len(changes) == 0 || changes[0].Path != "name" {
		t.Errorf("first change %+v, want the name", changes[:min(1, len(changes))])
	}
	// Read from the two files.
	for _, w := range []struct{ path, a, b, kind string }{
		{"demand.start", "2018-10-01", "2023-10-01", "changed"},
		{"simulation.seed", "20181001", "20231001", "changed"},
		{"funders[Staffordshire County Council].annual.from", "2018/19", "2023/24", "changed"},
		{"lots[Victims].service.caseworkers.cost_per_fte", "£33,600", "£41,400", "changed"},
		{"demand.streams[0].referrals_per_year", "3459", "4497", "changed"},
		{"simulation.start_state.warm_up", "12 months", "", "removed"},
		{"lots[Perpetrators].changes", "[{date: 2020-03-23, delivery: casework, convert_groups: true}, {date: 2021-09-01, delivery: group}]", "", "removed"},
	} {
		got, ok := byPath[w.path]
		if !ok {
			t.Errorf("no change at %s", w.path)
			continue
		}
		if got.A != w.a || got.B != w.b || got.Kind != w.kind {
			t.Errorf("%s: %+v, want %s %q -> %q", w.path, got, w.kind, w.a, w.b)
		}
	}
	for _, p := range []string{"demand.shocks", "simulation.start_state.inherited"} {
		if _, ok := byPath[p]; !ok {
			t.Errorf("no change at %s", p)
		}
	}
	// Both files give the funders' amounts in the same cash, so the change
	// is in their years, not their amounts.
	for path := range byPath {
		if strings.HasPrefix(path, "funders[") && strings.HasSuffix(path, ".amount") {
			t.Errorf("%s changed; both files have the same cash contributions", path)
		}
	}
}

// TestInputChangesApplyBack checks that changed paths are in the override
// syntax: setting each changed leaf of staffordshire-2023.yaml to its value
// in the one-to-one variant gives a scenario with that value.
func TestInputChangesApplyBack(t *testing.T) {
	t.Parallel()
	const fileA = "../scenarios/staffordshire-2023.yaml"
	a := readScenario(t, fileA)
	b := readScenario(t, "../scenarios/staffordshire-2023-one-to-one.yaml")
	changes, err := InputChanges(a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		t.Logf("%-8s %s: %q -> %q", c.Kind, c.Path, c.A, c.B)
	}
	checks := map[string]func(t *testing.T, s *Scenario){
		"name": func(t *testing.T, s *Scenario) {
			if !strings.Contains(s.Name, "1:1") {
				t.Errorf("name %q, want the variant's", s.Name)
			}
		},
		"lots[Perpetrators].service.delivery": func(t *testing.T, s *Scenario) {
			if got := s.Structure.Lots[1].Service.Delivery; got != lotting.Casework {
				t.Errorf("delivery %v, want casework", got)
			}
		},
		"simulation.start_state.inherited[1].waiting": func(t *testing.T, s *Scenario) {
			if got := s.Simulation.Inherited[1].Waiting; got != 18 {
				t.Errorf("waiting %d, want 18", got)
			}
		},
		"simulation.start_state.inherited[1].open_cases": func(t *testing.T, s *Scenario) {
			if got := s.Simulation.Inherited[1].OpenCases; got != 32 {
				t.Errorf("open cases %d, want 32", got)
			}
		},
	}
	var all []Override
	for _, c := range changes {
		if c.Kind != "changed" {
			t.Errorf("%s is %s; the variant only changes values", c.Path, c.Kind)
			continue
		}
		o, err := ParseOverride(c.Path + "=" + c.B)
		if err != nil {
			t.Errorf("ParseOverride: %v", err)
			continue
		}
		all = append(all, o)
		s, err := ApplyOverrides(fileA, a, o)
		if err != nil {
			t.Errorf("ApplyOverrides(%s): %v", o, err)
			continue
		}
		if check, ok := checks[c.Path]; ok {
			t.Run(c.Path, func(t *testing.T) { check(t, s) })
			delete(checks, c.Path)
		}
	}
	for path := range checks {
		t.Errorf("no change at %s", path)
	}
	// Every change at once turns A into B: the same scenario apart from
	// the file it came from.
	got, err := ApplyOverrides(fileA, a, all...)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(fileA, b)
	if err != nil {
		t.Fatal(err)
	}
	got.SHA256, want.SHA256 = "", ""
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Scenario{})); diff != "" {
		t.Errorf("A with every change (-B +got)\n%s", diff)
	}
}

func readScenario(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
