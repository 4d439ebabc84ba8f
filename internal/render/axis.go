package render

import (
	"math"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/internal/numfmt"
)

// axis is a numeric axis with "nice" ticks: multiples of 1, 2 or 5 times
// a power of ten, covering the data's range.
type axis struct {
	lo, hi float64   // the axis range: the first and last tick
	step   float64   // distance between ticks
	ticks  []float64 // lo, lo+step, ..., hi
	unit   string    // written after every tick label, such as "%"; usually none
}

// niceStep returns the 1-2-5 step nearest above rough.
func niceStep(rough float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	switch norm := rough / mag; {
	case norm <= 1:
		return mag
	case norm <= 2:
		return 2 * mag
	case norm <= 5:
		return 5 * mag
	}
	return 10 * mag
}

// niceAxis returns an axis covering [lo, hi] with about n (at least 2)
// intervals between ticks. Non-finite bounds are ignored; an empty or
// degenerate range is widened (to [0, 1] at zero, or by 10% of the
// value's size either side otherwise), so that every axis has at least two ticks.
func niceAxis(lo, hi float64, n int) axis {
	if !finite(lo) || !finite(hi) {
		switch {
		case finite(lo):
			hi = lo
		case finite(hi):
			lo = hi
		default:
			lo, hi = 0, 1
		}
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		if d := math.Abs(lo) * 0.1; d == 0 {
			hi = 1 // all zeros: a count or amount of nothing
		} else {
			lo, hi = lo-d, hi+d
		}
	}
	n = max(2, n)
	span := hi - lo
	if !finite(span) { // e.g. -1e308 to 1e308
		span = math.MaxFloat64
	}
	step := niceStep(span / float64(n))
	first, last := math.Floor(lo/step), math.Ceil(hi/step)
	// Division and multiplication round: make sure the ticks cover.
	if first*step > lo {
		first--
	}
	if last*step < hi {
		last++
	}
	if !finite(step) || !finite(first*step) || !finite(last*step) || last-first > 1000 {
		return axis{lo: lo, hi: hi, step: hi - lo, ticks: []float64{lo, hi}}
	}
	a := axis{step: step}
	for i := first; i <= last; i++ {
		v := i * step
		if v == 0 {
			v = 0 // not -0
		}
		a.ticks = append(a.ticks, v)
	}
	a.lo, a.hi = a.ticks[0], a.ticks[len(a.ticks)-1]
	return a
}

// label formats tick value v for the axis: compact with a "k" or "m"
// suffix when the axis reaches tens of thousands or millions, with
// thousands separators otherwise, and with as many decimals as the step
// needs; in scientific notation beyond 1e15 or below steps of 1e-9. A
// minus sign is the typographic U+2212. The axis's unit, if any, follows.
func (a axis) label(v float64) string { return a.number(v) + a.unit }

// number is a tick's label without the axis's unit (see label).
func (a axis) number(v float64) string {
	top := math.Max(math.Abs(a.lo), math.Abs(a.hi))
	if v == 0 {
		return "0" // not "0.0" or "0m"
	}
	if top >= 1e15 || a.step < 1e-9 {
		// Beyond any budget or count: scientific notation keeps the
		// label short.
		return strings.Replace(strconv.FormatFloat(v, 'g', 3, 64), "-", "\u2212", 1)
	}
	div, suffix := 1.0, ""
	switch {
	case top >= 1e6 && a.step >= 1e5:
		div, suffix = 1e6, "m"
	case top >= 1e4 && a.step >= 1e3:
		div, suffix = 1e3, "k"
	}
	step := a.step / div
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
		// a step of 0.5 or 0.2 needs one decimal, 0.25 would need two
		// but 1-2-5 steps never make it
	}
	s := numfmt.Group(numfmt.Fixed(v/div, min(decimals, 15))) + suffix
	return strings.Replace(s, "-", "\u2212", 1)
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// linear maps the domain [d0, d1] onto the range [r0, r1].
type linear struct{ d0, d1, r0, r1 float64 }

func (s linear) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

// valueText formats a data value for a tooltip or label: decimals places
// with thousands separators.
func valueText(v float64, decimals int) string {
	if !finite(v) {
		return Number(v, decimals).Text
	}
	return numfmt.Group(numfmt.Fixed(v, decimals))
}

// shortNumber formats v with thousands separators and as few decimals as
// it needs: 0, 2.5, 1,000.
func shortNumber(v float64) string {
	if !finite(v) {
		return Number(v, 0).Text
	}
	if v == 0 {
		return "0"
	}
	return numfmt.Group(strconv.FormatFloat(v, 'f', -1, 64))
}

// count formats n for a note.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
