package lotsim

import (
	"encoding/json"
	"fmt"
	"math"
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
	Scenario     string        `json:"scenario"`
	File         string        `json:"file"`
	SHA256       string        `json:"sha256"`
	Seed         uint64        `json:"seed"`
	Replications int           `json:"replications"`
	Version      string        `json:"lotsim_version"`
	Date         string        `json:"date"`     // when the figures were produced, YYYY-MM-DD; set by the caller
	Start        funding.Date  `json:"start"`    // first day of the reported period
	End          funding.Date  `json:"end"`      // last day of the reported period
	Years        []string      `json:"years"`    // contract year labels, in order
	Areas        []string      `json:"areas"`    // area names
	Findings     []RunFinding  `json:"findings"` // plain-language findings, most important first within each lot
	Lots         []LotResult   `json:"lots"`     // in SimResult.Lots order: served lots, then the front door
	Budget       *BudgetReport `json:"budget"`   // the money side, as lotsim budget reports it
}

// RunFinding is one plain-language finding drawn from the figures by the
// thresholds documented on FindRunFindings.
type RunFinding struct {
	Kind string `json:"kind"` // over_capacity, full, under_used, waiting_list_grows, waiting_list_falls, target_missed, gave_up, turned_away
	Lot  string `json:"lot"`
	Risk string `json:"risk,omitempty"`
	Text string `json:"text"` // one sentence with its figures and intervals
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
	TurnedAway  Estimate `json:"turned_away"` // refuge full: placed out of area
	Declined    Estimate `json:"declined"`    // refuge offers declined
	SelfServed  Estimate `json:"self_served"` // front door: referred on without service

	WaitMean   Estimate `json:"wait_mean_days"`
	WaitMedian Estimate `json:"wait_median_days"`
	WaitP90    Estimate `json:"wait_p90_days"`
	WaitP95    Estimate `json:"wait_p95_days"`
	// WithinTarget is the share of starts that waited at most the target;
	// N is 0 where no start had a target.
	WithinTarget   Estimate `json:"share_within_target"`
	MeanWaiting    Estimate `json:"waiting_time_average"` // time-average waiting list
	YearEndWaiting Estimate `json:"waiting_at_end"`       // waiting list at the end of the cell's period
	Utilisation    Estimate `json:"utilisation"`          // lot totals only
	// CostPerCompletion is the lot's cost divided by its mean completions
	// (lot totals of a year or the whole period only; absent when there
	// is no cost or no completion).
	CostPerCompletion *funding.Money `json:"cost_per_completion,omitempty"`
	// MissedTarget is the probability that the share of starts within
	// target falls below the share a year must reach (90%): absent where
	// no start had a target.
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
	out.Findings = FindRunFindings(out, m)
	return out, nil
}

// cellResult reads one cell.
func cellResult(res *SimResult, lot, year, area int, risk lotting.Risk) CellResult {
	r := res.Results
	c := r.Cell(lot, year, area, risk)
	e := func(m simulate.Metric) Estimate { return newEstimate(c.Metric(m)) }
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
		WithinTarget: e(simulate.WithinTarget), MeanWaiting: e(simulate.MeanWaiting),
		YearEndWaiting: e(simulate.YearEndWaiting), Utilisation: e(simulate.Utilisation),
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
func (l *LotResult) Cell(year, area, risk string) (CellResult, bool) {
	for _, c := range l.Cells {
		if c.Year == year && c.Area == area && c.Risk == risk {
			return c, true
		}
	}
	return CellResult{}, false
}

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
	// TargetShare is the share of starts within target a contract year
	// must reach to meet a waiting-time target (the engine's default).
	TargetShare = 0.9
)

