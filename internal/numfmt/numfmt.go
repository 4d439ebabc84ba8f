package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Group inserts thousands separators into a plain decimal number, in the
// whole part only: "-1234567.891" is "-1,234,567.891", and a run of digits
// such as "38000" is "38,000". A leading minus sign is kept as it is.
func Group(plain string) string {
	sign := ""
	if strings.HasPrefix(plain, "-") {
		sign, plain = "-", plain[1:]
	}
	whole, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Fixed formats v with decimals places (clamped to 0..15) and no
// separators, never as "-0": -0.001 to 2 places is "0.00".
func Fixed(v float64, decimals int) string {
	decimals = max(0, min(15, decimals))
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.TrimLeft(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// Count writes v rounded to a whole number with thousands separators:
// 5995893.4 is "5,995,893", and -0.2 is "0".
func Count(v float64) string { return Group(Fixed(math.Round(v), 0)) }

// Percent writes a fraction as a percentage with decimals places and no
// separators: 0.3108 to 1 place is "31.1%".
func Percent(fraction float64, decimals int) string {
	return strconv.FormatFloat(100*fraction, 'f', decimals, 64) + "%"
}

// PercentShortest writes a fraction as a percentage with as many places
// as it needs, up to 4: 0.1 is "10%", 0.025 is "2.5%". The rounding to 4
// places of a percent makes 0.07 "7%", not the "7.000000000000001%" that
// 100*0.07 gives in binary.
func PercentShortest(fraction float64) string {
	return strconv.FormatFloat(math.Round(fraction*1e6)/1e4, 'f', -1, 64) + "%"
}
