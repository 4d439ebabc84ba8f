package render

import "math"

// RatioChart draws one horizontal bar per item, as long as the item's
// ratio, against a line at 1 (100%): expected demand as a share of each
// lot's capacity, say. Every bar is labelled with its percentage, so a
// small lot is read as easily as a large one, and bars beyond the line
// are also labelled in words (OverLabel), so that the reading does not
// rest on position or colour alone.
type RatioChart struct {
	Title     string
	Desc      string
	XLabel    string // e.g. "expected demand as a share of capacity"
	LineLabel string // the 100% line's label, e.g. "capacity"
	OverLabel string // written after the value of bars beyond 100%, e.g. "over capacity"
	Items     []Ratio
	Decimals  int // decimal places of the percentages
}

// Ratio is one row of a RatioChart: a ratio (1.5 for 150%) and, for the
// tooltip and the data table, what it is a ratio of.
type Ratio struct {
	Label  string
	Value  float64 // NaN: missing
	Detail string  // e.g. "7,169 expected against 4,763 cases a year"
}

func (RatioChart) isBlock() {}

func (r RatioChart) describe() (string, string) { return r.Title, r.Desc }

// SVG draws the chart.
func (r RatioChart) SVG(id string) []byte {
	c, y := r.draw(id)
	return c.svg(y, r.Desc)
}

// Data lists each item's ratio and its detail.
func (r RatioChart) Data() Table {
	t := Table{Title: r.Title, Columns: []Column{
		{Header: "item"},
		{Header: orDefault(r.XLabel, "ratio"), Kind: KindPercent},
		{Header: "of"},
	}}
	for _, it := range r.Items {
		t.AddRow(Str(it.Label), Percent(it.Value, r.Decimals+1), Str(it.Detail))
	}
	c, _ := r.draw("")
	t.Notes = c.notes
	return t
}

// valueLabel is the text written at the end of an item's bar.
func (r RatioChart) valueLabel(it Ratio) string {
	s := valueText(100*it.Value, r.Decimals) + "%"
	if least := 0.5 * math.Pow(10, -float64(r.Decimals)); it.Value > 0 && 100*it.Value < least {
		s = "under " + shortNumber(2*least) + "%" // not "0%" for a bar that is there
	}
	if r.OverLabel != "" && it.Value > 1 {
		s += ", " + r.OverLabel
	}
	return s
}

func (r RatioChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, r.Title)
	const minRow = 30.0
	top := c.y + 18 // room for the 100% line's label
	if len(r.Items) == 0 {
		c.noData(margin, top, chartWidth-margin, top+120)
		return c, top + 120
	}
	hi := 100.0
	nan := 0
	labelW, endW := 0.0, 0.0
	for _, it := range r.Items {
		if finite(it.Value) {
			hi = math.Max(hi, 100*it.Value)
			endW = math.Max(endW, textWidth(r.valueLabel(it), smallSize))
		} else {
			nan++
		}
		labelW = math.Max(labelW, textWidth(it.Label, fontSize))
	}
	// Labels too long for 30% of the chart wrap onto more lines.
	names := make([]string, len(r.Items))
	for i, it := range r.Items {
		names[i] = it.Label
	}
	labels, labelW, rows := labelledRows(names, math.Min(labelW, chartWidth*0.3), top, minRow)
	endW = math.Min(endW+8, chartWidth*0.3)
	left := margin + labelW + 8
	right := chartWidth - margin - endW
	bottom := rows[len(r.Items)]
	a := niceAxis(0, hi, 5)
	a.unit = "%" // tick labels as percentages
	xs := linear{a.lo, a.hi, left, right}
	end := c.xAxis(a, xs, top, bottom, r.XLabel)
	// The 100% line, labelled above the plot; the bars cross it and the
	// value labels, on a white halo, stay readable over it.
	x100 := xs.at(100)
	c.line(x100, top-4, x100, bottom, inkColour, 2, "")
	c.text(x100, top-7, orDefault(r.LineLabel, "100%")+" (100%)", "middle", smallSize, "bold", inkColour)
	for i, it := range r.Items {
		mid := (rows[i] + rows[i+1]) / 2
		c.rowLabel(left-8, mid, labels[i])
		if !finite(it.Value) {
			c.text(left+4, mid+4, "n/a", "start", smallSize, "", mutedColour)
			continue
		}
		x1 := xs.at(100 * it.Value)
		if it.Value > 0 && x1-left < 2 {
			x1 = left + 2 // a sliver, so that a tiny ratio still shows
		}
		tip := it.Label + ": " + valueText(100*it.Value, r.Decimals) + "%"
		if it.Detail != "" {
			tip += " (" + it.Detail + ")"
		}
		c.rect(left, mid-8, x1, mid+8, seriesColour(0), "", tip)
		weight := ""
		if it.Value > 1 {
			weight = ` font-weight="bold"`
		}
		s, _ := fit(r.valueLabel(it), chartWidth-margin-x1-6, smallSize)
		c.printf(`<text x="%s" y="%s" font-size="%s"%s stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke">%s</text>`+"\n",
			f1(x1+6), f1(mid+4), f1(smallSize), weight, esc(s))
	}
	c.addNote(nanNote(nan, "value"))
	return c, end
}
