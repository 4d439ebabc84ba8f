package render

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// htmlText escapes s for HTML text or a quoted attribute, with control
// characters (not allowed in HTML) replaced by spaces.
func htmlText(s string) string { return html.EscapeString(oneLine(s)) }

// contentPolicy forbids the page to load or run anything: no scripts, no
// network requests, no external fonts or images. Inline styles and the
// inline SVG (which is markup, not a loaded image) still work.
const contentPolicy = "default-src 'none'; style-src 'unsafe-inline'"

// styleSheet is the page's only styling: black on white, numbers right
// aligned in tabular figures, column headers that wrap so that wide
// tables fit the page, and for print, A4 pages with each section after
// the first on a new page (the first shares the title page), tables in
// a smaller type so that the widest (ten columns of estimates) fits the
// 182mm between the margins, charts shrunk to that width, tables and
// figures kept whole where they fit on a page, and long tables broken
// between rows with their header repeated.
const styleSheet = `:root { color-scheme: light; }
html { background: #fff; color: #000; }
body { font-family: Arial, Helvetica, "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 16px; line-height: 1.45; max-width: 62rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; padding-bottom: .2rem; border-bottom: 2px solid #000; }
a { color: #000; }
.provenance { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1.5rem; padding: .75rem 1rem; border: 1px solid #767676; font-size: .9rem; }
.provenance dt { font-weight: bold; }
.provenance dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: .85em; }
nav ol { margin: 0 0 1.5rem; padding-left: 1.5rem; }
.table { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .85rem; max-width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: .35rem; }
th, td { padding: .25rem .45rem; border-bottom: 1px solid #bfbfbf; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #000; vertical-align: bottom; white-space: normal; hyphens: auto; }
td:first-child { min-width: 7.5em; }
.date { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.center { text-align: center; }
.note { font-size: .85rem; margin: .3rem 0; }
ul.findings { padding-left: 1.25rem; }
ul.findings li { margin: .3rem 0; }
figure { margin: 1.5rem 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .9rem; margin-top: .4rem; }
details { margin-top: .4rem; font-size: .9rem; }
summary { cursor: pointer; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  html, body { background: #fff !important; color: #000 !important; }
  html { font-size: 10.5pt; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  table { font-size: 7.5pt; }
  th, td { padding: 1.5pt 3pt; }
  td:first-child { min-width: 6.5em; }
  section + section { break-before: page; page-break-before: always; }
  h1, h2, caption { break-after: avoid; page-break-after: avoid; }
  table, figure, .provenance, ul.findings li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  .table { overflow: visible; }
  details, nav { display: none; }
  a { text-decoration: none; }
}
`

// WriteHTML writes the document as one self-contained HTML page: inline
// CSS, charts as inline SVG, no scripts and nothing loaded from anywhere
// (a Content-Security-Policy forbids it), so that the file opens offline
// and can be mailed as it is. The provenance block follows the title. It
// prints on A4 in black on white, each section after the first on a new
// page, tables and
// charts not split where they fit on a page. It writes nothing if a table
// is malformed.
func (d *Document) WriteHTML(w io.Writer) error {
	if err := d.Check(); err != nil {
		return err
	}
	ew := &errWriter{w: w}
	title := htmlText(orDefault(d.Title, "lotsim report"))
	ew.write("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
	ew.printf("<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n", contentPolicy)
	ew.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	ew.printf("<meta name=\"generator\" content=\"lotsim %s\">\n", htmlText(orDefault(d.Provenance.Version, notGiven)))
	ew.printf("<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n", title, styleSheet)
	ew.printf("<header>\n<h1>%s</h1>\n<dl class=\"provenance\" aria-label=\"Where these figures come from\">\n", title)
	for _, f := range d.Provenance.fields() {
		v := htmlText(f.Value)
		if f.Code {
			v = "<code>" + v + "</code>"
		}
		ew.printf("<dt>%s</dt><dd>%s</dd>\n", htmlText(f.Label), v)
	}
	ew.write("</dl>\n")
	if len(d.Sections) > 2 {
		ew.write("<nav aria-label=\"Contents\">\n<ol>\n")
		for i, s := range d.Sections {
			if s.Heading != "" {
				ew.printf("<li><a href=\"#section-%d\">%s</a></li>\n", i+1, htmlText(s.Heading))
			}
		}
		ew.write("</ol>\n</nav>\n")
	}
	ew.write("</header>\n<main>\n")
	figs := d.Figures()
	fig := 0
	for i, s := range d.Sections {
		ew.printf("<section id=\"section-%d\">\n", i+1)
		if s.Heading != "" {
			ew.printf("<h2>%s</h2>\n", htmlText(s.Heading))
		}
		for _, b := range s.Blocks {
			if isNil(b) {
				continue
			}
			switch b := b.(type) {
			case Paragraph:
				ew.printf("<p>%s</p>\n", htmlText(string(b)))
			case Findings:
				ew.write("<ul class=\"findings\">\n")
				for _, f := range b {
					ew.printf("<li>%s</li>\n", htmlText(f))
				}
				ew.write("</ul>\n")
			case Table:
				b.html(ew)
			case *Table:
				b.html(ew)
			case Chart:
				f := figs[fig]
				fig++
				_, desc := b.describe()
				ew.printf("<figure id=\"figure-%d\">\n", f.Number)
				ew.write(string(b.SVG(fmt.Sprintf("figure-%d-svg", f.Number))))
				ew.printf("<figcaption><strong>Figure %d.</strong> %s</figcaption>\n", f.Number, htmlText(desc))
				t := b.Data()
				t.Title = ""
				ew.printf("<details>\n<summary>The figures in figure %d</summary>\n", f.Number)
				t.html(ew)
				ew.write("</details>\n</figure>\n")
			}
		}
		ew.write("</section>\n")
	}
	ew.write("</main>\n</body>\n</html>\n")
	return ew.err
}

// isoDate matches a date written 2006-01-02.
var isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// keepDates marks the ISO dates in escaped HTML text as not to be broken
// across lines: browsers break after a hyphen, which turned "2023-10-01
// to 2024-09-30" into "2024-09-" and "30" on lines of their own.
func keepDates(s string) string {
	return isoDate.ReplaceAllString(s, `<span class="date">$0</span>`)
}

// htmlClass is the class attribute for a column's alignment.
func (c Column) htmlClass() string {
	switch c.align() {
	case AlignRight:
		return ` class="num"`
	case AlignCenter:
		return ` class="center"`
	}
	return ""
}

// html writes the table with its title as caption and notes after it.
func (t *Table) html(ew *errWriter) {
	ew.write("<div class=\"table\">\n<table>\n")
	if t.Title != "" {
		ew.printf("<caption>%s</caption>\n", htmlText(t.Title))
	}
	ew.write("<thead><tr>")
	for _, c := range t.Columns {
		ew.printf("<th scope=\"col\"%s>%s</th>", c.htmlClass(), htmlText(c.Header))
	}
	ew.write("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		var b strings.Builder
		b.WriteString("<tr>")
		for j, cell := range r {
			fmt.Fprintf(&b, "<td%s>%s</td>", t.Columns[j].htmlClass(), keepDates(htmlText(cell.Text)))
		}
		b.WriteString("</tr>\n")
		ew.write(b.String())
	}
	ew.write("</tbody>\n</table>\n")
	for _, n := range t.Notes {
		ew.printf("<p class=\"note\">Note: %s</p>\n", htmlText(n))
	}
	ew.write("</div>\n")
}
