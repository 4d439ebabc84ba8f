// Package optimise answers the committee's question "which split of the
// pool across lots meets the waiting-time targets?" with a statistical
// guarantee, by simulation.
//
// A target is a lot's wait_targets: the share of the people referred to it
// at a risk level who start within the target wait, in each contract year,
// must reach the lot's wait_target_level (or a level the caller requires).
// A plan meets it when the lower end of that share's one-sided confidence
// interval, corrected for every target judged together (Bonferroni),
// reaches the level.
//
// The method, in order:
//
//  1. The lots the optimiser moves are those with wait targets whose
//     capacity the money buys (scenario.Scenario.LotCapacity: caseworkers
//     with a cost per FTE, beds with a cost per bed, groups with a
//     facilitator cost), less those the caller pins. Every other lot, and
//     the front door, keeps today's allocation rule.
//  2. A pilot run of today's plan gives each lot's referrals a day in
//     each contract year. The closed forms of package queueing (Erlang A,
//     or C when nobody gives up) give the slots each moved lot needs for
//     its targets, and so its money; the first plan splits the moved
//     money in proportion to those needs.
//  3. A pattern search moves money between lots in steps (8, 4, 2, then 1
//     times the step the caller sets), keeping a move when it lowers the
//     largest shortfall of any moved lot's target, judged on the same
//     replications for every plan (common random numbers).
//  4. The best plans found, today's among them, go through a sequential
//     feasibility screen at fixed replication checkpoints; among those
//     shown feasible (or, if none is, among all) KN++ selects the one with
//     the largest margin (or the smallest shortfall) with an indifference
//     zone the caller sets.
//  5. The chosen plan and today's are re-run on fresh random numbers, and
//     the report gives those figures.
//
// Every decision is made at a checkpoint, on replications whose random
// numbers depend only on the seed and the replication's number, so the
// answer is the same for any number of workers.
//
// The money goal (Options.Goal = Money) instead finds, contract year by
// contract year, the least money each moved lot needs: lots are
// independent once referrals are routed, so each lot's least is bracketed
// on its own, starting from the closed forms (for casework) or today's
// money, every probe judged at checkpoints.
//
// Earmarked money cannot be moved (see scenario.Scenario.EarmarkShortfalls):
// no plan gives a lot less than the money funders earmark to it in any
// year, nor the lots covering an area less than the money earmarked there.
// For the split, each moved lot has a floor in whole steps and plans below
// it are never simulated; for the split per year, each year's floor; for
// the money goal, the extra money is general money and no lot's money is
// set below its earmarks. The report names every floor that binds.
//
// The package plans with every funder paying: money at risk of withdrawal
// is in the simulation of each split but not in how it is chosen, and the
// money goal's plans take every step as certain.
package optimise
