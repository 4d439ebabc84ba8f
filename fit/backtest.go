package fit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// BacktestOptions says where a backtest starts and how much it simulates.
type BacktestOptions struct {
	// From is the date the simulation starts from, with the open cases
	// and waiting lists the records show on it (required). It runs to the
	// records' extract date.
	From funding.Date
	// Replications is the number of replications; zero means 200.
	Replications int
	// Seed seeds the simulation; nil means the scenario's.
	Seed *uint64
}

// Backtest is a backtest's result: for each lot and measure, the months
// after From with the observed figure against the simulated 10th to 90th
// percentile band. Its JSON field names are part of lotsim's output.
type Backtest struct {
	Scenario     string `json:"scenario"` // the scenario's file name
	Records      Source `json:"records"`
	From         string `json:"from"`
	To           string `json:"to"`
	Replications int    `json:"replications"`
	Seed         uint64 `json:"seed"`
	// Coverage is the share of every series' months whose observed
	// figure is inside the band: about 0.8 when the model reproduces the
	// service, well below when it does not.
	Coverage float64          `json:"coverage"`
	Series   []BacktestSeries `json:"series"`
	Notes    []string         `json:"notes"`
}

// BacktestSeries is one lot's measure month by month.
type BacktestSeries struct {
	// Name is "LOT: MEASURE", such as "Victims: referrals".
	Name string `json:"name"`
	Lot  string `json:"lot"`
	// Measure is referrals, starts, gave_up (in the month) or waiting
	// (at the month's end).
	Measure string `json:"measure"`
	// Coverage is the share of months whose observed figure is inside
	// the simulated 10th to 90th percentile band.
	Coverage float64         `json:"coverage"`
	Months   []BacktestMonth `json:"months"`
}

// BacktestMonth is one month of a series.
type BacktestMonth struct {
	Month    string  `json:"month"` // YYYY-MM
	Days     int     `json:"days"`  // days of the month in the backtest
	Observed float64 `json:"observed"`
	P10      float64 `json:"p10"`
	P50      float64 `json:"p50"`
	P90      float64 `json:"p90"`
	Inside   bool    `json:"inside"`
}

// backtest measures, in the order of BacktestSeries.Measure.
var backtestMeasures = []string{"referrals", "starts", "gave_up", "waiting"}

