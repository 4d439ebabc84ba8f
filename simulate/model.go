package simulate

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
)

// Model is the engine's input: demand streams, an optional front door,
// routing and lots, all in days from the start of the reported period.
// The root package builds one from a scenario; tests build one directly.
//
// The clock runs from -WarmUp to Horizon. Results cover [0, Horizon) only:
// what happens during the warm-up is simulated (so queues fill) and then
// discarded. Anything still in the system at time 0 is counted as the
// starting state, so conservation holds over the reported period.
//
// A Model is read, never written, by [Run]; do not change it while a run is
// under way.
type Model struct {
	// Horizon is the length of the reported period in days (> 0).
	Horizon float64
	// WarmUp is the length in days of a period simulated before time 0
	// whose results are discarded (0 for none). During the warm-up the
	// arrival rates are those of day 0 and capacity that of time 0.
	WarmUp float64
	// YearStarts are the times at which contract years start, ascending,
	// the first one 0; year k runs from YearStarts[k] to YearStarts[k+1]
	// (the last to Horizon). Empty means one year covering the horizon.
	YearStarts []float64
	// Areas names the geographic areas; Stream.Area indexes it. Empty
	// means one unnamed area.
	Areas []string
	// Streams are the sources of referrals.
	Streams []Stream
	// FrontDoor, if not nil, triages every referral before routing.
	FrontDoor *FrontDoor
	// Route[s][r] is the index in Lots that stream s sends referrals of
	// risk r (0 standard, 1 medium, 2 high) to, or -1 to refer them on
	// without service (self-serve). A risk with no share in the stream's
	// mix may hold anything.
	Route [][3]int
	// Lots are the services referrals are routed to.
	Lots []Lot
	// SampleEvery is the interval in days at which the waiting list of
	// every lot is sampled for percentile bands over time, starting at
	// time 0. Zero means every 7 days; negative means no samples.
	SampleEvery float64
}

// Stream is one source of referrals: an area and a client group, with an
// arrival rate that may change day by day (a non-homogeneous Poisson
// process with a piecewise-constant rate).
type Stream struct {
	// Name labels the stream in error messages (optional).
	Name string
	// Area indexes Model.Areas (0 when Areas is empty).
	Area int
	// Group is who the referrals are about.
	Group lotting.ClientGroup
	// RatePerDay[d] is the arrival rate (referrals per day) during day d,
	// the interval [d, d+1) from time 0; the last value holds beyond the
	// end and RatePerDay[0] during the warm-up. If empty, Rate is used
	// throughout.
	RatePerDay []float64
	// Rate is the constant arrival rate in referrals per day, used when
	// RatePerDay is empty.
	Rate float64
	// RiskMix is the share of referrals at each risk level, in the order
	// standard, medium, high; the shares sum to 1.
	RiskMix [3]float64
	// RepeatRate is the probability that a first referral is followed by
	// a repeat referral of the same person (same stream, same risk) after
	// a delay drawn uniformly from (0, RepeatWithin). Repeats do not
	// themselves repeat, so the expected number of referrals is
	// (1 + RepeatRate) times the first referrals.
	RepeatRate float64
	// RepeatWithin is the longest delay in days before a repeat referral;
	// zero means 365.
	RepeatWithin float64
}

// FrontDoor is the central point of contact: Handlers triage referrals one
// at a time, each taking a time drawn from HandlingTime, in order of risk
// (high first, as the referrer assessed it) and of arrival within a risk.
// Triage then refers SelfServe[r] of risk-r referrals on without service
// and routes the rest by Model.Route.
type FrontDoor struct {
	// Handlers is the number of referrals triaged at once (>= 1).
	Handlers int
	// HandlingTime is the triage time in days.
	HandlingTime lotting.Distribution
	// SelfServe[r] is the share of risk-r referrals (standard, medium,
	// high) referred on without service.
	SelfServe [3]float64
}

