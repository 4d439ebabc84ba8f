package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// These tests read a chart's SVG the way a reader sees it: where bars,
// lines and labels fall, how big they are and what colour.

// svgShape is one drawn element of a chart: a rect, line, circle or text.
type svgShape struct {
	kind                   string
	x, y, w, h             float64 // rect; for text, x and y of the anchor
	x1, y1, x2, y2         float64 // line
	fill, stroke, dash     string
	text, anchor, fontSize string
}

// parseSVG lists the shapes of an SVG and returns its viewBox width and
// height.
func parseSVG(t *testing.T, data []byte) (shapes []svgShape, width, height float64) {
	t.Helper()
	num := func(s string) float64 {
		v, _ := strconv.ParseFloat(s, 64)
		return v
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var inText *svgShape
	var fills []string // the fill of each open <g>, inherited
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = at.Value
			}
			s := svgShape{kind: e.Name.Local, fill: a["fill"], stroke: a["stroke"], dash: a["stroke-dasharray"], anchor: a["text-anchor"], fontSize: a["font-size"]}
			if s.fill == "" && len(fills) > 0 {
				s.fill = fills[len(fills)-1]
			}
			switch e.Name.Local {
			case "svg":
				if vb := strings.Fields(a["viewBox"]); len(vb) == 4 {
					width, height = num(vb[2]), num(vb[3])
				}
			case "g":
				fills = append(fills, s.fill)
			case "rect":
				s.x, s.y, s.w, s.h = num(a["x"]), num(a["y"]), num(a["width"]), num(a["height"])
				shapes = append(shapes, s)
			case "line":
				s.x1, s.y1, s.x2, s.y2 = num(a["x1"]), num(a["y1"]), num(a["x2"]), num(a["y2"])
				shapes = append(shapes, s)
			case "circle":
				s.x, s.y, s.w = num(a["cx"]), num(a["cy"]), num(a["r"])
				shapes = append(shapes, s)
			case "text":
				s.x, s.y = num(a["x"]), num(a["y"])
				shapes = append(shapes, s)
				inText = &shapes[len(shapes)-1]
			case "title":
				inText = nil // a tooltip is not drawn
			}
		case xml.CharData:
			if inText != nil {
				inText.text += string(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "g":
				fills = fills[:len(fills)-1]
			case "text":
				inText = nil
			}
		}
	}
	return shapes, width, height
}

// texts returns the drawn text of the shapes.
func texts(shapes []svgShape) []string {
	var out []string
	for _, s := range shapes {
		if s.kind == "text" {
			out = append(out, s.text)
		}
	}
	return out
}

// rectsFilled returns the rects filled with colour.
func rectsFilled(shapes []svgShape, colour string) []svgShape {
	var out []svgShape
	for _, s := range shapes {
		if s.kind == "rect" && s.fill == colour {
			out = append(out, s)
		}
	}
	return out
}

func TestHistogramTargetsOnBinEdges(t *testing.T) {
	t.Parallel()
	h := histogramChart()
	shapes, _, _ := parseSVG(t, h.SVG("fig"))
	want := []string{"high risk target: 2 days", "medium risk target: 10 days", "standard risk target: 28 days"}
	for _, w := range want {
		// Once in the legend and once beside the line.
		if n := strings.Count(strings.Join(texts(shapes), "\n"), w); n < 2 {
			t.Errorf("%q is drawn %d times, want it in the legend and by its line", w, n)
		}
	}
	// Every dashed vertical line lies on an edge of a bar of its panel's
	// colour (bars end half a pixel short, a hairline gap).
	var targets []svgShape
	for _, s := range shapes {
		if s.kind == "line" && s.dash != "" && s.x1 == s.x2 && s.y2-s.y1 > 20 {
			targets = append(targets, s)
		}
	}
	if len(targets) != 3 {
		t.Fatalf("%d target lines across panels, want 3 (one per panel)", len(targets))
	}
	for i, risk := range []string{"high", "medium", "standard"} {
		colour, _ := RiskColour(risk)
		onEdge := false
		for _, r := range rectsFilled(shapes, colour) {
			if math.Abs(r.x-targets[i].x1) < 0.11 || math.Abs(r.x+r.w+0.5-targets[i].x1) < 0.11 {
				onEdge = true
			}
		}
		if !onEdge {
			t.Errorf("the %s risk target at x=%v is on no edge of a %s bar", risk, targets[i].x1, colour)
		}
	}
}