// RunBacktest simulates s from the state the records ex show at opt.From
// to their extract date, and sets each lot's observed monthly referrals,
// starts, people giving up and waiting list against the simulated band.
// The start state is every person the records show waiting or in
// service at From, with their risk, stream and the time they had already
// waited or been in service (simulate.InheritedPerson), so that waits,
// patience and the time left on open cases carry on from where they
// were. s is usually a scenario fitted to the same records. The error wraps
// ErrCannotFit for a From outside the records or the scenario.
func RunBacktest(ctx context.Context, s *scenario.Scenario, ex *records.Extract, opt BacktestOptions) (*Backtest, error) {
	if ex.Kind != records.Cases {
		return nil, fmt.Errorf("%w: a backtest needs case-level records (one row a referral), not monthly counts", ErrCannotFit)
	}
	if opt.From.IsZero() {
		return nil, fmt.Errorf("%w: a backtest needs the date to start from", ErrCannotFit)
	}
	from := records.DayOf(opt.From)
	if from <= ex.First || from >= ex.AsOf {
		return nil, fmt.Errorf("%w: the backtest must start after the records' first referral (%s) and before their extract date (%s), not on %s",
			ErrCannotFit, ex.First, ex.AsOf, from)
	}
	reps := opt.Replications
	if reps == 0 {
		reps = 200
	}
	seed := s.Simulation.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	// Time 0 is the earliest contract start; the horizon runs from it to
	// the extract date.
	var t0 records.Day = math.MaxInt32
	for _, c := range s.Contracts {
		t0 = min(t0, records.DayOf(c.Terms.Start))
	}
	if t0 == math.MaxInt32 || t0 > from {
		return nil, fmt.Errorf("%w: the backtest starts on %s, before the scenario's first contract starts", ErrCannotFit, from)
	}
	b, err := s.Build(scenario.Horizon{Kind: scenario.Fixed, Length: funding.Duration{N: int(ex.AsOf-t0) + 1, Unit: funding.Days}})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotFit, err)
	}
	start := records.DayOf(b.Start)
	offset := int(from - start)
	if offset < 0 {
		return nil, fmt.Errorf("%w: the backtest starts on %s, before the scenario's time 0 (%s)", ErrCannotFit, from, start)
	}
	horizon := float64(ex.AsOf-from) + 1
	m, err := shiftModel(b.Model, offset, horizon)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotFit, err)
	}
	// The state at From, from the records, by lot.
	byLot := make([][]records.Referral, len(ex.Lots))
	for _, r := range ex.Referrals {
		if r.Lot >= 0 {
			byLot[r.Lot] = append(byLot[r.Lot], r)
		}
	}
	lotIndex := map[string]int{} // engine lot -> extract lot
	streamOf := streamIndex(m, ex)
	for i, name := range b.Lots {
		if i >= len(m.Lots) {
			break
		}
		li := slices.Index(ex.Lots, name)
		lotIndex[name] = li
		m.Lots[i].Waiting, m.Lots[i].OpenCases, m.Lots[i].Inherited = 0, 0, nil
		if li < 0 {
			continue
		}
		m.Lots[i].Inherited = inheritedAt(byLot[li], from, streamOf)
	}
	// Months of the backtest.
	var months []records.Day
	for mo := monthOf(from); mo <= ex.AsOf; mo = nextMonth(mo) {
		months = append(months, mo)
	}
	nLots := len(m.Lots)
	// sims[rep][lot][measure][month]
	sims := make([][][][]float64, 0, reps)
	var cur [][][]float64
	var waiting []float64
	monthAt := func(t float64) int {
		d := from + records.Day(math.Floor(t))
		k := sort.Search(len(months), func(i int) bool { return months[i] > d }) - 1
		return max(k, 0)
	}
	lastMonth := -1
	rep := -1
	flush := func(upTo int) {
		for ; lastMonth < upTo && lastMonth < len(months); lastMonth++ {
			if lastMonth >= 0 {
				for l := range nLots {
					cur[l][3][lastMonth] = waiting[l]
				}
			}
		}
	}
	newRep := func() {
		if cur != nil {
			flush(len(months))
			sims = append(sims, cur)
		}
		cur = make([][][]float64, nLots)
		for l := range cur {
			cur[l] = make([][]float64, len(backtestMeasures))
			for k := range cur[l] {
				cur[l][k] = make([]float64, len(months))
			}
		}
		waiting = make([]float64, nLots)
		lastMonth = 0
	}
	trace := func(ev simulate.TraceEvent) {
		if ev.Replication != rep {
			rep = ev.Replication
			newRep()
		}
		if ev.Lot < 0 || ev.Lot >= nLots {
			return
		}
		k := monthAt(ev.Time)
		if ev.Time >= 0 {
			flush(k)
		}
		l := ev.Lot
		switch ev.Kind {
		case simulate.TraceInherited:
			if ev.Waiting {
				waiting[l]++
			}
		case simulate.TraceReferred, simulate.TraceRouted:
			if ev.Time >= 0 {
				cur[l][0][k]++
			}
			waiting[l]++
		case simulate.TraceStarted:
			cur[l][1][k]++
			waiting[l]--
		case simulate.TraceGaveUp:
			cur[l][2][k]++
			waiting[l]--
		case simulate.TraceTurnedAway, simulate.TraceDeclined:
			waiting[l]--
		}
	}
	_, err = simulate.Run(ctx, m, simulate.Options{Seed: seed, Replications: reps, Trace: trace})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotFit, err)
	}
	if cur != nil {
		flush(len(months))
		sims = append(sims, cur)
	}
	bt := &Backtest{
		Scenario: baseName(s.File), From: from.String(), To: ex.AsOf.String(), Replications: len(sims), Seed: seed,
		Records: Source{File: ex.File, SHA256: ex.SHA256, Kind: kindName(ex.Kind), Rows: ex.Rows, From: ex.First.String(), To: ex.AsOf.String()},
	}
	var inside, total int
	for l := 0; l < nLots; l++ {
		name := b.Lots[l]
		li := lotIndex[name]
		if li < 0 {
			bt.Notes = append(bt.Notes, name+": no rows in the records, so not backtested.")
			continue
		}
		obs := observedMonths(byLot[li], months, from, ex.AsOf)
		for k, measure := range backtestMeasures {
			se := BacktestSeries{Name: name + ": " + measure, Lot: name, Measure: measure}
			in := 0
			for mi, mo := range months {
				vals := make([]float64, len(sims))
				for r := range sims {
					vals[r] = sims[r][l][k][mi]
				}
				slices.Sort(vals)
				first, last := max(mo, from), min(nextMonth(mo)-1, ex.AsOf)
				bm := BacktestMonth{
					Month: mo.Date().String()[:7], Days: int(last-first) + 1, Observed: obs[k][mi],
					P10: quantile(vals, 0.1), P50: quantile(vals, 0.5), P90: quantile(vals, 0.9),
				}
				bm.Inside = bm.Observed >= bm.P10 && bm.Observed <= bm.P90
				if bm.Inside {
					in++
				}
				se.Months = append(se.Months, bm)
			}
			se.Coverage = float64(in) / float64(len(months))
			inside += in
			total += len(months)
			bt.Series = append(bt.Series, se)
		}
	}
	if total > 0 {
		bt.Coverage = float64(inside) / float64(total)
	}
	bt.Notes = append(bt.Notes,
		"The band is the 10th to 90th percentile of the simulated months: when the model reproduces the service, about 8 months in 10 fall inside it.",
		"The waiting list in the records counts only people referred since the records began; so does the simulation's start state, taken from the records on "+from.String()+": each person then waiting or in service, with their risk, area, client group and the days they had already waited or been in service.")
	return bt, nil
}

