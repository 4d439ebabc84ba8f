package render

import "math"

// BarMarkerChart draws one horizontal bar per item with a marker across
// it: capacity (the bar) against expected demand (the marker) for each
// lot, say. Where the marker lies beyond the bar's end, ShortLabel is
// written at the end of the row, so the shortfall is read from text and
// position, not colour alone.
type BarMarkerChart struct {
	Title       string
	Desc        string
	XLabel      string // the value axis's title with its unit, e.g. "cases a year"
	BarLabel    string // legend for the bars, e.g. "capacity"
	MarkerLabel string // legend for the markers, e.g. "expected demand"
	ShortLabel  string // written beside rows whose marker exceeds the bar, e.g. "demand exceeds capacity"
	Items       []BarMarker
	Decimals    int
}

// BarMarker is one row of a BarMarkerChart.
type BarMarker struct {
	Label  string
	Bar    float64 // NaN: missing
	Marker float64 // NaN: missing
}

func (BarMarkerChart) isBlock() {}

func (b BarMarkerChart) describe() (string, string) { return b.Title, b.Desc }

// SVG draws the chart.
func (b BarMarkerChart) SVG(id string) []byte {
	c, y := b.draw(id)
	return c.svg(y, b.Desc)
}

// Data lists each item's bar and marker values.
func (b BarMarkerChart) Data() Table {
	t := Table{Title: b.Title, Columns: []Column{
		{Header: "item"},
		{Header: orDefault(b.BarLabel, "bar"), Kind: KindNumber},
		{Header: orDefault(b.MarkerLabel, "marker"), Kind: KindNumber},
	}}
	for _, it := range b.Items {
		t.AddRow(Str(it.Label), Number(it.Bar, b.Decimals), Number(it.Marker, b.Decimals))
	}
	c, _ := b.draw("")
	t.Notes = c.notes
	return t
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (b BarMarkerChart) draw(id string) (*canvas, float64) {
	c := newCanvas(id, b.Title)
	c.legend([]legendEntry{
		{orDefault(b.BarLabel, "bar"), seriesColour(0), swatchBox},
		{orDefault(b.MarkerLabel, "marker"), seriesColour(3), swatchMarker},
	})
	const rowHeight = 30.0
	top := c.y + 4
	if len(b.Items) == 0 {
		c.noData(margin, top, chartWidth-margin, top+120)
		return c, top + 120
	}
	lo, hi := 0.0, 0.0
	nan := 0
	labelW := 0.0
	for _, it := range b.Items {
		for _, v := range []float64{it.Bar, it.Marker} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			} else {
				nan++
			}
		}
		labelW = math.Max(labelW, textWidth(it.Label, fontSize))
	}
	labelW = math.Min(labelW, chartWidth*0.3)
	shortW := 0.0
	if b.ShortLabel != "" {
		shortW = math.Min(textWidth(b.ShortLabel, smallSize)+8, chartWidth*0.25)
	}
	left := margin + labelW + 8
	right := chartWidth - margin - shortW
	bottom := top + rowHeight*float64(len(b.Items))
	a := niceAxis(lo, hi, 5)
	xs := linear{a.lo, a.hi, left, right}
	end := c.xAxis(a, xs, top, bottom, b.XLabel)
	for i, it := range b.Items {
		y0 := top + rowHeight*float64(i)
		mid := y0 + rowHeight/2
		c.label(left-8, mid+4, it.Label, "end", labelW)
		if finite(it.Bar) {
			c.rect(xs.at(0), y0+7, xs.at(it.Bar), y0+rowHeight-7, seriesColour(0), "",
				it.Label+", "+orDefault(b.BarLabel, "bar")+": "+valueText(it.Bar, b.Decimals))
		}
		if finite(it.Marker) {
			c.diamond(xs.at(it.Marker), y0+3, y0+rowHeight-3, seriesColour(3),
				it.Label+", "+orDefault(b.MarkerLabel, "marker")+": "+valueText(it.Marker, b.Decimals))
		}
		if b.ShortLabel != "" && finite(it.Bar) && finite(it.Marker) && it.Marker > it.Bar {
			s, _ := fit(b.ShortLabel, shortW-4, smallSize)
			c.text(right+6, mid+4, s, "start", smallSize, "bold", inkColour)
		}
	}
	c.addNote(nanNote(nan, "value"))
	return c, end
}
