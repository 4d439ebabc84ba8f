package synth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// ErrBadOptions reports options Generate cannot use.
var ErrBadOptions = errors.New("synth: bad options")

// The outcomes a row can have at the extract date.
const (
	Completed  = "completed"   // service ended as planned; end: the day it ended
	DroppedOut = "dropped_out" // left during service; end: the day they left
	GaveUp     = "gave_up"     // left the waiting list (or declined a refuge offer); no start; end: the day they left
	TurnedAway = "turned_away" // turned away from a full refuge; no start; end: the referral date
	Open       = "open"        // started, not ended by the extract date: no end
	Waiting    = "waiting"     // not started by the extract date: no start, no end
	ReferredOn = "referred_on" // referred on without service at the front door; no lot, no start; end: the day
)

// Options say what extract to generate. The zero value generates one from
// the scenario's seed, over the whole demand period to the end of the
// scenario's horizon, without client ids.
type Options struct {
	// Seed seeds the replication (and the client ids); 0 means the
	// scenario's Simulation.Seed.
	Seed uint64
	// AsOf is the extract date: nothing after it is in the records. The
	// zero value means the last day of the scenario's horizon. The
	// simulation runs to the end of that day, whatever the scenario's
	// horizon (the scenario's money must cover it).
	AsOf funding.Date
	// From is the first referral date written. The zero value means the
	// demand's start date, or time 0 (the earliest contract start) if that
	// is later or there is none. It may not be before time 0: referrals
	// before it belong to the warm-up.
	From funding.Date
	// ClientIDs adds a client_id column. A repeat referral gets the id of
	// an earlier referral of the same stream and risk level (see
	// Generate).
	ClientIDs bool
}

// Row is one referral as a case management system records it. A zero date
// is a blank.
type Row struct {
	Referral    funding.Date // the referral date
	Start       funding.Date // the date support started; zero: not started by the extract date
	End         funding.Date // the date the case closed or the person left; zero: still open or waiting
	Area        string       // the area's name in the scenario
	ClientGroup string       // "victim", "child_family" or "perpetrator"
	Risk        string       // "high", "medium" or "standard"
	Lot         string       // the lot's name; "" for a referral referred on at the front door
	Outcome     string       // one of the outcome constants (Completed, ..., ReferredOn)
	ClientID    string       // "C" and a number when Options.ClientIDs is set, else ""
}

// Records are a generated extract with what it was generated from.
type Records struct {
	// Rows are the referrals made from From to AsOf, both included, in the
	// order they were made.
	Rows []Row
	// From and AsOf are the first referral date written and the extract
	// date.
	From, AsOf funding.Date
	// ClientIDs says whether the rows carry client ids (and WriteCSV a
	// client_id column).
	ClientIDs bool
	// Truth are the parameters the records were generated from.
	Truth Truth
}

// Truth are the parameters of the scenario the records were generated
// from, in the terms a fit estimates.
type Truth struct {
	Seed    uint64        // the replication's seed
	Start   funding.Date  // the date of time 0: the earliest contract start
	Streams []StreamTruth // in the order of the scenario's demand streams
	Lots    []LotTruth    // the lots that serve, in file order (not the front door)
}

// StreamTruth is one demand stream's parameters.
type StreamTruth struct {
	Area  string
	Group lotting.ClientGroup
	// ReferralsPerYear is the rate at From, repeats included, before
	// seasonality and shocks: the scenario's referrals_per_year grown to
	// From at the stream's growth.
	ReferralsPerYear float64
	Growth           float64 // yearly growth, compounding: 0.03 for 3%
	RepeatShare      float64 // the share of referrals that are repeats
	// RiskMix is the share of referrals at each risk level (standard,
	// medium, high).
	RiskMix [3]float64
}

// LotTruth is one lot's parameters.
type LotTruth struct {
	Name     string
	Delivery lotting.Delivery
	// CaseLengthMeanDays is the mean of the distribution case lengths (or
	// lengths of stay) are drawn from, the full planned length: for group
	// work the programme's 7 × weeks days.
	CaseLengthMeanDays float64
	// Groups give patience and drop-out for each client group the lot's
	// disengagement lists, in the order it lists them.
	Groups []GroupTruth
}

// GroupTruth is how one client group leaves a lot without completing.
type GroupTruth struct {
	Group lotting.ClientGroup
	// PatienceMeanDays is the mean time a person waits before giving up;
	// 0 means they wait for ever.
	PatienceMeanDays float64
	// DropOutShare is the share of starters who leave during service.
	DropOutShare float64
}

// idSalt separates the client-id source from the engine's sources, which
// are all derived from the seed alone.
const idSalt = 0x5eed_c11e_a7

