package render

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
)

// ErrTable is wrapped by every error about a malformed Table.
var ErrTable = errors.New("render: malformed table")

// Kind says what a column holds. It sets the column's default alignment
// (numbers right, text left) and, in CSV, whether a cell is guarded against
// being read as a spreadsheet formula.
type Kind int

// Column kinds.
const (
	KindText    Kind = iota // free text: names, labels, dates (the zero value)
	KindNumber              // a count, rate or other plain number
	KindMoney               // pounds and pence
	KindPercent             // a percentage
)

// Align is a column's horizontal alignment.
type Align int

// Alignments. AlignAuto, the zero value, aligns text left and numbers,
// money and percentages right.
const (
	AlignAuto Align = iota
	AlignLeft
	AlignRight
	AlignCenter
)

// Column is one column of a Table.
type Column struct {
	Header string
	Kind   Kind
	Align  Align // AlignAuto: from Kind
}

// align resolves AlignAuto from the column's kind.
func (c Column) align() Align {
	if c.Align != AlignAuto {
		return c.Align
	}
	if c.Kind == KindText {
		return AlignLeft
	}
	return AlignRight
}

// Cell is one table cell in two forms: Text for a person ("£2,157,000.00",
// "31.08%") and Value for a machine reading the CSV ("2157000.00",
// "31.08"). An empty Value means the CSV holds Text. Missing marks a
// figure that is not available: its CSV field is empty whatever Text says
// ("n/a", say). Build cells with Str, Number, Percent or Money, or with a
// literal when both forms are known.
type Cell struct {
	Text    string
	Value   string
	Missing bool
}

// csvValue is what the CSV holds for the cell.
func (c Cell) csvValue() string {
	switch {
	case c.Missing:
		return ""
	case c.Value == "":
		return c.Text
	}
	return c.Value
}

// Str returns a text cell.
func Str(s string) Cell { return Cell{Text: s} }

// Number returns a cell holding v rounded to decimals places (0 to 15;
// outside that range the nearest is used): Text has thousands separators
// ("1,234.5"), Value has none ("1234.5"). NaN, which marks a missing
// figure, shows as "n/a" and is Missing (an empty CSV field); infinities show as "∞" and
// "-∞" with Values "Inf" and "-Inf".
func Number(v float64, decimals int) Cell {
	switch {
	case math.IsNaN(v):
		return Cell{Text: "n/a", Missing: true}
	case math.IsInf(v, 1):
		return Cell{Text: "∞", Value: "Inf"}
	case math.IsInf(v, -1):
		return Cell{Text: "-∞", Value: "-Inf"}
	}
	plain := numfmt.Fixed(v, decimals)
	return Cell{Text: numfmt.Group(plain), Value: plain}
}

// Percent returns a cell for a fraction (0.3108) shown as a percentage
// with decimals places: Text "31.08%", Value "31.08". NaN and infinities
// are treated as Number treats them.
func Percent(fraction float64, decimals int) Cell {
	c := Number(fraction*100, decimals)
	if math.IsNaN(fraction) || math.IsInf(fraction, 0) {
		return c
	}
	c.Text += "%"
	return c
}

// Money returns a cell for an amount: Text "£2,157,000.00", Value
// "2157000.00" (exact, to the penny).
func Money(m funding.Money) Cell { return Cell{Text: m.String(), Value: m.Plain()} }

// Table is a titled table of cells, rendered as aligned text (WriteText),
// a GitHub pipe table (WriteMarkdown), CSV (WriteCSV) or HTML as part of a
// Document. Every row must have exactly one cell per column.
type Table struct {
	Title   string
	Columns []Column
	Rows    [][]Cell
	Notes   []string // sentences shown under the table (not in CSV)
}

// AddRow appends a row.
func (t *Table) AddRow(cells ...Cell) { t.Rows = append(t.Rows, cells) }

// Check reports a table without columns, or a row whose number of cells
// differs from the number of columns; the error wraps ErrTable.
func (t *Table) Check() error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("%w %q: it has no columns", ErrTable, t.Title)
	}
	for i, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return fmt.Errorf("%w %q: row %d has %d cells, want one per column (%d)",
				ErrTable, t.Title, i+1, len(r), len(t.Columns))
		}
	}
	return nil
}

// oneLine makes s safe for one line of a terminal: line breaks, tabs and
// other control characters (escape sequences included) become spaces, and
// runs of spaces at either end are trimmed.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s))
}

// width is the number of terminal columns s takes, counting one per rune.
func width(s string) int { return utf8.RuneCountInString(s) }

