package funding

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Extension is an option to extend a contract, as a procurement states it:
// "+2 years". Extensions follow the initial term in order, each starting
// the day after the period before it ends.
type Extension struct {
	Length Duration
	// Taken reports whether the option is exercised (or planned to be).
	// An extension cannot be taken after one that is not.
	Taken bool
	// StatedFrom and StatedUntil are the dates a document gives for the
	// extension, if any (the zero Date if not). They are checked against
	// Length and the computed dates by Terms.Check, never used to compute.
	StatedFrom, StatedUntil Date
}

// Terms are a contract's dates: when it starts, its initial term, its
// extension options and the lead times around its end. Terms.Start plus
// the initial term plus the taken extensions gives the end; stated dates
// are only checked.
type Terms struct {
	Start   Date     // first day of the contract, e.g. 2018-10-01
	Initial Duration // initial term, e.g. 2 years
	// Extensions are the extension options in the order they can be taken.
	Extensions []Extension
	// StatedEnd is the last day of the contract as a document states it,
	// or the zero Date; checked by Check.
	StatedEnd Date
	// Notice is the notice either party must give to end the contract
	// early; zero if none is stated.
	Notice Duration
	// ReprocurementLead is how long before the end a new procurement must
	// start to have a new contract in place; zero if none is stated.
	ReprocurementLead Duration
}

// Period is one part of a contract's term: the initial term or one
// extension, first and last days included.
type Period struct {
	Name       string // "initial term", "extension 1", ...
	Start, End Date
	Taken      bool // always true for the initial term
}

// ContractYear is one year of a contract, counted from its start: year 1
// of a contract starting 2018-10-01 runs to 2019-09-30. The last contract
// year may be part of a year.
type ContractYear struct {
	Index      int // 1-based
	Start, End Date
	// Fraction is the contract year's share of a full year: 1, or for a
	// final part year, whole months/12 when the part is whole calendar
	// months and days/365 otherwise, rounded half to even at 12 places.
	Fraction decimal.Decimal
}

// Sentinel errors returned, wrapped with context, by Terms.Validate.
var (
	// ErrBadTerms reports contract terms that cannot be used: no start
	// date, no initial term, a length that is not positive, an impossible
	// stated date.
	ErrBadTerms = errors.New("funding: invalid contract terms")
	// ErrExtensionOrder reports an extension taken after one that is not:
	// options are exercised in order.
	ErrExtensionOrder = errors.New("funding: extension taken after one that is not")
)

// valid reports whether the terms have what the date methods need.
func (t Terms) valid() bool { return t.Start.valid() && t.Initial.N > 0 && validUnit(t.Initial.Unit) }

func validUnit(u Unit) bool { return u >= Days && u <= Years }

// lastDay returns the last day of a period of length d starting on start.
func lastDay(start Date, d Duration) Date { return d.From(start).AddDays(-1) }

// InitialEnd returns the last day of the initial term: a start on
// 2018-10-01 with an initial term of 2 years gives 2020-09-30. It returns
// the zero Date if the terms have no valid start or initial term.
func (t Terms) InitialEnd() Date {
	if !t.valid() {
		return Date{}
	}
	return lastDay(t.Start, t.Initial)
}

// End returns the last day of the contract with the taken extensions:
// the initial term, then each taken extension in order, stopping at the
// first extension not taken (Validate reports a taken one after it). It
// returns the zero Date if the terms have no valid start or initial term.
func (t Terms) End() Date {
	end := Date{}
	for _, p := range t.Periods() {
		if !p.Taken {
			break
		}
		end = p.End
	}
	return end
}

// MaxEnd returns the last day of the contract if every extension is taken.
// It returns the zero Date if the terms have no valid start or initial
// term.
func (t Terms) MaxEnd() Date {
	ps := t.Periods()
	if len(ps) == 0 {
		return Date{}
	}
	return ps[len(ps)-1].End
}

// Periods returns the initial term and then every extension, taken or
// not, each starting the day after the one before ends. It returns nil if
// the terms have no valid start or initial term.
func (t Terms) Periods() []Period {
	if !t.valid() {
		return nil
	}
	ps := []Period{{Name: "initial term", Start: t.Start, End: t.InitialEnd(), Taken: true}}
	for i, x := range t.Extensions {
		start := ps[len(ps)-1].End.AddDays(1)
		ps = append(ps, Period{
			Name:  fmt.Sprintf("extension %d", i+1),
			Start: start,
			End:   lastDay(start, x.Length),
			Taken: x.Taken && ps[len(ps)-1].Taken,
		})
	}
	return ps
}

