package scenario

import (
	"errors"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
)

// This file reads single values: text, numbers, money, percentages, dates,
// financial years, durations and distributions. Each reader reports a bad
// value with what would be valid and returns ok == false; the caller then
// leaves the field at its zero value and carries on, so that every problem
// in the file is found in one pass.

// scalar checks that n is a single value, not a list or mapping.
func (d *decoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, path, ErrType, "want %s, got %s", want, yamlnode.Describe(n))
		return false
	}
	return true
}

// text reads non-empty text. Numbers and other plain values are taken as
// written: an area may be called 2018.
func (d *decoder) text(n *yaml.Node, path, want string) (string, bool) {
	if !d.scalar(n, path, want) {
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		d.Errorf(n, path, ErrMissing, "empty text; want %s", want)
		return "", false
	}
	return s, true
}

// boolean reads true or false.
func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	d.Errorf(n, path, ErrType, "want true or false, got %s", yamlnode.Describe(n))
	return false, false
}

// integer reads a whole number between lo and hi inclusive.
func (d *decoder) integer(n *yaml.Node, path string, lo, hi int) (int, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.Errorf(n, path, ErrType, "want a whole number, got %s", yamlnode.Describe(n))
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			d.Errorf(n, path, ErrInvalid, "%s is out of range; want a whole number from %d to %d", yamlnode.Trim(n.Value), lo, hi)
		} else {
			d.Errorf(n, path, ErrType, "want a whole number written in digits (like 30), got %s", yamlnode.Describe(n))
		}
		return 0, false
	}
	if v < lo || v > hi {
		d.Errorf(n, path, ErrInvalid, "%d is out of range; want a whole number from %d to %d", v, lo, hi)
		return 0, false
	}
	return v, true
}

