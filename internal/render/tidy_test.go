package render

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testTidyRows() []TidyRow {
	tenth, fifth := 0.1, 0.2
	return []TidyRow{
		{Lot: "Victims: Staffordshire", Risk: "high", ClientGroup: "victim", Area: "Staffordshire", Year: "2019/20", Metric: "wait_days_mean", Value: 1.8421, CILo: 1.7003, CIHi: 1.9839},
		{Lot: "Victims: Staffordshire", Risk: "medium", Area: "Staffordshire", Year: "2019/20", Metric: "wait_days_mean", Value: 21.4, CILo: 19.95, CIHi: 22.85},
		{Lot: "Victims: Staffordshire", Risk: "", Area: "", Year: "2019/20", Metric: "share_within_target", Value: tenth + fifth, CILo: math.NaN(), CIHi: math.NaN()},
		{Lot: "Perpetrators, group", Risk: "", Area: "", Year: "", Metric: "turned_away", Value: 0, CILo: math.Copysign(0, -1), CIHi: 3},
		{Lot: "=cmd", Metric: "odd", Value: math.Inf(1), CILo: -1e-7, CIHi: 1e21},
	}
}

func TestTidyCSVGolden(t *testing.T) {
	t.Parallel()
	p := testProvenance()
	var b bytes.Buffer
	if err := WriteTidyCSV(&b, testTidyRows(), &p); err != nil {
		t.Fatal(err)
	}
	golden(t, "tidy.csv", b.Bytes())
}

// TestTidyCSVRoundTrip reads the CSV back and checks every number reads
// back to within ten significant digits and missing ones are empty.
func TestTidyCSVRoundTrip(t *testing.T) {
	t.Parallel()
	rows := testTidyRows()
	var b bytes.Buffer
	if err := WriteTidyCSV(&b, rows, nil); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(TidyHeader, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(recs) != len(rows)+1 {
		t.Fatalf("got %d records, want %d", len(recs), len(rows)+1)
	}
	parse := func(s string) float64 {
		if s == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return v
	}
	same := func(a, b float64) bool {
		return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 5e-10*math.Abs(a)
	}
	for i, r := range rows {
		rec := recs[i+1]
		lot := r.Lot
		if lot == "=cmd" {
			lot = "'=cmd"
		}
		group := r.ClientGroup
		if group == "" {
			group = "all" // every row carries a client group
		}
		if diff := cmp.Diff([]string{lot, r.Risk, group, r.Area, r.Year, r.Metric}, rec[:6]); diff != "" {
			t.Errorf("row %d labels (-want +got):\n%s", i, diff)
		}
		for k, want := range []float64{r.Value, r.CILo, r.CIHi} {
			if got := parse(rec[6+k]); !same(want, got) {
				t.Errorf("row %d column %s = %v (%q), want %v", i, TidyHeader[6+k], got, rec[6+k], want)
			}
		}
	}
}

func TestCSVNumber(t *testing.T) {
	t.Parallel()
	a, b := 0.1, 0.2 // variables, so that the sum is rounded in binary
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1.5, "1.5"}, {-1.5, "-1.5"}, {a + b, "0.3"},
		{35791.97500000001, "35791.975"}, // float noise from a mean over replications
		{2 / 3.0, "0.6666666667"}, {-1e-7, "-0.0000001"}, {1e-12 / 3, "0.0000000000003333333333"},
		{1e21, "1000000000000000000000"}, {math.NaN(), ""}, {math.Inf(1), "Inf"}, {math.Inf(-1), "-Inf"},
	}
	for _, tc := range tests {
		if got := CSVNumber(tc.in); got != tc.want {
			t.Errorf("CSVNumber(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
