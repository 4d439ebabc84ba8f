package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/simulate"
)

// Smallest differences worth a sentence, when their interval excludes
// zero: half a day of waiting, one percentage point of a share, one person
// (a year, for counts; on the waiting list, for waiting lists).
const (
	minWaitDifference  = 0.5
	minShareDifference = 0.01
	minCountDifference = 1
)

// metricWords names a metric in a sentence.
var metricWords = map[simulate.Metric]string{
	simulate.Referrals: "referrals a year", simulate.Starts: "starts a year", simulate.Completions: "completed cases a year",
	simulate.Disengaged: "number giving up waiting a year", simulate.DroppedOut: "number dropping out a year", simulate.TurnedAway: "number turned away a year",
	simulate.WaitMean: "mean wait", simulate.WaitP90: "90th percentile wait",
	simulate.ReferredWithinTarget: "share of referred people seen within target",
	simulate.WithinTarget:         "share of starters within target",
	simulate.MeanWaiting:          "average waiting list", simulate.YearEndWaiting: "waiting list at the end", simulate.Utilisation: "utilisation",
	simulate.ExcessCases:   "cases held above capacity",
	simulate.TimeStretched: "share of time stretched above the normal caseload", simulate.ExtraCaseload: "extra caseload carried",
	simulate.StretchedStarts: "stretched starts a year",
}

// findingOrder ranks metrics for the order of compare's findings: what
// people referred experience first.
var findingOrder = []simulate.Metric{simulate.ReferredWithinTarget, simulate.WaitP90, simulate.WaitMean, simulate.Disengaged,
	simulate.TurnedAway, simulate.DroppedOut, simulate.YearEndWaiting, simulate.MeanWaiting, simulate.WithinTarget,
	simulate.Starts, simulate.Completions, simulate.Referrals, simulate.Utilisation}

// cellMetric names one figure of a lot (or of a client group over all
// lots), whatever its risk level.
type cellMetric struct{ lot, group, metric string }

// practical reports whether a difference is large enough to state: at
// least minWaitDifference days, minShareDifference of a share or
// minCountDifference people.
func practical(d Difference) bool {
	size := math.Abs(float64(d.Diff.Mean))
	switch d.Unit {
	case "days":
		return size >= minWaitDifference
	case "share":
		return size >= minShareDifference
	}
	return size >= minCountDifference
}

// CompareFindings says in words every difference that meets the stated
// rule: its interval excludes zero and it is of practical size. They come
// in findingOrder, lot by lot in the report's order within a metric.
func CompareFindings(c Comparison) []string {
	out := []string{}
	if !c.SamePeriod {
		out = append(out, fmt.Sprintf("The reported periods differ: the baseline runs %s (%s to %s), the alternative %s (%s to %s). Counts are compared as rates a year; waits, shares and waiting lists compare as they are.",
			plural(c.BaselinePeriod.Years, "contract year"), c.BaselinePeriod.Start, c.BaselinePeriod.End,
			plural(c.AlternativePeriod.Years, "contract year"), c.AlternativePeriod.Start, c.AlternativePeriod.End))
	}
	if !c.SameLots {
		byGroup := ""
		if slices.ContainsFunc(c.Differences, func(d Difference) bool { return d.ClientGroup != "" && d.ClientGroup != AllGroups }) {
			byGroup = ", and each client group's totals compare its people wherever they are served"
		}
		out = append(out, fmt.Sprintf("The lot structures differ: %s; %s. Lots are compared by name where both have them; the totals over all lots compare the whole service%s.",
			lotList("only the baseline has", c.OnlyInBaseline), lotList("only the alternative has", c.OnlyInAlternative), byGroup))
	}
	// A risk level's difference that is the lot's whole difference (the
	// lot sees one risk level) says nothing more.
	whole := map[cellMetric]float64{}
	for _, d := range c.Differences {
		if d.Risk == "" {
			whole[cellMetric{d.Lot, d.ClientGroup, d.Metric}] = float64(d.Diff.Mean)
		}
	}
	var clear []Difference
	for _, d := range c.Differences {
		if w, ok := whole[cellMetric{d.Lot, d.ClientGroup, d.Metric}]; d.Risk != "" && ok && w == float64(d.Diff.Mean) {
			continue
		}
		if d.Diff.N >= 2 && d.Diff.Excludes(0) && practical(d) {
			clear = append(clear, d)
		}
	}
	rank := func(name string) int {
		m, err := simulate.ParseMetric(name)
		if i := slices.Index(findingOrder, m); err == nil && i >= 0 {
			return i
		}
		return len(findingOrder)
	}
	slices.SortStableFunc(clear, func(a, b Difference) int { return rank(a.Metric) - rank(b.Metric) })
	for _, d := range clear {
		up := d.Diff.Mean > 0
		verb := "cuts"
		if up {
			verb = "raises"
		}
		lo, hi := math.Abs(float64(d.Diff.Lo)), math.Abs(float64(d.Diff.Hi))
		if lo > hi {
			lo, hi = hi, lo
		}
		what := d.Metric
		if m, err := simulate.ParseMetric(d.Metric); err == nil && metricWords[m] != "" {
			what = metricWords[m]
		}
		if d.Risk != "" {
			what = d.Risk + "-risk " + what
		}
		where := "over all lots"
		if d.Lot != "" {
			where = "at " + d.Lot
		}
		if g := d.ClientGroup; g != "" && g != AllGroups {
			where = "for " + GroupWords(g) + " over all lots"
		}
		var amount string
		switch d.Unit {
		case "share":
			amount = fmt.Sprintf("by %s to %s percentage points (from %s to %s)", render.Number(100*lo, 1).Text, render.Number(100*hi, 1).Text,
				render.Percent(float64(d.A.Mean), 1).Text, render.Percent(float64(d.B.Mean), 1).Text)
		case "days":
			amount = fmt.Sprintf("by %s to %s days (from %s to %s days)", render.Number(lo, 1).Text, render.Number(hi, 1).Text,
				render.Number(float64(d.A.Mean), 1).Text, render.Number(float64(d.B.Mean), 1).Text)
		default:
			amount = fmt.Sprintf("by %s to %s (from %s to %s)", render.Number(lo, 0).Text, render.Number(hi, 0).Text,
				render.Number(float64(d.A.Mean), 0).Text, render.Number(float64(d.B.Mean), 0).Text)
		}
		out = append(out, fmt.Sprintf("The alternative %s the %s %s %s.", verb, what, where, amount))
	}
	return out
}

// lotList names the lots only one scenario has, after lead.
func lotList(lead string, lots []string) string {
	if len(lots) == 0 {
		return strings.Replace(lead, "has", "has no lot of its own", 1)
	}
	return lead + " " + strings.Join(lots, ", ")
}

// GroupWords names the people of a client group in a sentence or a table
// ("victim" is "victims", "child_family" "children and families",
// "perpetrator" "perpetrators"); any other name is returned as it is.
func GroupWords(g string) string {
	switch g {
	case "victim":
		return "victims"
	case "child_family":
		return "children and families"
	case "perpetrator":
		return "perpetrators"
	}
	return g
}