// number reads a finite number between lo and hi inclusive.
func (d *decoder) number(n *yaml.Node, path string, lo, hi float64) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.Errorf(n, path, ErrType, "want a number, got %s", yamlnode.Describe(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.Errorf(n, path, ErrType, "want a finite number written in digits (like 22 or 0.5), got %s", yamlnode.Describe(n))
		return 0, false
	}
	if v < lo || v > hi {
		d.Errorf(n, path, ErrInvalid, "%s is out of range; want a number from %s to %s", n.Value, fmtFloat(lo), fmtFloat(hi))
		return 0, false
	}
	return v, true
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// packagePrefix matches the "funding: " and "lotting: " prefixes of the
// other packages' error texts, at the start or after a wrapping ": ". They
// tell a program where an error came from; a person reading a scenario
// error needs only the sentence.
var packagePrefix = regexp.MustCompile(`(^|: )(funding|lotting): `)

// plain returns err's text without package prefixes.
func plain(err error) string { return unprefix(err.Error()) }

// unprefix returns msg without package prefixes.
func unprefix(msg string) string { return packagePrefix.ReplaceAllString(msg, "$1") }

// money reads an amount of money as funding.ParseMoney accepts it. With
// nonNegative, an amount below £0 is an error.
func (d *decoder) money(n *yaml.Node, path string, nonNegative bool) (funding.Money, bool) {
	const want = `an amount of money like "£2,157,000"`
	if !d.scalar(n, path, want) || yamlnode.IsNull(n) {
		if yamlnode.IsNull(n) {
			d.Errorf(n, path, ErrMissing, "no value given; want %s", want)
		}
		return funding.Money{}, false
	}
	m, err := funding.ParseMoney(n.Value)
	if err != nil {
		var pe *funding.ParseError
		if errors.As(err, &pe) {
			d.Errorf(n, path, err, "%s: %s (%s)", yamlnode.Quote(pe.Text), plain(pe.Err), pe.Hint)
		} else {
			d.Errorf(n, path, err, "%s", plain(err))
		}
		return funding.Money{}, false
	}
	if nonNegative && m.IsNegative() {
		d.Errorf(n, path, ErrInvalid, "%s: must not be negative", yamlnode.Quote(n.Value))
		return funding.Money{}, false
	}
	if m.Abs().Cmp(maxMoney) > 0 {
		d.Errorf(n, path, ErrInvalid, "%s is more than %s, the most an amount may be; give the amount in pounds, like \"£2,157,000\"", yamlnode.Trim(n.Value), maxMoney)
		return funding.Money{}, false
	}
	return m, true
}

// percentSyntax is a number as a percentage is written before its % sign:
// digits, optionally signed, optionally with a decimal point. No exponents.
var percentSyntax = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// percent reads a percentage written with a % sign ("31%", "2.5%", "-1%")
// and returns it as stated, in percent (31 for "31%"), checking that it lies
// from lo to hi percent inclusive.
func (d *decoder) percent(n *yaml.Node, path string, lo, hi int64) (decimal.Decimal, bool) {
	want := "a percentage with a % sign, like 31%"
	if !d.scalar(n, path, want) {
		return decimal.Decimal{}, false
	}
	s := strings.TrimSpace(n.Value)
	num, hasSign := strings.CutSuffix(s, "%")
	num = strings.TrimSpace(num)
	if !hasSign {
		if v, err := decimal.NewFromString(num); err == nil && percentSyntax.MatchString(num) {
			if v.Abs().LessThanOrEqual(decimal.NewFromInt(1)) && !v.IsZero() {
				d.Errorf(n, path, ErrInvalid, "%s: a percentage needs a %% sign: write %s%% if %s is a fraction, or %s%% if it is already in percent",
					yamlnode.Quote(s), v.Shift(2).String(), num, num)
			} else {
				d.Errorf(n, path, ErrInvalid, "%s: a percentage needs a %% sign: write %s%%", yamlnode.Quote(s), num)
			}
		} else {
			d.Errorf(n, path, ErrType, "want %s, got %s", want, yamlnode.Describe(n))
		}
		return decimal.Decimal{}, false
	}
	if !percentSyntax.MatchString(num) {
		d.Errorf(n, path, ErrType, "%s: not a percentage; want %s", yamlnode.Quote(s), want)
		return decimal.Decimal{}, false
	}
	v, err := decimal.NewFromString(num)
	if err != nil {
		d.Errorf(n, path, ErrType, "%s: not a percentage; want %s", yamlnode.Quote(s), want)
		return decimal.Decimal{}, false
	}
	if v.LessThan(decimal.NewFromInt(lo)) || v.GreaterThan(decimal.NewFromInt(hi)) {
		d.Errorf(n, path, ErrInvalid, "%s is out of range; want a percentage from %d%% to %d%%", yamlnode.Quote(s), lo, hi)
		return decimal.Decimal{}, false
	}
	return v, true
}

// fraction reads a percentage from lo to hi percent and returns it as a
// fraction: 0.31 for "31%".
func (d *decoder) fraction(n *yaml.Node, path string, lo, hi int64) (float64, bool) {
	v, ok := d.percent(n, path, lo, hi)
	return v.Shift(-2).InexactFloat64(), ok
}

// date reads a calendar date written YYYY-MM-DD.
func (d *decoder) date(n *yaml.Node, path string) (funding.Date, bool) {
	const want = "a date written YYYY-MM-DD, like 2018-10-01"
	if !d.scalar(n, path, want) {
		return funding.Date{}, false
	}
	v, err := funding.ParseDate(n.Value)
	if err != nil {
		d.Errorf(n, path, err, "%s: not a date; want %s", yamlnode.Quote(n.Value), want)
		return funding.Date{}, false
	}
	return v, true
}

// financialYear reads a financial year written 2018/19.
func (d *decoder) financialYear(n *yaml.Node, path string) (funding.FinancialYear, bool) {
	const want = "a financial year like 2018/19"
	if !d.scalar(n, path, want) {
		return 0, false
	}
	v, err := funding.ParseFinancialYear(n.Value)
	if err != nil {
		d.Errorf(n, path, err, "%s: not a financial year; want %s (1 April 2018 to 31 March 2019)", yamlnode.Quote(n.Value), want)
		return 0, false
	}
	return v, true
}

// calendarUnits are the units of a funding.Duration, singular and plural.
var calendarUnits = []string{"days", "weeks", "months", "years"}

// shortUnits are the units of a short time in a distribution.
var shortUnits = []string{"minutes", "hours"}

// maxYears bounds every duration in a scenario: no contract, programme or
// stay runs for a century, and the bound keeps date arithmetic and year-by-
// year loops small whatever the input.
const maxYears = 100

// duration reads a whole number and a calendar unit ("5 years", "6 months")
// no longer than maxYears. With positive, zero is an error.
func (d *decoder) duration(n *yaml.Node, path string, positive bool) (funding.Duration, bool) {
	const want = `a duration with a unit, like "2 years" or "6 months"`
	if !d.scalar(n, path, want) {
		return funding.Duration{}, false
	}
	s := strings.TrimSpace(n.Value)
	num, unit, ok := d.splitQuantity(n, path, s, want, calendarUnits, false)
	if !ok {
		return funding.Duration{}, false
	}
	if !isWhole(num) {
		d.Errorf(n, path, ErrInvalid, "%s: a contract or programme duration is a whole number of %s; write, say, 18 months for 1.5 years",
			yamlnode.Quote(s), unit)
		return funding.Duration{}, false
	}
	v, err := funding.ParseDuration(num + " " + unit)
	if err != nil {
		d.Errorf(n, path, err, "%s: not a duration; want %s", yamlnode.Quote(s), want)
		return funding.Duration{}, false
	}
	if v.ApproxDays() > maxYears*funding.DaysPerYear {
		d.Errorf(n, path, ErrInvalid, "%s is too long; a duration in a scenario may be at most %d years", yamlnode.Quote(s), maxYears)
		return funding.Duration{}, false
	}
	if positive && v.IsZero() {
		d.Errorf(n, path, ErrInvalid, "%s: must be longer than 0", yamlnode.Quote(s))
		return funding.Duration{}, false
	}
	return v, true
}

// quantitySyntax is a non-negative decimal number, as a time is written
// before its unit.
var quantitySyntax = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

func isWhole(num string) bool { return !strings.Contains(num, ".") }

// splitQuantity splits "110 days" into its number and its unit's plural
// name, reporting text with no unit, a negative or malformed number, or a
// unit not among units. With short, minutes and hours are allowed too;
// without, they are reported as allowed only in distributions of short
// times.
func (d *decoder) splitQuantity(n *yaml.Node, path, s, want string, units []string, short bool) (num, unit string, ok bool) {
	parts := strings.Fields(s)
	valid := units
	if short {
		valid = append(append([]string(nil), units...), shortUnits...)
	}
	if len(parts) == 1 && (n.Tag == "!!int" || n.Tag == "!!float" || quantitySyntax.MatchString(parts[0])) {
		d.Errorf(n, path, ErrInvalid, "%s has no unit; write %s %s (units: %s)", yamlnode.Quote(s), parts[0], valid[0], strings.Join(valid, ", "))
		return "", "", false
	}
	if len(parts) != 2 {
		d.Errorf(n, path, ErrType, "want %s, got %s", want, yamlnode.Describe(n))
		return "", "", false
	}
	num, word := parts[0], strings.ToLower(parts[1])
	if !quantitySyntax.MatchString(num) {
		d.Errorf(n, path, ErrInvalid, "%s: want a number of at least 0 before the unit, like %s", yamlnode.Quote(s), "30 "+valid[0])
		return "", "", false
	}
	for _, u := range valid {
		if word == u || word == strings.TrimSuffix(u, "s") {
			return num, u, true
		}
	}
	for _, u := range shortUnits {
		if word == u || word == strings.TrimSuffix(u, "s") {
			d.Errorf(n, path, ErrInvalid, "%s: %s are allowed only in distributions of short times (handling_time); use %s",
				yamlnode.Quote(s), u, yamlnode.JoinOr(valid))
			return "", "", false
		}
	}
	d.Errorf(n, path, ErrInvalid, "%s: unknown unit %s%s (valid units: %s)", yamlnode.Quote(s), yamlnode.Quote(parts[1]), yamlnode.DidYouMean(word, valid), strings.Join(valid, ", "))
	return "", "", false
}

// unitDays gives the length of each unit in days as a fraction, so that
// a conversion rounds once: 45 minutes is 45 x 1 / 1440 days. Months and
// years are averages (funding.DaysPerYear), as a simulation clock needs.
var unitDays = map[string]struct{ num, den float64 }{
	"minutes": {1, 24 * 60},
	"hours":   {1, 24},
	"days":    {1, 1},
	"weeks":   {7, 1},
	"months":  {funding.DaysPerYear, 12},
	"years":   {funding.DaysPerYear, 1},
}

// days reads a time with a unit ("110 days", "45 minutes" when short) and
// returns it in days. Fractions are allowed: "2.5 days".
func (d *decoder) days(n *yaml.Node, path string, short bool) (float64, bool) {
	want := `a time with a unit, like "110 days"`
	if short {
		want = `a time with a unit, like "45 minutes"`
	}
	if !d.scalar(n, path, want) {
		return 0, false
	}
	num, unit, ok := d.splitQuantity(n, path, strings.TrimSpace(n.Value), want, calendarUnits, short)
	if !ok {
		return 0, false
	}
	return d.inDays(n, path, num, unit)
}

// inDays converts a number of unit to days, checking it is within maxYears.
func (d *decoder) inDays(n *yaml.Node, path, num, unit string) (float64, bool) {
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) {
		d.Errorf(n, path, ErrInvalid, "%s: not a usable number", yamlnode.Quote(num))
		return 0, false
	}
	u := unitDays[unit]
	v = v * u.num / u.den
	if v > maxYears*funding.DaysPerYear {
		d.Errorf(n, path, ErrInvalid, "%s is too long; a time in a scenario may be at most %d years", yamlnode.Quote(strings.TrimSpace(n.Value)), maxYears)
		return 0, false
	}
	return v, true
}

