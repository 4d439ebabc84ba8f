package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// Replications across machines: "run", "compare" and "sweep" take
// --shard K/N and --partial FILE, run only the K-th of N ranges of the
// replications (simulate.ShardRange: contiguous ranges, in order, the
// first R mod N of them one replication longer) and write a partial file;
// "lotsim merge" replays the partial files of all N shards through the
// same command and prints the report the unsharded run prints.
//
// A partial file is self-contained:
//
//	"lotsim partial\n"              magic, 15 bytes
//	uint64 n, n bytes of JSON        the header (partialHeader)
//	sections, one per simulation the command ran, in order:
//	  's', uint64 run, total, lo, hi, size; size bytes: a gzip stream of
//	  the replications lo to hi-1 of total, each a uvarint length and
//	  the replication's record (simulate.Shard)
//	'e', uint64 number of sections  the end
//
// Integers in the frame are little-endian uint64, so that merge can skip
// a section without reading it.

// partialMagic opens every partial file.
const partialMagic = "lotsim partial\n"

// partialFormat is the version of the partial file format: 2 added
// Arithmetic.
const partialFormat = 2

// resultFlags are the flags that never change the results: left out of
// the flags a partial file records, and given to merge instead.
var resultFlags = map[string]bool{"shard": true, "partial": true, "format": true, "report": true, "quiet": true, "workers": true, "max-memory": true}

// partialHeader is the header of a partial file.
type partialHeader struct {
	Format  int    `json:"format"`
	Version string `json:"lotsim_version"`
	// Arithmetic is the build's floating-point arithmetic (arithmetic):
	// merge refuses shards, and itself, of different ones.
	Arithmetic string `json:"arithmetic"`
	Command    string `json:"command"`
	Shard      int    `json:"shard"`  // K, from 1
	Shards     int    `json:"shards"` // N
	Seed       uint64 `json:"seed"`
	// Replications, First and Last are the whole run's replications and
	// this shard's range of them, in the command's first simulation.
	Replications int `json:"replications"`
	First        int `json:"first"`
	Last         int `json:"last"`
	// Flags are the command's flags that shape the results, in order, as
	// --name or --name=value.
	Flags     []string          `json:"flags"`
	Scenarios []partialScenario `json:"scenarios"`
}

// partialScenario is one scenario file of the command, in order.
type partialScenario struct {
	File   string `json:"file"` // as given on the command line
	SHA256 string `json:"sha256"`
	Text   []byte `json:"text"`
}

// parts is the sharding state of one command line: a shard writing its
// partial file, or a merge replaying them.
type parts struct {
	cmd    string
	args   []string
	fs     *flag.FlagSet // the command's flags
	k, n   int           // --shard K/N; 0 without
	seed   uint64        // the run's seed
	path   string        // --partial
	w      *partialWriter
	loaded []*scenario.Scenario
	replay *replayer // merge
}

// registerParts registers --shard and --partial on the flags of a
// simulating command; shardable says the command can be split.
func (f *simFlags) registerParts(fs *flag.FlagSet, shardable bool) {
	shardUsage, partialUsage := "run only the `K/N`-th of N equal ranges of the replications (K from 1 to N) and write them to --partial; combine the N partial files with lotsim merge",
		"with --shard, write the shard's partial result to `FILE`"
	if !shardable {
		shardUsage, partialUsage = "not for this command, which runs on one machine (`K/N`: run, compare and sweep take it)", "not for this command (`FILE`)"
	}
	fs.Func("shard", shardUsage, func(s string) error {
		if !shardable {
			return fmt.Errorf("lotsim %s cannot be split into shards: it chooses each step from the results of the last, so run it on one machine", fs.Name())
		}
		ks, ns, ok := strings.Cut(s, "/")
		k, err1 := strconv.Atoi(ks)
		n, err2 := strconv.Atoi(ns)
		if !ok || err1 != nil || err2 != nil || n < 1 || k < 1 || k > n || n > maxReplications {
			return fmt.Errorf("want K/N with 1 <= K <= N, such as 2/4, not %q", s)
		}
		f.parts.k, f.parts.n = k, n
		return nil
	})
	fs.Func("partial", partialUsage, func(s string) error {
		if !shardable {
			return fmt.Errorf("lotsim %s cannot be split into shards", fs.Name())
		}
		if s == "" {
			return errors.New("want a file name")
		}
		f.parts.path = s
		return nil
	})
}

// startParts readies the sharding state of the command cmd with the
// command line args; rp is merge's replay, nil otherwise. The function it
// returns removes an unfinished partial file: defer it.
func (f *simFlags) startParts(cmd string, args []string, rp *replayer) func() {
	f.parts.cmd, f.parts.args, f.parts.fs, f.parts.replay = cmd, args, f.fs, rp
	return func() {
		if w := f.parts.w; w != nil {
			w.abort()
		}
	}
}

