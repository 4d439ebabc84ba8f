package report

// Basis is what a scenario's figures rest on, the section "What these
// figures rest on" of a run's report: how many of the file's figures are
// sourced, derived, fitted, assumed or unmarked, and, when the run was
// asked for it (lotsim run --sensitivity, lotsim.Sensitivity), which
// assumptions move the headline results most. Fields are only ever
// added, never renamed or removed.
type Basis struct {
	Counts BasisCounts `json:"counts"`
	// Ranked is true when the assumed figures were moved and ranked;
	// Headline, Ranking and Skipped are empty otherwise.
	Ranked bool `json:"ranked"`
	// Replications is the number each point of the ranking was simulated
	// with; Seed the seed every point shared (common random numbers).
	Replications int    `json:"replications,omitempty"`
	Seed         uint64 `json:"seed,omitempty"`
	// Headline are the results the ranking measures, at the scenario's
	// own values: for each lot with waiting-time targets, the share of
	// referred people seen within target and the 90th percentile wait;
	// with no targets anywhere, each lot's 90th percentile wait. All are
	// over the whole period, all areas and all risk levels.
	Headline []SweepResult `json:"headline"`
	// Ranking lists the assumed figures moved, the one that moves a
	// headline result furthest first (see RankedFigure.RelativeSwing).
	Ranking []RankedFigure `json:"ranking"`
	// Skipped lists the assumed figures not moved, and why.
	Skipped []SkippedFigure `json:"skipped"`
}

// BasisCounts counts a scenario file's figures by status.
type BasisCounts struct {
	Sourced  int `json:"sourced"`
	Derived  int `json:"derived"`
	Fitted   int `json:"fitted"`
	Assumed  int `json:"assumed"`
	Unmarked int `json:"unmarked"`
}

// Total is the number of figures counted.
func (c BasisCounts) Total() int {
	return c.Sourced + c.Derived + c.Fitted + c.Assumed + c.Unmarked
}

// RankedFigure is one assumed figure moved to its low and high end, all
// else at the scenario's values, and what that did to each headline
// result.
type RankedFigure struct {
	Path  string `json:"path"`  // as an override takes it
	Line  int    `json:"line"`  // in the scenario file
	Value string `json:"value"` // as written
	Note  string `json:"note"`  // the marking comment
	// Low and High are the values it was moved to; Stated is true when
	// they are the range its comment states, false for ±20% of Value.
	Low    string `json:"low"`
	High   string `json:"high"`
	Stated bool   `json:"range_stated"`
	// Outcomes are the headline results at each end, in Basis.Headline
	// order.
	Outcomes []BasisOutcome `json:"outcomes"`
	// RelativeSwing is the figure the ranking sorts by: the largest
	// absolute swing of any headline result as a share of that result
	// with every figure as written (0.25: the result moved by a quarter of
	// its value), so that shares and waits in days compare. Results that
	// are 0 or not available as written do not count; null if none does.
	RelativeSwing Float `json:"relative_swing"`
}

// BasisOutcome is one headline result with a figure at its low and its
// high end; Swing is the high outcome's mean minus the low one's.
type BasisOutcome struct {
	Lot    string   `json:"lot"`
	Risk   string   `json:"risk"`
	Metric string   `json:"metric"`
	Low    Estimate `json:"low_outcome"`
	High   Estimate `json:"high_outcome"`
	Swing  Float    `json:"swing"`
}

// SkippedFigure is an assumed figure the ranking did not move: one that
// is not a single number (a date, a list), is 0 (so ±20% does not move
// it), shares a path with one already moved, or makes the scenario
// invalid when moved (a risk mix that no longer adds to 100%).
type SkippedFigure struct {
	// Kind is why, in a word: not_a_number, zero, duplicate or invalid.
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}
