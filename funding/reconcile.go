package funding

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// FindingKind says what kind of figures do not reconcile.
type FindingKind int

// The kinds of finding.
const (
	// TotalMismatch: a stated total differs from the sum of the
	// contributions.
	TotalMismatch FindingKind = iota + 1
	// ShareMismatch: a funder's stated share differs from its share of
	// the contributions by more than the stated precision allows.
	ShareMismatch
	// SharesNotHundred: the stated shares add up to more or less than
	// 100% by more than their rounding explains.
	SharesNotHundred
	// DurationMismatch: a stated length differs from the span of the
	// dates stated for it.
	DurationMismatch
	// DateMismatch: a stated date differs from the date the contract
	// terms give.
	DateMismatch
	// DateOrder: stated dates are out of order, an end before a start.
	DateOrder
)

var findingKindNames = [...]string{
	TotalMismatch:    "total_mismatch",
	ShareMismatch:    "share_mismatch",
	SharesNotHundred: "shares_not_hundred",
	DurationMismatch: "duration_mismatch",
	DateMismatch:     "date_mismatch",
	DateOrder:        "date_order",
}

// String returns the kind in snake case, e.g. "total_mismatch".
func (k FindingKind) String() string {
	if k > 0 && int(k) < len(findingKindNames) {
		return findingKindNames[k]
	}
	return fmt.Sprintf("FindingKind(%d)", int(k))
}