// Mode is how a lot delivers its service: casework, group work or beds.
// It is lotting.Delivery, so a scenario's delivery passes to the engine
// unconverted, and its String gives the names the run report writes
// ("casework", "group", "beds").
//
// Deprecated: use lotting.Delivery. Mode and its constants remain for one
// version and will then be removed.
type Mode = lotting.Delivery

// The delivery modes, kept for one version.
//
// Casework is 1:1 casework: each case holds one slot (a caseworker's share
// of a caseload) for a case length drawn from Lot.Service. GroupWork runs
// group programmes: cohorts start at fixed intervals when enough people
// wait, and run for Lot.Group.Weeks weeks; a lot's slots are the number of
// cohorts that may run at once. Beds is refuge accommodation: each resident
// holds a bed for a length of stay drawn from Lot.Service; a lot's slots are
// its beds.
//
// Deprecated: use lotting.Casework, lotting.GroupWork and lotting.Beds.
const (
	Casework  = lotting.Casework
	GroupWork = lotting.GroupWork
	Beds      = lotting.Beds
)

// CapacityStep sets a lot's slots from a time on: concurrent case slots
// (floor of FTE × caseload) for casework, beds for a refuge, concurrent
// cohorts for group work. A step that is cut below the number of cases in
// service preempts nobody: new starts wait until cases finish.
type CapacityStep struct {
	// At is the time in days the step takes effect. Steps at or before
	// time 0 apply from the start of the clock (the warm-up runs with the
	// capacity of time 0).
	At float64
	// Slots is the capacity from At on (>= 0).
	Slots int
	// Probability is the chance that the step happens at all in a
	// replication (a funder's grant withdrawn with its probability, say);
	// zero means it always happens. Each uncertain step is drawn once per
	// replication, independently of the others unless they share an Event.
	Probability float64
	// MaxSlots is the most cases a casework lot with a Lot.Stretch holds
	// at once from At on when it stretches (floor of FTE × the stretched
	// caseload per FTE); a value at or below Slots means no stretch in
	// this step. Lots without a Stretch ignore it.
	MaxSlots int
	// Event names what the step depends on, such as "Commissioner grant
	// withdrawn": all uncertain steps (in any lot) naming the same Event
	// share one uniform draw U per replication, and each happens when
	// U < its Probability, so steps with equal probabilities happen
	// together or not at all. Empty means an independent draw.
	Event string
}

// Disengagement says how people of one client group leave a lot without
// completing.
type Disengagement struct {
	// Group is the client group this applies to.
	Group lotting.ClientGroup
	// Patience is how long a person waits before giving up, in days; nil
	// means they wait for ever.
	Patience *lotting.Distribution
	// DropOut is the probability that a person who starts leaves before
	// completing; they leave at a uniformly distributed point of their
	// drawn case length (or programme), freeing the slot then.
	DropOut float64
	// EngageEvery, if above 0, is the interval in days between the
	// contacts a service makes with a person of this group while they
	// wait (calls, a pre-group session), the first EngageEvery days after
	// they join the list. A contact is not a start and never counts as
	// seen; Results count them (Contacts). A person is engaged for the
	// whole of their wait.
	EngageEvery float64
	// PatienceFactor (>= 1; 0 is taken as 1) slows the patience clock of
	// an engaged person: a patience of P days drawn from Patience gives
	// up after PatienceFactor × P days of waiting (a time change of the
	// patience clock, exact for every family). For exponential patience
	// of mean m, engaged people give up at rate 1/(PatienceFactor × m).
	// Used only with EngageEvery.
	PatienceFactor float64
}

// Limits of rolling group intake, from how the engine keeps cohorts: a
// week in 16 bits of an event, a cohort's index in 15.
const (
	maxJoinWeek       = 1<<16 - 1
	maxRollingCohorts = 1<<15 - 1
)