// checkParts checks the sharding flags against the other options, for
// scenario s (the first), and sets opt's Shard or Replay.
func (f *simFlags) checkParts(s *scenario.Scenario, opt *lotsim.SimOptions) error {
	p := &f.parts
	if p.replay != nil {
		opt.Replay = p.replay
		return nil
	}
	switch {
	case p.k == 0 && p.path == "":
		return nil
	case p.k == 0:
		return errUsage{"--partial names where a shard's partial result goes: add --shard K/N, or leave --partial out"}
	case p.path == "":
		return errUsage{"--shard needs --partial FILE, where the shard's partial result goes"}
	case f.stop != "":
		return errUsage{"--shard cannot split a run sized by --stop, which decides when to end from the replications so far: give --replications N"}
	case f.replications == 0 && s.Simulation.StoppingRule != nil:
		return errUsage{fmt.Sprintf("%s sizes its run with a stopping rule, which --shard cannot split: give --replications N", s.File)}
	case f.report != "":
		return errUsage{"--report is written by lotsim merge, not by a shard: leave it out, and give it to merge"}
	}
	if reps := cmp.Or(f.replications, s.Simulation.Replications, scenario.DefaultReplications); p.n > reps {
		return errUsage{fmt.Sprintf("--shard %d/%d: %d replications can be split into at most %d shards, each with one or more", p.k, p.n, reps, reps)}
	}
	p.seed = s.Simulation.Seed
	if f.seed != nil {
		p.seed = *f.seed
	}
	opt.Shard = p
	return nil
}

// loadScenario loads one scenario file of the command: from the partial
// files under merge, otherwise from disk as loadScenario does; a shard
// keeps its text for its partial file.
func (f *simFlags) loadScenario(cmd, file string, stderr io.Writer) (*scenario.Scenario, bool) {
	p := &f.parts
	if rp := p.replay; rp != nil {
		i := len(p.loaded)
		if i >= len(rp.hdr.Scenarios) || rp.hdr.Scenarios[i].File != file {
			fmt.Fprintf(stderr, "lotsim merge: the partial files do not hold scenario %s\n", file)
			return nil, false
		}
		sc := rp.hdr.Scenarios[i]
		s, err := scenario.Parse(file, sc.Text)
		if err == nil {
			err = s.Validate()
		}
		if err != nil {
			fmt.Fprintf(stderr, "lotsim merge: %s, as the partial files hold it, is not a valid scenario:\n%s\n", file, indent(err.Error()))
			return nil, false
		}
		p.loaded = append(p.loaded, s)
		return s, true
	}
	s, ok := loadScenario(cmd, file, stderr)
	if ok {
		p.loaded = append(p.loaded, s)
	}
	return s, ok
}

// Range starts the partial file at the command's first simulation, and a
// new section at each (simulate.Shard).
func (p *parts) Range(total int) (lo, hi int, err error) {
	lo, hi, err = simulate.ShardRange(p.k, p.n, total)
	if err != nil {
		return 0, 0, fmt.Errorf("--shard %d/%d of %d replications: %w", p.k, p.n, total, err)
	}
	if p.w == nil {
		if p.w, err = createPartial(p.path, p.header(total, lo, hi)); err != nil {
			return 0, 0, err
		}
	}
	return lo, hi, p.w.section(total, lo, hi)
}

// Record adds one replication's record to the partial file
// (simulate.Shard).
func (p *parts) Record(_ int, rec []byte) error { return p.w.record(rec) }

// header is the partial file's header, for a first simulation of total
// replications of which this shard runs lo to hi-1.
func (p *parts) header(total, lo, hi int) partialHeader {
	h := partialHeader{Format: partialFormat, Version: lotsim.Version, Arithmetic: arithmetic(), Command: p.cmd, Shard: p.k, Shards: p.n,
		Replications: total, First: lo, Last: hi - 1}
	h.Flags, _ = splitArgs(p.fs, p.args)
	h.Seed = p.seed
	for _, s := range p.loaded {
		h.Scenarios = append(h.Scenarios, partialScenario{File: s.File, SHA256: s.SHA256, Text: s.Source()})
	}
	return h
}

// finish completes the shard's partial file, once the command's output is
// ready, and says so on stderr.
func (p *parts) finish(stderr io.Writer, quiet bool) error {
	if p.w == nil {
		return errors.New("nothing was simulated, so there is no partial result to write")
	}
	if err := p.w.commit(); err != nil {
		return err
	}
	if !quiet {
		h := p.w.hdr
		fmt.Fprintf(stderr, "lotsim %s: shard %d of %d (replications %d to %d of %d) written to %s; combine the %d partial files with lotsim merge\n",
			p.cmd, h.Shard, h.Shards, h.First+1, h.Last+1, h.Replications, p.path, h.Shards)
	}
	return nil
}

