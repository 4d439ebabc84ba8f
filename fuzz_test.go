package lotsim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/scenario"
)

// FuzzScenario runs fuzzed scenario files through the path every command
// takes: Parse, Validate, Budget and Model. None may panic; a scenario
// that Parse and Validate accept must be budgeted and modelled without
// error (check, budget and run agree), and its budget must marshal to
// JSON, which fails on NaN and infinities. The seeds are every shipped,
// valid, broken and hostile scenario but the slowest.
func FuzzScenario(f *testing.F) {
	for _, pattern := range []string{"scenarios/*.yaml", "scenario/testdata/valid/*.yaml", "scenario/testdata/broken/*.yaml", "examples/lotsim/testdata/hostile/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "/many_areas_long.yaml") {
				continue // seconds an execution: .ci/hostile runs it, the fuzzer would crawl
			}
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		for _, fig := range scenario.Figures(s) {
			if fig.Status >= scenario.NumStatuses || fig.Path == "" || fig.Line < 1 {
				t.Fatalf("figure %+v: want a status, a path and a line", fig)
			}
		}
		verr := s.Validate()
		r, berr := Budget(s)
		_, merr := s.Model()
		if verr != nil {
			return // Budget and Model may fail too, but must not panic
		}
		if berr != nil {
			t.Fatalf("Validate accepts the scenario but Budget says: %v", berr)
		}
		if merr != nil {
			t.Fatalf("Validate accepts the scenario but Model says: %v", merr)
		}
		js, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("the budget does not marshal: %v", err)
		}
		for _, bad := range []string{"NaN", "Inf"} {
			if strings.Contains(string(js), bad) {
				t.Fatalf("the budget holds %s:\n%s", bad, js)
			}
		}
	})
}
