package main

import (
	"fmt"
	"strings"

	"github.com/lotsim/lotsim/report"
)

// findingItems returns the sentences of figures that do not reconcile, for
// a person to read. Findings in a row that share one suggestion (the
// stated total and three shares that all fit if one funder gave a
// different sum) are listed without it, and the suggestion follows them
// once, instead of closing every one of them. JSON and CSV keep each
// finding's whole message.
func findingItems(fs []report.FundingFinding) []string {
	var out []string
	for i := 0; i < len(fs); {
		j := i + 1
		for j < len(fs) && fs[i].Suggestion != "" && fs[j].Suggestion == fs[i].Suggestion {
			j++
		}
		if j-i < 2 {
			out = append(out, fs[i].Message)
			i = j
			continue
		}
		for _, f := range fs[i:j] {
			out = append(out, withoutSuggestion(f))
		}
		out = append(out, fmt.Sprintf("The %s findings above have one explanation: %s.", countWord(j-i), strings.TrimSuffix(fs[i].Suggestion, ".")))
		i = j
	}
	return out
}

// withoutSuggestion is a finding's message with its closing suggestion
// ("; the stated total and shares ... fit if ...") taken off.
func withoutSuggestion(f report.FundingFinding) string {
	if m, ok := strings.CutSuffix(f.Message, "; "+f.Suggestion+"."); ok {
		return m + "."
	}
	return f.Message
}

// countWord spells small counts out, as a sentence reads them.
func countWord(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}
