package fit

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/internal/numfmt"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
)

// ErrCannotFit reports records that hold nothing the base scenario can be
// fitted to, or a fitted scenario that would not be valid.
var ErrCannotFit = errors.New("fit: cannot fit")

// Options says what to fit beyond the defaults.
type Options struct {
	// From is the first day of the period fitted; zero means the
	// earliest referral date in the records. Referrals before it are
	// left out of the demand fit (not of the lots': a case open at From
	// still tells how long cases last).
	From funding.Date
	// StateAt is the date of the start state (open cases and waiting
	// lists); zero means the extract date. The fitted scenario's
	// inherited state is set only when StateAt is the base's demand
	// start, the time its simulation starts from.
	StateAt funding.Date
	// Periods are stated periods whose referrals differ from the trend
	// and seasons (a lockdown), each fitted a multiplier of its own, as
	// well as the base scenario's shocks. They are reported, not written.
	Periods []lotting.Shock
}

// Result is a fit: the report, and the base scenario's text with the
// fitted figures put in.
type Result struct {
	Report Report
	// Scenario is the fitted scenario file: the base file with each
	// fitted figure's value and line comment changed and every other
	// line as it was. It has been parsed and validated; nil when it would
	// not be valid, and then Invalid says why.
	Scenario []byte
	// Invalid is why the fitted figures do not make a valid scenario
	// (demand too large to simulate, say), or nil. The report stands.
	Invalid error
}

