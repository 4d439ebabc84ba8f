package fit

import (
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/glm"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/records"
)

// This file fits demand: each stream's rate at the start of the records,
// its growth a year, a monthly pattern shared by every stream and a
// multiplier for each stated period, by one Poisson regression of
// referrals over segments of days (a calendar month, split where a period
// starts or ends):
//
//	log E[referrals] = a_s + b_s·t + season(month) + Σ shock·in_period
//	                   + log(days/365.25)
//
// a_s and b_s per stream, t in years from the start of the records. The
// scenario's growth is (1+g)^t, so g = e^b − 1, and its rate at the start
// is e^a times the mean of the twelve monthly factors (the scenario's
// seasonality averages 1). With fewer than two whole years the months
// cannot be told from the trend: the base's seasonality is then taken as
// given (an offset), and with under a year no trend is fitted either.

// minSeasonMonths and minTrendMonths are the whole months of records below
// which the seasonal pattern and the trend are not fitted.
const (
	minSeasonMonths = 24
	minTrendMonths  = 12
)

// streamKey is an area and client group, as indices into the extract.
type streamKey struct{ area, group int16 }

// period is a stated period whose referrals get their own multiplier.
type period struct {
	name     string
	from, to records.Day // both inclusive
	hits     func(area string, group lotting.ClientGroup) bool
	inBase   int // index in the base's shocks, or -1
}

// segment is a run of days in one calendar month with the same periods in
// force, for one stream.
type segment struct {
	stream int
	month  records.Day // first of the month
	moy    int         // month of year, 0 = January
	days   float64     // days of the segment in the records' period
	t      float64     // years from the start to the segment's middle
	y      float64     // referrals
	in     []float64   // share of the segment in each period (0 or 1 for daily records)
}

// demandFit is the result of fitDemand.
type demandFit struct {
	streams []StreamFit
	season  *SeasonFit
	shocks  []ShockFit
	// perYearAt returns stream i's rate a year at day d with its
	// interval: the rate at the start carried by the fitted growth.
	perYearAt func(i int, d records.Day) Estimate
	// written is the fit whose rates the fitted scenario takes: without
	// a trend for the streams trendWritten marks false.
	written      *solvedDemand
	trendWritten []bool
	keys         []streamKey
	notes        []string
}

// fitDemand fits the demand of every stream the records hold.
func fitDemand(ex *records.Extract, base *lotting.Demand, from records.Day, extra []period) (*demandFit, error) {
	to := ex.AsOf
	if to < from {
		return nil, fmt.Errorf("fit: the records' period is empty: it starts %s, after the extract date %s", from, to)
	}
	df := &demandFit{}
	periods := basePeriods(base)
	periods = append(periods, extra...)
	// Daily counts per stream, or monthly counts.
	keys, segs, notes := segments(ex, from, to, periods)
	df.notes = append(df.notes, notes...)
	if len(keys) == 0 {
		return nil, fmt.Errorf("fit: no referral in the records has both an area and a client group the base scenario knows")
	}
	df.keys = keys
	wholeMonths := wholeMonthsBetween(from, to)
	fitSeason := wholeMonths >= minSeasonMonths
	fitTrend := wholeMonths >= minTrendMonths
	if !fitSeason {
		df.notes = append(df.notes, fmt.Sprintf("The records cover %d whole months, fewer than %d: the monthly pattern cannot be told from the trend, so the base scenario's seasonality is taken as given.", wholeMonths, minSeasonMonths))
	}
	if !fitTrend {
		df.notes = append(df.notes, fmt.Sprintf("The records cover %d whole months, fewer than %d: no trend is fitted and the base's growth is kept.", wholeMonths, minTrendMonths))
	}
	// Which periods have records both in and out of them.
	var usePeriod []int
	for j, p := range periods {
		var in, all float64
		for _, s := range segs {
			in += s.in[j] * s.days
			all += s.days
		}
		switch {
		case in == 0:
			// Not in the records: nothing to fit.
		case in >= all:
			df.notes = append(df.notes, fmt.Sprintf("The period %q covers every day of the records, so its multiplier cannot be told from the rate: it is not fitted.", p.name))
		default:
			usePeriod = append(usePeriod, j)
		}
	}
	trend := make([]bool, len(keys))
	for i := range trend {
		trend[i] = fitTrend
	}
	full, err := solveDemand(ex, base, from, keys, segs, periods, usePeriod, trend, fitSeason)
	if err != nil {
		return nil, err
	}
	df.streams, df.season, df.shocks = full.streams, full.season, full.shocks
	df.perYearAt = full.perYearAt
	// A trend the records give no evidence of (p >= 0.05) is not carried
	// into the fitted scenario: its streams are fitted again without one,
	// so that the rate written is their level over the records, and their
	// growth is written as 0%.
	df.written = full
	refit := false
	for i, s := range full.streams {
		if s.TrendP != nil && *s.TrendP >= trendLevel {
			trend[i] = false
			refit = true
		}
	}
	if refit {
		flat, err := solveDemand(ex, base, from, keys, segs, periods, usePeriod, trend, fitSeason)
		if err != nil {
			return nil, err
		}
		df.written = flat
	}
	df.trendWritten = trend
	return df, nil
}

