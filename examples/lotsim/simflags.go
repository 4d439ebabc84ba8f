package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// simFlags are the flags run, compare and sweep share: how to simulate and
// how to write the results.
type simFlags struct {
	replications int
	seed         *uint64
	workers      int
	horizon      string
	stop         string // stopping rule metric, e.g. high_risk_wait_p90
	stopLot      string
	stopWidth    string // relative half-width, e.g. 5%
	stopMin      int
	stopMax      int
	quiet        bool
	out          simFormat
	report       string
	fs           *flag.FlagSet // the flags as parsed, to tell which were given
	maxMemory    int64         // bytes; 0 means simulate.DefaultMaxMemory
	canShard     bool          // the command takes --shard (run, compare, sweep)
	parts        parts         // --shard and --partial, or merge's replay
}

// maxReplications bounds --replications and --stop-max: a run of 100,000
// replications of a county-sized scenario already takes hours on a
// laptop, and larger counts are far more often a typo than a plan.
const maxReplications = 100_000

// stopFlags are the flags that shape a stopping rule and mean nothing
// without --stop.
var stopFlags = []string{"stop-lot", "stop-precision", "stop-min", "stop-max"}

func (f *simFlags) register(fs *flag.FlagSet) {
	f.canShard = true
	fs.IntVar(&f.replications, "replications", 0, fmt.Sprintf("number of Monte Carlo replications `n`, at most %s (default: the scenario's, or its stopping rule)", render.Number(maxReplications, 0).Text))
	f.registerShared(fs)
	fs.StringVar(&f.stop, "stop", "", "replicate until this `metric` is precise enough, e.g. high_risk_wait_p90 (a stopping rule; see --stop-precision)")
	fs.StringVar(&f.stopLot, "stop-lot", "", "the `lot` the --stop metric is of (default: the first lot)")
	fs.StringVar(&f.stopWidth, "stop-precision", "5%", "stop when the 95% interval's half-width is within this `percent` of the estimate")
	fs.IntVar(&f.stopMin, "stop-min", 50, "replications at least `n` under --stop")
	fs.IntVar(&f.stopMax, "stop-max", 2000, "replications at most `n` under --stop")
	// The --stop-* flags mean nothing without --stop; options says so.
}

// registerShared registers the flags of every simulating command, optimise
// included (which sets its own replications): seed, workers, horizon,
// quiet, format, report and memory.
func (f *simFlags) registerShared(fs *flag.FlagSet) {
	f.out, f.fs = "text", fs
	fs.Func("seed", "random `seed` (default: the scenario's); the same seed gives the same numbers", func(s string) error {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number from 0 to 18446744073709551615, not %q", s)
		}
		f.seed = &v
		return nil
	})
	fs.IntVar(&f.workers, "workers", 0, "goroutines running replications `n` (default: one per CPU); never changes the numbers")
	fs.StringVar(&f.horizon, "horizon", "", "how long to simulate: max_term, taken_term or a duration such as \"3 years\" (default: the scenario's)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress (a bar on a terminal, otherwise a line now and then) or notes on stderr")
	fs.Var(&f.out, "format", "output `format`: text, markdown, json or csv")
	fs.StringVar(&f.report, "report", "", "also write a self-contained HTML report with charts into `DIR` (replaced as a whole; checked before simulating)")
	fs.Func("max-memory", "memory `budget` of the run, such as 1.5GiB or 800MB (default 1.5GiB); a replication whose waiting lists outgrow it stops the run", func(s string) error {
		n, err := parseBytes(s)
		if err != nil {
			return err
		}
		f.maxMemory = n
		return nil
	})
	f.registerParts(fs, f.canShard)
}

