package simulate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/lotsim/lotsim/lotting"
)

// ErrConservation reports a replication whose flows do not add up: a bug
// in the engine, never a property of the input.
var ErrConservation = errors.New("simulate: conservation check failed")

// ErrBadOptions reports options Run cannot use.
var ErrBadOptions = errors.New("simulate: bad options")

// ErrLimit reports a replication that had more people in the system at once
// than the memory budget (Options.MaxMemory) allows: demand far beyond
// capacity, a waiting list that grows without end. Run stops at once
// rather than take the machine's memory. The error is a *LimitError.
var ErrLimit = errors.New("simulate: memory limit reached")

// DefaultMaxMemory is the memory budget of a run when Options.MaxMemory is
// 0: 1.5 GiB, so that a run stays under 2 GB with the rest of the process
// (the model, the results, the Go runtime).
const DefaultMaxMemory int64 = 3 << 29

// BytesPerPerson is the memory one person in the system takes, as
// measured by TestBytesPerPerson (the customer record, its place in a
// waiting list and its pending events, with the room that growing slices
// and the garbage collector leave): 160 to 220 bytes of heap from run to
// run, rounded up with a margin. The people limit of a replication is
// MaxPeople(MaxMemory less the results, workers).
const BytesPerPerson = 320

// BytesPerCell is the memory one cell of results (a lot, contract year,
// area and risk level, or a total of them) takes in a copy of the results,
// as measured by TestBytesPerCell (about 9,600 bytes with waiting times in
// every cell), rounded up. Run keeps a copy in its
// Results and one in each replication in flight (2 per worker).
const BytesPerCell = 12 << 10

// MaxPeople returns the most people one replication may hold at once when
// a run with the given memory budget (0: DefaultMaxMemory) runs on
// workers goroutines: the budget shared equally by the workers, divided
// by BytesPerPerson. With the default and 2 workers it is about 2.5
// million. Run gives it the budget less what the results take (see
// BytesPerCell), and runs on fewer workers when the results' copies would
// take more than three quarters of the budget.
func MaxPeople(maxMemory int64, workers int) int {
	if maxMemory <= 0 {
		maxMemory = DefaultMaxMemory
	}
	return int(maxMemory / int64(max(workers, 1)) / BytesPerPerson)
}

// LimitError is the error Run returns, wrapping ErrLimit, when a
// replication holds more than MaxPeople people at once.
type LimitError struct {
	Replication int    // the replication index
	People      int    // people in the system when it stopped
	Limit       int    // the most it could hold: MaxPeople(MaxMemory, workers)
	Lot         string // the lot (or front door) with the longest waiting list
	Waiting     int    // that lot's waiting list
	MaxMemory   int64  // the memory budget in bytes
	Workers     int
}

// Error says what was reached and how to raise it.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%v: replication %d had %d people in the system at once, the most a memory budget of %s over %d workers allows (%d each); "+
		"the waiting list of %q had grown to %d: demand this far beyond capacity would take more memory than the budget. Raise the budget (Options.MaxMemory) or lower the demand",
		ErrLimit, e.Replication, e.People, FormatBytes(e.MaxMemory), e.Workers, e.Limit, e.Lot, e.Waiting)
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// FormatBytes writes a byte count the way ParseBytes reads it: "1.5GiB",
// "800MiB", "512B".
func FormatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) + units[u]
}

