package portable

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigExp returns e^x to about 250 bits: x = n·ln2 + s with |s| ≤ ln2/2,
// then e^s by its Taylor series, times 2^n. It is independent of Exp: no
// table, no float64 arithmetic.
func bigExp(x float64) *big.Float {
	const prec = 300
	ln2, _ := new(big.Float).SetPrec(prec).SetString("0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633269964186875")
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	q, _ := new(big.Float).SetPrec(prec).Quo(bx, ln2).Float64()
	n := math.Round(q)
	s := new(big.Float).SetPrec(prec).Sub(bx, new(big.Float).SetPrec(prec).Mul(ln2, big.NewFloat(n)))
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for k := int64(1); k < 80; k++ {
		term.Mul(term, s)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(k))
		sum.Add(sum, term)
	}
	return sum.SetMantExp(sum, int(n))
}

// ulpError returns |got - want| in units of the last place of want's
// float64 neighbourhood (the spacing of float64 values at want).
func ulpError(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Nextafter(w, math.Inf(1)) - w
	if w == 0 || ulp == 0 || math.IsInf(ulp, 0) {
		ulp = math.SmallestNonzeroFloat64
	}
	d := new(big.Float).SetPrec(300).Sub(new(big.Float).SetPrec(300).SetFloat64(got), want)
	df, _ := d.Float64()
	return math.Abs(df) / ulp
}

func TestExpAgainstBigFloat(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	ranges := []struct {
		name   string
		lo, hi float64
		limit  float64 // in ulps
	}{
		// Lognormal draws: exponents of a few units either way.
		{"draws", -8, 8, 0.52},
		{"small", -1e-3, 1e-3, 0.52},
		{"normal results", -708, 709.7, 0.52},
		// Subnormal results round twice (see Exp), within one ulp.
		{"subnormal results", -745, -708.5, 1},
	}
	for _, r := range ranges {
		worst, at, worstStd := 0.0, 0.0, 0.0
		for range n / len(ranges) {
			x := r.lo + (r.hi-r.lo)*rng.Float64()
			want := bigExp(x)
			if e := ulpError(Exp(x), want); e > worst {
				worst, at = e, x
			}
			worstStd = max(worstStd, ulpError(math.Exp(x), want))
		}
		t.Logf("%s: worst %.3f ulp at x = %v (math.Exp on this machine: %.3f)", r.name, worst, at, worstStd)
		if worst > r.limit {
			t.Errorf("%s: Exp(%v) is %.3f ulp from e^x, want at most %v", r.name, at, worst, r.limit)
		}
	}
}

func TestExpSpecialCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		x    float64
		want float64
	}{
		{"zero", 0, 1},
		{"negative zero", math.Copysign(0, -1), 1},
		{"+Inf", math.Inf(1), math.Inf(1)},
		{"-Inf", math.Inf(-1), 0},
		{"overflow", 709.8, math.Inf(1)},
		{"underflow", -745.2, 0},
		{"largest", 709.78, math.Exp(709.78)},
		{"one", 1, math.E},
		{"ln 2", math.Ln2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Exp(tt.x); got != tt.want && ulpError(got, bigExp(tt.x)) > 0.5 {
				t.Errorf("Exp(%v) = %v, want %v", tt.x, got, tt.want)
			}
		})
	}
	if got := Exp(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Exp(NaN) = %v, want NaN", got)
	}
}

// TestExpBits pins the bits of a few values, so that a machine or a
// compiler that rounds differently (a fused multiply-add, say) fails here
// rather than moving a simulation's results. The values were checked
// against bigExp when they were written (TestExpAgainstBigFloat covers
// them too).
func TestExpBits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x    float64
		want uint64
	}{
		{1, 0x4005bf0a8b145769},
		{-0.5, 0x3fe368b2fc6f960a},
		{3.7, 0x4044394144eeec81},
		{0.001, 0x3ff0041919b7ee34},
		{700, 0x7f0d945df4f8ec8e},
		{-740, 0x0000000000000055}, // subnormal
	}
	for _, tt := range tests {
		if got := math.Float64bits(Exp(tt.x)); got != tt.want {
			t.Errorf("Exp(%v) has bits %#016x, want %#016x", tt.x, got, tt.want)
		}
		// The pins themselves are the float64 nearest e^x.
		if e := ulpError(math.Float64frombits(tt.want), bigExp(tt.x)); e > 0.5 {
			t.Errorf("pinned bits of Exp(%v) are %.3f ulp from e^x", tt.x, e)
		}
	}
}

func TestExpMonotonic(t *testing.T) {
	t.Parallel()
	// Around table and reduction boundaries, where a fault would show as a
	// step the wrong way.
	for k := -2000; k <= 2000; k++ {
		x := float64(k) * math.Ln2 / expN
		lo, mid, hi := Exp(math.Nextafter(x, math.Inf(-1))), Exp(x), Exp(math.Nextafter(x, math.Inf(1)))
		if lo > mid || mid > hi {
			t.Fatalf("not monotonic at x = %v: %v, %v, %v", x, lo, mid, hi)
		}
	}
}

func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 1024)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range xs {
		xs[i] = rng.NormFloat64()*0.8 + 3
	}
	b.Run("portable", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += Exp(xs[i&1023])
		}
		sink = s
	})
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Exp(xs[i&1023])
		}
		sink = s
	})
}

var sink float64

// TestExpBitsMany pins the bits of e^x for 200,001 arguments at once, by
// a hash: x from -745 to 709.78 in equal steps and 100,000 uniform on the
// arguments of lognormal case lengths. CI runs it again as arm64 code (under qemu), where a product
// the source does not round on its own would be fused with an add and
// change some bits; the hash was taken on amd64.
func TestExpBitsMany(t *testing.T) {
	t.Parallel()
	h := fnv.New64a()
	var b [8]byte
	put := func(x float64) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(Exp(x)))
		h.Write(b[:])
	}
	const steps = 100_000
	for i := range steps + 1 {
		put(expUnderflow + (expOverflow-expUnderflow)*float64(i)/steps)
	}
	// Uniform on [1, 7), the range of lognormal case lengths' logarithms,
	// from the PCG's bits alone (NormFloat64 would call math.Exp, whose
	// bits differ between machines).
	rng := rand.New(rand.NewPCG(5, 6))
	for range steps {
		put(float64(6*rng.Float64()) + 1)
	}
	if got, want := h.Sum64(), uint64(0x62dbf47f1fa25830); got != want {
		t.Errorf("hash of the bits of e^x over 200,001 arguments %#016x, want %#016x", got, want)
	}
}