// distParams lists each family's parameters as a scenario writes them.
var distParams = map[lotting.DistKind][]string{
	lotting.Exponential: {"mean"},
	lotting.Gamma:       {"mean", "sd"},
	lotting.Lognormal:   {"mean", "sd"},
	lotting.Uniform:     {"min", "max"},
	lotting.Triangular:  {"min", "mode", "max"},
	lotting.Empirical:   {"values", "unit"},
}

// paramWant describes each distribution parameter for a missing-key
// message.
var paramWant = map[string]string{
	"mean": "the mean, a time like 110 days",
	"sd":   "the standard deviation, a time like 40 days",
	"min":  "the smallest value, a time like 30 days",
	"mode": "the most likely value, a time like 60 days",
	"max":  "the largest value, a time like 120 days",
}

// distribution reads a distribution of times, in days: a mapping with one
// key naming the family, e.g. {lognormal: {mean: 110 days, sd: 40 days}},
// {fixed: 30 days} or {empirical: {values: [30 days, 60 days]}}. With
// short, times may be in minutes and hours.
func (d *decoder) distribution(n *yaml.Node, path string, short bool) (lotting.Distribution, bool) {
	before := len(d.Problems) + d.Dropped
	dist, ok := d.readDistribution(n, path, short)
	return dist, ok && len(d.Problems)+d.Dropped == before
}

