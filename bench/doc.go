// Package bench holds lotsim's benchmarks: throughput of the simulate
// engine on queues with known behaviour, reported as customers/s,
// events/s and allocs/event. It has no code of its own; run it with
//
//	go test ./bench/ -run '^$' -bench . -benchtime 3x -count 1
package bench
