package lotsim

import (
	"go/build"
	"path"
	"strings"
	"testing"
)

// TestLayers checks that the module's packages import one way: the root
// (the analyses) → fit → report → records → scenario → simulate → lotting → funding. A
// package may import those below it, never one above, so that each can be
// read, tested and reused without the ones built on it. Internal packages
// and the examples sit outside the chain.
func TestLayers(t *testing.T) {
	t.Parallel()
	const module = "github.com/lotsim/lotsim"
	layers := []string{"funding", "lotting", "simulate", "scenario", "records", "report", "fit", "."}
	rank := map[string]int{}
	for i, l := range layers {
		rank[path.Join(module, l)] = i
	}
	for i, l := range layers {
		pkg, err := build.ImportDir(l, 0)
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if len(pkg.GoFiles) == 0 {
			t.Fatalf("%s: no Go files; is the test run from the module root?", l)
		}
		for _, imp := range pkg.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			if r, ok := rank[imp]; ok && r >= i {
				t.Errorf("%s imports %s, which is not below it in funding → lotting → simulate → scenario → records → report → fit → lotsim", l, imp)
			}
		}
	}
}
