// Command lotsim is the runner commissioners use: it checks scenario files
// and reports their budgets.
//
// Usage:
//
//	lotsim check [--strict] [--format text|json] FILE...
//	lotsim budget [--format text|json] FILE
//
// check validates each scenario and prints the figures in it that do not
// reconcile (findings). budget prints the money side of one scenario:
// funders and shares, the pool by year in cash and real terms, its
// allocation to lots, the contract timeline and total contract value, and
// the capacity each lot buys against the demand expected of it.
//
// Exit codes: 0 success; 1 findings under --strict, or an output failure;
// 2 invalid input (a scenario with errors, a bad flag, a missing file).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // findings under --strict, or a failure writing output
	exitInvalid = 2 // invalid input: a bad scenario, flag or file name
)

const usage = `lotsim: commissioning scenarios for domestic abuse services

Usage:
  lotsim check [--strict] [--format text|json] FILE...
  lotsim budget [--format text|json] FILE

Commands:
  check   validate scenarios and report figures that do not reconcile
  budget  the money side of a scenario: funders, pool, lots, contracts, capacity

Run "lotsim COMMAND --help" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "lotsim: unknown command %q (want check or budget)\n\n%s", cmd, usage)
	return exitInvalid
}

// format is the --format flag: text for people, json for programs.
type format string

func (f *format) String() string { return string(*f) }

func (f *format) Set(s string) error {
	switch s {
	case "text", "json":
		*f = format(s)
		return nil
	}
	return fmt.Errorf("want text or json, not %q", s)
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
