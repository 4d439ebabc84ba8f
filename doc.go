// Package lotsim holds the analyses a commissioner asks of a scenario,
// for Go programs to call and for the lotsim command (examples/lotsim) to
// render:
//
//   - Budget: the money side, exactly: funders, pool, each lot's allocation,
//     contract values and the capacity the money buys (a report.Budget);
//   - Simulate: package simulate's Monte Carlo engine run on a scenario (a
//     SimResult), and NewRunReport: its results by lot, contract year, area
//     and risk level with intervals, and the findings read from them (a
//     report.Run);
//   - Compare: scenarios simulated with common random numbers and their
//     paired differences, with totals (a report.Compare); Paired does the
//     same for figures a program chooses;
//   - Sweep: values of a file varied over a grid, and one at a time for a
//     tornado chart (a report.Sweep);
//   - Sensitivity: every assumed figure of a file (scenario.Figures) moved
//     one at a time and ranked by how far it moves the headline results,
//     and FigureBasis: the figures counted by what they rest on (a
//     report.Basis).
//
// The report types are package report's: they are the JSON the lotsim
// command writes, their field names are stable, and the findings are read
// from them there.
//
// The scenario format and its loader are package scenario's: this package
// takes a *scenario.Scenario. Load, Parse and Scenario here forward to it
// for one version.
package lotsim
