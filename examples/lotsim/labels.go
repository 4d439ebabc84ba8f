package main

import (
	"regexp"
	"strings"

	"github.com/lotsim/lotsim/internal/numfmt"
)

// metricLabels name the simulate metrics, and cost_per_completion, for a
// person: the words of text, markdown and HTML. JSON and CSV keep the
// snake_case names (simulate.Metric.String), which programs read.
var metricLabels = map[string]string{
	"referrals":                    "referrals",
	"repeats":                      "repeat referrals",
	"starts":                       "starts",
	"completions":                  "completions",
	"disengaged":                   "gave up waiting",
	"dropped_out":                  "dropped out",
	"turned_away":                  "turned away",
	"declined":                     "declined an offer",
	"self_served":                  "self-served",
	"wait_mean":                    "mean wait (days)",
	"wait_median":                  "median wait (days)",
	"wait_p90":                     "90th percentile wait (days)",
	"wait_p95":                     "95th percentile wait (days)",
	"within_target":                "of starters, share within target",
	"share_within_target":          "of starters, share within target",
	"share_referred_within_target": "share of referred seen within target",
	"excess_cases":                 "cases above capacity",
	"contacts":                     "contacts while waiting (not starts)",
	"mean_waiting":                 "waiting (average)",
	"year_end_waiting":             "waiting at end",
	"utilisation":                  "utilisation",
	"cost_per_completion":          "cost per completed case",
	"stretched_starts":             "stretched starts",
	"share_stretched_starts":       "share of starts stretched",
	"share_time_stretched":         "share of time stretched",
	"extra_caseload":               "extra caseload (mean)",
}

// metricLabel names a metric in words. A name without a label of its own
// (a metric added to the engine since) has its underscores made spaces.
func metricLabel(name string) string {
	if l, ok := metricLabels[name]; ok {
		return l
	}
	return strings.ReplaceAll(name, "_", " ")
}

// pathSelector matches a list item picked by name in a path, "[Victims]".
var pathSelector = regexp.MustCompile(`\[([^\]*0-9][^\]]*)\]`)

// pathLabels gives each varied path a short header for a table column:
// its last field in words, with the items it picks by name
// ("lots[Victims].service.caseworkers.cost_per_fte" is "cost per fte
// (Victims)"). Where two paths would get the same label, both keep the
// path itself.
func pathLabels(paths []string) []string {
	out := make([]string, len(paths))
	seen := map[string]int{}
	for i, p := range paths {
		last := p
		if k := strings.LastIndex(p, "."); k >= 0 {
			last = p[k+1:]
		}
		label := strings.ReplaceAll(pathSelector.ReplaceAllString(last, ""), "_", " ")
		label = strings.ReplaceAll(" "+label+" ", " fte ", " FTE ")
		label = strings.TrimSpace(label)
		var names []string
		for _, m := range pathSelector.FindAllStringSubmatch(p, -1) {
			names = append(names, m[1])
		}
		if len(names) > 0 {
			label += " (" + strings.Join(names, ", ") + ")"
		}
		out[i] = label
		seen[label]++
	}
	for i := range out {
		if seen[out[i]] > 1 {
			out[i] = paths[i]
		}
	}
	return out
}

// plainNumber matches a value as --vary and --tornado write it: a sign or
// multiplier, a pound sign, digits, decimals and a percent sign.
var plainNumber = regexp.MustCompile(`^([-+x×*]?£?)([0-9]+)(\.[0-9]+)?(%?)$`)

// valueText writes a value given on the command line for a person, with
// thousands separators ("£38000" is "£38,000"); anything else stays as
// it is.
func valueText(v string) string {
	m := plainNumber.FindStringSubmatch(v)
	if m == nil || len(m[2]) < 4 {
		return v
	}
	return m[1] + numfmt.Group(m[2]) + m[3] + m[4]
}