// MarshalText encodes the kind as String does.
func (k FindingKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Finding reports figures that do not reconcile: a document's stated figure
// against the figure computed from the others. The figures are formatted
// for people (money as £2,157,000.00, shares as 30.05%, dates as
// 30 Sep 2023), because findings are read, not computed with. A finding
// never corrects a figure; Suggestion says which single figure, if any,
// would reconcile the rest.
type Finding struct {
	Kind       FindingKind
	Subject    string // what the figures are about, e.g. "the 2018/19 annual total"
	Stated     string // the figure as stated, e.g. "£2,157,000.00"
	Computed   string // the figure computed from the others, e.g. "£2,230,970.00"
	Difference string // computed against stated, e.g. "£73,970.00 more"
	Suggestion string // what would reconcile the figures; may be empty
}

// String returns the finding as one plain sentence with its figures, e.g.
// "The 2018/19 annual total is stated as £2,157,000.00 but the
// contributions add up to £2,230,970.00 (£73,970.00 more); ...".
func (f Finding) String() string {
	var s string
	switch f.Kind {
	case TotalMismatch:
		s = fmt.Sprintf("%s is stated as %s but the contributions add up to %s (%s)",
			f.Subject, f.Stated, f.Computed, f.Difference)
	case ShareMismatch:
		s = fmt.Sprintf("%s is stated as %s but its contribution is %s of the total contributed (%s)",
			f.Subject, f.Stated, f.Computed, f.Difference)
	case SharesNotHundred:
		s = fmt.Sprintf("%s add up to %s rather than %s (%s), more than rounding explains",
			f.Subject, f.Stated, f.Computed, f.Difference)
	case DurationMismatch:
		s = fmt.Sprintf("%s is stated as %s but its stated dates span %s (%s)",
			f.Subject, f.Stated, f.Computed, f.Difference)
	case DateMismatch:
		s = fmt.Sprintf("%s is stated as %s but the terms give %s (%s)",
			f.Subject, f.Stated, f.Computed, f.Difference)
	case DateOrder:
		s = fmt.Sprintf("%s, %s, are out of order (%s)", f.Subject, f.Stated, f.Difference)
	default:
		s = fmt.Sprintf("%s: stated %s, computed %s (%s)", f.Subject, f.Stated, f.Computed, f.Difference)
	}
	if f.Suggestion != "" {
		s += "; " + f.Suggestion
	}
	return capitalise(s) + "."
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Stated holds the pool figures a document states, for reconciliation
// against the contributions. Funders' stated shares are in
// Funder.StatedShare.
type Stated struct {
	// AnnualTotal is the stated total of the pool for Year, or nil if
	// none is stated.
	AnnualTotal *Money
	// Year is the financial year the stated figures refer to. The zero
	// value means the pool's first year.
	Year FinancialYear
}

// Reconcile checks the stated figures against the contributions in the
// stated year and returns a finding for each that does not reconcile, in
// this order: the total (TotalMismatch), each funder's stated share in
// funder order (ShareMismatch), the sum of the stated shares
// (SharesNotHundred). It returns nil when everything reconciles.
//
// A stated share is consistent when the funder's share of the sum of the
// contributions rounds to it at the precision it was stated to: 31% covers
// 30.5% to 31.5%, both ends included, since a document may round either
// way at a half. The stated shares of all funders are consistent with 100%
// when 100% lies within the sum of those ranges (33%, 33% and 33% are).
//
// Where a single figure would reconcile all the others, every finding's
// Suggestion names it. Staffordshire (seed 001) states a total of
// £2,157,000 and shares of 31%, 47% and 22%; the contributions £670,490,
// £1,015,483 and £544,997 add up to £2,230,970, but the stated total and
// all three shares fit if Stoke-on-Trent gave £471,027.
func Reconcile(p Pool, s Stated) []Finding {
	year := s.Year
	if year == 0 {
		if ys := p.Years(); len(ys) > 0 {
			year = ys[0]
		}
	}
	r := reconciler{pool: p, year: year, stated: s.AnnualTotal}
	for _, f := range p.Funders {
		r.parts = append(r.parts, f.Contribution(year))
	}
	r.sum = Sum(Money{}, r.parts...)
	return r.findings()
}

type reconciler struct {
	pool   Pool
	year   FinancialYear
	stated *Money
	parts  []Money // contribution of each funder in year
	sum    Money
}

func (r reconciler) findings() []Finding {
	totalOK := r.stated == nil || r.stated.Equal(r.sum)
	var badShares []int
	for i, f := range r.pool.Funders {
		if f.StatedShare != nil && !shareFits(*f.StatedShare, r.parts[i], r.sum) {
			badShares = append(badShares, i)
		}
	}
	hundredOK := r.hundredFits(r.statedShares())
	if totalOK && len(badShares) == 0 && hundredOK {
		return nil
	}
	suggestion := r.suggestion(totalOK, badShares)

	var out []Finding
	if !totalOK {
		out = append(out, Finding{
			Kind:       TotalMismatch,
			Subject:    fmt.Sprintf("the %s annual total", r.year),
			Stated:     r.stated.String(),
			Computed:   r.sum.String(),
			Difference: moneyDifference(r.sum.Sub(*r.stated)),
			Suggestion: suggestion,
		})
	}
	for _, i := range badShares {
		f := r.pool.Funders[i]
		got := Share{r.parts[i], r.sum}.Percent(2)
		out = append(out, Finding{
			Kind:       ShareMismatch,
			Subject:    fmt.Sprintf("%s's %s share", f.Name, r.year),
			Stated:     percent(*f.StatedShare),
			Computed:   percentAt(got, 2),
			Difference: pointsDifference(got.Sub(*f.StatedShare)),
			Suggestion: suggestion,
		})
	}
	if !hundredOK {
		var sum decimal.Decimal
		want := "100%"
		for i, f := range r.pool.Funders {
			if f.StatedShare != nil {
				sum = sum.Add(*f.StatedShare)
			} else if !r.parts[i].IsZero() {
				want = "at most 100%" // funders without a stated share take the rest
			}
		}
		out = append(out, Finding{
			Kind:       SharesNotHundred,
			Subject:    fmt.Sprintf("the stated shares for %s", r.year),
			Stated:     percent(sum),
			Computed:   want,
			Difference: pointsDifference(sum.Sub(hundred)),
			Suggestion: suggestion,
		})
	}
	return out
}

// suggestion names the single figure that would reconcile the others, or
// says what it can.
func (r reconciler) suggestion(totalOK bool, badShares []int) string {
	if !totalOK && r.sum.IsZero() {
		return fmt.Sprintf("no contributions are recorded for %s", r.year)
	}
	shares := r.statedShares()
	if totalOK {
		// Only shares are wrong. If one is, the share its contribution
		// really has, at the stated precision, reconciles the rest.
		if len(badShares) == 1 {
			i := badShares[0]
			st := *shares[i]
			got := Share{r.parts[i], r.sum}.Percent(max(0, -st.Exponent()))
			shares[i] = &got
			if r.hundredFits(shares) {
				return fmt.Sprintf("a stated share of %s would match its contribution of %s",
					percentAt(got, max(0, -st.Exponent())), r.parts[i])
			}
		}
		return r.noSingleFigure()
	}
	// The stated total is wrong, or one contribution is.
	var fixes []string
	totalFix := r.sharesFit(shares, r.parts, r.sum)
	if totalFix {
		fixes = append(fixes, fmt.Sprintf("the stated total were %s", r.sum))
	}
	for i, f := range r.pool.Funders {
		x := r.stated.Sub(r.sum.Sub(r.parts[i]))
		if x.IsNegative() {
			continue
		}
		parts := slices.Clone(r.parts)
		parts[i] = x
		if r.sharesFit(shares, parts, *r.stated) {
			fixes = append(fixes, fmt.Sprintf("%s gave %s, not %s", f.Name, x, r.parts[i]))
		}
	}
	list := r.statedShareList()
	switch {
	case len(fixes) == 1 && totalFix && list == "":
		return fmt.Sprintf("the contributions would reconcile if the stated total were %s", r.sum)
	case len(fixes) == 1 && totalFix:
		return fmt.Sprintf("the contributions and the stated shares (%s) agree, so the stated total is likely %s", list, r.sum)
	case len(fixes) == 1:
		return fmt.Sprintf("the stated total and shares (%s) fit if %s", list, fixes[0])
	case len(fixes) == 2:
		return fmt.Sprintf("the figures fit if %s, or if %s", fixes[0], fixes[1])
	case len(fixes) > 2:
		return fmt.Sprintf("changing the stated total or one contribution by %s would reconcile them; no stated share shows which",
			r.sum.Sub(*r.stated).Abs())
	}
	return r.noSingleFigure()
}

func (r reconciler) noSingleFigure() string {
	var got []string
	for i := range r.pool.Funders {
		got = append(got, percentAt(Share{r.parts[i], r.sum}.Percent(2), 2))
	}
	return fmt.Sprintf("no single figure reconciles them; the funders' shares of the contributions are %s", joinAnd(got))
}

// statedShares returns each funder's stated share, nil where none is
// stated, in funder order.
func (r reconciler) statedShares() []*decimal.Decimal {
	shares := make([]*decimal.Decimal, len(r.pool.Funders))
	for i, f := range r.pool.Funders {
		shares[i] = f.StatedShare
	}
	return shares
}

// statedShareList returns "31%, 47% and 22%", or "" if no share is stated.
func (r reconciler) statedShareList() string {
	var list []string
	for _, f := range r.pool.Funders {
		if f.StatedShare != nil {
			list = append(list, percent(*f.StatedShare))
		}
	}
	return joinAnd(list)
}

// sharesFit reports whether every stated share fits its part of whole, and
// the stated shares fit 100%.
func (r reconciler) sharesFit(shares []*decimal.Decimal, parts []Money, whole Money) bool {
	for i, s := range shares {
		if s != nil && !shareFits(*s, parts[i], whole) {
			return false
		}
	}
	return r.hundredFits(shares)
}

// hundredFits reports whether stated shares can add up to 100% given
// their rounding: exactly when every funder contributing states a share,
// at most 100% when some do not.
func (r reconciler) hundredFits(shares []*decimal.Decimal) bool {
	var lo, hi decimal.Decimal
	all, some := true, false
	for i, s := range shares {
		some = some || s != nil
		if s == nil {
			if !r.parts[i].IsZero() {
				all = false
			}
			continue
		}
		h := halfUnit(*s)
		lo = lo.Add(s.Sub(h))
		hi = hi.Add(s.Add(h))
	}
	if !some {
		return true
	}
	if lo.GreaterThan(hundred) {
		return false
	}
	return !all || !hi.LessThan(hundred)
}

// halfUnit returns half a unit in the last place a percentage was stated
// to: 0.5 for 31, 0.05 for 31.1.
func halfUnit(stated decimal.Decimal) decimal.Decimal {
	return decimal.New(5, -1-max(0, -stated.Exponent()))
}

// shareFits reports whether part is stated percent of whole, to the
// precision stated: |100*part - stated*whole| <= halfUnit*whole, exactly.
func shareFits(stated decimal.Decimal, part, whole Money) bool {
	if whole.IsZero() {
		return stated.IsZero()
	}
	gap := part.Decimal().Mul(hundred).Sub(stated.Mul(whole.Decimal())).Abs()
	return gap.LessThanOrEqual(halfUnit(stated).Mul(whole.Decimal().Abs()))
}

// percent formats a percentage to the places it has: as stated ("31%",
// "31.0%", "31.5%").
func percent(d decimal.Decimal) string { return percentAt(d, max(0, -d.Exponent())) }

// percentAt formats a percentage to the given places: "30.05%".
func percentAt(d decimal.Decimal, places int32) string { return d.StringFixedBank(places) + "%" }

// moneyDifference formats computed-minus-stated money as "£73,970.00 more"
// or "£73,970.00 less".
func moneyDifference(d Money) string {
	if d.IsNegative() {
		return d.Abs().String() + " less"
	}
	return d.String() + " more"
}

// pointsDifference formats a difference of percentages as "0.95
// percentage points less".
func pointsDifference(d decimal.Decimal) string {
	word := "more"
	if d.IsNegative() {
		word = "less"
	}
	unit := "percentage points"
	if d.Abs().Equal(decimal.NewFromInt(1)) {
		unit = "percentage point"
	}
	return fmt.Sprintf("%s %s %s", d.Abs().String(), unit, word)
}

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
