package report

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
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

// NewEstimate returns the estimate of a summary across replications.
func NewEstimate(s stats.Summary) Estimate {
	ci := s.CI95()
	return Estimate{Mean: Float(s.Mean()), Lo: Float(ci.Lo), Hi: Float(ci.Hi), N: s.N()}
}

// newShareEstimate returns the estimate of a share (a fraction from 0 to
// 1) across replications: the Student t interval of the mean of the
// replications' shares, cut to [0, 1]. The share cannot lie outside [0,
// 1], so cutting the interval there never loses coverage; it only stops
// an interval from a few replications claiming 103%.
func newShareEstimate(s stats.Summary) Estimate {
	e := NewEstimate(s)
	if e.N >= 2 {
		e.Lo, e.Hi = Float(min(max(float64(e.Lo), 0), 1)), Float(min(max(float64(e.Hi), 0), 1))
	}
	return e
}

// IsShare reports whether metric m is a share from 0 to 1, whose interval
// is cut to [0, 1].
func IsShare(m simulate.Metric) bool {
	return m == simulate.WithinTarget || m == simulate.ReferredWithinTarget || m == simulate.Utilisation ||
		m == simulate.StretchedShare || m == simulate.TimeStretched
}

// MetricEstimate returns the estimate of metric m of a cell across
// replications: a share's interval is cut to [0, 1].
func MetricEstimate(c *simulate.Cell, m simulate.Metric) Estimate {
	return EstimateOf(m, c.Metric(m))
}

