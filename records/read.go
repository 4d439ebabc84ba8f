package records

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/lotting"
)

// column is a column the formats know.
type column uint8

const (
	colReferral column = iota
	colStart
	colEnd
	colArea
	colGroup
	colRisk
	colLot
	colOutcome
	colClient
	colMonth
	colReferrals
	nColumns
)

var columnNames = [nColumns]string{
	"referral_date", "start_date", "end_date", "area", "client_group", "risk", "lot", "outcome", "client_id",
	"month", "referrals",
}

var (
	caseColumns  = []column{colReferral, colArea, colGroup, colRisk, colLot, colStart, colEnd, colOutcome, colClient}
	countColumns = []column{colMonth, colArea, colGroup, colRisk, colReferrals}
	dateColumns  = [3]column{colReferral, colStart, colEnd} // the order of the dep bits
)

// clientKey keys the hash of client_id, so that the hashes of one extract
// are not a plain FNV table of ids. It is fixed, so that the same id hashes
// the same in every extract a service sends.
const clientKey = "lotsim/records client_id v1\x00"

// maxNames is the most distinct areas, client groups or lots an Extract
// can index (int16).
const maxNames = math.MaxInt16

// countKey is what makes a row of a counts file unique.
type countKey struct {
	month       Day
	area, group int16
	risk        int8
}

// reader turns rows, however they were read, into an Extract.
type reader struct {
	opt     Options
	serials bool // the file is a workbook, whose date cells are day serials
	p       problems
	ex      Extract
	header  bool
	pos     [nColumns]int // 1-based position of each column in the file; 0 absent
	width   int           // cells in the header row
	unnamed []int         // 0-based positions of blank header cells
	dates   [3]dateCol    // referral_date, start_date, end_date
	month   dateCol
	maxRows int
	asOf    Day // Options.AsOf, or NoDay
	latest  Day

	areas, lots           map[string]int16
	validAreas, validLots map[string]bool
	groups                [4]int16 // by lotting.ClientGroup: index into ex.Groups, -1 not yet seen
	full                  [nColumns]bool
	seen                  map[countKey]int32
	stopped               bool
}

func newReader(name string, opt Options, serials bool) *reader {
	r := &reader{opt: opt, serials: serials, maxRows: opt.MaxRows, asOf: opt.AsOf, latest: NoDay,
		areas: map[string]int16{}, lots: map[string]int16{}}
	r.p.file = name
	r.ex.File = filepath.Base(name)
	r.ex.First, r.ex.Last = NoDay, NoDay
	if r.maxRows <= 0 {
		r.maxRows = DefaultMaxRows
	}
	if r.asOf == 0 {
		r.asOf = NoDay
	}
	if opt.Areas != nil {
		r.validAreas = set(opt.Areas)
	}
	if opt.Lots != nil {
		r.validLots = set(opt.Lots)
	}
	r.groups = [4]int16{-1, -1, -1, -1}
	return r
}

func set(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// add reports a problem at row n in column c.
func (r *reader) add(dep, n int, c column, msg string, err error) {
	r.p.add(dep, n, r.pos[c], columnNames[c], msg, err)
}

// row takes row n of the file (as a spreadsheet numbers it) and reports
// whether to read on.
func (r *reader) row(n int, cells []string) bool {
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return true
	}
	if !r.header {
		r.readHeader(n, cells)
		return true
	}
	r.ex.Rows++
	if r.ex.Rows > r.maxRows {
		r.p.add(0, n, 0, "", "the file has more than "+strconv.Itoa(r.maxRows)+
			" rows; split it, or raise the limit (Options.MaxRows)", ErrTooMany)
		r.stopped = true
		return false
	}
	for _, i := range r.unnamed {
		if i < len(cells) {
			if v := strings.TrimSpace(cells[i]); v != "" {
				r.unnamedValue(n, i, v)
				break
			}
		}
	}
	for i := r.width; i < len(cells); i++ {
		if v := strings.TrimSpace(cells[i]); v != "" {
			r.unnamedValue(n, i, v)
			break
		}
	}
	if r.ex.Kind == Counts {
		r.countRow(n, cells)
	} else {
		r.caseRow(n, cells)
	}
	return true
}

