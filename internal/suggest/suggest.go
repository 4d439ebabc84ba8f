// Package suggest finds the valid name nearest to a misspelt one, for
// the "did you mean" of an error message about a scenario or a records
// file.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// MaxLength is the longest word Nearest compares (a longer one gets no
// suggestion), keeping the edit distance cheap on hostile input.
const MaxLength = 64

// Nearest returns the valid word nearest to word, or "" if none is near.
func Nearest(word string, valid []string) string {
	if len(word) > MaxLength {
		return ""
	}
	norm := func(s string) string { return separators.Replace(strings.ToLower(s)) }
	w := norm(word)
	best, bestDist := "", -1
	for _, v := range valid {
		if len(v) > MaxLength {
			continue
		}
		dist := EditDistance(w, norm(v))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = v, dist
		}
	}
	// One edit in a short word, two in a longer one: further than that the
	// suggestion is more likely to mislead than help.
	limit := 1
	if utf8.RuneCountInString(w) >= 6 {
		limit = 2
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// separators are the characters people put where the format has "_".
var separators = strings.NewReplacer("-", "_", " ", "_")

// EditDistance is the number of single-rune insertions, deletions,
// substitutions and swaps of neighbours that turn a into b (the optimal
// string alignment distance): "hihg" is one edit from "high".
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// rows i-2, i-1 and i of the table of distances between prefixes.
	before, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(rb)]
}
