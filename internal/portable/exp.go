package portable

import (
	"math"
	"math/big"
)

// expTableBits is log2 of the number of entries in the table of powers of
// two: e^x = 2^(k/N) × e^r with N = 128 and |r| ≤ ln 2/256, so that a
// polynomial of degree 5 is accurate to below 2^-60 (the first term left
// out, r^6/720, is under 6e-19).
const (
	expTableBits = 7
	expN         = 1 << expTableBits
)

// expTable holds, for j = 0 … N-1, 2^(j/N) as a pair: hi, the float64
// nearest it, and lo, what hi leaves out relative to hi, so that
// 2^(j/N) = hi × (1 + lo) to 256 bits before lo is rounded. It is
// worked out once with math/big (integer arithmetic, the same on every
// machine) rather than typed in.
var expTable = buildExpTable()

func buildExpTable() [expN][2]float64 {
	const prec = 256
	// roots[b] = 2^(2^b/N): repeated square roots of 2.
	var roots [expTableBits]*big.Float
	x := new(big.Float).SetPrec(prec).SetInt64(2)
	for b := expTableBits - 1; b >= 0; b-- {
		x = new(big.Float).SetPrec(prec).Sqrt(x)
		roots[b] = x
	}
	var t [expN][2]float64
	for j := range expN {
		v := new(big.Float).SetPrec(prec).SetInt64(1)
		for b := range expTableBits {
			if j>>b&1 == 1 {
				v.Mul(v, roots[b])
			}
		}
		hi, _ := v.Float64()
		bhi := new(big.Float).SetPrec(prec).SetFloat64(hi)
		rest := new(big.Float).SetPrec(prec).Sub(v, bhi)
		lo, _ := rest.Quo(rest, bhi).Float64()
		t[j] = [2]float64{hi, lo}
	}
	return t
}

// Constants of the argument reduction x = k·ln2/N + r.
const (
	invLn2N = expN / math.Ln2
	// roundShift added to and taken from a float64 rounds it to an
	// integer (to nearest, ties to even) in its low bits.
	roundShift = 0x1.8p52
	// Beyond these e^x overflows to +Inf, or is below half the smallest
	// subnormal and rounds to 0.
	expOverflow  = 709.782712893383973096
	expUnderflow = -745.133219101941108420
)

// ln2hiN and ln2loN split ln 2/N into a head with its last 20 bits zero
// (33 significant bits, so that k·ln2hiN is exact for every |k| below
// 2^20, and |k| stays below 138,000 in Exp's range) and the rest.
var ln2hiN, ln2loN = splitLn2N()

func splitLn2N() (hi, lo float64) {
	hi = math.Float64frombits(math.Float64bits(math.Ln2/expN) &^ (1<<20 - 1))
	// ln 2 to 100 digits: the remainder is worked out to 256 bits.
	ln2, _ := new(big.Float).SetPrec(256).SetString("0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633269964186875")
	rest := new(big.Float).SetPrec(256).Quo(ln2, new(big.Float).SetPrec(256).SetInt64(expN))
	rest.Sub(rest, new(big.Float).SetPrec(256).SetFloat64(hi))
	lo, _ = rest.Float64()
	return hi, lo
}

// Exp returns e^x to within about half a unit in the last place (the
// tests measure at most 0.52 against a 256-bit reference), the same bits
// on every machine. Special cases are math.Exp's: Exp(+Inf) = +Inf,
// Exp(-Inf) = 0, Exp(NaN) = NaN; results too large are +Inf and too small
// are 0.
func Exp(x float64) float64 {
	switch {
	case x != x: // NaN
		return x
	case x > expOverflow:
		return math.Inf(1)
	case x < expUnderflow:
		return 0
	}
	// k = round(x·N/ln2), by the shift: the low bits of kd's
	// representation hold k.
	// kd's significand then holds 2^51 + k.
	kd := float64(x*invLn2N) + roundShift
	ki := int64(math.Float64bits(kd)&(1<<52-1)) - 1<<51
	kd -= roundShift
	r := x - float64(kd*ln2hiN) - float64(kd*ln2loN)
	tab := &expTable[ki&(expN-1)]
	top := ki >> expTableBits // e^x = 2^top × 2^(j/N) × e^r
	r2 := float64(r * r)
	// e^x = 2^top × hi × (1 + lo) × e^r, and (1 + lo) × e^r is 1 + tmp
	// with tmp = lo + e^r - 1 to well below the last place (lo·(e^r - 1)
	// is under 2^-60); e^r - 1 by Horner from r^5/120 down.
	p := float64(r*(1.0/120)) + 1.0/24
	p = float64(r*p) + 1.0/6
	p = float64(r*p) + 0.5
	tmp := tab[1] + r + float64(r2*p)
	if top > -1022 && top < 1023 {
		scale := float64(math.Float64frombits(uint64(top+1023)<<52) * tab[0]) // exact
		return scale + float64(scale*tmp)
	}
	// Near the ends of the range: build the result 2^±64 away from the
	// end, where it is normal, and scale it back with one exact multiply
	// (large results) or one rounding into the subnormals (small ones).
	if top > 0 {
		scale := float64(math.Float64frombits(uint64(top-64+1023)<<52) * tab[0])
		return (scale + float64(scale*tmp)) * 0x1p64
	}
	scale := float64(math.Float64frombits(uint64(top+64+1023)<<52) * tab[0])
	return (scale + float64(scale*tmp)) * 0x1p-64
}
