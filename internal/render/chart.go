package render

import "strings"

// Chart is a figure: it draws itself as a standalone SVG document and
// lists the figures it draws as a Table, which the text and Markdown forms
// of a Document show in its place and the HTML form offers beside it.
//
// Charts never fail and never panic: empty data draws a frame saying
// there is no data, NaN values are skipped and a note under the chart
// says how many, and degenerate ranges (one point, all zeros) get a
// sensible axis. Output is deterministic: coordinates are written with
// one decimal place, so golden files are stable.
type Chart interface {
	Block
	// SVG returns the chart as an <svg> element that is also a complete
	// SVG file. id prefixes the IDs inside it, which must differ between
	// charts in one HTML page; "" gives "chart".
	SVG(id string) []byte
	// Data returns the figures drawn, titled with the chart's title.
	Data() Table
	// describe returns the title and description.
	describe() (title, desc string)
}

// Risk levels have one colour each, used by every chart that shows them,
// from the palette: warm colours for the urgent levels, vermillion for
// high and orange for medium, and blue for standard.
var riskColours = map[string]string{
	"high":     "#D55E00",
	"medium":   "#E69F00",
	"standard": "#0072B2",
}

// RiskColour returns the colour charts draw risk level risk ("high",
// "medium" or "standard") in, and false for any other name.
func RiskColour(risk string) (string, bool) {
	c, ok := riskColours[risk]
	return c, ok
}

// colourFor returns risk's colour when it is a risk level, else the
// palette colour for series i.
func colourFor(risk string, i int) string {
	if c, ok := riskColours[risk]; ok {
		return c
	}
	return seriesColour(i)
}

// Series is a named sequence of values, one per category of a BarChart.
type Series struct {
	Name   string
	Values []float64 // NaN: missing, not drawn
}

// nanNote returns the note for n skipped values, or "".
func nanNote(n int, what string) string {
	if n == 0 {
		return ""
	}
	return count(n, what+" is", what+"s are") + " not a number (missing) and not drawn."
}

// addNote records s under the chart unless it is empty.
func (c *canvas) addNote(s string) {
	if s != "" {
		c.note(s)
	}
}

// joinNonEmpty joins the non-empty strings with a space.
func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}