// pad aligns s within w columns.
func pad(s string, w int, a Align) string {
	gap := w - width(s)
	if gap <= 0 {
		return s
	}
	switch a {
	case AlignRight:
		return strings.Repeat(" ", gap) + s
	case AlignCenter:
		return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
	}
	return s + strings.Repeat(" ", gap)
}

// TextWidth is the widest line, in runes, that the text forms of a Table
// and a Document write: wide enough for a terminal or a printed page in
// a small font, and narrow enough to paste into a committee paper.
const TextWidth = 100

// WriteText writes the table for a terminal: the title, the header over a
// rule of dashes, rows in columns two spaces apart, and notes. Control
// characters in cells become spaces, so a cell cannot move the cursor or
// break a line.
//
// No line is wider than TextWidth. A table too wide for it is split into
// parts, each repeating the leading text columns (the row labels: lot,
// year, risk) followed by as many other columns as fit, under the title
// marked "(continued)". A text cell still too wide is wrapped onto more
// lines at spaces.
func (t *Table) WriteText(w io.Writer) error {
	if err := t.Check(); err != nil {
		return err
	}
	ew := &errWriter{w: w}
	t.text(ew)
	return ew.err
}

func (t *Table) text(ew *errWriter) {
	header := make([]string, len(t.Columns))
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = oneLine(c.Header)
		widths[i] = width(header[i])
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		for j, c := range r {
			rows[i][j] = oneLine(c.Text)
			widths[j] = max(widths[j], width(rows[i][j]))
		}
	}
	// Too wide: long headers may wrap over their cells ("expected demand"
	// over "7,169" takes two lines of 8, not one of 15). Split into parts
	// only what does not fit even so.
	// A text column may wrap too, down to textFloor or its longest word.
	floor := make([]int, len(widths))
	cellMax := make([]int, len(widths))
	for j := range widths {
		floor[j] = longestWord(header[j])
		for _, r := range rows {
			cellMax[j] = max(cellMax[j], width(r[j]))
			if t.Columns[j].Kind == KindText {
				floor[j] = max(floor[j], min(width(r[j]), textFloor), longestWord(r[j]))
			} else {
				floor[j] = max(floor[j], width(r[j]))
			}
		}
	}
	title := oneLine(t.Title)
	for k, cols := range t.columnParts(floor) {
		if k > 0 {
			ew.write("\n")
		}
		if title != "" {
			if k > 0 {
				title = strings.TrimSuffix(title, " (continued)") + " (continued)"
			}
			for _, l := range wrapWords(title, TextWidth) {
				ew.printf("%s\n", l)
			}
		}
		w := fitWidths(cols, widths, floor, header, cellMax, t.Columns)
		line := func(cells []string, fill func(j int, s string) string) {
			parts := make([]string, len(cols))
			for k, j := range cols {
				parts[k] = fill(j, cells[j])
			}
			ew.printf("%s\n", strings.TrimRight(strings.Join(parts, "  "), " "))
		}
		// A row whose cells wrap takes several lines.
		wrapped := func(cells []string) {
			lines := make([][]string, len(cells))
			n := 1
			for _, j := range cols {
				lines[j] = []string{cells[j]}
				if width(cells[j]) > w[j] {
					lines[j] = wrapWords(cells[j], w[j])
				}
				n = max(n, len(lines[j]))
			}
			for i := 0; i < n; i++ {
				line(cells, func(j int, _ string) string {
					s := ""
					if i < len(lines[j]) {
						s = lines[j][i]
					}
					return pad(s, w[j], t.Columns[j].align())
				})
			}
		}
		wrapped(header)
		line(header, func(j int, _ string) string { return strings.Repeat("-", max(1, w[j])) })
		for _, r := range rows {
			wrapped(r)
		}
	}
	for _, n := range t.Notes {
		for _, l := range wrapWords("Note: "+oneLine(n), TextWidth) {
			ew.printf("%s\n", l)
		}
	}
}

// lineWidth is the width of a line of columns of widths w, two spaces
// apart.
func lineWidth(w []int) int {
	total := -2
	for _, x := range w {
		total += x + 2
	}
	return total
}

// longestWord is the width of the longest word of s, at least 1.
func longestWord(s string) int {
	n := 1
	for _, f := range strings.Fields(s) {
		n = max(n, width(f))
	}
	return n
}

// textFloor is the narrowest a text column is wrapped to before a table
// is split: room for a lot's name or "2024-10-01 to 2025-09-30".
const textFloor = 28

// labelColumnsMax is the most the repeated label columns of a split
// table may take, so that every part has room for figures.
const labelColumnsMax = 60