// observedMonths counts the records' measures by month: referrals,
// starts and people giving up in each month from from, and the waiting
// list at each month's end (or the extract date).
func observedMonths(rows []records.Referral, months []records.Day, from, asOf records.Day) [][]float64 {
	out := make([][]float64, len(backtestMeasures))
	for k := range out {
		out[k] = make([]float64, len(months))
	}
	idx := func(d records.Day) int {
		if d < from || d > asOf {
			return -1
		}
		return sort.Search(len(months), func(i int) bool { return months[i] > d }) - 1
	}
	for _, r := range rows {
		if i := idx(r.Referred); i >= 0 && r.Outcome != records.ReferredOn {
			out[0][i]++
		}
		if r.Start != records.NoDay {
			if i := idx(r.Start); i >= 0 {
				out[1][i]++
			}
		}
		if r.Outcome == records.GaveUp {
			if i := idx(r.End); i >= 0 {
				out[2][i]++
			}
		}
	}
	for i, mo := range months {
		end := min(nextMonth(mo)-1, asOf)
		for _, s := range state(rows, end) {
			out[3][i] += float64(s.Waiting)
		}
	}
	return out
}

// quantile is the p-quantile of sorted values (linear between order
// statistics); 0 for none.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (h-float64(lo))*(sorted[hi]-sorted[lo])
}

