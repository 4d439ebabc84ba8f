package survival_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/lotsim/lotsim/internal/survival"
)

// Case lengths of 1,000 people, those still in support at the extract date censored:
// FitBest ranks the families by AIC, and GoodnessOfFit checks the chosen one.
func ExampleFitBest() {
	r := rand.New(rand.NewPCG(1, 2))
	obs := make([]survival.Obs, 1000)
	for i := range obs {
		// Lognormal case lengths with median e^4.5 = 90 days, followed for a
		// uniform 0 to 400 days.
		length := survival.Fit{Family: survival.Lognormal, Params: []float64{4.5, 0.6}}.Quantile(r.Float64())
		followed := 400 * r.Float64()
		obs[i] = survival.Obs{T: min(length, followed), Event: length <= followed}
	}
	best, all, err := survival.FitBest(obs)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range all {
		fmt.Printf("%-11s AIC %.1f  mean %.1f days [%.1f, %.1f]\n", f.Family, f.AIC, f.Mean, f.MeanLo, f.MeanHi)
	}
	gof := survival.GoodnessOfFit(obs, best)
	fmt.Printf("best: %s, goodness of fit p = %.2f on %d DF\n", best.Family, gof.PValue, gof.DF)
	// Output:
	// lognormal   AIC 7943.4  mean 106.4 days [101.7, 111.3]
	// gamma       AIC 7970.0  mean 104.3 days [100.4, 108.4]
	// weibull     AIC 8042.3  mean 105.1 days [101.1, 109.2]
	// exponential AIC 8453.8  mean 118.3 days [110.0, 127.2]
	// best: lognormal, goodness of fit p = 0.85 on 9 DF
}
