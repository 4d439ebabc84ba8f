package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// CheckResult is one file's outcome in `lotsim check --format json`, which
// prints a JSON array of them in the order the files were given. Fields
// are only ever added, never renamed or removed.
type CheckResult struct {
	File     string                  `json:"file"`
	Scenario string                  `json:"scenario,omitempty"` // the scenario's name, when it loaded
	Valid    bool                    `json:"valid"`
	Errors   []CheckError            `json:"errors"`   // empty when valid
	Findings []report.FundingFinding `json:"findings"` // figures that do not reconcile
	// Figures are every quantity in the file with what it rests on (see
	// scenario.Figures), and FigureCounts how many have each status;
	// empty and null for a file that does not load.
	Figures      []CheckFigure       `json:"figures"`
	FigureCounts *report.BasisCounts `json:"figure_counts"`
}

// CheckFigure is one figure of a file: where it is, its value as
// written, what it rests on (sourced, derived, fitted, assumed or
// unmarked), the comment that says so, and the range the comment states
// ("" and "" if none).
type CheckFigure struct {
	Path   string `json:"path"` // as --set and --vary take it
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Value  string `json:"value"`
	Status string `json:"status"`
	Note   string `json:"note"`
	Low    string `json:"low"`
	High   string `json:"high"`
}

// CheckError is one problem in a file. Line and Column are 0 when the
// problem concerns the whole file (it is empty, too large, or unreadable).
type CheckError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Path    string `json:"path"`    // the field, e.g. funders[2].contributions[0].amount
	Message string `json:"message"` // what is wrong and what would be valid
	Text    string `json:"text"`    // the whole error as text prints it
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [--strict] [--figures] [--format text|markdown|json|csv] FILE...", stderr)
	strict := fs.Bool("strict", false, "treat findings (figures that do not reconcile) as failures: exit 1")
	figures := fs.Bool("figures", false, "list every figure with what it rests on (sourced, derived, fitted, assumed or unmarked) and its comment; without it, text and markdown give the counts and the unmarked figures, and json always lists them")
	out := simFormat("text")
	fs.Var(&out, "format", "output `format`: text, markdown, json or csv")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "lotsim check: name at least one scenario file, e.g. lotsim check scenarios/*.yaml")
		return exitInvalid
	}

	results := make([]CheckResult, 0, len(files))
	for _, file := range files {
		results = append(results, checkFile(file))
	}

	code := exitOK
	for _, r := range results {
		switch {
		case !r.Valid:
			code = exitInvalid
		case *strict && len(r.Findings) > 0 && code == exitOK:
			code = exitFailure
		}
	}

	err = nil
	switch out {
	case "json":
		err = writeJSON(stdout, results)
	case "csv":
		err = writeCheckCSV(stdout, results, *figures)
	case "markdown":
		for _, r := range results {
			printCheckMarkdown(stdout, r, *figures)
		}
	default:
		for _, r := range results {
			printCheck(stdout, r, *figures)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "lotsim check: writing output: %v\n", err)
		return exitFailure
	}
	return code
}

// validationText is Validate's error as lines "FILE: problem", without the
// Go packages' prefixes, which only stutter for a person.
func validationText(file string, err error) []string {
	var lines []string
	for _, e := range splitJoined(err) {
		msg := strings.NewReplacer("lotsim: ", "", "funding: ", "", "lotting: ", "", "simulate: ", "").Replace(e.Error())
		lines = append(lines, file+": "+msg)
	}
	return lines
}

