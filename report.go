package lotsim

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// Float is a float64 that JSON writes as null when it is not a number
// (NaN or an infinity): a figure that is not available, such as the mean
// wait of a cell in which nobody started, or a confidence interval from
// one replication. Null reads back as NaN.
type Float float64

// MarshalJSON writes f as a JSON number, or null when it is not finite.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON reads a JSON number, or null as NaN.
func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

// Estimate is a figure estimated by Monte Carlo: the mean of its values
// across the N replications in which it is defined, and the 95% confidence
// interval of that mean (Student t). Lo and Hi are null in JSON when N is
// below 2, and Mean when N is 0.
type Estimate struct {
	Mean Float `json:"mean"`
	Lo   Float `json:"ci_lo"`
	Hi   Float `json:"ci_hi"`
	N    int   `json:"n"`
}

// newEstimate returns the estimate of a summary across replications.
func newEstimate(s stats.Summary) Estimate {
	ci := s.CI95()
	return Estimate{Mean: Float(s.Mean()), Lo: Float(ci.Lo), Hi: Float(ci.Hi), N: s.N()}
}

// newShareEstimate returns the estimate of a share (a fraction from 0 to
// 1) across replications: the Student t interval of the mean of the
// replications' shares, cut to [0, 1]. The share cannot lie outside [0,
// 1], so cutting the interval there never loses coverage; it only stops
// an interval from a few replications claiming 103%.
func newShareEstimate(s stats.Summary) Estimate {
	e := newEstimate(s)
	if e.N >= 2 {
		e.Lo, e.Hi = Float(min(max(float64(e.Lo), 0), 1)), Float(min(max(float64(e.Hi), 0), 1))
	}
	return e
}

// ShareEstimate returns the estimate of a share across replications, its
// interval cut to [0, 1] as every share's is in a RunReport.
func ShareEstimate(s stats.Summary) Estimate { return newShareEstimate(s) }

// IsShare reports whether metric m is a share from 0 to 1, whose interval
// is cut to [0, 1].
func IsShare(m simulate.Metric) bool {
	return m == simulate.WithinTarget || m == simulate.ReferredWithinTarget || m == simulate.Utilisation
}

// MetricEstimate returns the estimate of metric m of a cell across
// replications: a share's interval is cut to [0, 1].
func MetricEstimate(c *simulate.Cell, m simulate.Metric) Estimate {
	if IsShare(m) {
		return newShareEstimate(c.Metric(m))
	}
	return newEstimate(c.Metric(m))
}

// Excludes reports whether the interval lies wholly above or wholly below
// v: the estimate differs from v at the 95% level.
func (e Estimate) Excludes(v float64) bool {
	return float64(e.Lo) > v || float64(e.Hi) < v
}

// HalfWidth is half the interval's width: the ± margin of the mean. It is
// NaN when there is no interval.
func (e Estimate) HalfWidth() float64 { return (float64(e.Hi) - float64(e.Lo)) / 2 }

// Probability is an estimated probability: the share of trials in which
// something happened, with the Wilson 95% interval.
type Probability struct {
	Estimate  Float `json:"estimate"`
	Lo        Float `json:"ci_lo"`
	Hi        Float `json:"ci_hi"`
	Successes int   `json:"successes"`
	Trials    int   `json:"trials"`
}

// RunReport is a scenario's simulation in the stable form that
// `lotsim run --format json` prints: provenance, plain-language findings,
// the budget, and for every lot its results by contract year, area and
// risk level with 95% confidence intervals, its waiting list over time and
// its waiting-time distributions. Money is an exact decimal string, dates
// "YYYY-MM-DD", shares and utilisation fractions (0.25 is 25%), waits days.
// A figure that is not available is null. Fields are only ever added,
// never renamed or removed.
type RunReport struct {
	Scenario     string       `json:"scenario"`
	File         string       `json:"file"`
	SHA256       string       `json:"sha256"`
	Seed         uint64       `json:"seed"`
	Replications int          `json:"replications"`
	Version      string       `json:"lotsim_version"`
	Date         string       `json:"date"`  // when the figures were produced, YYYY-MM-DD; set by the caller
	Start        funding.Date `json:"start"` // first day of the reported period
	End          funding.Date `json:"end"`   // last day of the reported period
	Years        []string     `json:"years"` // contract year labels, in order
	Areas        []string     `json:"areas"` // area names
	// Stopping is the stopping rule the run used and whether it was met;
	// null for a fixed number of replications.
	Stopping *StoppingReport `json:"stopping_rule"`
	Findings []RunFinding    `json:"findings"` // plain-language findings, most important first within each lot
	Lots     []LotResult     `json:"lots"`     // in SimResult.Lots order: served lots, then the front door
	Budget   *BudgetReport   `json:"budget"`   // the money side, as lotsim budget reports it, its capacity years cut to those the simulation covers
}