// shiftModel returns a copy of m whose time 0 is day offset of m's, run
// for horizon days with no warm-up: rates, capacity steps, contract years
// and cohort dates move with it.
func shiftModel(m *simulate.Model, offset int, horizon float64) (*simulate.Model, error) {
	c := *m
	off := float64(offset)
	c.Horizon, c.WarmUp, c.SampleEvery = horizon, 0, -1
	c.YearStarts = []float64{0}
	for _, y := range m.YearStarts {
		if y-off > 0 && y-off < horizon {
			c.YearStarts = append(c.YearStarts, y-off)
		}
	}
	c.Streams = slices.Clone(m.Streams)
	for i := range c.Streams {
		r := c.Streams[i].RatePerDay
		if len(r) == 0 {
			continue
		}
		if offset >= len(r) {
			c.Streams[i].RatePerDay = []float64{r[len(r)-1]}
			continue
		}
		c.Streams[i].RatePerDay = r[offset:]
	}
	c.Lots = slices.Clone(m.Lots)
	for i := range c.Lots {
		l := &c.Lots[i]
		// Steps move with time 0; of those now at or before it, the last
		// (the capacity on the new time 0) is kept, at 0.
		var steps []simulate.CapacityStep
		for _, st := range l.Slots {
			st.At -= off
			if st.At <= 0 {
				st.At = 0
				if len(steps) > 0 && steps[len(steps)-1].At == 0 && st.Probability == 0 && steps[len(steps)-1].Probability == 0 {
					steps = steps[:len(steps)-1]
				}
			}
			steps = append(steps, st)
		}
		l.Slots = steps
		if l.Group.StartEvery > 0 {
			// Cohorts started at FirstStart + k × StartEvery from the
			// start of m's clock (-WarmUp); the next one after the new
			// time 0.
			first := l.Group.FirstStart - m.WarmUp - off
			k := math.Ceil(-first / l.Group.StartEvery)
			l.Group.FirstStart = first + math.Max(k, 0)*l.Group.StartEvery
		}
		l.Cost = nil
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// inheritedAt lists the people of rows waiting or in service at the start
// of day from (the state on from-1, as state counts it), each with the
// days waited since referral or in service since the start, their risk
// (0, drawn by the engine, when the record has none) and their stream
// (-1, drawn, when the records' area and client group name no stream).
func inheritedAt(rows []records.Referral, from records.Day, streamOf func(area, group int16) int) []simulate.InheritedPerson {
	var out []simulate.InheritedPerson
	d := from - 1
	for _, r := range rows {
		if r.Referred > d || r.Outcome == records.TurnedAway || r.Outcome == records.ReferredOn {
			continue
		}
		if r.End != records.NoDay && r.End <= d {
			continue
		}
		ip := simulate.InheritedPerson{Waiting: true, Elapsed: float64(from - r.Referred), Stream: streamOf(r.Area, r.Group)}
		if r.Start != records.NoDay && r.Start <= d {
			ip.Waiting, ip.Elapsed = false, float64(from-r.Start)
		}
		if r.Risk >= 0 && r.Risk <= 2 {
			ip.Risk = lotting.RiskAt(int(r.Risk))
		}
		out = append(out, ip)
	}
	return out
}

// streamIndex returns a function giving the index in m.Streams of the
// stream with the records' area and client group (by name), or -1 when
// either is blank or no stream matches. A model with no named areas
// matches on the client group alone.
func streamIndex(m *simulate.Model, ex *records.Extract) func(area, group int16) int {
	return func(area, group int16) int {
		if group < 0 || int(group) >= len(ex.Groups) {
			return -1
		}
		g, err := lotting.ParseClientGroup(ex.Groups[group])
		if err != nil {
			return -1
		}
		for s, st := range m.Streams {
			if st.Group != g {
				continue
			}
			if len(m.Areas) == 0 {
				return s
			}
			if area >= 0 && int(area) < len(ex.Areas) && st.Area < len(m.Areas) && m.Areas[st.Area] == ex.Areas[area] {
				return s
			}
		}
		return -1
	}
}