func TestHistogramEqualBarWidths(t *testing.T) {
	t.Parallel()
	// The open-ended last bin runs from 40 to 131 days, more than 45 times
	// the others' width: it must be drawn as wide as they are.
	shapes, _, _ := parseSVG(t, histogramChart().SVG("fig"))
	colour, _ := RiskColour("standard")
	bars := rectsFilled(shapes, colour)
	if len(bars) != 21 {
		t.Fatalf("%d standard risk bars, want 21", len(bars))
	}
	w := bars[0].w
	for i, b := range bars {
		if math.Abs(b.w-w) > 0.6 { // the hairline gap and rounding to 0.1
			t.Errorf("bar %d is %v wide, the first %v", i, b.w, w)
		}
	}
	if !strings.Contains(strings.Join(texts(shapes), "\n"), "over 40") {
		t.Error(`the open-ended bar is not labelled "over 40"`)
	}
}

func TestHistogramOwnScales(t *testing.T) {
	t.Parallel()
	// A risk level with a hundredth of the other's share per bin must
	// fill its panel as the other does.
	h := HistogramChart{Series: []HistogramSeries{
		{Name: "medium risk", Risk: "medium", Bins: []Bin{{0, 2, 0.9}, {2, 4, 0.1}}},
		{Name: "high risk", Risk: "high", Bins: []Bin{{0, 2, 0.009}, {2, 4, 0.001}}},
	}}
	shapes, _, _ := parseSVG(t, h.SVG("fig"))
	tallest := func(risk string) float64 {
		colour, _ := RiskColour(risk)
		m := 0.0
		for _, r := range rectsFilled(shapes, colour) {
			m = math.Max(m, r.h)
		}
		return m
	}
	if big, small := tallest("medium"), tallest("high"); small < big/2 {
		t.Errorf("the small distribution's tallest bar is %vpx against %vpx: not on its own scale", small, big)
	}
}

func TestRiskColours(t *testing.T) {
	t.Parallel()
	// The same risk level has the same colour in every chart showing it,
	// and the three levels differ.
	seen := map[string]bool{}
	for _, risk := range []string{"high", "medium", "standard"} {
		colour, ok := RiskColour(risk)
		if !ok || seen[colour] {
			t.Fatalf("risk %s: colour %q (ok %v) missing or shared", risk, colour, ok)
		}
		seen[colour] = true
		hist := HistogramChart{Series: []HistogramSeries{{Name: "x", Risk: risk, Bins: []Bin{{0, 1, 1}}}}}
		hs, _, _ := parseSVG(t, hist.SVG("h"))
		if len(rectsFilled(hs, colour)) != 1 {
			t.Errorf("the histogram does not draw %s risk in %s", risk, colour)
		}
		// Put the risk level second, so that a palette by position would
		// give it another colour.
		iv := IntervalChart{Items: []IntervalItem{{Label: "a", Estimate: 1, Lo: 0, Hi: 2}, {Label: "b", Estimate: 1, Lo: 0, Hi: 2, Risk: risk}}}
		is, _, _ := parseSVG(t, iv.SVG("i"))
		found := false
		for _, s := range is {
			if s.kind == "circle" && s.stroke == colour && s.y > 60 {
				found = true
			}
		}
		if !found {
			t.Errorf("the interval chart does not draw %s risk in %s", risk, colour)
		}
	}
}

func TestRatioSmallBarVisible(t *testing.T) {
	t.Parallel()
	// Perpetrators' 150 cases beside victims' 7,169, and a lot with next to
	// no demand: every bar is drawn at least 2px long and labelled.
	shapes, _, _ := parseSVG(t, ratioChart().SVG("fig"))
	bars := rectsFilled(shapes, seriesColour(0))
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3 (the NaN item has none)", len(bars))
	}
	for i, b := range bars {
		if b.w < 2 || b.h < 10 {
			t.Errorf("bar %d is %v by %v px", i, b.w, b.h)
		}
	}
	all := strings.Join(texts(shapes), "\n")
	for _, want := range []string{"151%, over capacity", "169%, over capacity", "under 1%", "capacity (100%)"} {
		if !strings.Contains(all, want) {
			t.Errorf("no label %q in:\n%s", want, all)
		}
	}
}

