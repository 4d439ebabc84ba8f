package simulate

import (
	"context"
	"math"

	"github.com/lotsim/lotsim/lotting"
)

// Event kinds.
const (
	evArrival   uint8 = iota + 1 // id: stream
	evRepeat                     // id: stream, aux: risk
	evDepart                     // id: customer leaving service (or the front door)
	evPatience                   // id: customer, aux: generation when they joined the queue
	evCohort                     // id: station; a possible cohort start
	evCohortEnd                  // id: station
	evCapacity                   // id: station, aux: step index
	evYear                       // id: the contract year that starts
	evSample                     // id: sample index
	evSession                    // id: station, aux: cohort<<16 | week; a rolling cohort's weekly session
)

// Customer states.
const (
	stFree uint8 = iota
	stWaiting
	stService  // will complete at its departure
	stDropping // will drop out at its departure
)

// customer is one referral moving through the system, kept in a slab
// (engine.cust) and named by its index.
type customer struct {
	queued  float64 // time the customer joined the current station
	gen     uint32  // bumped whenever the customer leaves a queue or the system
	stream  int32
	station int32
	off     int32 // offset of the cells of its client group and area in its station's tallies of a year (and waiting counts)
	risk    uint8 // 0 standard, 1 medium, 2 high
	group   uint8 // lotting.ClientGroup
	state   uint8
	repeat  bool  // a repeat referral
	year    int16 // contract year of the referral to the current station, -1 for none (warm-up, inherited)
	cohort  int16 // index in station.cohorts of a rolling cohort's member, untracked for another cohort member, else -1 (a case)
}

// streamState draws the arrival times of one stream.
type streamState struct {
	rng      *source
	rates    []float64 // per day from time 0; empty: rate
	rate     float64
	area     int
	area4    int32 // area * 4: the offset of the area's cells among a client group's
	group    uint8
	mix      [3]float64
	onlyRisk int8    // the risk level if the mix has only one, else -1
	rep      float64 // repeat probability
	within   float64
	route    [3]int32 // station index, or -1
}

// station is a lot or the front door while a replication runs.
type station struct {
	index       int // in engine.st
	mode        lotting.Delivery
	slots       int     // capacity now (casework: the normal caseload)
	cap         int     // slots a start may take now: slots, or the stretched maximum
	stretch     float64 // factor on the length of a stretched start; 0: no stretch
	busy        int     // slots in use: cases, beds or running cohorts
	other       int     // units of the other delivery still running after a switch (Lot.Modes)
	chain       bool    // a possible cohort start is scheduled (group work)
	converted   int     // cohorts converted into 1:1 cases whose end events are still to come
	inService   int     // people in service
	waiting     int     // people waiting (live entries in q)
	q           [3]ring
	svc         sampler
	svcRisk     []sampler // by risk, when the lot's case length depends on it; nil: svc for all
	svcRng      *source
	disRng      *source
	patience    [4]sampler // by lotting.ClientGroup
	hasPatience [4]bool
	dropOut     [4]float64
	targets     [3]float64
	turnAway    bool
	declined    float64
	frontDoor   bool
	selfServe   [3]float64

	cohortSize, minToStart int
	programme, every       float64
	rolling                bool     // rolling intake (GroupSettings.Rolling)
	joinUntil              int      // last week a rolling cohort takes people
	cohorts                []cohort // rolling cohorts, running or ended (reused)

	// Engagement while waiting, by client group: contact every
	// engageEvery[g] days (0: none); the patience clock runs slower by
	// patienceFactor[g] (1 without engagement).
	engageEvery    [4]float64
	patienceFactor [4]float64

	cur   []tally // this year's tallies by group slot, area, risk: [(slot*(nA+1) + area)*4 + risk]; nil in the warm-up
	tot   *tally  // this year's station total (all groups, areas and risks)
	steps []CapacityStep
	uLast float64     // time of the last utilisation update
	live  []liveCount // waiting, indexed as cur (the total slots unused)
	// gCur is, per lotting.ClientGroup, the offset in cur of the group's
	// cells: 0 at a station that one group reaches.
	gCur     [4]int32
	initWait int
	initSvc  int
}

