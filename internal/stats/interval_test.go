package stats

import (
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestTQuantile975(t *testing.T) {
	t.Parallel()
	// Two-sided 95% critical values of Student's t, as printed (6 decimals)
	// in standard tables, e.g. NIST/SEMATECH e-Handbook of Statistical
	// Methods, section 1.3.6.7.2.
	tests := []struct {
		nu   int
		want float64
	}{
		{nu: 1, want: 12.706205},
		{nu: 2, want: 4.302653},
		{nu: 5, want: 2.570582},
		{nu: 9, want: 2.262157}, // n = 10, the brief's check value
		{nu: 29, want: 2.045230},
		{nu: 100, want: 1.983972},
		{nu: tCacheLen, want: studentT975(tCacheLen)},
		{nu: tCacheLen + 1, want: studentT975(tCacheLen + 1)},
	}
	for _, tt := range tests {
		checkClose(t, "tQuantile975", tt.want, tQuantile975(tt.nu), 5e-7)
	}
	if got := tQuantile975(0); got == got {
		t.Errorf("tQuantile975(0) = %v, want NaN", got)
	}
}

func TestTCacheMatchesDirect(t *testing.T) {
	t.Parallel()
	// The cache must not change results: cached and computed values are
	// bit-identical.
	for _, nu := range []int{1, 3, 17, 200, tCacheLen} {
		first := tQuantile975(nu)  // computed (or cached by another test)
		second := tQuantile975(nu) // cached
		if want := studentT975(nu); first != want || second != want {
			t.Errorf("tQuantile975(%d) = %v then %v, want %v both times", nu, first, second, want)
		}
	}
	// Large nu tends to the normal quantile.
	checkClose(t, "tQuantile975(1e6)", distuv.UnitNormal.Quantile(0.975), tQuantile975(1e6), 1e-5)
}
