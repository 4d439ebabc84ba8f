// Package selection holds the statistics an optimiser needs to choose
// among candidate plans from replicated simulation output with a stated
// guarantee: either the cheapest plan that meets every target, or, when
// none does, the plan with the smallest shortfall. It is pure statistics
// over numbers the caller supplies; it runs no simulation and draws no
// random numbers.
//
// # Pieces
//
//   - [LowerBounds]: Bonferroni lower confidence bounds on the true means
//     of m cells (for instance the share of referrals seen within target
//     for each lot × risk level × contract year), whether each reaches its
//     level, and the cell that binds (largest shortfall).
//   - [Feasibility]: a sequential screen that declares each candidate
//     feasible, infeasible or undecided at fixed replication checkpoints.
//   - [KN]: the fully sequential KN++ procedure for selecting the
//     candidate with the largest (or smallest) true mean.
//   - [OCBA]: for a fixed budget instead of a guarantee, how to split the
//     next replications among candidates (Chen et al. 2000).
//   - [Checkpoints]: the schedule n0, 2·n0, 4·n0, ..., max.
//
// # Intended use
//
// An optimiser screens its candidate plans with a [Feasibility] screen;
// among those declared Feasible it takes the cheapest (cost is known, not
// simulated). If none is feasible it can run [KN] with Minimize on a
// per-replication shortfall, such as the largest level_j − X_rj over the
// cells (0 if none is short), to pick the plan that misses by least, and
// report [Bounds.Worst] of each as what binds.
//
// # Assumptions
//
// Replications are independent and identically distributed within a
// candidate. The t bounds and KN take the per-replication values to be
// normal; the guarantees are then exact (KN: at least), and approximate
// by the central limit theorem for values that are not too skewed when n
// is not tiny. Shares near 0 or 1 with few referrals per replication are
// the weak spot; prefer checkpoints of 10 or more replications. KN allows
// common random numbers (replication r of every candidate seeded from the
// same (seed, r)): it uses the variance of differences and so profits
// from the positive correlation they induce. The bounds and the
// feasibility screen are per candidate and need no assumption about
// correlation between candidates or between cells.
//
// # Bounds
//
// For m cells judged together, each bound is one-sided Student t at level
// alpha/m with n−1 degrees of freedom on the n replication values:
//
//	LCB_j = mean_j − t(1 − alpha/m; n−1) · s_j/√n.
//
// By Bonferroni's inequality the probability that some true mean lies
// below its bound is at most the sum of the m one-sided errors, alpha, so
// P(every true mean ≥ its LCB) ≥ 1 − alpha whatever the dependence. A
// cell meets its level when LCB ≥ level; its shortfall is level − LCB.
// Zero variance (every replication gives the same value, say a share of
// exactly 1) gives LCB = mean with no division by zero, so the cell meets
// its level exactly when that value does; no coverage is claimed for such
// a degenerate cell.
//
// # Feasibility screen
//
// With k candidates of m cells each and K checkpoints n_1 < ... < n_K,
// every bound is computed at level a = alpha/(K·k·m) ([Feasibility.TestAlpha]).
// At checkpoint n, for a candidate still undecided and n ≥ 2:
//
//   - Feasible if every cell's LCB ≥ its level;
//   - else Infeasible if some cell's UCB < level − epsilon (the candidate
//     is shown more than the tolerance short);
//   - else Undecided, and at the last checkpoint Infeasible with
//     [Decision.Final] set: the cautious rule, feasible only if every LCB
//     reaches its level.
//
// With n < 2 there is no variance, so the candidate stays Undecided (and
// becomes a Final Infeasible at the last checkpoint). Decisions stick:
// later checkpoints do not revisit a decided candidate.
//
// Guarantees, by Bonferroni over all K·k·m one-sided bounds, each holding
// with probability at least 1 − alpha under the assumptions above:
//
//   - no candidate with some true cell mean below its level is ever
//     declared Feasible (whatever the screen's outcome, the LCBs of every
//     cell, candidate and checkpoint hold at once);
//   - no candidate whose every true cell mean is at least level − epsilon
//     is shown short, that is declared Infeasible other than by the
//     cautious rule ([Decision.Final] false).
//
// Both hold together with probability at least 1 − 2·alpha. A Final
// Infeasible means "not shown feasible within the budget", which carries
// no guarantee: how often a truly feasible candidate gets there depends
// on its margin and the largest checkpoint (the power). Splitting alpha
// over the checkpoints is conservative (the looks are positively
// correlated) but simple and valid for any schedule; doubling schedules
// keep K small. Passing Candidates = 1 gives the per-candidate guarantee
// instead of the screen-wide one. Epsilon ≥ 0 only makes showing short
// more cautious: it buys protection for candidates slightly below their
// levels at the price of sampling them to the end.
//
// # KN++
//
// Kim and Nelson (2001), "A fully sequential procedure for
// indifference-zone selection in simulation", ACM TOMACS 11(3):251–273,
// with the variance updating of Kim and Nelson (2006), "On the asymptotic
// validity of fully sequential selection procedures for steady-state
// simulation", Operations Research 54(3):475–488. With k candidates, PCS
// target 1 − alpha, indifference zone delta and first stage n0:
//
//	eta = ½[(2·alpha/(k−1))^(−2/(n0−1)) − 1],  h² = 2·eta·(n0−1)  (c = 1).
//
// From the first stage on, at each stage r, with S²_il the sample variance
// of X_i − X_l over the replications up to the latest checkpoint (the
// common random numbers enter here), candidate i is eliminated if
//
//	Σ_{s≤r} (X_is − X_ls) < −max(0, h²·S²_il/(2·delta) − delta·r/2)
//
// for some other surviving l: the running sum of differences leaves the
// triangular continuation region. Screening happens at every stage r, but
// the S²_il are recomputed only at checkpoints (the "++"), so between two
// checkpoints the latest checkpoint's variances are used. The selection
// ends when one candidate survives, when every region has closed (then the
// survivors' sums are exactly equal and the lowest index is taken), or at
// the last checkpoint, where the best sample mean among the survivors is
// taken and [KN.Truncated] reports it.
//
// Guarantee: if the outputs are normal, and the best true mean is at
// least delta better than every other, KN without variance updating
// selects it with probability at least 1 − alpha (Kim and Nelson 2001,
// Theorem 1), whatever the (unknown, unequal) variances and the
// correlation between candidates. With updating the guarantee is
// asymptotic as delta → 0 (Kim and Nelson 2006); holding h² at its
// first-stage value, as here, rather than shrinking it with the growing
// degrees of freedom keeps the region wider than their KN++ and so errs
// on the side of the guarantee. When other means are within delta of the
// best (the indifference zone), nothing is claimed about which is picked.
// Truncation at the last checkpoint
// voids the guarantee; choose the largest checkpoint at least
// h²·max S²_il/delta² + 1, the stage at which every region closes.
//
// # Determinism
//
// Every result is a deterministic function of its inputs. For an answer
// identical for any number of workers and any order in which they finish,
// the caller must (1) give each candidate's observations in replication
// order (row r is replication r, seeded from (seed, r)), whoever computed
// it; and (2) call [Feasibility.Decide] and [KN.Step] only once every
// replication up to the checkpoint exists. Both read exactly the first n
// rows at checkpoint n, so rows beyond it, and how the rows arrived, do
// not matter. NaN or infinite observations are errors (wrapping
// [ErrNotFinite]), never silently dropped.
package selection
