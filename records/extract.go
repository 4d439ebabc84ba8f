package records

// Referral is one row of a case-level extract: a referral and what became
// of it. Dates are Days, NoDay when blank; names are indexes into the
// Extract's lists, -1 when blank. It is 32 bytes, so a million referrals
// take 32 MB.
type Referral struct {
	Row        int32 // the row in the file, as a spreadsheet numbers it (the header is row 1)
	Referred   Day   // referral_date; never NoDay
	Start, End Day   // start_date and end_date; NoDay when blank
	Area       int16 // index into Extract.Areas; -1 blank
	Group      int16 // index into Extract.Groups; -1 blank
	Lot        int16 // index into Extract.Lots; -1 blank
	Risk       int8  // 0 standard, 1 medium, 2 high (lotting.Risk.Index's order); -1 unknown
	Outcome    Outcome
	Client     uint64 // a keyed hash of client_id (FNV-1a 64), 0 if blank; the id itself is not kept
}

// MonthCount is one row of a monthly-counts file.
type MonthCount struct {
	Row       int32 // the row in the file, as a spreadsheet numbers it
	Month     Day   // the first day of the month
	Area      int16 // index into Extract.Areas; -1 blank
	Group     int16 // index into Extract.Groups; -1 blank
	Risk      int8  // as Referral.Risk
	Referrals int   // 0 or more
}

// Extract is a file of referrals read into memory: checked, compact, and
// with nothing in it that names a person.
type Extract struct {
	File   string // the file's base name (never a full path)
	SHA256 string // hex SHA-256 of the file's bytes
	Kind   Kind   // Cases or Counts
	Rows   int    // data rows (blank rows are skipped and not counted)
	// Columns lists the columns the header names, in canonical spelling
	// and file order: a column not there is blank on every row, and a
	// program fitting the extract may want to know which.
	Columns []string
	AsOf    Day // Options.AsOf, or the latest date in the file (for counts, the last day of the latest month)
	First   Day // earliest referral date (for counts, the earliest month)
	Last    Day // latest referral date (for counts, the latest month)
	Areas   []string
	Groups  []string // client groups' canonical names: victim, child_family, perpetrator
	Lots    []string
	// Referrals holds the rows of a Cases file in file order.
	Referrals []Referral
	// Counts holds the rows of a Counts file in file order.
	Counts []MonthCount
}

// DefaultMaxRows is the number of data rows Read accepts when
// Options.MaxRows is 0: more than a large partnership's referrals over
// decades.
const DefaultMaxRows = 5_000_000

// MaxXLSXBytes is the largest workbook ReadXLSX reads: a workbook is read
// whole into memory before its rows are streamed, so its size bounds the
// memory taken. A sheet holds at most 1,048,576 rows, which take some
// 40 MB zipped; a CSV file has no such limit, as it is streamed.
const MaxXLSXBytes = 256 << 20

// maxUnzipped bounds the workbook's parts unzipped, so that a small file
// that unzips to a huge one (a zip bomb) is refused rather than written
// to the temporary directory.
const maxUnzipped = 4 << 30

// MaxLineBytes is the longest line a CSV file may have.
const MaxLineBytes = 1 << 20

// Options says how to read a file. The zero value reads the first sheet,
// takes the latest date in the file as the extract date, and accepts any
// area and lot names.
type Options struct {
	// AsOf is the date of the extract: no date in the file may be later.
	// 0 (1970-01-01, never the date of a real extract) or NoDay means the
	// latest date in the file.
	AsOf Day
	// Sheet names the workbook sheet to read (matched ignoring case); ""
	// means the first.
	Sheet string
	// DayFirst reads a DD/MM/YYYY column whose every date could be
	// either day/month or month/day (no day over 12 anywhere) as day
	// first, instead of refusing it.
	DayFirst bool
	// MaxRows is the most data rows accepted; 0 or less means
	// DefaultMaxRows. Reading stops at the first row over it.
	MaxRows int
	// Areas and Lots, if not nil, are the names the area and lot columns
	// may hold (matched exactly, as a scenario spells them).
	Areas, Lots []string
}
