package survival

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Obs is one observed duration: T days (positive and finite) until the event if Event
// is true, or until right-censoring (the person was last seen still in the state at T)
// if Event is false. Records kept in whole days give same-day durations of 0, which no
// continuous family allows: the caller should map them to a positive value, such as
// half a day, and say so.
type Obs struct {
	T     float64
	Event bool
}

// Errors returned by [FitFamily] and [FitBest]; test for them with errors.Is.
var (
	ErrNoEvents      = errors.New("survival: no events (every observation is censored)")
	ErrTooFewEvents  = errors.New("survival: too few events for the family's parameters")
	ErrBadTime       = errors.New("survival: a time is not a positive finite number of days")
	ErrUnknownFamily = errors.New("survival: unknown family")
	ErrNoConvergence = errors.New("survival: maximum likelihood did not converge")
)

// ObsError reports an observation whose time is invalid, with its index in the slice
// passed in. It unwraps to [ErrBadTime].
type ObsError struct {
	Index int
	T     float64
}

// Error names the observation and what a valid time is.
func (e *ObsError) Error() string {
	return fmt.Sprintf("survival: obs[%d].T = %g: want a positive finite number of days", e.Index, e.T)
}

// Unwrap returns [ErrBadTime].
func (e *ObsError) Unwrap() error { return ErrBadTime }

// data is a sample sorted by time with ties merged, plus the sufficient statistics of
// the event times. Weights are counts stored as float64.
type data struct {
	n, events int
	totalT    float64 // Σ t over all observations, summed in input order
	s1, q2    float64 // Σ log t and Σ (log t)² over events
	sT        float64 // Σ t over events

	// Distinct times, ascending, with their event and censoring counts.
	t, logT, ev, cen []float64
	// The distinct censored times alone.
	cT, cLogT, cW []float64
}

// validTime reports whether t is a positive finite number.
func validTime(t float64) bool { return t > 0 && !math.IsInf(t, 1) }

// prepare validates obs and builds its merged, sorted form.
func prepare(obs []Obs) (*data, error) {
	s := make([]Obs, len(obs))
	var total float64
	for i, o := range obs {
		if !validTime(o.T) {
			return nil, &ObsError{Index: i, T: o.T}
		}
		s[i] = o
		total += o.T // in input order, so that callers can reproduce it exactly
	}
	slices.SortFunc(s, func(a, b Obs) int { return cmp.Compare(a.T, b.T) })
	d := &data{n: len(s), totalT: total}
	d.t = make([]float64, 0, len(s))
	d.logT = make([]float64, 0, len(s))
	d.ev = make([]float64, 0, len(s))
	d.cen = make([]float64, 0, len(s))
	for i := 0; i < len(s); {
		t := s[i].T
		var ev, cen float64
		for ; i < len(s) && s[i].T == t; i++ {
			if s[i].Event {
				ev++
			} else {
				cen++
			}
		}
		lt := math.Log(t)
		d.t = append(d.t, t)
		d.logT = append(d.logT, lt)
		d.ev = append(d.ev, ev)
		d.cen = append(d.cen, cen)
		if ev > 0 {
			d.events += int(ev)
			d.s1 += ev * lt
			d.q2 += ev * lt * lt
			d.sT += ev * t
		}
		if cen > 0 {
			d.cT = append(d.cT, t)
			d.cLogT = append(d.cLogT, lt)
			d.cW = append(d.cW, cen)
		}
	}
	if d.events == 0 {
		return nil, ErrNoEvents
	}
	return d, nil
}

// thinned returns a copy of d with at most about bins distinct times in each of its
// two arrays (all times, and censored times), for a fast first fit: consecutive times
// are pooled into bins of equal weight, each at the weighted geometric mean of its
// times. The event sufficient statistics (n, events, totalT, s1, q2, sT) are kept
// exact, so only the terms that need per-time work are approximated.
func (d *data) thinned(bins int) *data {
	r := *d
	pool := func(t, logT []float64, w [][]float64, total float64) (pt, plogT []float64, pw [][]float64) {
		pw = make([][]float64, len(w))
		per := total / float64(bins)
		var acc, accLog float64
		acc2 := make([]float64, len(w))
		flush := func() {
			if acc == 0 {
				return
			}
			lt := accLog / acc
			plogT = append(plogT, lt)
			pt = append(pt, math.Exp(lt))
			for k := range w {
				pw[k] = append(pw[k], acc2[k])
				acc2[k] = 0
			}
			acc, accLog = 0, 0
		}
		for i := range t {
			var wi float64
			for k := range w {
				wi += w[k][i]
				acc2[k] += w[k][i]
			}
			acc += wi
			accLog += wi * logT[i]
			if acc >= per {
				flush()
			}
		}
		flush()
		return pt, plogT, pw
	}
	var all float64
	for i := range d.ev {
		all += d.ev[i] + d.cen[i]
	}
	var w [][]float64
	r.t, r.logT, w = pool(d.t, d.logT, [][]float64{d.ev, d.cen}, all)
	r.ev, r.cen = w[0], w[1]
	var cen float64
	for _, v := range d.cW {
		cen += v
	}
	r.cT, r.cLogT, w = pool(d.cT, d.cLogT, [][]float64{d.cW}, cen)
	r.cW = w[0]
	return &r
}
