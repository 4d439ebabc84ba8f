package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
// Review the diff of rewritten files like code.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
	}
}

// checkXML fails t unless data is one well-formed XML element.
func checkXML(t *testing.T, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 || roots != 1 {
		t.Fatalf("want one root element, got %d (depth at end %d)", roots, depth)
	}
}

var nan = math.NaN()

// testProvenance is a run of the Staffordshire scenario.
func testProvenance() Provenance {
	return Provenance{
		Sources: []Source{{
			Name:   "Staffordshire and Stoke-on-Trent, 2018 contract",
			File:   "scenarios/staffordshire-2018.yaml",
			SHA256: "3f1c2a9e5b7d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60",
		}},
		Seed:         20181001,
		Replications: 200,
		Version:      "v0.4.0",
		Date:         time.Date(2025, time.March, 14, 9, 30, 0, 0, time.UTC),
	}
}

// Charts drawn from figures in the seeds (funding) and made-up but
// plausible simulation results (waits, lists, differences), for golden
// files.

func fundingChart() BarChart {
	// Staffordshire's contributions (seed 000): £670,490, £1,015,483 and
	// £544,997 a year, flat in cash; the real-terms total deflates it at
	// 2% a year (an illustrative rate).
	years := []string{"2018/19", "2019/20", "2020/21", "2021/22", "2022/23"}
	real := make([]float64, len(years))
	for i := range real {
		real[i] = math.Round(2230970 / math.Pow(1.02, float64(i)))
	}
	return BarChart{
		Title:      "Pooled budget by funder, cash, with the total in real terms",
		Desc:       "Stacked bars show each funder's cash contribution by financial year; the dashed line shows the pool's total at 2018/19 prices.",
		YLabel:     "£ a year",
		Categories: years,
		Series: []Series{
			{Name: "Staffordshire County Council", Values: []float64{670490, 670490, 670490, 670490, 670490}},
			{Name: "Staffordshire Commissioner's Office", Values: []float64{1015483, 1015483, 1015483, 1015483, 1015483}},
			{Name: "Stoke-on-Trent City Council", Values: []float64{544997, 544997, 544997, 544997, 544997}},
		},
		Overlay: []Series{{Name: "Total in real terms (2018/19 prices)", Values: real}},
		Stacked: true,
	}
}

func groupedChart() BarChart {
	return BarChart{
		Title:      "Cash and real terms by year",
		Desc:       "Grouped bars, with a missing value and a negative change.",
		YLabel:     "£ thousand",
		Categories: []string{"2023/24", "2024/25", "2025/26"},
		Series: []Series{
			{Name: "cash", Values: []float64{451, 451, nan}},
			{Name: "real terms", Values: []float64{451, 440.2, 429.6}},
			{Name: "change", Values: []float64{0, -10.8, -21.4}},
		},
		Decimals: 1,
	}
}

func capacityChart() BarMarkerChart {
	return BarMarkerChart{
		Title:       "Capacity against expected demand, 2020/21",
		Desc:        "Bars show the cases each lot can take in a year; diamonds show the referrals expected.",
		XLabel:      "cases a year",
		BarLabel:    "capacity",
		MarkerLabel: "expected demand",
		ShortLabel:  "short",
		Items: []BarMarker{
			{Label: "Victims: Staffordshire", Bar: 4480, Marker: 4210},
			{Label: "Victims: Stoke-on-Trent", Bar: 2100, Marker: 2480},
			{Label: "Perpetrators (group work)", Bar: 360, Marker: 520},
		},
	}
}

func ratioChart() RatioChart {
	// Staffordshire 2023/24 (the budget's hand arithmetic): victims 7,169
	// expected against 4,763 cases a year, perpetrators 150 against 89;
	// and a made-up helpline lot with little demand.
	return RatioChart{
		Title:     "Expected demand as a share of capacity, 2023/24",
		Desc:      "Referrals expected of each lot as a share of the cases a year its capacity can take.",
		XLabel:    "expected demand as a share of capacity",
		LineLabel: "capacity",
		OverLabel: "over capacity",
		Items: []Ratio{
			{Label: "Victims", Value: 7169.0 / 4763, Detail: "7,169 expected against 4,763 cases a year"},
			{Label: "Perpetrators", Value: 150.0 / 89, Detail: "150 expected against 89 cases a year"},
			{Label: "Helpline", Value: 0.004, Detail: "2 expected against 500 cases a year"},
			{Label: "Outreach", Value: nan},
		},
	}
}

func waitingChart() BandChart {
	// Waiting list at the end of each quarter over two years.
	var pts []BandPoint
	for q := 0; q <= 8; q++ {
		mid := 40 + 12*float64(q) - 0.8*float64(q*q)
		pts = append(pts, BandPoint{X: float64(q) * 91.3, Lo: mid * 0.7, Mid: mid, Hi: mid * 1.4})
	}
	pts[5].Mid = nan // a missing median breaks the line
	return BandChart{
		Title:  "People waiting for the victims lot",
		Desc:   "The line is the median over 200 replications; the band runs from the 10th to the 90th percentile.",
		XLabel: "contract year",
		YLabel: "people waiting",
		Series: []BandSeries{{Name: "Victims: Staffordshire", Points: pts}},
		XTicks: []Tick{{0, "Oct 2018"}, {365.25, "Oct 2019"}, {730.5, "Oct 2020"}},
	}
}

