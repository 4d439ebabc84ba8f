package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest scenario file Load and Parse read, 4 MiB. A
// real scenario is a few kilobytes; the limit keeps a mistaken or hostile
// file from taking the machine's memory.
const MaxFileSize = 4 << 20

// Load reads and decodes the scenario file at path (see Parse). The error
// is an ErrorList of every problem in the file, or the error from opening
// or reading it.
func Load(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > MaxFileSize {
		return nil, ErrorList{tooLarge(path, info.Size())}
	}
	// Read one byte past the limit, so that a file that grows, or is not a
	// regular file, is still caught without reading it all.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, ErrorList{tooLarge(path, -1)}
	}
	return Parse(path, data)
}

// tooLarge reports a file over MaxFileSize; size < 0 if not known.
func tooLarge(file string, size int64) *Error {
	msg := fmt.Sprintf("file is larger than %d bytes (4 MiB), the most a scenario may be", MaxFileSize)
	if size >= 0 {
		msg = fmt.Sprintf("file is %d bytes; a scenario may be at most %d bytes (4 MiB)", size, MaxFileSize)
	}
	return &Error{File: file, Msg: msg, Err: ErrTooLarge}
}

// Parse decodes a scenario from data, the contents of a YAML file; file
// names it in errors and in Scenario.File. The format is described in the
// package documentation.
//
// Decoding is strict: an unknown key, a value of the wrong type, a
// duration without a unit, a percentage without a % sign, a name that
// refers to nothing, a routing gap or overlap are all errors. Parse reports
// every problem it finds, not just the first, as an ErrorList sorted by
// position; each names the file, line, column and field path and says what
// would be valid. It rejects YAML anchors, aliases and tags, files of more
// than MaxFileSize bytes, empty files and files of several documents.
//
// Figures that are valid but do not reconcile with each other (a stated
// total that is not the sum of the contributions) are not errors; see
// Scenario.Findings.
func Parse(file string, data []byte) (*Scenario, error) {
	if len(data) > MaxFileSize {
		return nil, ErrorList{tooLarge(file, int64(len(data)))}
	}
	d := &decoder{file: file}
	root := d.document(data)
	if root == nil || !d.CheckPlain(root) {
		return nil, d.result()
	}
	d.root = root
	s := d.scenario(root)
	if len(d.Problems) > 0 {
		return nil, d.result()
	}
	sum := sha256.Sum256(data)
	s.File, s.SHA256, s.data = file, hex.EncodeToString(sum[:]), data
	return s, nil
}

// result returns the problems found, sorted, as an ErrorList.
func (d *decoder) result() error {
	errs := make(ErrorList, len(d.Problems))
	for i, p := range d.Problems {
		errs[i] = &Error{File: d.file, Line: p.Line, Column: p.Column, Path: p.Path, Msg: p.Msg, Err: p.Err}
	}
	errs.sort()
	if d.Dropped > 0 {
		errs = append(errs, &Error{File: d.file, Err: ErrInvalid,
			Msg: fmt.Sprintf("%d more problems not shown: the first %d are above", d.Dropped, yamlnode.MaxProblems)})
	}
	return errs
}

// yamlLine matches yaml.v3's syntax errors that give a line number.
var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

// document parses data as exactly one YAML document and returns the node
// holding its content, or nil after reporting why there is none.
func (d *decoder) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.Errorf(nil, "", ErrEmpty, "file is empty; a scenario needs at least %s", requiredKeys)
		} else {
			d.syntax(err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		d.Errorf(&next, "", ErrMultipleDocuments, "a second YAML document starts here; a scenario file holds one document (remove the \"---\" line and what follows, or split the file)")
		return nil
	case !errors.Is(err, io.EOF):
		d.syntax(err)
		return nil
	}
	if len(doc.Content) == 0 || yamlnode.IsNull(doc.Content[0]) {
		d.Errorf(nil, "", ErrEmpty, "file has no content; a scenario needs at least %s", requiredKeys)
		return nil
	}
	return doc.Content[0]
}

// parserProblems are the messages of yaml.v3's parser, as against its
// scanner. yaml.v3 v3.0.1 reports a parser error's line counting from 0,
// and a scanner error's counting from 1; syntax corrects the first.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// syntax reports a YAML syntax error with its line, when yaml.v3 gives one
// (it gives no column).
func (d *decoder) syntax(err error) {
	e := yamlnode.Problem{Err: errors.Join(ErrSyntax, err)}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		if slices.Contains(parserProblems, m[2]) {
			e.Line++
		}
		e.Msg = "YAML syntax error: " + m[2]
	} else {
		e.Msg = "YAML syntax error: " + strings.TrimPrefix(err.Error(), "yaml: ")
	}
	d.Add(e)
}

// decoder reads one file, collecting every problem found.
type decoder struct {
	yamlnode.Decoder
	file string
	root *yaml.Node // the document's content, for finding a path's node
	// earmarkRefs are the lot names earmarks give, checked once the lots
	// are read (funders come first in a file).
	earmarkRefs []earmarkRef
}