// Fit fits base to the records ex: demand (rate, growth, seasonality,
// shocks, risk mix, repeats), each lot's case length, patience and
// drop-out, and the state at a date. base must have been read by Load or
// Parse, since the fitted scenario is written from its file. The error
// wraps ErrCannotFit when nothing can be fitted or the fitted scenario
// would not be valid.
func Fit(ex *records.Extract, base *scenario.Scenario, opt Options) (*Result, error) {
	if ex == nil || base == nil {
		return nil, fmt.Errorf("%w: Fit needs records and a base scenario", ErrCannotFit)
	}
	src := base.Source()
	if src == nil {
		return nil, fmt.Errorf("%w: the base scenario must be read from a file (Load or Parse), since the fitted scenario is written from it", ErrCannotFit)
	}
	from := ex.First
	if !opt.From.IsZero() {
		from = records.DayOf(opt.From)
	}
	stateAt := ex.AsOf
	if !opt.StateAt.IsZero() {
		stateAt = records.DayOf(opt.StateAt)
	}
	rep := Report{
		Records: Source{File: ex.File, SHA256: ex.SHA256, Kind: kindName(ex.Kind), Rows: ex.Rows,
			From: from.String(), To: ex.AsOf.String()},
		Base:    baseName(base.File),
		StateAt: stateAt.String(),
	}
	var extra []period
	for _, s := range opt.Periods {
		s := s
		extra = append(extra, period{name: s.Name, from: records.DayOf(s.From), to: records.DayOf(s.To), inBase: -1,
			hits: func(area string, g lotting.ClientGroup) bool { return s.Hits(lotting.Stream{Area: area, Group: g}) }})
	}
	dem, err := fitDemand(ex, &base.Demand, from, extra)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotFit, err)
	}
	rep.Notes = append(rep.Notes, dem.notes...)
	rep.Seasonality = dem.season
	rep.Shocks = dem.shocks
	// Risk mix and repeats per stream.
	mix := make([][3]int, len(dem.keys))
	unknown := make([]int, len(dem.keys))
	repeats, repeatOf := make([]int, len(dem.keys)), make([]int, len(dem.keys))
	index := map[streamKey]int{}
	for i, k := range dem.keys {
		index[k] = i
	}
	if ex.Kind == records.Counts {
		for _, c := range ex.Counts {
			i, ok := index[streamKey{c.Area, c.Group}]
			if !ok {
				continue
			}
			if c.Risk < 0 {
				unknown[i] += c.Referrals
			} else {
				mix[i][c.Risk] += c.Referrals
			}
		}
	} else {
		lastSeen := map[uint64]records.Day{}
		repeatFrom := from + 365
		for _, r := range sortedByReferral(ex.Referrals) {
			i, ok := index[streamKey{r.Area, r.Group}]
			if ok && r.Referred >= from {
				if r.Risk < 0 {
					unknown[i]++
				} else {
					mix[i][r.Risk]++
				}
			}
			if r.Client == 0 {
				continue
			}
			prev, seen := lastSeen[r.Client]
			lastSeen[r.Client] = r.Referred
			// A referral is counted only when the records reach a year
			// before it, so an earlier referral could have been seen.
			if ok && r.Referred >= repeatFrom {
				repeatOf[i]++
				if seen && r.Referred-prev <= 365 {
					repeats[i]++
				}
			}
		}
	}
	byGroup := map[string]int{}
	for _, sf := range dem.streams {
		byGroup[sf.ClientGroup] += sf.Referrals
	}
	for i := range dem.streams {
		dem.streams[i].AreaShare = share(dem.streams[i].Referrals, byGroup[dem.streams[i].ClientGroup])
		dem.streams[i].RiskMix, dem.streams[i].UnknownRisk = riskMix(mix[i], unknown[i])
		if repeatOf[i] > 0 {
			e := share(repeats[i], repeatOf[i])
			dem.streams[i].RepeatShare = &e
		}
	}
	// The base's streams in its order, then any it lacks.
	rep.Streams = slices.Clone(dem.streams)
	order := func(sf StreamFit) int {
		i := slices.IndexFunc(base.Demand.Streams, func(s lotting.Stream) bool {
			return s.Area == sf.Area && s.Group.String() == sf.ClientGroup
		})
		if i < 0 {
			return len(base.Demand.Streams)
		}
		return i
	}
	slices.SortStableFunc(rep.Streams, func(a, b StreamFit) int { return order(a) - order(b) })
	// Lots.
	if ex.Kind == records.Cases {
		byLot := map[string][]records.Referral{}
		blankLot := 0
		for _, r := range ex.Referrals {
			if r.Lot < 0 {
				blankLot++
				continue
			}
			byLot[ex.Lots[r.Lot]] = append(byLot[ex.Lots[r.Lot]], r)
		}
		if blankLot > 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s without a lot are left out of the lots' fits.", rowsText(blankLot)))
		}
		for _, l := range base.Structure.Lots {
			rows := byLot[l.Name]
			if len(rows) == 0 {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s: no rows in the records; its figures are the base scenario's.", l.Name))
				continue
			}
			programme := 0.0
			if l.Service.Delivery == lotting.GroupWork && l.Service.Group != nil {
				programme = 7 * float64(l.Service.Group.Weeks)
			}
			lf, _, notes := fitLot(ex, l.Name, l.Service.Delivery, programme, rows, ex.AsOf, stateAt)
			rep.Lots = append(rep.Lots, lf)
			rep.Notes = append(rep.Notes, notes...)
		}
	} else {
		rep.Notes = append(rep.Notes, "The records are monthly counts: only demand is fitted; case lengths, patience and drop-out are the base scenario's.")
	}
	edits, leftOut := plan(ex, base, &rep, dem, from, stateAt)
	rep.LeftOut = append(rep.LeftOut, leftOut...)
	out, skipped, err := rewrite(src, edits)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCannotFit, err)
	}
	rep.LeftOut = append(rep.LeftOut, skipped...)
	for _, e := range edits {
		if !slices.ContainsFunc(skipped, func(s string) bool { return strings.HasPrefix(s, e.path()+":") }) {
			rep.Written = append(rep.Written, e.path())
		}
	}
	fitted, err := scenario.Parse(base.File, out)
	if err == nil {
		err = fitted.Validate()
	}
	if err != nil {
		return &Result{Report: rep, Invalid: fmt.Errorf("%w: the fitted scenario would not be valid: %w", ErrCannotFit, err)}, nil
	}
	return &Result{Report: rep, Scenario: out}, nil
}

// sortedByReferral returns the referrals in order of referral date (the
// file's order within a day), for counting repeats.
func sortedByReferral(rs []records.Referral) []records.Referral {
	if slices.IsSortedFunc(rs, func(a, b records.Referral) int { return int(a.Referred - b.Referred) }) {
		return rs
	}
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b records.Referral) int { return int(a.Referred - b.Referred) })
	return out
}