func TestRowLabelsWhole(t *testing.T) {
	t.Parallel()
	// Sweep paths are long and mostly without spaces; lot names can be
	// long too ("Victim and children's community support").
	paths := []string{
		"lots[Victims].service.caseworkers.caseload_per_fte",
		"funders[Staffordshire County Council].annual.amount",
		"demand.streams[*].growth",
	}
	lots := []string{"Victim and children's community support", "Sexual violence counselling", "Perpetrators"}
	tests := []struct {
		name   string
		chart  Chart
		labels []string
	}{
		{"tornado", TornadoChart{Title: "Sensitivity", XLabel: "standard risk wait_p90 (days)", Baseline: 99.1, Decimals: 1, Items: []TornadoItem{
			{Label: paths[0], Low: 131, High: 76, LowInput: "x0.9", HighInput: "x1.1"},
			{Label: paths[1], Low: 108, High: 92, LowInput: "x0.9", HighInput: "x1.1"},
			{Label: paths[2], Low: 91, High: 108, LowInput: "-1%", HighInput: "+1%"},
		}}, paths},
		{"ratio", RatioChart{Title: "Demand", LineLabel: "capacity", OverLabel: "over capacity", Items: []Ratio{
			{Label: lots[0], Value: 0.83}, {Label: lots[1], Value: 1.03}, {Label: lots[2], Value: 0.74},
		}}, lots},
		{"interval", IntervalChart{Title: "Change", Decimals: 1, Items: []IntervalItem{
			{Label: lots[0] + ", standard risk", Estimate: 3, Lo: 2, Hi: 4, Risk: "standard"},
			{Label: lots[1], Estimate: -1, Lo: -2, Hi: 0.5},
			{Label: lots[2], Estimate: 0.2, Lo: 0.1, Hi: 0.3},
		}}, []string{lots[0] + ", standard risk", lots[1], lots[2]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			shapes, width, _ := parseSVG(t, tc.chart.SVG("fig"))
			all := strings.Join(texts(shapes), "")
			for _, l := range tc.labels {
				if !strings.Contains(strings.ReplaceAll(all, " ", ""), strings.ReplaceAll(l, " ", "")) {
					t.Errorf("label %q is not drawn whole; the chart's text is:\n%s", l, strings.Join(texts(shapes), "\n"))
				}
			}
			if strings.Contains(all, "…") {
				t.Error("a label is cut short with an ellipsis")
			}
			// Every text lies inside the viewBox, measured generously: 0.62
			// em a character, wider than DejaVu Sans's lower case.
			for _, s := range shapes {
				if s.kind != "text" {
					continue
				}
				size := fontSize
				if s.fontSize != "" {
					size, _ = strconv.ParseFloat(s.fontSize, 64)
				}
				w := float64(len([]rune(s.text))) * size * 0.62
				x0 := s.x
				switch s.anchor {
				case "end":
					x0 -= w
				case "middle":
					x0 -= w / 2
				}
				if x0 < 0 || x0+w > width {
					t.Errorf("text %q spans %.0f to %.0f, outside the viewBox's 0 to %.0f", s.text, x0, x0+w, width)
				}
			}
		})
	}
}

func TestIntervalRowsLabelled(t *testing.T) {
	t.Parallel()
	// A difference of 1 beside one of 54 is a dot on the zero line: its
	// figures are written at the row's end. The row for all risk levels
	// together is black, not the palette's blue, which is standard risk's.
	ic := IntervalChart{Decimals: 1, Items: []IntervalItem{
		{Label: "Victims, all risk levels", Estimate: 54.3, Lo: 53.9, Hi: 54.7},
		{Label: "Victims, standard risk", Estimate: 56.7, Lo: 56.3, Hi: 57.2, Risk: "standard"},
		{Label: "Perpetrators, standard risk", Estimate: -1, Lo: -1.4, Hi: -0.7, Risk: "standard"},
	}}
	shapes, _, _ := parseSVG(t, ic.SVG("fig"))
	all := strings.Join(texts(shapes), "\n")
	for _, want := range []string{"+54.3 (53.9 to 54.7)", "+56.7 (56.3 to 57.2)", "\u22121.0 (\u22121.4 to \u22120.7)"} {
		if !strings.Contains(all, want) {
			t.Errorf("no label %q in:\n%s", want, all)
		}
	}
	standard, _ := RiskColour("standard")
	var dots []svgShape // the rows' estimates, top down, after the legend's two
	for _, s := range shapes {
		if s.kind == "circle" {
			dots = append(dots, s)
		}
	}
	if len(dots) != 5 {
		t.Fatalf("%d circles, want 2 in the legend and 3 rows", len(dots))
	}
	want := []string{inkColour, standard, standard}
	for i, d := range dots[2:] {
		if d.stroke != want[i] {
			t.Errorf("row %d is drawn in %s, want %s", i+1, d.stroke, want[i])
		}
	}
}
