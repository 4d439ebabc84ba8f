package records

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxQuoted is how many characters of a value a message repeats.
const maxQuoted = 60

// quote returns s in double quotes, cut to maxQuoted characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		r := []rune(s)
		return strconv.Quote(string(r[:maxQuoted])) + "..."
	}
	return strconv.Quote(s)
}

// didYouMean returns `; did you mean "x"?` for the valid word nearest to
// word when it is near enough to be a slip (other capitals, spaces or
// hyphens for underscores, one edit in a short word, two in a longer one),
// and "" otherwise.
func didYouMean(word string, valid []string) string {
	const maxLen = 64 // longer words are not typos worth an edit-distance search
	if len(word) > maxLen {
		return ""
	}
	norm := func(s string) string { return separators.Replace(strings.ToLower(s)) }
	w := norm(word)
	best, bestDist := "", -1
	for _, v := range valid {
		if len(v) > maxLen {
			continue
		}
		if d := editDistance(w, norm(v)); bestDist < 0 || d < bestDist {
			best, bestDist = v, d
		}
	}
	limit := 1
	if utf8.RuneCountInString(w) >= 6 {
		limit = 2
	}
	if bestDist < 0 || bestDist > limit || best == word {
		return ""
	}
	return "; did you mean " + quote(best) + "?"
}

// separators are the characters people put where the formats have "_".
var separators = strings.NewReplacer("-", "_", " ", "_")

// editDistance counts the insertions, deletions, substitutions and swaps
// of neighbouring runes that turn a into b (optimal string alignment).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
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
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// listNames joins names for a message: "a, b or c", cut after 20.
func listNames(names []string) string {
	const most = 20
	var b strings.Builder
	for i, n := range names {
		if i == most {
			b.WriteString(" and " + strconv.Itoa(len(names)-most) + " more")
			break
		}
		if i > 0 {
			if i == len(names)-1 {
				b.WriteString(" or ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(n)
	}
	return b.String()
}
