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

// Seven people's waits in days, three still waiting (censored): the product-limit
// estimate steps down at each day someone gave up.
func ExampleKaplanMeier() {
	obs := []survival.Obs{{T: 1, Event: true}, {T: 2}, {T: 3, Event: true}, {T: 3, Event: true},
		{T: 3}, {T: 5, Event: true}, {T: 6}}
	for _, s := range survival.KaplanMeier(obs) {
		fmt.Printf("day %g: %d of %d gave up, S = %.3f\n", s.T, s.Events, s.AtRisk, s.S)
	}
	// Output:
	// day 1: 1 of 7 gave up, S = 0.857
	// day 3: 2 of 5 gave up, S = 0.514
	// day 5: 1 of 2 gave up, S = 0.257
}

// A parameter-uncertainty run draws the fitted distribution afresh for each
// replication, from the estimates' asymptotic normal distribution.
func ExampleFit_Draw() {
	r := rand.New(rand.NewPCG(3, 4))
	obs := make([]survival.Obs, 200)
	for i := range obs {
		obs[i] = survival.Obs{T: 1 + float64(i%50)*4, Event: i%4 != 0}
	}
	fit, err := survival.FitFamily(obs, survival.Weibull)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("fitted: shape %.2f, scale %.1f, mean %.1f days [%.1f, %.1f]\n",
		fit.Params[0], fit.Params[1], fit.Mean, fit.MeanLo, fit.MeanHi)
	for range 3 {
		d := fit.Draw(r)
		fmt.Printf("draw:   shape %.2f, scale %.1f, mean %.1f days\n", d.Params[0], d.Params[1], d.Mean)
	}
	// Output:
	// fitted: shape 1.62, scale 130.7, mean 117.1 days [106.0, 129.3]
	// draw:   shape 1.71, scale 130.5, mean 116.4 days
	// draw:   shape 1.68, scale 133.0, mean 118.7 days
	// draw:   shape 1.67, scale 133.0, mean 118.8 days
}

// Q-Q points set the Kaplan–Meier quantiles against the fit's.
func ExampleQQ() {
	obs := make([]survival.Obs, 400)
	for i := range obs {
		// Exponential quantiles with mean 50 days, the longest 100 censored at 80 days.
		t := survival.Fit{Family: survival.Exponential, Params: []float64{1.0 / 50}}.Quantile((float64(i) + 0.5) / 400)
		obs[i] = survival.Obs{T: min(t, 80), Event: t <= 80}
	}
	fit, err := survival.FitFamily(obs, survival.Exponential)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range survival.QQ(obs, fit, 4) {
		fmt.Printf("P %.2f: observed %5.1f, fitted %5.1f\n", q.P, q.Observed, q.Fitted)
	}
	// Output:
	// P 0.16: observed   8.6, fitted   8.7
	// P 0.32: observed  19.2, fitted  19.2
	// P 0.48: observed  32.6, fitted  32.6
	// P 0.64: observed  50.9, fitted  50.8
}