// cohort is a running cohort of a rolling group lot.
type cohort struct {
	start  float64 // time of its first session
	filled int     // seats taken
	live   bool    // running
}

type liveCount struct {
	n    int
	last float64
}

// engine runs replications of one model, one at a time, reusing its
// memory. It belongs to one goroutine.
type engine struct {
	p *plan
	q calendar
	// arrivals holds the next arrival of each stream that has one, apart
	// from q: a stream always has exactly one pending, and replacing it
	// in a heap of at most one event a stream costs less than filing it
	// in the calendar and taking it out again. Its keys come from q's
	// sequence, so runUntil, taking the earlier of the two tops, handles
	// events in exactly the order one list would.
	arrivals eventQueue
	cust     []customer
	free     []int32
	st       []station
	streams  []streamState
	triage   *source
	capRng   *source

	now       float64
	topLive   bool // the event being handled is still at the top of the queue
	year      int  // current contract year, -1 during the warm-up
	rr        *repResult
	inSys     int
	events    int64
	dropped   int64            // stale patience events dropped by the calendar unhandled
	customers int64            // referrals made, warm-up included
	shared    []float64        // this replication's shared draws for capacity step events
	lim       limit            // the most people in the system at once
	overLimit bool             // inSys went above lim.people: the run stops
	trace     func(TraceEvent) // Options.Trace, or nil
}

func newEngine(p *plan) *engine {
	e := &engine{p: p, triage: newSourceRand(), capRng: newSourceRand(), shared: make([]float64, p.nEvents)}
	e.lim = limit{people: MaxPeople(0, 1), memory: DefaultMaxMemory, workers: 1}
	e.q.stale, e.q.staleKind = e.stale, evPatience
	m := p.m
	e.streams = make([]streamState, len(m.Streams))
	for i, s := range m.Streams {
		ss := &e.streams[i]
		ss.rng = newSourceRand()
		ss.rates, ss.rate = s.RatePerDay, s.Rate
		ss.area, ss.area4 = s.Area, int32(s.Area*4)
		ss.group = uint8(s.Group)
		ss.mix = s.RiskMix
		ss.onlyRisk = -1
		for r, x := range s.RiskMix {
			if x == 1 {
				ss.onlyRisk = int8(r)
			}
		}
		ss.rep = s.RepeatRate
		ss.within = s.RepeatWithin
		if ss.within == 0 {
			ss.within = 365 // documented default on Stream.RepeatWithin
		}
		for r := range 3 {
			ss.route[r] = -1
			if l := m.Route[i][r]; l >= 0 && s.RiskMix[r] > 0 {
				ss.route[r] = int32(l)
			}
		}
	}
	e.st = make([]station, p.nSt)
	for i := range m.Lots {
		lot := &m.Lots[i]
		s := &e.st[i]
		s.mode = lot.Mode
		s.svcRng, s.disRng = newSourceRand(), newSourceRand()
		if lot.Mode != lotting.GroupWork || len(lot.Modes) > 0 {
			s.svc = newSampler(lot.Service, s.svcRng)
			s.svcRisk = riskSamplers(lot, s.svc, s.svcRng)
		}
		for _, d := range lot.Disengagement {
			g := int(d.Group)
			if d.Patience != nil {
				s.patience[g] = newSampler(*d.Patience, s.disRng)
				s.hasPatience[g] = true
			}
			s.dropOut[g] = d.DropOut
			s.patienceFactor[g] = 1
			if d.EngageEvery > 0 {
				s.engageEvery[g], s.patienceFactor[g] = d.EngageEvery, max(d.PatienceFactor, 1)
			}
		}
		s.targets = lot.Targets
		s.turnAway = lot.Mode == lotting.Beds && !lot.WaitWhenFull
		s.declined = lot.DeclinedShare
		s.cohortSize, s.minToStart = lot.Group.CohortSize, max(lot.Group.MinToStart, 1)
		s.programme, s.every = 7*float64(lot.Group.Weeks), lot.Group.StartEvery
		s.rolling, s.joinUntil = lot.Group.Rolling, lot.Group.JoinUntilWeek
		s.steps = lot.Slots
		if lot.Stretch != nil {
			s.stretch = lot.Stretch.Factor
		}
		s.initWait, s.initSvc = lot.Waiting, lot.OpenCases
	}
	if fd := m.FrontDoor; fd != nil {
		s := &e.st[p.nSt-1]
		s.mode = lotting.Casework
		s.frontDoor = true
		s.svcRng, s.disRng = newSourceRand(), newSourceRand()
		s.svc = newSampler(fd.HandlingTime, s.svcRng)
		s.selfServe = fd.SelfServe
		s.steps = []CapacityStep{{At: math.Inf(-1), Slots: fd.Handlers}}
	}
	for i := range e.st {
		s := &e.st[i]
		s.index = i
		s.live = make([]liveCount, p.sc[i].nG*(p.nA+1)*4)
		for g, k := range p.sc[i].slot {
			s.gCur[g] = int32(k * (p.nA + 1) * 4)
		}
	}
	return e
}