// Options control a Monte Carlo run.
type Options struct {
	// Seed determines every random draw: the same model, seed and
	// replication count give bit-identical results whatever Workers is.
	Seed uint64
	// Replications is the number of replications (>= 1); ignored when
	// Stop is set.
	Replications int
	// Workers is the number of goroutines running replications; zero
	// means runtime.GOMAXPROCS(0). It never changes the results.
	Workers int
	// Stop, if not nil, replicates until a metric is precise enough.
	Stop *StoppingRule
	// Progress, if not nil, is called after each replication is merged,
	// from the goroutine that called Run, with the number merged so far
	// and the most there will be.
	Progress func(done, total int)
	// Replication, if not nil, is called with each replication's own
	// values as it is merged: in replication order (index 0, 1, 2, ...,
	// whatever Workers is), from the goroutine that called Run, before
	// Progress. With a stopping rule it sees exactly the replications
	// merged into the Results. Adding r.Value of a cell's metric, in the
	// order of the calls, to a stats.Summary gives that cell's Metric in
	// the Results bit for bit; the values serve statistics the Results do
	// not keep, such as the paired differences between two runs with the
	// same seed (common random numbers).
	//
	// r is valid only during the call: it must not be kept, and using it
	// after the call returns panics. Nil costs nothing.
	Replication func(index int, r *Replication)
	// MaxMemory is the run's memory budget in bytes; 0 means
	// DefaultMaxMemory (1.5 GiB). It bounds the people one replication
	// may hold at once to MaxPeople(MaxMemory, workers); a replication
	// that holds more stops the run with a *LimitError (ErrLimit). The
	// budget never changes the results of a run that stays within it,
	// but it is shared by the workers, so a run near the limit may fail
	// with more workers and succeed with fewer.
	MaxMemory int64
	// Trace, if not nil, is called with each step of each simulated
	// person (see TraceEvent): referrals, starts, exits and moves, warm-up
	// and inherited people included. With a trace, Run ignores Workers and
	// runs the replications one at a time on the goroutine that called it,
	// in replication order, so the calls are ordered by replication and
	// then by simulated time, and never concurrent. The results are the
	// same as without it.
	//
	// Nil costs nothing: one predictable branch at each traced point and
	// no allocation.
	Trace func(ev TraceEvent)
	// ModelFor, if not nil, gives the model replication rep runs on, in
	// place of Run's model: a model whose figures (rates, case lengths,
	// patience, capacity) are drawn once per replication, say, so that
	// the results carry the uncertainty of those figures. Each returned
	// model must have the shape of Run's (the same lots, by name,
	// delivery, target share and cost; streams, by area and client group;
	// areas; contract years; horizon; waiting-list samples; front door):
	// Run checks it and stops with an error wrapping ErrBadOptions
	// otherwise, or wrapping the hook's own error.
	//
	// ModelFor is called once for each replication run, from the worker
	// goroutines, possibly concurrently: it must be safe for concurrent
	// use and its model must depend only on rep, so that the results
	// stay bit-identical for any number of workers. The model is compiled
	// afresh for each replication (memory once per replication, none per
	// event); the Results report the costs of Run's model.
	ModelFor func(rep int) (*Model, error)
	// Shard, if not nil, splits the run across processes or machines:
	// Run simulates only the replications Shard.Range gives, numbered
	// and seeded as in the whole run, and hands each one's record to
	// Shard.Record. The Results then hold those replications alone.
	Shard Shard
	// Replay, if not nil, merges the records of a run split by Shard in
	// place of simulating: the Results, and every call of Replication
	// and Progress, are bit-identical to those of the whole run in one
	// process with the same model and options. Trace and ModelFor are
	// not called, as nothing is simulated. Neither Shard nor Replay may
	// be used with Stop.
	Replay Replay
}

// StoppingRule replicates until the 95% confidence interval of one metric
// is narrow enough: its half-width at most RelativeHalfWidth times the
// absolute value of its mean, after at least Min and at most Max
// replications. The metric is taken over the whole reported period and all
// areas of one lot, at one risk level or all.
//
// The rule is checked after each replication is merged, in replication
// order, so the number of replications it stops at does not depend on the
// number of workers.
type StoppingRule struct {
	Metric            Metric       // the metric whose interval must be narrow, e.g. WaitP90
	Lot               int          // index in Model.Lots (or len(Lots) for the front door)
	Risk              lotting.Risk // or AllRisks
	RelativeHalfWidth float64      // e.g. 0.05 for within 5% of the mean
	Min, Max          int          // 2 <= Min <= Max
}

