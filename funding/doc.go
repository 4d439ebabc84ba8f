// Package funding models the money and contract dates of a jointly
// commissioned service: who pays how much into a pooled budget, how sure
// that money is, how the pool is split between lots, how long the contract
// runs with its extension options, what it is worth in cash and in real
// terms, and which stated figures do not reconcile.
//
// # Money
//
// Money is an exact decimal amount of pounds (over shopspring/decimal); no
// pound is ever held in a float64. Arithmetic keeps every digit, and
// rounding to the penny happens only where it is named: RoundPenny, Div
// and Ratio round half to even, and every amount this package reports as
// a result (allocations, contract-year values, real terms) is whole pence.
// ParseMoney reads amounts as commissioners write them ("£2,157,000",
// "£451k", "£1.5m").
//
// # Pools and findings
//
// A Pool holds Funders, each with Contributions by FinancialYear, a
// Status (confirmed, at risk of withdrawal, stopping from a year) and
// optionally the share a document states for it. Documents do not always
// add up: seed 001 states a Staffordshire total of £2,157,000 with shares
// of 31%, 47% and 22%, but the three contributions it gives add up to
// £2,230,970. Reconcile reports such disagreements as Findings, one plain
// sentence each, and names the single figure that would reconcile the
// rest where there is one. It never corrects a figure.
//
// # Allocation
//
// Allocate splits a total between lots by fixed amounts, percentages and
// remainders, rounding each part to the penny by the largest-remainder
// rule so that the parts always add up to the total exactly.
//
// # Earmarks
//
// A funder may tie part of its money to one lot or one area (Earmark):
// seed 004's £75,000 a year of perpetrator match-funding. Earmarked money
// counts toward the lot's allocation and the allocation rules are
// unchanged; CheckEarmarks reports a year in which the rules give a lot,
// or the lots covering an area, less than is earmarked to them, and
// SplitEarmarks divides each lot's money into its earmarked and general
// parts, which add up to the allocation to the penny.
//
// # Contracts
//
// Terms give a contract's start, initial term and extension options; from
// them come the last day of each period, the end with the extensions
// taken and with all of them, the date re-procurement must start, and the
// contract years. Terms.Check compares the dates a document states with
// those the terms give. Values and TotalValue price each contract year
// with an Uplift clause, and Inflation turns cash into real terms.
//
// # Where it stops
//
// The package knows nothing of lots' services, demand or simulation (see
// packages lotting and simulate) and reads no files (the root package
// lotsim reads scenarios). It does not forecast inflation or decide
// whether money at risk is withdrawn: it records the probability, and
// the simulation draws. Validate methods report input that cannot be used
// as errors wrapping this package's sentinel errors; figures that are
// usable but inconsistent are findings, not errors.
package funding
