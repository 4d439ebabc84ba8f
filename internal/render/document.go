package render

import (
	"fmt"
	"io"
	"path"
	"reflect"
	"strings"
)

// Block is one element of a Section: a Paragraph, Findings, a Table (or
// *Table), or a Chart (BarChart, BarMarkerChart, BandChart,
// HistogramChart, IntervalChart, TornadoChart, or pointers to them). The
// set is closed. Nil blocks are skipped.
type Block interface{ isBlock() }

// Paragraph is a paragraph of plain text. Markup in it is shown
// literally, never interpreted.
type Paragraph string

// Findings is a bullet list of plain sentences: figures that do not
// reconcile, lots that miss their targets.
type Findings []string

func (Paragraph) isBlock() {}
func (Findings) isBlock()  {}
func (Table) isBlock()     {}

// Section is a headed part of a Document. Printed from HTML, each section
// after the first starts a new page.
type Section struct {
	Heading string
	Blocks  []Block
}

// Document is a report: a title, the provenance of its figures, and
// sections. It renders as text for a terminal (WriteText), Markdown for a
// paper (WriteMarkdown) and a self-contained HTML page (WriteHTML); each
// form carries the provenance block. Text and Markdown show each chart's
// figures as a table; HTML draws the chart and offers the table beside
// it.
type Document struct {
	Title      string
	Provenance Provenance
	Sections   []Section
	// FigureDir, when not empty, makes the Markdown form link each chart
	// as an image at FigureDir/Figure.File (relative to the Markdown
	// file), for callers that write the Figures beside it.
	FigureDir string
}

// isNil reports whether b is nil or a nil pointer (a nil *Table or
// *BarChart, say); renderers skip such blocks.
func isNil(b Block) bool {
	if b == nil {
		return true
	}
	v := reflect.ValueOf(b)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Figure is one chart of a Document, numbered in reading order.
type Figure struct {
	Number int
	File   string // "figure-1.svg"
	Chart  Chart
}

// Figures lists the document's charts in reading order.
func (d *Document) Figures() []Figure {
	var figs []Figure
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if c, ok := b.(Chart); ok && !isNil(b) {
				n := len(figs) + 1
				figs = append(figs, Figure{Number: n, File: fmt.Sprintf("figure-%d.svg", n), Chart: c})
			}
		}
	}
	return figs
}

// Check reports the first malformed table in the document (charts'
// tables are always well formed); the error wraps ErrTable and names the
// section.
func (d *Document) Check() error {
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if isNil(b) {
				continue
			}
			var err error
			switch b := b.(type) {
			case Table:
				err = b.Check()
			case *Table:
				err = b.Check()
			}
			if err != nil {
				return fmt.Errorf("section %q: %w", s.Heading, err)
			}
		}
	}
	return nil
}

// textWidthCols is the line length of wrapped text in the text form.
const textWidthCols = 78

// underline returns s, wrapped to TextWidth, over a rule of ch as long as
// its longest line.
func underline(s string, ch string) string {
	lines := wrapWords(s, TextWidth)
	n := 1
	for _, l := range lines {
		n = max(n, width(l))
	}
	return strings.Join(lines, "\n") + "\n" + strings.Repeat(ch, n) + "\n"
}

