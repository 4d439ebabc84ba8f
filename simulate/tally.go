package simulate

import (
	"math"

	"github.com/lotsim/lotsim/internal/stats"
)

// Counters kept per cell in a replication.
const (
	cReferrals = iota
	cRepeats
	cStarts
	cCompletions
	cAbandoned
	cDroppedOut
	cTurnedAway
	cDeclined
	cSelfServed
	cTargeted    // starts with a waiting-time target
	cWithin      // of those, within it
	cRefTargeted // referrals in the cell's year with a target and a known outcome
	cRefWithin   // of those, started within the target
	cStretched   // starts taken on above the normal caseload (Lot.Stretch)
	cContacts    // engagement contacts made while waiting
	nCounts
)

// tally is one cell (station, year, client group slot, area, risk) of one
// replication.
type tally struct {
	n           [nCounts]int64
	waits       stats.Histogram // waits of the starts
	queueArea   float64         // integral of the waiting list over time
	yearEnd     int             // waiting list at the end of the year
	busyArea    float64         // integral of slots in use, up to capacity (station totals only)
	overArea    float64         // integral of slots in use above capacity (station totals only)
	slotArea    float64         // integral of slots available (station totals only)
	extraArea   float64         // integral of cases in use above the normal slots (stretching lots' totals only)
	stretchTime float64         // time with cases in use above the normal slots (stretching lots' totals only)
	vals        [NumMetrics]float64
}

// add adds o into t; lastYear says o is the last year of a sum over years,
// whose year-end waiting list is the sum's.
func (t *tally) add(o *tally, overYears, lastYear bool) {
	for k := range t.n {
		t.n[k] += o.n[k]
	}
	t.waits.Merge(&o.waits)
	t.queueArea += o.queueArea
	t.busyArea += o.busyArea
	t.overArea += o.overArea
	t.slotArea += o.slotArea
	t.extraArea += o.extraArea
	t.stretchTime += o.stretchTime
	if !overYears || lastYear {
		t.yearEnd += o.yearEnd
	}
}

// sysFlow counts the flow through the whole system in the reported period.
type sysFlow struct {
	start, end                         int // in the system at 0 and at the horizon
	arrivals, repeats                  int64
	completions, droppedOut, abandoned int64
	turnedAway, declined, selfServed   int64
}

// repResult is everything one replication produces. Workers fill it; the
// collector merges it into Results in replication order and recycles it.
type repResult struct {
	index     int
	cells     []tally
	samples   []int32 // [sample*nSt + station] waiting lists
	sys       sysFlow
	stStart   []int // per station: waiting + in service at time 0
	stEnd     []int // and at the horizon
	events    int64
	customers int64
	err       error
	p         *plan
}

func newRepResult(p *plan) *repResult {
	return &repResult{
		p:       p,
		cells:   make([]tally, p.nCells()),
		samples: make([]int32, p.nSamples*p.nSt),
		stStart: make([]int, p.nSt),
		stEnd:   make([]int, p.nSt),
	}
}

// reset empties rr for reuse, keeping its memory.
func (rr *repResult) reset() {
	for i := range rr.cells {
		t := &rr.cells[i]
		t.waits.Reset()
		*t = tally{waits: t.waits}
	}
	clear(rr.samples)
	clear(rr.stStart)
	clear(rr.stEnd)
	rr.sys = sysFlow{}
	rr.events, rr.customers, rr.err = 0, 0, nil
}

// finish sums the cells over areas, risks and years and works out every
// cell's metric values.
func (rr *repResult) finish() {
	p := rr.p
	nY, nA := p.nY, p.nA
	c := rr.cells
	for st := range p.nSt {
		nG := p.sc[st].nG
		// A station that pools client groups tallies into the group
		// slots (1, 2, ...); slot 0, all groups, is their sum.
		for g := 1; g < nG; g++ {
			for y := range nY {
				for a := range nA {
					for r := range 3 {
						c[p.cellIndexG(st, y, 0, a, r)].add(&c[p.cellIndexG(st, y, g, a, r)], false, false)
					}
				}
			}
		}
		for g := range nG {
			for y := range nY {
				for r := range 3 {
					dst := &c[p.cellIndexG(st, y, g, nA, r)]
					for a := range nA {
						dst.add(&c[p.cellIndexG(st, y, g, a, r)], false, false)
					}
				}
				for a := range nA + 1 {
					dst := &c[p.cellIndexG(st, y, g, a, 3)]
					for r := range 3 {
						dst.add(&c[p.cellIndexG(st, y, g, a, r)], false, false)
					}
				}
			}
			for a := range nA + 1 {
				for r := range 4 {
					dst := &c[p.cellIndexG(st, nY, g, a, r)]
					for y := range nY {
						dst.add(&c[p.cellIndexG(st, y, g, a, r)], true, y == nY-1)
					}
				}
			}
			for y := range nY + 1 {
				for a := range nA + 1 {
					for r := range 4 {
						c[p.cellIndexG(st, y, g, a, r)].metrics(p.yearLen[y], g == 0 && a == nA && r == 3)
					}
				}
			}
		}
	}
}

// waitQuantiles are the probabilities of WaitMedian, WaitP90 and WaitP95,
// in increasing order, for Histogram.Quantiles.
var waitQuantiles = [3]float64{0.5, 0.9, 0.95}

// metrics works out t's metric values; days is the length of its period.
func (t *tally) metrics(days float64, total bool) {
	nan := math.NaN()
	v := &t.vals
	v[Referrals] = float64(t.n[cReferrals])
	v[Repeats] = float64(t.n[cRepeats])
	v[Starts] = float64(t.n[cStarts])
	v[Completions] = float64(t.n[cCompletions])
	v[Disengaged] = float64(t.n[cAbandoned])
	v[DroppedOut] = float64(t.n[cDroppedOut])
	v[TurnedAway] = float64(t.n[cTurnedAway])
	v[Declined] = float64(t.n[cDeclined])
	v[SelfServed] = float64(t.n[cSelfServed])
	v[Contacts] = float64(t.n[cContacts])
	v[WaitMean], v[WaitMedian], v[WaitP90], v[WaitP95] = nan, nan, nan, nan
	if t.waits.Count() > 0 {
		v[WaitMean] = t.waits.Mean()
		var q [3]float64
		t.waits.Quantiles(q[:], waitQuantiles[:])
		v[WaitMedian], v[WaitP90], v[WaitP95] = q[0], q[1], q[2]
	}
	v[WithinTarget] = nan
	if t.n[cTargeted] > 0 {
		v[WithinTarget] = float64(t.n[cWithin]) / float64(t.n[cTargeted])
	}
	v[MeanWaiting] = t.queueArea / days
	v[YearEndWaiting] = float64(t.yearEnd)
	v[ReferredWithinTarget] = nan
	if t.n[cRefTargeted] > 0 {
		v[ReferredWithinTarget] = float64(t.n[cRefWithin]) / float64(t.n[cRefTargeted])
	}
	v[Utilisation], v[ExcessCases] = nan, nan
	if total && t.slotArea > 0 {
		v[Utilisation] = t.busyArea / t.slotArea
	}
	if total {
		v[ExcessCases] = t.overArea / days
	}
	v[StretchedStarts] = float64(t.n[cStretched])
	v[StretchedShare] = nan
	if t.n[cStarts] > 0 {
		v[StretchedShare] = float64(t.n[cStretched]) / float64(t.n[cStarts])
	}
	v[TimeStretched], v[ExtraCaseload] = nan, nan
	if total {
		v[TimeStretched] = t.stretchTime / days
		v[ExtraCaseload] = t.extraArea / days
	}
}
