package render

import (
	"strings"
	"testing"
)

// TestIntervalLevels: a chart of levels (chances, shares) writes no sign,
// fills every dot and says nothing of the reference.
func TestIntervalLevels(t *testing.T) {
	t.Parallel()
	ic := IntervalChart{Title: "Chance", Levels: true, Items: []IntervalItem{{Label: "a", Estimate: 52, Lo: 37, Hi: 67}, {Label: "b", Estimate: 0, Lo: 0, Hi: 9}}}
	svg := string(ic.SVG("x"))
	for _, bad := range []string{"+52", "interval excludes", "interval includes"} {
		if strings.Contains(svg, bad) {
			t.Errorf("SVG of levels contains %q", bad)
		}
	}
	if !strings.Contains(svg, "52 (37 to 67)") {
		t.Error("SVG lacks the label 52 (37 to 67)")
	}
	if d := ic.Data(); len(d.Columns) != 4 {
		t.Errorf("data table of levels has %d columns, want 4 (no excludes column)", len(d.Columns))
	}
}