// trendLevel is the p-value below which a trend is taken as real and
// written into the fitted scenario.
const trendLevel = 0.05

// solvedDemand is one Poisson regression of the demand.
type solvedDemand struct {
	streams   []StreamFit
	season    *SeasonFit
	shocks    []ShockFit
	perYearAt func(i int, d records.Day) Estimate
}

// solveDemand fits the regression with a trend for the streams trend
// marks.
func solveDemand(ex *records.Extract, base *lotting.Demand, start records.Day, keys []streamKey, segs []segment, periods []period, usePeriod []int, trend []bool, fitSeason bool) (*solvedDemand, error) {
	df := &solvedDemand{}
	// The design: per stream an intercept and a trend, 11 seasonal
	// columns (February to December against January), one per period.
	col := 0
	icol := make([]int, len(keys))
	tcol := make([]int, len(keys))
	for i := range keys {
		icol[i] = col
		col++
		tcol[i] = -1
		if trend[i] {
			tcol[i] = col
			col++
		}
	}
	scol := col
	if fitSeason {
		col += 11
	}
	pcol := col
	col += len(usePeriod)
	x := make([][]float64, len(segs))
	y := make([]float64, len(segs))
	off := make([]float64, len(segs))
	for r, s := range segs {
		row := make([]float64, col)
		row[icol[s.stream]] = 1
		if tcol[s.stream] >= 0 {
			row[tcol[s.stream]] = s.t
		}
		if fitSeason && s.moy > 0 {
			row[scol+s.moy-1] = 1
		}
		for k, j := range usePeriod {
			row[pcol+k] = s.in[j]
		}
		x[r] = row
		y[r] = s.y
		off[r] = math.Log(s.days / funding.DaysPerYear)
		if !fitSeason {
			off[r] += math.Log(base.Season(time.Month(s.moy + 1)))
		}
		for j, p := range periods {
			if !slices.Contains(usePeriod, j) && p.inBase >= 0 && s.in[j] > 0 {
				// A base shock that cannot be fitted is taken as given.
				off[r] += s.in[j] * math.Log(base.Shocks[p.inBase].Multiplier)
			}
		}
	}
	m, err := glm.FitPoisson(x, y, off)
	if err != nil {
		return nil, fmt.Errorf("fit: demand model: %w", err)
	}
	phi := math.Max(1, m.Dispersion)
	scale := math.Sqrt(phi)
	cov := func(a, b int) float64 { return m.Cov[a][b] * phi }
	const z = 1.959963984540054
	// The seasonal factors and their mean.
	sig := make([]float64, 12)
	if fitSeason {
		for k := 1; k < 12; k++ {
			sig[k] = m.Beta[scol+k-1]
		}
	}
	var meanExp float64
	for _, v := range sig {
		meanExp += math.Exp(v) / 12
	}
	// w[k] is d log(mean exp(sig)) / d sig[k].
	w := make([]float64, 12)
	for k, v := range sig {
		w[k] = math.Exp(v) / 12 / meanExp
	}
	// logRate returns log of stream i's rate a year at t years from the
	// start of the records, and its variance.
	logRate := func(i int, t float64) (float64, float64) {
		g := map[int]float64{icol[i]: 1}
		if tcol[i] >= 0 {
			g[tcol[i]] = t
		}
		if fitSeason {
			for k := 1; k < 12; k++ {
				g[scol+k-1] = w[k]
			}
		}
		v := 0.0
		for a, ga := range g {
			for b, gb := range g {
				v += ga * gb * cov(a, b)
			}
		}
		est := m.Beta[icol[i]] + math.Log(meanExp)
		if tcol[i] >= 0 {
			est += t * m.Beta[tcol[i]]
		}
		return est, math.Max(v, 0)
	}
	df.perYearAt = func(i int, d records.Day) Estimate {
		l, v := logRate(i, float64(d-start)/funding.DaysPerYear)
		se := math.Sqrt(v)
		return Estimate{math.Exp(l), math.Exp(l - z*se), math.Exp(l + z*se)}
	}
	for i, k := range keys {
		sf := StreamFit{
			Area:             ex.Areas[k.area],
			ClientGroup:      ex.Groups[k.group],
			ReferralsPerYear: df.perYearAt(i, start),
			Dispersion:       m.Dispersion,
		}
		if tcol[i] >= 0 {
			b, se := m.Beta[tcol[i]], m.SE[tcol[i]]*scale
			sf.Growth = &Estimate{math.Expm1(b), math.Expm1(b - z*se), math.Expm1(b + z*se)}
			p := 2 * distuv.UnitNormal.Survival(math.Abs(b/se))
			sf.TrendP = &p
		}
		df.streams = append(df.streams, sf)
	}
	// Observed and fitted by month.
	for r, s := range segs {
		sf := &df.streams[s.stream]
		sf.Referrals += int(s.y)
		mu := m.Predict(x[r], off[r])
		label := s.month.Date().String()[:7]
		n := len(sf.Months)
		if n == 0 || sf.Months[n-1].Month != label {
			sf.Months = append(sf.Months, MonthFit{Month: label})
			n++
		}
		mf := &sf.Months[n-1]
		mf.Days += int(math.Round(s.days))
		mf.Observed += int(s.y)
		mf.Fitted += mu
	}
	for i := range df.streams {
		for j := range df.streams[i].Months {
			mf := &df.streams[i].Months[j]
			sd := math.Sqrt(phi * mf.Fitted)
			mf.Lo = math.Max(0, mf.Fitted-1.6448536269514722*sd)
			mf.Hi = mf.Fitted + 1.6448536269514722*sd
		}
	}
	if fitSeason {
		sf := &SeasonFit{}
		for k := 0; k < 12; k++ {
			// log m_k = sig_k - log mean exp(sig); its gradient over
			// sig_j (j >= 1) is [j == k] - w_j.
			v := 0.0
			for a := 1; a < 12; a++ {
				ga := -w[a]
				if a == k {
					ga++
				}
				for b := 1; b < 12; b++ {
					gb := -w[b]
					if b == k {
						gb++
					}
					v += ga * gb * cov(scol+a-1, scol+b-1)
				}
			}
			l := sig[k] - math.Log(meanExp)
			se := math.Sqrt(math.Max(v, 0))
			sf.Multipliers = append(sf.Multipliers, Estimate{math.Exp(l), math.Exp(l - z*se), math.Exp(l + z*se)})
		}
		df.season = sf
	}
	for k, j := range usePeriod {
		p := periods[j]
		b, se := m.Beta[pcol+k], m.SE[pcol+k]*scale
		df.shocks = append(df.shocks, ShockFit{
			Name: p.name, From: p.from.String(), To: p.to.String(),
			Multiplier: Estimate{math.Exp(b), math.Exp(b - z*se), math.Exp(b + z*se)},
			InBase:     p.inBase >= 0,
		})
	}
	return df, nil
}