// StoppingReport records a run sized by a stopping rule: the metric whose
// interval had to be narrow, the precision asked for and reached, and
// whether it was met before the most replications allowed.
type StoppingReport struct {
	Metric string `json:"metric"` // as given, e.g. high_risk_wait_p90
	Lot    string `json:"lot"`
	// RelativeHalfWidth is the precision asked for: the 95% interval's
	// half-width as a share of the estimate (0.05 for 5%).
	RelativeHalfWidth float64 `json:"relative_half_width"`
	// Achieved is the precision reached, on the same scale; null if the
	// metric was never defined or had no interval.
	Achieved     Float    `json:"achieved_relative_half_width"`
	Estimate     Estimate `json:"estimate"`
	Min          int      `json:"min_replications"`
	Max          int      `json:"max_replications"`
	Replications int      `json:"replications"`
	Met          bool     `json:"met"`
}

// RunFinding is one plain-language finding drawn from the figures by the
// thresholds documented on FindRunFindings.
type RunFinding struct {
	Kind FindingKind `json:"kind"` // one of the Kind constants: over_capacity, full, target_missed, ...
	Lot  string      `json:"lot"`
	Risk string      `json:"risk,omitempty"`
	Text string      `json:"text"` // one sentence with its figures and intervals
}

// LotResult is one lot's (or the front door's) simulated results.
type LotResult struct {
	Name      string `json:"name"`
	Mode      string `json:"mode"` // casework, group, beds or front_door
	FrontDoor bool   `json:"front_door"`
	// WaitTargets are the waiting-time targets in days by risk level
	// ("high", "medium", "standard"); a risk level without a target is
	// absent.
	WaitTargets map[string]float64 `json:"wait_targets_days"`
	// TargetLevel is the share of referred people a contract year must
	// see within target to meet it (the scenario's wait_target_level);
	// absent for the front door.
	TargetLevel float64 `json:"wait_target_level,omitempty"`
	// InheritedWaiting and InheritedOpenCases are the people already
	// waiting and the cases already open when the period starts: their
	// completions count in the period, their referrals and (for open
	// cases) their starts do not.
	InheritedWaiting   int `json:"inherited_waiting,omitempty"`
	InheritedOpenCases int `json:"inherited_open_cases,omitempty"`
	// Cells are the results by contract year, area and risk level; an
	// empty Year, Area or Risk means the whole period, all areas or all
	// risk levels. The first cell is the lot's total over the whole
	// period. A cell of one area or risk level in which nothing happened
	// (no referrals, starts or waiting) is left out.
	Cells []CellResult `json:"cells"`
	// WaitingList is the lot's waiting list over time: percentiles across
	// replications at each sample time.
	WaitingList []WaitingPoint `json:"waiting_list"`
	// Waits are the waiting-time distributions of starts over the whole
	// period, pooled over replications: all risk levels first, then by
	// level.
	Waits []WaitDistribution `json:"waits"`

	index map[cellKey]int // Cells by year, area and risk; built by Cell
}

// CellResult is one lot's results in one contract year (or the whole
// period), area (or all) and risk level (or all). Counts are per
// replication over the cell's period; waits are in days; WithinTarget and
// Utilisation are fractions.
type CellResult struct {
	Year string `json:"year"`
	Area string `json:"area"`
	Risk string `json:"risk"`

	Referrals   Estimate `json:"referrals"`
	Repeats     Estimate `json:"repeats"`
	Starts      Estimate `json:"starts"`
	Completions Estimate `json:"completions"` // for the front door: triaged
	Disengaged  Estimate `json:"disengaged"`  // gave up while waiting
	DroppedOut  Estimate `json:"dropped_out"` // left during service
	TurnedAway  Estimate `json:"turned_away"` // refuge full: turned away
	Declined    Estimate `json:"declined"`    // refuge offers declined
	SelfServed  Estimate `json:"self_served"` // front door: referred on without service

	WaitMean   Estimate `json:"wait_mean_days"`
	WaitMedian Estimate `json:"wait_median_days"`
	WaitP90    Estimate `json:"wait_p90_days"`
	WaitP95    Estimate `json:"wait_p95_days"`
	// WithinTarget is the share of those who started that waited at most
	// the target; N is 0 where no start had a target. People who gave up
	// or were turned away are not in it, so it can rise as a service gets
	// worse: read ReferredWithinTarget instead.
	WithinTarget Estimate `json:"share_within_target"`
	// ReferredWithinTarget is the share of the people referred in the
	// cell's period, at a risk level with a target, who started within
	// it: giving up, being turned away or still waiting past the target
	// when the period ends is a miss; declined refuge offers and people
	// still inside their target at the end are left out. People count in
	// the contract year they were referred. N is 0 where nobody with a
	// target was counted. This is the measure findings, compare, sweep and
	// the chance of missing a target use.
	ReferredWithinTarget Estimate `json:"share_referred_within_target"`
	MeanWaiting          Estimate `json:"waiting_time_average"` // time-average waiting list
	YearEndWaiting       Estimate `json:"waiting_at_end"`       // waiting list at the end of the cell's period
	// Utilisation is the share of the available slot-time in use, at most
	// 1: open cases above capacity count in ExcessCases (lot totals only).
	Utilisation Estimate `json:"utilisation"`
	// ExcessCases is the time-average number of open cases (running
	// cohorts, occupied beds) above capacity: inherited beyond it, or kept
	// open when capacity fell (lot totals only).
	ExcessCases Estimate `json:"excess_cases"`
	// CostPerCompletion is the lot's cost divided by its mean completions
	// (lot totals of a year or the whole period only; absent when there
	// is no cost or no completion).
	CostPerCompletion *funding.Money `json:"cost_per_completion,omitempty"`
	// MissedTarget is the probability that the share of referred people
	// seen within target (ReferredWithinTarget) falls below the lot's
	// TargetLevel in the cell's period: absent where nobody with a target
	// was counted.
	MissedTarget *Probability `json:"missed_target,omitempty"`
}

