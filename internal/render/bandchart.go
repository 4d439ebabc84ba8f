package render

import (
	"math"
	"slices"
	"strings"
)

// BandChart draws, for each series, a line through the middle values
// (medians) over a shaded band between low and high values (the 10th and
// 90th percentiles across replications, say): the waiting list over time
// for each lot. The value axis starts at zero or below. A missing middle
// value breaks the line; a missing low or high value breaks the band; a
// run of one point is drawn as a dot with a whisker.
type BandChart struct {
	Title     string
	Desc      string
	XLabel    string // e.g. "days since the contract started"
	YLabel    string // e.g. "people waiting"
	MidLabel  string // legend suffix for the line; "" means "median"
	BandLabel string // legend suffix for the band; "" means "10th to 90th percentile"
	Series    []BandSeries
	// XTicks labels the time axis (contract years, dates); when empty the
	// axis gets nice numeric ticks. Ticks outside the data are dropped.
	XTicks   []Tick
	Decimals int
}

// BandSeries is one line with its band.
type BandSeries struct {
	Name   string
	Points []BandPoint // drawn in order of X
}

// BandPoint is one time point: X (days, say) and the low, middle and high
// values there. NaN marks a missing value.
type BandPoint struct {
	X, Lo, Mid, Hi float64
}

// Tick is a labelled position on an axis.
type Tick struct {
	At    float64
	Label string
}

func (BandChart) isBlock() {}

func (b BandChart) describe() (string, string) { return b.Title, b.Desc }

// SVG draws the chart.
func (b BandChart) SVG(id string) []byte {
	c, y := b.draw(id)
	return c.svg(y, b.Desc)
}

// Data lists every point of every series.
func (b BandChart) Data() Table {
	t := Table{Title: b.Title, Columns: []Column{
		{Header: "series"},
		{Header: orDefault(b.XLabel, "x"), Kind: KindNumber},
		{Header: "low", Kind: KindNumber},
		{Header: orDefault(b.MidLabel, "median"), Kind: KindNumber},
		{Header: "high", Kind: KindNumber},
	}}
	for _, s := range b.Series {
		for _, p := range sortedPoints(s.Points) {
			t.AddRow(Str(s.Name), Number(p.X, b.Decimals), Number(p.Lo, b.Decimals), Number(p.Mid, b.Decimals), Number(p.Hi, b.Decimals))
		}
	}
	c, _ := b.draw("")
	t.Notes = c.notes
	return t
}

// sortedPoints returns the points in order of X (stable, so equal X keep
// their order; NaN X last).
func sortedPoints(ps []BandPoint) []BandPoint {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b BandPoint) int {
		switch {
		case math.IsNaN(a.X) && math.IsNaN(b.X):
			return 0
		case math.IsNaN(a.X):
			return 1
		case math.IsNaN(b.X):
			return -1
		}
		if a.X < b.X {
			return -1
		} else if a.X > b.X {
			return 1
		}
		return 0
	})
	return out
}