// checkFile loads one scenario and gathers its errors or its findings.
func checkFile(file string) CheckResult {
	r := CheckResult{File: file, Errors: []CheckError{}, Findings: []report.FundingFinding{}, Figures: []CheckFigure{}}
	s, err := scenario.LoadValid(file)
	if err != nil && s == nil {
		var list scenario.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				r.Errors = append(r.Errors, CheckError{
					Line: e.Line, Column: e.Column, Path: e.Path, Message: e.Msg, Text: e.Error(),
				})
			}
		} else {
			r.Errors = append(r.Errors, CheckError{Message: err.Error(), Text: err.Error()})
		}
		return r
	}
	// The file is well formed; Validate added what only the simulation
	// model shows, so that "valid" means the scenario can be budgeted and
	// run.
	if err != nil {
		r.Scenario = s.Name
		for _, text := range validationText(file, err) {
			r.Errors = append(r.Errors, CheckError{Message: strings.TrimPrefix(text, file+": "), Text: text})
		}
		return r
	}
	r.Valid, r.Scenario = true, s.Name
	for _, f := range s.Findings() {
		r.Findings = append(r.Findings, report.NewFundingFinding(f))
	}
	for _, f := range scenario.Figures(s) {
		r.Figures = append(r.Figures, CheckFigure{Path: f.Path, Line: f.Line, Column: f.Column, Value: f.Value,
			Status: f.Status.String(), Note: f.Note, Low: f.Low, High: f.High})
	}
	r.FigureCounts = &lotsim.FigureBasis(s).Counts
	return r
}

// figureCountsText says how many figures have each status, in a line:
// "68 figures: 46 assumed, 18 sourced, 4 derived, 0 fitted, 0 unmarked".
func figureCountsText(c *report.BasisCounts) string {
	return fmt.Sprintf("%s: %d assumed, %d sourced, %d derived, %d fitted, %d unmarked",
		plural(c.Total(), "figure"), c.Assumed, c.Sourced, c.Derived, c.Fitted, c.Unmarked)
}

// figureText is one figure on a line: "L110 assumed
// lots[Victims].service.caseworkers.caseload_per_fte = 22 (range 18 to
// 26): assumption: REFERENCES.md ...".
func figureText(f CheckFigure) string {
	s := fmt.Sprintf("line %d, %s: %s = %s", f.Line, f.Status, f.Path, f.Value)
	if f.Low != "" {
		s += fmt.Sprintf(" (range %s to %s)", f.Low, f.High)
	}
	if f.Note != "" {
		s += ": " + f.Note
	}
	return s
}

// shownFigures are the figures a listing shows: all with --figures,
// else the unmarked ones.
func shownFigures(r CheckResult, all bool) []CheckFigure {
	if all {
		return r.Figures
	}
	var out []CheckFigure
	for _, f := range r.Figures {
		if f.Status == scenario.Unmarked.String() {
			out = append(out, f)
		}
	}
	return out
}

func printCheck(w io.Writer, r CheckResult, all bool) {
	if !r.Valid {
		fmt.Fprintf(w, "%s: invalid, %s\n", r.File, plural(len(r.Errors), "error"))
		// Each error stays on one line, FILE:LINE:COL: field: message,
		// as compilers write them, so that editors and scripts can read
		// the position; only valid files' text is wrapped.
		for _, e := range r.Errors {
			fmt.Fprintln(w, "  "+e.Text)
		}
		return
	}
	if len(r.Findings) == 0 {
		printWrapped(w, "", "  ", fmt.Sprintf("%s: valid (%s); every stated figure reconciles", r.File, r.Scenario))
	} else {
		printWrapped(w, "", "  ", fmt.Sprintf("%s: valid (%s), %s that %s not reconcile:",
			r.File, r.Scenario, plural(len(r.Findings), "figure"), doOrDoes(len(r.Findings))))
		for _, f := range findingItems(r.Findings) {
			printWrapped(w, "  - ", "    ", f)
		}
	}
	if r.FigureCounts == nil {
		return
	}
	shown := shownFigures(r, all)
	switch {
	case all:
		printWrapped(w, "  ", "  ", figureCountsText(r.FigureCounts)+":")
	case len(shown) > 0:
		printWrapped(w, "  ", "  ", figureCountsText(r.FigureCounts)+"; unmarked (no comment says where it comes from):")
	default:
		printWrapped(w, "  ", "  ", figureCountsText(r.FigureCounts)+" (--figures lists them)")
	}
	for _, f := range shown {
		printWrapped(w, "  - ", "    ", figureText(f))
	}
}

