package simulate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/lotsim/lotsim/lotting"
)

// plan is what every worker shares, read-only: the validated model and the
// figures derived from it once per run.
type plan struct {
	m          *Model
	nSt        int // stations: the lots, then the front door if any
	nY, nA     int // contract years and areas
	frontDoor  int // station index of the front door, or -1
	yearStarts []float64
	yearLen    []float64 // length of each year in days; the last entry is the horizon
	// sampleEvery is the waiting-list sampling interval (0: no samples)
	// and nSamples the number of sample times in [0, Horizon).
	sampleEvery    float64
	nSamples       int
	inheritWeights []inheritWeights // per lot
	// inherited[lot] is Lot.Inherited in the order people are placed:
	// the waiting list first, longest wait first (so each risk's queue is
	// in referral order), then the open cases.
	inherited   [][]InheritedPerson
	targetShare []float64 // per station
	// stepEvent[lot][k] is the index of the shared draw of step k of the
	// lot (in order of the events' first appearance), or -1 for an
	// independent one; nEvents is the number of shared draws.
	stepEvent [][]int
	nEvents   int
	// stepMode[lot][k] is the delivery in force at step k of a lot that
	// changes delivery (Lot.Modes); nil for a lot that does not.
	stepMode [][]lotting.Delivery
	// stepConvert[lot][k] says step k of a lot that changes delivery is
	// where it switches to casework converting running cohorts.
	stepConvert [][]bool
	// sc[st] lays out station st's cells; sc[nSt].off is the number of
	// cells.
	sc []stationCells
}

// stationCells lays out one station's cells. Client-group cells are
// sparse: a station that one group reaches keeps one block of cells a
// year (slot 0, whose client group is that group); one that pools several
// has a block per group (slots 1, 2, ...) beside the all-groups block of
// slot 0. The blocks are [year][slot][area][risk].
type stationCells struct {
	groups [4]lotting.ClientGroup // the groups that reach it, ascending: groups[:n]
	n      int
	nG     int    // slots: 1, or n+1 when it pools groups
	slot   [4]int // by lotting.ClientGroup: its slot (0 when it pools none)
	off    int    // index of its first cell
}

// groupList returns the client groups that reach the station, ascending.
func (s *stationCells) groupList() []lotting.ClientGroup { return s.groups[:s.n] }

// inheritWeights are the cumulative day-0 rates of the (stream, risk)
// pairs routed to a lot, for drawing the stream and risk of inherited cases.
type inheritWeights struct {
	stream, risk []int
	cum          []float64
	total        float64
}