// ProcureBy returns the latest date to start re-procuring: End minus
// ReprocurementLead (End itself if no lead is stated). A contract ending
// 2023-09-30 with a lead of 12 months must be re-procured by 2022-09-30.
func (t Terms) ProcureBy() Date {
	end := t.End()
	if end.IsZero() {
		return end
	}
	return Duration{N: -t.ReprocurementLead.N, Unit: t.ReprocurementLead.Unit}.From(end)
}

// Validate reports every problem that stops the terms being used, joined
// with errors.Join: no start date, an initial term or extension that is
// not a positive length, a negative notice or lead time, a stated date
// that does not exist, an extension taken after one that is not. Each
// wraps ErrBadTerms or ErrExtensionOrder. Stated dates that disagree with
// the terms are not errors: Check reports them.
func (t Terms) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrBadTerms}, args...)...))
	}
	switch {
	case t.Start.IsZero():
		bad("no start date; want the contract's first day, e.g. 2018-10-01")
	case !t.Start.valid():
		bad("start: %v is not a date", t.Start)
	}
	positive := func(name string, d Duration) {
		if d.N <= 0 || !validUnit(d.Unit) {
			bad("%s: %q; want a positive length with a unit, e.g. \"2 years\"", name, d)
		}
	}
	notNegative := func(name string, d Duration) {
		if d.N < 0 || (d.N > 0 && !validUnit(d.Unit)) {
			bad("%s: %q; want zero or a positive length with a unit, e.g. \"6 months\"", name, d)
		}
	}
	stated := func(name string, d Date) {
		if !d.IsZero() && !d.valid() {
			bad("%s: %v is not a date", name, d)
		}
	}
	positive("initial term", t.Initial)
	untaken := 0
	for i, x := range t.Extensions {
		name := fmt.Sprintf("extensions[%d]", i)
		positive(name+": length", x.Length)
		stated(name+": stated from", x.StatedFrom)
		stated(name+": stated until", x.StatedUntil)
		if x.Taken && untaken > 0 {
			errs = append(errs, fmt.Errorf("%s: %w: extension %d is taken but extension %d is not; options are taken in order",
				name, ErrExtensionOrder, i+1, untaken))
		}
		if !x.Taken && untaken == 0 {
			untaken = i + 1
		}
	}
	stated("stated end", t.StatedEnd)
	notNegative("notice", t.Notice)
	notNegative("reprocurement lead", t.ReprocurementLead)
	return errors.Join(errs...)
}