// plan lists the edits that put the fitted figures into the base file,
// and what the file cannot hold.
func plan(ex *records.Extract, base *scenario.Scenario, rep *Report, dem *demandFit, from, stateAt records.Day) ([]yamlEdit, []string) {
	var edits []yamlEdit
	var left []string
	period := from.String() + " to " + ex.AsOf.String()
	src := fmt.Sprintf("%s (SHA-256 %s…)", ex.File, shortHash(ex.SHA256))
	commentText := func(rows int, ci string) string {
		return fmt.Sprintf("fitted: %s, %s rows, %s, %s", src, numfmt.Count(float64(rows)), period, ci)
	}
	comment := func(rows int, lo, hi string) string {
		return commentText(rows, "95% CI "+lo+" to "+hi)
	}
	start := records.DayOf(base.Demand.Start)
	for _, sf := range rep.Streams {
		bi := slices.IndexFunc(base.Demand.Streams, func(s lotting.Stream) bool {
			return s.Area == sf.Area && s.Group.String() == sf.ClientGroup
		})
		if bi < 0 {
			left = append(left, fmt.Sprintf("%s %s: the base scenario has no such stream; its demand is reported, not written", sf.Area, sf.ClientGroup))
			continue
		}
		at := func(k string) []step {
			return []step{key("demand"), key("streams"), item("area", sf.Area, "client_group", sf.ClientGroup), key(k)}
		}
		// The scenario reads referrals_per_year at its demand start.
		r := dem.written.perYearAt(dem.index(sf), start)
		note := ""
		if start != from {
			note = fmt.Sprintf(" (the rate at %s, the base's demand start)", start)
		}
		if sf.Growth != nil && !dem.trendWritten[dem.index(sf)] {
			note += "; no trend, so the mean level over the records"
		}
		edits = append(edits, yamlEdit{at: at("referrals_per_year"), value: strconv.Itoa(int(math.Round(r.Estimate))),
			comment: comment(sf.Referrals, numfmt.Count(r.Lo), numfmt.Count(r.Hi)) + note})
		if sf.Growth != nil {
			g := sf.Growth
			text := pct(g.Estimate, 1)
			ci := comment(sf.Referrals, pct(g.Lo, 1), pct(g.Hi, 1)) + fmt.Sprintf(", trend p = %.2g", *sf.TrendP)
			if !dem.trendWritten[dem.index(sf)] {
				text = "0%"
				ci = commentText(sf.Referrals, fmt.Sprintf("no evidence of a trend (p = %.2g, growth %s, 95%% CI %s to %s), so none", *sf.TrendP, pct(g.Estimate, 1), pct(g.Lo, 1), pct(g.Hi, 1)))
			}
			edits = append(edits, yamlEdit{at: at("growth"), value: text, comment: ci})
		}
		if len(sf.RiskMix) > 0 {
			known := 0
			for _, m := range sf.RiskMix {
				known += m.Referrals
			}
			edits = append(edits, yamlEdit{at: at("risk_mix"), value: mixText(sf.RiskMix),
				comment: commentText(known, "95% CIs in the fit report")})
		}
		// A repeat share is written where the base has one or the records
		// show repeats beyond doubt.
		if rs := sf.RepeatShare; rs != nil && rs.Estimate <= 0.5 && (base.Demand.Streams[bi].RepeatRate > 0 || rs.Lo > 0) {
			edits = append(edits, yamlEdit{at: at("repeat_rate"), value: pct(sf.RepeatShare.Estimate, 1),
				comment: comment(sf.Referrals, pct(sf.RepeatShare.Lo, 1), pct(sf.RepeatShare.Hi, 1))})
		}
	}
	var allRefs int
	for _, s := range rep.Streams {
		allRefs += s.Referrals
	}
	if dem.season != nil {
		edits = append(edits, yamlEdit{at: []step{key("demand"), key("seasonality")}, value: seasonText(dem.season),
			comment: commentText(allRefs, "95% CIs in the fit report; one pattern for every stream")})
		if len(rep.Streams) > 1 {
			left = append(left, "seasonality per stream: the format has one pattern for all streams, so one pattern shared by every stream was fitted")
		}
	}
	for _, s := range dem.shocks {
		if !s.InBase {
			continue
		}
		edits = append(edits, yamlEdit{at: []step{key("demand"), key("shocks"), item("name", s.Name), key("multiplier")},
			value:   strconv.FormatFloat(round(s.Multiplier.Estimate, 3), 'f', -1, 64),
			comment: comment(allRefs, fmt.Sprintf("%.3f", s.Multiplier.Lo), fmt.Sprintf("%.3f", s.Multiplier.Hi))})
	}
	for _, lf := range rep.Lots {
		l := lotByName(base, lf.Name)
		if l == nil {
			continue
		}
		if lf.CaseLength != nil {
			var at []step
			switch l.Service.Delivery {
			case lotting.Casework:
				at = []step{key("lots"), item("name", lf.Name), key("service"), key("caseworkers"), key("case_length")}
			case lotting.Beds:
				at = []step{key("lots"), item("name", lf.Name), key("service"), key("refuge"), key("length_of_stay")}
			}
			if at != nil {
				e := lf.CaseLengthMeanDays
				edits = append(edits, yamlEdit{at: at, value: distText(lf.CaseLength),
					comment: comment(lf.CaseLength.N, dayNum(e.Lo), days(e.Hi)) + " (mean)"})
			}
		}
		if len(lf.CaseLengthByRisk) > 0 {
			switch a, b, ok := riskApart(lf.CaseLengthByRisk); {
			case l.Service.Delivery != lotting.Casework:
				left = append(left, lf.Name+": case length by risk level (the format holds it for casework only); see the fit report")
			case !ok:
				left = append(left, lf.Name+": case length by risk level: no two levels' means lie apart beyond their 95% CIs, so the pooled case length is written; see the fit report")
			default:
				n := 0
				for _, rd := range lf.CaseLengthByRisk {
					n += rd.Fit.N
				}
				edits = append(edits, yamlEdit{
					at:    []step{key("lots"), item("name", lf.Name), key("service"), key("caseworkers"), key("case_length_by_risk")},
					value: byRiskText(lf.CaseLengthByRisk),
					comment: commentText(n, fmt.Sprintf("by risk: the %s mean's 95%% CI %s to %s days lies apart from the %s's %s to %s; levels not listed take case_length",
						a.Risk, dayNum(a.MeanDays.Lo), dayNum(a.MeanDays.Hi), b.Risk, dayNum(b.MeanDays.Lo), dayNum(b.MeanDays.Hi)))})
			}
		}
		for _, p := range lf.Patience {
			if p.Fit == nil {
				continue
			}
			if !hasDisengagement(l, p.ClientGroup) {
				left = append(left, fmt.Sprintf("%s: patience of %s: the base scenario has no disengagement entry for the group", lf.Name, p.ClientGroup))
				continue
			}
			// With engagement while waiting, the engine runs the patience
			// clock f times slower, so the patience the records show is f
			// times the scenario's: the file gets the records' over f.
			fitted, lo, hi := *p.Fit, p.MeanDays.Lo, p.MeanDays.Hi
			text := comment(p.Waited, dayNum(lo), days(hi)) + " (mean patience)"
			if f := engagementFactor(l, p.ClientGroup); f > 1 {
				fitted.Mean, fitted.SD, lo, hi = fitted.Mean/f, fitted.SD/f, lo/f, hi/f
				text = commentText(p.Waited, fmt.Sprintf("before engagement: the records' %s days over its patience_factor %g, 95%% CI %s to %s (mean patience)",
					dayNum(p.Fit.Mean), f, dayNum(lo), days(hi)))
			}
			edits = append(edits, yamlEdit{
				at:    []step{key("lots"), item("name", lf.Name), key("disengagement"), item("client_group", p.ClientGroup), key("patience")},
				value: distText(&fitted), comment: text})
		}
		for _, d := range lf.DropOut {
			if !hasDisengagement(l, d.ClientGroup) {
				left = append(left, fmt.Sprintf("%s: drop-out of %s: the base scenario has no disengagement entry for the group", lf.Name, d.ClientGroup))
				continue
			}
			edits = append(edits, yamlEdit{
				at:    []step{key("lots"), item("name", lf.Name), key("disengagement"), item("client_group", d.ClientGroup), key("drop_out")},
				value: pct(d.Share.Estimate, 1), comment: comment(d.Of, pct(d.Share.Lo, 1), pct(d.Share.Hi, 1)) + " (drop-out)"})
		}
		if stateAt == start && slices.ContainsFunc(base.Simulation.Inherited, func(in scenario.Inherited) bool { return in.Lot == lf.Name }) {
			var open, wait int
			for _, s := range lf.State {
				open += s.OpenCases
				wait += s.Waiting
			}
			note := fmt.Sprintf("fitted: %s, state at %s", src, stateAt)
			at := []step{key("simulation"), key("start_state"), key("inherited"), item("lot", lf.Name)}
			edits = append(edits,
				yamlEdit{at: append(slices.Clone(at), key("waiting")), value: strconv.Itoa(wait), comment: note},
				yamlEdit{at: append(slices.Clone(at), key("open_cases")), value: strconv.Itoa(open), comment: note})
		}
	}
	return edits, left
}

