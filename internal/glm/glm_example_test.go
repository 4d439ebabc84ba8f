package glm_test

import (
	"fmt"
	"math"

	"github.com/lotsim/lotsim/internal/glm"
)

// Monthly referrals over two years: is there a trend? The design has an intercept and
// the time in years; the offset is the log of the days in each month, so the
// coefficients are log rates per day.
func ExampleFitPoisson() {
	y := []float64{251, 240, 262, 249, 270, 255, 268, 281, 262, 279, 275, 290,
		284, 266, 292, 281, 300, 286, 296, 305, 289, 311, 298, 316}
	days := []float64{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	x := make([][]float64, len(y))
	x0 := make([][]float64, len(y))
	off := make([]float64, len(y))
	for m := range y {
		x[m] = []float64{1, float64(m) / 12}
		x0[m] = []float64{1}
		off[m] = math.Log(days[m])
	}
	full, err := glm.FitPoisson(x, y, off)
	if err != nil {
		fmt.Println(err)
		return
	}
	flat, err := glm.FitPoisson(x0, y, off)
	if err != nil {
		fmt.Println(err)
		return
	}
	lo, hi := full.CI(1, 0.95)
	fmt.Printf("growth %.1f%% a year [%.1f%%, %.1f%%]\n", 100*math.Expm1(full.Beta[1]), 100*math.Expm1(lo), 100*math.Expm1(hi))
	stat, p := glm.LRTest(flat, full, 1)
	fmt.Printf("trend: LR %.1f, p = %.2g; dispersion %.2f\n", stat, p, full.Dispersion)
	fmt.Printf("expected next month (31 days): %.0f\n", full.Predict([]float64{1, 2}, math.Log(31)))
	// (These made-up counts vary less than Poisson counts would, hence a dispersion
	// below 1; real referral counts usually give 1 or more.)

	// Output:
	// growth 11.0% a year [6.5%, 15.7%]
	// trend: LR 24.1, p = 9e-07; dispersion 0.08
	// expected next month (31 days): 317
}
