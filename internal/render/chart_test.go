package render

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestChartGolden(t *testing.T) {
	t.Parallel()
	for name, c := range testCharts() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := c.SVG("fig")
			checkXML(t, got)
			golden(t, name, got)
			if again := c.SVG("fig"); !bytes.Equal(got, again) {
				t.Error("two renderings differ")
			}
		})
	}
}

// edgeCharts are degenerate inputs every chart must draw without
// panicking, as well-formed SVG; wantNote is text the drawing must hold
// ("" for none).
func edgeCharts() []struct {
	name     string
	chart    Chart
	wantNote string
} {
	inf := math.Inf(1)
	return []struct {
		name     string
		chart    Chart
		wantNote string
	}{
		{"bar/empty", BarChart{}, "No data to show."},
		{"bar/no series", BarChart{Categories: []string{"2020/21"}}, "No data to show."},
		{"bar/one value", BarChart{Categories: []string{"a"}, Series: []Series{{Name: "s", Values: []float64{5}}}}, ""},
		{"bar/all zero", BarChart{Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{0, 0}}}}, ""},
		{"bar/all NaN", BarChart{Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{nan, nan}}}}, "2 values are not a number"},
		{"bar/short and long series", BarChart{Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{1}}, {Values: []float64{1, 2, 3}}}}, "1 value beyond the last of the 2 categories is not drawn"},
		{"bar/stacked negative", BarChart{Stacked: true, Categories: []string{"a"}, Series: []Series{{Values: []float64{-3}}, {Values: []float64{5}}, {Values: []float64{-2}}}}, ""},
		{"bar/infinite", BarChart{Categories: []string{"a"}, Series: []Series{{Values: []float64{inf}}}}, "1 value is not a number"},
		{"bar/huge", BarChart{Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{-1e308, 1e308}}}}, ""},
		{"barmarker/empty", BarMarkerChart{}, "No data to show."},
		{"barmarker/zeros", BarMarkerChart{Items: []BarMarker{{Label: "lot", Bar: 0, Marker: 0}}}, ""},
		{"barmarker/NaN marker", BarMarkerChart{Items: []BarMarker{{Label: "lot", Bar: 10, Marker: nan}}}, "1 value is not a number"},
		{"ratio/empty", RatioChart{}, "No data to show."},
		{"ratio/zero", RatioChart{Items: []Ratio{{Label: "lot"}}}, ""},
		{"ratio/NaN", RatioChart{Items: []Ratio{{Label: "lot", Value: nan}}}, "1 value is not a number"},
		{"band/empty", BandChart{}, "No data to show."},
		{"band/no points", BandChart{Series: []BandSeries{{Name: "s"}}}, "No data to show."},
		{"band/one point", BandChart{Series: []BandSeries{{Points: []BandPoint{{X: 3, Lo: 1, Mid: 2, Hi: 4}}}}}, ""},
		{"band/all zero", BandChart{Series: []BandSeries{{Points: []BandPoint{{X: 0}, {X: 1}}}}}, ""},
		{"band/NaN x", BandChart{Series: []BandSeries{{Points: []BandPoint{{X: nan, Lo: 1, Mid: 2, Hi: 3}}}}}, "No data to show."},
		{"band/unsorted with gaps", BandChart{Series: []BandSeries{{Points: []BandPoint{{X: 2, Lo: 1, Mid: 2, Hi: 3}, {X: 0, Lo: nan, Mid: 1, Hi: 2}, {X: 1, Lo: 0, Mid: nan, Hi: 1}}}}}, "2 values are not a number"},
		{"band/line without band", BandChart{Series: []BandSeries{{Name: "observed", Points: []BandPoint{{X: 0, Lo: nan, Mid: 2, Hi: nan}, {X: 1, Lo: nan, Mid: 3, Hi: nan}}}}}, ""},
		{"qq/empty", QQChart{}, "No data to show."},
		{"qq/NaN", QQChart{Points: []QQPoint{{X: nan, Y: 1}, {X: 2, Y: 3}}}, "1 point is not a number"},
		{"histogram/empty", HistogramChart{}, "No data to show."},
		{"histogram/bad bins", HistogramChart{Series: []HistogramSeries{{Bins: []Bin{{Lo: 2, Hi: 1, Value: 1}, {Lo: 0, Hi: inf, Value: 1}, {Lo: 0, Hi: 1, Value: nan}}}}}, "3 bins have a missing value"},
		{"histogram/one zero bin", HistogramChart{Series: []HistogramSeries{{Name: "x", Bins: []Bin{{Lo: 0, Hi: 1}}}}}, ""},
		{"interval/empty", IntervalChart{}, "No data to show."},
		{"interval/negative only", IntervalChart{Items: []IntervalItem{{Label: "a", Estimate: -5, Lo: -7, Hi: -3}}}, ""},
		{"interval/reversed", IntervalChart{Items: []IntervalItem{{Label: "a", Estimate: 1, Lo: 2, Hi: -1}}}, "1 interval was given with its low end above its high end"},
		{"interval/NaN reference", IntervalChart{Reference: nan, Items: []IntervalItem{{Label: "a", Estimate: 1, Lo: 0, Hi: 2}}}, "The reference value is not a number"},
		{"interval/all NaN", IntervalChart{Items: []IntervalItem{{Label: "a", Estimate: nan, Lo: nan, Hi: nan}}}, "3 values are not a number"},
		{"tornado/empty", TornadoChart{}, "No data to show."},
		{"tornado/zero swing", TornadoChart{Baseline: 0, Items: []TornadoItem{{Label: "a"}}}, ""},
		{"tornado/NaN", TornadoChart{Baseline: nan, Items: []TornadoItem{{Label: "a", Low: nan, High: 2}}}, "The baseline is not a number"},
	}
}

