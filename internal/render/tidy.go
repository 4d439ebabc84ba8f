package render

import (
	"io"
	"math"
	"strconv"
)

// TidyRow is one figure in the long ("tidy") form that R, pandas and
// spreadsheet pivot tables read most easily: one row per lot, risk, client
// group, area, year and metric. An empty Lot, Risk or Area means the
// figure is over all of them; an empty Year, over the whole run.
type TidyRow struct {
	Lot  string
	Risk string // "high", "medium", "standard"
	// ClientGroup is "victim", "child_family", "perpetrator", or "all"
	// (written for an empty one too) for every group.
	ClientGroup string
	Area        string
	Year        string  // a financial year "2018/19" or a contract year label
	Metric      string  // e.g. "wait_days_p50", "waiting_at_year_end", "share_within_target"
	Value       float64 // NaN: not available
	CILo        float64 // 95% confidence interval over replications; NaN when none
	CIHi        float64
}

// TidyHeader is the header row WriteTidyCSV writes (before any provenance
// columns).
var TidyHeader = []string{"lot", "risk", "client_group", "area", "year", "metric", "value", "ci_lo", "ci_hi"}

// tidyAllGroups is the client_group of a row over every client group.
const tidyAllGroups = "all"

// csvDigits is the significant digits a CSV number keeps. A simulated
// figure is an estimate whose 95% interval is far wider than one part in
// 10^10, so ten digits lose nothing a reader could use, while the
// shortest exact form of a float64 shows binary noise
// ("35791.97500000001" for 35,791.975).
const csvDigits = 10

// CSVNumber formats v for CSV: rounded to ten significant digits and
// written without an exponent or trailing zeros ("35791.975", "0.3",
// "1000000000000000000000"), empty for NaN (read as missing by R, pandas
// and spreadsheets), and "Inf" or "-Inf" for infinities (as R, pandas and
// Go read them).
func CSVNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', csvDigits, 64), 64)
	if err != nil || r == 0 {
		return "0" // never "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func tidyNumber(v float64) string { return CSVNumber(v) }

// TidyTable returns rows as a Table with the TidyHeader columns, numbers
// as CSVNumber writes them, for WriteCSV or any other renderer.
func TidyTable(title string, rows []TidyRow) Table {
	t := Table{Title: title}
	for i, h := range TidyHeader {
		k := KindText
		if i >= 6 {
			k = KindNumber
		}
		t.Columns = append(t.Columns, Column{Header: h, Kind: k})
	}
	for _, r := range rows {
		num := func(v float64) Cell {
			s := tidyNumber(v)
			if s == "" {
				return Cell{Text: "n/a", Missing: true}
			}
			return Cell{Text: s, Value: s}
		}
		g := r.ClientGroup
		if g == "" {
			g = tidyAllGroups
		}
		t.AddRow(Str(r.Lot), Str(r.Risk), Str(g), Str(r.Area), Str(r.Year), Str(r.Metric), num(r.Value), num(r.CILo), num(r.CIHi))
	}
	return t
}

// WriteTidyCSV writes rows as RFC 4180 CSV with the TidyHeader columns,
// numbers to ten significant digits (CSVNumber) and missing numbers as
// empty fields, in the order given. With
// p non-nil, the ProvenanceHeader columns follow on every record.
func WriteTidyCSV(w io.Writer, rows []TidyRow, p *Provenance) error {
	t := TidyTable("", rows)
	return t.WriteCSV(w, p)
}