// parseBytes reads a byte count with an optional unit: B, KB, MB, GB, TB
// (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024), or K, M, G, T
// (taken as the binary units), such as "1.5GiB", "800MB" or "2G". It must
// be at least 1 MiB: a smaller budget could not hold a run.
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	mult := map[string]float64{
		"": 1, "b": 1,
		"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
		"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	}[strings.ToLower(unit)]
	v, err := strconv.ParseFloat(num, 64)
	const lo, hi = 1 << 20, 1 << 50
	if err != nil || mult == 0 || math.IsNaN(v) || v*mult < lo || v*mult > hi {
		return 0, fmt.Errorf("want a memory size from 1MiB to 1PiB such as 1.5GiB or 800MB, not %q", s)
	}
	return int64(v * mult), nil
}

// given lists those of names that were set on the command line, in the
// order of names.
func (f *simFlags) given(names ...string) []string {
	set := map[string]bool{}
	if f.fs != nil {
		f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	}
	var out []string
	for _, n := range names {
		if set[n] {
			out = append(out, "--"+n)
		}
	}
	return out
}

// errUsage marks an invalid flag value: exit 2.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

// options turns the flags into simulation options for s, setting s's
// stopping rule when --stop is given.
func (f *simFlags) options(s *scenario.Scenario) (lotsim.SimOptions, error) {
	opt := lotsim.SimOptions{Replications: f.replications, Seed: f.seed, Workers: f.workers, MaxMemory: f.maxMemory}
	if f.replications < 0 || f.replications > maxReplications {
		return opt, errUsage{fmt.Sprintf("--replications must be from 1 to %s (or 0 for the scenario's), not %d",
			render.Number(maxReplications, 0).Text, f.replications)}
	}
	if f.workers < 0 {
		return opt, errUsage{"--workers must be 1 or more (or 0 for one per CPU)"}
	}
	if f.horizon != "" {
		h, err := parseHorizon(f.horizon)
		if err != nil {
			return opt, err
		}
		opt.Horizon = &h
	}
	if f.report != "" {
		if err := render.CheckReportDir(f.report); err != nil {
			return opt, errUsage{"--report: " + strings.TrimPrefix(err.Error(), "report: ")}
		}
	}
	if f.stop == "" {
		if given := f.given(stopFlags...); len(given) > 0 {
			verb, pron := "shapes", "it"
			if len(given) > 1 {
				verb, pron = "shape", "them"
			}
			return opt, errUsage{fmt.Sprintf("%s only %s a stopping rule: add --stop METRIC (e.g. --stop high_risk_wait_p90), or leave %s out",
				strings.Join(given, " and "), verb, pron)}
		}
	}
	if f.stop != "" {
		if f.replications > 0 {
			return opt, errUsage{"give --replications or --stop, not both: --stop sizes the run to a precision"}
		}
		w, err := parsePercent(f.stopWidth)
		if err != nil {
			return opt, errUsage{"--stop-precision: " + err.Error()}
		}
		if f.stopMin < 2 || f.stopMax < f.stopMin || f.stopMax > maxReplications {
			return opt, errUsage{fmt.Sprintf("--stop-min must be 2 or more and --stop-max from --stop-min to %s (got %d and %d)",
				render.Number(maxReplications, 0).Text, f.stopMin, f.stopMax)}
		}
		s.Simulation.StoppingRule = &scenario.StoppingRule{Metric: f.stop, Lot: f.stopLot, RelativeHalfWidth: w, Min: f.stopMin, Max: f.stopMax}
	}
	if err := f.checkParts(s, &opt); err != nil {
		return opt, err
	}
	return opt, nil
}

func parseHorizon(s string) (scenario.Horizon, error) {
	switch s {
	case "max_term":
		return scenario.Horizon{Kind: scenario.MaxTerm}, nil
	case "taken_term":
		return scenario.Horizon{Kind: scenario.TakenTerm}, nil
	}
	d, err := funding.ParseDuration(s)
	if err != nil || d.N <= 0 {
		return scenario.Horizon{}, errUsage{fmt.Sprintf("--horizon %q: want max_term, taken_term or a duration such as \"3 years\" or \"18 months\"", s)}
	}
	return scenario.Horizon{Kind: scenario.Fixed, Length: d}, nil
}

func parsePercent(s string) (float64, error) {
	t, ok := strings.CutSuffix(strings.TrimSpace(s), "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if !ok || err != nil || !(v > 0) || v > 100 {
		return 0, fmt.Errorf("want a percentage above 0%% such as 5%%, not %q", s)
	}
	return v / 100, nil
}