// FindRunFindings draws plain-language findings from a run's figures, by
// stated rules, for each lot in order:
//
//   - over_capacity: the budget's hand arithmetic gives expected demand
//     above the cases a year the lot's capacity can take, in its first year
//     (and the last year, if it differs);
//   - full or under_used: the whole-period utilisation's 95% interval lies
//     at or above FullUtilisation, or below UnderUsedUtilisation;
//   - waiting_list_grows or waiting_list_falls: the change a month in the
//     waiting list from the end of contract year 1 to the end of the last
//     year, with an interval that adds the two year-ends' half-widths (which
//     holds whatever their correlation), only when that interval excludes
//     zero;
//   - target_missed: for each risk level with a target, the whole-period
//     share within target has its interval wholly below TargetShare; the
//     sentence gives the chance of missing it in each contract year and the
//     area faring worst;
//   - gave_up: at least GaveUpShare of referrals give up waiting;
//   - turned_away: the refuge turns people away (interval above zero).
//
// m is the model the report's figures came from (for the contract years'
// times).
func FindRunFindings(r *RunReport, m *simulate.Model) []RunFinding {
	out := []RunFinding{}
	add := func(kind, lot, risk, format string, args ...any) {
		out = append(out, RunFinding{Kind: kind, Lot: lot, Risk: risk, Text: fmt.Sprintf(format, args...)})
	}
	capacity := func(lot string) []LotCapacity {
		var cs []LotCapacity
		if r.Budget == nil {
			return nil
		}
		for _, cy := range r.Budget.Capacity {
			for _, lc := range cy.Lots {
				if lc.Lot == lot {
					cs = append(cs, lc)
				}
			}
		}
		return cs
	}
	for _, l := range r.Lots {
		if l.FrontDoor {
			continue
		}
		total, _ := l.Cell("", "", "")
		if cs := capacity(l.Name); len(cs) > 0 && cs[0].OverCapacity {
			first := cs[0]
			y0 := r.Budget.Capacity[0].Year
			text := fmt.Sprintf("%s is over capacity: %s referrals a year are expected against capacity for %s cases a year in %s (%s of capacity)",
				l.Name, fmtCount(first.ExpectedDemand), fmtCount(first.CasesPerYear), y0, fmtPct(first.Utilisation))
			if last := cs[len(cs)-1]; len(cs) > 1 && math.Abs(last.Utilisation-first.Utilisation) >= 0.005 {
				text += fmt.Sprintf(", and %s in %s", fmtPct(last.Utilisation), r.Budget.Capacity[len(cs)-1].Year)
			}
			add("over_capacity", l.Name, "", "%s.", text)
		}
		if u := total.Utilisation; u.N >= 2 {
			switch {
			case float64(u.Lo) >= FullUtilisation:
				add("full", l.Name, "", "%s is full: its capacity is in use %s of the time (95%% CI %s to %s).", l.Name, fmtPct(float64(u.Mean)), fmtPct(float64(u.Lo)), fmtPct(float64(u.Hi)))
			case float64(u.Hi) < UnderUsedUtilisation:
				add("under_used", l.Name, "", "%s is under-used: its capacity is in use %s of the time (95%% CI %s to %s).", l.Name, fmtPct(float64(u.Mean)), fmtPct(float64(u.Lo)), fmtPct(float64(u.Hi)))
			}
		}
		if g, ok := waitingGrowth(r, l, m); ok {
			kind, verb := "waiting_list_grows", "grows"
			if g.Mean < 0 {
				kind, verb = "waiting_list_falls", "falls"
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
			add(kind, l.Name, "", "The waiting list at %s %s by %s a month (95%% CI %s to %s), from %s at the end of contract year 1 to %s at the end of year %d.",
				l.Name, verb, f(math.Abs(float64(g.Mean))), f(lo), f(hi), fmtCount(g.from), fmtCount(g.to), len(r.Years))
		}
		for _, rk := range []lotting.Risk{lotting.High, lotting.Medium, lotting.Standard} {
			target, ok := l.WaitTargets[rk.String()]
			if !ok {
				continue
			}
			c, ok := l.Cell("", "", rk.String())
			w := c.WithinTarget
			if !ok || w.N < 2 || !(float64(w.Hi) < TargetShare) {
				continue
			}
			text := fmt.Sprintf("%s-risk referrals to %s miss the %s target: %s start within it (95%% CI %s to %s) against the %s a year must reach",
				capital(rk.String()), l.Name, days(target), fmtPct(float64(w.Mean)), fmtPct(float64(w.Lo)), fmtPct(float64(w.Hi)), fmtPct(TargetShare))
			text += missedByYear(r, l, rk.String())
			text += worstArea(r, l, rk.String())
			add("target_missed", l.Name, rk.String(), "%s.", text)
		}
		if d, ref := total.Disengaged, total.Referrals; d.N > 0 && ref.Mean > 0 && float64(d.Mean)/float64(ref.Mean) >= GaveUpShare {
			add("gave_up", l.Name, "", "%s people give up waiting for %s over the period (95%% CI %s to %s), %s of its %s referrals.",
				fmtCount(float64(d.Mean)), l.Name, fmtCount(float64(d.Lo)), fmtCount(float64(d.Hi)), fmtPct(float64(d.Mean)/float64(ref.Mean)), fmtCount(float64(ref.Mean)))
		}
		if t := total.TurnedAway; t.N >= 2 && float64(t.Lo) > 0 {
			add("turned_away", l.Name, "", "%s turns away %s people over the period because it is full (95%% CI %s to %s): they are placed out of area.",
				l.Name, fmtCount(float64(t.Mean)), fmtCount(float64(t.Lo)), fmtCount(float64(t.Hi)))
		}
	}
	return out
}

// growth is a waiting list's change a month between two year ends.
type growth struct {
	Estimate
	from, to float64
}

// waitingGrowth estimates the change a month of the lot's waiting list
// from the end of the first contract year to the end of the last. ok is
// false with fewer than two years or when the interval includes zero.
func waitingGrowth(r *RunReport, l LotResult, m *simulate.Model) (growth, bool) {
	if len(r.Years) < 2 || m == nil || len(m.YearStarts) < 2 {
		return growth{}, false
	}
	first, ok1 := l.Cell(r.Years[0], "", "")
	last, ok2 := l.Cell(r.Years[len(r.Years)-1], "", "")
	a, b := first.YearEndWaiting, last.YearEndWaiting
	if !ok1 || !ok2 || a.N < 2 || b.N < 2 {
		return growth{}, false
	}
	months := (m.Horizon - m.YearStarts[1]) / (funding.DaysPerYear / 12)
	if !(months > 0) {
		return growth{}, false
	}
	g := (float64(b.Mean) - float64(a.Mean)) / months
	hw := (a.HalfWidth() + b.HalfWidth()) / months
	e := growth{Estimate: Estimate{Mean: Float(g), Lo: Float(g - hw), Hi: Float(g + hw), N: min(a.N, b.N)}, from: float64(a.Mean), to: float64(b.Mean)}
	if !e.Excludes(0) || fmtNum1(math.Abs(g)) == "0.0" {
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

// worstArea names the area with the smallest share within target, when
// the lot serves more than one.
func worstArea(r *RunReport, l LotResult, risk string) string {
	worst, share, n := "", math.Inf(1), 0
	for _, a := range r.Areas {
		c, ok := l.Cell("", a, risk)
		if !ok || c.WithinTarget.N == 0 {
			continue
		}
		n++
		if v := float64(c.WithinTarget.Mean); v < share {
			worst, share = a, v
		}
	}
	if n < 2 {
		return ""
	}
	return fmt.Sprintf("; it is worst in %s (%s within target)", worst, fmtPct(share))
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
