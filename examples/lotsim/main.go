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
//	lotsim merge [flags] PART...
//	lotsim help [COMMAND]
//	lotsim version
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
// run, compare and sweep can be split across processes or machines:
// --shard K/N --partial FILE simulates only the K-th of N ranges of the
// replications into a partial file, and merge combines the N partial
// files into the report the unsharded command prints, byte for byte.
//
// Text output keeps within 100 columns and names every figure in words;
// JSON and CSV keep snake_case names and plain numbers. While a run goes,
// stderr shows a progress bar on a terminal, or a plain line now and then
// when it is piped or logged; --quiet turns both off.
//
// "lotsim help COMMAND" and "lotsim COMMAND --help" print a command's
// flags; "lotsim version" prints the lotsim version and the Go toolchain
// and build it was made with.
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
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/internal/render"
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
  lotsim optimise [flags] FILE
  lotsim fit RECORDS --base BASE.yaml [--out FITTED.yaml] [flags]
  lotsim backtest FITTED.yaml RECORDS --from DATE [flags]
  lotsim merge [flags] PART...
  lotsim help [COMMAND]
  lotsim version

Commands:
  check     validate scenarios and report figures that do not reconcile
  budget    the money side of a scenario: funders, pool, lots, contracts, capacity
  run       simulate a scenario: who waits, for how long, with findings
  compare   simulate scenarios with the same seed; differences from the first
  sweep     vary scenario values and tabulate results; tornado sensitivity
  optimise  the split of the pool across lots that meets the wait targets
  fit       fit a scenario to a service's own records of referrals and cases
  backtest  simulate from a date in the records and set the months after against them
  merge     combine the partial files of a run split with --shard K/N into its report
  help      this help, or a command's flags (lotsim help run)
  version   the lotsim version and the Go build it was made with

Run "lotsim help COMMAND" or "lotsim COMMAND --help" for a command's flags.
`

// commands are the commands that take flags, by name.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"check":    runCheck,
	"budget":   runBudget,
	"run":      runRun,
	"compare":  runCompare,
	"sweep":    runSweep,
	"optimise": runOptimise,
	"fit":      runFit,
	"backtest": runBacktest,
	"merge":    runMerge,
}

// listening, if not nil, is called once main catches SIGINT and SIGTERM:
// TestInterrupt waits for it before it sends a signal, since one sent
// earlier kills the process as Go does by default.
var listening func()

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	interrupt = ctx
	if listening != nil {
		listening()
	}
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
	if c, ok := commands[cmd]; ok {
		return c(rest, stdout, stderr)
	}
	switch cmd {
	case "help", "-h", "--help", "-help":
		if len(rest) == 0 || rest[0] == "help" {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		if rest[0] == "version" {
			fmt.Fprintln(stdout, "Usage: lotsim version\n\nPrints the lotsim version and the Go toolchain and build it was made with.")
			return exitOK
		}
		if c, ok := commands[rest[0]]; ok {
			// Asked for, the help is the output: it goes to stdout.
			return c([]string{"--help"}, stdout, stdout)
		}
		fmt.Fprintf(stderr, "lotsim help: unknown command %q (lotsim help lists the commands)\n", rest[0])
		return exitInvalid
	case "version", "--version", "-version":
		printVersion(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "lotsim: unknown command %q; the commands are:\n\n%s", cmd, usage)
	return exitInvalid
}

// printVersion prints the lotsim version, the Go toolchain, and the
// source revision the binary was built from when Go recorded it.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "lotsim %s\n", lotsim.Version)
	fmt.Fprintf(w, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		fmt.Fprintf(w, "module: %s %s\n", info.Main.Path, v)
	}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		line := "revision: " + rev
		if at != "" {
			line += " (" + at + ")"
		}
		if modified == "true" {
			line += ", with uncommitted changes"
		}
		fmt.Fprintln(w, line)
	}
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
	fs.Usage = func() { printUsage(stderr, fs, synopsis) }
	return fs
}

// printUsage writes a command's help within render.TextWidth columns: its
// synopsis (the first line, then any paragraph after a blank line) and
// each flag with its description wrapped under it.
func printUsage(w io.Writer, fs *flag.FlagSet, synopsis string) {
	first, rest, _ := strings.Cut(synopsis, "\n")
	for i, l := range render.Wrap("lotsim "+first, render.TextWidth-7) {
		lead := "Usage: "
		if i > 0 {
			lead = "         "
		}
		fmt.Fprintln(w, lead+l)
	}
	if rest = strings.TrimSpace(rest); rest != "" {
		fmt.Fprintln(w)
		for i, para := range strings.Split(rest, "\n\n") {
			if i > 0 {
				fmt.Fprintln(w) // paragraphs apart, as in the synopsis
			}
			for _, l := range render.Wrap(para, render.TextWidth) {
				fmt.Fprintln(w, l)
			}
		}
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		switch f.DefValue {
		case "", "0", "false", "[]":
		default:
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		for _, l := range render.Wrap(usage, render.TextWidth-6) {
			fmt.Fprintln(w, "      "+l)
		}
	})
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
