// Package simulate is lotsim's discrete-event Monte Carlo engine: given a
// Model of referral streams, a front door, routing and lots (casework,
// group programmes or refuge beds, with capacity changing over time), it
// simulates what the commissioned capacity does for the people referred:
// who waits, for how long, who gives up, who is turned away, how busy the
// services are and what each completed case costs.
//
// # What it does
//
// Referrals arrive per area and client group as a non-homogeneous Poisson
// process with a piecewise-constant daily rate (growth, seasonality and
// shocks are folded into the rate by the caller), with a risk mix and
// repeat referrals. An optional front door triages them (handlers and a
// handling time) and refers some on without service; the rest are routed
// to lots by stream and risk. Lots serve high risk first and in arrival
// order within a risk; people may give up while waiting (patience) or drop
// out during service. Group lots start cohorts at fixed intervals; refuges
// turn people away when full or keep them waiting. Capacity changes at
// times, some of them uncertain, and a lot may switch between casework and
// group work at stated times ([ModeStep]). The start state is inherited or built by a
// warm-up whose results are discarded.
//
// [Run] replicates the model in parallel and merges per-replication results
// in replication order into [Results]: per lot, contract year, area and risk
// level, a summary across replications (mean and 95% confidence interval)
// of every [Metric], pooled waiting-time histograms, the probability of
// missing a waiting-time target, and waiting-list percentile bands over
// time. A lot that pools client groups (a single contract, the front
// door) keeps the same figures for each group as well
// ([Results.CellGroup]); a lot that one group reaches keeps no more cells
// than before, and an event costs one more table look-up to find its
// cell. Every replication is checked for conservation: people in the
// system at the start plus referrals equal everyone who left (completed,
// dropped out, gave up, turned away, declined, self-served) plus those
// still in the system at the end. Options.Replication hands the caller
// each replication's own values as it is merged, in order, for statistics
// the summaries do not keep, such as the paired differences between two
// runs with the same seed. Options.Trace reports each simulated person's
// steps (referred, started, completed, gave up and so on) as they happen,
// for records at the level of people, such as package synth's extracts; it
// runs the replications on one goroutine and costs nothing when nil.
//
// # Randomness
//
// Each replication draws from its own PCG sources, derived from (seed,
// replication index, purpose) by a fixed SplitMix64 mix: one per referral
// stream for arrivals, one for triage (risk levels, repeats, self-serve,
// inherited state), one per lot for service (case lengths, refuge
// declines), one per lot for disengagement (patience, drop-out) and one for
// uncertain capacity steps. So the same seed gives the same results for any
// number of workers, and two scenarios run with the same seed share
// arrivals (common random numbers).
//
// The same results bit for bit need the same floating-point arithmetic
// too. An amd64 build made as usual (GOAMD64=v1) gives them on every
// amd64 processor: e^x of lognormal draws and of the ziggurat comes from
// internal/portable, where math.Exp's assembly takes another path on a
// processor with fused multiply-add. Narrow paths still reach math.Exp
// (gamma case lengths whose sd exceeds their mean, in gonum's sampler; the
// remaining length of an inherited case, through math.Erfc; and, outside
// this package, the fitted figures the runner's --parameter-uncertainty
// draws, written to nine decimals), so there
// a processor without fused multiply-add (amd64 before about 2013, or a
// virtual machine that hides it) could differ in the last digits.
// On arm64, and on amd64 built with GOAMD64=v3, the Go compiler fuses a
// multiply and an add into one rounding, and the standard library's
// logarithm and other functions compute differently, so figures differ in
// their last digits (the text report of 20 replications of essex-2025 was
// the same on arm64, under emulation, and amd64; 13,953 of the JSON's
// numbers differed, in the 14th to 17th significant digit).
//
// # Workers
//
// Start-up order: Run validates the model, builds a read-only plan shared
// by every worker, makes the channels, starts the workers (each with its
// own engine and random sources), then the dispatcher, which hands out
// replication indices in order under a budget of 2 × workers replications
// in flight. The calling goroutine collects: it buffers results that
// arrive out of order and merges them in index order.
//
// Shutdown order: when every replication is merged, the stopping rule is
// met, a replication fails or the context ends, the collector cancels the
// run; the dispatcher stops handing out work, workers abandon the
// replication they are in (checking every 65,536 events) and exit, and Run
// waits for all of them before it returns. No goroutine outlives Run. With
// one worker, Run starts no goroutines.
//
// # Memory
//
// A replication's memory grows with the people in the system at once:
// about BytesPerPerson each, as TestBytesPerPerson measures. Run bounds
// it: Options.MaxMemory (DefaultMaxMemory, 1.5 GiB, when 0) is shared by
// the workers, and a replication that holds more than MaxPeople(MaxMemory,
// workers) people at once, demand far beyond capacity, stops the run with
// a *LimitError wrapping ErrLimit that names the lot whose waiting list
// grew. The check is one integer comparison when a person is created.
// The results take memory of their own, about BytesPerCell for each cell
// (lot, contract year, area, risk level and, for a lot that pools
// client groups, group) in the Results and in each
// replication in flight: Run takes it from the budget first, runs on fewer
// workers when the copies would take more than three quarters of it, and
// stops with ErrLimit before it starts when one worker's would. The
// results do not grow with the people: waiting-list bands count values
// above stats.MaxCountValue in a sparse table.
//
// # Where it stops
//
// The engine knows days, counts and probabilities, not dates, contracts or
// scenario files: the root package lotsim turns a scenario into a Model
// (rates per day from the demand, slots from money and cost per FTE,
// contract years as day offsets). Money appears only as each lot's cost per
// contract year, divided into a cost per completed case at the reporting
// boundary. The statistics machinery (summaries, histograms, proportions)
// is internal/stats.
package simulate
