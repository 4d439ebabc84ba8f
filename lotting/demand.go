package lotting

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/lotsim/lotsim/funding"
)

// Demand describes the referrals a partnership expects: streams by area and
// client group, each with a yearly volume, a risk mix and growth, shaped over
// the year by seasonality and over time by shocks.
type Demand struct {
	// Start is the date the streams' PerYear figures refer to; growth
	// compounds from it. It may be zero only if no stream grows.
	Start funding.Date
	// Streams are the sources of referrals.
	Streams []Stream
	// Seasonality multiplies the daily rate by month, January to December.
	// The multipliers average 1, so they move referrals between months
	// without changing a year's total. The zero value means no seasonality.
	Seasonality [12]float64
	// Shocks multiply the rate between two dates (a lockdown dip, a
	// rebound). Where shocks overlap their multipliers multiply.
	Shocks []Shock
}

// Stream is the referrals from one area for one client group.
type Stream struct {
	// Area is the area the referrals come from.
	Area string
	// Group is the client group the referrals are about.
	Group ClientGroup
	// PerYear is the number of referrals a year at Start, repeats included.
	PerYear float64
	// RiskMix is the share of referrals at each risk level; the shares are
	// from 0 to 1 and add up to 1.
	RiskMix map[Risk]float64
	// Growth is the yearly growth rate, compounding: 0.03 is 3% a year.
	Growth float64
	// RepeatRate is the share of referrals, 0 to 1, that are repeats (a
	// person referred again within 12 months). PerYear already counts them:
	// Rate and Expected do not add them again.
	RepeatRate float64
}

// Shock multiplies the referral rate from From to To, both inclusive.
type Shock struct {
	// Name says what the shock is, e.g. "first lockdown"; used in messages.
	Name string
	// From and To are the first and last days the shock is in force.
	From, To funding.Date
	// Multiplier scales the rate on those days: 0.6 is a 40% drop, 1.3 a
	// 30% rise.
	Multiplier float64
	// Areas and ClientGroups limit the shock to the streams of those areas
	// and client groups (a campaign in one area, a lockdown dip in one
	// group's referrals); empty means every one.
	Areas        []string
	ClientGroups []ClientGroup
}

// Hits reports whether the shock applies to stream st: its area and client
// group are among the shock's, or the shock names none.
func (s Shock) Hits(st Stream) bool {
	return (len(s.Areas) == 0 || slices.Contains(s.Areas, st.Area)) &&
		(len(s.ClientGroups) == 0 || slices.Contains(s.ClientGroups, st.Group))
}

// stream returns stream i, panicking with a clear message if there is none.
func (d Demand) stream(i int) Stream {
	if i < 0 || i >= len(d.Streams) {
		panic(fmt.Sprintf("lotting: stream index %d out of range: the demand has %d streams", i, len(d.Streams)))
	}
	return d.Streams[i]
}

// Season returns the seasonality multiplier for month: 1 when the demand has
// no seasonality.
func (d Demand) Season(month time.Month) float64 {
	if d.Seasonality == ([12]float64{}) || month < time.January || month > time.December {
		return 1
	}
	return d.Seasonality[month-1]
}

// ShockFactor returns the product of the multipliers of every shock in
// force on day, whatever streams it hits: 1 when there is none. A
// stream's rate uses StreamShockFactor.
func (d Demand) ShockFactor(day funding.Date) float64 {
	f := 1.0
	for _, s := range d.Shocks {
		if !day.Before(s.From) && !day.After(s.To) {
			f *= s.Multiplier
		}
	}
	return f
}

// StreamShockFactor is ShockFactor for stream st: the product of the
// multipliers of the shocks in force on day that hit st (Shock.Hits).
func (d Demand) StreamShockFactor(st Stream, day funding.Date) float64 {
	f := 1.0
	for _, s := range d.Shocks {
		if !day.Before(s.From) && !day.After(s.To) && s.Hits(st) {
			f *= s.Multiplier
		}
	}
	return f
}

