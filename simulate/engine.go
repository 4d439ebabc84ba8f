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
	area    int32
	risk    uint8 // 0 standard, 1 medium, 2 high
	group   uint8 // lotting.ClientGroup
	state   uint8
	repeat  bool  // a repeat referral
	year    int16 // contract year of the referral to the current station, -1 for none (warm-up, inherited)
	cohort  int16 // index in station.cohorts of a rolling cohort's member, else -1
}

// streamState draws the arrival times of one stream.
type streamState struct {
	rng      *source
	rates    []float64 // per day from time 0; empty: rate
	rate     float64
	area     int
	group    uint8
	mix      [3]float64
	onlyRisk int8    // the risk level if the mix has only one, else -1
	rep      float64 // repeat probability
	within   float64
	route    [3]int32 // station index, or -1
}

// station is a lot or the front door while a replication runs.
type station struct {
	mode        lotting.Delivery
	slots       int     // capacity now (casework: the normal caseload)
	cap         int     // slots a start may take now: slots, or the stretched maximum
	stretch     float64 // factor on the length of a stretched start; 0: no stretch
	busy        int     // slots in use: cases, beds or running cohorts
	inService   int     // people in service
	waiting     int     // people waiting (live entries in q)
	q           [3]ring
	svc         sampler
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

	cur      []tally // this year's tallies by area*4 + risk; nil in the warm-up
	tot      *tally  // this year's station total (all areas and risks)
	steps    []CapacityStep
	uLast    float64     // time of the last utilisation update
	live     []liveCount // waiting by area*3 + risk
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
	p       *plan
	q       calendar
	cust    []customer
	free    []int32
	st      []station
	streams []streamState
	triage  *source
	capRng  *source

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
	e.q.stale = e.stale
	m := p.m
	e.streams = make([]streamState, len(m.Streams))
	for i, s := range m.Streams {
		ss := &e.streams[i]
		ss.rng = newSourceRand()
		ss.rates, ss.rate = s.RatePerDay, s.Rate
		ss.area = s.Area
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
		if lot.Mode != lotting.GroupWork {
			s.svc = newSampler(lot.Service, s.svcRng)
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
		e.st[i].live = make([]liveCount, p.nA*3)
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
		s.busy, s.inService, s.waiting = 0, 0, 0
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
			e.schedule(t, evArrival, int32(i), 0)
		}
	}
	for i := range e.st {
		s := &e.st[i]
		if s.mode == lotting.GroupWork {
			if t := start + m.Lots[i].Group.FirstStart; t < m.Horizon {
				e.schedule(t, evCohort, int32(i), 0)
			}
		} else {
			e.tryStart(i)
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

// inherit places lot i's inherited waiting list and open cases: the
// people of Lot.Inherited one by one, or else the counts, giving each a
// stream and risk drawn in proportion to the day-0 rates routed to the
// lot.
func (e *engine) inherit(i int) {
	if people := e.p.inherited[i]; len(people) > 0 {
		for _, ip := range people {
			e.inheritPerson(i, ip)
			if e.overLimit {
				return
			}
		}
		return
	}
	s := &e.st[i]
	n := s.initWait + s.initSvc
	if n == 0 {
		return
	}
	w := e.p.inheritWeights[i]
	for k := range n {
		u := e.triage.Float64() * w.total
		j := 0
		for j < len(w.cum)-1 && u >= w.cum[j] {
			j++
		}
		c := e.newCustomer(w.stream[j], w.risk[j])
		if e.overLimit {
			return
		}
		cu := &e.cust[c]
		cu.station = int32(i)
		cu.queued = e.now
		if k < s.initWait {
			e.enqueue(i, c)
			if e.trace != nil {
				e.emit(TraceInherited, c, i)
			}
			continue
		}
		// An open case part-way through: the equilibrium residual, a
		// uniform share of a length-biased length (for group work, a
		// uniform share of the programme).
		length := s.programme
		if s.mode != lotting.GroupWork {
			length = s.svc.drawBiased()
		}
		cu.state = stService
		s.inService++
		if s.mode != lotting.GroupWork {
			s.busy++
		}
		if e.trace != nil {
			e.emit(TraceInherited, c, i)
		}
		e.schedule(e.now+s.svcRng.Float64()*length, evDepart, c, 0)
	}
}

// inheritPerson places one person of Lot.Inherited at lot i.
func (e *engine) inheritPerson(i int, ip InheritedPerson) {
	s := &e.st[i]
	stream, risk := e.inheritDraw(i, ip.Stream, ip.Risk.Index())
	c := e.newCustomer(stream, risk)
	if e.overLimit {
		return
	}
	cu := &e.cust[c]
	cu.station = int32(i)
	cu.queued = e.now - ip.Elapsed // waits are reported from the referral
	if ip.Waiting {
		cu.state = stWaiting
		s.q[cu.risk].push(entry{c, cu.gen})
		s.waiting++
		e.changeLive(i, cu, 1)
		if g := cu.group; s.hasPatience[g] {
			// The patience clock runs 1/f as fast while engaged: Elapsed
			// days of waiting are Elapsed/f on it.
			f := s.patienceFactor[g]
			if f == 1 {
				e.schedule(e.now+s.patience[g].drawAbove(ip.Elapsed)-ip.Elapsed, evPatience, c, cu.gen)
			} else {
				e.schedule(e.now+f*s.patience[g].drawAbove(ip.Elapsed/f)-ip.Elapsed, evPatience, c, cu.gen)
			}
		}
		if e.trace != nil {
			e.emit(TraceInherited, c, i)
		}
		return
	}
	left := max(s.programme-ip.Elapsed, 0)
	if s.mode != lotting.GroupWork {
		left = s.svc.drawAbove(ip.Elapsed) - ip.Elapsed
		s.busy++
	}
	cu.state = stService
	s.inService++
	if e.trace != nil {
		e.emit(TraceInherited, c, i)
	}
	e.schedule(e.now+left, evDepart, c, 0)
}

// inheritDraw returns the stream and risk index of an inherited person
// of lot i whose stream (-1: draw) and risk (-1: draw) are given: a draw
// from the lot's inheritance weights restricted to the given parts. A
// given stream with no weight here takes its risk from its own mix; a
// given risk no stream sends here takes a stream drawn from all weights.
func (e *engine) inheritDraw(i, stream, risk int) (int, int) {
	if stream >= 0 && risk >= 0 {
		return stream, risk
	}
	w := &e.p.inheritWeights[i]
	match := func(j int) bool {
		return (stream < 0 || w.stream[j] == stream) && (risk < 0 || w.risk[j] == risk)
	}
	total, prev := 0.0, 0.0
	for j, c := range w.cum {
		if match(j) {
			total += c - prev
		}
		prev = c
	}
	if total == 0 {
		if stream >= 0 { // no weight here: the stream's own risk mix
			mix := &e.streams[stream].mix
			u, r := e.triage.Float64(), 0
			for r < 2 && u >= mix[r] {
				u -= mix[r]
				r++
			}
			return stream, r
		}
		// The risk is sent here by no stream: any stream, that risk.
		stream, _ = e.inheritDraw(i, -1, -1)
		return stream, risk
	}
	u := e.triage.Float64() * total
	prev = 0
	last := -1
	for j, c := range w.cum {
		if match(j) {
			last = j
			if u < c-prev {
				break
			}
			u -= c - prev
		}
		prev = c
	}
	return w.stream[last], w.risk[last]
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
		if top == nil || top.t >= t {
			break
		}
		ev := *top
		e.topLive = true // the handler's first schedule replaces it
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
			s := &e.st[ev.id]
			e.utilise(s, int(ev.id))
			s.busy--
			if s.rolling {
				s.cohorts[ev.aux].live = false
			}
		case evSession:
			e.session(int(ev.id), int(ev.aux>>16), int(ev.aux&0xffff))
		case evCapacity:
			i := int(ev.id)
			s := &e.st[i]
			e.utilise(s, i)
			s.setSlots(s.steps[ev.aux])
			if s.mode != lotting.GroupWork {
				e.tryStart(i)
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

// nextArrival returns the first arrival time of stream i after t: the
// time at which the integrated rate from t reaches an Exp(1) draw. With a
// piecewise-constant rate this is exact (inversion of the cumulative
// intensity), one piece at a time.
func (e *engine) nextArrival(i int, t float64) float64 {
	ss := &e.streams[i]
	x := ss.rng.ExpFloat64()
	if len(ss.rates) == 0 {
		if ss.rate == 0 {
			return math.Inf(1)
		}
		return t + x/ss.rate
	}
	last := len(ss.rates) - 1
	for {
		var r, end float64
		switch {
		case t < 0:
			r, end = ss.rates[0], 0
		case t >= float64(last):
			r = ss.rates[last]
			if r == 0 {
				return math.Inf(1)
			}
			return t + x/r
		default:
			d := int(t)
			r, end = ss.rates[d], float64(d+1)
		}
		if need := r * (end - t); x < need {
			return t + x/r
		} else {
			x -= need
		}
		t = end
		if t >= e.p.m.Horizon {
			return math.Inf(1)
		}
	}
}

func (e *engine) newCustomer(stream, risk int) int32 {
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
	cu.area = int32(e.streams[stream].area)
	cu.state = stWaiting
	cu.repeat = false
	cu.year = -1
	cu.cohort = -1
	e.inSys++
	if e.inSys > e.lim.people {
		e.overLimit = true
	}
	return c
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

// exit removes customer c from the system.
func (e *engine) exit(c int32) {
	cu := &e.cust[c]
	cu.gen++
	cu.state = stFree
	e.free = append(e.free, c)
	e.inSys--
}

func (e *engine) arrival(i int32) {
	ss := &e.streams[i]
	if t := e.nextArrival(int(i), e.now); t < e.p.m.Horizon {
		e.schedule(t, evArrival, i, 0)
	}
	// Risk level from the stream's mix (triage source); no draw when the
	// stream has a single risk level.
	r := int(ss.onlyRisk)
	if r < 0 {
		u := e.triage.Float64()
		r = 0
		for r < 2 && u >= ss.mix[r] {
			u -= ss.mix[r]
			r++
		}
	}
	if ss.rep > 0 && e.triage.Float64() < ss.rep {
		if t := e.now + e.triage.Float64()*ss.within; t < e.p.m.Horizon {
			e.schedule(t, evRepeat, i, uint32(r))
		}
	}
	e.referral(int(i), r, false)
}

// referral brings a new referral of stream i at risk r into the system.
func (e *engine) referral(i, r int, repeat bool) {
	ss := &e.streams[i]
	c := e.newCustomer(i, r)
	e.cust[c].repeat = repeat
	e.customers++
	if e.year >= 0 {
		e.rr.sys.arrivals++
		if repeat {
			e.rr.sys.repeats++
		}
	}
	if e.p.frontDoor >= 0 {
		if e.trace != nil {
			e.emit(TraceReferred, c, e.p.frontDoor)
		}
		e.enter(e.p.frontDoor, c)
		return
	}
	if l := ss.route[r]; l >= 0 {
		if e.trace != nil {
			e.emit(TraceReferred, c, int(l))
		}
		e.enter(int(l), c)
		return
	}
	if e.year >= 0 {
		e.rr.sys.selfServed++
	}
	if e.trace != nil {
		e.emit(TraceReferred, c, -1)
		e.emit(TraceReferredOn, c, -1)
	}
	e.exit(c)
}

// cell returns the tally of station i in the current year for customer cu;
// it must not be called during the warm-up.
func (e *engine) cell(i int, cu *customer) *tally {
	return &e.st[i].cur[int(cu.area)*4+int(cu.risk)]
}

// enter brings customer c to station i.
func (e *engine) enter(i int, c int32) {
	s := &e.st[i]
	cu := &e.cust[c]
	cu.station = int32(i)
	cu.queued = e.now
	cu.year = int16(e.year)
	if e.year >= 0 {
		t := e.cell(i, cu)
		t.n[cReferrals]++
		if cu.repeat {
			t.n[cRepeats]++
		}
	}
	if s.mode != lotting.GroupWork && s.busy < s.cap {
		e.start(i, c)
		return
	}
	if s.turnAway {
		if e.year >= 0 {
			e.cell(i, cu).n[cTurnedAway]++
			e.rr.sys.turnedAway++
		}
		e.resolve(i, cu, false)
		if e.trace != nil {
			e.emit(TraceTurnedAway, c, i)
		}
		e.exit(c)
		return
	}
	e.enqueue(i, c)
}

// enqueue puts customer c on station i's waiting list for its risk.
func (e *engine) enqueue(i int, c int32) {
	s := &e.st[i]
	cu := &e.cust[c]
	cu.state = stWaiting
	s.q[cu.risk].push(entry{c, cu.gen})
	s.waiting++
	e.changeLive(i, cu, 1)
	if g := cu.group; s.hasPatience[g] {
		e.schedule(e.now+s.patienceFactor[g]*s.patience[g].draw(), evPatience, c, cu.gen)
	}
}

// changeLive adds d to the waiting count of cu's area and risk at station
// i, integrating the count over time into the current year's tally.
func (e *engine) changeLive(i int, cu *customer, d int) {
	s := &e.st[i]
	lc := &s.live[int(cu.area)*3+int(cu.risk)]
	if s.cur != nil {
		s.cur[int(cu.area)*4+int(cu.risk)].queueArea += float64(lc.n) * (e.now - lc.last)
	}
	lc.n += d
	lc.last = e.now
}

// dequeue takes the next live customer from station i's waiting lists:
// high risk first, in arrival order within a risk. Some must be waiting.
func (e *engine) dequeue(i int) int32 {
	s := &e.st[i]
	for r := 2; r >= 0; r-- {
		q := &s.q[r]
		for q.size > 0 {
			en := q.pop()
			cu := &e.cust[en.id]
			if cu.gen == en.gen && cu.state == stWaiting {
				s.waiting--
				e.changeLive(i, cu, -1)
				if s.engageEvery[cu.group] > 0 {
					e.contacts(i, cu)
				}
				return en.id
			}
		}
	}
	panic("simulate: dequeue from an empty waiting list") // callers check s.waiting
}

// tryStart starts waiting customers at station i while it has free slots.
func (e *engine) tryStart(i int) {
	s := &e.st[i]
	for s.busy < s.cap && s.waiting > 0 {
		e.start(i, e.dequeue(i))
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

// utilise integrates station i's busy and available slots up to now.
// Slots in use count towards utilisation up to the capacity (the
// stretched maximum for a lot that stretches); any above it (cases
// inherited beyond capacity, or kept open when capacity fell) are
// integrated apart, so utilisation never passes 1. For a lot that
// stretches, the cases in use above its normal slots and the time they
// are there are integrated too.
func (e *engine) utilise(s *station, i int) {
	if t := s.tot; t != nil {
		dt := e.now - s.uLast
		inUse, over := s.busy, 0
		if inUse > s.cap {
			inUse, over = s.cap, s.busy-s.cap
		}
		t.busyArea += float64(inUse) * dt
		t.overArea += float64(over) * dt
		t.slotArea += float64(s.cap) * dt
		if s.stretch > 0 && inUse > s.slots {
			t.extraArea += float64(inUse-s.slots) * dt
			t.stretchTime += dt
		}
	}
	s.uLast = e.now
}

// resolve counts the outcome of customer cu's referral to station i
// against its waiting-time target, in the contract year of the referral:
// within says they started within it. Referrals with no target, or made
// before the reported period, are not counted.
func (e *engine) resolve(i int, cu *customer, within bool) {
	if cu.year < 0 {
		return
	}
	if e.st[i].targets[cu.risk] <= 0 {
		return
	}
	t := &e.rr.cells[e.p.cellIndex(i, int(cu.year), int(cu.area), int(cu.risk))]
	t.n[cRefTargeted]++
	if within {
		t.n[cRefWithin]++
	}
}

// recordStart counts a start at station i and its wait.
func (e *engine) recordStart(i int, s *station, cu *customer) {
	if e.year < 0 {
		return
	}
	t := e.cell(i, cu)
	t.n[cStarts]++
	w := e.now - cu.queued
	t.waits.Add(w)
	if tg := s.targets[cu.risk]; tg > 0 {
		t.n[cTargeted]++
		if w <= tg {
			t.n[cWithin]++
		}
		e.resolve(i, cu, w <= tg)
	}
}

// start begins service for customer c at casework or bed station i.
func (e *engine) start(i int, c int32) {
	s := &e.st[i]
	cu := &e.cust[c]
	cu.gen++ // any pending patience event is now stale
	if s.declined > 0 && s.svcRng.Float64() < s.declined {
		if e.year >= 0 {
			e.cell(i, cu).n[cDeclined]++
			e.rr.sys.declined++
		}
		if e.trace != nil {
			e.emit(TraceDeclined, c, i)
		}
		e.exit(c)
		return
	}
	if e.trace != nil && !s.frontDoor {
		e.emit(TraceStarted, c, i)
	}
	e.recordStart(i, s, cu)
	e.utilise(s, i)
	d := s.svc.draw()
	if s.busy >= s.slots && s.stretch > 0 { // a stretched start
		d *= s.stretch
		if e.year >= 0 {
			e.cell(i, cu).n[cStretched]++
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
	if s.mode != lotting.GroupWork {
		e.utilise(s, i)
		s.busy--
	}
	if cu.cohort >= 0 {
		// A drop-out frees a seat a later session may refill; a cohort
		// that has ended keeps no seats.
		if co := &s.cohorts[cu.cohort]; cu.state == stDropping && co.live {
			co.filled--
		}
		cu.cohort = -1
	}
	counted := e.year >= 0
	switch {
	case cu.state == stDropping:
		if counted {
			e.cell(i, cu).n[cDroppedOut]++
			e.rr.sys.droppedOut++
		}
		if e.trace != nil {
			e.emit(TraceDroppedOut, c, i)
		}
		e.exit(c)
	case s.frontDoor:
		if counted {
			e.cell(i, cu).n[cCompletions]++
		}
		e.triaged(i, c, cu)
	default:
		if counted {
			e.cell(i, cu).n[cCompletions]++
			e.rr.sys.completions++
		}
		if e.trace != nil {
			e.emit(TraceCompleted, c, i)
		}
		e.exit(c)
	}
	if s.mode != lotting.GroupWork {
		e.tryStart(i)
	}
}

// triaged routes customer c on from the front door (station i).
func (e *engine) triaged(i int, c int32, cu *customer) {
	s := &e.st[i]
	r := cu.risk
	if p := s.selfServe[r]; p > 0 && e.triage.Float64() < p {
		if e.year >= 0 {
			e.cell(i, cu).n[cSelfServed]++
			e.rr.sys.selfServed++
		}
		if e.trace != nil {
			e.emit(TraceReferredOn, c, i)
		}
		e.exit(c)
		return
	}
	l := e.streams[cu.stream].route[r]
	if l < 0 {
		if e.year >= 0 {
			e.cell(i, cu).n[cSelfServed]++
			e.rr.sys.selfServed++
		}
		if e.trace != nil {
			e.emit(TraceReferredOn, c, i)
		}
		e.exit(c)
		return
	}
	if e.trace != nil {
		e.emit(TraceRouted, c, int(l))
	}
	e.enter(int(l), c)
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
	e.changeLive(i, cu, -1)
	if s.engageEvery[cu.group] > 0 {
		e.contacts(i, cu)
	}
	if e.year >= 0 {
		e.cell(i, cu).n[cAbandoned]++
		e.rr.sys.abandoned++
	}
	e.resolve(i, cu, false)
	if e.trace != nil {
		e.emit(TraceGaveUp, c, i)
	}
	e.exit(c) // bumps gen: the queue entry is now stale
}

// cohort is a possible cohort start at group station i: a cohort starts if
// a cohort slot is free and at least MinToStart people wait; it takes up
// to CohortSize of them, high risk first.
func (e *engine) cohort(i int) {
	s := &e.st[i]
	if t := e.now + s.every; t < e.p.m.Horizon {
		e.schedule(t, evCohort, int32(i), 0)
	}
	if s.busy >= s.slots || s.waiting < s.minToStart {
		return
	}
	e.utilise(s, i)
	s.busy++
	n := min(s.cohortSize, s.waiting)
	if !s.rolling {
		e.join(i, n, -1, s.programme)
		e.schedule(e.now+s.programme, evCohortEnd, int32(i), 0)
		return
	}
	k := 0
	for k < len(s.cohorts) && s.cohorts[k].live {
		k++
	}
	if k == len(s.cohorts) {
		s.cohorts = append(s.cohorts, cohort{})
	}
	s.cohorts[k] = cohort{start: e.now, live: true}
	e.join(i, n, k, s.programme)
	e.schedule(e.now+s.programme, evCohortEnd, int32(i), uint32(k))
	if s.joinUntil >= 1 {
		e.schedule(e.now+7, evSession, int32(i), uint32(k)<<16|1)
	}
}

// join takes n people from group station i's waiting list into cohort k
// (-1: a closed cohort, not tracked) for a programme of length days.
func (e *engine) join(i, n, k int, length float64) {
	s := &e.st[i]
	for range n {
		c := e.dequeue(i)
		cu := &e.cust[c]
		cu.gen++
		cu.cohort = int16(k)
		if e.trace != nil {
			e.emit(TraceStarted, c, i)
		}
		e.recordStart(i, s, cu)
		s.inService++
		e.serve(s, c, cu, length)
	}
	if k >= 0 {
		s.cohorts[k].filled += n
	}
}

// session is week w's session of rolling cohort k at group station i:
// free seats are filled from the waiting list, high risk first, and the
// joiners complete with the cohort, (Weeks - w) weeks later.
func (e *engine) session(i, k, w int) {
	s := &e.st[i]
	co := &s.cohorts[k]
	if w < s.joinUntil {
		e.schedule(co.start+7*float64(w+1), evSession, int32(i), uint32(k)<<16|uint32(w+1))
	}
	if n := min(s.cohortSize-max(co.filled, 0), s.waiting); n > 0 {
		e.join(i, n, k, s.programme-7*float64(w))
	}
}

// contacts counts the engagement contacts made with customer cu while
// waiting at station i, who is leaving the waiting list now: one every
// engageEvery days after joining it, each in the cell of the contract
// year it fell in (none in the warm-up).
func (e *engine) contacts(i int, cu *customer) {
	every := e.st[i].engageEvery[cu.group]
	ys := e.p.yearStarts
	y := 0
	k := 1.0 // the first contact at or after time 0
	if cu.queued < 0 {
		k = max(k, math.Ceil(-cu.queued/every))
	}
	for t := cu.queued + k*every; t < e.now; t = cu.queued + k*every {
		k++
		if t < 0 {
			continue
		}
		for y+1 < len(ys) && t >= ys[y+1] {
			y++
		}
		e.rr.cells[e.p.cellIndex(i, y, int(cu.area), int(cu.risk))].n[cContacts]++
	}
}