// unnamedValue reports value v in column i (from 0) of row n, under no
// name in the header.
func (r *reader) unnamedValue(n, i int, v string) {
	r.p.add(0, n, i+1, "", quote(v)+" is in a column with no name in the header; name the column or remove the value", ErrBadValue)
}

// readHeader reads the header row, n, deciding the file's kind.
func (r *reader) readHeader(n int, cells []string) {
	r.header = true
	r.width = len(cells)
	names := make([]string, len(cells))
	kind := Cases
	hasMonth, hasReferral := false, false
	for i, c := range cells {
		if i == 0 {
			c = strings.TrimPrefix(c, "\ufeff") // the byte-order mark Excel puts at the start of a UTF-8 CSV
		}
		names[i] = strings.ToLower(strings.TrimSpace(c))
		hasMonth = hasMonth || names[i] == "month"
		hasReferral = hasReferral || names[i] == "referral_date"
	}
	if hasMonth && !hasReferral {
		kind = Counts
	}
	r.ex.Kind = kind
	valid := caseColumns
	if kind == Counts {
		valid = countColumns
	}
	var validNames []string
	for _, c := range valid {
		validNames = append(validNames, columnNames[c])
	}
	for i, name := range names {
		if name == "" {
			r.unnamed = append(r.unnamed, i)
			continue
		}
		c, ok := column(0), false
		for _, v := range valid {
			if columnNames[v] == name {
				c, ok = v, true
			}
		}
		written := strings.TrimSpace(cells[i])
		switch {
		case !ok:
			hint := ""
			if len(cells) == 1 && strings.ContainsAny(name, ";\t|") {
				hint = "; the header is one column: is the file separated by semicolons, tabs or bars? Save it as CSV (comma delimited)"
			}
			r.p.add(0, n, i+1, written, "unknown column "+quote(written)+didYouMean(name, validNames)+
				" (a "+kind.String()+" file's columns are "+strings.Join(validNames, ", ")+")"+hint, ErrBadHeader)
		case r.pos[c] != 0:
			r.p.add(0, n, i+1, written, "column "+quote(written)+" is given twice (first as column "+strconv.Itoa(r.pos[c])+")", ErrBadHeader)
		default:
			r.pos[c] = i + 1
			r.ex.Columns = append(r.ex.Columns, columnNames[c])
		}
	}
	required := []column{colReferral}
	what := "the date of each referral"
	if kind == Counts {
		required, what = []column{colMonth, colReferrals}, "each row's month and its number of referrals"
	}
	for _, c := range required {
		if r.pos[c] == 0 {
			r.p.add(0, n, 0, columnNames[c], "the header has no column "+quote(columnNames[c])+"; it is required, giving "+what, ErrBadHeader)
		}
	}
}

// get returns the trimmed value of column c in cells, "" if absent.
func (r *reader) get(cells []string, c column) string {
	i := r.pos[c]
	if i == 0 || i > len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i-1])
}

// name returns the index of the value of name column c (area or lot) in
// list, adding it if new, or -1 if blank or not valid.
func (r *reader) name(n int, c column, v string, idx map[string]int16, list *[]string, valid map[string]bool) int16 {
	if v == "" {
		return -1
	}
	if i, ok := idx[v]; ok {
		return i
	}
	if valid != nil && !valid[v] {
		if !r.p.room(0) {
			r.p.skip(0)
			return -1
		}
		names := r.opt.Areas
		if c == colLot {
			names = r.opt.Lots
		}
		r.add(0, n, c, quote(v)+" is not one of the scenario's "+columnNames[c]+"s"+didYouMean(v, names)+
			" (valid: "+listNames(names)+")", ErrBadValue)
		return -1
	}
	if len(*list) >= maxNames {
		if !r.full[c] {
			r.full[c] = true
			r.add(0, n, c, "more than "+strconv.Itoa(maxNames)+" different "+columnNames[c]+" names; "+quote(v)+" is one too many", ErrTooMany)
		}
		return -1
	}
	i := int16(len(*list))
	*list = append(*list, v)
	idx[v] = i
	return i
}

