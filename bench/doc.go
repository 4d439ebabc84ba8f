// Package bench holds lotsim's benchmarks: throughput of the simulate
// engine on queues with known behaviour, reported as customers/s,
// events/s and allocs/event, and of whole shipped scenarios through
// scenario.Load and lotsim.Simulate, with wall time and peak memory. Its
// one piece of code is ReferenceMMc, the hand-written M/M/c loop the
// engine's speed is compared with (issue 12); cmd/mmc runs that comparison
// as a program. README.md tables the speed targets, the figures measured
// and the commands. Run the benchmarks with
//
//	go test ./bench/ -run '^$' -bench . -benchtime 3x -count 1
//
// The acceptance benchmark of the scenario requirement (1,000
// replications of the largest shipped scenario in under 30 seconds on 2
// cores, peak memory under 300 MB) takes about half a minute per scenario
// and is skipped unless asked for:
//
//	go test ./bench/ -run '^$' -bench ScenarioThousand -benchtime 1x -scenario-full
package bench
