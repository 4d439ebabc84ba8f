package render

import (
	"cmp"
	"math"
	"slices"
)

// TornadoChart draws one-at-a-time sensitivity: for each input, a bar
// from the baseline outcome to the outcome with the input at its low
// value and another to the outcome at its high value, the inputs sorted
// by how far apart their two outcomes are (widest on top; ties keep the
// order given). Each bar end is labelled with the input value that gave
// it, so direction can be read without colour.
type TornadoChart struct {
	Title     string
	Desc      string
	XLabel    string  // the outcome, e.g. "mean wait for high risk, days"
	Baseline  float64 // the outcome with every input at its central value
	LowLabel  string  // legend for the low bars; "" means "input at its low value"
	HighLabel string  // legend for the high bars; "" means "input at its high value"
	Items     []TornadoItem
	Decimals  int
}

// TornadoItem is one input: the outcome with it at its low and high
// values, and those values as text ("-20%", "£1.2m"). NaN marks a missing
// outcome.
type TornadoItem struct {
	Label               string
	Low, High           float64
	LowInput, HighInput string
}

func (TornadoChart) isBlock() {}

func (t TornadoChart) describe() (string, string) { return t.Title, t.Desc }

// SVG draws the chart.
func (t TornadoChart) SVG(id string) []byte {
	c, y := t.draw(id)
	return c.svg(y, t.Desc)
}

// Data lists the inputs in the chart's order with their outcomes and
// swing (high minus low).
func (t TornadoChart) Data() Table {
	tab := Table{Title: t.Title, Columns: []Column{
		{Header: "input"},
		{Header: "low input"},
		{Header: "outcome at low", Kind: KindNumber},
		{Header: "high input"},
		{Header: "outcome at high", Kind: KindNumber},
		{Header: "swing", Kind: KindNumber},
	}}
	for _, it := range t.sorted() {
		tab.AddRow(Str(it.Label), Str(it.LowInput), Number(it.Low, t.Decimals), Str(it.HighInput), Number(it.High, t.Decimals),
			Number(it.High-it.Low, t.Decimals))
	}
	c, _ := t.draw("")
	tab.Notes = append([]string{"Baseline outcome: " + valueText(t.Baseline, t.Decimals) + "."}, c.notes...)
	return tab
}

// swing is the item's width for sorting: NaN outcomes count as none.
func (it TornadoItem) swing(base float64) float64 {
	lo, hi := it.Low, it.High
	if !finite(lo) {
		lo = base
	}
	if !finite(hi) {
		hi = base
	}
	return math.Abs(hi - lo)
}

// sorted returns the items widest swing first, stable.
func (t TornadoChart) sorted() []TornadoItem {
	items := slices.Clone(t.Items)
	slices.SortStableFunc(items, func(a, b TornadoItem) int {
		return cmp.Compare(b.swing(t.Baseline), a.swing(t.Baseline))
	})
	return items
}

func (t TornadoChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, t.Title)
	lowColour, highColour := seriesColour(0), seriesColour(1)
	c.legend([]legendEntry{
		{orDefault(t.LowLabel, "input at its low value"), lowColour, swatchBox},
		{orDefault(t.HighLabel, "input at its high value"), highColour, swatchBox},
	})
	const minRow = 30.0
	top := c.y + 18 // room for the baseline's label
	base := t.Baseline
	if !finite(base) {
		c.note("The baseline is not a number; the bars start from 0.")
		base = 0
	}
	if len(t.Items) == 0 {
		c.noData(margin, top, chartWidth-margin, top+120)
		return c, top + 120
	}
	items := t.sorted()
	lo, hi := base, base
	nan := 0
	labelW, endW := 0.0, 0.0
	for _, it := range items {
		for _, v := range []float64{it.Low, it.High} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			} else {
				nan++
			}
		}
		labelW = math.Max(labelW, textWidth(it.Label, fontSize))
		endW = math.Max(endW, math.Max(textWidth(it.LowInput, smallSize), textWidth(it.HighInput, smallSize)))
	}
	// Labels too long for a third of the chart wrap onto more lines: an
	// input's name is never cut short.
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Label
	}
	labels, labelW, rows := labelledRows(names, math.Min(labelW, chartWidth/3), top, minRow)
	endW = math.Min(endW+6, 80)
	left := margin + labelW + 10 + endW
	right := chartWidth - margin - endW
	bottom := rows[len(items)]
	a := niceAxis(lo, hi, 5)
	xs := linear{a.lo, a.hi, left, right}
	end := c.xAxis(a, xs, top, bottom, t.XLabel)
	bx := xs.at(base)
	for i, it := range items {
		mid := (rows[i] + rows[i+1]) / 2
		c.rowLabel(margin+labelW, mid, labels[i])
		type bar struct {
			v      float64
			colour string
			input  string
			name   string
		}
		bars := []bar{
			{it.Low, lowColour, it.LowInput, orDefault(t.LowLabel, "low")},
			{it.High, highColour, it.HighInput, orDefault(t.HighLabel, "high")},
		}
		// The bar reaching further from the baseline is drawn first, so
		// that a shorter one on the same side shows on top of it.
		if math.Abs(bars[1].v-base) > math.Abs(bars[0].v-base) {
			bars[0], bars[1] = bars[1], bars[0]
		}
		for _, b := range bars {
			if !finite(b.v) {
				continue
			}
			x := xs.at(b.v)
			tip := it.Label + ", " + b.name
			if b.input != "" {
				tip += " (" + b.input + ")"
			}
			c.rect(bx, mid-9, x, mid+9, b.colour, "", tip+": "+valueText(b.v, t.Decimals))
			if b.input != "" {
				s, _ := fit(b.input, endW-4, smallSize)
				if x >= bx {
					c.text(x+4, mid+4, s, "start", smallSize, "", inkColour)
				} else {
					c.text(x-4, mid+4, s, "end", smallSize, "", inkColour)
				}
			}
		}
	}
	c.line(bx, top-4, bx, bottom, inkColour, 1.5, "")
	c.text(bx, top-6, "baseline "+valueText(base, t.Decimals), "middle", smallSize, "", inkColour)
	c.addNote(nanNote(nan, "outcome"))
	return c, end
}
