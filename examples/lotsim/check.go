package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

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
	fs := newFlagSet("check", "check [--strict] [--format text|markdown|json|csv] FILE...", stderr)
	strict := fs.Bool("strict", false, "treat findings (figures that do not reconcile) as failures: exit 1")
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
		err = writeCheckCSV(stdout, results)
	case "markdown":
		for _, r := range results {
			printCheckMarkdown(stdout, r)
		}
	default:
		for _, r := range results {
			printCheck(stdout, r)
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
	r := CheckResult{File: file, Errors: []CheckError{}, Findings: []report.FundingFinding{}}
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
	return r
}

func printCheck(w io.Writer, r CheckResult) {
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
		return
	}
	printWrapped(w, "", "  ", fmt.Sprintf("%s: valid (%s), %s that %s not reconcile:",
		r.File, r.Scenario, plural(len(r.Findings), "figure"), doOrDoes(len(r.Findings))))
	for _, f := range findingItems(r.Findings) {
		printWrapped(w, "  - ", "    ", f)
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
func printCheckMarkdown(w io.Writer, r CheckResult) {
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
	fmt.Fprintln(w)
}

// checkCSVHeader names the columns of `check --format csv`: a row per
// error or finding, and a row for a valid file with neither.
var checkCSVHeader = []string{"file", "valid", "kind", "line", "column", "path", "message"}

// writeCheckCSV writes every file's errors and findings as one CSV table.
func writeCheckCSV(w io.Writer, results []CheckResult) error {
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
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