// columnParts splits the columns (with narrowest widths w) into parts that
// fit TextWidth, each part listing its column indexes: all of them in one
// part when they fit. Every part starts with the leading text columns
// that label the rows, as many as fit in labelColumnsMax.
func (t *Table) columnParts(w []int) [][]int {
	all := make([]int, len(w))
	for j := range w {
		all[j] = j
	}
	if lineWidth(w) <= TextWidth || len(w) < 2 {
		return [][]int{all}
	}
	var labels []int
	lw := -2
	for j, c := range t.Columns[:len(w)-1] {
		if c.Kind != KindText || lw+2+w[j] > labelColumnsMax {
			break
		}
		labels = append(labels, j)
		lw += w[j] + 2
	}
	var parts [][]int
	cur, cw := slices.Clone(labels), lw
	for j := len(labels); j < len(w); j++ {
		if cw+2+w[j] > TextWidth && len(cur) > len(labels) {
			parts = append(parts, cur)
			cur, cw = slices.Clone(labels), lw
		}
		cur = append(cur, j)
		cw += 2 + w[j]
	}
	return append(parts, cur)
}

// fitWidths returns the widths of the columns of one part: their natural
// widths if they fit TextWidth. Otherwise headers wrap onto more lines,
// each step taken where it saves most ("expected demand" over "7,169"
// takes two lines of 8, not one of 15), down to their cells' width; then
// text columns wrap their cells, down to floor; then, if need be, down to
// a dozen columns.
func fitWidths(cols []int, natural, floor []int, header []string, cellMax []int, columns []Column) map[int]int {
	w := make(map[int]int, len(cols))
	total := -2
	for _, j := range cols {
		w[j] = natural[j]
		total += natural[j] + 2
	}
	lines := func(j, width int) int { return len(wrapWords(header[j], width)) }
	for total > TextWidth {
		best, bestW := -1, 0
		for _, j := range cols {
			low := max(cellMax[j], longestWord(header[j]))
			if w[j] <= low {
				continue
			}
			// The narrowest width with one more line of header.
			n := lines(j, w[j]) + 1
			next := w[j]
			for x := low; x < w[j]; x++ {
				if lines(j, x) <= n {
					next = x
					break
				}
			}
			if best < 0 || w[j]-next > w[best]-bestW {
				best, bestW = j, next
			}
		}
		if best < 0 || bestW >= w[best] {
			break
		}
		total -= w[best] - bestW
		w[best] = bestW
	}
	for ; total > TextWidth; total-- {
		widest := -1
		for _, j := range cols {
			if w[j] > floor[j] && (widest < 0 || w[j]-floor[j] > w[widest]-floor[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			break
		}
		w[widest]-- // one at a time, so that the wrapping is shared out
	}
	const narrowest = 12 // a text column is never wrapped narrower
	for total > TextWidth {
		widest := -1
		for _, j := range cols {
			if columns[j].Kind == KindText && w[j] > narrowest && (widest < 0 || w[j] > w[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			break // numbers are never wrapped; the line stays long
		}
		cut := min(total-TextWidth, w[widest]-narrowest)
		w[widest] -= cut
		total -= cut
	}
	return w
}

// Wrap breaks s into lines of at most limit runes at spaces, breaking a
// word longer than limit, for callers that print text beside tables.
func Wrap(s string, limit int) []string { return wrapWords(oneLine(s), limit) }

// ProseWidth is the line length of paragraphs in the text forms: shorter
// than TextWidth, for reading.
const ProseWidth = textWidthCols

// wrapWords breaks s into lines of at most limit runes at spaces,
// breaking a word longer than limit.
func wrapWords(s string, limit int) []string {
	limit = max(1, limit)
	var lines []string
	var cur strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		r := []rune(word)
		for len(r) > limit {
			if n > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
				n = 0
			}
			lines = append(lines, string(r[:limit]))
			r = r[limit:]
		}
		if n > 0 && n+1+len(r) > limit {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(string(r))
		n += len(r)
	}
	if n > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// markdownEscaper escapes the characters that GitHub Flavored Markdown
// would read as markup anywhere in a line: code spans, emphasis, links,
// raw HTML, table pipes, strikethrough and maths. A backslash escape is
// valid before any ASCII punctuation, and a pipe must be escaped in a
// table cell even inside a code span.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `|`, `\|`, `~`, `\~`, `$`, `\$`,
)

// entity matches an HTML character reference, which Markdown would
// decode ("&amp;" would show as "&").
var entity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// markdownInline escapes s for a table cell or inside a line of Markdown,
// so that it shows literally. Line breaks become "<br>" (which GitHub
// renders in tables and paragraphs); other control characters become
// spaces.
func markdownInline(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	kept := lines[:0]
	for _, l := range lines {
		l = markdownEscaper.Replace(oneLine(l))
		l = entity.ReplaceAllString(l, `\&$1;`)
		if l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "<br>")
}

// markdownBlock escapes s as markdownInline does and also escapes a first
// character that would start a heading, quote, list or rule ("#", ">",
// "-", "+", "=", "1." or "1)"), for a paragraph or list item.
func markdownBlock(s string) string {
	l := markdownInline(s)
	if l == "" {
		return l
	}
	switch l[0] {
	case '#', '>', '-', '+', '=':
		return `\` + l
	}
	if n := len(l) - len(strings.TrimLeft(l, "0123456789")); n > 0 && n < len(l) && (l[n] == '.' || l[n] == ')') {
		return l[:n] + `\` + l[n:]
	}
	return l
}

// WriteMarkdown writes the table as a GitHub pipe table, preceded by its
// title in bold and followed by its notes, ready to paste into a paper.
// Cell text is escaped so that it shows literally: pipes, backslashes,
// asterisks, underscores, brackets and angle brackets cannot break the
// table or turn into formatting, and line breaks become <br>.
func (t *Table) WriteMarkdown(w io.Writer) error {
	if err := t.Check(); err != nil {
		return err
	}
	ew := &errWriter{w: w}
	t.markdown(ew)
	return ew.err
}

func (t *Table) markdown(ew *errWriter) {
	header := make([]string, len(t.Columns))
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = markdownInline(c.Header)
		widths[i] = max(3, width(header[i]))
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		for j, c := range r {
			rows[i][j] = markdownInline(c.Text)
			widths[j] = max(widths[j], width(rows[i][j]))
		}
	}
	if t.Title != "" {
		ew.printf("**%s**\n\n", markdownInline(t.Title))
	}
	line := func(cells []string) {
		ew.printf("| %s |\n", strings.Join(cells, " | "))
	}
	cells := make([]string, len(header))
	for j, h := range header {
		cells[j] = pad(h, widths[j], t.Columns[j].align())
	}
	line(cells)
	for j := range header {
		n := widths[j]
		switch t.Columns[j].align() {
		case AlignRight:
			cells[j] = strings.Repeat("-", n-1) + ":"
		case AlignCenter:
			cells[j] = ":" + strings.Repeat("-", n-2) + ":"
		default:
			cells[j] = ":" + strings.Repeat("-", n-1)
		}
	}
	line(cells)
	for _, r := range rows {
		for j, s := range r {
			cells[j] = pad(s, widths[j], t.Columns[j].align())
		}
		line(cells)
	}
	for _, n := range t.Notes {
		ew.printf("\nNote: %s\n", markdownInline(n))
	}
}

// WriteCSV writes the table as RFC 4180 CSV (CRLF line ends, fields
// quoted where needed): a header row, then one record per row holding each
// cell's Value (or its Text when Value is empty). Title and notes are not
// written. With p non-nil, provenance columns (ProvenanceHeader) are added
// to every record, so that any row taken out of the file still says where
// it came from.
//
// A text cell that begins with =, +, -, @, a tab or a carriage return is
// prefixed with an apostrophe, so that a spreadsheet shows it instead of
// running it as a formula. Number, money and percent cells are written as
// they are (a negative number starts with "-").
func (t *Table) WriteCSV(w io.Writer, p *Provenance) error {
	if err := t.Check(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	var extra []string
	header := make([]string, 0, len(t.Columns)+len(ProvenanceHeader))
	for _, c := range t.Columns {
		header = append(header, formulaSafe(c.Header))
	}
	if p != nil {
		header = append(header, ProvenanceHeader...)
		extra = p.csvFields()
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, 0, len(header))
	for _, r := range t.Rows {
		rec = rec[:0]
		for j, c := range r {
			v := c.csvValue()
			if t.Columns[j].Kind == KindText {
				v = formulaSafe(v)
			}
			rec = append(rec, v)
		}
		rec = append(rec, extra...)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formulaSafe prefixes text that a spreadsheet would run as a formula with
// an apostrophe (the OWASP advice on CSV injection).
func formulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// errWriter remembers the first write error and skips later writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (ew *errWriter) printf(format string, args ...any) {
	if ew.err == nil {
		_, ew.err = fmt.Fprintf(ew.w, format, args...)
	}
}

func (ew *errWriter) write(s string) {
	if ew.err == nil {
		_, ew.err = io.WriteString(ew.w, s)
	}
}
