package records

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/lotsim/lotsim/scenario"
)

// Read reads the file at path, a .csv or .xlsx file (by its extension,
// ignoring case). Errors name the file as path gives it; the Extract
// keeps only its base name. See the package documentation for the
// formats and ReadCSV and ReadXLSX for what is returned.
func Read(path string, opt Options) (*Extract, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, fileError(path, ErrFormat, "cannot read "+quote(ext)+" files; give a .csv file or an Excel workbook (.xlsx)")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err, "cannot open the file: "+err.Error())
	}
	defer f.Close()
	if ext == ".csv" {
		return ReadCSV(path, f, opt)
	}
	return ReadXLSX(path, f, opt)
}

// fileError is a problem with the file as a whole.
func fileError(name string, err error, msg string) error {
	return scenario.ErrorList{&scenario.Error{File: name, Msg: msg, Err: err}}
}

// ReadCSV reads a comma-separated file from r, UTF-8 (with or without a
// byte-order mark), as RFC 4180 writes it. name is the file's name for
// messages. It returns the Extract, or a scenario.ErrorList holding every
// problem found (up to 100, and a count of the rest). Memory is that of
// the Extract (32 bytes a referral) and one line of the file.
func ReadCSV(name string, r io.Reader, opt Options) (*Extract, error) {
	h := sha256.New()
	lr := &lineLimit{r: r, h: h}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rd := newReader(name, opt, false)
	embedded := 0 // line breaks inside quoted values so far: a spreadsheet shows such a record as one row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			switch {
			case errors.Is(err, errLineTooLong):
				rd.p.add(0, lr.lines+1-embedded, 0, "", "a line is longer than "+strconv.Itoa(MaxLineBytes)+
					" bytes; is this a CSV file?", ErrFormat)
			case errors.As(err, &pe):
				rd.p.add(0, pe.StartLine-embedded, 0, "", "not CSV as a spreadsheet writes it (line "+strconv.Itoa(pe.Line)+
					", character "+strconv.Itoa(pe.Column)+": "+pe.Err.Error()+"); check the quotes in that row", ErrFormat)
			default:
				return nil, fileError(name, err, "cannot read the file: "+err.Error())
			}
			rd.stopped = true
			break
		}
		line, _ := cr.FieldPos(0)
		row := line - embedded
		for _, f := range rec {
			embedded += strings.Count(f, "\n")
		}
		if !rd.row(row, rec) {
			break
		}
	}
	return rd.finish(hex.EncodeToString(h.Sum(nil)))
}

// errLineTooLong stops a CSV read at a line over MaxLineBytes.
var errLineTooLong = errors.New("line too long")

// lineLimit passes bytes through to a hash, counting lines and refusing
// one over MaxLineBytes, so that a file with no line breaks cannot take
// unbounded memory.
type lineLimit struct {
	r     io.Reader
	h     hash.Hash
	run   int // bytes since the last line break
	lines int // line breaks so far
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	b := p[:n]
	l.h.Write(b)
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.run += len(b)
			break
		}
		if l.run+i > MaxLineBytes {
			return n, errLineTooLong
		}
		l.run, l.lines = 0, l.lines+1
		b = b[i+1:]
	}
	if l.run > MaxLineBytes {
		return n, errLineTooLong
	}
	return n, err
}

// ReadXLSX reads an Excel workbook (.xlsx) from r: the first sheet, or
// opt.Sheet. name is the file's name for messages. Date cells are read
// as their day serials (the 1900 date system) and text cells as text, so
// a column may hold either. The workbook is read into memory whole (at
// most MaxXLSXBytes) and its rows are streamed from there.
func ReadXLSX(name string, r io.Reader, opt Options) (*Extract, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxXLSXBytes+1))
	if err != nil {
		return nil, fileError(name, err, "cannot read the file: "+err.Error())
	}
	if len(data) > MaxXLSXBytes {
		return nil, fileError(name, ErrTooMany, "the workbook is over "+strconv.Itoa(MaxXLSXBytes>>20)+" MiB; save the sheet as CSV, which is read as a stream")
	}
	sum := sha256.Sum256(data)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, fileError(name, ErrFormat, "not an Excel workbook (.xlsx) that can be opened ("+err.Error()+")")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError(name, ErrFormat, "the workbook has no sheets")
	}
	sheet := sheets[0]
	if opt.Sheet != "" {
		sheet = ""
		for _, s := range sheets {
			if strings.EqualFold(s, opt.Sheet) {
				sheet = s
			}
		}
		if sheet == "" {
			return nil, fileError(name, ErrFormat, "the workbook has no sheet "+quote(opt.Sheet)+didYouMean(opt.Sheet, sheets)+
				" (its sheets: "+listNames(quoteAll(sheets))+")")
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fileError(name, ErrFormat, "cannot read sheet "+quote(sheet)+": "+err.Error())
	}
	defer rows.Close()
	rd := newReader(name, opt, true)
	raw := excelize.Options{RawCellValue: true}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(raw)
		if err != nil {
			rd.p.add(0, n, 0, "", "cannot read the row: "+err.Error(), ErrFormat)
			rd.stopped = true
			break
		}
		if !rd.row(n, cells) {
			break
		}
	}
	if err := rows.Error(); err != nil && !rd.stopped {
		rd.p.add(0, 0, 0, "", "cannot read sheet "+quote(sheet)+": "+err.Error(), ErrFormat)
		rd.stopped = true
	}
	return rd.finish(hex.EncodeToString(sum[:]))
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return q
}
