package report

import (
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// Compare is the stable JSON form of `lotsim compare --format
// json`: every scenario run with the same seed and replications, and the
// paired differences of each from the first. Fields are only ever added,
// never renamed or removed.
type Compare struct {
	Seed         uint64        `json:"seed"`
	Replications int           `json:"replications"`
	Version      string        `json:"lotsim_version"`
	Date         string        `json:"date"`
	Scenarios    []ScenarioRef `json:"scenarios"`   // the baseline first
	Comparisons  []Comparison  `json:"comparisons"` // each later scenario against the baseline
	// Structure is what each scenario's lot structure costs, in the order
	// of Scenarios, set beside the paired differences in waits
	// (NewStructureCost); absent unless a scenario has a structure block.
	Structure []StructureCost `json:"structure,omitempty"`
}

// ScenarioRef names one scenario compared and its lots.
type ScenarioRef struct {
	Name   string   `json:"name"`
	File   string   `json:"file"`
	SHA256 string   `json:"sha256"`
	Lots   []string `json:"lots"`
}

// Comparison is one scenario (B) against the baseline (A): the paired
// differences B − A over replications that share their random numbers.
type Comparison struct {
	Baseline    string `json:"baseline"`    // A's file
	Alternative string `json:"alternative"` // B's file
	// SameLots is true when both have the same lot names. Lots are
	// matched by name; the totals over all lots always compare.
	SameLots bool `json:"same_lots"`
	// SamePeriod is true when both report periods of the same length in
	// days; when not, whole-period counts do not compare like for like.
	SamePeriod        bool     `json:"same_period"`
	BaselinePeriod    Period   `json:"baseline_period"`
	AlternativePeriod Period   `json:"alternative_period"`
	OnlyInBaseline    []string `json:"only_in_baseline"`
	OnlyInAlternative []string `json:"only_in_alternative"`
	// InputChanges are the values that differ between the two files, as
	// paths that --vary and overrides accept.
	InputChanges []scenario.InputChange `json:"input_changes"`
	Findings     []string               `json:"findings"` // differences whose interval excludes zero, in words
	Differences  []Difference           `json:"differences"`
}

// Period is a run's reported period, first and last days included.
type Period struct {
	Start funding.Date `json:"start"`
	End   funding.Date `json:"end"`
	Days  int          `json:"days"`
	Years int          `json:"contract_years"`
}

// Difference is one figure over the whole period and all areas in A and
// in B, and the mean of the per-replication difference B − A with its 95%
// interval. Lot "" is the total over all lots but the front door, where
// counts add up and the mean wait is weighted by starts; with a
// ClientGroup other than "all" it is that group's people's total over all
// lots (Compare gives these when either scenario has a lot that pools
// perpetrators with other groups, so that a single contract and a lotted
// one compare like for like). Counts (referrals,
// starts, completions, people giving up, dropping out or turned away) are
// rates a year, the period's count divided by its length in years, so that
// periods of different lengths compare; Unit says which.
type Difference struct {
	Lot  string `json:"lot"`
	Risk string `json:"risk"`
	// ClientGroup is "all" for every client group, or a group's name.
	ClientGroup string   `json:"client_group"`
	Metric      string   `json:"metric"` // a simulate metric name
	Unit        string   `json:"unit"`   // "a year" (counts), "days", "share" (a fraction) or "people" (waiting lists)
	A           Estimate `json:"a"`
	B           Estimate `json:"b"`
	Diff        Estimate `json:"difference"`
}
