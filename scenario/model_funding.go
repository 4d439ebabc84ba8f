package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lotsim/lotsim/funding"
)

// This file works out what the funders marked at risk do to the money:
// the joint outcomes of their withdrawals, the allocation to lots under
// each, and the earmarks that still hold.

// outcome is one joint outcome of the at-risk funders: the contract year
// (0-based) in which each is withdrawn, or the number of years for never,
// and the upper end of its interval of the shared uniform draw.
type outcome struct {
	by []int
	hi float64
}

// fundingOutcomes lists every joint withdrawal outcome of the at-risk
// funders with its interval of [0, 1), in order: funders in file order,
// each withdrawn in year 1, 2, ..., or never, the first funder varying
// slowest. A single at-risk funder with probability q a year then
// has withdrawn by year k exactly when the draw is below 1-(1-q)^k. With
// no funder at risk there is one outcome, [0, 1).
func (s *Scenario) fundingOutcomes(nYears int) ([]outcome, error) {
	var risky []int
	for f, fu := range s.Pool.Funders {
		if fu.Status.Kind == funding.AtRisk && fu.Status.WithdrawalProbability > 0 {
			risky = append(risky, f)
		}
	}
	n := 1
	for range risky {
		if n *= nYears + 1; n > maxOutcomes {
			return nil, fmt.Errorf("%w: %d funders at risk over %d contract years make more than %d joint outcomes to simulate; mark fewer funders at risk",
				ErrCannotSimulate, len(risky), nYears, maxOutcomes)
		}
	}
	out := make([]outcome, 0, n)
	by := make([]int, len(s.Pool.Funders))
	for f := range by {
		by[f] = nYears // never
	}
	cum := 0.0
	var walk func(j int, p float64)
	walk = func(j int, p float64) {
		if j == len(risky) {
			if p > 0 {
				cum += p
				out = append(out, outcome{by: slices.Clone(by), hi: cum})
			}
			return
		}
		q := s.Pool.Funders[risky[j]].Status.WithdrawalProbability
		for k := 0; k <= nYears; k++ {
			pk := math.Pow(1-q, float64(nYears)) // never
			if k < nYears {
				pk = math.Pow(1-q, float64(k)) * q // first withdrawn in year k+1
			}
			by[risky[j]] = k
			walk(j+1, p*pk)
		}
		by[risky[j]] = nYears
	}
	walk(0, 1)
	out[len(out)-1].hi = 1 // the outcomes cover [0, 1) whatever the rounding
	return out, nil
}

// allocKey is a financial year and the set of funders withdrawn.
type allocKey struct {
	year      funding.FinancialYear
	withdrawn string
}

// fundingCache allocates the pool, with some funders withdrawn, once per
// year and set.
type fundingCache struct {
	s     *Scenario
	alloc map[allocKey]funding.Allocation
}

// allocation allocates year's pool to the lots without the money of the
// funders withdrawn by contract year k in outcome o (nil: every funder pays).
func (c *fundingCache) allocation(year funding.FinancialYear, k int, o *outcome) (funding.Allocation, error) {
	var key strings.Builder
	total := c.s.Pool.Total(year)
	if o != nil {
		for f, w := range o.by {
			if w <= k {
				fmt.Fprintf(&key, "%d,", f)
				total = total.Sub(c.s.Pool.Funders[f].Contribution(year))
			}
		}
	}
	if a, ok := c.alloc[allocKey{year, key.String()}]; ok {
		return a, nil
	}
	var a funding.Allocation
	var err error
	if key.Len() == 0 {
		a, err = c.s.LotFunding(year)
	} else {
		rules := make([]funding.AllocationRule, len(c.s.Structure.Lots))
		for i, l := range c.s.Structure.Lots {
			rules[i] = l.RuleFor(year)
		}
		a, err = funding.Allocate(total, rules)
		if err != nil {
			var names []string
			for f, w := range o.by {
				if w <= k {
					names = append(names, c.s.Pool.Funders[f].Name)
				}
			}
			err = fmt.Errorf("allocating %s to lots without the money at risk of %s (%s left): %w",
				year, strings.Join(names, ", "), total, err)
		}
	}
	if err != nil {
		return a, err
	}
	c.alloc[allocKey{year, key.String()}] = a
	return a, nil
}

// earmarksUnderWithdrawal checks every earmark in every contract year of
// every withdrawal outcome the simulation may draw, and returns the first
// shortfall. Outcomes whose pool cannot pay the lots' rules are left to
// the lots that money buys, as before.
func (c *fundingCache) earmarksUnderWithdrawal(b *Built, outcomes []outcome) error {
	earmarked := false
	for _, f := range c.s.Pool.Funders {
		earmarked = earmarked || len(f.Earmarks) > 0
	}
	if !earmarked {
		return nil
	}
	for k, y := range b.Years {
		year := funding.FinancialYearOf(y.Start)
		for i := range outcomes {
			o := &outcomes[i]
			withdrawn := false
			for _, w := range o.by {
				withdrawn = withdrawn || w <= k
			}
			if !withdrawn {
				continue // every funder pays: checked by Validate
			}
			a, err := c.allocation(year, k, o)
			if err != nil {
				continue
			}
			if err := c.earmarksKept(year, k, o, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// earmarksKept checks that allocation a of year's pool, without the
// funders withdrawn by contract year k in outcome o, still gives each lot
// the money the funders still paying earmark to it (a withdrawn funder's
// earmarks go with its money).
func (c *fundingCache) earmarksKept(year funding.FinancialYear, k int, o *outcome, a funding.Allocation) error {
	var left funding.Pool
	var names []string
	for f, fu := range c.s.Pool.Funders {
		if o.by[f] <= k {
			names = append(names, fu.Name)
			continue
		}
		left.Funders = append(left.Funders, fu)
	}
	short := funding.CheckEarmarks(left, year, c.s.lotAreas(), a.Parts)
	if len(short) == 0 {
		return nil
	}
	return fmt.Errorf("without the money at risk of %s, %w", strings.Join(names, ", "), short[0])
}