// Check compares the dates a document states with the dates the terms
// give and returns a finding for each that disagrees: an extension whose
// stated dates span a different length than stated (DurationMismatch), a
// stated start or end of an extension or of the contract that the terms
// do not give (DateMismatch), and stated dates out of order (DateOrder).
// It returns nil if the terms are not valid (see Validate) or everything
// agrees.
//
// Documents write the dates of a period two ways: "from 30 September 2020
// until 30 September 2022" (from the last day of the period before) and
// "from 1 October 2020 to 30 September 2022" (first and last days). Check
// accepts either, and an until date that is the day after the last day.
// Seed 001 states Staffordshire's extension as "two years from 30th
// September 2020 until 30th September 2023": those dates span 3 years.
func (t Terms) Check() []Finding {
	if !t.valid() {
		return nil
	}
	var out []Finding
	ps := t.Periods()
	for i, x := range t.Extensions {
		p, prevEnd := ps[i+1], ps[i].End
		name := p.Name
		from, until := x.StatedFrom, x.StatedUntil
		if !from.IsZero() && !until.IsZero() && until.Before(from) {
			out = append(out, Finding{
				Kind:       DateOrder,
				Subject:    name + "'s stated dates",
				Stated:     longDate(from) + " to " + longDate(until),
				Difference: "the end is " + spanBetween(until, from).String() + " before the start",
				Suggestion: "one of them is likely mistyped",
			})
			continue
		}
		if !from.IsZero() && !from.Equal(prevEnd) && !from.Equal(p.Start) {
			out = append(out, Finding{
				Kind:       DateMismatch,
				Subject:    "the start of " + name,
				Stated:     longDate(from),
				Computed:   longDate(p.Start),
				Difference: dateDifference(p.Start, from),
				Suggestion: fmt.Sprintf("an extension starts the day after the period before it ends, here %s", longDate(prevEnd)),
			})
		}
		switch {
		case !from.IsZero() && !until.IsZero():
			expect := x.Length.From(from) // until, read from the last day before
			if until.Equal(expect) || until.Equal(expect.AddDays(-1)) {
				continue
			}
			span, diff := statedSpan(x.Length, from, until, from.Equal(p.Start))
			out = append(out, Finding{
				Kind:       DurationMismatch,
				Subject:    fmt.Sprintf("%s (%s to %s)", name, longDate(from), longDate(until)),
				Stated:     x.Length.String(),
				Computed:   span.String(),
				Difference: diff,
				Suggestion: t.lengthSuggestion(i, span),
			})
		case !until.IsZero():
			if until.Equal(p.End) || until.Equal(p.End.AddDays(1)) {
				continue
			}
			sug := "check the extension's length and dates against the contract"
			if span := spanBetween(p.Start, until.AddDays(1)); span.Unit != Days {
				sug = fmt.Sprintf("the stated date fits an extension of %s", span)
			}
			out = append(out, Finding{
				Kind:       DateMismatch,
				Subject:    "the end of " + name,
				Stated:     longDate(until),
				Computed:   longDate(p.End),
				Difference: dateDifference(p.End, until),
				Suggestion: sug,
			})
		}
	}
	if se := t.StatedEnd; !se.IsZero() {
		end := t.End()
		switch {
		case se.Before(t.Start):
			out = append(out, Finding{
				Kind:       DateOrder,
				Subject:    "the contract's start and stated end",
				Stated:     longDate(t.Start) + " to " + longDate(se),
				Difference: "the end is " + spanBetween(se, t.Start).String() + " before the start",
				Suggestion: "one of them is likely mistyped",
			})
		case !se.Equal(end):
			out = append(out, Finding{
				Kind:       DateMismatch,
				Subject:    "the contract end",
				Stated:     longDate(se),
				Computed:   longDate(end),
				Difference: dateDifference(end, se),
				Suggestion: t.endSuggestion(),
			})
		}
	}
	return out
}

// lengthSuggestion says what the stated contract end implies for
// extension i, whose stated dates span span.
func (t Terms) lengthSuggestion(i int, span Duration) string {
	se := t.StatedEnd
	if se.IsZero() || !t.Extensions[i].Taken {
		return "check the extension's length and dates against the contract"
	}
	alt := t.withLength(i, span)
	switch {
	case se.Equal(alt.End()):
		return fmt.Sprintf("the stated contract end, %s, agrees with the stated dates, so the extension is likely %s",
			longDate(se), span)
	case se.Equal(t.End()):
		return fmt.Sprintf("the stated contract end, %s, agrees with %s, so the stated dates are likely wrong",
			longDate(se), t.Extensions[i].Length)
	}
	return "check the extension's length and dates against the contract"
}

// endSuggestion says which single change to the terms would give the
// stated end.
func (t Terms) endSuggestion() string {
	se := t.StatedEnd
	ps := t.Periods()
	// An extension whose stated dates span another length.
	for i, x := range t.Extensions {
		if !x.Taken || x.StatedFrom.IsZero() || x.StatedUntil.IsZero() || x.StatedUntil.Before(x.StatedFrom) {
			continue
		}
		span, _ := statedSpan(x.Length, x.StatedFrom, x.StatedUntil, x.StatedFrom.Equal(ps[i+1].Start))
		if span != x.Length && se.Equal(t.withLength(i, span).End()) {
			return fmt.Sprintf("%s is the end if extension %d lasts %s, as its stated dates say", longDate(se), i+1, span)
		}
	}
	// Another number of extensions taken.
	for k, p := range ps {
		if !se.Equal(p.End) {
			continue
		}
		switch {
		case k == 0:
			return fmt.Sprintf("%s is the end if no extension is taken", longDate(se))
		case k == len(ps)-1 && k > 1:
			return fmt.Sprintf("%s is the end if every extension is taken", longDate(se))
		case k == 1:
			return fmt.Sprintf("%s is the end if only extension 1 is taken", longDate(se))
		default:
			return fmt.Sprintf("%s is the end if extensions 1 to %d are taken", longDate(se), k)
		}
	}
	if se.Equal(t.End().AddDays(1)) {
		return "the stated end is the day after the last day, so it may be stated as the first day after the contract"
	}
	return "check the start date, initial term and extensions against the contract"
}