// group returns the index of client group v in ex.Groups, or -1.
func (r *reader) group(n int, v string) int16 {
	if v == "" {
		return -1
	}
	g, err := lotting.ParseClientGroup(strings.ToLower(v))
	if err != nil {
		if !r.p.room(0) {
			r.p.skip(0)
			return -1
		}
		r.add(0, n, colGroup, quote(v)+" is not a client group"+didYouMean(v, lotting.ClientGroupNames())+
			"; write "+listNames(lotting.ClientGroupNames()), ErrBadValue)
		return -1
	}
	if r.groups[g] < 0 {
		r.groups[g] = int16(len(r.ex.Groups))
		r.ex.Groups = append(r.ex.Groups, g.String())
	}
	return r.groups[g]
}

// risk returns the index of risk level v (0 standard, 1 medium, 2 high),
// or -1 for blank or not a level.
func (r *reader) risk(n int, v string) int8 {
	if v == "" {
		return -1
	}
	k, err := lotting.ParseRisk(strings.ToLower(v))
	if err != nil {
		if !r.p.room(0) {
			r.p.skip(0)
			return -1
		}
		r.add(0, n, colRisk, quote(v)+" is not a risk level"+didYouMean(v, lotting.RiskNames())+
			"; write high, medium or standard, or leave it blank if unknown", ErrBadValue)
		return -1
	}
	return int8(k.Index())
}

// date reads date column k (0 referral, 1 start, 2 end) of a row.
func (r *reader) date(n, k int, v string) Day {
	d, msg := r.dates[k].read(v, n, r.serials, false)
	if msg != "" {
		r.add(0, n, dateColumns[k], msg, ErrBadValue)
	}
	if d > badDay && (r.latest == NoDay || d > r.latest) {
		r.latest = d
	}
	return d
}

func (r *reader) caseRow(n int, cells []string) {
	ref := Referral{Row: int32(n), Area: -1, Group: -1, Lot: -1, Risk: -1}
	var raw [3]string
	var d [3]Day
	for k, c := range dateColumns {
		raw[k] = r.get(cells, c)
		d[k] = r.date(n, k, raw[k])
	}
	if raw[0] == "" && r.pos[colReferral] != 0 {
		r.add(0, n, colReferral, "no referral date; every row needs the date the referral was made", ErrBadValue)
		d[0] = badDay
	}
	ref.Referred, ref.Start, ref.End = d[0], d[1], d[2]
	ref.Area = r.name(n, colArea, r.get(cells, colArea), r.areas, &r.ex.Areas, r.validAreas)
	ref.Lot = r.name(n, colLot, r.get(cells, colLot), r.lots, &r.ex.Lots, r.validLots)
	ref.Group = r.group(n, r.get(cells, colGroup))
	ref.Risk = r.risk(n, r.get(cells, colRisk))
	if id := r.get(cells, colClient); id != "" {
		ref.Client = hashID(id)
	}

	// Dates in order, and none after the extract date.
	ok := func(k int) bool { return d[k] > badDay }
	if ok(0) && ok(1) && d[1] < d[0] {
		r.add(depReferral|depStart, n, colStart, "start date "+quote(raw[1])+" is before the referral date "+quote(raw[0]), ErrInconsistent)
	}
	if ok(1) && ok(2) && d[2] < d[1] {
		r.add(depStart|depEnd, n, colEnd, "end date "+quote(raw[2])+" is before the start date "+quote(raw[1]), ErrInconsistent)
	}
	if ok(0) && ok(2) && d[1] == NoDay && d[2] < d[0] {
		r.add(depReferral|depEnd, n, colEnd, "end date "+quote(raw[2])+" is before the referral date "+quote(raw[0]), ErrInconsistent)
	}
	if r.asOf != NoDay {
		for k := range d {
			if ok(k) && d[k] > r.asOf {
				r.add(1<<k, n, dateColumns[k], quote(raw[k])+" is after the extract date "+r.asOf.String()+
					"; correct the date, or give the extract's date (--as-of)", ErrInconsistent)
			}
		}
	}

	// The outcome, given or inferred, and the dates it needs.
	started, ended := d[1] != NoDay, d[2] != NoDay
	text := r.get(cells, colOutcome)
	o := parseOutcome(strings.ToLower(text))
	switch {
	case text == "":
		switch {
		case started && !ended:
			o = Open
		case !started && !ended:
			o = Waiting
		case started:
			r.add(0, n, colOutcome, "no outcome, and the dates do not say which it is (with a start and an end date the case may have "+
				"completed or dropped out); give the outcome", ErrInconsistent)
		default:
			r.add(0, n, colOutcome, "no outcome, and the dates do not say which it is (with an end date and no start the person may have "+
				"given up, been turned away or been referred on); give the outcome", ErrInconsistent)
		}
	case o == 0 && !r.p.room(0):
		r.p.skip(0)
	case o == 0:
		r.add(0, n, colOutcome, quote(text)+" is not an outcome"+didYouMean(text, outcomeNames[1:])+
			"; write "+listNames(outcomeNames[1:]), ErrBadValue)
	default:
		if msg := outcomeDates(o, started, ended); msg != "" {
			r.add(0, n, colOutcome, "outcome "+quote(text)+" "+msg, ErrInconsistent)
		}
	}
	ref.Outcome = o
	if ok(0) {
		if r.ex.First == NoDay || d[0] < r.ex.First {
			r.ex.First = d[0]
		}
		if d[0] > r.ex.Last {
			r.ex.Last = d[0]
		}
	}
	r.ex.Referrals = append(r.ex.Referrals, ref)
}