func (d *decoder) readDistribution(n *yaml.Node, path string, short bool) (lotting.Distribution, bool) {
	names := lotting.DistKindNames()
	const like = "{fixed: 30 days} or {lognormal: {mean: 110 days, sd: 40 days}}"
	switch n.Kind {
	case yaml.ScalarNode:
		d.Errorf(n, path, ErrType, "want a distribution, like %s, got %s", like, yamlnode.Describe(n))
		return lotting.Distribution{}, false
	case yaml.MappingNode:
		unknown := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode && !slices.Contains(names, k.Value) {
				d.Errorf(k, yamlnode.Key(path, k.Value), ErrInvalid, "unknown distribution %s%s (valid distributions: %s)",
					yamlnode.Quote(k.Value), yamlnode.DidYouMean(k.Value, names), strings.Join(names, ", "))
				unknown = true
			}
		}
		if unknown {
			return lotting.Distribution{}, false
		}
	}
	f, ok := d.Mapping(n, path, "a distribution, like "+like, names...)
	if !ok {
		return lotting.Distribution{}, false
	}
	if len(n.Content) == 0 {
		d.Errorf(n, path, ErrMissing, "empty distribution; want one of %s, like {exponential: {mean: 60 days}}", strings.Join(names, ", "))
		return lotting.Distribution{}, false
	}
	if f.Len() == 0 {
		return lotting.Distribution{}, false // the unknown name is reported
	}
	if len(n.Content) > 2 {
		d.Errorf(n, path, ErrInvalid, "a distribution names one family; got %d keys", len(n.Content)/2)
		return lotting.Distribution{}, false
	}
	name := n.Content[0].Value
	kind, _ := lotting.ParseDistKind(name)
	v := n.Content[1]
	p := yamlnode.Key(path, name)
	dist := lotting.Distribution{Kind: kind}
	good := true
	if kind == lotting.Fixed {
		if yamlnode.IsNull(v) {
			d.Errorf(v, p, ErrMissing, "no value given; want a time like {fixed: 30 days}")
			return dist, false
		}
		dist.Mean, good = d.days(v, p, short)
		if !good {
			return dist, false
		}
	} else {
		params, ok := d.Mapping(v, p, "the "+name+" parameters ("+strings.Join(distParams[kind], ", ")+")", distParams[kind]...)
		if !ok {
			return dist, false
		}
		read := func(param string, into *float64) {
			pn := d.Require(params, param, paramWant[param])
			if pn == nil {
				good = false
				return
			}
			x, ok := d.days(pn, params.At(param), short)
			good = good && ok
			*into = x
		}
		switch kind {
		case lotting.Exponential:
			read("mean", &dist.Mean)
		case lotting.Gamma, lotting.Lognormal:
			read("mean", &dist.Mean)
			read("sd", &dist.SD)
		case lotting.Uniform:
			read("min", &dist.Min)
			read("max", &dist.Max)
		case lotting.Triangular:
			read("min", &dist.Min)
			read("mode", &dist.Mode)
			read("max", &dist.Max)
		case lotting.Empirical:
			dist.Values, good = d.empirical(params, short)
		}
	}
	if !good {
		return dist, false
	}
	if err := dist.Validate(); err != nil {
		d.Errorf(n, path, err, "%s", plain(err))
		return dist, false
	}
	return dist, true
}

