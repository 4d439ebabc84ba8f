package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCIs(t *testing.T) {
	t.Parallel()
	const src = "fitted: r.csv (SHA-256 614382a33cb1…), 8,988 rows, 2023-10-01 to 2025-09-30, "
	tests := []struct {
		name, note string
		want       []statedCI
		reason     string
	}{
		{"thousands commas", src + "95% CI 4,395 to 4,580; no trend, so the mean level over the records",
			[]statedCI{{lo: 4395, hi: 4580}}, "the part after \"; \" marks nothing"},
		{"days with a label", src + "95% CI 79 to 81.6 days (mean)", []statedCI{{lo: 79, hi: 81.6, unit: "day", label: "mean"}}, ""},
		{"two parts", src + "95% CI 87.1 to 93.3 days (mean patience); " + src + "95% CI 0% to 0.1% (drop-out)",
			[]statedCI{{lo: 87.1, hi: 93.3, unit: "day", label: "mean patience"}, {lo: 0, hi: 0.1, unit: "%", label: "drop-out"}}, ""},
		{"growth none", src + "no evidence of a trend (p = 0.97, growth 0.1%, 95% CI -3.8% to 4.1%), so none",
			[]statedCI{{lo: -3.8, hi: 4.1, unit: "%"}}, "the closing bracket is not a label"},
		{"one unit", src + "95% CI 5 to 7.5%", []statedCI{{lo: 5, hi: 7.5, unit: "%"}}, "an end without a unit takes the other's"},
		{"in the fit report", src + "95% CIs in the fit report", nil, ""},
		{"units differ", src + "95% CI 5% to 7 days", nil, ""},
		{"reversed", src + "95% CI 9 to 7", nil, ""},
		{"not fitted", "assumption: 95% CI 5 to 7", nil, "an interval outside a fitted: part is not a fit's"},
		{"empty", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseCIs(tt.note)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(statedCI{})); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