// WaitingPoint is the waiting list at one sample time: its 10th, 50th and
// 90th percentiles and mean across replications.
type WaitingPoint struct {
	Day  float64      `json:"day"` // days from the start of the period
	Date funding.Date `json:"date"`
	P10  float64      `json:"p10"`
	P50  float64      `json:"p50"`
	P90  float64      `json:"p90"`
	Mean float64      `json:"mean"`
}

// WaitDistribution is the distribution of waits of one risk level ("" for
// all) over the whole period: the share of starts in each bin.
type WaitDistribution struct {
	Risk   string    `json:"risk"`
	Starts int       `json:"starts"` // starts pooled over every replication
	Bins   []WaitBin `json:"bins"`
}

// WaitBin is the share of starts whose wait was above From and at most To
// days (the first bin includes waits of From).
type WaitBin struct {
	From  float64 `json:"from_days"`
	To    float64 `json:"to_days"`
	Share float64 `json:"share"`
}

// riskOrder is the order risk levels are reported in: all, then high
// first, as services prioritise.
var riskOrder = []lotting.Risk{simulate.AllRisks, lotting.High, lotting.Medium, lotting.Standard}

// riskName is "" for all risk levels, else the level's name.
func riskName(r lotting.Risk) string {
	if r == simulate.AllRisks {
		return ""
	}
	return r.String()
}

// NewRunReport gathers a simulation's results, the scenario's budget and
// the findings drawn from them. Date is left for the caller to set.
func NewRunReport(s *Scenario, res *SimResult) (*RunReport, error) {
	b, err := Budget(s)
	if err != nil {
		return nil, err
	}
	r := res.Results
	m := res.Model
	out := &RunReport{
		Scenario: s.Name, File: s.File, SHA256: s.SHA256, Seed: res.Seed,
		Replications: res.Replications, Version: Version,
		Start: res.Start, End: res.Start.AddDays(int(m.Horizon) - 1),
		Years: res.YearLabels, Areas: r.Areas, Budget: b, Findings: []RunFinding{},
	}
	for li, name := range res.Lots {
		lr := LotResult{Name: name, WaitTargets: map[string]float64{}}
		if li == r.FrontDoor {
			lr.Mode, lr.FrontDoor = "front_door", true
		} else {
			ml := m.Lots[li]
			lr.Mode = ml.Mode.String()
			lr.TargetLevel = ml.TargetShare
			if lr.TargetLevel == 0 {
				lr.TargetLevel = lotting.DefaultWaitTargetLevel
			}
			lr.InheritedWaiting, lr.InheritedOpenCases = ml.Waiting, ml.OpenCases
			for k, t := range ml.Targets {
				if t > 0 {
					lr.WaitTargets[lotting.Risk(k+1).String()] = t
				}
			}
		}
		for y := simulate.AllYears; y < r.Years; y++ {
			for a := simulate.AllAreas; a < len(r.Areas); a++ {
				for _, rk := range riskOrder {
					c := cellResult(res, li, y, a, rk)
					if (a != simulate.AllAreas || rk != simulate.AllRisks) && c.empty() {
						continue
					}
					lr.Cells = append(lr.Cells, c)
				}
			}
		}
		for _, band := range r.WaitingBands(li) {
			lr.WaitingList = append(lr.WaitingList, WaitingPoint{
				Day: band.T, Date: res.Start.AddDays(int(band.T)), P10: band.P10, P50: band.P50, P90: band.P90, Mean: band.Mean,
			})
		}
		lr.Waits = waitDistributions(r, li, lr.WaitTargets)
		out.Lots = append(out.Lots, lr)
	}
	out.Budget = b.within(out.Start, out.End)
	if res.Stop != nil && res.Stopping != nil {
		out.Stopping = stoppingReport(res)
	}
	out.Findings = FindRunFindings(out, m)
	return out, nil
}

// cellResult reads one cell.
func cellResult(res *SimResult, lot, year, area int, risk lotting.Risk) CellResult {
	r := res.Results
	c := r.Cell(lot, year, area, risk)
	e := func(m simulate.Metric) Estimate { return MetricEstimate(c, m) }
	out := CellResult{
		Risk:        riskName(risk),
		Referrals:   e(simulate.Referrals),
		Repeats:     e(simulate.Repeats),
		Starts:      e(simulate.Starts),
		Completions: e(simulate.Completions),
		Disengaged:  e(simulate.Disengaged),
		DroppedOut:  e(simulate.DroppedOut),
		TurnedAway:  e(simulate.TurnedAway),
		Declined:    e(simulate.Declined),
		SelfServed:  e(simulate.SelfServed),
		WaitMean:    e(simulate.WaitMean), WaitMedian: e(simulate.WaitMedian),
		WaitP90: e(simulate.WaitP90), WaitP95: e(simulate.WaitP95),
		WithinTarget: e(simulate.WithinTarget), ReferredWithinTarget: e(simulate.ReferredWithinTarget),
		MeanWaiting: e(simulate.MeanWaiting), YearEndWaiting: e(simulate.YearEndWaiting),
		Utilisation: e(simulate.Utilisation), ExcessCases: e(simulate.ExcessCases),
	}
	if year != simulate.AllYears {
		out.Year = res.YearLabels[year]
	}
	if area != simulate.AllAreas {
		out.Area = r.Areas[area]
	}
	if area == simulate.AllAreas && risk == simulate.AllRisks {
		if cost, ok := r.CostPerCompletion(lot, year); ok {
			out.CostPerCompletion = &cost
		}
	}
	if p := c.MissedTarget; p.Trials() > 0 {
		ci := p.Wilson95()
		out.MissedTarget = &Probability{Estimate: Float(p.Estimate()), Lo: Float(ci.Lo), Hi: Float(ci.Hi), Successes: p.Successes(), Trials: p.Trials()}
	}
	return out
}

