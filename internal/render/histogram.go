package render

import (
	"math"
	"strconv"
)

// HistogramChart draws one distribution per series as a panel of bars:
// the waiting-time distribution of each risk level of a lot, say. The
// panels share the bin axis, so that they can be compared along it, but
// each has its own value axis, so that a small distribution is as
// readable as a large one. Each bar spans its bin and is as tall as its
// value, which the caller gives as counts, shares or densities; with
// unequal bin widths, give densities so that areas compare. Reference
// lines (a waiting-time target, say) are dashed, labelled where they are
// drawn and listed in the legend: a chart's Lines cross every panel, a
// series' Lines its own panel only.
type HistogramChart struct {
	Title  string
	Desc   string
	XLabel string // e.g. "days waited"
	YLabel string // e.g. "share of people"
	Series []HistogramSeries
	Lines  []Reference
	// OpenEnded says the last bin of each series holds every value from
	// its Lo up, its Hi being only the largest value seen. It is drawn as
	// wide as the bin before it, set apart by a gap and labelled "over
	// Lo", so that a long tail does not show as a long bar.
	OpenEnded bool
	// Percent says the values are shares of 1, drawn and listed as
	// percentages.
	Percent bool
	// Decimals are the decimal places of bar values (of the percentages,
	// with Percent), and BinDecimals of bin edges, in the data table and
	// tooltips.
	Decimals, BinDecimals int
}

// HistogramSeries is one distribution.
type HistogramSeries struct {
	Name string
	// Risk, when a risk level ("high", "medium" or "standard"), draws the
	// bars in that level's colour (see RiskColour).
	Risk  string
	Bins  []Bin
	Lines []Reference // drawn across this series' panel only
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
	yh := orDefault(h.YLabel, "value")
	t := Table{Title: h.Title, Columns: []Column{
		{Header: "series"},
		{Header: "from", Kind: KindNumber},
		{Header: "to", Kind: KindNumber},
		{Header: yh, Kind: KindNumber},
	}}
	if h.Percent {
		t.Columns[3].Kind = KindPercent
	}
	for _, s := range h.Series {
		for i, b := range s.Bins {
			to := Number(b.Hi, h.BinDecimals)
			if h.OpenEnded && i == len(s.Bins)-1 && len(s.Bins) > 1 {
				to = Str("(longest " + valueText(b.Hi, h.BinDecimals) + ")")
			}
			t.AddRow(Str(s.Name), Number(b.Lo, h.BinDecimals), to, h.valueCell(b.Value))
		}
	}
	c, _ := h.draw("")
	t.Notes = c.notes
	for _, r := range h.references() {
		t.Notes = append(t.Notes, "Dashed line at "+valueText(r.At, h.BinDecimals)+": "+orDefault(r.Label, "a reference value")+".")
	}
	return t
}

// valueCell is a bar's value for the data table.
func (h HistogramChart) valueCell(v float64) Cell {
	if h.Percent {
		return Percent(v, h.Decimals)
	}
	return Number(v, h.Decimals)
}

// valueLabel is a bar's value for a tooltip.
func (h HistogramChart) valueLabel(v float64) string {
	if h.Percent {
		return valueText(100*v, h.Decimals) + "%"
	}
	return valueText(v, h.Decimals)
}

// references returns the finite reference lines, the chart's first and
// then each series' in order.
func (h HistogramChart) references() []Reference {
	var out []Reference
	for _, r := range h.Lines {
		if finite(r.At) {
			out = append(out, r)
		}
	}
	for _, s := range h.Series {
		for _, r := range s.Lines {
			if finite(r.At) {
				out = append(out, r)
			}
		}
	}
	return out
}

// ok reports whether the bin can be drawn.
func (b Bin) ok() bool { return finite(b.Lo) && finite(b.Hi) && b.Lo < b.Hi && finite(b.Value) }

// tail returns the series' open-ended last bin, and false when the chart
// is not open-ended or the series has no such bin to draw.
func (h HistogramChart) tail(s HistogramSeries) (Bin, bool) {
	n := len(s.Bins)
	if !h.OpenEnded || n < 2 || !s.Bins[n-1].ok() {
		return Bin{}, false
	}
	return s.Bins[n-1], true
}

