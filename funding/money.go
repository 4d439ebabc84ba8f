package funding

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/shopspring/decimal"
)

// Money is an exact amount of pounds sterling. It wraps a decimal.Decimal, so
// it never holds a binary float. The zero value is £0.00.
//
// Money keeps whatever precision arithmetic gives it: the product of an
// amount and a rate may hold fractions of a penny. Rounding to whole pence
// happens only where it is named, with RoundPenny.
type Money struct {
	amount decimal.Decimal
}

// Sentinel errors returned (wrapped in a *ParseError) by ParseMoney.
var (
	// ErrMoneySyntax reports text that is not an amount of money.
	ErrMoneySyntax = errors.New("funding: not an amount of money")
	// ErrSubPenny reports an amount stated to a fraction of a penny.
	ErrSubPenny = errors.New("funding: amount has fractions of a penny")
)

// ParseError reports text that ParseMoney could not read, with the reason.
type ParseError struct {
	Text string // the text as given
	Err  error  // ErrMoneySyntax or ErrSubPenny
	Hint string // what would be valid
}

// Error returns the text, the reason it is not money and what would be
// valid.
func (e *ParseError) Error() string {
	msg := fmt.Sprintf("%q: %v", e.Text, e.Err)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Unwrap returns ErrMoneySyntax or ErrSubPenny.
func (e *ParseError) Unwrap() error { return e.Err }

// Pounds returns an amount of whole pounds.
func Pounds(pounds int64) Money { return Money{decimal.NewFromInt(pounds)} }

// Pence returns an amount given in pence.
func Pence(pence int64) Money { return Money{decimal.New(pence, -2)} }

// FromDecimal returns the amount d in pounds, exactly as given.
func FromDecimal(d decimal.Decimal) Money { return Money{d} }

// ParseMoney reads an amount of money in the forms commissioners write:
// "2157000", "2157000.50", "£2,157,000", "-£75,000", "£451k" and "£1.5m".
//
// Digits may be grouped by commas only in threes ("1,234,567"). A suffix k
// means thousands and m millions; they are unambiguous in UK public finance.
// The result must be a whole number of pence: "12.345" and "1.2345k" are
// errors, as are exponents ("1e6"), empty text and anything else.
func ParseMoney(text string) (Money, error) {
	const hint = `write pounds like 2157000, 2157000.50, £2,157,000, £451k or £1.5m`
	fail := func(err error) (Money, error) {
		return Money{}, &ParseError{Text: text, Err: err, Hint: hint}
	}
	s := strings.TrimSpace(text)
	negative := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		negative, s = true, rest
	}
	s, _ = strings.CutPrefix(s, "£")
	if !negative {
		if rest, ok := strings.CutPrefix(s, "-"); ok { // "£-5"
			negative, s = true, rest
		}
	}
	scale := int32(0)
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		scale, s = 3, s[:len(s)-1]
	case strings.HasSuffix(s, "m"), strings.HasSuffix(s, "M"):
		scale, s = 6, s[:len(s)-1]
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || (hasPoint && frac == "") {
		return fail(ErrMoneySyntax)
	}
	digits, ok := ungroup(whole)
	if !ok {
		return fail(ErrMoneySyntax)
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return fail(ErrMoneySyntax)
		}
	}
	d, err := decimal.NewFromString(digits + "." + frac + "0")
	if err != nil {
		return fail(ErrMoneySyntax)
	}
	d = d.Shift(scale)
	if !d.Equal(d.Truncate(2)) {
		return fail(ErrSubPenny)
	}
	if negative {
		d = d.Neg()
	}
	return Money{d}, nil
}

