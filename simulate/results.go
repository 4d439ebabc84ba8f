package simulate

import (
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
)

// Metric names one outcome measured in every replication for every cell.
type Metric int

// The metrics. Counts are of events in the cell's period (a contract year,
// or the whole reported period): referrals by the time they reach the lot,
// starts and waits by the time service starts, completions and drop-outs
// by the time they leave.
const (
	Referrals      Metric = iota // referrals reaching the lot (for the front door: all referrals)
	Repeats                      // of those, repeat referrals
	Starts                       // cases started (cohort places taken, beds taken)
	Completions                  // cases completed (for the front door: triaged)
	Disengaged                   // gave up while waiting (patience ran out)
	DroppedOut                   // left during service
	TurnedAway                   // turned away from a full refuge
	Declined                     // refuge offers declined by the survivor
	SelfServed                   // referred on without service (front door)
	WaitMean                     // mean wait of starts, days
	WaitMedian                   // median wait of starts, days (histogram estimate, within 0.79%)
	WaitP90                      // 90th percentile wait of starts, days (within 0.79%)
	WaitP95                      // 95th percentile wait of starts, days (within 0.79%)
	WithinTarget                 // of those who started, the share (with a target) that waited at most the target
	MeanWaiting                  // time-average waiting list over the period
	YearEndWaiting               // waiting list at the end of the period
	Utilisation                  // slot-days in use, up to capacity / slot-days available (lot totals only; at most 1)
	// ReferredWithinTarget is the share of the people referred to the lot
	// in the period, at a risk level with a target, who started within
	// it. A person who gave up waiting or was turned away counts as
	// missed, and so does one still waiting past the target when the
	// simulation ends; one still waiting inside the target then is left
	// out, as are declined refuge offers. People count in the contract
	// year they were referred, whenever the outcome came. Unlike
	// WithinTarget it cannot improve because people stop waiting.
	ReferredWithinTarget
	// ExcessCases is the time-average number of open cases (running
	// cohorts, occupied beds) above the lot's capacity: cases inherited
	// beyond it, or kept open when capacity fell (lot totals only).
	ExcessCases
	// StretchedStarts counts the starts taken on above the lot's normal
	// caseload (Lot.Stretch): seen at once, with a longer case. They
	// count in Starts too.
	StretchedStarts
	// StretchedShare is StretchedStarts as a share of Starts.
	StretchedShare
	// TimeStretched is the share of the period in which the lot held more
	// cases than its normal caseload (lot totals only; 0 for a lot that
	// does not stretch).
	TimeStretched
	// ExtraCaseload is the time-average number of cases held above the
	// normal caseload, up to the stretched maximum (lot totals only; 0
	// for a lot that does not stretch).
	ExtraCaseload
	// Contacts is the number of engagement contacts made with people
	// while they waited (Disengagement.EngageEvery), in the contract year
	// each was made. A contact is not a start and is never counted as
	// seen.
	Contacts
	NumMetrics // number of metrics
)

var metricNames = [NumMetrics]string{"referrals", "repeats", "starts", "completions", "disengaged",
	"dropped_out", "turned_away", "declined", "self_served", "wait_mean", "wait_median", "wait_p90",
	"wait_p95", "within_target", "mean_waiting", "year_end_waiting", "utilisation",
	"share_referred_within_target", "excess_cases", "stretched_starts", "share_stretched_starts",
	"share_time_stretched", "extra_caseload", "contacts"}

// metricAliases are other names ParseMetric accepts: the JSON names of
// the shares.
var metricAliases = map[string]Metric{"share_within_target": WithinTarget, "referred_within_target": ReferredWithinTarget}

