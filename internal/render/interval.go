package render

import (
	"math"
	"strings"
)

// IntervalChart draws one row per item: a point estimate with whiskers to
// the ends of its interval, across a reference line (zero, by default):
// the paired differences between two scenarios with 95% confidence
// intervals, for compare. A filled dot marks an interval that excludes
// the reference, a hollow one an interval that includes it, so the
// reading does not depend on colour. LowSide and HighSide say in words
// what each side of the reference means.
type IntervalChart struct {
	Title     string
	Desc      string
	XLabel    string  // e.g. "difference in mean wait, days (B minus A)"
	Reference float64 // the line the intervals are read against; usually 0
	LowSide   string  // e.g. "B shorter", written under the axis at the left
	HighSide  string  // e.g. "B longer", at the right
	Items     []IntervalItem
	Decimals  int
	// Levels marks estimates that are levels (a chance, a share), not
	// differences from Reference: they are written without a sign, every
	// dot is filled, and nothing is said of the reference.
	Levels bool
}

// IntervalItem is one row: an estimate and its interval. NaN Lo or Hi
// draws the estimate alone; NaN Estimate leaves the row empty.
type IntervalItem struct {
	Label            string
	Estimate, Lo, Hi float64
	// Risk, when a risk level ("high", "medium" or "standard"), draws the
	// row in that level's colour (see RiskColour).
	Risk string
}

func (IntervalChart) isBlock() {}

func (ic IntervalChart) describe() (string, string) { return ic.Title, ic.Desc }

// SVG draws the chart.
func (ic IntervalChart) SVG(id string) []byte {
	c, y := ic.draw(id)
	return c.svg(y, ic.Desc)
}

// Data lists each item's estimate and interval, and whether the interval
// excludes the reference.
func (ic IntervalChart) Data() Table {
	t := Table{Title: ic.Title, Columns: []Column{
		{Header: "item"},
		{Header: "estimate", Kind: KindNumber},
		{Header: "low", Kind: KindNumber},
		{Header: "high", Kind: KindNumber},
		{Header: "excludes " + shortNumber(ic.Reference) + "?", Align: AlignCenter},
	}}
	if ic.Levels {
		t.Columns = t.Columns[:4]
	}
	for _, it := range ic.Items {
		lo, hi, _ := it.bounds()
		ex := "n/a"
		if finite(lo) && finite(hi) {
			ex = "no"
			if ic.excludes(lo, hi) {
				ex = "yes"
			}
		}
		row := []Cell{Str(it.Label), Number(it.Estimate, ic.Decimals), Number(lo, ic.Decimals), Number(hi, ic.Decimals), Str(ex)}
		t.AddRow(row[:len(t.Columns)]...)
	}
	c, _ := ic.draw("")
	t.Notes = c.notes
	return t
}

// bounds returns the interval's ends in order and whether they were given
// reversed.
func (it IntervalItem) bounds() (lo, hi float64, swapped bool) {
	if it.Lo > it.Hi {
		return it.Hi, it.Lo, true
	}
	return it.Lo, it.Hi, false
}

// valueLabel is the row's estimate and interval as text: "+2.1 (0.4 to
// 3.8)", or "" when the estimate is missing.
func (ic IntervalChart) valueLabel(it IntervalItem) string {
	if !finite(it.Estimate) {
		return ""
	}
	s := valueText(it.Estimate, ic.Decimals)
	if it.Estimate > 0 && !ic.Levels {
		s = "+" + s
	}
	lo, hi, _ := it.bounds()
	if finite(lo) && finite(hi) {
		s += " (" + valueText(lo, ic.Decimals) + " to " + valueText(hi, ic.Decimals) + ")"
	}
	return strings.ReplaceAll(s, "-", "\u2212") // a typographic minus, as on the axis
}

func (ic IntervalChart) excludes(lo, hi float64) bool {
	return lo > ic.Reference || hi < ic.Reference
}