func (h HistogramChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, h.Title)
	var legend []legendEntry
	for _, r := range h.references() {
		legend = append(legend, legendEntry{orDefault(r.Label, valueText(r.At, h.BinDecimals)), inkColour, swatchReference})
	}
	c.legend(legend)

	scale := 1.0
	if h.Percent {
		scale = 100
	}
	xlo, xhi := math.Inf(1), math.Inf(-1)
	tailLo, width := math.Inf(1), 0.0 // the open-ended bins' start and the width they are drawn
	bad, bins := 0, 0
	for _, s := range h.Series {
		_, open := h.tail(s)
		for i, b := range s.Bins {
			if !b.ok() {
				bad++
				continue
			}
			bins++
			if open && i == len(s.Bins)-1 {
				tailLo = math.Min(tailLo, b.Lo)
				xlo = math.Min(xlo, b.Lo)
				continue
			}
			if open && i == len(s.Bins)-2 {
				width = math.Max(width, b.Hi-b.Lo)
			}
			xlo, xhi = math.Min(xlo, b.Lo), math.Max(xhi, b.Hi)
		}
	}
	top := c.y + 4
	if bins == 0 {
		c.noData(margin, top, chartWidth-margin, top+120)
		c.addNote(badBinNote(bad))
		return c, top + 120
	}
	for _, r := range h.references() {
		xlo, xhi = math.Min(xlo, r.At), math.Max(xhi, r.At)
	}
	open := finite(tailLo)
	if open {
		xhi = math.Max(xhi, tailLo)
		if width <= 0 {
			width = (xhi - xlo) / 20
		}
	}

	// One value axis per panel; the widest labels set the left margin.
	axes := make([]axis, len(h.Series))
	labelW := 0.0
	for i, s := range h.Series {
		vlo, vhi := 0.0, 0.0
		for _, b := range s.Bins {
			if b.ok() {
				vlo, vhi = math.Min(vlo, scale*b.Value), math.Max(vhi, scale*b.Value)
			}
		}
		axes[i] = niceAxis(vlo, vhi, 2)
		for _, t := range axes[i].ticks {
			labelW = math.Max(labelW, textWidth(h.tickLabel(axes[i], t), smallSize))
		}
	}
	left := margin + labelW + 10
	right := chartWidth - margin - 8
	xa := niceAxis(xlo, xhi, 6)
	xs := linear{xa.lo, xa.hi, left, right}
	const tailGap = 8.0 // pixels between the last closed bin and the open-ended one
	if open {
		// The axis ends where the open-ended bin starts; after a gap, that
		// bin gets the width of the others.
		span := tailLo - xa.lo
		px := (right - left - tailGap) / (span + width)
		xs = linear{xa.lo, tailLo, left, left + px*span}
		var kept []float64
		for _, t := range xa.ticks {
			if t <= tailLo+1e-9*math.Abs(tailLo) {
				kept = append(kept, t)
			}
		}
		xa.ticks = kept
	}

	const panelHeight = 90.0
	const panelGap = 30.0 // room for the series name above each panel
	y := top
	for i, s := range h.Series {
		colour := colourFor(s.Risk, i)
		name := orDefault(s.Name, "series "+strconv.Itoa(i+1))
		c.text(left, y+18, name, "start", fontSize, "bold", inkColour)
		ptop := y + panelGap
		pbottom := ptop + panelHeight
		ya := axes[i]
		ys := linear{ya.lo, ya.hi, pbottom, ptop}
		for _, t := range ya.ticks {
			yy := ys.at(t)
			grid := gridColour
			if t == 0 {
				grid = inkColour
			}
			c.line(left, yy, xs.at(xs.d1), yy, grid, 1, "")
			c.text(left-6, yy+4, h.tickLabel(ya, t), "end", smallSize, "", inkColour)
		}
		tb, hasTail := h.tail(s)
		for k, b := range s.Bins {
			if !b.ok() || hasTail && k == len(s.Bins)-1 {
				continue
			}
			x0, x1 := xs.at(b.Lo), xs.at(b.Hi)
			if x1-x0 > 2 {
				x1 -= 0.5 // a hairline gap between neighbouring bars
			}
			c.rect(x0, ys.at(0), x1, ys.at(scale*b.Value), colour, "",
				name+", "+valueText(b.Lo, h.BinDecimals)+" to "+valueText(b.Hi, h.BinDecimals)+": "+h.valueLabel(b.Value))
		}
		if hasTail {
			x0 := xs.at(tailLo) + tailGap
			x1 := x0 + (xs.at(tailLo) - xs.at(tailLo-width))
			c.line(x0, ys.at(0), x1, ys.at(0), inkColour, 1, "")
			c.rect(x0, ys.at(0), x1, ys.at(scale*tb.Value), colour, ` fill-opacity="0.55" stroke="`+colour+`"`,
				name+", over "+valueText(tb.Lo, h.BinDecimals)+" (longest "+valueText(tb.Hi, h.BinDecimals)+"): "+h.valueLabel(tb.Value))
		}
		lines := append(append([]Reference(nil), h.Lines...), s.Lines...)
		for _, r := range lines {
			if !finite(r.At) {
				continue
			}
			x := xs.at(r.At)
			c.line(x, ptop-2, x, pbottom, inkColour, 1.5, "5 3")
			label := orDefault(r.Label, valueText(r.At, h.BinDecimals))
			w := textWidth(label, smallSize)
			if x+4+w <= chartWidth-margin {
				c.text(x+4, ptop+9, label, "start", smallSize, "", inkColour)
			} else {
				c.text(x-4, ptop+9, label, "end", smallSize, "", inkColour)
			}
		}
		y = pbottom
	}
	end := c.xAxis(xa, xs, y, y+4, h.XLabel)
	if open {
		x0 := xs.at(tailLo) + tailGap
		x1 := x0 + (xs.at(tailLo) - xs.at(tailLo-width))
		c.line((x0+x1)/2, y, (x0+x1)/2, y+4, inkColour, 1, "")
		c.text(chartWidth-margin, y+28, "over "+shortNumber(tailLo), "end", smallSize, "", inkColour)
		c.note("The last bar, set apart, counts everything over " + shortNumber(tailLo) + ", drawn as wide as the others.")
	}
	scaleNote := "Each panel has its own vertical scale."
	if len(h.Series) < 2 {
		scaleNote = ""
	}
	if h.YLabel != "" || scaleNote != "" {
		s := scaleNote
		if h.YLabel != "" {
			s = joinNonEmpty("Bar heights: "+h.YLabel+".", scaleNote)
		}
		c.text(margin, end+12, s, "start", smallSize, "", mutedColour)
		end += 16
	}
	c.addNote(badBinNote(bad))
	return c, end
}

// tickLabel labels a value axis tick, as a percentage with Percent.
func (h HistogramChart) tickLabel(a axis, v float64) string {
	if h.Percent {
		return a.label(v) + "%"
	}
	return a.label(v)
}

// badBinNote returns the note for n skipped bins, or "".
func badBinNote(n int) string {
	if n == 0 {
		return ""
	}
	return count(n, "bin has", "bins have") + " a missing value or edges out of order and " + plural(n, "is", "are") + " not drawn."
}