func lotByName(s *scenario.Scenario, name string) *lotting.Lot {
	for i := range s.Structure.Lots {
		if s.Structure.Lots[i].Name == name {
			return &s.Structure.Lots[i]
		}
	}
	return nil
}

// engagementFactor is the patience_factor of the engagement lot l keeps
// with group's people while they wait, or 0 for none.
func engagementFactor(l *lotting.Lot, group string) float64 {
	for _, d := range l.Disengagement {
		if d.Group.String() == group && d.Engagement != nil {
			return d.Engagement.PatienceFactor
		}
	}
	return 0
}

func hasDisengagement(l *lotting.Lot, group string) bool {
	return slices.ContainsFunc(l.Disengagement, func(d lotting.Disengagement) bool { return d.Group.String() == group })
}

// distText writes a fitted distribution as a scenario does.
func distText(d *DistFit) string {
	if d.Family == "exponential" {
		return fmt.Sprintf("{exponential: {mean: %s}}", days(d.Mean))
	}
	return fmt.Sprintf("{%s: {mean: %s, sd: %s}}", d.Family, days(d.Mean), days(d.SD))
}

// riskApart returns two levels whose mean case lengths' 95% CIs do not
// overlap, the first pair in the fit's order (high first), and whether
// there is one: the evidence that case length depends on risk on which a
// fitted scenario writes case_length_by_risk rather than one pooled case
// length. Intervals that touch or overlap are not decisive.
func riskApart(rs []RiskDist) (a, b RiskDist, ok bool) {
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			x, y := rs[i].MeanDays, rs[j].MeanDays
			if x.Lo > y.Hi || y.Lo > x.Hi {
				return rs[i], rs[j], true
			}
		}
	}
	return RiskDist{}, RiskDist{}, false
}