func TestChartEdgeCases(t *testing.T) {
	t.Parallel()
	for _, tc := range edgeCharts() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.chart.SVG("")
			checkXML(t, got)
			if tc.wantNote != "" && !bytes.Contains(got, []byte(tc.wantNote)) {
				t.Errorf("SVG lacks %q:\n%s", tc.wantNote, got)
			}
			if bytes.Contains(got, []byte("NaN")) || bytes.Contains(got, []byte("Inf")) {
				t.Errorf("SVG holds a non-finite number:\n%s", got)
			}
			data := tc.chart.Data()
			if err := data.Check(); err != nil {
				t.Errorf("Data: %v", err)
			}
			if strings.HasPrefix(tc.wantNote, "No data") {
				return
			}
			if tc.wantNote != "" && !strings.Contains(strings.Join(data.Notes, " "), tc.wantNote) {
				t.Errorf("Data notes %q lack %q", data.Notes, tc.wantNote)
			}
		})
	}
}

// TestChartEscaping checks that markup in every text field is escaped:
// the SVG stays well formed and holds no element the text tried to add.
func TestChartEscaping(t *testing.T) {
	t.Parallel()
	evil := `<script>alert("x")</script> & "quotes" 'apostrophes' ]]> \x00`
	evil = strings.ReplaceAll(evil, `\x00`, "\x00\x1b")
	charts := []Chart{
		BarChart{Title: evil, Desc: evil, YLabel: evil, Categories: []string{evil}, Series: []Series{{Name: evil, Values: []float64{1}}}, Overlay: []Series{{Name: evil, Values: []float64{2}}}},
		BarMarkerChart{Title: evil, Desc: evil, XLabel: evil, BarLabel: evil, MarkerLabel: evil, ShortLabel: evil, Items: []BarMarker{{Label: evil, Bar: 1, Marker: 2}}},
		RatioChart{Title: evil, Desc: evil, XLabel: evil, LineLabel: evil, OverLabel: evil, Items: []Ratio{{Label: evil, Value: 2, Detail: evil}}},
		BandChart{Title: evil, Desc: evil, XLabel: evil, YLabel: evil, MidLabel: evil, BandLabel: evil, Series: []BandSeries{{Name: evil, Points: []BandPoint{{0, 1, 2, 3}, {1, 1, 2, 3}}}}, XTicks: []Tick{{0, evil}}},
		HistogramChart{Title: evil, Desc: evil, XLabel: evil, YLabel: evil, Series: []HistogramSeries{{Name: evil, Bins: []Bin{{0, 1, 1}}}}, Lines: []Reference{{0.5, evil}}},
		IntervalChart{Title: evil, Desc: evil, XLabel: evil, LowSide: evil, HighSide: evil, Items: []IntervalItem{{Label: evil, Estimate: 1, Lo: 0, Hi: 2}}},
		TornadoChart{Title: evil, Desc: evil, XLabel: evil, LowLabel: evil, HighLabel: evil, Items: []TornadoItem{{evil, 1, 2, evil, evil}}},
	}
	for _, c := range charts {
		got := c.SVG(`x" onload="alert(1)`)
		checkXML(t, got)
		if bytes.Contains(got, []byte("<script")) || bytes.Contains(got, []byte(`onload=`)) {
			t.Errorf("%T: markup got through:\n%s", c, got)
		}
		if !bytes.Contains(got, []byte("&lt;script&gt;")) {
			t.Errorf("%T: escaped title missing:\n%s", c, got)
		}
	}
}

func TestChartData(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	for _, c := range []Chart{fundingChart(), groupedChart(), capacityChart(), ratioChart(), waitingChart(), histogramChart(), intervalChart(), tornadoChart()} {
		d := c.Data()
		if err := d.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		b.WriteString("\n")
	}
	golden(t, "chart-data.txt", b.Bytes())
}

func TestTornadoOrder(t *testing.T) {
	t.Parallel()
	// Swings: referrals 13.6, caseload 9.6, case length 8.2, inflation 1.9.
	var got []string
	for _, it := range tornadoChart().sorted() {
		got = append(got, it.Label)
	}
	want := "referrals a year, caseload per FTE, case length, inflation"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("order = %s, want %s", g, want)
	}
}

func TestF1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {-0.04, "0"}, {0.05, "0.1"}, {12, "12"}, {12.34, "12.3"},
		{-7.25, "-7.3"}, {nan, "0"}, {math.Inf(-1), "0"}, {1234567.89, "1234567.9"},
	}
	for _, tc := range tests {
		if got := f1(tc.in); got != tc.want {
			t.Errorf("f1(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
