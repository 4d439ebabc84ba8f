package scenario

import (
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
)

// FittedScale is the scale on which a fitted figure's sampling
// distribution is taken to be normal.
type FittedScale uint8

// The scales.
const (
	// LogScale: a positive quantity (referrals a year, days), drawn as
	// its value times exp(SE × Z), so that its median is its value.
	LogScale FittedScale = iota
	// LogitScale: a share strictly between 0 and 1 (a drop-out share),
	// drawn as logistic(logit(value) + SE × Z).
	LogitScale
	// PlainScale: a share or positive quantity whose interval reaches 0
	// (or 100%), so that the log or logit is not finite: drawn as the
	// interval's midpoint + SE × Z, kept within what the figure may be (a
	// share 0 to 100%, a quantity 0 up).
	PlainScale
	// GrowthScale: growth a year, drawn as exp(c + SE × Z) - 1 where c is
	// the midpoint of the interval on the log(1 + growth) scale, kept
	// within -50% to 100%. lotsim fit's growth is exp(β) - 1 for a
	// Poisson regression's slope β, so its interval is symmetric on that
	// scale, and c is its estimate: for "growth 9.9%, 95% CI -16.2% to
	// 44%", log(0.838) and log(1.44) have midpoint log(1.099). The draws
	// are centred on that estimate, not on the 0% the file writes when
	// the fit found no evidence of a trend.
	GrowthScale
)

var scaleNames = [...]string{"log", "logit", "plain", "log(1+x)"}

// String returns "log", "logit", "plain" or "log(1+x)".
func (sc FittedScale) String() string {
	if int(sc) < len(scaleNames) {
		return scaleNames[sc]
	}
	return "FittedScale(" + strconv.Itoa(int(sc)) + ")"
}

// z975 is the 97.5th percentile of the standard normal distribution, the
// half-width in standard errors of a 95% interval.
const z975 = 1.959964

// FittedFigure is a fitted figure (see Figures) whose comment states its
// 95% interval, with the sampling distribution Draw draws it from.
//
// A figure's comment from lotsim fit ends "95% CI LO to HI", the ends
// written as the figure is: plain numbers with thousands commas
// ("4,395 to 4,580" referrals a year), days ("79 to 81.6 days") or
// percentages ("29.4% to 49.3%"). For a distribution of durations (a
// case length, a patience) the interval is of its mean, and a draw
// scales every duration the distribution is written with (mean and sd,
// or scale) by the same factor, keeping its shape (the coefficient of
// variation). Growth written as 0% because the fit found no evidence of
// a trend ("no evidence of a trend (p = 0.97, growth 0.1%, 95% CI -3.8%
// to 4.1%), so none") is drawn around 0% with that interval's spread.
type FittedFigure struct {
	// Figures are the figure the interval is of or, for a distribution,
	// its duration parameters (such as mean and sd), in file order.
	Figures []Figure
	// Label is the parenthesised label after the interval, without its
	// brackets ("mean", "mean patience", "drop-out"), or "".
	Label string
	// Low and High are the interval's ends, in the figure's unit with
	// percentages as fractions (0.294 for 29.4%).
	Low, High float64
	// Centre is the median of the draws: the figure's value as the file
	// holds it (a distribution's written mean), so that drawing leaves the
	// centre of a projection where the fitted scenario puts it; a growth
	// written as 0% for want of evidence of a trend is drawn around 0%
	// with the spread of the estimate's interval. A share on the plain
	// scale (its interval reaches 0) is drawn around the interval's
	// middle.
	Centre float64
	// Scale is the scale on which the draws are normal, and SE their
	// standard error on it: (t(High) - t(Low)) / (2 × 1.959964) for the
	// scale's transform t.
	Scale FittedScale
	SE    float64
	// distribution: Figures are durations that a draw scales.
	distribution bool
	percent      bool // the figure is written as a percentage
	lo, hi       float64
}

// NotDrawn is a fitted figure that FittedFigures cannot draw, and why.
type NotDrawn struct {
	Figure Figure
	Reason string
}

// ciMark matches "95% CI LO to HI", each end a number with an optional
// sign and thousands commas, an optional % or unit word, and a
// parenthesised label after it: "95% CI 79 to 81.6 days (mean)".
var ciMark = regexp.MustCompile(`95% CI (-?[0-9][0-9,]*(?:\.[0-9]+)?)(%|\s+days?)?\s+to\s+(-?[0-9][0-9,]*(?:\.[0-9]+)?)(%|\s+days?)?(?:\s+\(([^)]*)\))?`)

// statedCI is one "95% CI LO to HI" of a comment.
type statedCI struct {
	lo, hi float64 // as written: percentages in percent
	unit   string  // "", "%" or "day"
	label  string
}