// WriteText writes the document for a terminal: the title, the
// provenance block, then each section with its paragraphs and findings
// wrapped to 78 columns, its tables aligned, and each chart as its title,
// description and figures. It writes nothing if a table is malformed.
func (d *Document) WriteText(w io.Writer) error {
	if err := d.Check(); err != nil {
		return err
	}
	ew := &errWriter{w: w}
	ew.write(underline(oneLine(orDefault(d.Title, "lotsim report")), "="))
	ew.write("\n")
	fs := d.Provenance.fields()
	lw := 0
	for _, f := range fs {
		lw = max(lw, width(f.Label))
	}
	for _, f := range fs {
		label := pad(f.Label+":", lw+1, AlignLeft)
		for _, l := range wrapWords(oneLine(f.Value), TextWidth-lw-3) {
			ew.printf("%s  %s\n", label, l)
			label = strings.Repeat(" ", lw+1)
		}
	}
	figs := d.Figures()
	fig := 0
	for _, s := range d.Sections {
		ew.write("\n")
		if s.Heading != "" {
			ew.write(underline(oneLine(s.Heading), "-"))
			ew.write("\n")
		}
		first := true
		for _, b := range s.Blocks {
			if isNil(b) {
				continue
			}
			if !first {
				ew.write("\n")
			}
			first = false
			switch b := b.(type) {
			case Paragraph:
				for _, l := range wrapRunes(oneLine(string(b)), textWidthCols) {
					ew.write(l + "\n")
				}
			case Findings:
				for _, f := range b {
					for k, l := range wrapRunes(oneLine(f), textWidthCols-2) {
						if k == 0 {
							ew.write("- " + l + "\n")
						} else {
							ew.write("  " + l + "\n")
						}
					}
				}
			case Table:
				b.text(ew)
			case *Table:
				b.text(ew)
			case Chart:
				f := figs[fig]
				fig++
				title, desc := b.describe()
				for _, l := range wrapRunes(fmt.Sprintf("Figure %d: %s", f.Number, oneLine(title)), textWidthCols) {
					ew.write(l + "\n")
				}
				for _, l := range wrapRunes(oneLine(desc), textWidthCols) {
					ew.write(l + "\n")
				}
				t := b.Data()
				t.Title = ""
				t.text(ew)
			}
		}
	}
	return ew.err
}

// WriteMarkdown writes the document as GitHub Flavored Markdown: the
// title as a level-1 heading, the provenance as a list, sections as
// level-2 headings, findings as bullet lists, tables as pipe tables, and
// each chart as a bold caption, its description, an image link when
// FigureDir is set, and its figures as a table. All text is escaped so
// that it shows literally. It writes nothing if a table is malformed.
func (d *Document) WriteMarkdown(w io.Writer) error {
	if err := d.Check(); err != nil {
		return err
	}
	ew := &errWriter{w: w}
	ew.printf("# %s\n\n", markdownInline(orDefault(d.Title, "lotsim report")))
	for _, f := range d.Provenance.fields() {
		v := markdownInline(f.Value)
		if f.Code {
			v = "`" + strings.ReplaceAll(oneLine(f.Value), "`", "") + "`"
		}
		ew.printf("- **%s:** %s\n", markdownInline(f.Label), v)
	}
	figs := d.Figures()
	fig := 0
	for _, s := range d.Sections {
		if s.Heading != "" {
			ew.printf("\n## %s\n", markdownInline(s.Heading))
		}
		for _, b := range s.Blocks {
			if isNil(b) {
				continue
			}
			ew.write("\n")
			switch b := b.(type) {
			case Paragraph:
				ew.write(markdownBlock(string(b)) + "\n")
			case Findings:
				for _, f := range b {
					ew.write("- " + markdownBlock(f) + "\n")
				}
			case Table:
				b.markdown(ew)
			case *Table:
				b.markdown(ew)
			case Chart:
				f := figs[fig]
				fig++
				title, desc := b.describe()
				caption := fmt.Sprintf("Figure %d: %s", f.Number, title)
				ew.printf("**%s**\n\n", markdownInline(caption))
				if desc != "" {
					ew.printf("%s\n\n", markdownBlock(desc))
				}
				if d.FigureDir != "" {
					ew.printf("![%s](<%s>)\n\n", markdownInline(caption), strings.ReplaceAll(path.Join(d.FigureDir, f.File), ">", "%3E"))
				}
				t := b.Data()
				t.Title = ""
				t.markdown(ew)
			}
		}
	}
	return ew.err
}
