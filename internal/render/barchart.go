package render

import (
	"math"
	"strconv"
)

// BarChart draws vertical bars for each category (a financial year, say)
// and series (a funder): side by side, or stacked when Stacked is set,
// with negative values stacked below zero. Overlay series are drawn over
// the bars as dots joined by a dashed line, one dot per category: the
// pool's total in real terms over cash bars by funder, for instance.
type BarChart struct {
	Title      string
	Desc       string // one or two sentences for screen readers and the figure caption
	YLabel     string // the value axis's title with its unit, e.g. "£ a year (cash)"
	Categories []string
	Series     []Series // one value per category
	Overlay    []Series // one value per category, drawn as dots and a dashed line
	Stacked    bool
	Decimals   int // decimal places of values in the data table and tooltips
}

func (BarChart) isBlock() {}

func (b BarChart) describe() (string, string) { return b.Title, b.Desc }

// value returns series s's value for category i, NaN when it has none.
func value(s Series, i int) float64 {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return math.NaN()
}

// SVG draws the chart.
func (b BarChart) SVG(id string) []byte {
	c, y := b.draw(id)
	return c.svg(y, b.Desc)
}

// Data lists the values by category, one column per series.
func (b BarChart) Data() Table {
	t := Table{Title: b.Title, Columns: []Column{{Header: "category"}}}
	for _, s := range append(append([]Series(nil), b.Series...), b.Overlay...) {
		t.Columns = append(t.Columns, Column{Header: s.Name, Kind: KindNumber})
	}
	for i, cat := range b.Categories {
		row := []Cell{Str(cat)}
		for _, s := range append(append([]Series(nil), b.Series...), b.Overlay...) {
			row = append(row, Number(value(s, i), b.Decimals))
		}
		t.AddRow(row...)
	}
	c, _ := b.draw("")
	t.Notes = c.notes
	return t
}

func (b BarChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, b.Title)
	var legend []legendEntry
	for i, s := range b.Series {
		legend = append(legend, legendEntry{s.Name, seriesColour(i), swatchBox})
	}
	for i, s := range b.Overlay {
		legend = append(legend, legendEntry{s.Name, b.overlayColour(i), swatchDash})
	}
	c.legend(legend)

	n := len(b.Categories)
	nan, extra := 0, 0
	lo, hi := 0.0, 0.0
	for i := 0; i < n; i++ {
		pos, neg := 0.0, 0.0
		for _, s := range b.Series {
			v := value(s, i)
			switch {
			case !finite(v):
				nan++
			case b.Stacked && v >= 0:
				pos += v
			case b.Stacked:
				neg += v
			default:
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		lo, hi = math.Min(lo, neg), math.Max(hi, pos)
		for _, s := range b.Overlay {
			if v := value(s, i); finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			} else {
				nan++
			}
		}
	}
	for _, s := range append(append([]Series(nil), b.Series...), b.Overlay...) {
		extra += max(0, len(s.Values)-n)
	}

	const plotHeight = 240.0
	top := c.y + 6
	if b.YLabel != "" {
		top += 16 // room for the axis title above the plot
	}
	bottom := top + plotHeight
	if n == 0 || len(b.Series)+len(b.Overlay) == 0 {
		c.noData(margin, top, chartWidth-margin, bottom)
		return c, bottom
	}
	a := niceAxis(lo, hi, 5)
	left := margin + yAxisWidth(a)
	right := chartWidth - margin
	ys := linear{a.lo, a.hi, bottom, top}
	c.yAxis(a, ys, left, right, b.YLabel)

	group := (right - left) / float64(n)
	inner := group * 0.8
	barW := inner
	if !b.Stacked && len(b.Series) > 0 {
		barW = inner / float64(len(b.Series))
	} else if b.Stacked {
		barW = math.Min(inner, 60)
	}
	for i, cat := range b.Categories {
		gx := left + group*float64(i)
		centre := gx + group/2
		pos, neg := 0.0, 0.0
		for j, s := range b.Series {
			v := value(s, i)
			if !finite(v) {
				continue
			}
			tip := s.Name + ", " + cat + ": " + valueText(v, b.Decimals)
			var x0, from, to float64
			if b.Stacked {
				x0 = centre - barW/2
				if v >= 0 {
					from, to = pos, pos+v
					pos = to
				} else {
					from, to = neg, neg+v
					neg = to
				}
			} else {
				x0 = centre - inner/2 + barW*float64(j)
				from, to = 0, v
			}
			edge := ""
			if b.Stacked {
				edge = ` stroke="#FFFFFF" stroke-width="0.5"`
			}
			c.rect(x0, ys.at(from), x0+barW, ys.at(to), seriesColour(j), edge, tip)
		}
		c.label(centre, bottom+16, cat, "middle", group-4)
	}
	for k, s := range b.Overlay {
		colour := b.overlayColour(k)
		var prevX, prevY float64
		havePrev := false
		for i, cat := range b.Categories {
			v := value(s, i)
			if !finite(v) {
				havePrev = false
				continue
			}
			x, y := left+group*(float64(i)+0.5), ys.at(v)
			if havePrev {
				c.line(prevX, prevY, x, y, colour, 2, "4 2")
			}
			prevX, prevY, havePrev = x, y, true
			c.circle(x, y, 4, colour, false, s.Name+", "+cat+": "+valueText(v, b.Decimals))
		}
	}
	c.line(left, bottom, right, bottom, inkColour, 1, "")
	c.addNote(nanNote(nan, "value"))
	if extra > 0 {
		c.note(count(extra, "value", "values") + " beyond the last of the " + strconv.Itoa(n) + " categories " + plural(extra, "is", "are") + " not drawn.")
	}
	return c, bottom + 24
}

// overlayColour is overlay series k's colour: black for the first, so
// that it stands apart from any bar and borrows no risk level's colour,
// then the palette after the bars'.
func (b BarChart) overlayColour(k int) string {
	if k == 0 {
		return inkColour
	}
	return seriesColour(len(b.Series) + k - 1)
}

// plural returns one for n == 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