// newPlan validates m and derives the plan.
func newPlan(m *Model) (*plan, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	p := &plan{m: m, nSt: len(m.Lots), nA: max(len(m.Areas), 1), frontDoor: -1}
	if m.FrontDoor != nil {
		p.frontDoor = p.nSt
		p.nSt++
	}
	p.yearStarts = m.YearStarts
	if len(p.yearStarts) == 0 {
		p.yearStarts = []float64{0}
	}
	p.nY = len(p.yearStarts)
	for k, y := range p.yearStarts {
		end := m.Horizon
		if k+1 < p.nY {
			end = p.yearStarts[k+1]
		}
		p.yearLen = append(p.yearLen, end-y)
	}
	p.yearLen = append(p.yearLen, m.Horizon)
	switch {
	case m.SampleEvery == 0:
		p.sampleEvery = 7 // documented default on Model.SampleEvery: weekly
	case m.SampleEvery > 0:
		p.sampleEvery = m.SampleEvery
	}
	if p.sampleEvery > 0 {
		p.nSamples = int(math.Ceil(m.Horizon / p.sampleEvery))
		if float64(p.nSamples-1)*p.sampleEvery >= m.Horizon {
			p.nSamples-- // rounding: keep sample times below the horizon
		}
	}
	p.targetShare = make([]float64, p.nSt)
	for i := range p.targetShare {
		p.targetShare[i] = 0.9 // documented default on Lot.TargetShare
		if i < len(m.Lots) && m.Lots[i].TargetShare > 0 {
			p.targetShare[i] = m.Lots[i].TargetShare
		}
	}
	events := map[string]int{}
	p.stepEvent = make([][]int, p.nSt)
	for l := range m.Lots {
		for _, step := range m.Lots[l].Slots {
			k := -1
			if step.Event != "" && step.Probability != 0 {
				var ok bool
				if k, ok = events[step.Event]; !ok {
					k = len(events)
					events[step.Event] = k
				}
			}
			p.stepEvent[l] = append(p.stepEvent[l], k)
		}
	}
	p.nEvents = len(events)
	p.stepMode = make([][]lotting.Delivery, p.nSt)
	p.stepConvert = make([][]bool, p.nSt)
	for l := range m.Lots {
		lot := &m.Lots[l]
		if len(lot.Modes) == 0 {
			continue
		}
		for _, step := range lot.Slots {
			p.stepMode[l] = append(p.stepMode[l], lot.modeAt(step.At))
			p.stepConvert[l] = append(p.stepConvert[l], slices.ContainsFunc(lot.Modes, func(ms ModeStep) bool { return ms.At == step.At && ms.Convert }))
		}
	}
	p.groupCells()
	var errs []error
	p.inheritWeights = make([]inheritWeights, len(m.Lots))
	for l := range m.Lots {
		lot := &m.Lots[l]
		// Weights are needed to draw a stream (counts, or Stream -1) and
		// help to draw a risk given the stream (Risk 0).
		needStream, needRisk := lot.Waiting+lot.OpenCases > 0 && len(lot.Inherited) == 0, false
		for _, ip := range lot.Inherited {
			needStream = needStream || ip.Stream < 0
			needRisk = needRisk || ip.Risk == 0
		}
		if !needStream && !needRisk {
			continue
		}
		w := &p.inheritWeights[l]
		// Weigh by day-0 rate; if every routed stream has rate 0 then, by
		// risk share alone.
		for _, byRate := range []bool{true, false} {
			for s, st := range m.Streams {
				rate := st.Rate
				if len(st.RatePerDay) > 0 {
					rate = st.RatePerDay[0]
				}
				if !byRate {
					rate = 1
				}
				for r := range 3 {
					if m.Route[s][r] != l || st.RiskMix[r] == 0 || rate == 0 {
						continue
					}
					w.total += rate * st.RiskMix[r]
					w.stream = append(w.stream, s)
					w.risk = append(w.risk, r)
					w.cum = append(w.cum, w.total)
				}
			}
			if w.total > 0 {
				break
			}
		}
		if w.total == 0 && needStream {
			errs = append(errs, &ModelError{Path: fmt.Sprintf("Lots[%d] (%s)", l, lot.Name),
				Msg: "has inherited cases but no stream routes referrals to it, so they cannot be given a stream and risk"})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.inherited = make([][]InheritedPerson, len(m.Lots))
	for l := range m.Lots {
		if len(m.Lots[l].Inherited) == 0 {
			continue
		}
		in := slices.Clone(m.Lots[l].Inherited)
		slices.SortStableFunc(in, func(a, b InheritedPerson) int {
			switch {
			case a.Waiting != b.Waiting:
				if a.Waiting {
					return -1
				}
				return 1
			case a.Waiting:
				return cmp.Compare(b.Elapsed, a.Elapsed)
			}
			return 0
		})
		p.inherited[l] = in
	}
	return p, nil
}

// groupCells works out which client groups reach each station, from the
// routing and the streams of people inherited, and lays out the cells:
// per station, per year, per group slot, per area, per risk.
func (p *plan) groupCells() {
	m := p.m
	p.sc = make([]stationCells, p.nSt+1)
	// slot marks the groups seen first; they are numbered below.
	for s, st := range m.Streams {
		if p.frontDoor >= 0 {
			p.sc[p.frontDoor].slot[st.Group] = 1
		}
		for r := range 3 {
			if l := m.Route[s][r]; l >= 0 && l < len(m.Lots) && st.RiskMix[r] > 0 {
				p.sc[l].slot[st.Group] = 1
			}
		}
	}
	for l := range m.Lots {
		for _, ip := range m.Lots[l].Inherited {
			if ip.Stream >= 0 && ip.Stream < len(m.Streams) {
				p.sc[l].slot[m.Streams[ip.Stream].Group] = 1
			}
		}
	}
	for st := range p.nSt {
		c := &p.sc[st]
		for g, seen := range c.slot {
			if seen > 0 {
				c.groups[c.n] = lotting.ClientGroup(g)
				c.n++
			}
		}
		c.slot, c.nG = [4]int{}, 1
		if c.n > 1 {
			c.nG = c.n + 1
			for k, g := range c.groupList() {
				c.slot[g] = k + 1
			}
		}
		p.sc[st+1].off = c.off + (p.nY+1)*c.nG*(p.nA+1)*4
	}
}

// cellIndex returns the index of the tally of station st, year y, area a
// and risk r, all client groups, where y == nY, a == nA and r == 3 stand
// for all years, areas and risks.
func (p *plan) cellIndex(st, y, a, r int) int {
	return p.cellIndexG(st, y, 0, a, r)
}

// cellIndexG is cellIndex for group slot g of the station (0: all groups).
func (p *plan) cellIndexG(st, y, g, a, r int) int {
	return p.sc[st].off + ((y*p.sc[st].nG+g)*(p.nA+1)+a)*4 + r
}

func (p *plan) nCells() int { return p.sc[p.nSt].off }

// cellStation returns the station of cell i.
func (p *plan) cellStation(i int) int {
	st := 0
	for st+1 < p.nSt && p.sc[st+1].off <= i {
		st++
	}
	return st
}

func (p *plan) stationName(i int) string {
	if i == p.frontDoor {
		return "front door"
	}
	if n := p.m.Lots[i].Name; n != "" {
		return n
	}
	return fmt.Sprintf("lot %d", i)
}