// rec is a row while the replication runs, in days from time 0 (-1 for
// none).
type rec struct {
	ref, start, end int
	stream, risk    int
	lot             int
	outcome         string
	repeat          bool
}

// Generate runs one replication of s (replication 0 of the seed) to the
// end of opt.AsOf with simulate's trace hook and returns the records it
// would leave. Time t (days from time 0) is the date floor(t) days after
// time 0, the earliest contract start (scenario.Built.Start).
//
// Only referrals made from From to AsOf are written: people referred
// during a warm-up, or inherited (the scenario's start_state), are not,
// so the extract starts empty of earlier cases even though the lots do not
// (their cases and waiting lists take capacity and delay the people
// written). A person's state is cut at AsOf: one who starts after it is
// "waiting", one who ends after it "open". A refuge offer declined is
// written as gave_up. Lot is the lot a referral reached, after triage if
// there is a front door; a referral still waiting for triage at AsOf has
// the front door's lot.
//
// Client ids: the engine refers a person again without linking the two
// referrals, so a repeat referral (which the engine does mark) gets the id
// of an earlier written referral of the same stream and risk level within
// the stream's repeat window, drawn at random among those not yet given a
// repeat, and a new id if there is none (its first referral was before
// From). The ids are "C" and seven digits from a source seeded by the
// seed, so the same seed gives the same ids.
//
// The error wraps scenario.ErrCannotSimulate when the scenario cannot be
// simulated to AsOf, ErrBadOptions for dates that cannot be used, or the
// engine's error.
func Generate(s *scenario.Scenario, opt Options) (*Records, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: no scenario", ErrBadOptions)
	}
	b, err := s.Build(s.Simulation.Horizon)
	if err != nil {
		return nil, err
	}
	start := b.Start
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = start.AddDays(int(b.Model.Horizon) - 1)
	}
	from := opt.From
	if from.IsZero() {
		from = start
		if d := s.Demand.Start; d.After(start) {
			from = d
		}
	}
	switch {
	case from.Before(start):
		return nil, fmt.Errorf("%w: From %s is before time 0, the earliest contract start %s; give a date from %s on", ErrBadOptions, from, start, start)
	case asOf.Before(from):
		return nil, fmt.Errorf("%w: AsOf %s is before From %s; give an extract date from %s on", ErrBadOptions, asOf, from, from)
	}
	days := asOf.DaysSince(start) + 1
	b, err = s.Build(scenario.Horizon{Kind: scenario.Fixed, Length: funding.Duration{N: days, Unit: funding.Days}})
	if err != nil {
		return nil, fmt.Errorf("simulating to the extract date %s: %w", asOf, err)
	}
	m := b.Model
	seed := opt.Seed
	if seed == 0 {
		seed = s.Simulation.Seed
	}

	fromDay, asOfDay := from.DaysSince(start), days-1
	var recs []rec
	var person []int // slab index -> index in recs, or -1
	var runErr error
	trace := func(ev simulate.TraceEvent) {
		p := int(ev.Person)
		for p >= len(person) {
			person = append(person, -1)
		}
		day := int(math.Floor(ev.Time))
		if ev.Kind == simulate.TraceReferred || ev.Kind == simulate.TraceInherited {
			person[p] = -1
			if ev.Kind == simulate.TraceReferred && day >= fromDay && day <= asOfDay {
				person[p] = len(recs)
				recs = append(recs, rec{ref: day, start: -1, end: -1, stream: ev.Stream, risk: ev.Risk.Index(), lot: ev.Lot, repeat: ev.Repeat})
			}
			return
		}
		i := person[p]
		if i < 0 {
			return
		}
		if day > asOfDay { // the run ends with AsOf; kept for safety
			return
		}
		r := &recs[i]
		switch ev.Kind {
		case simulate.TraceRouted:
			r.lot = ev.Lot
			return
		case simulate.TraceStarted:
			r.start = day
			return
		case simulate.TraceCompleted:
			r.outcome = Completed
		case simulate.TraceDroppedOut:
			r.outcome = DroppedOut
		case simulate.TraceGaveUp, simulate.TraceDeclined:
			r.outcome = GaveUp
		case simulate.TraceTurnedAway:
			r.outcome = TurnedAway
		case simulate.TraceReferredOn:
			r.outcome, r.lot = ReferredOn, -1
		default:
			runErr = fmt.Errorf("synth: unexpected trace event %v", ev.Kind)
			return
		}
		r.end = day
		person[p] = -1
	}
	if _, err := simulate.Run(context.Background(), m, simulate.Options{Seed: seed, Replications: 1, Workers: 1, Trace: trace}); err != nil {
		return nil, err
	}
	if runErr != nil {
		return nil, runErr
	}

	out := &Records{From: from, AsOf: asOf, ClientIDs: opt.ClientIDs, Truth: truth(s, b, seed, from)}
	out.Rows = make([]Row, len(recs))
	date := func(d int) funding.Date {
		if d < 0 {
			return funding.Date{}
		}
		return start.AddDays(d)
	}
	for i, r := range recs {
		st := &m.Streams[r.stream]
		row := Row{
			Referral: date(r.ref), Start: date(r.start), End: date(r.end),
			ClientGroup: st.Group.String(), Risk: lotting.RiskAt(r.risk).String(), Outcome: r.outcome,
		}
		// A referral from outside the area (scenario.OutOfArea) is written
		// in its stream's own area: the scenario's streams count every
		// referral the lot receives, and records are read against them.
		if k := r.stream; k < len(b.DemandStream) {
			row.Area = s.Demand.Streams[b.DemandStream[k]].Area
		} else if st.Area < len(m.Areas) {
			row.Area = m.Areas[st.Area]
		}
		if r.lot >= 0 {
			row.Lot = b.Lots[r.lot]
		}
		if row.Outcome == "" {
			row.Outcome = Waiting
			if r.start >= 0 {
				row.Outcome = Open
			}
		}
		out.Rows[i] = row
	}
	if opt.ClientIDs {
		clientIDs(out.Rows, recs, m, seed)
	}
	return out, nil
}