// outcomeDates says what is wrong with the dates a row with outcome o has
// (started: a start date; ended: an end date), or "".
func outcomeDates(o Outcome, started, ended bool) string {
	switch o {
	case Completed, DroppedOut:
		switch {
		case !started && !ended:
			return "needs a start date and an end date; this row has neither"
		case !started:
			return "needs a start date (support must have started); this row has none"
		case !ended:
			return "needs an end date (the day support ended); this row has none"
		}
	case Open:
		switch {
		case !started:
			return "needs a start date (a case in support has started); this row has none"
		case ended:
			return "cannot have an end date (an open case has not ended); give the outcome it ended with, or blank the end date"
		}
	case Waiting:
		switch {
		case started:
			return "cannot have a start date (a person waiting has not started); the outcome may be \"open\""
		case ended:
			return "cannot have an end date (a person still waiting has not left); the outcome may be \"gave_up\""
		}
	case GaveUp:
		switch {
		case started:
			return "cannot have a start date (gave_up is leaving before support started); the outcome may be \"dropped_out\""
		case !ended:
			return "needs an end date (the day the person left the waiting list); this row has none"
		}
	case TurnedAway, ReferredOn:
		if started {
			return "cannot have a start date (support never started)"
		}
	}
	return ""
}

func (r *reader) countRow(n int, cells []string) {
	mc := MonthCount{Row: int32(n)}
	v := r.get(cells, colMonth)
	m, msg := r.month.read(v, n, r.serials, true)
	switch {
	case msg != "":
		r.add(0, n, colMonth, msg, ErrBadValue)
	case v == "" && r.pos[colMonth] != 0:
		r.add(0, n, colMonth, "no month; every row needs the month it counts, as YYYY-MM", ErrBadValue)
		m = badDay
	}
	mc.Month = m
	mc.Area = r.name(n, colArea, r.get(cells, colArea), r.areas, &r.ex.Areas, r.validAreas)
	mc.Group = r.group(n, r.get(cells, colGroup))
	mc.Risk = r.risk(n, r.get(cells, colRisk))
	good := true
	if v := r.get(cells, colReferrals); r.pos[colReferrals] != 0 {
		k, msg := parseCount(v)
		if msg != "" {
			r.add(0, n, colReferrals, msg, ErrBadValue)
			good = false
		}
		mc.Referrals = k
	}
	if m > badDay {
		if r.asOf != NoDay && m > r.asOf {
			r.add(0, n, colMonth, quote(v)+" begins after the extract date "+r.asOf.String()+
				"; correct the month, or give the extract's date (--as-of)", ErrInconsistent)
		}
		if r.ex.First == NoDay || m < r.ex.First {
			r.ex.First = m
		}
		if m > r.ex.Last {
			r.ex.Last = m
		}
		if good {
			if r.seen == nil {
				r.seen = map[countKey]int32{}
			}
			key := countKey{m, mc.Area, mc.Group, mc.Risk}
			if first, dup := r.seen[key]; dup {
				r.add(0, n, colMonth, "this row's month, area, client_group and risk are those of row "+
					strconv.Itoa(int(first))+"; give each combination once", ErrInconsistent)
			} else {
				r.seen[key] = int32(n)
			}
		}
	}
	r.ex.Counts = append(r.ex.Counts, mc)
}