func (b BandChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, b.Title)
	var legend []legendEntry
	for i, s := range b.Series {
		name := s.Name
		if name != "" {
			name += ": "
		}
		if !hasBand(s) && s.Name != "" {
			// A plain line of values (observed figures): its name says it.
			legend = append(legend, legendEntry{s.Name, seriesColour(i), swatchLine})
			continue
		}
		legend = append(legend, legendEntry{name + orDefault(b.MidLabel, "median"), seriesColour(i), swatchLine})
		if hasBand(s) {
			legend = append(legend, legendEntry{name + orDefault(b.BandLabel, "10th to 90th percentile"), seriesColour(i), swatchBand})
		}
	}
	c.legend(legend)

	const plotHeight = 240.0
	top := c.y + 6
	if b.YLabel != "" {
		top += 16 // room for the axis title above the plot
	}
	bottom := top + plotHeight
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := 0.0, 0.0
	nan, points := 0, 0
	for _, s := range b.Series {
		band := hasBand(s)
		for _, p := range s.Points {
			if !finite(p.X) {
				nan++
				continue
			}
			points++
			xlo, xhi = math.Min(xlo, p.X), math.Max(xhi, p.X)
			for k, v := range []float64{p.Lo, p.Mid, p.Hi} {
				if !band && k != 1 {
					continue // a line without a band: its ends are not missing
				}
				if finite(v) {
					ylo, yhi = math.Min(ylo, v), math.Max(yhi, v)
				} else {
					nan++
				}
			}
		}
	}
	if points == 0 {
		c.noData(margin, top, chartWidth-margin, bottom)
		c.addNote(nanNote(nan, "value"))
		return c, bottom
	}
	// Stretch the time axis to take in the caller's labels that fall just
	// outside the data (a year's end a few days after the last point).
	if span := xhi - xlo; span > 0 {
		for _, t := range b.XTicks {
			if finite(t.At) && t.At >= xlo-0.05*span && t.At <= xhi+0.05*span {
				xlo, xhi = math.Min(xlo, t.At), math.Max(xhi, t.At)
			}
		}
	}
	if xlo == xhi {
		xlo, xhi = xlo-1, xhi+1
	}
	ya := niceAxis(ylo, yhi, 5)
	left := margin + yAxisWidth(ya)
	right := chartWidth - margin - 16 // room for the last time label
	ys := linear{ya.lo, ya.hi, bottom, top}
	xs := linear{xlo, xhi, left, right}
	c.yAxis(ya, ys, left, right, b.YLabel)

	// The time axis: the caller's labels, or nice numbers.
	ticks := b.XTicks
	if len(ticks) == 0 {
		xa := niceAxis(xlo, xhi, 6)
		for _, t := range xa.ticks {
			ticks = append(ticks, Tick{t, xa.label(t)})
		}
	}
	var shown []Tick
	for _, t := range ticks {
		if finite(t.At) && t.At >= xlo && t.At <= xhi {
			shown = append(shown, t)
		}
	}
	room := (right - left) / float64(max(1, len(shown)))
	for _, t := range shown {
		x := xs.at(t.At)
		c.line(x, bottom, x, bottom+4, inkColour, 1, "")
		c.label(x, bottom+16, t.Label, "middle", math.Max(room-4, 24))
	}
	c.line(left, bottom, right, bottom, inkColour, 1, "")
	end := bottom + 20
	if b.XLabel != "" {
		c.text((left+right)/2, end+14, b.XLabel, "middle", fontSize, "", inkColour)
		end += 18
	}

	for i, s := range b.Series {
		colour := seriesColour(i)
		pts := sortedPoints(s.Points)
		// Bands first, so that every line is drawn over every band.
		for _, run := range runs(pts, func(p BandPoint) bool { return finite(p.X) && finite(p.Lo) && finite(p.Hi) }) {
			if len(run) == 1 {
				p := run[0]
				c.line(xs.at(p.X), ys.at(p.Lo), xs.at(p.X), ys.at(p.Hi), colour, 3, "")
				continue
			}
			var d strings.Builder
			for k, p := range run {
				d.WriteString(pathStep(k, xs.at(p.X), ys.at(p.Lo)))
			}
			for k := len(run) - 1; k >= 0; k-- {
				d.WriteString("L" + f1(xs.at(run[k].X)) + " " + f1(ys.at(run[k].Hi)))
			}
			c.printf(`<path d="%sZ" fill="%s" fill-opacity="0.25" stroke="none"/>`+"\n", d.String(), colour)
		}
	}
	for i, s := range b.Series {
		colour := seriesColour(i)
		for _, run := range runs(sortedPoints(s.Points), func(p BandPoint) bool { return finite(p.X) && finite(p.Mid) }) {
			if len(run) == 1 {
				p := run[0]
				c.circle(xs.at(p.X), ys.at(p.Mid), 3.5, colour, false, s.Name+": "+valueText(p.Mid, b.Decimals))
				continue
			}
			var d strings.Builder
			for k, p := range run {
				d.WriteString(pathStep(k, xs.at(p.X), ys.at(p.Mid)))
			}
			c.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round">`, d.String(), colour)
			c.printf("<title>%s</title></path>\n", esc(s.Name))
		}
	}
	c.addNote(nanNote(nan, "value"))
	return c, end
}

// pathStep is the k-th step of a path: a move for the first point, a line
// for the rest.
func pathStep(k int, x, y float64) string {
	if k == 0 {
		return "M" + f1(x) + " " + f1(y)
	}
	return "L" + f1(x) + " " + f1(y)
}

// runs splits ps into maximal runs of consecutive points for which ok
// holds.
func runs(ps []BandPoint, ok func(BandPoint) bool) [][]BandPoint {
	var out [][]BandPoint
	start := -1
	for i, p := range ps {
		switch {
		case ok(p) && start < 0:
			start = i
		case !ok(p) && start >= 0:
			out = append(out, ps[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, ps[start:])
	}
	return out
}

// hasBand reports whether any point of s has both ends of a band; a
// series without one is a plain line, with no band in the legend.
func hasBand(s BandSeries) bool {
	for _, p := range s.Points {
		if finite(p.Lo) && finite(p.Hi) {
			return true
		}
	}
	return false
}
