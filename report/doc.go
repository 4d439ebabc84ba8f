// Package report holds the reports lotsim's analyses return, in the stable
// form the lotsim command writes as JSON, and the plain-language findings
// read from them:
//
//   - Budget: the money side of a scenario (lotsim.Budget);
//   - Run: a simulation's results by lot, contract year, area and risk
//     level with 95% intervals, its waiting lists and waiting-time
//     distributions (lotsim.NewRunReport), with RunFindings drawn from it
//     by the rules FindingRules states, and each lot's closed-form
//     queueing estimate beside the simulated one (NewTheory, which uses
//     internal/queueing);
//   - Compare: scenarios' paired differences from a baseline (lotsim.Compare),
//     with CompareFindings;
//   - Sweep: results over a grid of values, and a tornado (lotsim.Sweep).
//
// JSON field names and the finding kinds' strings are only ever added,
// never renamed or removed. A figure that is not available, such as the
// mean wait of a cell in which nobody started, is a Float that JSON writes
// as null.
//
// The package computes no simulation (the closed forms are arithmetic on
// the model's inputs): it reads the engine's results (package simulate)
// into these types and judges them. The analyses that produce the results
// are package lotsim's.
package report