// simulate runs s with opt, showing progress on stderr (see progress).
func (f *simFlags) simulate(s *scenario.Scenario, opt lotsim.SimOptions, label string, stderr io.Writer) (*lotsim.SimResult, error) {
	bar := newProgress(stderr, f.quiet, label, "replications")
	opt.Progress = bar.update
	res, err := lotsim.Simulate(interrupt, s, opt)
	bar.finish()
	return res, err
}

// loadScenario loads and validates one file as check does (see
// scenario.LoadValid), printing why it is invalid.
func loadScenario(cmd, file string, stderr io.Writer) (*scenario.Scenario, bool) {
	s, err := scenario.LoadValid(file)
	var list scenario.ErrorList
	switch {
	case err == nil:
		return s, true
	case errors.As(err, &list):
		fmt.Fprintf(stderr, "lotsim %s: %s is not a valid scenario:\n%s\n", cmd, file, indent(err.Error()))
	case s != nil:
		fmt.Fprintf(stderr, "lotsim %s: %s is not a valid scenario:\n%s\n", cmd, file, indent(strings.Join(validationText(file, err), "\n")))
	default:
		fmt.Fprintf(stderr, "lotsim %s: %v\n", cmd, err)
	}
	return nil, false
}

// simExit reports a simulation error: a scenario that cannot be simulated
// or a bad option is invalid input (exit 2); anything else a run failure.
func simExit(cmd string, err error, stderr io.Writer) int {
	if errors.Is(err, context.Canceled) && interrupt.Err() != nil {
		fmt.Fprintf(stderr, "lotsim %s: interrupted; nothing written\n", cmd)
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "lotsim %s: %v\n", cmd, err)
	if errors.Is(err, simulate.ErrLimit) {
		fmt.Fprintf(stderr, "lotsim %s: to allow more, raise the memory budget with --max-memory (such as --max-memory 4GiB), if the machine has the memory\n", cmd)
		return exitFailure
	}
	var u errUsage
	if errors.As(err, &u) || errors.Is(err, scenario.ErrCannotSimulate) || errors.Is(err, scenario.ErrOverride) {
		return exitInvalid
	}
	return exitFailure
}

// provenance builds the provenance block of one or more scenarios.
func provenance(res *lotsim.SimResult, ss ...*scenario.Scenario) render.Provenance {
	p := render.Provenance{Version: lotsim.Version, Date: now()}
	for _, s := range ss {
		p.Sources = append(p.Sources, render.Source{Name: s.Name, File: s.File, SHA256: s.SHA256})
	}
	if res != nil {
		p.Seed, p.Replications = res.Seed, res.Replications
	}
	return p
}

// output is what a command produced, in every form it can be written.
type output struct {
	doc  *render.Document // text, markdown and HTML (with charts)
	json any
	csv  func(w io.Writer, p *render.Provenance) error
}

// write writes out in the chosen format to stdout, and the HTML report
// into the --report directory if one was named.
func (f *simFlags) write(cmd string, out output, stdout, stderr io.Writer) int {
	if interrupt.Err() != nil {
		fmt.Fprintf(stderr, "lotsim %s: interrupted; nothing written\n", cmd)
		return exitInterrupted
	}
	if f.parts.k > 0 {
		if err := f.parts.finish(stderr, f.quiet); err != nil {
			fmt.Fprintf(stderr, "lotsim %s: %v\n", cmd, err)
			return exitFailure
		}
		return exitOK
	}
	var buf bytes.Buffer
	var err error
	switch f.out {
	case "json":
		err = writeJSON(&buf, out.json)
	case "csv":
		err = out.csv(&buf, &out.doc.Provenance)
	case "markdown":
		err = textOnly(out.doc).WriteMarkdown(&buf)
	default:
		err = textOnly(out.doc).WriteText(&buf)
	}
	if err == nil {
		_, err = stdout.Write(buf.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "lotsim %s: writing output: %v\n", cmd, err)
		return exitFailure
	}
	if f.report != "" {
		if err := writeReport(f.report, out); err != nil {
			fmt.Fprintf(stderr, "lotsim %s: writing the report: %v\n", cmd, err)
			return exitFailure
		}
		if !f.quiet {
			fmt.Fprintf(stderr, "lotsim %s: report written to %s\n", cmd, strings.TrimSuffix(f.report, "/")+"/report.html")
		}
	}
	return exitOK
}