func (o *Options) validate(p *plan) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrBadOptions, fmt.Sprintf(format, args...))
	}
	if o.Workers < 0 {
		return bad("Workers must be 0 (one per CPU) or more, got %d", o.Workers)
	}
	if o.MaxMemory < 0 {
		return bad("MaxMemory must be 0 (the default, %s) or more, got %d", FormatBytes(DefaultMaxMemory), o.MaxMemory)
	}
	if err := o.validateParts(bad); err != nil {
		return err
	}
	if s := o.Stop; s != nil {
		switch {
		case s.Metric < 0 || s.Metric >= NumMetrics:
			return bad("Stop.Metric %d is not a metric", int(s.Metric))
		case s.Lot < 0 || s.Lot >= p.nSt:
			return bad("Stop.Lot must index the lots (0 to %d), got %d", p.nSt-1, s.Lot)
		case s.Risk != AllRisks && !s.Risk.Valid():
			return bad("Stop.Risk must be a risk level or AllRisks, got %d", int(s.Risk))
		case !(s.RelativeHalfWidth > 0) || math.IsInf(s.RelativeHalfWidth, 0):
			return bad("Stop.RelativeHalfWidth must be a finite share above 0, got %v", s.RelativeHalfWidth)
		case s.Min < 2 || s.Max < s.Min:
			return bad("Stop needs 2 <= Min <= Max, got Min %d, Max %d", s.Min, s.Max)
		}
		return nil
	}
	if o.Replications < 1 {
		return bad("Replications must be at least 1, got %d", o.Replications)
	}
	return nil
}

// Run simulates replications of m and returns their results merged.
//
// Replication r draws only from sources derived from (Options.Seed, r), and
// the results of replications are merged in replication order, so results
// are bit-identical for any number of workers. Memory does not grow with
// the number of replications: at most 2 × Workers replications are in
// progress or waiting to be merged at any time.
//
// Memory is bounded whatever the model: a replication that holds more
// people at once than Options.MaxMemory allows stops the run with an error
// wrapping ErrLimit.
//
// Run returns an error wrapping ErrBadModel or ErrBadOptions for bad input
// (never panicking on it), ErrLimit if a replication outgrows the memory
// budget, ErrConservation if a replication's flows do not add up, or ctx's
// error if ctx ends first.
func Run(ctx context.Context, m *Model, opt Options) (*Results, error) {
	p, err := newPlan(m)
	if err != nil {
		return nil, err
	}
	if err := opt.validate(p); err != nil {
		return nil, err
	}
	total := opt.Replications
	if opt.Stop != nil {
		total = opt.Stop.Max
	}
	if opt.Replay != nil {
		return replay(ctx, p, &opt, total)
	}
	first := 0
	if opt.Shard != nil {
		lo, hi, err := shardRange(opt.Shard, total)
		if err != nil {
			return nil, err
		}
		first, total = lo, hi-lo
	}
	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if opt.Trace != nil {
		workers = 1 // ordered calls on this goroutine (see Options.Trace)
	}
	workers = min(workers, total)
	budget := opt.MaxMemory
	if budget == 0 {
		budget = DefaultMaxMemory
	}
	// The results take memory of their own, whatever the people: a copy
	// of every cell (lot × year × area × risk) in the Results and in each
	// of the 2 × workers replications in flight. They may take at most
	// three quarters of the budget; fewer workers keep fewer copies, and
	// never change the results.
	perCopy := int64(p.nCells()) * BytesPerCell
	fixed := func(w int) int64 { return perCopy * int64(1+2*w) }
	if fixed(1) > budget/4*3 {
		return nil, fmt.Errorf("%w: the results, %d cells (%d contract years × %d areas × %d lots and totals × risk levels, and client groups at a lot that pools them), take about %s for each copy, and a run keeps at least three: more than three quarters of the memory budget of %s. Raise the budget (Options.MaxMemory) or simulate fewer years or areas",
			ErrLimit, p.nCells(), p.nY, p.nA, p.nSt, FormatBytes(perCopy), FormatBytes(budget))
	}
	for workers > 1 && fixed(workers) > budget/4*3 {
		workers--
	}
	res := newResults(p)
	c := &collector{res: res, opt: &opt, first: first, total: total, rep: Replication{p: p}}
	lim := limit{people: MaxPeople(budget-fixed(workers), workers), memory: budget, workers: workers}
	if workers == 1 {
		// One worker: no goroutines at all.
		es := newEngines(p, &opt, lim, opt.Trace)
		rr := newRepResult(p)
		for r := first; r < first+total; r++ {
			rr.reset()
			e, err := es.get(r)
			if err != nil {
				return nil, err
			}
			if err := e.run(ctx, opt.Seed, r, rr); err != nil {
				return nil, err
			}
			if c.add(rr) {
				break
			}
		}
		return res, c.err
	}
	return runParallel(ctx, p, &opt, c, workers, lim)
}

