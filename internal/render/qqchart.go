package render

import "math"

// QQChart is a quantile-quantile plot: each point sets a quantile of the
// data (across) against the same quantile of a fitted distribution (up),
// over the diagonal on which they would agree. Points above the line are
// quantiles the fit puts later than the data, points below earlier.
type QQChart struct {
	Title  string
	Desc   string
	XLabel string // e.g. "records, days"
	YLabel string // e.g. "fitted lognormal, days"
	Points []QQPoint
}

// QQPoint is one quantile: X the data's, Y the fitted, Label the
// probability ("50%") for the tooltip and the data table.
type QQPoint struct {
	X, Y  float64
	Label string
}

func (QQChart) isBlock() {}

func (q QQChart) describe() (string, string) { return q.Title, q.Desc }

// SVG draws the chart.
func (q QQChart) SVG(id string) []byte {
	c, y := q.draw(id)
	return c.svg(y, q.Desc)
}

// Data lists the points.
func (q QQChart) Data() Table {
	t := Table{Title: q.Title, Columns: []Column{
		{Header: "quantile"},
		{Header: orDefault(q.XLabel, "data"), Kind: KindNumber},
		{Header: orDefault(q.YLabel, "fitted"), Kind: KindNumber},
	}}
	for _, p := range q.Points {
		t.AddRow(Str(p.Label), Number(p.X, 1), Number(p.Y, 1))
	}
	c, _ := q.draw("")
	t.Notes = c.notes
	return t
}

func (q QQChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, q.Title)
	c.legend([]legendEntry{{"quantiles", seriesColour(0), swatchDot}, {"where the fit and the data agree", inkColour, swatchReference}})
	const plotHeight = 280.0
	top := c.y + 6
	if q.YLabel != "" {
		top += 16
	}
	bottom := top + plotHeight
	hi, nan := 0.0, 0
	for _, p := range q.Points {
		if finite(p.X) && finite(p.Y) {
			hi = math.Max(hi, math.Max(p.X, p.Y))
		} else {
			nan++
		}
	}
	if hi == 0 {
		c.noData(margin, top, chartWidth-margin, bottom)
		c.addNote(nanNote(nan, "point"))
		return c, bottom
	}
	a := niceAxis(0, hi, 5)
	left := margin + yAxisWidth(a)
	// A square plot, so that the diagonal is at 45 degrees.
	right := math.Min(chartWidth-margin-16, left+plotHeight)
	ys := linear{a.lo, a.hi, bottom, top}
	xs := linear{a.lo, a.hi, left, right}
	c.yAxis(a, ys, left, right, q.YLabel)
	end := c.xAxis(a, xs, top, bottom, q.XLabel)
	c.line(xs.at(a.lo), ys.at(a.lo), xs.at(a.hi), ys.at(a.hi), inkColour, 1.5, "4 3")
	for _, p := range q.Points {
		if !finite(p.X) || !finite(p.Y) {
			continue
		}
		c.circle(xs.at(p.X), ys.at(p.Y), 3.5, seriesColour(0), false,
			p.Label+": records "+valueText(p.X, 1)+", fitted "+valueText(p.Y, 1))
	}
	c.addNote(nanNote(nan, "point"))
	return c, end
}
