// Package records reads a service's export of its referrals, a CSV file or
// an Excel workbook, into a compact, checked Extract, for fitting a
// scenario to it (lotsim fit). It reads and checks; it does not fit.
//
// Read takes a path and picks the reader by extension; ReadCSV and
// ReadXLSX take an io.Reader. Each returns an *Extract, or every problem
// in the file (the first 100 by row, and a count of the rest) as a
// scenario.ErrorList of *scenario.Error, each naming the file, the row as
// a spreadsheet numbers it (the header is row 1), the column's number
// (from 1) and, in Path, its name, and quoting the value:
//
//	refs.csv: row 14, column 6: start_date: "31/02/2024" is not a date; write YYYY-MM-DD (e.g. 2024-01-31) or DD/MM/YYYY (e.g. 31/01/2024)
//	refs.csv: row 1, column 1: refferal_date: unknown column "refferal_date"; did you mean "referral_date"? (...)
//	refs.csv: row 9, column 8: outcome: outcome "open" needs a start date (a case in support has started); this row has none
//
// Each error wraps one of this package's sentinels (ErrBadHeader,
// ErrBadValue, ErrDateOrder, ErrInconsistent, ErrNoReferrals, ErrTooMany,
// ErrFormat), for errors.Is.
//
// # Case-level files
//
// One row a referral, under a header row. Column names are matched
// ignoring case and surrounding spaces; columns may come in any order;
// a column the format does not have is an error, and blank rows are
// skipped. testdata/example.csv is an example.
//
//	referral_date  the date referred; the one required column, and a value on every row
//	area           the area, spelt as in the scenario
//	client_group   victim, perpetrator or child_family (any capitals)
//	risk           high, medium or standard; blank if unknown
//	lot            the service that took the referral, as the scenario names it
//	start_date     the day support started; blank if it never did
//	end_date       the day the case closed or the person left the waiting list; blank if open or waiting
//	outcome        completed, dropped_out, gave_up, turned_away, open, waiting or referred_on
//	client_id      a pseudonymous id, to count repeat referrals; only a hash is kept
//
// The outcomes and the dates each needs:
//
//	completed    support ended as planned                         start and end
//	dropped_out  the person left during support                   start and end
//	gave_up      the person left the waiting list                 end (the day they left), no start
//	turned_away  refused at the door                              no start; end optional
//	referred_on  left at triage, referred elsewhere without       no start; end optional
//	             service (an addition to issue 10's list)
//	open         in support at the extract date                   start, no end
//	waiting      on the waiting list at the extract date          no start, no end
//
// A blank outcome is read from the dates when they settle it: a start
// and no end is open, neither is waiting; otherwise it is an error. No
// start may come before its referral, no end before its start (or, with
// no start, its referral), and no date after the extract date
// (Options.AsOf, by default the latest date in the file).
//
// # Monthly-counts files
//
// For a service that has only counts: a header naming month and
// referrals (required), and area, client_group and risk (optional), one
// row a month for each area, client group and risk. testdata/counts.csv is
// an example. month is written YYYY-MM, or as the first of the month
// (2024-03-01, 01/03/2024); referrals is a whole number, 0 or more. A
// combination of month, area, client group and risk may appear once.
//
// # Dates
//
// Dates are written YYYY-MM-DD or DD/MM/YYYY (four-digit years), perhaps
// followed by a time of day, which is dropped (2024-01-31 09:30:00,
// 2024-01-31T09:30:00Z). How a column writes its dates is settled for the
// column as a whole:
//
//   - a column may not mix YYYY-MM-DD and DD/MM/YYYY;
//   - a slash date whose second part is over 12 (01/31/2024) is month
//     first, US order, and the column is refused;
//   - a slash column in which every date reads both ways (no part over
//     12 anywhere, as in 03/01/2024, which is 3 January or 1 March) is
//     refused as ambiguous unless Options.DayFirst says the dates are day
//     first; a date such as 05/05/2024 reads the same either way and
//     neither settles a column nor makes it ambiguous.
//
// A refused column is reported once, naming an example row; comparisons
// with its dates are not reported, as they would mean nothing.
//
// # Workbooks
//
// ReadXLSX reads the first sheet, or Options.Sheet; its header is the
// first non-blank row, normally row 1. A date cell holds a day number
// (serial) which is read in Excel's 1900 date system, in which serial 60
// is 1900-02-29, a day the calendar lacks (it is refused); text cells are
// read as in a CSV file. Rows are streamed, but the workbook itself is
// read into memory, so it may be at most MaxXLSXBytes. Reading a workbook
// is some 25 times slower than reading the same rows as CSV (the XML
// decoding; BenchmarkReadXLSX100k), so save an extract of a million rows
// as CSV.
//
// # Limits
//
// Memory is bounded by the Extract: 32 bytes a referral. A file with more
// than Options.MaxRows data rows (DefaultMaxRows, 5,000,000, unless set)
// is refused at the first row over; a CSV line may be at most
// MaxLineBytes; a column may hold at most 32,767 distinct names.
//
// # What is kept
//
// An Extract keeps the file's base name and SHA-256, never its path, and
// of client_id only a keyed 64-bit hash (FNV-1a with a fixed key, then a
// bijective mix): enough to count repeat referrals, not to recover the
// ids. Area, client group and lot names are kept once each, in order of
// first appearance, and rows refer to them by index.
package records