// limit is the people limit of a run and what its error reports.
type limit struct {
	people  int
	memory  int64
	workers int
}

// collector merges replications in order and applies the stopping rule.
type collector struct {
	res   *Results
	opt   *Options
	first int // the first replication (Options.Shard)
	total int
	rep   Replication // handed to opt.Replication, pointing at each replication in turn
	rec   recorder    // makes the records handed to Options.Shard
	err   error       // Options.Shard's error, which ends the run
}

// add merges rr (the next replication in order) and reports whether the
// run is complete.
func (c *collector) add(rr *repResult) bool {
	c.res.merge(rr)
	n := c.res.Replications
	if c.opt.Shard != nil {
		if c.err = c.opt.Shard.Record(rr.index, c.rec.record(rr)); c.err != nil {
			return true
		}
	}
	if f := c.opt.Replication; f != nil {
		c.rep.rr = rr
		f(rr.index, &c.rep)
		c.rep.rr = nil
	}
	if c.opt.Progress != nil {
		c.opt.Progress(n, c.total)
	}
	if n >= c.total {
		return true
	}
	if s := c.opt.Stop; s != nil && n >= s.Min {
		sum := c.res.Cell(s.Lot, AllYears, AllAreas, s.Risk).Metric(s.Metric)
		ci := sum.CI95()
		if ci.HalfWidth <= s.RelativeHalfWidth*math.Abs(sum.Mean()) {
			return true
		}
	}
	return false
}

// runParallel runs replications on several workers.
//
// Start-up order: the collector (this goroutine) makes the channels, then
// starts the workers, then the dispatcher. The dispatcher hands out
// replication indices in order, each only after taking one of 2×workers
// tokens; a worker runs the replication into a recycled repResult and
// sends it to the collector, which buffers out-of-order ones and merges
// them in index order, returning a token for each one merged. The lowest
// unmerged replication has always been dispatched, so the run cannot
// deadlock, and at most 2×workers repResults exist.
//
// Shutdown order: when the run is complete (all merged, the stopping rule
// met, an error, or ctx done) the collector cancels the run's context;
// the dispatcher stops and closes the job channel; workers abandon their
// replication at the next check (every 65536 events) and exit; the
// collector waits for the dispatcher and every worker before returning,
// so no goroutine outlives Run. The results channel has room for every
// token, so no worker blocks on it during shutdown.
func runParallel(ctx context.Context, p *plan, opt *Options, c *collector, workers int, lim limit) (*Results, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := 2 * workers
	jobs := make(chan int)
	done := make(chan *repResult, window)
	tokens := make(chan struct{}, window)
	spare := make(chan *repResult, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			es := newEngines(p, opt, lim, nil)
			for r := range jobs {
				var rr *repResult
				select {
				case rr = <-spare:
				default:
					rr = newRepResult(p)
				}
				rr.reset()
				e, err := es.get(r)
				if err == nil {
					err = e.run(ctx, opt.Seed, r, rr)
				}
				rr.err = err
				rr.index = r
				done <- rr
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		for r := c.first; r < c.first+c.total; r++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	pending := make(map[int]*repResult, window)
	next := c.first
	var err error
collect:
	for {
		select {
		case rr := <-done:
			if rr.err != nil {
				err = rr.err
				break collect
			}
			pending[rr.index] = rr
			for {
				rr, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				finished := c.add(rr)
				spare <- rr
				<-tokens
				if finished {
					break collect
				}
			}
		case <-ctx.Done():
			err = ctx.Err()
			break collect
		}
	}
	cancel()
	wg.Wait()
	if err == nil {
		err = c.err
	}
	if err != nil {
		return nil, err
	}
	return c.res, nil
}