// basePeriods returns the base scenario's shocks as periods to fit.
func basePeriods(d *lotting.Demand) []period {
	var ps []period
	for i, s := range d.Shocks {
		s := s
		ps = append(ps, period{
			name: s.Name, from: records.DayOf(s.From), to: records.DayOf(s.To), inBase: i,
			hits: func(area string, g lotting.ClientGroup) bool {
				return s.Hits(lotting.Stream{Area: area, Group: g})
			},
		})
	}
	return ps
}

// segments counts referrals by stream and segment of days.
func segments(ex *records.Extract, from, to records.Day, periods []period) ([]streamKey, []segment, []string) {
	var notes []string
	index := map[streamKey]int{}
	var keys []streamKey
	streamOf := func(k streamKey) int {
		i, ok := index[k]
		if !ok {
			i = len(keys)
			index[k] = i
			keys = append(keys, k)
		}
		return i
	}
	groupOf := func(g int16) lotting.ClientGroup {
		cg, _ := lotting.ParseClientGroup(ex.Groups[g])
		return cg
	}
	nDays := int(to-from) + 1
	var daily [][]float64
	var blank, outside int
	switch ex.Kind {
	case records.Counts:
		// Monthly counts: one segment a stream and month.
		type mk struct {
			s     int
			month records.Day
		}
		sums := map[mk]float64{}
		for _, c := range ex.Counts {
			if c.Area < 0 || c.Group < 0 {
				blank += c.Referrals
				continue
			}
			if c.Month < monthOf(from) || c.Month > to {
				outside += c.Referrals
				continue
			}
			sums[mk{streamOf(streamKey{c.Area, c.Group}), c.Month}] += float64(c.Referrals)
		}
		var segs []segment
		for k, v := range sums {
			first, last := k.month, nextMonth(k.month)-1
			first, last = max(first, from), min(last, to)
			s := segment{stream: k.s, month: k.month, moy: int(k.month.Date().Month) - 1, y: v,
				days: float64(last - first + 1),
				t:    (float64(first+last)/2 + 0.5 - float64(from)) / funding.DaysPerYear,
				in:   make([]float64, len(periods))}
			key := keys[k.s]
			for j, p := range periods {
				if p.hits != nil && !p.hits(ex.Areas[key.area], groupOf(key.group)) {
					continue
				}
				lo, hi := max(first, p.from), min(last, p.to)
				if hi >= lo {
					s.in[j] = float64(hi-lo+1) / s.days
				}
			}
			segs = append(segs, s)
		}
		slices.SortFunc(segs, func(a, b segment) int {
			if a.stream != b.stream {
				return a.stream - b.stream
			}
			return int(a.month - b.month)
		})
		if blank > 0 {
			notes = append(notes, fmt.Sprintf("%d referrals without an area or client group are left out of the demand fit.", blank))
		}
		return keys, segs, notes
	default:
		for _, r := range ex.Referrals {
			if r.Area < 0 || r.Group < 0 {
				blank++
				continue
			}
			if r.Referred < from || r.Referred > to {
				outside++
				continue
			}
			i := streamOf(streamKey{r.Area, r.Group})
			for len(daily) <= i {
				daily = append(daily, make([]float64, nDays))
			}
			daily[i][r.Referred-from]++
		}
	}
	if blank > 0 {
		notes = append(notes, fmt.Sprintf("%d referrals without an area or client group are left out of the demand fit.", blank))
	}
	if outside > 0 {
		notes = append(notes, fmt.Sprintf("%d referrals before the period fitted are left out of the demand fit.", outside))
	}
	var segs []segment
	for i, k := range keys {
		area, group := ex.Areas[k.area], groupOf(k.group)
		var cur *segment
		for d := 0; d < nDays; d++ {
			day := from + records.Day(d)
			month := monthOf(day)
			in := make([]float64, len(periods))
			for j, p := range periods {
				if day >= p.from && day <= p.to && (p.hits == nil || p.hits(area, group)) {
					in[j] = 1
				}
			}
			if cur == nil || cur.month != month || !slices.Equal(cur.in, in) {
				segs = append(segs, segment{stream: i, month: month, moy: int(month.Date().Month) - 1, in: in})
				cur = &segs[len(segs)-1]
			}
			cur.y += daily[i][d]
			cur.t += float64(d) + 0.5 // summed, divided below
			cur.days++
		}
	}
	for j := range segs {
		segs[j].t = segs[j].t / segs[j].days / funding.DaysPerYear
	}
	return keys, segs, notes
}

// monthOf returns the first day of d's month.
func monthOf(d records.Day) records.Day {
	t := d.Date()
	return records.DayOf(funding.Date{Year: t.Year, Month: t.Month, Day: 1})
}

// nextMonth returns the first day of the month after the one starting at m.
func nextMonth(m records.Day) records.Day {
	return records.DayOf(m.Date().AddMonths(1))
}

// wholeMonthsBetween counts the calendar months wholly within from..to.
func wholeMonthsBetween(from, to records.Day) int {
	n := 0
	m := monthOf(from)
	if m < from {
		m = nextMonth(m)
	}
	for ; nextMonth(m)-1 <= to; m = nextMonth(m) {
		n++
	}
	return n
}

// index returns the index of stream sf among the fitted streams.
func (d *demandFit) index(sf StreamFit) int {
	for i, s := range d.streams {
		if s.Area == sf.Area && s.ClientGroup == sf.ClientGroup {
			return i
		}
	}
	return -1
}
