package bench

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/optimise"
	"github.com/lotsim/lotsim/scenario"
)

// optimiseFull turns on BenchmarkOptimiseEssex, which takes a minute or
// more per iteration.
var optimiseFull = flag.Bool("optimise-full", false,
	"run BenchmarkOptimiseEssex (lotsim optimise --goal split on essex-2025, a minute or more an iteration)")

// BenchmarkOptimiseEssex is the issue's benchmark of `lotsim optimise
// --goal split` on scenarios/essex-2025.yaml with its defaults (£5,000
// steps, checkpoints 10 to 160), on every core: the time an iteration, and
// the plans and replications the search used. It is skipped unless
// -optimise-full is given:
//
//	go test ./bench/ -run '^$' -bench OptimiseEssex -benchtime 1x -optimise-full
func BenchmarkOptimiseEssex(b *testing.B) {
	if !*optimiseFull {
		b.Skip("a minute or more an iteration; run with -optimise-full")
	}
	optimiseBench(b, "../scenarios/essex-2025.yaml", optimise.Options{})
}

// BenchmarkOptimise is the same search on the two-lot scenario whose
// optimum the closed forms give (optimise/testdata/two-lots.yaml), short
// enough for CI's -benchtime=3x.
func BenchmarkOptimise(b *testing.B) {
	optimiseBench(b, "../optimise/testdata/two-lots.yaml", optimise.Options{Step: funding.Pounds(40_000)})
}

func optimiseBench(b *testing.B, file string, opt optimise.Options) {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	s, err := scenario.Parse(file, data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var res *optimise.Result
	for b.Loop() {
		if res, err = optimise.Run(context.Background(), s, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Candidates), "plans/op")
	b.ReportMetric(float64(res.Replications), "replications/op")
}