// maxEmpirical is the most values an empirical distribution may have: a
// few years of observed case lengths, say.
const maxEmpirical = 100_000

// empirical reads the values of an empirical distribution, each a time with
// a unit, or plain numbers with a unit given once.
func (d *decoder) empirical(f yamlnode.Fields, short bool) ([]float64, bool) {
	unit := ""
	if un := f.Get("unit"); un != nil {
		valid := calendarUnits
		if short {
			valid = append(append([]string(nil), calendarUnits...), shortUnits...)
		}
		s, ok := d.text(un, f.At("unit"), "a unit ("+strings.Join(valid, ", ")+")")
		if !ok {
			return nil, false
		}
		for _, u := range valid {
			if strings.ToLower(s) == u || strings.ToLower(s) == strings.TrimSuffix(u, "s") {
				unit = u
			}
		}
		if unit == "" {
			d.Errorf(un, f.At("unit"), ErrInvalid, "unknown unit %s%s (valid units: %s)", yamlnode.Quote(s), yamlnode.DidYouMean(strings.ToLower(s), valid), strings.Join(valid, ", "))
			return nil, false
		}
	}
	vn := d.Require(f, "values", "a list of times like [30 days, 60 days]")
	if vn == nil {
		return nil, false
	}
	items := d.ListMax(vn, f.At("values"), "times", maxEmpirical)
	if vn.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(vn, f.At("values"), ErrMissing, "empty list; an empirical distribution needs at least one value")
		return nil, false
	}
	values := make([]float64, 0, len(items))
	good := vn.Kind == yaml.SequenceNode
	for i, item := range items {
		p := yamlnode.Index(f.At("values"), i)
		if unit == "" {
			x, ok := d.days(item, p, short)
			good = good && ok
			values = append(values, x)
			continue
		}
		if item.Kind != yaml.ScalarNode || !quantitySyntax.MatchString(strings.TrimSpace(item.Value)) {
			d.Errorf(item, p, ErrType, "want a number of %s of at least 0 (the unit is given once), got %s", unit, yamlnode.Describe(item))
			good = false
			continue
		}
		x, ok := d.inDays(item, p, strings.TrimSpace(item.Value), unit)
		good = good && ok
		values = append(values, x)
	}
	return values, good
}
