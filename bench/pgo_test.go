package bench

import (
	"bytes"
	"os"
	"testing"
)

// TestPGOProfilesMatch checks that the profile the runner is built with
// (examples/lotsim/default.pgo, which go build and go run pick up) and the
// one these benchmarks are built with (default.pgo here, which go test
// picks up) are the same file, so that the benchmarks measure the code the
// runner runs. Both come from one command (README.md, "Profile-guided
// optimisation").
func TestPGOProfilesMatch(t *testing.T) {
	t.Parallel()
	runner, err := os.ReadFile("../examples/lotsim/default.pgo")
	if err != nil {
		t.Fatal(err)
	}
	here, err := os.ReadFile("default.pgo")
	if err != nil {
		t.Fatal(err)
	}
	if len(runner) == 0 || !bytes.Equal(runner, here) {
		t.Errorf("bench/default.pgo (%d bytes) and examples/lotsim/default.pgo (%d bytes) differ or are empty: copy the one made by the command in bench/README.md to both", len(here), len(runner))
	}
}