// clientIDs gives every row a client id, a repeat referral the id of an
// earlier one (see Generate).
func clientIDs(rows []Row, recs []rec, m *simulate.Model, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, idSalt))
	used := make(map[uint64]bool, len(rows))
	const lo, span = 1_000_000, 9_000_000 // seven digits
	fresh := func() string {
		if len(used) >= span/2 { // never in practice: millions of people
			return fmt.Sprintf("C%d", lo+span+len(used))
		}
		for {
			n := lo + rng.Uint64N(span)
			if !used[n] {
				used[n] = true
				return fmt.Sprintf("C%d", n)
			}
		}
	}
	// open[stream*3+risk] are the first referrals, in date order, that
	// may still be given a repeat.
	open := make([][]int, len(m.Streams)*3)
	for i, r := range recs {
		k := r.stream*3 + r.risk
		if !r.repeat {
			rows[i].ClientID = fresh()
			open[k] = append(open[k], i)
			continue
		}
		within := m.Streams[r.stream].RepeatWithin
		if within == 0 {
			within = 365 // simulate.Stream's documented default
		}
		c := open[k]
		for len(c) > 0 && float64(r.ref-recs[c[0]].ref) > within {
			c = c[1:]
		}
		open[k] = c
		if len(c) == 0 {
			rows[i].ClientID = fresh()
			continue
		}
		j := rng.IntN(len(c))
		rows[i].ClientID = rows[c[j]].ClientID
		open[k] = slices.Delete(c, j, j+1)
	}
}

// truth gathers the parameters the records are generated from.
func truth(s *scenario.Scenario, b *scenario.Built, seed uint64, from funding.Date) Truth {
	t := Truth{Seed: seed, Start: b.Start}
	d := s.Demand
	for _, ds := range d.Streams {
		rate := ds.PerYear
		if ds.Growth != 0 && !d.Start.IsZero() {
			rate *= math.Pow(1+ds.Growth, float64(from.DaysSince(d.Start))/funding.DaysPerYear)
		}
		mix := [3]float64{ds.RiskMix[lotting.Standard], ds.RiskMix[lotting.Medium], ds.RiskMix[lotting.High]}
		t.Streams = append(t.Streams, StreamTruth{Area: ds.Area, Group: ds.Group, ReferralsPerYear: rate,
			Growth: ds.Growth, RepeatShare: ds.RepeatRate, RiskMix: mix})
	}
	for _, l := range b.Model.Lots {
		lt := LotTruth{Name: l.Name, Delivery: l.Mode, CaseLengthMeanDays: l.Service.Expected()}
		if l.Mode == lotting.GroupWork {
			lt.CaseLengthMeanDays = 7 * float64(l.Group.Weeks)
		}
		for _, g := range l.Disengagement {
			gt := GroupTruth{Group: g.Group, DropOutShare: g.DropOut}
			if g.Patience != nil {
				gt.PatienceMeanDays = g.Patience.Expected()
			}
			lt.Groups = append(lt.Groups, gt)
		}
		t.Lots = append(t.Lots, lt)
	}
	return t
}
