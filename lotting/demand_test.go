package lotting

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/funding"
)

func date(y int, m time.Month, d int) funding.Date { return funding.NewDate(y, m, d) }

// staffordshireSeasons are illustrative multipliers (Jan..Dec): peaks around
// New Year and mid-summer, a rise as schools return (REFERENCES.md: Farrell
// and Pease 1994; seed 001). They average exactly 1.
var staffordshireSeasons = [12]float64{1.05, 0.95, 0.95, 1.0, 1.0, 1.0, 1.05, 1.05, 1.05, 1.0, 0.95, 0.95}

func oneStream(perYear, growth float64) Demand {
	return Demand{
		Start:   date(2018, time.October, 1),
		Streams: []Stream{{Area: "Staffordshire", Group: Victim, PerYear: perYear, RiskMix: map[Risk]float64{Standard: 0.6, Medium: 0.3, High: 0.1}, Growth: growth}},
	}
}

func TestDemandRate(t *testing.T) {
	t.Parallel()
	lockdown := oneStream(3652.5, 0)
	lockdown.Shocks = []Shock{
		{Name: "first lockdown", From: date(2020, time.March, 23), To: date(2020, time.May, 31), Multiplier: 0.6},
		{Name: "rebound", From: date(2020, time.May, 1), To: date(2020, time.June, 30), Multiplier: 1.05},
	}
	seasonal := oneStream(3652.5, 0)
	seasonal.Seasonality = staffordshireSeasons
	tests := []struct {
		name string
		d    Demand
		day  funding.Date
		want float64
	}{
		// 3652.5 / 365.25 = 10 a day.
		{"constant", oneStream(3652.5, 0), date(2019, time.June, 1), 10},
		{"constant before start", oneStream(3652.5, 0), date(2017, time.June, 1), 10},
		// 2019-10-01 is 365 days after 2018-10-01: 10 x 1.03^(365/365.25).
		{"growth after a year", oneStream(3652.5, 0.03), date(2019, time.October, 1), 10 * math.Pow(1.03, 365/365.25)},
		// 2020-10-01 is 731 days after (2020 is a leap year).
		{"growth after two years", oneStream(3652.5, 0.03), date(2020, time.October, 1), 10 * math.Pow(1.03, 731/365.25)},
		// 2018-04-04 is 180 days before the start: growth runs backwards.
		{"growth before start", oneStream(3652.5, 0.03), date(2018, time.April, 4), 10 * math.Pow(1.03, -180/365.25)},
		{"growth with no start", Demand{Streams: oneStream(3652.5, 0.03).Streams}, date(2030, time.January, 1), 10},
		{"first day of the shock", lockdown, date(2020, time.March, 23), 6},
		{"day before the shock", lockdown, date(2020, time.March, 22), 10},
		{"overlapping shocks multiply: 10 x 0.6 x 1.05", lockdown, date(2020, time.May, 31), 6.3},
		{"last day of the rebound", lockdown, date(2020, time.June, 30), 10.5},
		{"after both", lockdown, date(2020, time.July, 1), 10},
		{"January peak", seasonal, date(2020, time.January, 15), 10.5},
		{"November dip", seasonal, date(2019, time.November, 15), 9.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.d.Rate(0, tt.day), approx); diff != "" {
				t.Errorf("Rate(0, %s) (-want +got)\n%s", tt.day, diff)
			}
		})
	}
}