// empty reports whether nothing happened in the cell in any replication.
func (c CellResult) empty() bool {
	zero := func(e Estimate) bool { return e.N == 0 || (e.Mean == 0 && !(e.Hi > 0)) }
	return zero(c.Referrals) && zero(c.Starts) && zero(c.MeanWaiting) && zero(c.YearEndWaiting)
}

// Cell returns the lot's cell for year, area and risk ("" for the whole
// period, all areas, all risk levels), and false if the report left it
// out because nothing happened in it.
// It looks the cell up in an index built on first use, which is rebuilt
// if Cells has changed length since (a report read from JSON, or one whose
// cells a caller has added to).
func (l *LotResult) Cell(year, area, risk string) (CellResult, bool) {
	if len(l.index) != len(l.Cells) {
		l.index = make(map[cellKey]int, len(l.Cells))
		for i, c := range l.Cells {
			if _, dup := l.index[cellKey{c.Year, c.Area, c.Risk}]; !dup { // the first, as a search would find
				l.index[cellKey{c.Year, c.Area, c.Risk}] = i
			}
		}
	}
	i, ok := l.index[cellKey{year, area, risk}]
	if !ok {
		return CellResult{}, false
	}
	return l.Cells[i], true
}

// cellKey names a cell of a lot: its year, area and risk level.
type cellKey struct{ year, area, risk string }

// waitBins is about how many bins a waiting-time distribution has, and
// maxWaitBins the most it has before the open-ended last bin (enough for
// 2-day bins over a year).
const (
	waitBins    = 20
	maxWaitBins = 200
)