// withLength returns a copy of t with extension i lasting length.
func (t Terms) withLength(i int, length Duration) Terms {
	alt := t
	alt.Extensions = append([]Extension(nil), t.Extensions...)
	alt.Extensions[i].Length = length
	return alt
}

// ContractYears returns the contract years from the start to End, or to
// MaxEnd if maxTerm is true. It returns nil if the terms have no valid
// start or initial term.
func (t Terms) ContractYears(maxTerm bool) []ContractYear {
	end := t.End()
	if maxTerm {
		end = t.MaxEnd()
	}
	return contractYears(t.Start, end)
}

// contractYears returns the years of a contract from start to end, both
// included.
func contractYears(start, end Date) []ContractYear {
	if start.IsZero() || end.IsZero() {
		return nil
	}
	var out []ContractYear
	for i := 1; ; i++ {
		s := start.AddMonths(12 * (i - 1))
		if s.After(end) {
			return out
		}
		e := start.AddMonths(12 * i).AddDays(-1)
		cy := ContractYear{Index: i, Start: s, End: e, Fraction: decimal.NewFromInt(1)}
		if e.After(end) {
			cy.End = end
			num, den := yearFraction(cy)
			cy.Fraction = divBank(decimal.NewFromInt(num), decimal.NewFromInt(den), 12)
		}
		out = append(out, cy)
	}
}

// yearFraction returns a contract year's share of a full year as num/den:
// whole months/12, or days/365 when the year is not whole months.
func yearFraction(cy ContractYear) (num, den int64) {
	next := cy.End.AddDays(1)
	if next.Equal(cy.Start.AddMonths(12)) {
		return 1, 1
	}
	if span := spanBetween(cy.Start, next); span.Unit == Months {
		return int64(span.N), 12
	}
	return int64(next.DaysSince(cy.Start)), 365
}

// spanBetween returns the calendar length from from up to to (to not
// included): whole years or months if from plus that many gives to,
// otherwise days. to must not be before from.
func spanBetween(from, to Date) Duration {
	m := (to.Year-from.Year)*12 + int(to.Month) - int(from.Month)
	for m > 0 && from.AddMonths(m).After(to) {
		m--
	}
	if m > 0 && from.AddMonths(m).Equal(to) {
		if m%12 == 0 {
			return Duration{m / 12, Years}
		}
		return Duration{m, Months}
	}
	return Duration{to.DaysSince(from), Days}
}

// statedSpan returns the length stated dates span, and how it differs from
// the stated length. firstDay says from is the extension's first day, so
// until is read as its last day; otherwise from is read as the last day of
// the period before.
func statedSpan(length Duration, from, until Date, firstDay bool) (Duration, string) {
	boundary := until // exclusive end, reading from as the day before
	if firstDay {
		boundary = until.AddDays(1)
	}
	span := spanBetween(from, boundary)
	lm, ok1 := length.Months()
	sm, ok2 := span.Months()
	if ok1 && ok2 {
		d := sm - lm
		word := "longer"
		if d < 0 {
			d, word = -d, "shorter"
		}
		diff := Duration{d, Months}
		if d%12 == 0 {
			diff = Duration{d / 12, Years}
		}
		return span, diff.String() + " " + word
	}
	expect := length.From(from)
	return span, dayDifference(boundary.DaysSince(expect), "longer", "shorter")
}

// dateDifference describes computed against stated as "1 year later" or
// "122 days earlier".
func dateDifference(computed, stated Date) string {
	if computed.Before(stated) {
		return spanBetween(computed, stated).String() + " earlier"
	}
	return spanBetween(stated, computed).String() + " later"
}

func dayDifference(days int, more, less string) string {
	word := more
	if days < 0 {
		days, word = -days, less
	}
	return Duration{days, Days}.String() + " " + word
}

// longDate formats d as people write it in the UK: "30 Sep 2023".
func longDate(d Date) string {
	return fmt.Sprintf("%d %s %d", d.Day, d.Month.String()[:3], d.Year)
}
