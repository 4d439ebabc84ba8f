package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/simulate"
)

const mergeSynopsis = `merge [--format text|markdown|json|csv] [--report DIR] [--quiet] PART...

Combines the partial files that run, compare or sweep wrote with --shard K/N
and --partial FILE, one for each K from 1 to N in any order, into the report
the same command prints without --shard: the same figures, bit for bit, and
byte for byte the same JSON apart from the date and the scenario's file path.
The partial files hold the scenarios and the flags, so merge needs only
them. It refuses a missing or repeated shard, and partial files of another
command, version, seed, scenario, flags or number of shards.

Run every shard and the merge with builds of one arithmetic: the same
architecture and instruction level (amd64 built as usual, GOAMD64=v1, is
one; amd64 built with GOAMD64=v3 and arm64 fuse multiplies and adds, and
round differently). Figures then differ only in their last digits, but
not byte for byte, so merge refuses a mix and names the builds.`

// shardable are the commands --shard can split, with the replay merge
// gives them.
var shardable = map[string]func(args []string, stdout, stderr io.Writer, rp *replayer) int{
	"run":     runRunWith,
	"compare": runCompareWith,
	"sweep":   runSweepWith,
}

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("merge", mergeSynopsis, stderr)
	format := simFormat("text")
	fs.Var(&format, "format", "output `format`: text, markdown, json or csv")
	report := fs.String("report", "", "also write a self-contained HTML report with charts into `DIR` (replaced as a whole)")
	quiet := fs.Bool("quiet", false, "no progress or notes on stderr")
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "lotsim merge: name the partial files of every shard, e.g. lotsim merge part-1.lsp part-2.lsp")
		return exitInvalid
	}
	rp, err := openParts(files)
	if err != nil {
		fmt.Fprintf(stderr, "lotsim merge: %v\n", err)
		return exitInvalid
	}
	defer rp.closePart()
	h := rp.hdr
	cmdArgs := []string{}
	for _, s := range h.Scenarios {
		cmdArgs = append(cmdArgs, s.File)
	}
	cmdArgs = append(cmdArgs, h.Flags...)
	cmdArgs = append(cmdArgs, "--format", string(format))
	if *report != "" {
		cmdArgs = append(cmdArgs, "--report", *report)
	}
	if *quiet {
		cmdArgs = append(cmdArgs, "--quiet")
	}
	code := shardable[h.Command](cmdArgs, stdout, stderr, rp)
	if code == exitOK && rp.runs != rp.sections {
		fmt.Fprintf(stderr, "lotsim merge: the partial files hold %d simulations, and lotsim %s ran %d of them: the merged report may be wrong\n", rp.sections, h.Command, rp.runs)
		return exitFailure
	}
	return code
}

// replayer replays the partial files of every shard, in shard order, to
// the command's simulations in turn (simulate.Replay). It reads one
// partial file at a time, one record at a time.
type replayer struct {
	hdr      partialHeader
	files    []string // by shard: files[k-1]
	sections int      // simulations in each file

	runs   int // simulations started
	total  int // replications of the current one
	cur    int // the shard being read (0 based), or -1
	lo, hi int // its replications
	next   int // the next replication it holds
	f      *os.File
	br     *bufio.Reader
	buf    []byte
}

// Start begins the command's next simulation (simulate.Replay).
func (r *replayer) Start(total int) error {
	r.closePart()
	r.runs++
	r.total, r.cur, r.hi, r.next = total, -1, 0, 0
	if r.runs > r.sections {
		return fmt.Errorf("the partial files hold %d simulations, and lotsim %s wants more: were the shards run with this version of lotsim?", r.sections, r.hdr.Command)
	}
	return nil
}

// Next returns replication index's record (simulate.Replay).
func (r *replayer) Next(index int) ([]byte, error) {
	for index >= r.hi {
		if err := r.nextPart(); err != nil {
			return nil, err
		}
	}
	if index != r.next {
		return nil, fmt.Errorf("replication %d was asked for out of order", index)
	}
	n, err := binary.ReadUvarint(r.br)
	if err == nil && n > 1<<30 {
		err = fmt.Errorf("a record of %d bytes", n)
	}
	if err == nil {
		r.buf = slices.Grow(r.buf[:0], int(n))[:n]
		_, err = io.ReadFull(r.br, r.buf)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: replication %d: %w", r.files[r.cur], index, noEOF(err))
	}
	r.next++
	if r.next == r.hi {
		// The stream must end here, and its checksum hold: a damaged
		// file is refused before any report is written.
		if _, err := r.br.ReadByte(); err != io.EOF {
			if err == nil {
				err = fmt.Errorf("it holds more than its replications %d to %d", r.lo+1, r.hi)
			}
			return nil, fmt.Errorf("%s is damaged: %w", r.files[r.cur], noEOF(err))
		}
	}
	return r.buf, nil
}

// noEOF turns the end of a stream into an error that says so.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends too soon")
	}
	return err
}

