package lotsim

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// SimOptions adjust how Simulate runs a scenario. The zero value runs the
// scenario's own settings with one worker per CPU.
type SimOptions struct {
	// Replications, if above 0, is the number of replications to run,
	// instead of the scenario's (and without its stopping rule). 0 means
	// the scenario's: its stopping rule if it has one, otherwise its
	// replications (DefaultReplications if it gives none).
	Replications int
	// Seed, if not nil, replaces the scenario's seed.
	Seed *uint64
	// Workers is the number of goroutines; 0 means one per CPU. It never
	// changes the results.
	Workers int
	// Horizon, if not nil, replaces the scenario's horizon.
	Horizon *scenario.Horizon
	// Progress, if not nil, is called after each replication with the
	// number done and the most there will be (see simulate.Options).
	Progress func(done, total int)
	// Replication, if not nil, is called with each replication's own
	// values, in replication order, as it is merged; r is valid only
	// during the call (see simulate.Options). Its lot indices are those
	// of SimResult.Lots, its years those of SimResult.YearLabels.
	Replication func(index int, r *simulate.Replication)
	// MaxMemory is the run's memory budget in bytes; 0 means
	// simulate.DefaultMaxMemory (1.5 GiB). A replication that holds more
	// people at once than the budget allows stops the run with an error
	// wrapping simulate.ErrLimit (see simulate.Options.MaxMemory).
	MaxMemory int64
	// ParameterUncertainty draws every fitted figure of the scenario (see
	// scenario.FittedFigures) from its sampling distribution once per
	// replication, so that the results' intervals cover what the records
	// leave unknown about those figures, not only the simulation's own
	// noise. Replication r draws from a PCG seeded by (seed, r), so the
	// results stay the same for any number of workers. Risk mix and
	// seasonality, whose intervals are in the fit report, not the file,
	// are not drawn, and the figures are drawn independently: an
	// approximation, as the fit's estimates are correlated. A scenario with
	// no fitted figure to draw gives an error wrapping
	// scenario.ErrCannotSimulate.
	ParameterUncertainty bool
	// Shard and Replay, if not nil, split every run across processes
	// (see simulate.Options.Shard and Replay): a shard simulates its
	// range of the replications and records them, a replay merges the
	// records into the results of the whole run, bit for bit. Neither
	// works with a stopping rule: give Replications.
	Shard  simulate.Shard
	Replay simulate.Replay
}

// SimResult is a scenario's simulation: the model that was run, its
// results, and what is needed to report them in the scenario's terms.
type SimResult struct {
	// Model is the engine's input built from the scenario.
	Model *simulate.Model
	// Results are the engine's results. Its lot indices are those of Lots
	// below; its years those of YearLabels.
	Results *simulate.Results
	// Lots are the scenario's lot names in the order of Results.Lots: the
	// lots the engine serves in, in file order, then the front door's lot
	// (at Results.FrontDoor) if the scenario has a front door.
	Lots []string
	// YearLabels name the contract years: the financial year ("2025/26")
	// when the years start on 1 April, otherwise the dates
	// ("2018-10-01 to 2019-09-30").
	YearLabels []string
	// Start is the date of time 0: the earliest contract start.
	Start funding.Date
	// Seed and Replications are the seed used and the replications run.
	Seed         uint64
	Replications int
	// Stopping is the stopping rule the run used, as the scenario or the
	// options gave it, and Stop the engine's form of it; both nil for a
	// fixed number of replications.
	Stopping *scenario.StoppingRule
	Stop     *simulate.StoppingRule
	// DrawnFigures is the number of fitted figures drawn once per
	// replication with SimOptions.ParameterUncertainty (a distribution,
	// its durations scaled together, counts once); 0 without it.
	DrawnFigures int
}

// LotIndex returns the index in Lots (and in Results) of the scenario lot
// called name.
func (r *SimResult) LotIndex(name string) (int, bool) {
	i := slices.Index(r.Lots, name)
	return i, i >= 0
}

// Simulate builds the scenario's model and runs it. The scenario's stopping
// rule names its metric as simulate.ParseMetric does, optionally after a
// risk level: "wait_p90", "high_risk_wait_p90"; its Lot is a scenario lot
// name, "" for the first lot that is not the front door. Its Min is raised
// to 2, the fewest a confidence interval needs.
//
// The error wraps scenario.ErrCannotSimulate for a scenario or options that cannot
// be simulated; otherwise it is simulate.Run's (the context's error, say).
func Simulate(ctx context.Context, s *scenario.Scenario, opt SimOptions) (*SimResult, error) {
	b, so, err := prepare(s, opt)
	if err != nil {
		return nil, err
	}
	res, err := run(ctx, b, so)
	if err != nil {
		return nil, err
	}
	if so.Stop != nil {
		rule := *s.Simulation.StoppingRule
		res.Stopping, res.Stop = &rule, so.Stop
	}
	if opt.ParameterUncertainty {
		figs, _ := scenario.FittedFigures(s)
		res.DrawnFigures = len(figs)
	}
	return res, nil
}

// prepare builds the scenario's model and the engine's options for opt.
func prepare(s *scenario.Scenario, opt SimOptions) (*scenario.Built, simulate.Options, error) {
	var so simulate.Options
	if s == nil {
		return nil, so, fmt.Errorf("%w: no scenario", scenario.ErrCannotSimulate)
	}
	if opt.Replications < 0 {
		return nil, so, fmt.Errorf("%w: replications must be 0 (the scenario's) or more, got %d", scenario.ErrCannotSimulate, opt.Replications)
	}
	h := s.Simulation.Horizon
	if opt.Horizon != nil {
		h = *opt.Horizon
	}
	b, err := s.Build(h)
	if err != nil {
		return nil, so, err
	}
	so = simulate.Options{Seed: s.Simulation.Seed, Workers: opt.Workers, Progress: opt.Progress, Replication: opt.Replication, MaxMemory: opt.MaxMemory, Shard: opt.Shard, Replay: opt.Replay}
	if opt.Seed != nil {
		so.Seed = *opt.Seed
	}
	switch {
	case opt.Replications > 0:
		so.Replications = opt.Replications
	case s.Simulation.StoppingRule != nil:
		if so.Stop, err = b.StoppingRule(*s.Simulation.StoppingRule); err != nil {
			return nil, so, err
		}
	case s.Simulation.Replications > 0:
		so.Replications = s.Simulation.Replications
	default:
		so.Replications = scenario.DefaultReplications
	}
	if opt.ParameterUncertainty {
		if so.ModelFor, _, err = parameterModels(s, h, so.Seed); err != nil {
			return nil, so, err
		}
	}
	return b, so, nil
}

// run runs the built model with the engine's options.
func run(ctx context.Context, b *scenario.Built, so simulate.Options) (*SimResult, error) {
	res, err := simulate.Run(ctx, b.Model, so)
	if err != nil {
		if errors.Is(err, simulate.ErrBadModel) || errors.Is(err, simulate.ErrBadOptions) {
			return nil, fmt.Errorf("%w: %w", scenario.ErrCannotSimulate, err)
		}
		return nil, err
	}
	return &SimResult{
		Model: b.Model, Results: res, Lots: b.Lots, YearLabels: b.YearLabels,
		Start: b.Start, Seed: so.Seed, Replications: res.Replications,
	}, nil
}
