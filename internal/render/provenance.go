package render

import (
	"strconv"
	"strings"
	"time"
)

// Provenance says where a report's figures come from, so that a reader
// can reproduce them: the scenario file or files (with SHA-256 digests of
// their bytes), the seed, the number of Monte Carlo replications, the
// lotsim version and the date of the run. Every output form carries it.
// The package never reads the clock: the caller supplies Date.
type Provenance struct {
	Sources      []Source  // one scenario for run and sweep; the baseline and the alternative for compare
	Seed         uint64    // the seed of every random draw
	Replications int       // Monte Carlo replications; 0 when nothing was simulated
	Version      string    // lotsim version, e.g. "v0.4.0" or a module pseudo-version
	Date         time.Time // when the figures were produced; shown as YYYY-MM-DD in its own location
}

// Source is one scenario file a report draws on.
type Source struct {
	Kind   string // what the file is, as the label says it: "" for "Scenario", or "Records"
	Name   string // the scenario's name
	File   string // the file name as given on the command line
	SHA256 string // hex digest of the file's bytes
}

// notGiven stands in for a provenance field the caller left empty, so
// that a missing figure shows rather than vanishes.
const notGiven = "not given"

// ProvenanceHeader names the columns WriteCSV and WriteTidyCSV add to
// every record when given a Provenance. With several sources, the file
// and digest columns hold their values joined by "; ".
var ProvenanceHeader = []string{"scenario_file", "scenario_sha256", "seed", "replications", "lotsim_version", "date"}

// csvFields returns the values of the ProvenanceHeader columns.
func (p *Provenance) csvFields() []string {
	files := make([]string, len(p.Sources))
	sums := make([]string, len(p.Sources))
	for i, s := range p.Sources {
		files[i], sums[i] = s.File, s.SHA256
	}
	return []string{
		strings.Join(files, "; "), strings.Join(sums, "; "),
		strconv.FormatUint(p.Seed, 10), strconv.Itoa(p.Replications), p.Version, p.dateText(),
	}
}

func (p *Provenance) dateText() string {
	if p.Date.IsZero() {
		return ""
	}
	return p.Date.Format(time.DateOnly)
}

// field is one line of the provenance block.
type field struct {
	Label, Value string
	Code         bool // a digest, shown in a fixed-width font
}

// fields lists the provenance block in reading order, with notGiven for
// empty values.
func (p *Provenance) fields() []field {
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return notGiven
		}
		return s
	}
	var fs []field
	if len(p.Sources) == 0 {
		fs = append(fs, field{Label: "Scenario file", Value: notGiven})
	}
	kinds := map[string]int{}
	for _, s := range p.Sources {
		kinds[orDefault(s.Kind, "Scenario")]++
	}
	seen := map[string]int{}
	for _, s := range p.Sources {
		label := orDefault(s.Kind, "Scenario")
		seen[label]++
		if kinds[label] > 1 {
			label += " " + strconv.Itoa(seen[label])
		}
		fs = append(fs,
			field{Label: label, Value: or(s.Name)},
			field{Label: label + " file", Value: or(s.File)},
			field{Label: label + " SHA-256", Value: or(s.SHA256), Code: s.SHA256 != ""})
	}
	runs := "none (arithmetic only, nothing simulated)"
	seed := "not used"
	if p.Replications > 0 {
		runs = strconv.Itoa(p.Replications)
		seed = strconv.FormatUint(p.Seed, 10)
	}
	return append(fs,
		field{Label: "Seed", Value: seed},
		field{Label: "Replications", Value: runs},
		field{Label: "lotsim version", Value: or(p.Version)},
		field{Label: "Date", Value: or(p.dateText())})
}
