package report

// Sweep is the stable JSON form of `lotsim sweep --format json`.
// Fields are only ever added, never renamed or removed.
type Sweep struct {
	Scenario     string `json:"scenario"`
	File         string `json:"file"`
	SHA256       string `json:"sha256"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"` // of each point (the first point's, under a stopping rule)
	Version      string `json:"lotsim_version"`
	Date         string `json:"date"`
	// Vary lists the varied paths and their values; Points every
	// combination, the last path varying fastest.
	Vary    []SweepParameter `json:"vary"`
	Points  []SweepPoint     `json:"points"`
	Tornado *Tornado         `json:"tornado"` // null without --tornado
}

// SweepParameter is one --vary: a path and the values it takes.
type SweepParameter struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// SweepPoint is one combination of values and its results.
type SweepPoint struct {
	Settings []Setting     `json:"settings"`
	Results  []SweepResult `json:"results"`
}

// Setting is a path and the value it was given.
type Setting struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// SweepResult is one result over the whole period and all areas: a metric
// of a lot at a risk level ("" for all). Cost per completion has no
// interval.
type SweepResult struct {
	Lot  string `json:"lot"`
	Risk string `json:"risk"`
	// ClientGroup is "all": a sweep measures every client group of the
	// lot together.
	ClientGroup string   `json:"client_group"`
	Metric      string   `json:"metric"` // a simulate metric name or cost_per_completion
	Estimate    Estimate `json:"estimate"`
}

// Tornado is one-at-a-time sensitivity of one outcome.
type Tornado struct {
	Outcome    SweepResult        `json:"outcome"` // at the scenario's own values: the baseline
	Parameters []TornadoParameter `json:"parameters"`
}

// TornadoParameter is the outcome with one path at its low and its high
// end. Low and High are the ends as given ("-1%", "x0.9", "40"); Swing is
// the high outcome's mean minus the low one's.
type TornadoParameter struct {
	Path        string   `json:"path"`
	Low         string   `json:"low"`
	High        string   `json:"high"`
	LowOutcome  Estimate `json:"low_outcome"`
	HighOutcome Estimate `json:"high_outcome"`
	Swing       Float    `json:"swing"`
}