// EstimateOf returns the estimate of metric m from its summary across
// replications: a share's interval is cut to [0, 1].
func EstimateOf(m simulate.Metric, s stats.Summary) Estimate {
	if IsShare(m) {
		return newShareEstimate(s)
	}
	return NewEstimate(s)
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

// Run is a scenario's simulation in the stable form that
// `lotsim run --format json` prints: provenance, plain-language findings,
// the budget, and for every lot its results by contract year, area and
// risk level with 95% confidence intervals, its waiting list over time and
// its waiting-time distributions. Money is an exact decimal string, dates
// "YYYY-MM-DD", shares and utilisation fractions (0.25 is 25%), waits days.
// A figure that is not available is null. Fields are only ever added,
// never renamed or removed.
type Run struct {
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
	Stopping *Stopping    `json:"stopping_rule"`
	Findings []RunFinding `json:"findings"` // plain-language findings, most important first within each lot
	Lots     []LotResult  `json:"lots"`     // in SimResult.Lots order: served lots, then the front door
	Budget   *Budget      `json:"budget"`   // the money side, as lotsim budget reports it, its capacity years cut to those the simulation covers
	// Basis is what the scenario's figures rest on: counts by status, and
	// the ranking of assumptions by how far they move the headline when
	// the run was asked for it; null for a scenario built in Go.
	Basis *Basis `json:"basis"`
	// DrawnFigures is the number of fitted figures drawn from their
	// sampling distributions once per replication (lotsim run
	// --parameter-uncertainty), so that the intervals include what the
	// records leave unknown about them; 0, and left out, for a run
	// without.
	DrawnFigures int `json:"parameter_uncertainty_figures,omitempty"`
}

// Stopping records a run sized by a stopping rule: the metric whose
// interval had to be narrow, the precision asked for and reached, and
// whether it was met before the most replications allowed.
type Stopping struct {
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
// thresholds documented on RunFindings.
type RunFinding struct {
	Kind FindingKind `json:"kind"` // one of the Kind constants: over_capacity, full, target_missed, ...
	Lot  string      `json:"lot"`
	Risk string      `json:"risk,omitempty"`
	Text string      `json:"text"` // one sentence with its figures and intervals
}

// ModeChange is a change of a lot's delivery at a date: from Date on it
// delivers Mode ("casework" for 1:1 work, or "group").
type ModeChange struct {
	Date string `json:"date"` // the first day of the new delivery, 2020-03-23
	Mode string `json:"mode"`
}

// LotResult is one lot's (or the front door's) simulated results.
type LotResult struct {
	Name      string `json:"name"`
	Mode      string `json:"mode"` // casework, group, beds or front_door; for a lot that changes delivery, the delivery at the start
	FrontDoor bool   `json:"front_door"`
	// ModeChanges are the lot's changes of delivery within the period, in
	// date order (simulate.Lot.Modes); absent when it has none.
	ModeChanges []ModeChange `json:"mode_changes,omitempty"`
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
	// ClientGroups names the client groups that reach the lot (victim,
	// child_family, perpetrator), in that order. A lot with more than
	// one pools them, and its cells are broken down by group too.
	ClientGroups []string `json:"client_groups"`
	// Cells are the results by contract year, area and risk level, and
	// for a lot that pools client groups by group too; an empty Year,
	// Area or Risk means the whole period, all areas or all risk levels,
	// and ClientGroup is "all" for every group. The first cell is the
	// lot's total over the whole period; a pooling lot's cells of one
	// group follow all its all-groups cells. A cell of one area, risk
	// level or group in which nothing happened (no referrals, starts or
	// waiting) is left out.
	Cells []CellResult `json:"cells"`
	// WaitingList is the lot's waiting list over time: percentiles across
	// replications at each sample time.
	WaitingList []WaitingPoint `json:"waiting_list"`
	// Waits are the waiting-time distributions of starts over the whole
	// period, pooled over replications: all risk levels first, then by
	// level.
	Waits []WaitDistribution `json:"waits"`
	// Theory is the closed-form queueing estimate set beside the
	// simulated one (NewTheory); null for the front door and for lots
	// with no closed form (group work).
	Theory *Theory `json:"theory"`
	// Serves is who the lot is for and its referrals from outside the
	// area, as the scenario states them (NewServes); absent when it
	// states none.
	Serves *Serves `json:"serves,omitempty"`

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
	// ClientGroup is the client group the cell counts: a group's name, or
	// AllGroups for every group of a lot that pools them. A lot that one
	// group reaches has only that group's cells.
	ClientGroup string `json:"client_group"`

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
	// Stretch is how the lot's caseload stretched, for a lot that may
	// stretch (service.caseworkers.stretch); absent otherwise.
	Stretch *StretchResult `json:"stretch,omitempty"`
	// Contacts counts the contacts made with people while they waited
	// (engagement while waiting), in the contract year each was made; a
	// contact is not a start and never counts as seen. Absent for a lot
	// that made none in the whole period.
	Contacts *Estimate `json:"contacts,omitempty"`
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

// StretchResult is how a lot's caseload stretched in a cell: above the
// normal caseload a case is taken on at once but lasts longer. A
// stretched start is a start (seen) and counts in Starts too.
type StretchResult struct {
	// StretchedStarts counts the starts taken on above the normal
	// caseload.
	StretchedStarts Estimate `json:"stretched_starts"`
	// StretchedShare is StretchedStarts as a share of starts.
	StretchedShare Estimate `json:"share_stretched_starts"`
	// TimeStretched is the share of the period with more cases open than
	// the normal caseload (lot totals only).
	TimeStretched Estimate `json:"share_time_stretched"`
	// ExtraCaseload is the time-average number of cases open above the
	// normal caseload (lot totals only).
	ExtraCaseload Estimate `json:"extra_caseload"`
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

// AllGroups is the ClientGroup of a cell that counts every client group
// of a lot that pools them.
const AllGroups = "all"

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

// LotResults reads the engine's results into the report's form: one
// LotResult a lot, in the order of r.Lots, with every cell in which
// something happened. m is the model that was run, lots the lots' names,
// years the contract years' labels and start the date of time 0.
func LotResults(m *simulate.Model, r *simulate.Results, lots, years []string, start funding.Date) []LotResult {
	var out []LotResult
	for li, name := range lots {
		lr := LotResult{Name: name, WaitTargets: map[string]float64{}}
		if li == r.FrontDoor {
			lr.Mode, lr.FrontDoor = "front_door", true
		} else {
			ml := m.Lots[li]
			lr.Mode = ml.Mode.String()
			for _, ms := range ml.Modes {
				lr.ModeChanges = append(lr.ModeChanges, ModeChange{Date: start.AddDays(int(ms.At)).String(), Mode: ms.Mode.String()})
			}
			lr.TargetLevel = ml.TargetShare
			if lr.TargetLevel == 0 {
				lr.TargetLevel = lotting.DefaultWaitTargetLevel
			}
			lr.InheritedWaiting, lr.InheritedOpenCases = ml.Waiting, ml.OpenCases
			for k, t := range ml.Targets {
				if t > 0 {
					lr.WaitTargets[lotting.RiskAt(k).String()] = t
				}
			}
		}
		groups := r.Groups(li)
		for _, g := range groups {
			lr.ClientGroups = append(lr.ClientGroups, g.String())
		}
		// A lot that one group reaches: its cells are that group's. One
		// that pools groups: the all-groups cells, then each group's.
		sel := []lotting.ClientGroup{simulate.AllGroups}
		if len(groups) > 1 {
			sel = append(sel, groups...)
		}
		for _, g := range sel {
			for y := simulate.AllYears; y < r.Years; y++ {
				for a := simulate.AllAreas; a < len(r.Areas); a++ {
					for _, rk := range riskOrder {
						c := cellResult(r, years, li, y, a, rk, g)
						if (a != simulate.AllAreas || rk != simulate.AllRisks || g != simulate.AllGroups) && c.empty() {
							continue
						}
						lr.Cells = append(lr.Cells, c)
					}
				}
			}
		}
		for _, band := range r.WaitingBands(li) {
			lr.WaitingList = append(lr.WaitingList, WaitingPoint{
				Day: band.T, Date: start.AddDays(int(band.T)), P10: band.P10, P50: band.P50, P90: band.P90, Mean: band.Mean,
			})
		}
		lr.Waits = waitDistributions(r, li, lr.WaitTargets)
		out = append(out, lr)
	}
	return out
}

// groupName is the ClientGroup of lot's cells of group g (or
// simulate.AllGroups).
func groupName(r *simulate.Results, lot int, g lotting.ClientGroup) string {
	if g != simulate.AllGroups {
		return g.String()
	}
	if gs := r.Groups(lot); len(gs) == 1 {
		return gs[0].String()
	}
	return AllGroups
}

// cellResult reads one cell of one client group (or simulate.AllGroups).
func cellResult(r *simulate.Results, years []string, lot, year, area int, risk lotting.Risk, group lotting.ClientGroup) CellResult {
	c := r.CellGroup(lot, year, area, risk, group)
	e := func(m simulate.Metric) Estimate { return MetricEstimate(c, m) }
	out := CellResult{
		Risk:        riskName(risk),
		ClientGroup: groupName(r, lot, group),
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
	if r.Cell(lot, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.Contacts).Mean() > 0 {
		c := e(simulate.Contacts)
		out.Contacts = &c
	}
	if lot < len(r.Stretches) && r.Stretches[lot] {
		out.Stretch = &StretchResult{StretchedStarts: e(simulate.StretchedStarts), StretchedShare: e(simulate.StretchedShare),
			TimeStretched: e(simulate.TimeStretched), ExtraCaseload: e(simulate.ExtraCaseload)}
	}
	if year != simulate.AllYears {
		out.Year = years[year]
	}
	if area != simulate.AllAreas {
		out.Area = r.Areas[area]
	}
	if area == simulate.AllAreas && risk == simulate.AllRisks && group == simulate.AllGroups {
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
// period, all areas, all risk levels) over every client group, and false
// if the report left it out because nothing happened in it.
// It looks the cell up in an index built on first use, which is rebuilt
// if Cells has changed length since (a report read from JSON, or one whose
// cells a caller has added to).
func (l *LotResult) Cell(year, area, risk string) (CellResult, bool) {
	return l.CellGroup(year, area, risk, AllGroups)
}

// CellGroup is Cell for one client group (or AllGroups). For a lot that
// one group reaches, that group's cells are the lot's.
func (l *LotResult) CellGroup(year, area, risk, group string) (CellResult, bool) {
	if len(l.index) != len(l.Cells) {
		l.index = make(map[cellKey]int, len(l.Cells))
		for i, c := range l.Cells {
			k := cellKey{c.Year, c.Area, c.Risk, l.groupKey(c.ClientGroup)}
			if _, dup := l.index[k]; !dup { // the first, as a search would find
				l.index[k] = i
			}
		}
	}
	i, ok := l.index[cellKey{year, area, risk, l.groupKey(group)}]
	if !ok {
		return CellResult{}, false
	}
	return l.Cells[i], true
}

// Pools reports whether more than one client group reaches the lot, so
// that its cells are broken down by group.
func (l *LotResult) Pools() bool { return len(l.ClientGroups) > 1 }

// groupKey is "" for the lot's cells over every group (AllGroups, or the
// lot's one group; "" too in a report written before cells had groups),
// else the group's name.
func (l *LotResult) groupKey(g string) string {
	if g == AllGroups || g == "" || len(l.ClientGroups) == 1 && g == l.ClientGroups[0] {
		return ""
	}
	return g
}

// cellKey names a cell of a lot: its year, area, risk level and client
// group ("" for every group).
type cellKey struct{ year, area, risk, group string }

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

// Number formats for findings.
func fmtNum1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func fmtPct(v float64) string { return numfmt.Percent(v, 1) }

func fmtPct0(v float64) string { return numfmt.Percent(v, 0) }

func days(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "-day" }

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