// printWrapped writes s wrapped to render.TextWidth, its first line after
// first and the others after rest.
func printWrapped(w io.Writer, first, rest, s string) {
	for i, l := range render.Wrap(s, render.TextWidth-len(rest)) {
		lead := rest
		if i == 0 {
			lead = first
		}
		fmt.Fprintln(w, lead+l)
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func doOrDoes(n int) string {
	if n == 1 {
		return "does"
	}
	return "do"
}

// writeJSON writes v as indented JSON with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// splitJoined returns the errors joined in err (by errors.Join), or err.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// printCheckMarkdown writes one file's outcome as a markdown section, to
// paste into a committee paper.
func printCheckMarkdown(w io.Writer, r CheckResult, all bool) {
	fmt.Fprintf(w, "## %s\n\n", r.File)
	switch {
	case !r.Valid:
		fmt.Fprintf(w, "Invalid: %s.\n\n", plural(len(r.Errors), "error"))
		for _, e := range r.Errors {
			fmt.Fprintf(w, "- %s\n", e.Text)
		}
	case len(r.Findings) == 0:
		fmt.Fprintf(w, "Valid (%s); every stated figure reconciles.\n", r.Scenario)
	default:
		fmt.Fprintf(w, "Valid (%s), %s that %s not reconcile:\n\n",
			r.Scenario, plural(len(r.Findings), "figure"), doOrDoes(len(r.Findings)))
		for _, f := range findingItems(r.Findings) {
			fmt.Fprintf(w, "- %s\n", f)
		}
	}
	if r.FigureCounts != nil {
		shown := shownFigures(r, all)
		fmt.Fprintf(w, "\n%s.\n", strings.ToUpper(figureCountsText(r.FigureCounts)[:1])+figureCountsText(r.FigureCounts)[1:])
		if len(shown) > 0 {
			if !all {
				fmt.Fprintln(w, "\nUnmarked (no comment says where they come from):")
			}
			fmt.Fprintln(w, "\n| line | status | path | value | range | note |\n| ---: | --- | --- | --- | --- | --- |")
			for _, f := range shown {
				rng := ""
				if f.Low != "" {
					rng = f.Low + " to " + f.High
				}
				fmt.Fprintf(w, "| %d | %s | `%s` | %s | %s | %s |\n", f.Line, f.Status, f.Path, mdCell(f.Value), mdCell(rng), mdCell(f.Note))
			}
		}
	}
	fmt.Fprintln(w)
}

// mdCell escapes a markdown table cell's pipes.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// checkCSVHeader names the columns of `check --format csv`: a row per
// error or finding, and a row for a valid file with neither.
var checkCSVHeader = []string{"file", "valid", "kind", "line", "column", "path", "message"}

// writeCheckCSV writes every file's errors and findings as one CSV table;
// with figures, a row for each figure too, of kind figure:STATUS and with
// its value, stated range and comment as the message.
func writeCheckCSV(w io.Writer, results []CheckResult, figures bool) error {
	cw := csv.NewWriter(w)
	rows := [][]string{checkCSVHeader}
	for _, r := range results {
		valid := strconv.FormatBool(r.Valid)
		for _, e := range r.Errors {
			rows = append(rows, []string{r.File, valid, "error", strconv.Itoa(e.Line), strconv.Itoa(e.Column), e.Path, e.Message})
		}
		for _, f := range r.Findings {
			rows = append(rows, []string{r.File, valid, "finding:" + f.Kind, "", "", "", f.Message})
		}
		if len(r.Errors) == 0 && len(r.Findings) == 0 {
			rows = append(rows, []string{r.File, valid, "", "", "", "", "every stated figure reconciles"})
		}
		if figures {
			for _, f := range r.Figures {
				msg := f.Value
				if f.Low != "" {
					msg += "; range " + f.Low + " to " + f.High
				}
				if f.Note != "" {
					msg += "; " + f.Note
				}
				rows = append(rows, []string{r.File, valid, "figure:" + f.Status, strconv.Itoa(f.Line), strconv.Itoa(f.Column), f.Path, msg})
			}
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
