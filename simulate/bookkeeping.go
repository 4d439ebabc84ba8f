package simulate

import "fmt"

// The engine's bookkeeping: contract years and their tallies, waiting-list
// samples, the end of a replication and its conservation check. The
// events themselves are handled in engine.go.

// newYear closes the current contract year's integrals and starts year k
// (year 0 at time 0 ends the warm-up).
func (e *engine) newYear(k int) {
	e.closeYear()
	e.year = k
	e.yearCells()
	if k == 0 {
		e.snapshotStart()
	}
}

// yearCells points every station at its tallies for the current year
// (none during the warm-up).
func (e *engine) yearCells() {
	n := (e.p.nA + 1) * 4
	for i := range e.st {
		s := &e.st[i]
		s.cur, s.tot = nil, nil
		if e.year >= 0 {
			base, end := e.p.cellIndex(i, e.year, 0, 0), e.p.cellIndex(i, e.year+1, 0, 0)
			s.cur = e.rr.cells[base:end:end]
			s.tot = &s.cur[n-1] // group slot 0: all groups
		}
	}
}

// closeYear flushes the time integrals of the current year up to now and
// records its year-end waiting lists.
func (e *engine) closeYear() {
	for i := range e.st {
		s := &e.st[i]
		e.utilise(s)
		// live is indexed as the year's cells, whose totals over areas
		// and risks it leaves unused.
		base, nA := e.p.cellIndex(i, max(e.year, 0), 0, 0), e.p.nA
		for j := range s.live {
			if j%4 == 3 || j/4%(nA+1) == nA {
				continue
			}
			lc := &s.live[j]
			if e.year >= 0 {
				t := &e.rr.cells[base+j]
				t.queueArea += float64(lc.n) * (e.now - lc.last)
				t.yearEnd = lc.n
			}
			lc.last = e.now
		}
	}
}

// sample records every station's waiting list at sample k and schedules
// the next.
func (e *engine) sample(k int) {
	n := e.p.nSt
	for i := range e.st {
		e.rr.samples[k*n+i] = int32(e.st[i].waiting)
	}
	if t := float64(k+1) * e.p.sampleEvery; k+1 < e.p.nSamples && t < e.p.m.Horizon {
		e.schedule(t, evSample, int32(k+1), 0)
	}
}

// finish closes the last year at the horizon and records the end state.
func (e *engine) finish() {
	e.now = e.p.m.Horizon
	e.closeYear()
	// People still waiting past their target at the end have missed it;
	// those still inside it are left out, their outcome unknown.
	for c := range e.cust {
		cu := &e.cust[c]
		if cu.state != stWaiting {
			continue
		}
		s := &e.st[cu.station]
		if tg := s.targets[cu.risk]; tg > 0 && e.now-cu.queued > tg {
			e.resolve(s, cu, false)
		}
		if s.engageEvery[cu.group] > 0 {
			e.contacts(s, cu) // made so far
		}
	}
	rr := e.rr
	rr.sys.end = e.inSys
	for i := range e.st {
		s := &e.st[i]
		rr.stEnd[i] = s.waiting + s.inService
	}
	rr.events, rr.customers = e.events+e.dropped, e.customers
	rr.finish()
}

// check verifies conservation over the reported period: for the system,
// in system at 0 + referrals = completions + drop-outs + gave up + turned
// away + declined + self-served + in system at the horizon; for every
// station, the same with its own entries and exits (the front door's
// completions are referrals passed on).
func (e *engine) check() error {
	rr := e.rr
	f := rr.sys
	if out := f.completions + f.droppedOut + f.abandoned + f.turnedAway + f.declined + f.selfServed + int64(f.end); int64(f.start)+f.arrivals != out {
		return fmt.Errorf("%w: replication %d: %d in system at the start + %d referrals != %d completed + %d dropped out + %d gave up + %d turned away + %d declined + %d self-served + %d in system at the end",
			ErrConservation, rr.index, f.start, f.arrivals, f.completions, f.droppedOut, f.abandoned, f.turnedAway, f.declined, f.selfServed, f.end)
	}
	for i := range e.st {
		n := &rr.cells[e.p.cellIndex(i, e.p.nY, e.p.nA, 3)].n
		in := int64(rr.stStart[i]) + n[cReferrals]
		out := n[cCompletions] + n[cDroppedOut] + n[cAbandoned] + n[cTurnedAway] + n[cDeclined] + int64(rr.stEnd[i])
		if in != out {
			return fmt.Errorf("%w: replication %d: %s: %d at the start + %d referrals != %d out + %d at the end",
				ErrConservation, rr.index, e.p.stationName(i), rr.stStart[i], n[cReferrals], out-int64(rr.stEnd[i]), rr.stEnd[i])
		}
	}
	return nil
}