func (ic IntervalChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, ic.Title)
	ref := shortNumber(ic.Reference)
	if !finite(ic.Reference) {
		ic.Reference = 0
		ref = "0"
		c.note("The reference value is not a number; 0 is used.")
	}
	// When rows are coloured by risk level, rows of no level (all levels
	// together) and the legend are black, so that no colour means two
	// things.
	key := seriesColour(0)
	for _, it := range ic.Items {
		if _, ok := RiskColour(it.Risk); ok {
			key = inkColour
		}
	}
	if !ic.Levels {
		c.legend([]legendEntry{
			{"interval excludes " + ref, key, swatchDot},
			{"interval includes " + ref, key, swatchRing},
		})
	}
	const minRow = 26.0
	top := c.y + 4
	if len(ic.Items) == 0 {
		c.noData(margin, top, chartWidth-margin, top+120)
		return c, top + 120
	}
	lo, hi := ic.Reference, ic.Reference
	labelW := 0.0
	nan, swapped := 0, 0
	for _, it := range ic.Items {
		a, b, sw := it.bounds()
		if sw {
			swapped++
		}
		for _, v := range []float64{it.Estimate, a, b} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			} else {
				nan++
			}
		}
		labelW = math.Max(labelW, textWidth(it.Label, fontSize))
	}
	// Labels too long for 35% of the chart wrap onto more lines.
	names := make([]string, len(ic.Items))
	for i, it := range ic.Items {
		names[i] = it.Label
	}
	labels, labelW, rows := labelledRows(names, math.Min(labelW, chartWidth*0.35), top, minRow)
	// Each row's figures are written at its right, so that an interval
	// too small to see on a scale set by a large one can still be read.
	valueW := 0.0
	for _, it := range ic.Items {
		valueW = math.Max(valueW, textWidth(ic.valueLabel(it), smallSize))
	}
	valueW = math.Min(valueW+12, chartWidth*0.3)
	left := margin + labelW + 10
	right := chartWidth - margin - valueW
	bottom := rows[len(ic.Items)]
	a := niceAxis(lo, hi, 6)
	xs := linear{a.lo, a.hi, left, right}
	end := c.xAxis(a, xs, top, bottom, "")
	// The reference line, drawn whether or not it falls on a tick.
	c.line(xs.at(ic.Reference), top, xs.at(ic.Reference), bottom, inkColour, 1.5, "")
	if ic.LowSide != "" || ic.HighSide != "" {
		half := (right - left) / 2
		if ic.LowSide != "" {
			s, _ := fit("← "+ic.LowSide, half-4, smallSize)
			c.text(left, end+10, s, "start", smallSize, "", mutedColour)
		}
		if ic.HighSide != "" {
			s, _ := fit(ic.HighSide+" →", half-4, smallSize)
			c.text(right, end+10, s, "end", smallSize, "", mutedColour)
		}
		end += 16
	}
	if ic.XLabel != "" {
		c.text((left+right)/2, end+12, ic.XLabel, "middle", fontSize, "", inkColour)
		end += 18
	}
	for i, it := range ic.Items {
		mid := (rows[i] + rows[i+1]) / 2
		c.rowLabel(left-10, mid, labels[i])
		a, b, _ := it.bounds()
		colour := key
		if c, ok := RiskColour(it.Risk); ok {
			colour = c
		}
		if v := ic.valueLabel(it); v != "" {
			s, _ := fit(v, valueW-8, smallSize)
			c.text(chartWidth-margin, mid+4, s, "end", smallSize, "", inkColour)
		}
		if finite(a) && finite(b) {
			c.line(xs.at(a), mid, xs.at(b), mid, colour, 2, "")
			c.line(xs.at(a), mid-6, xs.at(a), mid+6, colour, 2, "")
			c.line(xs.at(b), mid-6, xs.at(b), mid+6, colour, 2, "")
		}
		if finite(it.Estimate) {
			hollow := !ic.Levels && !(finite(a) && finite(b) && ic.excludes(a, b))
			tip := it.Label + ": " + valueText(it.Estimate, ic.Decimals)
			if finite(a) && finite(b) {
				tip += " (" + valueText(a, ic.Decimals) + " to " + valueText(b, ic.Decimals) + ")"
			}
			c.circle(xs.at(it.Estimate), mid, 5, colour, hollow, tip)
		}
	}
	c.addNote(nanNote(nan, "value"))
	if swapped > 0 {
		c.note(count(swapped, "interval was", "intervals were") + " given with its low end above its high end; drawn between the two.")
	}
	return c, end
}
