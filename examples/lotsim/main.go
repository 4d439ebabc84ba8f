// Command lotsim is the runner commissioners use: it checks scenario files,
// reports their budgets, simulates them, compares them and sweeps their
// values.
//
// Usage:
//
//	lotsim check [--strict] [--format text|markdown|json|csv] FILE...
//	lotsim budget [--format text|markdown|json|csv] FILE
//	lotsim run [flags] FILE
//	lotsim compare [flags] A.yaml B.yaml...
//	lotsim sweep [flags] FILE --vary PATH=FROM:TO:STEP... --tornado PATH=LOW:HIGH...
//
// check validates each scenario and prints the figures in it that do not
// reconcile (findings). budget prints the money side of one scenario:
// funders and shares, the pool by year in cash and real terms, its
// allocation to lots, the contract timeline and total contract value, and
// the capacity each lot buys against the demand expected of it.
//
// run simulates a scenario and reports, per lot, risk level, area and
// contract year, who waits and for how long, with 95% confidence
// intervals, under plain-language findings. compare runs several scenarios
// with the same seed (common random numbers) and reports the paired
// differences from the first. sweep varies scenario values over ranges,
// and measures one-at-a-time sensitivity (a tornado). run, compare and
// sweep print text, markdown, json or csv (--format) and can write a
// self-contained HTML report with charts (--report DIR).
//
// Exit codes: 0 success; 1 findings under --strict, or a run or output
// failure (a run whose waiting lists outgrow --max-memory, say); 2 invalid
// input (a scenario with errors, a bad flag, a missing file); 130
// interrupted by SIGINT or SIGTERM, with nothing written.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // findings under --strict, or a failure writing output
	exitInvalid = 2 // invalid input: a bad scenario, flag or file name
	// exitInterrupted is the shell's code for a program stopped by SIGINT
	// (128 + 2), used for SIGTERM too.
	exitInterrupted = 130
)

// interrupt ends when the runner receives SIGINT or SIGTERM: simulations
// stop, nothing more is written (a report being written is finished or
// removed, never left half-written) and the runner exits 130. Tests run
// without it.
var interrupt = context.Background()

// now is the clock the provenance of every output reads; tests replace it
// with a fixed date so that golden files are stable.
var now = time.Now

const usage = `lotsim: commissioning scenarios for domestic abuse services

Usage:
  lotsim check [--strict] [--format text|markdown|json|csv] FILE...
  lotsim budget [--format text|markdown|json|csv] FILE
  lotsim run [flags] FILE
  lotsim compare [flags] A.yaml B.yaml...
  lotsim sweep [flags] FILE (--vary PATH=FROM:TO:STEP | --tornado PATH=LOW:HIGH)...

Commands:
  check    validate scenarios and report figures that do not reconcile
  budget   the money side of a scenario: funders, pool, lots, contracts, capacity
  run      simulate a scenario: who waits, for how long, with findings
  compare  simulate scenarios with the same seed; differences from the first
  sweep    vary scenario values and tabulate results; tornado sensitivity

Run "lotsim COMMAND --help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	interrupt = ctx
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	if ctx.Err() != nil && code != exitOK { // before stop, which cancels ctx too
		code = exitInterrupted
	}
	stop()
	os.Exit(code)
}

// run carries out one command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitInvalid
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(rest, stdout, stderr)
	case "budget":
		return runBudget(rest, stdout, stderr)
	case "run":
		return runRun(rest, stdout, stderr)
	case "compare":
		return runCompare(rest, stdout, stderr)
	case "sweep":
		return runSweep(rest, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "lotsim: unknown command %q (want check, budget, run, compare or sweep)\n\n%s", cmd, usage)
	return exitInvalid
}

// simFormat is the --format flag of every command: text for a terminal,
// markdown for a committee paper, json and csv for programs.
type simFormat string

func (f *simFormat) String() string { return string(*f) }

func (f *simFormat) Set(s string) error {
	switch s {
	case "text", "markdown", "json", "csv":
		*f = simFormat(s)
		return nil
	}
	return fmt.Errorf("want text, markdown, json or csv, not %q", s)
}

// parseArgs parses flags that may come before, between or after the file
// names ("budget FILE --format json" as well as "budget --format json
// FILE") and returns the file names in order.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// newFlagSet returns a flag set that reports errors to stderr and does not
// exit, with usage naming the command.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lotsim %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// flagExit turns a flag-parsing error into an exit code: --help is a
// success, anything else invalid input.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitInvalid
}

// indent prefixes every line of s with two spaces.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}