// nextPart moves on to the next shard's part of the current simulation.
func (r *replayer) nextPart() error {
	r.closePart()
	r.cur++
	if r.cur >= len(r.files) {
		return fmt.Errorf("no shard holds replication %d", r.hi)
	}
	name := r.files[r.cur]
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	r.f = f
	fr, err := newFrameReader(f, name)
	if err != nil {
		return err
	}
	for {
		sec, err := fr.section()
		if err != nil {
			return err
		}
		if sec == nil {
			return fmt.Errorf("%s ends before simulation %d", name, r.runs)
		}
		if sec.run != r.runs-1 {
			if err := fr.skip(sec); err != nil {
				return err
			}
			continue
		}
		lo, hi, err := simulate.ShardRange(r.cur+1, len(r.files), r.total)
		if err != nil || sec.total != r.total || sec.lo != lo || sec.hi != hi || lo != r.hi {
			return fmt.Errorf("%s holds replications %d to %d of %d in simulation %d; shard %d of %d should hold %d to %d of %d",
				name, sec.lo+1, sec.hi, sec.total, r.runs, r.cur+1, len(r.files), lo+1, hi, r.total)
		}
		zr, err := gzip.NewReader(io.LimitReader(f, sec.size))
		if err != nil {
			return fmt.Errorf("%s: %w", name, noEOF(err))
		}
		r.br = bufio.NewReaderSize(zr, 64<<10)
		r.lo, r.hi, r.next = lo, hi, lo
		return nil
	}
}

// closePart closes the shard being read.
func (r *replayer) closePart() {
	if r.f != nil {
		r.f.Close()
		r.f, r.br = nil, nil
	}
}

// frameReader reads the frame of a partial file: header and sections.
type frameReader struct {
	f    *os.File
	name string
	hdr  partialHeader
	end  uint64 // the number of sections the end of the file gives
}

// maxHeader bounds a partial file's header: the scenarios (at most 4 MiB
// each) of a comparison of many.
const maxHeader = 1 << 30

func newFrameReader(f *os.File, name string) (*frameReader, error) {
	fr := &frameReader{f: f, name: name}
	head := make([]byte, len(partialMagic)+8)
	if _, err := io.ReadFull(f, head); err != nil || string(head[:len(partialMagic)]) != partialMagic {
		return nil, fmt.Errorf("%s is not a lotsim partial file (lotsim run --shard K/N --partial FILE writes them)", name)
	}
	n := binary.LittleEndian.Uint64(head[len(partialMagic):])
	if n > maxHeader {
		return nil, fmt.Errorf("%s: the header is damaged", name)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(f, js); err != nil {
		return nil, fmt.Errorf("%s: %w", name, noEOF(err))
	}
	var probe struct {
		Format int `json:"format"`
	}
	if err := json.Unmarshal(js, &probe); err != nil {
		return nil, fmt.Errorf("%s: the header is damaged: %v", name, err)
	}
	if probe.Format != partialFormat {
		return nil, fmt.Errorf("%s is a partial file of format %d; this lotsim (%s) reads format %d: merge with the version that wrote it", name, probe.Format, lotsim.Version, partialFormat)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fr.hdr); err != nil {
		return nil, fmt.Errorf("%s: the header is damaged: %v", name, err)
	}
	return fr, nil
}

// frameSection is one section's frame.
type frameSection struct {
	run, total, lo, hi int
	size               int64
}

// section reads the next section's frame, or nil at the end.
func (fr *frameReader) section() (*frameSection, error) {
	b := make([]byte, 1+5*8)
	if _, err := io.ReadFull(fr.f, b[:9]); err != nil {
		return nil, fmt.Errorf("%s is incomplete (%v): was its shard stopped?", fr.name, noEOF(err))
	}
	switch b[0] {
	case 'e':
		fr.end = binary.LittleEndian.Uint64(b[1:9])
		return nil, nil
	case 's':
	default:
		return nil, fmt.Errorf("%s is damaged", fr.name)
	}
	if _, err := io.ReadFull(fr.f, b[9:]); err != nil {
		return nil, fmt.Errorf("%s is incomplete (%v)", fr.name, noEOF(err))
	}
	var v [5]uint64
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(b[1+8*i:])
		if v[i] > 1<<50 {
			return nil, fmt.Errorf("%s is damaged", fr.name)
		}
	}
	return &frameSection{run: int(v[0]), total: int(v[1]), lo: int(v[2]), hi: int(v[3]), size: int64(v[4])}, nil
}

// skip passes over a section's records.
func (fr *frameReader) skip(s *frameSection) error {
	if _, err := fr.f.Seek(s.size, io.SeekCurrent); err != nil {
		return fmt.Errorf("%s: %w", fr.name, err)
	}
	return nil
}

// count reads every section's frame to the end, checking that the file
// is complete and that its sections run 0, 1, 2, ..., and returns the
// number of sections.
func (fr *frameReader) count() (int, error) {
	n := 0
	for {
		s, err := fr.section()
		if err != nil {
			return 0, err
		}
		if s == nil {
			if fr.end != uint64(n) {
				return 0, fmt.Errorf("%s is damaged at its end", fr.name)
			}
			return n, nil
		}
		if s.run != n {
			return 0, fmt.Errorf("%s is damaged", fr.name)
		}
		if err := fr.skip(s); err != nil {
			return 0, err
		}
		n++
	}
}