// splitArgs splits a command line of the flag set fs into the flags that
// shape the results, as --name or --name=value in their order, and the
// file names.
func splitArgs(fs *flag.FlagSet, args []string) (flags, files []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			files = append(files, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			files = append(files, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !hasValue && !isBoolFlag(fs, name) && i+1 < len(args) {
			i++
			value, hasValue = args[i], true
		}
		if resultFlags[name] {
			continue
		}
		if hasValue {
			flags = append(flags, "--"+name+"="+value)
		} else {
			flags = append(flags, "--"+name)
		}
	}
	return flags, files
}

// isBoolFlag reports whether fs's flag name takes no value.
func isBoolFlag(fs *flag.FlagSet, name string) bool {
	fl := fs.Lookup(name)
	if fl == nil {
		return false
	}
	b, ok := fl.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// partialWriter writes a partial file: into a temporary file beside it,
// renamed into place only when complete, so that a shard that fails or
// is stopped leaves no partial file behind.
type partialWriter struct {
	hdr      partialHeader
	path     string
	f        *os.File
	sections uint64
	// The open section: where its size goes, and its records' stream.
	sizeAt int64
	gz     *gzip.Writer
	bw     *bufio.Writer
	buf    []byte
}

func createPartial(path string, hdr partialHeader) (*partialWriter, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("--partial: %w", err)
	}
	w := &partialWriter{hdr: hdr, path: path, f: f}
	js, err := json.Marshal(hdr)
	if err == nil {
		b := append([]byte(partialMagic), binary.LittleEndian.AppendUint64(nil, uint64(len(js)))...)
		_, err = f.Write(append(b, js...))
	}
	if err != nil {
		w.abort()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return w, nil
}

// section ends the open section, if any, and opens the next.
func (w *partialWriter) section(total, lo, hi int) error {
	if err := w.endSection(); err != nil {
		return err
	}
	b := []byte{'s'}
	for _, v := range []uint64{w.sections, uint64(total), uint64(lo), uint64(hi), 0} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	at, err := w.f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = w.f.Write(b)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	w.sizeAt = at + int64(len(b)) - 8
	w.sections++
	w.bw = bufio.NewWriterSize(w.f, 64<<10)
	w.gz = gzip.NewWriter(w.bw)
	return nil
}

func (w *partialWriter) record(rec []byte) error {
	w.buf = binary.AppendUvarint(w.buf[:0], uint64(len(rec)))
	w.buf = append(w.buf, rec...)
	if _, err := w.gz.Write(w.buf); err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	return nil
}

// endSection closes the open section's stream and writes its size.
func (w *partialWriter) endSection() error {
	if w.gz == nil {
		return nil
	}
	err := w.gz.Close()
	if err == nil {
		err = w.bw.Flush()
	}
	var end int64
	if err == nil {
		end, err = w.f.Seek(0, io.SeekCurrent)
	}
	if err == nil {
		_, err = w.f.WriteAt(binary.LittleEndian.AppendUint64(nil, uint64(end-w.sizeAt-8)), w.sizeAt)
	}
	w.gz, w.bw = nil, nil
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	return nil
}

// commit ends the file and moves it into place.
func (w *partialWriter) commit() error {
	err := w.endSection()
	if err == nil {
		_, err = w.f.Write(binary.LittleEndian.AppendUint64([]byte{'e'}, w.sections))
	}
	if err == nil {
		err = w.f.Chmod(0o644) // readable by the merge, as a file os.Create makes
	}
	if err == nil {
		err = w.f.Close()
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.path)
	}
	if err != nil {
		w.abort()
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	w.f = nil
	return nil
}

// abort removes an unfinished file.
func (w *partialWriter) abort() {
	if w.f != nil {
		w.f.Close()
		os.Remove(w.f.Name())
		w.f = nil
	}
}

// arithmetic names what decides this build's floating-point results
// beyond the source: the architecture, and the instruction level it was
// built for (GOAMD64, GOARM64 and so on, from the build information when
// it has them), such as "amd64 v1". The Go compiler fuses a multiply and
// an add into one instruction, rounding once instead of twice, on arm64
// and on amd64 built for v3, not on amd64 built for v1 (the default); the
// standard library's elementary functions differ between architectures
// too. Two such builds give results that differ in their last digits (20
// replications of essex-2025 on arm64, under emulation, and on amd64 gave
// the same text report and JSON that differed in 13,953 numbers, in the
// 14th to 17th significant digit), so shards of different arithmetic do
// not merge into the report of one run.
func arithmetic() string {
	a := runtime.GOARCH
	if info, ok := debug.ReadBuildInfo(); ok {
		key := "GO" + strings.ToUpper(runtime.GOARCH)
		for _, st := range info.Settings {
			if st.Key == key {
				a += " " + st.Value
			}
		}
	}
	return a
}