// Rate returns the expected referrals a day from stream i on day:
//
//	PerYear/365.25 x (1+Growth)^(years since Start) x season(month) x shocks
//
// where the shocks are those in force on day that hit the stream
// (Shock.Hits), years since Start is whole days since Start / 365.25
// (negative before Start) and growth is not applied when Start is zero. Rate panics
// if i is not the index of a stream, as indexing a slice would.
func (d Demand) Rate(i int, day funding.Date) float64 {
	s := d.stream(i)
	return s.PerYear / funding.DaysPerYear * d.growth(s, day) * d.Season(day.Month) * d.StreamShockFactor(s, day)
}

func (d Demand) growth(s Stream, day funding.Date) float64 {
	if s.Growth == 0 || d.Start.IsZero() {
		return 1
	}
	years := float64(day.DaysSince(d.Start)) / funding.DaysPerYear
	return math.Pow(1+s.Growth, years)
}

// Expected returns the expected referrals from stream i over the days from
// from to to, both inclusive: the sum of Rate over those days. It is 0 if
// to is before from. A full year at a constant rate with no seasonality
// gives PerYear x 365/365.25 (or 366/365.25 in a leap year). Expected
// panics if i is not the index of a stream.
func (d Demand) Expected(i int, from, to funding.Date) float64 {
	d.stream(i)
	sum := 0.0
	end := to.Time()
	for t := from.Time(); !t.After(end); t = t.AddDate(0, 0, 1) {
		sum += d.Rate(i, funding.DateOf(t))
	}
	return sum
}

// riskMixTolerance is how far a risk mix may add up from 1: percentages
// written to a few decimal places and read into floats add up within it.
const riskMixTolerance = 1e-6

// seasonTolerance is how far the mean of the seasonality multipliers may be
// from 1: multipliers written to two decimal places can average 1 within
// rounding, but a mean of 1.01 would add 1% to a year's referrals.
const seasonTolerance = 1e-3

// Validate reports everything wrong with the demand: a stream without an
// area or with an unknown client group, a negative or non-finite volume, a
// risk mix that does not add up to 100%, growth of -100% or less, repeat
// rates outside 0 to 100%, two streams for the same area and group,
// seasonality that does not average 1, shocks that end before they start or
// multiply by a negative number, and growth with no start date. Each
// problem is a *Problem wrapping ErrBadDemand, with a path relative to the
// demand ("streams[1].risk_mix"); they are joined with errors.Join (use
// Split to list them). Whether the areas exist is for the Structure to
// check.
func (d Demand) Validate() error {
	var ps problems
	type key struct {
		area  string
		group ClientGroup
	}
	seen := map[key]int{}
	growing := false
	for i, s := range d.Streams {
		at := fmt.Sprintf("streams[%d]", i)
		who := fmt.Sprintf("stream %d (area %q, client group %s)", i, s.Area, s.Group)
		if s.Area == "" {
			ps.add(at+".area", ErrBadDemand, fmt.Sprintf("%s: a stream needs the area its referrals come from", who))
		}
		if !s.Group.Valid() {
			ps.add(at+".client_group", ErrBadDemand, fmt.Sprintf("%s: %s", who, badName("client group", s.Group, ClientGroupNames())))
		}
		if s.Area != "" && s.Group.Valid() {
			k := key{s.Area, s.Group}
			if j, dup := seen[k]; dup {
				ps.add(at, ErrBadDemand, fmt.Sprintf("%s: streams[%d] is for the same area and client group; give one stream for each", who, j))
			} else {
				seen[k] = i
			}
		}
		if !finiteAtLeast(s.PerYear, 0) {
			ps.add(at+".referrals_per_year", ErrBadDemand, fmt.Sprintf("%s: referrals_per_year must be a number at least 0, got %v", who, s.PerYear))
		}
		checkRiskMix(&ps, at+".risk_mix", who, s.RiskMix)
		if !finiteAtLeast(s.Growth, -1) || s.Growth <= -1 {
			ps.add(at+".growth", ErrBadDemand, fmt.Sprintf("%s: growth must be a rate above -100%% a year, got %v", who, s.Growth))
		} else if s.Growth != 0 {
			growing = true
		}
		if !isShare(s.RepeatRate) {
			ps.add(at+".repeat_rate", ErrBadDemand, fmt.Sprintf("%s: repeat_rate must be from 0%% to 100%%, got %v", who, s.RepeatRate))
		}
	}
	if growing && d.Start.IsZero() {
		ps.add("start", ErrBadDemand, "streams grow but the demand has no start date; give the date referrals_per_year refers to")
	}
	d.checkSeasonality(&ps)
	for i, s := range d.Shocks {
		at := fmt.Sprintf("shocks[%d]", i)
		who := fmt.Sprintf("shock %d", i)
		if s.Name != "" {
			who = fmt.Sprintf("shock %q", s.Name)
		}
		if s.From.IsZero() {
			ps.add(at+".from", ErrBadDemand, fmt.Sprintf("%s has no start date (from)", who))
		}
		if s.To.IsZero() {
			ps.add(at+".to", ErrBadDemand, fmt.Sprintf("%s has no end date (to)", who))
		}
		if !s.From.IsZero() && !s.To.IsZero() && s.To.Before(s.From) {
			ps.add(at+".to", ErrBadDemand, fmt.Sprintf("%s ends on %s, before it starts on %s", who, s.To, s.From))
		}
		if !finiteAtLeast(s.Multiplier, 0) {
			ps.add(at+".multiplier", ErrBadDemand, fmt.Sprintf("%s: multiplier must be a number at least 0 (0.6 for a 40%% drop), got %v", who, s.Multiplier))
		}
		if (len(s.Areas) > 0 || len(s.ClientGroups) > 0) && len(d.Streams) > 0 && !slices.ContainsFunc(d.Streams, s.Hits) {
			ps.add(at, ErrBadDemand, fmt.Sprintf("%s hits no referral stream: no stream is of the areas %v and client groups %v it names", who, s.Areas, s.ClientGroups))
		}
	}
	return ps.join()
}