// parseCIs reads each "fitted:" part of a comment (the parts joined by
// "; ") that states a 95% interval. An end without a unit takes the
// other's; ends in different units, or an interval whose low end is above
// its high end, are left out.
func parseCIs(note string) []statedCI {
	var out []statedCI
	for _, part := range strings.Split(note, "; ") {
		if !strings.Contains(strings.ToLower(part), "fitted:") {
			continue
		}
		m := ciMark.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		lo, err1 := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		hi, err2 := strconv.ParseFloat(strings.ReplaceAll(m[3], ",", ""), 64)
		u1, u2 := ciUnit(m[2]), ciUnit(m[4])
		if u1 == "" {
			u1 = u2
		}
		if u2 == "" {
			u2 = u1
		}
		if err1 != nil || err2 != nil || u1 != u2 || !(lo <= hi) {
			continue
		}
		out = append(out, statedCI{lo: lo, hi: hi, unit: u1, label: strings.TrimSpace(m[5])})
	}
	return out
}

func ciUnit(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "day") {
		return "day"
	}
	return s
}

// FittedFigures returns the fitted figures of a scenario read by Load or
// Parse whose comments state a 95% interval, each with the sampling
// distribution Draw draws it from, and the fitted figures it cannot draw
// with the reason (risk mix and seasonality, whose intervals are in the
// fit report, not the file; an interval that names no single figure). It
// returns nil, nil for a scenario built in Go.
//
// A comment may mark two figures (lotsim fit writes a lot's patience and
// drop-out on one line, two "fitted:" parts joined by "; "). Each
// interval is paired with its figures by its label: "(mean)" with the
// durations of the one distribution outside a patience, "(mean patience)"
// with the durations of the one patience distribution, "(drop-out)" with
// the drop_out share. An interval without a label is the interval of the
// one figure (or one distribution) its comment marks; where the comment
// marks several, it names none of them and none is drawn.
//
// The sampling distribution of each is normal on the log scale for a
// positive quantity (rates and days), on the logit scale for a share, on
// the log(1 + growth) scale for growth (see FittedScale). The figures are taken to
// be independent: the fit's estimates are correlated (a stream's rate and
// growth, say), but the file does not hold the correlations, so this is
// an approximation.
func FittedFigures(s *Scenario) ([]FittedFigure, []NotDrawn) {
	figs := figures(s, 0)
	var order []string
	byNote := map[string][]Figure{}
	for _, f := range figs {
		if f.Status != Fitted {
			continue
		}
		if _, ok := byNote[f.Note]; !ok {
			order = append(order, f.Note)
		}
		byNote[f.Note] = append(byNote[f.Note], f)
	}
	var out []FittedFigure
	var skipped []NotDrawn
	for _, note := range order {
		group := byNote[note]
		used := make([]bool, len(group))
		unpaired := "its comment states no 95% interval that is its own"
		if strings.Contains(note, "95% CIs in the fit report") {
			unpaired = "its interval is in the fit report, not the file"
		}
		for _, ci := range parseCIs(note) {
			idx, why := pairCI(group, ci)
			if why != "" {
				unpaired = "its comment's 95% interval names " + why
				continue
			}
			ff, why := newFittedFigure(group, idx, ci)
			if why != "" {
				for _, i := range idx {
					used[i] = true
					skipped = append(skipped, NotDrawn{Figure: group[i], Reason: why})
				}
				continue
			}
			for _, i := range idx {
				used[i] = true
			}
			out = append(out, ff)
		}
		for i, f := range group {
			if used[i] {
				continue
			}
			skipped = append(skipped, NotDrawn{Figure: f, Reason: unpaired})
		}
	}
	return out, skipped
}

// pathKeys splits a figure's path at its dots (outside brackets).
func pathKeys(p string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range p {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				out = append(out, p[start:i])
				start = i + 1
			}
		}
	}
	return append(out, p[start:])
}

// isDuration says whether a figure is written in days.
func isDuration(f Figure) bool {
	q, err := parseQuantity(f.Value)
	return err == nil && !strings.HasPrefix(f.Value, "[") && q.unit() == "day"
}

// distributionOf returns the path of the distribution a duration figure
// is a parameter of (the path without its family and parameter keys), or
// "" if it is not one.
func distributionOf(f Figure) string {
	k := pathKeys(f.Path)
	if !isDuration(f) || len(k) < 3 {
		return ""
	}
	return strings.Join(k[:len(k)-2], ".")
}

// pairCI returns the indices in group of the figures ci is the interval
// of, or why it names none.
func pairCI(group []Figure, ci statedCI) ([]int, string) {
	underPatience := func(f Figure) bool { return strings.Contains(f.Path, ".patience.") }
	var pick func(f Figure) bool
	switch ci.label {
	case "mean":
		pick = func(f Figure) bool { return distributionOf(f) != "" && !underPatience(f) }
	case "mean patience":
		pick = func(f Figure) bool { return distributionOf(f) != "" && underPatience(f) }
	case "drop-out":
		pick = func(f Figure) bool { k := pathKeys(f.Path); return k[len(k)-1] == "drop_out" }
	case "":
		pick = func(Figure) bool { return true }
	default:
		return nil, "a figure by a label (" + ci.label + ") that is not (mean), (mean patience) or (drop-out)"
	}
	var idx []int
	dists := map[string]bool{}
	for i, f := range group {
		if pick(f) {
			idx = append(idx, i)
			dists[distributionOf(f)] = true
		}
	}
	switch {
	case len(idx) == 0:
		return nil, "no figure it marks"
	case len(idx) > 1 && (len(dists) > 1 || dists[""]):
		return nil, "none of the several figures it marks"
	}
	return idx, ""
}

