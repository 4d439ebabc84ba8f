// Package queueing holds the closed forms that lotsim sets beside its
// simulation: Erlang B for refuges that turn people away when every bed is
// full, Erlang C (M/M/c) for casework lots where everyone waits until a case
// slot frees, and Erlang A (M/M/c+M) for casework lots where people give up
// while they wait. An optimiser uses them to bracket how much capacity a lot
// needs, and reports show the closed-form estimate beside the simulated one.
//
// The measure that matters is the share of referred people (all arrivals)
// who start service within a target wait t. People who give up, or who are
// still waiting at t, do not count as seen.
//
// # Models and their assumptions
//
// Every model assumes referrals arrive as a Poisson process of constant
// rate, case lengths (or refuge stays) are exponential, servers (case slots
// or beds) are identical, the queue is first come first served, and the
// system is in steady state. Rates are per unit time (lotsim uses days);
// only their ratios and products with t matter.
//
//   - [ErlangB]: M/M/c/c loss system. A person who finds every bed full is
//     turned away; the result is the share turned away (by PASTA, the
//     share of time all beds are full).
//   - [ErlangC] and [MMc]: M/M/c with an unlimited queue and no giving up.
//     The wait of an arrival is 0 with probability 1-C and otherwise
//     exponential with rate cμ-λ, so P(W > t) = C·exp(-(cμ-λ)t). When
//     λ ≥ cμ there is no steady state: the queue grows without bound, the
//     share started within any finite t tends to 0, and [MMc] says so
//     through [MMc.Stable] rather than through NaN.
//   - [ErlangA]: M/M/c+M, where each waiting person gives up after an
//     exponential patience of rate θ, independently of everything else.
//     It is solved through its birth-death chain (up rate λ, down rate
//     min(n,c)μ + max(n-c,0)θ), truncated where the mass beyond is below
//     1e-12; with θ > 0 it has a steady state for any λ. The share started
//     within t is exact given the chain: see [ErlangA.ShareStartedWithin].
//
// [ServersForMMc], [ServersForErlangA] and [ServersForBlocking] answer the
// inverse questions: the least number of servers that meets a level.
// [SquareRootStaffing] is the Halfin–Whitt rule c ≈ a + β√a that
// approximates them.
//
// # Where it stops
//
// Only steady state: no transients, so nothing about a lot that opens with
// a backlog or whose capacity changes within the period. No priorities
// (lotsim serves high risk first; these forms pool all risk levels), no
// time-varying or seasonal rates, no group programmes, no drop-out during
// service, and no non-exponential case lengths or patience. For those, use
// the simulation; these forms are checks and starting points.
package queueing