func histogramChart() HistogramChart {
	// 2-day bins, so that the 2-, 10- and 28-day targets fall on edges,
	// with an open-ended last bin from 40 days to the longest wait, 131.
	bins := func(shares ...float64) []Bin {
		var bs []Bin
		for i, s := range shares {
			bs = append(bs, Bin{Lo: float64(i) * 2, Hi: float64(i+1) * 2, Value: s})
		}
		bs[len(bs)-1].Hi = 131
		return bs
	}
	const n = 21 // 20 closed bins and the open-ended one
	high := make([]float64, n)
	high[0], high[1] = 0.97, 0.03
	medium := make([]float64, n)
	copy(medium, []float64{0.52, 0.3, 0.1, 0.05, 0.03})
	standard := make([]float64, n)
	for i := range standard {
		standard[i] = 0.04
	}
	standard[n-1] = 0.2
	return HistogramChart{
		Title:  "Days waited before support started, victims lot",
		Desc:   "Share of people by days waited, for each risk level, with its target.",
		XLabel: "days waited",
		YLabel: "share of people",
		Series: []HistogramSeries{
			{Name: "high risk", Risk: "high", Bins: bins(high...), Lines: []Reference{{At: 2, Label: "high risk target: 2 days"}}},
			{Name: "medium risk", Risk: "medium", Bins: bins(medium...), Lines: []Reference{{At: 10, Label: "medium risk target: 10 days"}}},
			{Name: "standard risk", Risk: "standard", Bins: bins(standard...), Lines: []Reference{{At: 28, Label: "standard risk target: 28 days"}}},
		},
		OpenEnded:   true,
		Percent:     true,
		Decimals:    1,
		BinDecimals: 1,
	}
}

func intervalChart() IntervalChart {
	return IntervalChart{
		Title:    "Difference in mean days waited: three geographic lots (B) against one county-wide lot (A)",
		Desc:     "Paired differences B minus A over 200 replications with 95% confidence intervals.",
		XLabel:   "days, B minus A",
		LowSide:  "shorter waits with B",
		HighSide: "longer waits with B",
		Items: []IntervalItem{
			{Label: "high risk", Estimate: -0.4, Lo: -1.1, Hi: 0.3},
			{Label: "medium risk", Estimate: -3.2, Lo: -4.9, Hi: -1.5},
			{Label: "standard risk", Estimate: 5.8, Lo: 2.1, Hi: 9.5},
			{Label: "north Essex only", Estimate: 1.2, Lo: nan, Hi: nan},
		},
		Decimals: 1,
	}
}

func tornadoChart() TornadoChart {
	return TornadoChart{
		Title:    "What moves the mean wait for medium-risk victims",
		Desc:     "Each input set to its low and high value with the others at their central values.",
		XLabel:   "mean days waited",
		Baseline: 21.4,
		Items: []TornadoItem{
			{Label: "referrals a year", Low: 16.2, High: 29.8, LowInput: "-15%", HighInput: "+15%"},
			{Label: "caseload per FTE", Low: 27.5, High: 17.9, LowInput: "25", HighInput: "35"},
			{Label: "inflation", Low: 20.6, High: 22.5, LowInput: "1%", HighInput: "4%"},
			{Label: "case length", Low: 18.1, High: 26.3, LowInput: "10 wk", HighInput: "16 wk"},
		},
		Decimals: 1,
	}
}

// testCharts are the golden charts by file name.
func testCharts() map[string]Chart {
	return map[string]Chart{
		"bar-stacked.svg": fundingChart(),
		"bar-grouped.svg": groupedChart(),
		"barmarker.svg":   capacityChart(),
		"ratio.svg":       ratioChart(),
		"qq.svg":          qqChart(),
		"band.svg":        waitingChart(),
		"histogram.svg":   histogramChart(),
		"interval.svg":    intervalChart(),
		"tornado.svg":     tornadoChart(),
	}
}

// qqChart is a Q-Q plot of case lengths whose upper quantiles the fit
// puts too early.
func qqChart() QQChart {
	q := QQChart{Title: "Victims: case length, records against fitted lognormal (Q-Q)", XLabel: "records, days", YLabel: "fitted lognormal, days"}
	for i, p := range []float64{0.1, 0.25, 0.5, 0.75, 0.9} {
		x := []float64{20, 40, 65, 105, 160}[i]
		q.Points = append(q.Points, QQPoint{X: x, Y: x * (1 - 0.2*p), Label: fmt.Sprintf("%.0f%%", 100*p)})
	}
	return q
}