// waitDistributions bins the pooled waits of a lot, all risks and each.
// The bins are equal, up to the 99th percentile of all waits or the
// longest target, whichever is further; one last bin holds the rest, up
// to the longest wait. The width is a 1-2-5 step giving about waitBins
// bins, except that when the targets are whole days it is the largest
// whole number of days at or below that step that divides every target,
// so that each target falls on a bin edge and the share within it can be
// read from the bars.
func waitDistributions(r *simulate.Results, lot int, targets map[string]float64) []WaitDistribution {
	all := &r.Cell(lot, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Waits
	if all.Count() == 0 {
		return []WaitDistribution{}
	}
	top := all.Quantile(0.99)
	for _, t := range targets {
		top = max(top, t)
	}
	width := targetStep(niceStep(top/waitBins), targets)
	edges := []float64{0}
	for e := width; e < top+width/2 && len(edges) <= maxWaitBins; e += width {
		edges = append(edges, math.Round(e*1e9)/1e9)
	}
	if mx := all.Max(); mx > edges[len(edges)-1] {
		edges = append(edges, mx)
	}
	var out []WaitDistribution
	for _, rk := range riskOrder {
		h := &r.Cell(lot, simulate.AllYears, simulate.AllAreas, rk).Waits
		if h.Count() == 0 {
			continue
		}
		d := WaitDistribution{Risk: riskName(rk), Starts: h.Count()}
		prev := 0.0
		for i := 1; i < len(edges); i++ {
			f := h.FractionAtMost(edges[i])
			if i == len(edges)-1 {
				f = 1 // the last bin takes every wait above the one before
			}
			d.Bins = append(d.Bins, WaitBin{From: edges[i-1], To: edges[i], Share: max(f-prev, 0)})
			prev = f
		}
		out = append(out, d)
	}
	return out
}

// targetStep returns a bin width at most step on whose multiples every
// target falls: the largest whole number of days dividing every target
// when the targets are whole days and step is a day or more, step itself
// when it is under a day (1-2-5 steps under a day divide a day), and step
// when a target is not a whole number of days.
func targetStep(step float64, targets map[string]float64) float64 {
	g := 0
	for _, t := range targets {
		if t <= 0 || t != math.Trunc(t) || t > 1e6 {
			return step
		}
		g = gcd(g, int(t))
	}
	if g == 0 || step < 1 {
		return step
	}
	for d := min(g, int(step)); d > 1; d-- {
		if g%d == 0 {
			return float64(d)
		}
	}
	return 1
}

// gcd returns the greatest common divisor of a and b (gcd(0, b) = b).
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// niceStep returns the 1-2-5 step at or above x (at least 1e-3 days).
func niceStep(x float64) float64 {
	if !(x > 1e-3) {
		return 1e-3
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// Thresholds of the findings FindRunFindings draws.
const (
	// FullUtilisation: a lot whose utilisation interval lies wholly at or
	// above it is reported as full.
	FullUtilisation = 0.95
	// UnderUsedUtilisation: a lot whose utilisation interval lies wholly
	// below it is reported as under-used.
	UnderUsedUtilisation = 0.6
	// GaveUpShare: a lot at which at least this share of referrals give
	// up waiting has it reported.
	GaveUpShare = 0.10
	// TargetShare is the default share of referred people a contract year
	// must see within target to meet a waiting-time target; a lot's own
	// level is LotResult.TargetLevel (the scenario's wait_target_level).
	TargetShare = lotting.DefaultWaitTargetLevel
	// PracticalChangePeople and PracticalChangeShare are the practical
	// size a change in a waiting list must have to be a finding, as well
	// as an interval that excludes zero: at least this many people over
	// the period, and at least this share of the larger of the two
	// yearly averages compared.
	PracticalChangePeople = 5
	PracticalChangeShare  = 0.10
	// PracticalExcessCases is the smallest time-average number of open
	// cases above capacity that is reported.
	PracticalExcessCases = 0.5
)

// FindingKind says what a RunFinding is about; JSON writes it as its
// string, such as "over_capacity".
type FindingKind string

// The finding kinds FindRunFindings draws.
const (
	KindOverCapacity       FindingKind = "over_capacity"
	KindFull               FindingKind = "full"
	KindUnderUsed          FindingKind = "under_used"
	KindWaitingListGrows   FindingKind = "waiting_list_grows"
	KindWaitingListFalls   FindingKind = "waiting_list_falls"
	KindTargetMissed       FindingKind = "target_missed"
	KindGaveUp             FindingKind = "gave_up"
	KindTurnedAway         FindingKind = "turned_away"
	KindInheritedOverload  FindingKind = "inherited_overload"
	KindCasesAboveCapacity FindingKind = "cases_above_capacity"
	KindInherited          FindingKind = "inherited"
	KindNoInterval         FindingKind = "no_interval"
	KindStoppingRuleNotMet FindingKind = "stopping_rule_not_met"
)

// FindingRules says in words the rules FindRunFindings draws findings by,
// for a report's reader.
func FindingRules() string {
	return "Findings follow stated rules. A lot is over capacity in a year when the budget's expected demand exceeds the cases " +
		"its capacity can take that year; full when its utilisation interval is at or above " + fmtPct0(FullUtilisation) +
		", under-used when wholly below " + fmtPct0(UnderUsedUtilisation) + ". A target is missed when the share of referred " +
		"people seen within it (those who gave up, were turned away or were still waiting past it at the end count as missed) " +
		"has its 95% interval wholly below the level a year must reach (" + fmtPct0(TargetShare) + " unless the scenario says). " +
		"A waiting list grows or falls when its yearly average changes between the first and last contract years with an " +
		"interval that excludes zero and by at least " + strconv.Itoa(PracticalChangePeople) + " people and " +
		fmtPct0(PracticalChangeShare) + " of the larger average. People giving up are reported at " + fmtPct0(GaveUpShare) +
		" of referrals or more."
}

// FindRunFindings draws plain-language findings from a run's figures, by
// stated rules (FindingRules says them in words), for each lot in order:
//
//   - inherited_overload: the lot starts with more open cases than its
//     capacity, which shows as cases held above capacity;
//   - cases_above_capacity: otherwise, capacity falls while cases are
//     open, holding at least PracticalExcessCases above it on average;
//   - over_capacity: the budget's hand arithmetic gives expected demand
//     above the cases a year the lot's capacity can take, judged in every
//     financial year the simulation covers, naming those years;
//   - full or under_used: the whole-period utilisation's 95% interval lies
//     at or above FullUtilisation, or below UnderUsedUtilisation;
//   - waiting_list_grows or waiting_list_falls: the change a month in the
//     lot's time-average waiting list from the first contract year to the
//     last (averages, so that a cohort cycle does not pass for a trend),
//     with an interval that adds the two averages' half-widths (which
//     holds whatever their correlation), only when that interval excludes
//     zero and the change over the period is of practical size
//     (PracticalChangePeople and PracticalChangeShare);
//   - target_missed: for each risk level with a target, the share of
//     referred people seen within it has its 95% interval wholly below the
//     lot's TargetLevel in some contract year or over the whole period;
//     the sentence names the years, gives the chance of missing it in each
//     and the area faring worst;
//   - gave_up: at least GaveUpShare of referrals give up waiting;
//   - turned_away: the refuge turns people away (interval above zero);
//   - inherited: completions exceed starts because the run inherits open
//     cases, whose starts fall before the period.
//
// With fewer than two replications no interval can be given; the findings
// that need one are left out and a no_interval finding says so.
//
// m is the model the report's figures came from (for the contract years'
// times and the lots' capacity).
func FindRunFindings(r *RunReport, m *simulate.Model) []RunFinding {
	out := []RunFinding{}
	add := func(kind FindingKind, lot, risk, format string, args ...any) {
		out = append(out, RunFinding{Kind: kind, Lot: lot, Risk: risk, Text: fmt.Sprintf(format, args...)})
	}
	if st := r.Stopping; st != nil && !st.Met {
		reached := "no interval could be given"
		if a := float64(st.Achieved); !math.IsNaN(a) {
			reached = "it reached " + fmtPct(a)
		}
		add(KindStoppingRuleNotMet, st.Lot, "", "The stopping rule was not met: %s of %s was to be within %s of its estimate, but after the most replications allowed (%d) %s.",
			st.Metric, st.Lot, fmtPct(st.RelativeHalfWidth), st.Max, reached)
	}
	if r.Replications < 2 {
		add(KindNoInterval, "", "", "With %s no confidence interval can be given, so the findings that need one (missed targets, "+
			"waiting lists growing or falling, full or under-used lots, people turned away) are left out: run at least 2 replications.",
			plural(r.Replications, "replication"))
	}
	for li, l := range r.Lots {
		if l.FrontDoor {
			continue
		}
		var ml *simulate.Lot
		if m != nil && li < len(m.Lots) {
			ml = &m.Lots[li]
		}
		total, _ := l.Cell("", "", "")
		if x := total.ExcessCases; x.N > 0 && float64(x.Mean) >= PracticalExcessCases {
			cap0 := -1
			if ml != nil {
				cap0 = slotsAtStart(ml)
			}
			if l.InheritedOpenCases > 0 && l.InheritedOpenCases > cap0 && cap0 >= 0 {
				add(KindInheritedOverload, l.Name, "", "%s starts with %s open cases, more than its capacity of %s at a time: "+
					"on average %s cases are held above capacity over the period%s, and new referrals wait until the caseload falls below it.",
					l.Name, fmtCount(float64(l.InheritedOpenCases)), fmtCount(float64(cap0)), fmtNum1(float64(x.Mean)), ciText(x, fmtNum1))
			} else {
				add(KindCasesAboveCapacity, l.Name, "", "%s's capacity falls while cases are open: on average %s cases are held above capacity over the period%s.",
					l.Name, fmtNum1(float64(x.Mean)), ciText(x, fmtNum1))
			}
		}
		if f, ok := overCapacity(r, l.Name); ok {
			add(KindOverCapacity, l.Name, "", "%s", f)
		}
		if u := total.Utilisation; u.N >= 2 {
			switch {
			case float64(u.Lo) >= FullUtilisation:
				add(KindFull, l.Name, "", "%s is full: its capacity is in use %s of the time%s.", l.Name, fmtPct(float64(u.Mean)), ciText(u, fmtPct))
			case float64(u.Hi) < UnderUsedUtilisation:
				add(KindUnderUsed, l.Name, "", "%s is under-used: its capacity is in use %s of the time%s.", l.Name, fmtPct(float64(u.Mean)), ciText(u, fmtPct))
			}
		}
		if g, ok := waitingGrowth(r, l, m); ok {
			kind, verb := KindWaitingListGrows, "grows"
			if g.Mean < 0 {
				kind, verb = KindWaitingListFalls, "falls"
			}
			lo, hi := float64(g.Lo), float64(g.Hi)
			if g.Mean < 0 {
				lo, hi = -hi, -lo
			}
			// Below one a month, two decimals keep the interval's ends
			// apart from zero in print.
			f := fmtNum1
			if math.Abs(float64(g.Mean)) < 1 {
				f = func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
			}
			add(kind, l.Name, "", "The waiting list at %s %s by %s a month (95%% CI %s to %s): it averages %s in the first contract year (%s) and %s in the last (%s).",
				l.Name, verb, f(math.Abs(float64(g.Mean))), f(lo), f(hi), fmtCount(g.from), r.Years[0], fmtCount(g.to), r.Years[len(r.Years)-1])
		}
		for _, rk := range []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard} {
			if text, ok := targetMissed(r, l, rk.String()); ok {
				add(KindTargetMissed, l.Name, rk.String(), "%s", text)
			}
		}
		if d, ref := total.Disengaged, total.Referrals; d.N > 0 && ref.Mean > 0 && float64(d.Mean)/float64(ref.Mean) >= GaveUpShare {
			add(KindGaveUp, l.Name, "", "%s people give up waiting for %s over the period%s, %s of its %s referrals.",
				fmtCount(float64(d.Mean)), l.Name, ciText(d, fmtCount), fmtPct(float64(d.Mean)/float64(ref.Mean)), fmtCount(float64(ref.Mean)))
		}
		if t := total.TurnedAway; t.N >= 2 && float64(t.Lo) > 0 {
			text := fmt.Sprintf("%s turns away %s people over the period because it is full%s", l.Name, fmtCount(float64(t.Mean)), ciText(t, fmtCount))
			if ref := total.Referrals; ref.Mean > 0 {
				text += fmt.Sprintf(", %s of its %s referrals", fmtPct(float64(t.Mean)/float64(ref.Mean)), fmtCount(float64(ref.Mean)))
			}
			add(KindTurnedAway, l.Name, "", "%s.", text)
		}
		if inh := l.InheritedOpenCases + l.InheritedWaiting; inh > 0 && total.Completions.Mean > total.Starts.Mean {
			add(KindInherited, l.Name, "", "%s inherits %s open cases and %s people waiting when the period starts: their completions count in the period "+
				"but the open cases' starts do not, so completions (%s) exceed starts (%s).",
				l.Name, fmtCount(float64(l.InheritedOpenCases)), fmtCount(float64(l.InheritedWaiting)), fmtCount(float64(total.Completions.Mean)), fmtCount(float64(total.Starts.Mean)))
		}
	}
	return out
}

// stoppingReport says how a run sized by a stopping rule ended.
func stoppingReport(res *SimResult) *StoppingReport {
	st := res.Stop
	c := res.Results.Cell(st.Lot, simulate.AllYears, simulate.AllAreas, st.Risk)
	e := newEstimate(c.Metric(st.Metric))
	achieved := math.NaN()
	if m := math.Abs(float64(e.Mean)); e.N >= 2 && m > 0 {
		achieved = e.HalfWidth() / m
	}
	lot := res.Stopping.Lot
	if lot == "" && st.Lot < len(res.Lots) {
		lot = res.Lots[st.Lot]
	}
	return &StoppingReport{
		Metric: res.Stopping.Metric, Lot: lot, RelativeHalfWidth: st.RelativeHalfWidth,
		Achieved: Float(achieved), Estimate: e, Min: st.Min, Max: st.Max, Replications: res.Replications,
		Met: !math.IsNaN(achieved) && achieved <= st.RelativeHalfWidth,
	}
}

// slotsAtStart returns the lot's capacity at the start of the period (the
// last certain step at or before time 0).
func slotsAtStart(l *simulate.Lot) int {
	n := 0
	for _, s := range l.Slots {
		if s.At <= 0 && s.Probability == 0 {
			n = s.Slots
		}
	}
	return n
}

// overCapacity says in which financial years of the run the budget's hand
// arithmetic finds the lot over capacity; ok is false if in none.
func overCapacity(r *RunReport, lot string) (string, bool) {
	if r.Budget == nil {
		return "", false
	}
	var years []string
	var first, worst LotCapacity
	var worstYear string
	judged := 0
	for _, cy := range r.Budget.Capacity {
		for _, lc := range cy.Lots {
			if lc.Lot != lot {
				continue
			}
			judged++
			if !lc.OverCapacity {
				continue
			}
			if len(years) == 0 {
				first = lc
			}
			years = append(years, cy.Year.String())
			if lc.Utilisation > worst.Utilisation || worstYear == "" {
				worst, worstYear = lc, cy.Year.String()
			}
		}
	}
	if len(years) == 0 {
		return "", false
	}
	when := "in every year simulated (" + yearRange(years) + ")"
	if len(years) < judged {
		var all []string
		for _, cy := range r.Budget.Capacity {
			all = append(all, cy.Year.String())
		}
		when = "in " + plural(len(years), "year") + " of " + strconv.Itoa(judged) + " simulated (" + yearList(all, years) + ")"
	}
	text := fmt.Sprintf("%s is over capacity %s: in %s, %s referrals are expected against capacity for %s cases (demand %s of capacity)",
		lot, when, years[0], fmtCount(first.ExpectedDemand), fmtCount(first.CasesPerYear), fmtPct(first.Utilisation))
	if worstYear != years[0] && math.Abs(worst.Utilisation-first.Utilisation) >= 0.005 {
		text += fmt.Sprintf(", rising to %s of capacity in %s", fmtPct(worst.Utilisation), worstYear)
	}
	return text + ".", true
}

// yearRange writes a run of consecutive years as "first to last", or the
// one year; years labelled by their dates ("2019-07-01 to 2020-06-30")
// give the first's start and the last's end.
func yearRange(years []string) string {
	if len(years) == 1 {
		return years[0]
	}
	first, last := years[0], years[len(years)-1]
	if a, _, ok := strings.Cut(first, " to "); ok {
		if _, b, ok := strings.Cut(last, " to "); ok {
			return a + " to " + b
		}
	}
	return first + " to " + last
}

// yearList writes some of the years in all (in order): a run of
// consecutive years as a range, others listed.
func yearList(all, some []string) string {
	if len(some) == 0 {
		return ""
	}
	i := slices.Index(all, some[0])
	consecutive := i >= 0 && i+len(some) <= len(all) && slices.Equal(all[i:i+len(some)], some)
	if consecutive {
		return yearRange(some)
	}
	return strings.Join(some, ", ")
}

// targetMissed says whether and when a lot misses its waiting-time target
// for one risk level, judged by the share of referred people seen within
// it in each contract year and over the whole period.
func targetMissed(r *RunReport, l LotResult, risk string) (string, bool) {
	target, ok := l.WaitTargets[risk]
	if !ok {
		return "", false
	}
	level := l.TargetLevel
	if level == 0 {
		level = TargetShare
	}
	below := func(e Estimate) bool { return e.N >= 2 && float64(e.Hi) < level }
	var missed []string
	for _, y := range r.Years {
		if c, ok := l.Cell(y, "", risk); ok && below(c.ReferredWithinTarget) {
			missed = append(missed, y)
		}
	}
	whole, ok := l.Cell("", "", risk)
	w := whole.ReferredWithinTarget
	if len(missed) == 0 && !(ok && below(w)) {
		return "", false
	}
	when := "over the period"
	switch {
	case len(missed) == len(r.Years) && len(r.Years) > 1:
		when = "in every contract year (" + yearRange(missed) + ")"
	case len(missed) > 0:
		when = "in " + plural(len(missed), "contract year") + " of " + strconv.Itoa(len(r.Years)) + " (" + yearList(r.Years, missed) + ")"
	}
	text := fmt.Sprintf("%s-risk referrals to %s miss the %s target %s: over the period %s of those referred are seen within it%s, against the %s a year must reach",
		capital(risk), l.Name, days(target), when, fmtPct(float64(w.Mean)), ciText(w, fmtPct), fmtPct0(level))
	if s := whole.WithinTarget; s.N > 0 && math.Abs(float64(s.Mean)-float64(w.Mean)) >= 0.005 {
		text += fmt.Sprintf(" (of those who started, %s were)", fmtPct(float64(s.Mean)))
	}
	text += missedByYear(r, l, risk)
	text += worstArea(r, l, risk)
	return text + ".", true
}

// ciText writes an estimate's interval as " (95% CI lo to hi)", or
// nothing when there is none (fewer than two replications).
func ciText(e Estimate, f func(float64) string) string {
	lo, hi := float64(e.Lo), float64(e.Hi)
	if e.N < 2 || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return ""
	}
	return fmt.Sprintf(" (95%% CI %s to %s)", f(lo), f(hi))
}

// plural writes a count and its noun: "1 replication", "2 years".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// growth is a waiting list's change a month between two yearly averages.
type growth struct {
	Estimate
	from, to float64
}

// waitingGrowth estimates the change a month of the lot's time-average
// waiting list from the first contract year to the last, between the
// years' midpoints. ok is false with fewer than two years, when the
// interval includes zero, or when the change is below practical size.
func waitingGrowth(r *RunReport, l LotResult, m *simulate.Model) (growth, bool) {
	if len(r.Years) < 2 || m == nil || len(m.YearStarts) < 2 {
		return growth{}, false
	}
	first, ok1 := l.Cell(r.Years[0], "", "")
	last, ok2 := l.Cell(r.Years[len(r.Years)-1], "", "")
	a, b := first.MeanWaiting, last.MeanWaiting
	if !ok1 || !ok2 || a.N < 2 || b.N < 2 {
		return growth{}, false
	}
	n := len(m.YearStarts)
	mid0 := (m.YearStarts[0] + m.YearStarts[1]) / 2
	midN := (m.YearStarts[n-1] + m.Horizon) / 2
	months := (midN - mid0) / (funding.DaysPerYear / 12)
	if !(months > 0) {
		return growth{}, false
	}
	change := float64(b.Mean) - float64(a.Mean)
	g := change / months
	hw := (a.HalfWidth() + b.HalfWidth()) / months
	e := growth{Estimate: Estimate{Mean: Float(g), Lo: Float(g - hw), Hi: Float(g + hw), N: min(a.N, b.N)}, from: float64(a.Mean), to: float64(b.Mean)}
	practical := math.Abs(change) >= PracticalChangePeople &&
		math.Abs(change) >= PracticalChangeShare*max(math.Abs(float64(a.Mean)), math.Abs(float64(b.Mean)))
	if !e.Excludes(0) || !practical {
		return growth{}, false
	}
	return e, true
}

// missedByYear says how likely the target is to be missed in each year.
func missedByYear(r *RunReport, l LotResult, risk string) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	var loYear, hiYear string
	for _, y := range r.Years {
		c, ok := l.Cell(y, "", risk)
		if !ok || c.MissedTarget == nil {
			continue
		}
		p := float64(c.MissedTarget.Estimate)
		if p < lo {
			lo, loYear = p, y
		}
		if p > hi {
			hi, hiYear = p, y
		}
	}
	switch {
	case math.IsInf(lo, 0):
		return ""
	case lo == hi:
		return fmt.Sprintf("; the chance of missing it in a contract year is %s in every year", fmtPct0(lo))
	}
	return fmt.Sprintf("; the chance of missing it in a contract year ranges from %s (%s) to %s (%s)", fmtPct0(lo), loYear, fmtPct0(hi), hiYear)
}

// worstArea names the area with the smallest share of referred people
// seen within target, when the lot serves more than one.
func worstArea(r *RunReport, l LotResult, risk string) string {
	worst, share, n := "", math.Inf(1), 0
	for _, a := range r.Areas {
		c, ok := l.Cell("", a, risk)
		if !ok || c.ReferredWithinTarget.N == 0 {
			continue
		}
		n++
		if v := float64(c.ReferredWithinTarget.Mean); v < share {
			worst, share = a, v
		}
	}
	if n < 2 {
		return ""
	}
	return fmt.Sprintf("; it is worst in %s (%s of those referred seen within target)", worst, fmtPct(share))
}

// Number formats for findings.
func fmtCount(v float64) string {
	return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}
func fmtNum1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
func fmtPct(v float64) string  { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" }
func fmtPct0(v float64) string { return strconv.FormatFloat(100*v, 'f', 0, 64) + "%" }

func days(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "-day" }

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// groupThousands puts commas in an integer's digits: 12345 -> 12,345.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg && strings.Trim(s, "0") != "" {
		return "-" + b.String()
	}
	return b.String()
}