func TestDemandExpected(t *testing.T) {
	t.Parallel()
	lockdown := oneStream(365.25, 0)
	lockdown.Shocks = []Shock{{Name: "first lockdown", From: date(2020, time.March, 23), To: date(2020, time.May, 31), Multiplier: 0.6}}
	seasonal := oneStream(365.25, 0)
	seasonal.Seasonality = staffordshireSeasons
	// Growth: the daily rates from the start form a geometric series with
	// ratio q = 1.1^(1/365.25), so n days sum to (q^n - 1)/(q - 1).
	q := math.Pow(1.1, 1/365.25)
	tests := []struct {
		name     string
		d        Demand
		from, to funding.Date
		want     float64
	}{
		// 10 a day for 10 days.
		{"ten days", oneStream(3652.5, 0), date(2019, time.April, 1), date(2019, time.April, 10), 100},
		{"one day", oneStream(3652.5, 0), date(2019, time.April, 1), date(2019, time.April, 1), 10},
		{"to before from", oneStream(3652.5, 0), date(2019, time.April, 2), date(2019, time.April, 1), 0},
		// 2018/19 has 365 days: 365.25 a year is 1 a day, 365 in the year.
		{"financial year 2018/19", oneStream(365.25, 0), funding.FinancialYear(2018).Start(), funding.FinancialYear(2018).End(), 365},
		// 2019/20 holds 29 February 2020: 366 days.
		{"leap financial year 2019/20", oneStream(365.25, 0), funding.FinancialYear(2019).Start(), funding.FinancialYear(2019).End(), 366},
		// 1 March to 30 June 2020, 1 a day: 22 days before the shock, 9 + 30
		// + 31 = 70 days at 0.6, 30 days of June: 22 + 42 + 30 = 94.
		{"lockdown window", lockdown, date(2020, time.March, 1), date(2020, time.June, 30), 94},
		// Calendar 2019 at 1 a day: Jan 31 x 1.05 = 32.55, Feb 28 x 0.95 =
		// 26.6, Mar 29.45, Apr 30, May 31, Jun 30, Jul 32.55, Aug 32.55, Sep
		// 30 x 1.05 = 31.5, Oct 31, Nov 28.5, Dec 29.45: 365.15, not 365,
		// because the months are not the same length.
		{"seasonality over 2019", seasonal, date(2019, time.January, 1), date(2019, time.December, 31), 365.15},
		{"seasonality in February 2020", seasonal, date(2020, time.February, 1), date(2020, time.February, 29), 29 * 0.95},
		// 731 days from the start at 10% growth, 1 a day at the start.
		{"two years of growth", oneStream(365.25, 0.1), date(2018, time.October, 1), date(2020, time.September, 30), (math.Pow(q, 731) - 1) / (q - 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.d.Expected(0, tt.from, tt.to), approx); diff != "" {
				t.Errorf("Expected(0, %s, %s) (-want +got)\n%s", tt.from, tt.to, diff)
			}
		})
	}
}

func TestDemandStreamIndexPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r != "lotting: stream index 1 out of range: the demand has 1 streams" {
			t.Errorf("recovered %v", r)
		}
	}()
	oneStream(10, 0).Rate(1, date(2020, time.January, 1))
}

func TestDemandValidate(t *testing.T) {
	t.Parallel()
	valid := func() Demand {
		d := oneStream(3400, 0.03)
		d.Streams = append(d.Streams,
			Stream{Area: "Stoke-on-Trent", Group: Victim, PerYear: 2000, RiskMix: map[Risk]float64{Standard: 0.6, Medium: 0.3, High: 0.1}, RepeatRate: 0.31},
			Stream{Area: "Staffordshire", Group: Perpetrator, PerYear: 400, RiskMix: map[Risk]float64{Standard: 1}})
		d.Seasonality = staffordshireSeasons
		d.Shocks = []Shock{{Name: "first lockdown", From: date(2020, time.March, 23), To: date(2020, time.May, 31), Multiplier: 0.6}}
		return d
	}
	tests := []struct {
		name   string
		change func(*Demand)
		want   []string
		reason string
	}{
		{name: "valid", change: func(*Demand) {}},
		{name: "no streams", change: func(d *Demand) { d.Streams = nil }, reason: "Structure.Validate reports lots no referral reaches"},
		{name: "risk mix one third each", change: func(d *Demand) {
			d.Streams[0].RiskMix = map[Risk]float64{Standard: 1.0 / 3, Medium: 1.0 / 3, High: 1.0 / 3}
		}},
		{name: "risk mix short", change: func(d *Demand) { d.Streams[0].RiskMix[High] = 0.05 },
			want: []string{"streams[0].risk_mix ErrBadDemand"}},
		{name: "risk mix empty", change: func(d *Demand) { d.Streams[0].RiskMix = nil },
			want: []string{"streams[0].risk_mix ErrBadDemand"}},
		{name: "risk mix share out of range, unknown risk", change: func(d *Demand) {
			d.Streams[0].RiskMix = map[Risk]float64{Standard: 1.2, High: -0.2, Risk(0): 0}
		}, want: []string{"streams[0].risk_mix ErrBadDemand", "streams[0].risk_mix.high ErrBadDemand", "streams[0].risk_mix.standard ErrBadDemand"}},
		{name: "stream without area or group", change: func(d *Demand) { d.Streams[1].Area, d.Streams[1].Group = "", 0 },
			want: []string{"streams[1].area ErrBadDemand", "streams[1].client_group ErrBadDemand"}},
		{name: "same area and group twice", change: func(d *Demand) { d.Streams[2].Group = Victim },
			want: []string{"streams[2] ErrBadDemand"}},
		{name: "negative and NaN volumes", change: func(d *Demand) { d.Streams[0].PerYear, d.Streams[1].PerYear = -1, math.NaN() },
			want: []string{"streams[0].referrals_per_year ErrBadDemand", "streams[1].referrals_per_year ErrBadDemand"}},
		{name: "shrinking by 100%", change: func(d *Demand) { d.Streams[0].Growth = -1 },
			want: []string{"streams[0].growth ErrBadDemand"}},
		{name: "shrinking by 5%", change: func(d *Demand) { d.Streams[0].Growth = -0.05 }},
		{name: "repeat rate above 1", change: func(d *Demand) { d.Streams[1].RepeatRate = 31 },
			want: []string{"streams[1].repeat_rate ErrBadDemand"}, reason: "31 where 31% was meant"},
		{name: "growth without a start", change: func(d *Demand) { d.Start = funding.Date{} },
			want: []string{"start ErrBadDemand"}},
		{name: "no start and no growth", change: func(d *Demand) { d.Start, d.Streams[0].Growth = funding.Date{}, 0 }},
		{name: "seasonality not averaging 1", change: func(d *Demand) { d.Seasonality[0] = 1.55 },
			want: []string{"seasonality ErrBadDemand"}},
		{name: "seasonality within rounding", change: func(d *Demand) { d.Seasonality[0] = 1.06 }, reason: "mean 1.00083: within 0.001"},
		{name: "negative month", change: func(d *Demand) { d.Seasonality[3] = -1 },
			want: []string{"seasonality[3] ErrBadDemand"}},
		{name: "shock ends before it starts", change: func(d *Demand) { d.Shocks[0].To = date(2020, time.March, 1) },
			want: []string{"shocks[0].to ErrBadDemand"}},
		{name: "shock without dates, negative multiplier", change: func(d *Demand) { d.Shocks = append(d.Shocks, Shock{Multiplier: -0.5}) },
			want: []string{"shocks[1].from ErrBadDemand", "shocks[1].to ErrBadDemand", "shocks[1].multiplier ErrBadDemand"}},
		{name: "a shock that stops referrals", change: func(d *Demand) { d.Shocks[0].Multiplier = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := valid()
			tt.change(&d)
			err := d.Validate()
			if diff := cmp.Diff(tt.want, summarise(t, Split(err))); diff != "" {
				t.Errorf("Validate() problems (-want +got) %s\n%s\nerror: %v", tt.reason, diff, err)
			}
		})
	}
}

