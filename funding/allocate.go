package funding

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// Method is how an allocation rule takes its part of a total.
type Method int

// The allocation methods. The zero value is FixedAmount.
const (
	// FixedAmount takes AllocationRule.Amount.
	FixedAmount Method = iota
	// Percentage takes AllocationRule.Percent of the total.
	Percentage
	// Remainder shares what fixed amounts and percentages leave, equally
	// with the other Remainder rules.
	Remainder
)

var methodNames = [...]string{FixedAmount: "amount", Percentage: "percent", Remainder: "remainder"}

// String returns the method as a scenario file spells it: "amount",
// "percent" or "remainder".
func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// AllocationRule says how much of a pool one lot receives. Only the field
// its Method names is read.
type AllocationRule struct {
	Name    string // the lot's name, for error messages
	Method  Method
	Amount  Money           // for FixedAmount
	Percent decimal.Decimal // for Percentage: 0 to 100, 85 for "85%"
}

// Allocation is a total split by rules: Parts[i] is the part for rules[i],
// in whole pence. The parts and Unallocated add up to the total exactly.
type Allocation struct {
	Parts       []Money
	Unallocated Money // what no rule takes: zero if any rule is Remainder
}

// Sentinel errors returned, wrapped with context, by Allocate.
var (
	// ErrNotWholePence reports a total to allocate that is not a whole
	// number of pence.
	ErrNotWholePence = errors.New("funding: total to allocate is not a whole number of pence")
	// ErrNegativeAllocation reports a negative total, amount or
	// percentage.
	ErrNegativeAllocation = errors.New("funding: negative allocation")
	// ErrPercentOver100 reports percentages adding up to more than 100%.
	ErrPercentOver100 = errors.New("funding: allocation percentages add up to more than 100%")
	// ErrOverAllocated reports fixed amounts and percentages that take
	// more than the total.
	ErrOverAllocated = errors.New("funding: allocations exceed the total")
	// ErrBadMethod reports a rule whose Method is not one of the three.
	ErrBadMethod = errors.New("funding: unknown allocation method")
)

// Allocate splits total by rules. Fixed amounts come first, then
// percentages of the total, then what is left is split equally across the
// Remainder rules; with no Remainder rule it stays Unallocated.
//
// Every part is rounded to the penny by the largest-remainder rule: each
// part gets its exact share rounded down to the penny, and the pennies
// left over go one each to the parts with the largest fractions of a
// penny cut off, ties going to the earlier rule. So no part is a penny or
// more away from its exact share, and Sum(Parts)+Unallocated == total
// exactly. Without a Remainder rule, the parts together take the exact sum
// of the fixed amounts and percentages rounded half to even to the penny.
//
// Allocate returns an error, wrapping one of the sentinels above, if the
// total is negative or not whole pence, if a rule has a negative amount or
// percentage or an unknown method, if the percentages add up to more than
// 100%, or if the fixed amounts and percentages take more than the total.
func Allocate(total Money, rules []AllocationRule) (Allocation, error) {
	switch {
	case total.IsNegative():
		return Allocation{}, fmt.Errorf("total %s: %w; want £0 or more", total, ErrNegativeAllocation)
	case !total.IsWholePence():
		return Allocation{}, fmt.Errorf("total %s: %w", total.Exact(), ErrNotWholePence)
	}
	var fixed Money
	var pct decimal.Decimal
	remainders := 0
	for i, r := range rules {
		switch r.Method {
		case FixedAmount:
			if r.Amount.IsNegative() {
				return Allocation{}, fmt.Errorf("rules[%d] %q: amount %s: %w; want £0 or more", i, r.Name, r.Amount, ErrNegativeAllocation)
			}
			fixed = fixed.Add(r.Amount)
		case Percentage:
			switch {
			case r.Percent.IsNegative():
				return Allocation{}, fmt.Errorf("rules[%d] %q: %s%%: %w; want 0%% to 100%%", i, r.Name, r.Percent, ErrNegativeAllocation)
			case r.Percent.GreaterThan(hundred):
				return Allocation{}, fmt.Errorf("rules[%d] %q: %s%%: %w", i, r.Name, r.Percent, ErrPercentOver100)
			}
			pct = pct.Add(r.Percent)
		case Remainder:
			remainders++
		default:
			return Allocation{}, fmt.Errorf("rules[%d] %q: %w %d; want amount, percent or remainder", i, r.Name, ErrBadMethod, int(r.Method))
		}
	}
	if pct.GreaterThan(hundred) {
		return Allocation{}, fmt.Errorf("%w: they add up to %s%%", ErrPercentOver100, pct)
	}
	byPercent := FromDecimal(total.Decimal().Mul(pct).Shift(-2)) // exact
	if taken := fixed.Add(byPercent); taken.Cmp(total) > 0 {
		return Allocation{}, fmt.Errorf("%w: fixed amounts of %s plus %s%% of the total (%s) come to %s, %s more than the total of %s",
			ErrOverAllocated, fixed, pct, byPercent, taken, taken.Sub(total), total)
	}

	// Exact shares in pence, as rationals: a remainder split three ways
	// has no finite decimal.
	pence := func(m Money) *big.Rat { return new(big.Rat).Mul(m.Decimal().Rat(), big.NewRat(100, 1)) }
	totalP := pence(total)
	ideal := make([]*big.Rat, len(rules))
	sum := new(big.Rat)
	for i, r := range rules {
		switch r.Method {
		case FixedAmount:
			ideal[i] = pence(r.Amount)
		case Percentage:
			ideal[i] = new(big.Rat).Mul(totalP, r.Percent.Rat())
			ideal[i].Quo(ideal[i], big.NewRat(100, 1))
		default:
			continue
		}
		sum.Add(sum, ideal[i])
	}
	target := new(big.Int)
	if remainders > 0 {
		each := new(big.Rat).Sub(totalP, sum)
		each.Quo(each, big.NewRat(int64(remainders), 1))
		for i, r := range rules {
			if r.Method == Remainder {
				ideal[i] = each
			}
		}
		target.Set(totalP.Num()) // total is whole pence
	} else {
		target = roundHalfEven(sum)
	}

	// Largest remainder: floors first, then one penny each by largest
	// fraction cut off, ties to the earlier rule.
	floors := make([]*big.Int, len(rules))
	fracs := make([]*big.Rat, len(rules))
	left := new(big.Int).Set(target)
	for i, x := range ideal {
		floors[i] = new(big.Int).Div(x.Num(), x.Denom()) // Euclidean: floor, as x >= 0
		fracs[i] = new(big.Rat).Sub(x, new(big.Rat).SetInt(floors[i]))
		left.Sub(left, floors[i])
	}
	order := make([]int, len(rules))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return fracs[b].Cmp(fracs[a]) })
	for k := int64(0); k < left.Int64() && k < int64(len(order)); k++ {
		floors[order[k]].Add(floors[order[k]], big.NewInt(1))
	}

	a := Allocation{Parts: make([]Money, len(rules)), Unallocated: total}
	for i, f := range floors {
		a.Parts[i] = FromDecimal(decimal.NewFromBigInt(f, -2))
		a.Unallocated = a.Unallocated.Sub(a.Parts[i])
	}
	return a, nil
}

// roundHalfEven returns x rounded to the nearest integer, halves to even.
func roundHalfEven(x *big.Rat) *big.Int {
	q, r := new(big.Int).DivMod(x.Num(), x.Denom(), new(big.Int)) // floor for positive denominators
	c := new(big.Int).Lsh(r, 1).Cmp(x.Denom())
	if c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	return q
}