// String returns the metric's name, e.g. "wait_p90".
func (m Metric) String() string {
	if m >= 0 && m < NumMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// ParseMetric returns the metric named s (as String writes it).
func ParseMetric(s string) (Metric, error) {
	for m, n := range metricNames {
		if n == s {
			return Metric(m), nil
		}
	}
	if m, ok := metricAliases[s]; ok {
		return m, nil
	}
	return 0, fmt.Errorf("simulate: unknown metric %q (want one of %v)", s, metricNames)
}

// Selectors for the totals in Results.Cell.
const (
	AllYears              = -1 // every contract year: the whole reported period
	AllAreas              = -1 // every area
	AllRisks lotting.Risk = 0  // every risk level
	// AllGroups selects every client group in Results.CellGroup.
	AllGroups lotting.ClientGroup = 0
)

// Cell holds the results for one lot, contract year, area and risk level
// across replications.
type Cell struct {
	metrics [NumMetrics]stats.Summary
	// Waits pools the waits of every start in every replication.
	Waits stats.Histogram
	// MissedTarget counts the replications in which the share of
	// referred people seen within target (ReferredWithinTarget) was below
	// the lot's TargetShare, out of those in which anybody with a target
	// was counted: the probability that the lot misses its waiting-time
	// target in the period.
	MissedTarget stats.Proportion
}

// Metric returns the summary across replications of metric m: its mean and
// 95% confidence interval. Only replications in which the metric is
// defined count (the wait metrics need at least one start, WithinTarget a
// start with a target, ReferredWithinTarget a referral with a target that
// was counted, Utilisation some capacity), so N may be below the number of
// replications.
func (c *Cell) Metric(m Metric) stats.Summary { return c.metrics[m] }

// Results are what Run returns: per cell (lot, contract year, area, risk)
// summaries across replications, waiting-list bands over time and totals.
type Results struct {
	// Replications is the number of replications merged.
	Replications int
	// Lots names the stations results are kept for: the model's lots in
	// order, then "front door" if the model has one.
	Lots []string
	// FrontDoor is the index in Lots of the front door, or -1.
	FrontDoor int
	// Stretches[i] says lot i may stretch its caseload (Lot.Stretch), so
	// that StretchedStarts, StretchedShare, TimeStretched and
	// ExtraCaseload mean something for it.
	Stretches []bool
	// Areas names the areas (one unnamed area if the model has none).
	Areas []string
	// Years is the number of contract years.
	Years int
	// SampleTimes are the times (days from 0) of the waiting-list samples.
	SampleTimes []float64
	// Events and Customers count the events processed and the referrals
	// made (warm-up included) over all merged replications.
	Events, Customers int64
	// System summarises the flow through the whole system per replication.
	System SystemFlow

	p     *plan
	cells []Cell
	bands []stats.CountHistogram // [sample*nSt + station]
}

// SystemFlow summarises, across replications, the conservation identity
// In + Referrals = Completed + DroppedOut + Disengaged + TurnedAway +
// Declined + SelfServed + Out, which the engine checks in every replication.
type SystemFlow struct {
	In, Referrals, Repeats, Completed, DroppedOut, Disengaged, TurnedAway, Declined, SelfServed, Out stats.Summary
}

func newResults(p *plan) *Results {
	r := &Results{p: p, FrontDoor: p.frontDoor, Years: p.nY,
		cells: make([]Cell, p.nCells()),
		bands: make([]stats.CountHistogram, p.nSamples*p.nSt),
	}
	for i := range p.nSt {
		r.Lots = append(r.Lots, p.stationName(i))
		r.Stretches = append(r.Stretches, i < len(p.m.Lots) && p.m.Lots[i].Stretch != nil)
	}
	r.Areas = append(r.Areas, p.m.Areas...)
	if len(r.Areas) == 0 {
		r.Areas = []string{""}
	}
	for k := range p.nSamples {
		r.SampleTimes = append(r.SampleTimes, float64(k)*p.sampleEvery)
	}
	return r
}

// merge adds one replication's results; replications must be merged in
// index order for results to be independent of the number of workers.
func (r *Results) merge(rr *repResult) {
	p := r.p
	r.Replications++
	r.Events += rr.events
	for i := range rr.cells {
		t := &rr.cells[i]
		c := &r.cells[i]
		for m, v := range t.vals {
			if !math.IsNaN(v) {
				c.metrics[m].Add(v)
			}
		}
		c.Waits.Merge(&t.waits)
		if t.n[cRefTargeted] > 0 {
			st := p.cellStation(i)
			c.MissedTarget.Add(float64(t.n[cRefWithin]) < p.targetShare[st]*float64(t.n[cRefTargeted]))
		}
	}
	for i, v := range rr.samples {
		r.bands[i].Add(int(v))
	}
	f := rr.sys
	s := &r.System
	r.Customers += rr.customers
	s.In.Add(float64(f.start))
	s.Referrals.Add(float64(f.arrivals))
	s.Repeats.Add(float64(f.repeats))
	s.Completed.Add(float64(f.completions))
	s.DroppedOut.Add(float64(f.droppedOut))
	s.Disengaged.Add(float64(f.abandoned))
	s.TurnedAway.Add(float64(f.turnedAway))
	s.Declined.Add(float64(f.declined))
	s.SelfServed.Add(float64(f.selfServed))
	s.Out.Add(float64(f.end))
}

// Cell returns the results of lot (an index in Lots), contract year (0
// based, or AllYears), area (an index in Areas, or AllAreas) and risk (a
// level, or AllRisks for every level). It panics if an index is out of
// range: that is a programming error, not bad input.
func (r *Results) Cell(lot, year, area int, risk lotting.Risk) *Cell {
	return &r.cells[r.p.cell("Results.Cell", lot, year, area, risk)]
}

// cell returns the index of the tally or Cell of lot (a station), year
// (or AllYears), area (or AllAreas) and risk (or AllRisks), panicking with
// the caller's name if an index is out of range.
func (p *plan) cell(caller string, lot, year, area int, risk lotting.Risk) int {
	y, a := year, area
	if y == AllYears {
		y = p.nY
	}
	if a == AllAreas {
		a = p.nA
	}
	ri := 3 // AllRisks
	if risk != AllRisks {
		ri = risk.Index() // -1, out of range, if not a level
	}
	if lot < 0 || lot >= p.nSt || y < 0 || y > p.nY || a < 0 || a > p.nA || ri < 0 {
		panic(fmt.Sprintf("simulate: %s(%d, %d, %d, %v) out of range", caller, lot, year, area, risk))
	}
	return p.cellIndex(lot, y, a, ri)
}

// Groups returns the client groups that reach lot (an index in Lots), in
// ascending order: those routed to it (every stream's, for the front
// door) and those of people it inherits. A lot with more than one pools
// them, and CellGroup breaks its results down by group; for a lot with
// one, every cell is that group's. It panics if lot is out of range.
func (r *Results) Groups(lot int) []lotting.ClientGroup {
	if lot < 0 || lot >= r.p.nSt {
		panic(fmt.Sprintf("simulate: Results.Groups(%d) out of range", lot))
	}
	return slices.Clone(r.p.sc[lot].groupList())
}

// CellGroup is Cell for the people of one client group: the results of
// lot, year, area and risk (with Cell's selectors) for group, or for every
// group with AllGroups, which is Cell. For a lot that one group reaches
// it is Cell for that group. It returns nil if group does not reach the
// lot (see Groups), and panics as Cell does if an index is out of range.
//
// Counts, waits and waiting lists are kept per group; the lot-wide
// measures (Utilisation, ExcessCases, TimeStretched, ExtraCaseload) are
// defined in the all-groups cell only.
func (r *Results) CellGroup(lot, year, area int, risk lotting.Risk, group lotting.ClientGroup) *Cell {
	i, ok := r.p.cellGroup("Results.CellGroup", lot, year, area, risk, group)
	if !ok {
		return nil
	}
	return &r.cells[i]
}

// cellGroup returns the index of the tally or Cell of lot, year, area and
// risk (with cell's selectors) for group (or AllGroups), and false if the
// group does not reach the lot; it panics as cell does.
func (p *plan) cellGroup(caller string, lot, year, area int, risk lotting.Risk, group lotting.ClientGroup) (int, bool) {
	i := p.cell(caller, lot, year, area, risk)
	switch {
	case group == AllGroups:
		return i, true
	case !slices.Contains(p.sc[lot].groupList(), group):
		return 0, false
	case p.sc[lot].nG == 1:
		return i, true
	}
	// From slot 0 to the group's slot in the same year's block.
	return i + p.sc[lot].slot[group]*(p.nA+1)*4, true
}

// CostPerCompletion returns the lot's cost in a contract year (or the sum
// over all years, for AllYears) divided by the mean number of completions
// in it across replications, rounded to the penny. ok is false if the
// model gives no cost for the year or there were no completions.
func (r *Results) CostPerCompletion(lot, year int) (cost funding.Money, ok bool) {
	p := r.p
	if lot < 0 || lot >= len(p.m.Lots) {
		return funding.Money{}, false
	}
	costs := p.m.Lots[lot].Cost
	var total funding.Money
	switch {
	case year == AllYears:
		if len(costs) == 0 {
			return funding.Money{}, false
		}
		total = funding.Sum(costs[0], costs[1:]...)
	case year >= 0 && year < len(costs):
		total = costs[year]
	default:
		return funding.Money{}, false
	}
	n := r.Cell(lot, year, AllAreas, AllRisks).Metric(Completions).Mean()
	if !(n > 0) {
		return funding.Money{}, false
	}
	// The mean count is a float; it becomes a decimal only here, at the
	// reporting boundary, and the money is divided exactly to the penny.
	return total.Div(decimal.NewFromFloat(n), 2), true
}

// Band is the spread of a lot's waiting list at one time across
// replications.
type Band struct {
	T             float64 // days from 0
	P10, P50, P90 float64 // percentiles across replications (exact)
	Mean          float64
}

// WaitingBands returns the 10th, 50th and 90th percentiles of the lot's
// waiting list (all areas and risks) at every sample time, and its mean.
// It panics if lot is not an index in Lots.
func (r *Results) WaitingBands(lot int) []Band {
	p := r.p
	out := make([]Band, p.nSamples)
	for k := range out {
		h := &r.bands[k*p.nSt+lot]
		out[k] = Band{T: r.SampleTimes[k], P10: h.Quantile(0.1), P50: h.Quantile(0.5), P90: h.Quantile(0.9), Mean: h.Mean()}
	}
	return out
}