// GroupSettings describe a group programme (Mode GroupWork).
type GroupSettings struct {
	// CohortSize is the most people a cohort takes (>= 1).
	CohortSize int
	// MinToStart is the fewest waiting people for which a cohort starts
	// (1 if zero).
	MinToStart int
	// Weeks is the number of weekly sessions: a cohort runs 7 × Weeks days.
	Weeks int
	// StartEvery is the interval in days between cohort start dates (> 0).
	StartEvery float64
	// FirstStart is the time in days of the first possible cohort start,
	// measured from the start of the clock (-WarmUp).
	FirstStart float64
	// Rolling makes intake rolling: a running cohort takes people from
	// the waiting list (high risk first, as at a start) into its free
	// seats at each weekly session 7w days after it started, for
	// w = 1, ..., JoinUntilWeek, and a seat freed by a drop-out is
	// refilled the same way. Someone who joins at week w completes with
	// the cohort, after the (Weeks − w) weeks left of its programme, and
	// a drop-out leaves at a uniform point of those. False (the default)
	// is closed intake: only the people taken at the start.
	Rolling bool
	// JoinUntilWeek is the last week at which people join a rolling
	// cohort, from 0 to Weeks − 1 (0: nobody joins after the start).
	JoinUntilWeek int
}

// Lot is one service: how it delivers, its capacity over time, its case
// lengths and who leaves without completing, its targets and its cost.
type Lot struct {
	// Name labels the lot in results and errors.
	Name string
	// Mode is how the lot delivers: lotting.Casework (zero value),
	// lotting.GroupWork or lotting.Beds.
	Mode lotting.Delivery
	// Slots is the capacity over time, in ascending order of At. With no
	// step at or before the start the lot has no capacity until the first.
	// For a lot with Modes, each step is in the units of the delivery in
	// force at its At (case slots or cohorts at once).
	Slots []CapacityStep
	// Service is the case length (Casework) or length of stay (Beds) in
	// days; GroupWork ignores it (a cohort runs 7 × Group.Weeks days). A
	// lot with Modes uses it while it delivers casework.
	Service lotting.Distribution
	// ServiceByRisk, where an entry is not nil, replaces Service for the
	// people of that risk (indexed standard, medium, high, as Targets):
	// their case length or stay is drawn from it at the start (and for
	// inherited cases in service). See MeanService. Inherited open cases
	// given as a count (OpenCases) take their risk in proportion to the
	// day-0 rates, as with one length, not to rate x mean length, so they
	// hold somewhat fewer long cases than a steady service would.
	ServiceByRisk [3]*lotting.Distribution
	// Disengagement lists, per client group, patience while waiting and
	// drop-out during service. A group not listed waits for ever and never
	// drops out.
	Disengagement []Disengagement
	// Group holds the programme settings for Mode GroupWork (and for the
	// group periods of a lot with Modes).
	Group GroupSettings
	// WaitWhenFull makes a full refuge (Mode Beds) keep referrals waiting
	// for a bed; by default (false) they are turned away (TurnedAway).
	// Casework and group work always keep people waiting.
	WaitWhenFull bool
	// DeclinedShare is the share of refuge offers (Mode Beds) the
	// survivor declines; a declined offer leaves the bed free.
	DeclinedShare float64
	// Targets are the waiting-time targets in days by risk (standard,
	// medium, high); zero means none.
	Targets [3]float64
	// TargetShare is the share of starts in a year that must be within
	// target for the year to meet it; zero means 0.9.
	TargetShare float64
	// Waiting and OpenCases are the inherited state at the start of the
	// clock: people already waiting (their waits count from then) and
	// cases already in service. An open case has the time left that a
	// case in progress has in a steady service, the equilibrium residual
	// with density S(r)/E[L]: a length-biased case length (density
	// l·f(l)/E[L]) times a uniform share, whose mean is E[L²]/(2E[L]);
	// for group work, a uniform share of the programme, without holding a
	// cohort slot. Their stream and risk are drawn in proportion to the
	// day-0 rates of the streams and risks routed here (to the risk
	// shares alone if those rates are all 0).
	Waiting, OpenCases int
	// Inherited lists the people inherited at the start of the clock one
	// by one, with how long each has already waited or been in service.
	// When not empty it replaces Waiting and OpenCases.
	Inherited []InheritedPerson
	// Cost is the lot's cost in each contract year, for cost per
	// completed case; empty for none.
	Cost []funding.Money
	// Stretch, if not nil, lets a casework lot take cases on above its
	// slots, up to each step's MaxSlots, instead of keeping people
	// waiting; nil means the slots are a hard cap.
	Stretch *Stretch
	// Modes, if not empty, changes the lot's delivery between casework
	// and group work at stated times (see ModeStep for what happens at a
	// switch); Mode is the delivery before the first. Such a lot needs
	// both Service (the case length) and Group.
	Modes []ModeStep
}