// textOnly returns the document without its charts, whose figures are
// long tables (a waiting list every week) that belong in the HTML report.
func textOnly(d *render.Document) *render.Document {
	c := *d
	c.Sections = nil
	for _, s := range d.Sections {
		var blocks []render.Block
		for _, b := range s.Blocks {
			if _, chart := b.(render.Chart); chart {
				continue
			}
			blocks = append(blocks, b)
		}
		if len(blocks) > 0 {
			c.Sections = append(c.Sections, render.Section{Heading: s.Heading, Blocks: blocks})
		}
	}
	return &c
}

// writeReport writes the HTML report, its figures as SVG files, and the
// results as JSON and CSV into dir, all at once.
func writeReport(dir string, out output) error {
	files := map[string][]byte{}
	var html bytes.Buffer
	if err := out.doc.WriteHTML(&html); err != nil {
		return err
	}
	files["report.html"] = html.Bytes()
	for _, fig := range out.doc.Figures() {
		files["figures/"+fig.File] = fig.Chart.SVG(fmt.Sprintf("figure-%d", fig.Number))
	}
	var js, csv bytes.Buffer
	if err := writeJSON(&js, out.json); err != nil {
		return err
	}
	files["results.json"] = js.Bytes()
	if err := out.csv(&csv, &out.doc.Provenance); err != nil {
		return err
	}
	files["results.csv"] = csv.Bytes()
	return render.WriteReportDir(dir, files)
}

// Cells of estimates for tables.

// Cells of estimates follow one rule, so that a column reads the same all
// the way down: the mean and the half-width of its 95% interval with the
// column's decimals ("4,763 ±21", "0.4 ±0.1", "0.0 ±0.1" for a small
// figure that is not nought), the mean alone when there is no interval
// (one replication), and a plain "0" for a figure that was exactly nought
// in every replication.

// est formats an estimate as "4,763 ±21" with decimals places.
func est(e report.Estimate, decimals int) string {
	m := float64(e.Mean)
	if e.N == 0 || math.IsNaN(m) {
		return "n/a"
	}
	hw := e.HalfWidth()
	if m == 0 && (hw == 0 || math.IsNaN(hw)) {
		return "0"
	}
	s := render.Number(m, decimals).Text
	if !math.IsNaN(hw) {
		s += " ±" + render.Number(hw, decimals).Text
	}
	return s
}

// estPct formats a fraction's estimate as "41.3% ±1.2", by the rule of
// est: "0%" when it was nought in every replication.
func estPct(e report.Estimate) string {
	m := float64(e.Mean)
	if e.N == 0 || math.IsNaN(m) {
		return "n/a"
	}
	hw := e.HalfWidth()
	if m == 0 && (hw == 0 || math.IsNaN(hw)) {
		return "0%"
	}
	s := render.Percent(m, 1).Text
	if !math.IsNaN(hw) {
		s += " ±" + render.Number(100*hw, 1).Text
	}
	return s
}

// prob formats a probability as "12% (5-25%)".
func prob(p *report.Probability) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%s (%s–%s)", render.Percent(float64(p.Estimate), 0).Text,
		render.Number(100*float64(p.Lo), 0).Text, render.Percent(float64(p.Hi), 0).Text)
}

func numCol(h string) render.Column  { return render.Column{Header: h, Kind: render.KindNumber} }
func textCol(h string) render.Column { return render.Column{Header: h} }

func strs(cells ...string) []render.Cell {
	out := make([]render.Cell, len(cells))
	for i, c := range cells {
		out[i] = render.Str(c)
	}
	return out
}