// maxCount is the largest monthly count accepted: a billion referrals in a
// month is a typing slip, not a service.
const maxCount = 1e9

// parseCount reads a number of referrals, or says why v is not one.
func parseCount(v string) (int, string) {
	if v == "" {
		return 0, "no count; give the number of referrals, 0 or more"
	}
	f, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, quote(v) + " is not a number; give the number of referrals as a whole number, 0 or more"
	case f < 0:
		return 0, quote(v) + " is negative; give the number of referrals as a whole number, 0 or more"
	case f != math.Trunc(f):
		return 0, quote(v) + " is not a whole number; give the number of referrals as a whole number, 0 or more"
	case f > maxCount:
		return 0, quote(v) + " is more than " + strconv.Itoa(maxCount) + " referrals in a month; check the value"
	}
	return int(f), ""
}

// hashID returns the keyed FNV-1a 64 hash of a client id, never 0. FNV
// alone leaves ids that differ in their last character with hashes that
// differ in a few bits; MurmurHash3's 64-bit finaliser, a bijection, spreads
// them without adding collisions.
func hashID(id string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(clientKey); i++ {
		h ^= uint64(clientKey[i])
		h *= prime
	}
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= prime
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb93e1a85ec53
	h ^= h >> 33
	if h == 0 {
		h = 1
	}
	return h
}

// finish checks the file as a whole and returns the Extract, or every
// problem found.
func (r *reader) finish(sha string) (*Extract, error) {
	if !r.stopped && r.ex.Rows == 0 {
		msg := "no referrals: the file is empty"
		if r.header {
			msg = "no referrals: the file has a header but no rows below it"
		}
		r.p.add(0, 0, 0, "", msg, ErrNoReferrals)
	}
	refused := 0
	if !r.stopped {
		for k, c := range dateColumns {
			row, msg, ambiguous := r.dates[k].refusal(r.opt.DayFirst)
			if msg == "" {
				continue
			}
			if ambiguous {
				// Ambiguous: another column that is plainly day first is a clue.
				for j, o := range dateColumns {
					if e := r.dates[j].dayFirst; j != k && e.row > 0 {
						msg += " (" + columnNames[o] + " is day first: row " + strconv.Itoa(e.row) + " has " + quote(e.val) + ")"
						break
					}
				}
			}
			r.add(0, row, c, msg, ErrDateOrder)
			refused |= 1 << k
		}
		if row, msg, _ := r.month.refusal(true); msg != "" {
			r.add(0, row, colMonth, msg, ErrDateOrder)
		}
	}
	if err := r.p.list(refused); err != nil {
		return nil, err
	}
	ex := r.ex
	ex.SHA256 = sha
	ex.AsOf = r.asOf
	if ex.AsOf == NoDay {
		ex.AsOf = r.latest
		if ex.Kind == Counts {
			y, m, _ := civilFromDays(int64(ex.Last))
			ex.AsOf = ex.Last + Day(daysIn(y, m)-1)
		}
	}
	return &ex, nil
}