// byRiskText writes case lengths by risk as one flow mapping,
// {high: {lognormal: {...}}, standard: {...}}.
func byRiskText(rs []RiskDist) string {
	parts := make([]string, len(rs))
	for i, rd := range rs {
		f := rd.Fit
		parts[i] = rd.Risk + ": " + distText(&f)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// days writes a time to a tenth of a day.
func days(v float64) string { return dayNum(v) + " days" }

// dayNum writes a number of days to a tenth, without the unit.
func dayNum(v float64) string { return strconv.FormatFloat(round(v, 1), 'f', -1, 64) }

// pct writes a fraction as a percentage with the given decimals.
func pct(v float64, dec int) string {
	return strconv.FormatFloat(round(100*v, dec), 'f', -1, 64) + "%"
}

func round(v float64, dec int) float64 {
	p := math.Pow(10, float64(dec))
	return math.Round(v*p) / p
}

// mixText writes a risk mix in tenths of a percent that add up to 100%
// exactly.
func mixText(mix []RiskShare) string {
	v := make([]float64, len(mix))
	for i, m := range mix {
		v[i] = m.Share.Estimate * 1000
	}
	units := roundToTotal(v, 1000)
	var parts []string
	for i, m := range mix {
		if units[i] == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s%%", m.Risk, strconv.FormatFloat(float64(units[i])/10, 'f', -1, 64)))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// seasonText writes twelve multipliers to two decimals that add up to 12
// exactly.
func seasonText(s *SeasonFit) string {
	v := make([]float64, len(s.Multipliers))
	for i, m := range s.Multipliers {
		v[i] = m.Estimate * 100
	}
	parts := make([]string, len(v))
	for i, c := range roundToTotal(v, 1200) {
		parts[i] = fmt.Sprintf("%d.%02d", c/100, c%100)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// roundToTotal rounds each of v to a whole number so that they add up to
// total, by the largest-remainder rule: each is rounded down, and the
// units still missing go one each to those with the largest fractions cut
// off (or, if the values add up to more than total, are taken from those
// with the smallest), ties to the earlier.
func roundToTotal(v []float64, total int) []int {
	out := make([]int, len(v))
	if len(v) == 0 {
		return out
	}
	rem := make([]float64, len(v))
	order := make([]int, len(v))
	sum := 0
	for i, x := range v {
		out[i] = int(math.Floor(x))
		rem[i] = x - math.Floor(x)
		order[i] = i
		sum += out[i]
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for k := 0; sum < total; k++ {
		out[order[k%len(v)]]++
		sum++
	}
	for k := 0; sum > total; k++ {
		out[order[len(v)-1-k%len(v)]]--
		sum--
	}
	return out
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func kindName(k records.Kind) string {
	if k == records.Counts {
		return "monthly counts"
	}
	return "cases"
}

// baseName returns the last element of a path, so that no directory goes
// into a report.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// rowsText is "N rows", or "fewer than 5 rows" for a count a person could
// be picked out by.
func rowsText(n int) string {
	if n > 0 && n < 5 {
		return "fewer than 5 rows"
	}
	return numfmt.Count(float64(n)) + " rows"
}