// ungroup checks the digits of a whole number of pounds, which may be grouped
// by commas in threes, and returns them without the commas.
func ungroup(s string) (string, bool) {
	groups := strings.Split(s, ",")
	for i, g := range groups {
		if g == "" {
			return "", false
		}
		for _, r := range g {
			if r < '0' || r > '9' {
				return "", false
			}
		}
		if len(groups) > 1 && (len(g) > 3 || (i > 0 && len(g) != 3)) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// MustParseMoney is like ParseMoney but panics if the text is not money. It
// is for tests and examples with literal amounts.
func MustParseMoney(text string) Money {
	m, err := ParseMoney(text)
	if err != nil {
		panic(err)
	}
	return m
}

// Sum returns the total of one or more amounts.
func Sum(first Money, rest ...Money) Money {
	total := first.amount
	for _, m := range rest {
		total = total.Add(m.amount)
	}
	return Money{total}
}

// Decimal returns the amount in pounds as a decimal.
func (m Money) Decimal() decimal.Decimal { return m.amount }

// Add returns m + o.
func (m Money) Add(o Money) Money { return Money{m.amount.Add(o.amount)} }

// Sub returns m - o.
func (m Money) Sub(o Money) Money { return Money{m.amount.Sub(o.amount)} }

// Neg returns -m.
func (m Money) Neg() Money { return Money{m.amount.Neg()} }

// Abs returns |m|.
func (m Money) Abs() Money { return Money{m.amount.Abs()} }

// Mul returns m multiplied by a factor, exactly (the result may hold
// fractions of a penny).
func (m Money) Mul(factor decimal.Decimal) Money { return Money{m.amount.Mul(factor)} }

// MulInt returns m multiplied by a whole number.
func (m Money) MulInt(n int64) Money { return Money{m.amount.Mul(decimal.NewFromInt(n))} }

// Div returns m divided by a non-zero divisor, rounded half to even at the
// given number of decimal places of a pound. It panics if divisor is zero.
func (m Money) Div(divisor decimal.Decimal, places int32) Money {
	return Money{divBank(m.amount, divisor, places)}
}

// Ratio returns m / o rounded half to even at the given number of decimal
// places, for shares and rates. It panics if o is zero.
func (m Money) Ratio(o Money, places int32) decimal.Decimal {
	return divBank(m.amount, o.amount, places)
}

// divBank returns x / y rounded half to even at places decimal places,
// exactly: the rounding decision compares the exact remainder with half a
// unit, so no intermediate precision is lost. (decimal.DivRound rounds half
// away from zero.) It panics if y is zero.
func divBank(x, y decimal.Decimal, places int32) decimal.Decimal {
	q, r := x.QuoRem(y, places) // x = y*q + r, q truncated toward zero
	if r.IsZero() {
		return q
	}
	unit := decimal.New(1, -places)
	c := r.Abs().Add(r.Abs()).Cmp(y.Abs().Mul(unit)) // 2|r| against |y| * unit
	if c < 0 || (c == 0 && q.Shift(places).BigInt().Bit(0) == 0) {
		return q
	}
	if x.Sign()*y.Sign() < 0 {
		return q.Sub(unit)
	}
	return q.Add(unit)
}

// RoundPenny returns m rounded to whole pence, half to even (banker's
// rounding), so that rounding errors do not drift one way over many sums.
func (m Money) RoundPenny() Money { return Money{m.amount.RoundBank(2)} }

// IsWholePence reports whether m is an exact number of pence.
func (m Money) IsWholePence() bool { return m.amount.Equal(m.amount.Truncate(2)) }

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o.
func (m Money) Cmp(o Money) int { return m.amount.Cmp(o.amount) }

// Equal reports whether m and o are the same amount (£1.5 equals £1.50).
func (m Money) Equal(o Money) bool { return m.amount.Equal(o.amount) }

// Sign returns -1, 0 or +1 as m is negative, zero or positive.
func (m Money) Sign() int { return m.amount.Sign() }

// IsZero reports whether m is £0.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// IsNegative reports whether m is below £0.
func (m Money) IsNegative() bool { return m.amount.IsNegative() }

// Float64 returns the amount as a float64, for charts and ratios that are
// reported, never for further money arithmetic.
func (m Money) Float64() float64 { return m.amount.InexactFloat64() }

// String formats m to the penny, rounded half to even, with a pound sign and
// thousands separators: "£2,157,000.00", "-£75,000.00".
func (m Money) String() string {
	plain := m.amount.StringFixedBank(2)
	sign := ""
	if rest, ok := strings.CutPrefix(plain, "-"); ok {
		sign, plain = "-", rest
	}
	whole, frac, _ := strings.Cut(plain, ".")
	if sign == "-" && whole == "0" && strings.Trim(frac, "0") == "" {
		sign = "" // -0.001 rounds to £0.00, not -£0.00
	}
	return sign + "£" + numfmt.Group(whole) + "." + frac
}

// Plain formats m to the penny, rounded half to even, with no pound sign or
// separators: "2157000.00". It is the form used in JSON and CSV.
func (m Money) Plain() string { return m.amount.StringFixedBank(2) }

// Exact formats m with all its digits and no rounding, for checks and
// reconciliation notes.
func (m Money) Exact() string { return m.amount.String() }

// MarshalText encodes m exactly as a plain decimal ("2157000", "0.125").
func (m Money) MarshalText() ([]byte, error) { return []byte(m.amount.String()), nil }

// UnmarshalText decodes any text ParseMoney accepts.
func (m *Money) UnmarshalText(text []byte) error {
	v, err := ParseMoney(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
