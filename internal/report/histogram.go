package report

import (
	"math"
	"strconv"
)

// HistogramChart draws one distribution per series as a panel of bars,
// the panels stacked on one value axis and one bin axis so that they can
// be compared: the waiting-time distribution of each lot and risk level,
// say. Each bar spans its bin and is as tall as its value, which the
// caller gives as counts, shares or densities; with unequal bin widths,
// give densities so that areas compare. Reference lines (a waiting-time
// target, say) cross every panel.
type HistogramChart struct {
	Title  string
	Desc   string
	XLabel string // e.g. "days waited"
	YLabel string // e.g. "share of people"
	Series []HistogramSeries
	Lines  []Reference
	// Decimals are the decimal places of bar values, and BinDecimals of
	// bin edges, in the data table and tooltips.
	Decimals, BinDecimals int
}

// HistogramSeries is one distribution.
type HistogramSeries struct {
	Name string
	Bins []Bin
}

// Bin is a histogram bar over [Lo, Hi). A bin whose edges are not finite
// or not in order, or whose value is NaN, is skipped with a note: give an
// open-ended last bin ("over a year") a finite upper edge.
type Bin struct {
	Lo, Hi, Value float64
}

// Reference is a labelled line across a chart at a value.
type Reference struct {
	At    float64
	Label string
}

func (HistogramChart) isBlock() {}

func (h HistogramChart) describe() (string, string) { return h.Title, h.Desc }

// SVG draws the chart.
func (h HistogramChart) SVG(id string) []byte {
	c, y := h.draw(id)
	return c.svg(y, h.Desc)
}

// Data lists every bin of every series.
func (h HistogramChart) Data() Table {
	t := Table{Title: h.Title, Columns: []Column{
		{Header: "series"},
		{Header: "from", Kind: KindNumber},
		{Header: "to", Kind: KindNumber},
		{Header: orDefault(h.YLabel, "value"), Kind: KindNumber},
	}}
	for _, s := range h.Series {
		for _, b := range s.Bins {
			t.AddRow(Str(s.Name), Number(b.Lo, h.BinDecimals), Number(b.Hi, h.BinDecimals), Number(b.Value, h.Decimals))
		}
	}
	c, _ := h.draw("")
	t.Notes = c.notes
	for _, r := range h.Lines {
		if finite(r.At) {
			t.Notes = append(t.Notes, "Dashed line at "+valueText(r.At, h.BinDecimals)+": "+orDefault(r.Label, "a reference value")+".")
		}
	}
	return t
}

// ok reports whether the bin can be drawn.
func (b Bin) ok() bool { return finite(b.Lo) && finite(b.Hi) && b.Lo < b.Hi && finite(b.Value) }

func (h HistogramChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, h.Title)
	var legend []legendEntry
	for _, r := range h.Lines {
		if finite(r.At) {
			legend = append(legend, legendEntry{orDefault(r.Label, valueText(r.At, h.BinDecimals)), inkColour, swatchLine})
		}
	}
	c.legend(legend)

	xlo, xhi := math.Inf(1), math.Inf(-1)
	vlo, vhi := 0.0, 0.0
	bad, bins := 0, 0
	for _, s := range h.Series {
		for _, b := range s.Bins {
			if !b.ok() {
				bad++
				continue
			}
			bins++
			xlo, xhi = math.Min(xlo, b.Lo), math.Max(xhi, b.Hi)
			vlo, vhi = math.Min(vlo, b.Value), math.Max(vhi, b.Value)
		}
	}
	top := c.y + 4
	if bins == 0 {
		c.noData(margin, top, chartWidth-margin, top+120)
		c.addNote(badBinNote(bad))
		return c, top + 120
	}
	for _, r := range h.Lines {
		if finite(r.At) {
			xlo, xhi = math.Min(xlo, r.At), math.Max(xhi, r.At)
		}
	}
	ya := niceAxis(vlo, vhi, 3)
	xa := niceAxis(xlo, xhi, 6)
	left := margin + yAxisWidth(ya)
	right := chartWidth - margin - 8
	xs := linear{xa.lo, xa.hi, left, right}

	const panelHeight = 100.0
	const panelGap = 34.0 // room for the series name above each panel
	y := top
	for i, s := range h.Series {
		c.text(left, y+20, orDefault(s.Name, "series "+strconv.Itoa(i+1)), "start", fontSize, "bold", inkColour)
		ptop := y + panelGap
		pbottom := ptop + panelHeight
		ys := linear{ya.lo, ya.hi, pbottom, ptop}
		c.yAxis(ya, ys, left, right, "")
		for _, b := range s.Bins {
			if !b.ok() {
				continue
			}
			x0, x1 := xs.at(b.Lo), xs.at(b.Hi)
			if x1-x0 > 2 {
				x1 -= 0.5 // a hairline gap between neighbouring bars
			}
			c.rect(x0, ys.at(0), x1, ys.at(b.Value), seriesColour(i), "",
				s.Name+", "+valueText(b.Lo, h.BinDecimals)+" to "+valueText(b.Hi, h.BinDecimals)+": "+valueText(b.Value, h.Decimals))
		}
		for _, r := range h.Lines {
			if finite(r.At) {
				c.line(xs.at(r.At), ptop-4, xs.at(r.At), pbottom, inkColour, 1.5, "5 3")
			}
		}
		y = pbottom
	}
	end := c.xAxis(xa, xs, y, y+4, h.XLabel)
	if h.YLabel != "" {
		c.text(margin, end+12, "Bar heights: "+h.YLabel+".", "start", smallSize, "", mutedColour)
		end += 16
	}
	c.addNote(badBinNote(bad))
	return c, end
}

// badBinNote returns the note for n skipped bins, or "".
func badBinNote(n int) string {
	if n == 0 {
		return ""
	}
	return count(n, "bin has", "bins have") + " a missing value or edges out of order and " + plural(n, "is", "are") + " not drawn."
}