// run simulates replication rep of the run seeded seed into rr, which must
// have been reset. It returns a context error if ctx ends first, or an
// error if a conservation check fails.
func (e *engine) run(ctx context.Context, seed uint64, rep int, rr *repResult) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e.setup(seed, rep, rr)
	if e.overLimit {
		return e.limitError()
	}
	if err := e.runUntil(ctx, e.p.m.Horizon); err != nil {
		return err
	}
	e.finish()
	return e.check()
}

// setup resets the engine for replication rep: sources reseeded, state
// emptied, start state placed and the first events scheduled.
func (e *engine) setup(seed uint64, rep int, rr *repResult) {
	p, m := e.p, e.p.m
	e.rr = rr
	rr.index = rep
	start := 0 - m.WarmUp // +0, not -0, with no warm-up
	e.q.reset(start)
	e.arrivals.reset()
	e.cust = e.cust[:0]
	e.free = e.free[:0]
	e.events, e.dropped, e.customers = 0, 0, 0
	e.inSys, e.overLimit = 0, false
	e.now = start
	e.year = -1
	if start == 0 {
		e.year = 0
	}
	seedSource(&e.triage.pcg, seed, rep, streamTriage)
	seedSource(&e.capRng.pcg, seed, rep, streamCapacity)
	for i := range e.streams {
		seedSource(&e.streams[i].rng.pcg, seed, rep, streamArrivals+uint64(i)<<streamIndexShift)
	}
	// Shared draws for uncertain capacity steps, in order of first use.
	for k := range e.shared {
		e.shared[k] = e.capRng.Float64()
	}
	// Contract years first, so that a year boundary is handled before
	// anything else at the same time (events at equal times run in the
	// order they were scheduled).
	for k, y := range p.yearStarts {
		if y > start {
			e.schedule(y, evYear, int32(k), 0)
		}
	}
	for i := range e.st {
		s := &e.st[i]
		seedSource(&s.svcRng.pcg, seed, rep, streamService+uint64(i)<<streamIndexShift)
		seedSource(&s.disRng.pcg, seed, rep, streamDisengage+uint64(i)<<streamIndexShift)
		s.busy, s.inService, s.waiting, s.other = 0, 0, 0, 0
		s.chain, s.converted = false, 0
		if i < len(m.Lots) {
			s.mode = m.Lots[i].Mode // a replication may have switched it
		}
		s.cohorts = s.cohorts[:0]
		for r := range s.q {
			s.q[r].reset()
		}
		s.uLast = start
		for j := range s.live {
			s.live[j] = liveCount{last: start}
		}
		// Capacity: draw every uncertain step once, in order, then apply
		// those at or before the start and schedule the rest.
		s.slots, s.cap = 0, 0
		for k, step := range s.steps {
			if step.Probability != 0 && e.stepDraw(i, k) >= step.Probability {
				continue
			}
			if step.At <= 0 { // the warm-up runs with the capacity of time 0
				s.setSlots(step)
			} else if step.At < m.Horizon {
				e.schedule(step.At, evCapacity, int32(i), uint32(k))
			}
		}
	}
	e.yearCells()

	if p.sampleEvery > 0 {
		e.schedule(0, evSample, 0, 0)
	}
	// Inherited state, then the first arrival of every stream and the
	// first cohort of every group lot.
	for i := range m.Lots {
		e.inherit(i)
	}
	for i := range e.streams {
		if t := e.nextArrival(i, start); t < m.Horizon {
			e.arrivals.pushEvent(event{t: t, key: e.q.key(evArrival), id: int32(i)})
		}
	}
	for i := range e.st {
		s := &e.st[i]
		if s.mode == lotting.GroupWork {
			if t := start + m.Lots[i].Group.FirstStart; t < m.Horizon {
				e.schedule(t, evCohort, int32(i), 0)
				s.chain = true
			}
		} else {
			e.tryStart(s)
		}
	}
	if e.year == 0 {
		e.snapshotStart()
	}
}

