// Command records writes the case-level extract a domestic abuse service
// would hold if it ran as a scenario says: one row a referral, with its
// referral, start and end dates and its outcome at the extract date (open
// cases and a waiting list included), generated from one replication of
// the scenario's simulation by package synth. It is the input for trying
// and testing lotsim fit.
//
// Usage:
//
//	go run ./examples/records -scenario scenarios/staffordshire-2023.yaml -as-of 2025-09-30 -seed 7 > out.csv
//
// Flags:
//
//	-scenario FILE   the scenario (default scenarios/staffordshire-2023.yaml)
//	-seed N          the replication's seed (default 0: the scenario's)
//	-as-of DATE      the extract date (default: the last day of the scenario's horizon)
//	-from DATE       the first referral date written (default: the demand's start)
//	-client-ids      add a client_id column; repeat referrals share an id
//	-out FILE        write the CSV there instead of to standard output
//
// Dates are ISO (YYYY-MM-DD). A summary of the rows by outcome goes to
// standard error. The file testdata/records/staffordshire-2023.csv was
// written by this program (see testdata/records/README.md).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program: it parses args, writes the CSV to stdout (or
// -out) and a summary and problems to stderr, and returns the exit code
// (0 success, 1 failure, 2 bad usage). On failure nothing is written.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("records", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("scenario", "scenarios/staffordshire-2023.yaml", "the scenario `file`")
	seed := fs.Uint64("seed", 0, "the replication's `seed`; 0 means the scenario's")
	asOf := fs.String("as-of", "", "the extract `date` (YYYY-MM-DD); default: the last day of the scenario's horizon")
	from := fs.String("from", "", "the first referral `date` written (YYYY-MM-DD); default: the demand's start")
	ids := fs.Bool("client-ids", false, "add a client_id column")
	out := fs.String("out", "", "write the CSV to this `file` instead of standard output")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "records: unexpected argument %q; every input is a flag\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	opt := synth.Options{Seed: *seed, ClientIDs: *ids}
	for _, d := range []struct {
		flag, text string
		to         *funding.Date
	}{{"-as-of", *asOf, &opt.AsOf}, {"-from", *from, &opt.From}} {
		if d.text == "" {
			continue
		}
		v, err := funding.ParseDate(d.text)
		if err != nil {
			fmt.Fprintf(stderr, "records: %s %q: want a date as YYYY-MM-DD: %v\n", d.flag, d.text, err)
			return 2
		}
		*d.to = v
	}

	s, err := scenario.Load(*file)
	if err != nil {
		fmt.Fprintf(stderr, "records: %v\n", err)
		return 1
	}
	r, err := synth.Generate(s, opt)
	if err != nil {
		fmt.Fprintf(stderr, "records: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		fmt.Fprintf(stderr, "records: %v\n", err)
		return 1
	}
	if *out != "" {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	} else {
		_, err = stdout.Write(buf.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "records: %v\n", err)
		return 1
	}
	summarise(stderr, r)
	return 0
}

// summarise writes the number of rows by outcome.
func summarise(w io.Writer, r *synth.Records) {
	n := map[string]int{}
	for _, row := range r.Rows {
		n[row.Outcome]++
	}
	outcomes := make([]string, 0, len(n))
	for o := range n {
		outcomes = append(outcomes, o)
	}
	sort.Strings(outcomes)
	fmt.Fprintf(w, "records: %d referrals from %s to %s (seed %d):", len(r.Rows), r.From, r.AsOf, r.Truth.Seed)
	for _, o := range outcomes {
		fmt.Fprintf(w, " %s %d", o, n[o])
	}
	fmt.Fprintln(w)
}
