package render

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNiceAxis(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lo, hi float64
		n      int
		want   []string // tick labels
		reason string
	}{
		{"pool", 0, 2230970, 5, []string{"0", "0.5m", "1.0m", "1.5m", "2.0m", "2.5m"}, "2,230,970/5 = 446k rounds up to a 500k step"},
		{"unit", 0, 1, 5, []string{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}, "0.2 step"},
		{"days", 0, 97, 5, []string{"0", "20", "40", "60", "80", "100"}, ""},
		{"negative", -4.9, 9.5, 6, []string{"−5", "0", "5", "10"}, "14.4/6 = 2.4 rounds up to 5; typographic minus"},
		{"mirrored", -9.5, 4.9, 6, []string{"−10", "−5", "0", "5"}, ""},
		{"all zero", 0, 0, 5, []string{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}, "widened to [0, 1]"},
		{"one positive value", 5, 5, 5, []string{"4.4", "4.6", "4.8", "5.0", "5.2", "5.4", "5.6"}, "widened by 10% either side to [4.5, 5.5]; 1/5 = 0.2 step"},
		{"one negative value", -5, -5, 5, []string{"−5.6", "−5.4", "−5.2", "−5.0", "−4.8", "−4.6", "−4.4"}, "mirrored"},
		{"reversed", 10, 0, 5, []string{"0", "2", "4", "6", "8", "10"}, ""},
		{"NaN", math.NaN(), math.NaN(), 5, []string{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}, ""},
		{"thousands", 0, 5200, 5, []string{"0", "2,000", "4,000", "6,000"}, "5200/5 = 1040 rounds up to 2000; below 10,000 no k"},
		{"tens of thousands", 0, 45000, 5, []string{"0", "10k", "20k", "30k", "40k", "50k"}, ""},
		{"small", 0, 0.003, 3, []string{"0", "0.001", "0.002", "0.003"}, ""},
	}
	for _, tc := range tests {
		a := niceAxis(tc.lo, tc.hi, tc.n)
		var got []string
		for _, v := range a.ticks {
			got = append(got, a.label(v))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: niceAxis(%v, %v, %d) labels (-want +got): %s\n%s", tc.name, tc.lo, tc.hi, tc.n, tc.reason, diff)
		}
	}
}

// TestNiceAxisProperties checks over many ranges that the ticks cover
// the range, are evenly spaced, number at most about twice n, and step by
// 1, 2 or 5 times a power of ten.
func TestNiceAxisProperties(t *testing.T) {
	t.Parallel()
	ranges := [][2]float64{}
	for _, lo := range []float64{-1e7, -123.4, -1, 0, 0.001, 3, 999.9, 2e6} {
		for _, span := range []float64{1e-3, 0.7, 1, 13, 250, 7777, 3e6} {
			ranges = append(ranges, [2]float64{lo, lo + span})
		}
	}
	for _, r := range ranges {
		a := niceAxis(r[0], r[1], 5)
		if a.lo > r[0] || a.hi < r[1] {
			t.Errorf("%v: axis [%v, %v] does not cover it", r, a.lo, a.hi)
		}
		if n := len(a.ticks); n < 2 || n > 12 {
			t.Errorf("%v: %d ticks", r, n)
		}
		mant := a.step / math.Pow(10, math.Floor(math.Log10(a.step)))
		if m := math.Round(mant*1e9) / 1e9; m != 1 && m != 2 && m != 5 {
			t.Errorf("%v: step %v is not 1, 2 or 5 times a power of ten", r, a.step)
		}
		for i := 1; i < len(a.ticks); i++ {
			if d := a.ticks[i] - a.ticks[i-1]; math.Abs(d-a.step) > 1e-9*math.Max(1, math.Abs(a.hi)) {
				t.Errorf("%v: uneven ticks %v", r, a.ticks)
				break
			}
		}
		for _, v := range a.ticks {
			if l := a.label(v); strings.Contains(l, "e") || strings.Contains(l, "NaN") {
				t.Errorf("%v: label %q", r, l)
			}
		}
	}
}

func TestNiceAxisExtreme(t *testing.T) {
	t.Parallel()
	for _, r := range [][2]float64{{-1e308, 1e308}, {0, 1e300}, {1e-12, 2e-12}, {-math.MaxFloat64, 0}} {
		a := niceAxis(r[0], r[1], 5)
		if len(a.ticks) < 2 || len(a.ticks) > 1001 {
			t.Errorf("%v: %d ticks", r, len(a.ticks))
		}
		for _, v := range a.ticks {
			if !finite(v) {
				t.Errorf("%v: tick %v", r, v)
			}
			if l := a.label(v); len([]rune(l)) > 10 {
				t.Errorf("%v: label %q is too long for an axis", r, l)
			}
		}
	}
}

func TestWrapAndFit(t *testing.T) {
	t.Parallel()
	if got := wrapRunes("the quick brown fox jumps over the lazy dog", 15); strings.Join(got, "|") != "the quick brown|fox jumps over|the lazy dog" {
		t.Errorf("wrapRunes = %q", got)
	}
	if got := wrapRunes("unbreakablewordlongerthanlimit x", 10); strings.Join(got, "|") != "unbreakablewordlongerthanlimit|x" {
		t.Errorf("wrapRunes long word = %q", got)
	}
	// At 12px a character is taken as 6.6px wide: 10 fit in 70px, one of
	// them the ellipsis.
	if s, cut := fit("Perpetrators", 70, 12); !cut || s != "Perpetrat…" {
		t.Errorf("fit = %q, %v", s, cut)
	}
	if s, cut := fit("IDVA", 66, 12); cut || s != "IDVA" {
		t.Errorf("fit short = %q, %v", s, cut)
	}
}