// stepDraw returns the uniform draw that decides whether uncertain
// capacity step k of station i happens: the shared draw of its event, or
// a draw of its own.
func (e *engine) stepDraw(i, k int) float64 {
	if j := e.p.stepEvent[i][k]; j >= 0 {
		return e.shared[j]
	}
	return e.capRng.Float64()
}

// snapshotStart records who is in the system at time 0, for conservation.
func (e *engine) snapshotStart() {
	rr := e.rr
	rr.sys.start = e.inSys
	for i := range e.st {
		s := &e.st[i]
		rr.stStart[i] = s.waiting + s.inService
	}
}

// runUntil processes events before time t (and before the horizon).
func (e *engine) runUntil(ctx context.Context, t float64) error {
	t = min(t, e.p.m.Horizon)
	for {
		top := e.q.peek()
		arrival := false
		if len(e.arrivals.h) > 0 && (top == nil || e.arrivals.h[0].before(top)) {
			top, arrival = &e.arrivals.h[0], true
		}
		if top == nil || top.t >= t {
			break
		}
		ev := *top
		// The handler's first schedule replaces an event of q at its top;
		// an arrival replaces itself in arrivals.
		e.topLive = !arrival
		e.now = ev.t
		e.events++
		switch ev.kind() {
		case evArrival:
			e.arrival(ev.id)
		case evDepart:
			e.depart(ev.id)
		case evPatience:
			e.patience(ev.id, ev.aux)
		case evRepeat:
			e.referral(int(ev.id), int(ev.aux), true)
		case evCohort:
			e.cohort(int(ev.id))
		case evCohortEnd:
			e.cohortEnd(int(ev.id), ev.aux)
		case evSession:
			e.session(int(ev.id), int(ev.aux>>16), int(ev.aux&0xffff))
		case evCapacity:
			i := int(ev.id)
			s := &e.st[i]
			if sm := e.p.stepMode[i]; sm != nil && sm[ev.aux] != s.mode {
				e.switchMode(i, sm[ev.aux], e.p.stepConvert[i][ev.aux])
			}
			e.utilise(s)
			s.setSlots(s.steps[ev.aux])
			if s.mode != lotting.GroupWork {
				e.tryStart(s)
			}
		case evYear:
			e.newYear(int(ev.id))
		case evSample:
			e.sample(int(ev.id))
		}
		if e.topLive {
			e.q.pop()
			e.topLive = false
		}
		if e.overLimit {
			return e.limitError()
		}
		if e.events&0xffff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

// stale reports whether ev is a patience event of a customer who has
// since left the queue (started, or left the system), which the patience
// handler would ignore: the calendar then drops it without handling it.
// The customer's generation only grows, so a stale event stays stale. A
// dropped event still counts in Results.Events, as if it had been handled
// and ignored, so that the figure does not depend on how events are kept.
func (e *engine) stale(ev *event) bool {
	if ev.kind() != evPatience || e.cust[ev.id].gen == ev.aux {
		return false
	}
	if ev.t < e.p.m.Horizon { // runUntil handles events before the horizon only
		e.dropped++
	}
	return true
}

// schedule adds an event. While an event is being handled it is still at
// the top of the queue; the handler's first schedule replaces it there,
// which costs one sift instead of two (most events schedule another).
func (e *engine) schedule(t float64, k uint8, id int32, aux uint32) {
	if e.topLive {
		e.topLive = false
		e.q.replaceTop(t, k, id, aux)
		return
	}
	e.q.push(t, k, id, aux)
}

// newCustomer takes a place in the slab for a referral of stream at risk
// and returns its index and record. The record's address holds until the
// next newCustomer, which may grow the slab.
func (e *engine) newCustomer(stream, risk int) (int32, *customer) {
	var c int32
	if n := len(e.free); n > 0 {
		c = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		e.cust = append(e.cust, customer{})
		c = int32(len(e.cust) - 1)
	}
	cu := &e.cust[c]
	cu.stream = int32(stream)
	cu.risk = uint8(risk)
	cu.group = e.streams[stream].group
	cu.off = e.streams[stream].area4 // place adds the station's group offset
	cu.state = stWaiting
	cu.repeat = false
	cu.year = -1
	cu.cohort = -1
	e.inSys++
	if e.inSys > e.lim.people {
		e.overLimit = true
	}
	return c, cu
}

// limitError describes a replication stopped for holding more people than
// its limit, naming the station with the longest waiting list.
func (e *engine) limitError() error {
	worst := 0
	for i := range e.st {
		if e.st[i].waiting > e.st[worst].waiting {
			worst = i
		}
	}
	return &LimitError{
		Replication: e.rr.index, People: e.inSys, Limit: e.lim.people,
		Lot: e.p.stationName(worst), Waiting: e.st[worst].waiting,
		MaxMemory: e.lim.memory, Workers: e.lim.workers,
	}
}

// exit removes customer c (cu) from the system.
func (e *engine) exit(c int32, cu *customer) {
	cu.gen++
	cu.state = stFree
	e.free = append(e.free, c)
	e.inSys--
}

// cell returns station s's tally in the current year for customer cu; it
// must not be called during the warm-up.
func (s *station) cell(cu *customer) *tally {
	return &s.cur[int(cu.off)+int(cu.risk)]
}

// place puts customer cu at station s: its station, and the offset of the
// cells of its client group and area in the station's tallies, which is
// its area's (set by newCustomer) plus its group's at the station. A
// customer moving on from a station must first have that station's group
// offset taken off (unplace).
func (s *station) place(cu *customer) {
	cu.station = int32(s.index)
	cu.off += s.gCur[cu.group&3]
}

// unplace takes customer cu's group offset at station s off its offset,
// before it moves on to another station.
func (s *station) unplace(cu *customer) {
	cu.off -= s.gCur[cu.group&3]
}

// enter brings customer c (cu) to station i.
func (e *engine) enter(i int, c int32, cu *customer) {
	s := &e.st[i]
	s.place(cu)
	cu.queued = e.now
	cu.year = int16(e.year)
	if e.year >= 0 {
		t := s.cell(cu)
		t.n[cReferrals]++
		if cu.repeat {
			t.n[cRepeats]++
		}
	}
	if s.mode != lotting.GroupWork && s.busy < s.cap {
		e.start(s, c, cu)
		return
	}
	if s.turnAway {
		if e.year >= 0 {
			s.cell(cu).n[cTurnedAway]++
			e.rr.sys.turnedAway++
		}
		e.resolve(s, cu, false)
		if e.trace != nil {
			e.emit(TraceTurnedAway, c, i)
		}
		e.exit(c, cu)
		return
	}
	e.enqueue(s, c, cu)
}

// enqueue puts customer c (cu) on station s's waiting list for its risk.
func (e *engine) enqueue(s *station, c int32, cu *customer) {
	cu.state = stWaiting
	s.q[cu.risk].push(entry{c, cu.gen})
	s.waiting++
	e.changeLive(s, cu, 1)
	if g := cu.group; s.hasPatience[g] {
		e.schedule(e.now+s.patienceFactor[g]*s.patience[g].draw(), evPatience, c, cu.gen)
	}
}

// changeLive adds d to the waiting count of cu's area and risk at station
// s, integrating the count over time into the current year's tally.
func (e *engine) changeLive(s *station, cu *customer, d int) {
	k := int(cu.off) + int(cu.risk)
	lc := &s.live[k]
	if s.cur != nil {
		s.cur[k].queueArea += float64(lc.n) * (e.now - lc.last)
	}
	lc.n += d
	lc.last = e.now
}

// dequeue takes the next live customer from station s's waiting lists:
// high risk first, in arrival order within a risk. Some must be waiting.
func (e *engine) dequeue(s *station) (int32, *customer) {
	for r := 2; r >= 0; r-- {
		q := &s.q[r]
		for q.size > 0 {
			en := q.pop()
			cu := &e.cust[en.id]
			if cu.gen == en.gen && cu.state == stWaiting {
				s.waiting--
				e.changeLive(s, cu, -1)
				if s.engageEvery[cu.group] > 0 {
					e.contacts(s, cu)
				}
				return en.id, cu
			}
		}
	}
	panic("simulate: dequeue from an empty waiting list") // callers check s.waiting
}

// tryStart starts waiting customers at station s while it has free slots.
func (e *engine) tryStart(s *station) {
	for s.busy < s.cap && s.waiting > 0 {
		c, cu := e.dequeue(s)
		e.start(s, c, cu)
	}
}

// setSlots applies capacity step st to station s: its slots, and the
// stretched maximum if the station stretches.
func (s *station) setSlots(st CapacityStep) {
	s.slots, s.cap = st.Slots, st.Slots
	if s.stretch > 0 && st.MaxSlots > st.Slots {
		s.cap = st.MaxSlots
	}
}

// utilise integrates station s's busy and available slots up to now.
// Slots in use count towards utilisation up to the capacity (the
// stretched maximum for a lot that stretches); any above it (cases
// inherited beyond capacity, or kept open when capacity fell) are
// integrated apart, so utilisation never passes 1. For a lot that
// stretches, the cases in use above its normal slots and the time they
// are there are integrated too.
func (e *engine) utilise(s *station) {
	if t := s.tot; t != nil {
		dt := e.now - s.uLast
		inUse := s.busy
		if inUse > s.cap {
			// Only here is anything above capacity: adding 0 × dt
			// otherwise would leave overArea as it is (dt is finite).
			inUse = s.cap
			t.overArea += float64(s.busy-s.cap) * dt
		}
		t.busyArea += float64(inUse) * dt
		t.slotArea += float64(s.cap) * dt
		if s.stretch > 0 && inUse > s.slots {
			t.extraArea += float64(inUse-s.slots) * dt
			t.stretchTime += dt
		}
	}
	s.uLast = e.now
}

// resolve counts the outcome of customer cu's referral to station s
// against its waiting-time target, in the contract year of the referral:
// within says they started within it. Referrals with no target, or made
// before the reported period, are not counted.
func (e *engine) resolve(s *station, cu *customer, within bool) {
	if cu.year < 0 {
		return
	}
	if s.targets[cu.risk] <= 0 {
		return
	}
	t := &e.rr.cells[e.p.cellIndex(s.index, int(cu.year), 0, 0)+int(cu.off)+int(cu.risk)]
	t.n[cRefTargeted]++
	if within {
		t.n[cRefWithin]++
	}
}

// recordStart counts a start at station s and its wait.
func (e *engine) recordStart(s *station, cu *customer) {
	if e.year < 0 {
		return
	}
	t := s.cell(cu)
	t.n[cStarts]++
	w := e.now - cu.queued
	t.waits.Add(w)
	if tg := s.targets[cu.risk]; tg > 0 {
		t.n[cTargeted]++
		if w <= tg {
			t.n[cWithin]++
		}
		e.resolve(s, cu, w <= tg)
	}
}

// start begins service for customer c (cu) at casework or bed station s.
func (e *engine) start(s *station, c int32, cu *customer) {
	cu.gen++ // any pending patience event is now stale
	if s.declined > 0 && s.svcRng.Float64() < s.declined {
		if e.year >= 0 {
			s.cell(cu).n[cDeclined]++
			e.rr.sys.declined++
		}
		if e.trace != nil {
			e.emit(TraceDeclined, c, s.index)
		}
		e.exit(c, cu)
		return
	}
	if e.trace != nil && !s.frontDoor {
		e.emit(TraceStarted, c, s.index)
	}
	e.recordStart(s, cu)
	e.utilise(s)
	d := s.service(cu.risk).draw()
	if s.busy >= s.slots && s.stretch > 0 { // a stretched start
		d *= s.stretch
		if e.year >= 0 {
			s.cell(cu).n[cStretched]++
		}
	}
	s.busy++
	s.inService++
	e.serve(s, c, cu, d)
}

// serve schedules the end of customer c's service of length d: completion,
// or drop-out at a uniform point of it.
func (e *engine) serve(s *station, c int32, cu *customer, d float64) {
	cu.state = stService
	if p := s.dropOut[cu.group]; p > 0 && s.disRng.Float64() < p {
		cu.state = stDropping
		d *= s.disRng.Float64()
	}
	e.schedule(e.now+d, evDepart, c, 0)
}

// depart ends customer c's service.
func (e *engine) depart(c int32) {
	cu := &e.cust[c]
	i := int(cu.station)
	s := &e.st[i]
	s.inService--
	if cu.cohort == -1 { // a case: cohort members hold no slot of their own
		if s.mode != lotting.GroupWork {
			e.utilise(s)
			s.busy--
		} else {
			s.other-- // a 1:1 case open at a switch to group work
		}
	}
	if cu.cohort >= 0 {
		// A drop-out frees a seat a later session may refill; a cohort
		// that has ended keeps no seats.
		if co := &s.cohorts[cu.cohort]; cu.state == stDropping && co.live {
			co.filled--
		}
	}
	cu.cohort = -1
	counted := e.year >= 0
	switch {
	case cu.state == stDropping:
		if counted {
			s.cell(cu).n[cDroppedOut]++
			e.rr.sys.droppedOut++
		}
		if e.trace != nil {
			e.emit(TraceDroppedOut, c, i)
		}
		e.exit(c, cu)
	case s.frontDoor:
		if counted {
			s.cell(cu).n[cCompletions]++
		}
		e.triaged(s, c, cu)
	default:
		if counted {
			s.cell(cu).n[cCompletions]++
			e.rr.sys.completions++
		}
		if e.trace != nil {
			e.emit(TraceCompleted, c, i)
		}
		e.exit(c, cu)
	}
	if s.mode != lotting.GroupWork {
		e.tryStart(s)
	}
}

// triaged routes customer c (cu) on from the front door, station s.
func (e *engine) triaged(s *station, c int32, cu *customer) {
	i := s.index
	r := cu.risk
	if p := s.selfServe[r]; p > 0 && e.triage.Float64() < p {
		if e.year >= 0 {
			s.cell(cu).n[cSelfServed]++
			e.rr.sys.selfServed++
		}
		if e.trace != nil {
			e.emit(TraceReferredOn, c, i)
		}
		e.exit(c, cu)
		return
	}
	l := e.streams[cu.stream].route[r]
	if l < 0 {
		if e.year >= 0 {
			s.cell(cu).n[cSelfServed]++
			e.rr.sys.selfServed++
		}
		if e.trace != nil {
			e.emit(TraceReferredOn, c, i)
		}
		e.exit(c, cu)
		return
	}
	if e.trace != nil {
		e.emit(TraceRouted, c, int(l))
	}
	s.unplace(cu)
	e.enter(int(l), c, cu)
}

// patience fires when customer c, who joined a queue with generation gen,
// runs out of patience; it does nothing if they have left the queue.
func (e *engine) patience(c int32, gen uint32) {
	cu := &e.cust[c]
	if cu.gen != gen || cu.state != stWaiting {
		return
	}
	i := int(cu.station)
	s := &e.st[i]
	s.waiting--
	e.changeLive(s, cu, -1)
	if s.engageEvery[cu.group] > 0 {
		e.contacts(s, cu)
	}
	if e.year >= 0 {
		s.cell(cu).n[cAbandoned]++
		e.rr.sys.abandoned++
	}
	e.resolve(s, cu, false)
	if e.trace != nil {
		e.emit(TraceGaveUp, c, i)
	}
	e.exit(c, cu) // bumps gen: the queue entry is now stale
}
