package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chart geometry, in SVG user units (pixels at 100%). The text widths
// are estimates, since the package measures no fonts: charWidth is the
// average advance of a character of 12px Arial, Helvetica or DejaVu Sans
// (about 0.55 em), erring wide so that labels do not collide.
const (
	chartWidth = 640.0
	margin     = 12.0 // between the picture's edge and anything drawn
	fontSize   = 12.0
	smallSize  = 11.0
	titleSize  = 15.0
	charWidth  = 0.55 // of the font size
	lineHeight = 16.0
)

// fontFamily names only fonts found on the reader's machine: no web fonts.
const fontFamily = "Arial, Helvetica, 'DejaVu Sans', 'Liberation Sans', sans-serif"

// Colours. The series palette is Okabe and Ito's colour-blind-safe set
// ("Color Universal Design", 2008), ordered so that the first colours are
// the most distinct for every common kind of colour blindness and on a
// greyscale printout; yellow and black come last.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"}

const (
	inkColour   = "#000000" // text, axes, zero lines
	gridColour  = "#D9D9D9"
	mutedColour = "#595959" // secondary text; 7:1 contrast on white
)

// seriesColour returns the palette colour for series i, cycling after
// eight.
func seriesColour(i int) string { return palette[i%len(palette)] }

// f1 formats a coordinate with one decimal place, dropping ".0" and never
// writing "-0", so that output is stable from one machine to the next.
// Non-finite values (which the charts never pass) become 0.
func f1(v float64) string {
	if !finite(v) {
		return "0"
	}
	v = math.Round(v*10) / 10
	if v == 0 {
		return "0"
	}
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
}

// esc escapes s for XML text and attribute values; characters XML does
// not allow become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder cannot fail
	return b.String()
}

// textWidth estimates how wide s is at size px.
func textWidth(s string, px float64) float64 {
	return float64(utf8.RuneCountInString(s)) * px * charWidth
}

// fit shortens s with an ellipsis to fit in maxWidth at size px and
// reports whether it did.
func fit(s string, maxWidth, px float64) (string, bool) {
	if textWidth(s, px) <= maxWidth {
		return s, false
	}
	n := int(maxWidth/(px*charWidth)) - 1
	if n < 1 {
		return "…", true
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:min(n, len(r))])) + "…", true
}

// wrap splits s into lines of at most maxWidth at size px, at spaces.
func wrap(s string, maxWidth, px float64) []string {
	limit := max(10, int(maxWidth/(px*charWidth)))
	return wrapRunes(s, limit)
}

