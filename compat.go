package lotsim

import "github.com/lotsim/lotsim/scenario"

// The scenario format moved to package scenario in version 0.2.0. These
// names keep programs written against 0.1.0 compiling for one version.

// Scenario is a scenario.Scenario.
//
// Deprecated: use scenario.Scenario.
type Scenario = scenario.Scenario

// Load reads a scenario file.
//
// Deprecated: use scenario.Load.
func Load(path string) (*Scenario, error) { return scenario.Load(path) }

// Parse reads a scenario from data, naming it file in errors.
//
// Deprecated: use scenario.Parse.
func Parse(file string, data []byte) (*Scenario, error) { return scenario.Parse(file, data) }

// ErrCannotSimulate is scenario.ErrCannotSimulate, which Simulate's errors
// wrap for a scenario or options that cannot be simulated.
var ErrCannotSimulate = scenario.ErrCannotSimulate

// ScenarioError is a scenario.Error.
//
// Deprecated: use scenario.Error.
type ScenarioError = scenario.Error

// ErrorList is a scenario.ErrorList.
//
// Deprecated: use scenario.ErrorList.
type ErrorList = scenario.ErrorList
