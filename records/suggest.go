package records

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lotsim/lotsim/internal/suggest"
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
// hyphens for underscores, one edit in a short word, two in a longer one;
// see suggest.Nearest), and "" otherwise.
func didYouMean(word string, valid []string) string {
	best := suggest.Nearest(word, valid)
	if best == "" || best == word {
		return ""
	}
	return "; did you mean " + quote(best) + "?"
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