func TestDemandValidateMessages(t *testing.T) {
	t.Parallel()
	d := oneStream(3400, 0)
	d.Streams[0].RiskMix[High] = 0.05
	d.Seasonality = staffordshireSeasons
	d.Seasonality[0] = 1.55 // 12 - 1.05 + 1.55 = 12.5, a mean of 1.0417
	want := []string{
		`lotting: bad demand: streams[0].risk_mix: stream 0 (area "Staffordshire", client group victim): risk_mix shares add up to 95%, not 100%`,
		`lotting: bad demand: seasonality: seasonality multipliers average 1.042, not 1 (they add up to 12.5, not 12); they must move referrals between months without changing the year's total`,
	}
	var got []string
	for _, e := range Split(d.Validate()) {
		got = append(got, e.Error())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got)\n%s", diff)
	}
}

// TestShockHits: a shock limited by area and client group hits only the
// streams of both, and one that hits no stream is a problem.
func TestShockHits(t *testing.T) {
	t.Parallel()
	s := Shock{Name: "campaign", From: funding.NewDate(2024, 1, 1), To: funding.NewDate(2024, 3, 31), Multiplier: 2,
		Areas: []string{"North"}, ClientGroups: []ClientGroup{Victim}}
	for _, tc := range []struct {
		st   Stream
		want bool
	}{
		{Stream{Area: "North", Group: Victim}, true},
		{Stream{Area: "South", Group: Victim}, false},
		{Stream{Area: "North", Group: Perpetrator}, false},
	} {
		if got := s.Hits(tc.st); got != tc.want {
			t.Errorf("Hits(%s, %s) = %v, want %v", tc.st.Area, tc.st.Group, got, tc.want)
		}
	}
	if !(Shock{}).Hits(Stream{Area: "anywhere", Group: Perpetrator}) {
		t.Error("a shock naming no area or group must hit every stream")
	}
	d := Demand{Streams: []Stream{{Area: "South", Group: Victim, PerYear: 100, RiskMix: map[Risk]float64{Standard: 1}}}, Shocks: []Shock{s}}
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "hits no referral stream") {
		t.Errorf("Validate: %v; want a shock that hits no stream reported", err)
	}
}