// Stretch is how a casework lot stretches its caseload rather than run a
// waiting list. While fewer cases are open than the step's Slots a start
// is normal; from Slots up to MaxSlots a start is taken on at once but
// stretched: its drawn case length is multiplied by Factor (thinner
// contact makes a case last longer). At MaxSlots people wait as without
// a stretch. Utilisation is then measured against MaxSlots, and the
// results count stretched starts (StretchedStarts), the time spent above
// Slots (TimeStretched) and the extra cases carried (ExtraCaseload).
type Stretch struct {
	// Factor multiplies the case length of a stretched start (>= 1; 1
	// means cases taken on stretched last as long as any other).
	Factor float64
}

// InheritedPerson is one person on a lot's waiting list or in service at
// the start of the clock (Lot.Inherited).
//
// A waiting person joins the queue as if referred Elapsed days before the
// start: their reported wait includes Elapsed, and within a risk level
// the queue is in that order. Their patience is drawn conditional on
// exceeding Elapsed. A case in service has the case length drawn
// conditional on exceeding Elapsed, less Elapsed, left (group work: the
// programme less Elapsed, at least 0). Where the conditional law has no
// room above Elapsed (a fixed length already passed, say) the person
// leaves, or the case ends, at the start. Inherited cases do not drop out.
type InheritedPerson struct {
	// Waiting says the person is on the waiting list; false: a case in
	// service.
	Waiting bool
	// Elapsed is the days already waited (Waiting) or in service, >= 0.
	Elapsed float64
	// Stream indexes Model.Streams (area and client group); -1 draws it
	// as for Lot.Waiting and Lot.OpenCases, among the streams routed to
	// the lot (with Risk, if given, among those sending that risk here).
	Stream int
	// Risk is the person's risk level; 0 (not a level) draws it as for
	// Lot.Waiting and Lot.OpenCases, given Stream if that is set.
	Risk lotting.Risk
}

// ErrBadModel reports a model the engine cannot run; Validate's errors
// wrap it.
var ErrBadModel = errors.New("simulate: bad model")

// ModelError is one thing wrong with a Model: where (a Go-style path such
// as "Lots[2].Slots[0].Slots") and what.
type ModelError struct {
	Path string // where, e.g. "Lots[2] (Refuge).Slots[0].Slots"
	Msg  string // what is wrong and what would be valid
	Err  error  // underlying cause, such as a lotting.ErrBadDistribution, or nil
}

// Error returns "simulate: bad model: <path>: <message>".
func (e *ModelError) Error() string {
	s := ErrBadModel.Error() + ": " + e.Path + ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ErrBadModel and the cause, if any, for errors.Is.
func (e *ModelError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrBadModel, e.Err}
	}
	return []error{ErrBadModel}
}