// openParts reads and checks the headers of the partial files: one for
// each shard of the same run.
func openParts(files []string) (*replayer, error) {
	type part struct {
		file     string
		hdr      partialHeader
		sections int
	}
	var ps []part
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		fr, err := newFrameReader(f, name)
		var n int
		if err == nil {
			n, err = fr.count()
		}
		f.Close()
		if err != nil {
			return nil, err
		}
		ps = append(ps, part{name, fr.hdr, n})
	}
	a := ps[0]
	for _, s := range a.hdr.Scenarios {
		if sum := sha256.Sum256(s.Text); hex.EncodeToString(sum[:]) != s.SHA256 {
			return nil, fmt.Errorf("%s is damaged: its copy of %s does not match its SHA-256", a.file, s.File)
		}
	}
	if a.hdr.Version != lotsim.Version {
		return nil, fmt.Errorf("%s was written by lotsim %s; this is lotsim %s: merge with the version that ran the shards, so that the report is theirs", a.file, a.hdr.Version, lotsim.Version)
	}
	if a.hdr.Arithmetic != arithmetic() {
		return nil, fmt.Errorf("%s was simulated by a build of lotsim for %s; this one is for %s: floating-point results differ in their last digits between the two (see lotsim merge -h), so merge with a build like the shards'", a.file, a.hdr.Arithmetic, arithmetic())
	}
	byShard := make([]string, a.hdr.Shards)
	for _, p := range ps {
		h, g := a.hdr, p.hdr
		differ := func(what, x, y string) error {
			return fmt.Errorf("%s and %s are not shards of one run: %s %s, the other %s", a.file, p.file, what, x, y)
		}
		switch {
		case g.Version != h.Version:
			return nil, differ("one was written by lotsim", h.Version, g.Version)
		case g.Arithmetic != h.Arithmetic:
			return nil, differ("one was simulated by a build for", h.Arithmetic, g.Arithmetic)
		case g.Command != h.Command:
			return nil, differ("one is of lotsim", h.Command, g.Command)
		case g.Shards != h.Shards:
			return nil, differ("one is one of N =", fmt.Sprint(h.Shards), fmt.Sprintf("%d shards", g.Shards))
		case g.Seed != h.Seed:
			return nil, differ("one has seed", fmt.Sprint(h.Seed), fmt.Sprint(g.Seed))
		case g.Replications != h.Replications:
			return nil, differ("one has", fmt.Sprintf("%d replications", h.Replications), fmt.Sprint(g.Replications))
		case len(g.Scenarios) != len(h.Scenarios):
			return nil, differ("one has", plural(len(h.Scenarios), "scenario"), fmt.Sprint(len(g.Scenarios)))
		case !slices.Equal(g.Flags, h.Flags):
			return nil, differ("one was run with flags", quoteFlags(h.Flags), quoteFlags(g.Flags))
		case p.sections != a.sections:
			return nil, differ("one holds", plural(a.sections, "simulation"), fmt.Sprint(p.sections))
		}
		for i := range h.Scenarios {
			if g.Scenarios[i].SHA256 != h.Scenarios[i].SHA256 {
				return nil, differ(fmt.Sprintf("scenario %d is", i+1), fmt.Sprintf("%s (SHA-256 %.12s…)", h.Scenarios[i].File, h.Scenarios[i].SHA256),
					fmt.Sprintf("%s (SHA-256 %.12s…): a different file", g.Scenarios[i].File, g.Scenarios[i].SHA256))
			}
		}
		if g.Shard < 1 || g.Shard > g.Shards {
			return nil, fmt.Errorf("%s is damaged: shard %d of %d", p.file, g.Shard, g.Shards)
		}
		if prev := byShard[g.Shard-1]; prev != "" {
			return nil, fmt.Errorf("%s and %s are both shard %d of %d: give each shard once", prev, p.file, g.Shard, g.Shards)
		}
		byShard[g.Shard-1] = p.file
	}
	var missing []string
	for k, f := range byShard {
		if f == "" {
			missing = append(missing, fmt.Sprint(k+1))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shard %s of %d missing: merge needs the partial files of all %d shards, and was given %d (%s)",
			strings.Join(missing, ", "), a.hdr.Shards, a.hdr.Shards, len(files), strings.Join(files, ", "))
	}
	if _, ok := shardable[a.hdr.Command]; !ok {
		return nil, fmt.Errorf("%s is of lotsim %s, which merge cannot replay", a.file, a.hdr.Command)
	}
	return &replayer{hdr: a.hdr, files: byShard, sections: a.sections, cur: -1}, nil
}

// quoteFlags writes flags for a message: "none" or the flags.
func quoteFlags(flags []string) string {
	if len(flags) == 0 {
		return "(none)"
	}
	return strings.Join(flags, " ")
}