// newFittedFigure makes the figure with the sampling distribution of the
// interval ci of group's figures at idx, or says why it cannot be drawn.
func newFittedFigure(group []Figure, idx []int, ci statedCI) (FittedFigure, string) {
	ff := FittedFigure{Label: ci.label}
	for _, i := range idx {
		ff.Figures = append(ff.Figures, group[i])
	}
	first := ff.Figures[0]
	ff.distribution = distributionOf(first) != ""
	q, err := parseQuantity(first.Value)
	if err != nil || strings.HasPrefix(first.Value, "[") {
		return ff, "it is not a single number"
	}
	unit := q.unit()
	keys := pathKeys(first.Path)
	growth := keys[len(keys)-1] == "growth"
	if unit != ci.unit {
		return ff, "its interval is in " + unitText(ci.unit) + ", the figure in " + unitText(unit)
	}
	v := q.num.InexactFloat64()
	ff.lo, ff.hi = ci.lo, ci.hi
	if unit == "%" {
		ff.percent = true
		v, ff.lo, ff.hi = v/100, ci.lo/100, ci.hi/100
	}
	ff.Low, ff.High = ff.lo, ff.hi
	if ff.distribution {
		for _, f := range ff.Figures {
			if k := pathKeys(f.Path); k[len(k)-1] == "mean" {
				q, _ := parseQuantity(f.Value)
				v = q.num.InexactFloat64()
			}
		}
	}
	switch {
	case growth && ff.lo > -1:
		ff.Scale = GrowthScale
	case growth:
		ff.Scale = PlainScale
	case unit == "%" && v > 0 && v < 1 && ff.lo > 0 && ff.hi < 1:
		ff.Scale = LogitScale
	case unit != "%" && v > 0 && ff.lo > 0:
		ff.Scale = LogScale
	default:
		ff.Scale = PlainScale
	}
	switch ff.Scale {
	case LogScale:
		ff.SE = (math.Log(ff.hi) - math.Log(ff.lo)) / (2 * z975)
		ff.Centre = v
	case LogitScale:
		ff.SE = (logit(ff.hi) - logit(ff.lo)) / (2 * z975)
		ff.Centre = v
	case GrowthScale:
		ff.SE = (math.Log1p(ff.hi) - math.Log1p(ff.lo)) / (2 * z975)
		ff.Centre = v
	case PlainScale:
		if ff.distribution {
			return ff, "its interval reaches 0"
		}
		ff.SE = (ff.hi - ff.lo) / (2 * z975)
		// A share whose interval reaches 0 (none in the records left)
		// is drawn around the interval's middle: centred on 0, half the
		// draws would be cut to 0.
		ff.Centre = (ff.lo + ff.hi) / 2
		if growth {
			ff.Centre = v
		}
	}
	return ff, ""
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// Draw draws the figure once from its sampling distribution, using one
// standard normal draw from r, and returns the overrides that put the
// draw into the scenario file (see ApplyOverrides): a Set of the drawn
// value, or for a distribution a Scale of each of its durations by the
// drawn factor.
func (f FittedFigure) Draw(r *rand.Rand) []Override {
	z := r.NormFloat64()
	var x float64
	switch f.Scale {
	case LogScale:
		if f.distribution {
			factor := strconv.FormatFloat(math.Exp(f.SE*z), 'f', 9, 64)
			out := make([]Override, len(f.Figures))
			for i, fig := range f.Figures {
				out[i] = Override{Path: fig.Path, Op: Scale, Value: factor}
			}
			return out
		}
		x = f.Centre * math.Exp(f.SE*z)
	case LogitScale:
		x = 1 / (1 + math.Exp(-(logit(f.Centre) + f.SE*z)))
	case GrowthScale:
		x = math.Expm1(math.Log1p(f.Centre) + f.SE*z)
		x = min(max(x, minRatePct/100.0), maxRatePct/100.0)
	default:
		x = f.Centre + f.SE*z
		k := pathKeys(f.Figures[0].Path)
		switch {
		case k[len(k)-1] == "growth":
			x = min(max(x, minRatePct/100.0), maxRatePct/100.0)
		case f.percent:
			x = min(max(x, 0), 1)
		default:
			x = max(x, 0)
		}
	}
	val := strconv.FormatFloat(x, 'f', 6, 64)
	if f.percent {
		val = strconv.FormatFloat(x*100, 'f', 6, 64) + "%"
	} else if q, err := parseQuantity(f.Figures[0].Value); err == nil && q.suffix != "" {
		val += q.suffix
	}
	return []Override{{Path: f.Figures[0].Path, Op: Set, Value: val}}
}