// wrapRunes splits s into lines of at most limit runes, at spaces where
// it can.
func wrapRunes(s string, limit int) []string {
	var lines []string
	var cur []string
	n := 0
	for _, w := range strings.Fields(s) {
		wl := utf8.RuneCountInString(w)
		if n > 0 && n+1+wl > limit {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += wl
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}

// wrapLabel splits s into lines of at most limit runes, breaking at
// spaces, and within a word too long for a line after a '.', '/', '_' or
// '-' or before a '[' (so that "lots[Victims].service.caseworkers"
// breaks between its parts); a part longer than a line is cut. Nothing
// is dropped but the spaces broken at.
func wrapLabel(s string, limit int) []string {
	limit = max(limit, 4)
	type piece struct {
		text  string
		space bool // a space separates it from the piece before
	}
	var pieces []piece
	for _, w := range strings.Fields(s) {
		r := []rune(w)
		start, space := 0, true
		for i := range r {
			cut := i+1 < len(r) && (strings.ContainsRune("./_-", r[i]) || r[i+1] == '[')
			if cut || i == len(r)-1 {
				pieces = append(pieces, piece{string(r[start : i+1]), space})
				start, space = i+1, false
			}
		}
	}
	var lines []string
	cur := ""
	for _, p := range pieces {
		sep := ""
		if p.space && cur != "" {
			sep = " "
		}
		if cur != "" && utf8.RuneCountInString(cur+sep+p.text) > limit {
			lines = append(lines, cur)
			cur, sep = "", ""
		}
		cur += sep + p.text
		for utf8.RuneCountInString(cur) > limit {
			r := []rune(cur)
			lines = append(lines, string(r[:limit]))
			cur = string(r[limit:])
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// rowLabels wraps each label to at most maxWidth at the body font size
// (see wrapLabel) and returns the lines and the width of the widest, with
// a tenth more for fonts wider than textWidth's estimate, so that a
// chart's label column never cuts a label short.
func rowLabels(labels []string, maxWidth float64) (lines [][]string, width float64) {
	limit := int(maxWidth / (fontSize * charWidth))
	for _, l := range labels {
		ls := wrapLabel(l, limit)
		for _, x := range ls {
			width = math.Max(width, textWidth(x, fontSize))
		}
		lines = append(lines, ls)
	}
	return lines, 1.1 * width
}

// labelledRows wraps the rows' labels to at most maxWidth (see rowLabels)
// and stacks the rows from top, each at least minRow high and tall enough
// for its label: rows[i] is the top of row i and rows[len(names)] the
// bottom of the last.
func labelledRows(names []string, maxWidth, top, minRow float64) (labels [][]string, width float64, rows []float64) {
	labels, width = rowLabels(names, maxWidth)
	rows = make([]float64, len(names)+1)
	rows[0] = top
	for i := range names {
		rows[i+1] = rows[i] + rowHeight(len(labels[i]), minRow)
	}
	return labels, width, rows
}

// rowHeight is the height of a row whose label has n lines: at least
// min.
func rowHeight(n int, min float64) float64 { return math.Max(min, 14*float64(n)+10) }

// rowLabel draws a wrapped label right-aligned at x, its lines centred
// on mid.
func (c *canvas) rowLabel(x, mid float64, lines []string) {
	y := mid + 4 - 7*float64(len(lines)-1)
	for k, l := range lines {
		c.text(x, y+14*float64(k), l, "end", fontSize, "", inkColour)
	}
}

// swatch is how a legend entry is drawn.
type swatch int

const (
	swatchBox       swatch = iota // a filled square: bars
	swatchLine                    // a line: a series over time
	swatchBand                    // a pale box: a percentile band
	swatchDot                     // a filled circle
	swatchRing                    // a hollow circle
	swatchMarker                  // a vertical line with a diamond: a target or demand marker
	swatchDash                    // a dashed line with dots: an overlay series
	swatchReference               // a black dashed line: a reference value such as a target
)

// legendEntry is one entry of a chart's legend.
type legendEntry struct {
	label  string
	colour string
	kind   swatch
}

// canvas collects the drawing of one chart and wraps it in an <svg>
// element with an accessible title and description.
type canvas struct {
	id    string
	title string
	body  bytes.Buffer
	notes []string
	y     float64 // the top of the space not yet used
}

// newCanvas starts a chart with its visible title.
func newCanvas(id, title string) *canvas {
	c := &canvas{id: cleanID(id), title: strings.TrimSpace(title), y: margin}
	if c.title != "" {
		for _, l := range wrap(c.title, chartWidth-2*margin, titleSize) {
			c.text(margin, c.y+titleSize, l, "start", titleSize, "bold", inkColour)
			c.y += titleSize + 5
		}
		c.y += 4
	}
	return c
}

// cleanID keeps the characters of id that are safe in an XML ID and
// starts it with a letter; the empty id becomes "chart".
func cleanID(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < utf8.RuneSelf && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "chart" + s
	}
	return s
}

func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(&c.body, format, args...) }

// note records a sentence to show under the chart and in its description.
func (c *canvas) note(s string) { c.notes = append(c.notes, s) }

// text draws s with its baseline at y.
func (c *canvas) text(x, y float64, s, anchor string, size float64, weight, fill string) {
	c.printf(`<text x="%s" y="%s"`, f1(x), f1(y))
	if anchor != "start" {
		c.printf(` text-anchor="%s"`, anchor)
	}
	if size != fontSize {
		c.printf(` font-size="%s"`, f1(size))
	}
	if weight != "" {
		c.printf(` font-weight="%s"`, weight)
	}
	if fill != inkColour {
		c.printf(` fill="%s"`, fill)
	}
	c.printf(">%s</text>\n", esc(s))
}

// label draws s shortened to maxWidth; a shortened label carries the full
// text as its tooltip.
func (c *canvas) label(x, y float64, s, anchor string, maxWidth float64) {
	short, cut := fit(s, maxWidth, fontSize)
	if !cut {
		c.text(x, y, s, anchor, fontSize, "", inkColour)
		return
	}
	c.printf(`<text x="%s" y="%s"`, f1(x), f1(y))
	if anchor != "start" {
		c.printf(` text-anchor="%s"`, anchor)
	}
	c.printf("><title>%s</title>%s</text>\n", esc(s), esc(short))
}

// line draws a line; dash is a stroke-dasharray or "".
func (c *canvas) line(x1, y1, x2, y2 float64, stroke string, w float64, dash string) {
	c.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"`, f1(x1), f1(y1), f1(x2), f1(y2), stroke)
	if w != 1 {
		c.printf(` stroke-width="%s"`, f1(w))
	}
	if dash != "" {
		c.printf(` stroke-dasharray="%s"`, dash)
	}
	c.printf("/>\n")
}

// rect draws a filled rectangle between two corners, in either order,
// with tooltip as its <title> when not empty.
func (c *canvas) rect(x0, y0, x1, y1 float64, fill, extra, tooltip string) {
	x, y := math.Min(x0, x1), math.Min(y0, y1)
	w, h := math.Abs(x1-x0), math.Abs(y1-y0)
	c.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s`, f1(x), f1(y), f1(w), f1(h), fill, extra)
	if tooltip == "" {
		c.printf("/>\n")
		return
	}
	c.printf("><title>%s</title></rect>\n", esc(tooltip))
}

// circle draws a circle; a hollow one has a white fill and coloured edge.
func (c *canvas) circle(x, y, r float64, colour string, hollow bool, tooltip string) {
	fill := colour
	if hollow {
		fill = "#FFFFFF"
	}
	c.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="1.5"`, f1(x), f1(y), f1(r), fill, colour)
	if tooltip == "" {
		c.printf("/>\n")
		return
	}
	c.printf("><title>%s</title></circle>\n", esc(tooltip))
}

// diamond draws a marker: a vertical line from y0 to y1 through a diamond
// at its middle.
func (c *canvas) diamond(x, y0, y1 float64, colour, tooltip string) {
	ym := (y0 + y1) / 2
	c.printf(`<g fill="%s" stroke="%s">`, colour, colour)
	if tooltip != "" {
		c.printf("<title>%s</title>", esc(tooltip))
	}
	c.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke-width="2"/>`, f1(x), f1(y0), f1(x), f1(y1))
	c.printf(`<path d="M%s %sL%s %sL%s %sL%s %sZ"/>`, f1(x), f1(ym-5), f1(x+5), f1(ym), f1(x), f1(ym+5), f1(x-5), f1(ym))
	c.printf("</g>\n")
}

// legend draws entries left to right under the title, wrapping lines.
func (c *canvas) legend(entries []legendEntry) {
	if len(entries) == 0 {
		return
	}
	x, y := margin, c.y
	for _, e := range entries {
		w := 22 + textWidth(e.label, fontSize) + 14
		if x > margin && x+w > chartWidth-margin {
			x, y = margin, y+lineHeight+2
		}
		c.swatch(x, y+2, e)
		label, _ := fit(e.label, chartWidth-2*margin-22, fontSize)
		c.text(x+22, y+12, label, "start", fontSize, "", inkColour)
		x += w
	}
	c.y = y + lineHeight + 8
}

// swatch draws a legend key in the 16 by 12 box at (x, y).
func (c *canvas) swatch(x, y float64, e legendEntry) {
	switch e.kind {
	case swatchLine:
		c.line(x, y+6, x+16, y+6, e.colour, 2.5, "")
	case swatchDash:
		c.line(x, y+6, x+16, y+6, e.colour, 2, "4 2")
		c.circle(x+8, y+6, 3, e.colour, false, "")
	case swatchReference:
		c.line(x, y+6, x+16, y+6, inkColour, 1.5, "5 3")
	case swatchBand:
		c.rect(x, y, x+16, y+12, e.colour, ` fill-opacity="0.3"`, "")
	case swatchDot:
		c.circle(x+8, y+6, 4.5, e.colour, false, "")
	case swatchRing:
		c.circle(x+8, y+6, 4.5, e.colour, true, "")
	case swatchMarker:
		c.diamond(x+8, y-1, y+13, e.colour, "")
	default:
		c.rect(x, y, x+12, y+12, e.colour, "", "")
	}
}

// noData writes a message in the middle of an empty plot area.
func (c *canvas) noData(x0, y0, x1, y1 float64) {
	c.rect(x0, y0, x1, y1, "none", ` stroke="`+gridColour+`"`, "")
	c.text((x0+x1)/2, (y0+y1)/2+4, "No data to show.", "middle", fontSize, "", mutedColour)
}

// yAxis draws horizontal grid lines and tick labels for a value axis
// running up the plot between x0 and x1, and the axis title above the
// labels.
func (c *canvas) yAxis(a axis, s linear, x0, x1 float64, title string) {
	for _, t := range a.ticks {
		y := s.at(t)
		colour := gridColour
		if t == 0 {
			colour = inkColour
		}
		c.line(x0, y, x1, y, colour, 1, "")
		c.text(x0-6, y+4, a.label(t), "end", smallSize, "", inkColour)
	}
	if title != "" {
		c.text(margin, s.r1-12, title, "start", smallSize, "", mutedColour)
	}
}

// xAxis draws vertical grid lines from y0 to y1 and tick labels under y1
// for a value axis running across the plot, and the axis title below.
// It returns the y below the title.
func (c *canvas) xAxis(a axis, s linear, y0, y1 float64, title string) float64 {
	for _, t := range a.ticks {
		x := s.at(t)
		colour := gridColour
		if t == 0 {
			colour = inkColour
		}
		c.line(x, y0, x, y1, colour, 1, "")
		c.text(x, y1+14, a.label(t), "middle", smallSize, "", inkColour)
	}
	y := y1 + 18
	if title != "" {
		c.text((s.r0+s.r1)/2, y+14, title, "middle", fontSize, "", inkColour)
		y += 18
	}
	return y
}

// yAxisWidth is the room tick labels of a take left of the plot.
func yAxisWidth(a axis) float64 {
	w := 0.0
	for _, t := range a.ticks {
		w = math.Max(w, textWidth(a.label(t), smallSize))
	}
	return w + 10
}

// svg finishes the chart: notes under the drawing from y down, then the
// <svg> element with its title and description (desc followed by the
// notes) for screen readers.
func (c *canvas) svg(y float64, desc string) []byte {
	y += 4
	for _, n := range c.notes {
		for _, l := range wrap("Note: "+n, chartWidth-2*margin, smallSize) {
			y += lineHeight - 2
			c.text(margin, y, l, "start", smallSize, "", mutedColour)
		}
	}
	h := math.Ceil(y + margin)
	full := strings.TrimSpace(strings.Join(append([]string{strings.TrimSpace(desc)}, c.notes...), " "))
	if full == "" {
		full = "The figures drawn are listed in the table that accompanies the chart."
	}
	title := c.title
	if title == "" {
		title = "Chart"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%s">`+"\n",
		f1(chartWidth), f1(h), f1(chartWidth), f1(h), c.id, c.id, esc(fontFamily), f1(fontSize))
	fmt.Fprintf(&b, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", c.id, esc(title), c.id, esc(full))
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="#FFFFFF"/>`+"\n", f1(chartWidth), f1(h))
	b.Write(c.body.Bytes())
	b.WriteString("</svg>\n")
	return b.Bytes()
}