// Validate reports everything wrong with m, each as a *ModelError, joined
// with errors.Join; nil means the model can run.
func (m *Model) Validate() error {
	var errs []error
	bad := func(path, format string, args ...any) {
		errs = append(errs, &ModelError{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	badDist := func(path string, d lotting.Distribution) {
		if err := d.Validate(); err != nil {
			errs = append(errs, &ModelError{Path: path, Msg: "not a distribution", Err: err})
		}
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	prob := func(x float64) bool { return x >= 0 && x <= 1 }
	if m == nil {
		return &ModelError{Path: "Model", Msg: "nil model"}
	}
	if !finite(m.Horizon) || m.Horizon <= 0 {
		bad("Horizon", "must be a finite number of days above 0, got %v", m.Horizon)
	}
	if !finite(m.WarmUp) || m.WarmUp < 0 {
		bad("WarmUp", "must be a finite number of days at least 0, got %v", m.WarmUp)
	}
	if !finite(m.SampleEvery) {
		bad("SampleEvery", "must be finite, got %v", m.SampleEvery)
	} else if m.SampleEvery > 0 && m.Horizon/m.SampleEvery > 1e6 {
		bad("SampleEvery", "%v days gives more than a million samples over %v days", m.SampleEvery, m.Horizon)
	}
	for i, y := range m.YearStarts {
		switch {
		case i == 0 && y != 0:
			bad("YearStarts[0]", "must be 0 (the start of the reported period), got %v", y)
		case i > 0 && !(y > m.YearStarts[i-1] && y < m.Horizon):
			bad(fmt.Sprintf("YearStarts[%d]", i), "must be after the previous start and before the horizon %v, got %v", m.Horizon, y)
		}
	}
	nAreas := max(len(m.Areas), 1)
	if len(m.Streams) == 0 {
		bad("Streams", "need at least one stream of referrals")
	}
	if len(m.Lots) == 0 {
		bad("Lots", "need at least one lot")
	}
	if len(m.Lots) > 1<<14 || len(m.Streams) > 1<<14 {
		bad("Model", "at most 16384 lots and streams")
	}
	if len(m.Route) != len(m.Streams) {
		bad("Route", "need one row per stream (%d), got %d", len(m.Streams), len(m.Route))
	}
	for s, st := range m.Streams {
		p := fmt.Sprintf("Streams[%d]", s)
		if st.Name != "" {
			p += " (" + st.Name + ")"
		}
		if st.Area < 0 || st.Area >= nAreas {
			bad(p+".Area", "must index Areas (0 to %d), got %d", nAreas-1, st.Area)
		}
		if !st.Group.Valid() {
			bad(p+".Group", "must be a client group (%v), got %d", lotting.ClientGroupNames(), int(st.Group))
		}
		if len(st.RatePerDay) == 0 && !(finite(st.Rate) && st.Rate >= 0) {
			bad(p+".Rate", "must be a finite rate at least 0 per day, got %v", st.Rate)
		}
		for d, r := range st.RatePerDay {
			if !(finite(r) && r >= 0) {
				bad(fmt.Sprintf("%s.RatePerDay[%d]", p, d), "must be a finite rate at least 0 per day, got %v", r)
				break
			}
		}
		sum := 0.0
		for r, x := range st.RiskMix {
			if !prob(x) {
				bad(fmt.Sprintf("%s.RiskMix[%d]", p, r), "must be a share between 0 and 1, got %v", x)
			}
			sum += x
		}
		if math.Abs(sum-1) > 1e-9 {
			bad(p+".RiskMix", "shares must sum to 1, got %v", sum)
		}
		if !prob(st.RepeatRate) {
			bad(p+".RepeatRate", "must be a probability between 0 and 1, got %v", st.RepeatRate)
		}
		if !(finite(st.RepeatWithin) && st.RepeatWithin >= 0) {
			bad(p+".RepeatWithin", "must be a finite number of days at least 0, got %v", st.RepeatWithin)
		}
		if s < len(m.Route) {
			for r, l := range m.Route[s] {
				if st.RiskMix[r] > 0 && (l < -1 || l >= len(m.Lots)) {
					bad(fmt.Sprintf("Route[%d][%d]", s, r), "must index Lots (0 to %d) or be -1 for self-serve, got %d", len(m.Lots)-1, l)
				}
			}
		}
	}
	if fd := m.FrontDoor; fd != nil {
		if fd.Handlers < 1 {
			bad("FrontDoor.Handlers", "need at least 1 handler, got %d", fd.Handlers)
		}
		badDist("FrontDoor.HandlingTime", fd.HandlingTime)
		for r, x := range fd.SelfServe {
			if !prob(x) {
				bad(fmt.Sprintf("FrontDoor.SelfServe[%d]", r), "must be a share between 0 and 1, got %v", x)
			}
		}
	}
	for l := range m.Lots {
		m.Lots[l].validate(fmt.Sprintf("Lots[%d]", l), bad, badDist)
		m.Lots[l].validateInherited(fmt.Sprintf("Lots[%d]", l), len(m.Streams), bad)
	}
	return errors.Join(errs...)
}

func (lot *Lot) validate(p string, bad func(path, format string, args ...any), badDist func(string, lotting.Distribution)) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if lot.Name != "" {
		p += " (" + lot.Name + ")"
	}
	modes := lot.deliveries()
	for _, mode := range modes {
		lot.validateMode(p, mode, bad, badDist)
	}
	lot.validateModes(p, bad)
	if st := lot.Stretch; st != nil {
		if !slices.Contains(modes, lotting.Casework) {
			bad(p+".Stretch", "applies to casework only, not %v; remove it or make the lot casework", lot.Mode)
		}
		if !(finite(st.Factor) && st.Factor >= 1) {
			bad(p+".Stretch.Factor", "must be a finite length factor at least 1, got %v", st.Factor)
		}
	}
	lot.validateRest(p, bad, badDist)
}

// validateMode checks the settings lot delivery mode needs.
func (lot *Lot) validateMode(p string, mode lotting.Delivery, bad func(path, format string, args ...any), badDist func(string, lotting.Distribution)) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch mode {
	case lotting.Casework, lotting.Beds:
		badDist(p+".Service", lot.Service)
		for r, d := range lot.ServiceByRisk {
			if d != nil {
				badDist(fmt.Sprintf("%s.ServiceByRisk[%d]", p, r), *d)
			}
		}
	case lotting.GroupWork:
		g := lot.Group
		if g.CohortSize < 1 {
			bad(p+".Group.CohortSize", "must be at least 1, got %d", g.CohortSize)
		}
		if g.MinToStart < 0 || g.MinToStart > g.CohortSize {
			bad(p+".Group.MinToStart", "must be between 0 and the cohort size %d, got %d", g.CohortSize, g.MinToStart)
		}
		if g.Weeks < 1 {
			bad(p+".Group.Weeks", "must be at least 1 session, got %d", g.Weeks)
		}
		if !(finite(g.StartEvery) && g.StartEvery > 0) {
			bad(p+".Group.StartEvery", "must be a finite number of days above 0, got %v", g.StartEvery)
		}
		if !(finite(g.FirstStart) && g.FirstStart >= 0) {
			bad(p+".Group.FirstStart", "must be a finite number of days at least 0, got %v", g.FirstStart)
		}
		if g.JoinUntilWeek < 0 || (g.Weeks >= 1 && g.JoinUntilWeek >= g.Weeks) || g.JoinUntilWeek > maxJoinWeek {
			bad(p+".Group.JoinUntilWeek", "must be from 0 to Weeks-1 = %d (and at most %d), got %d", max(g.Weeks-1, 0), maxJoinWeek, g.JoinUntilWeek)
		}
		if g.Rolling {
			for k, st := range lot.Slots {
				if st.Slots > maxRollingCohorts {
					bad(fmt.Sprintf("%s.Slots[%d].Slots", p, k), "a rolling group runs at most %d cohorts at once, got %d", maxRollingCohorts, st.Slots)
				}
			}
		}
	default:
		bad(p+".Mode", "must be casework, group or beds, got %d", int(lot.Mode))
	}
}

// validateRest checks a lot's capacity steps, disengagement, targets and
// inherited counts.
func (lot *Lot) validateRest(p string, bad func(path, format string, args ...any), badDist func(string, lotting.Distribution)) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	prob := func(x float64) bool { return x >= 0 && x <= 1 }
	for i, s := range lot.Slots {
		sp := fmt.Sprintf("%s.Slots[%d]", p, i)
		if !finite(s.At) || (i > 0 && s.At < lot.Slots[i-1].At) {
			bad(sp+".At", "must be finite and not before the previous step, got %v", s.At)
		}
		if s.Slots < 0 || s.Slots > 1<<30 {
			bad(sp+".Slots", "must be between 0 and 2^30, got %d", s.Slots)
		}
		if s.MaxSlots < 0 || s.MaxSlots > 1<<30 {
			bad(sp+".MaxSlots", "must be between 0 and 2^30, got %d", s.MaxSlots)
		}
		if !prob(s.Probability) {
			bad(sp+".Probability", "must be a probability between 0 and 1, got %v", s.Probability)
		}
	}
	seen := map[lotting.ClientGroup]bool{}
	for i, d := range lot.Disengagement {
		dp := fmt.Sprintf("%s.Disengagement[%d]", p, i)
		if !d.Group.Valid() {
			bad(dp+".Group", "must be a client group (%v), got %d", lotting.ClientGroupNames(), int(d.Group))
		} else if seen[d.Group] {
			bad(dp+".Group", "%s is listed twice", d.Group)
		}
		seen[d.Group] = true
		if d.Patience != nil {
			badDist(dp+".Patience", *d.Patience)
		}
		if !prob(d.DropOut) {
			bad(dp+".DropOut", "must be a probability between 0 and 1, got %v", d.DropOut)
		}
		// At least a day between contacts keeps their count bounded.
		if !(finite(d.EngageEvery) && (d.EngageEvery == 0 || d.EngageEvery >= 1)) {
			bad(dp+".EngageEvery", "must be 0 (no contacts) or a finite number of days at least 1, got %v", d.EngageEvery)
		}
		if !(finite(d.PatienceFactor) && (d.PatienceFactor == 0 || d.PatienceFactor >= 1)) {
			bad(dp+".PatienceFactor", "must be 0 (taken as 1) or a finite number at least 1, got %v", d.PatienceFactor)
		}
	}
	if !prob(lot.DeclinedShare) {
		bad(p+".DeclinedShare", "must be a share between 0 and 1, got %v", lot.DeclinedShare)
	}
	for r, t := range lot.Targets {
		if !(finite(t) && t >= 0) {
			bad(fmt.Sprintf("%s.Targets[%d]", p, r), "must be a finite number of days at least 0, got %v", t)
		}
	}
	if !prob(lot.TargetShare) {
		bad(p+".TargetShare", "must be a share between 0 and 1, got %v", lot.TargetShare)
	}
	if lot.Waiting < 0 || lot.OpenCases < 0 || lot.Waiting > 1<<24 || lot.OpenCases > 1<<24 {
		bad(p, "inherited Waiting and OpenCases must be between 0 and 2^24, got %d and %d", lot.Waiting, lot.OpenCases)
	}
}

// validateInherited checks lot.Inherited against the model's nStreams
// streams, reporting at most a few bad people so that a long bad list
// does not bury the other errors.
func (lot *Lot) validateInherited(p string, nStreams int, bad func(path, format string, args ...any)) {
	if lot.Name != "" {
		p += " (" + lot.Name + ")"
	}
	if len(lot.Inherited) > 1<<24 {
		bad(p+".Inherited", "at most 2^24 people, got %d", len(lot.Inherited))
		return
	}
	nBad := 0
	for k, ip := range lot.Inherited {
		streamOK := ip.Stream >= -1 && ip.Stream < nStreams
		elapsedOK := !math.IsNaN(ip.Elapsed) && !math.IsInf(ip.Elapsed, 0) && ip.Elapsed >= 0
		riskOK := ip.Risk == 0 || ip.Risk.Valid()
		if streamOK && elapsedOK && riskOK {
			continue // no path built for the many good people
		}
		if nBad == 5 {
			bad(p+".Inherited", "more bad people not listed")
			return
		}
		ipp := fmt.Sprintf("%s.Inherited[%d]", p, k)
		if !streamOK {
			bad(ipp+".Stream", "must index Streams (0 to %d) or be -1 to draw it, got %d", nStreams-1, ip.Stream)
		}
		if !elapsedOK {
			bad(ipp+".Elapsed", "must be a finite number of days at least 0, got %v", ip.Elapsed)
		}
		if !riskOK {
			bad(ipp+".Risk", "must be a risk level (%v) or 0 to draw it, got %d", lotting.RiskNames(), int(ip.Risk))
		}
		nBad++
	}
}