func checkRiskMix(ps *problems, at, who string, mix map[Risk]float64) {
	if len(mix) == 0 {
		ps.add(at, ErrBadDemand, fmt.Sprintf("%s: risk_mix is empty; give the shares at standard, medium and high risk, adding up to 100%%", who))
		return
	}
	var bad []Risk
	for r := range mix {
		if !r.Valid() {
			bad = append(bad, r)
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i] < bad[j] })
	for _, r := range bad {
		ps.add(at, ErrBadDemand, fmt.Sprintf("%s: risk_mix has a share for %s, which is not one of %s", who, r, joinOr(RiskNames())))
	}
	sum, ok := 0.0, true
	for _, r := range Risks() {
		share, given := mix[r]
		if !given {
			continue
		}
		if !isShare(share) {
			ps.add(at+"."+r.String(), ErrBadDemand, fmt.Sprintf("%s: the share at %s risk must be from 0%% to 100%%, got %v", who, r, share))
			ok = false
			continue
		}
		sum += share
	}
	if ok && len(bad) == 0 && math.Abs(sum-1) > riskMixTolerance {
		ps.add(at, ErrBadDemand, fmt.Sprintf("%s: risk_mix shares add up to %s%%, not 100%%", who, formatPercent(sum)))
	}
}

func (d Demand) checkSeasonality(ps *problems) {
	if d.Seasonality == ([12]float64{}) {
		return
	}
	sum, ok := 0.0, true
	for m, x := range d.Seasonality {
		if !finiteAtLeast(x, 0) {
			ps.add(fmt.Sprintf("seasonality[%d]", m), ErrBadDemand, fmt.Sprintf("seasonality multiplier for %s must be a number at least 0, got %v", time.Month(m+1), x))
			ok = false
			continue
		}
		sum += x
	}
	if ok && math.Abs(sum/12-1) > seasonTolerance {
		ps.add("seasonality", ErrBadDemand, fmt.Sprintf("seasonality multipliers average %.4g, not 1 (they add up to %.4g, not 12); they must move referrals between months without changing the year's total", sum/12, sum))
	}
}

// formatPercent writes a share as a percentage to 6 significant figures:
// 0.95 -> "95", 0.3333 -> "33.33".
func formatPercent(share float64) string {
	return fmt.Sprintf("%.6g", share*100)
}
