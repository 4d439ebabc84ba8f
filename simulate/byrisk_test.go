package simulate

import (
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// twoRiskModel is a casework lot with c slots fed by one stream of
// standard-risk referrals at lambdaStd a day and high-risk ones at
// lambdaHigh, whose exponential case lengths have means meanStd and
// meanHigh days.
func twoRiskModel(c int, lambdaStd, lambdaHigh, meanStd, meanHigh, horizon, warmUp float64) *Model {
	total := lambdaStd + lambdaHigh
	m := mmcModel(c, total, 1/meanStd, horizon, warmUp)
	m.Streams[0].RiskMix = [3]float64{lambdaStd / total, 0, lambdaHigh / total}
	m.Lots[0].ServiceByRisk[2] = &lotting.Distribution{Kind: lotting.Exponential, Mean: meanHigh}
	return m
}

// TestServiceByRiskLittle checks case lengths by risk by Little's law,
// which holds for any service order: when everyone starts, the mean number
// of cases open is the sum over risks of lambda_r x E[S_r], so utilisation
// is that over c. With the high-risk cases three times as long as the
// standard ones it is 2 x 1 + 1 x 3 = 5 cases on 8 slots, 0.625; a lot
// that drew every case from the standard length would give 3/8 = 0.375,
// and one that drew every case from the high-risk length 9/8.
func TestServiceByRiskLittle(t *testing.T) {
	t.Parallel()
	m := twoRiskModel(8, 2, 1, 1, 3, 5000, 500)
	res := run(t, m, 11, 20)
	cell := res.Cell(0, AllYears, AllAreas, AllRisks)
	want := (2*1 + 1*3) / 8.0
	within(t, "utilisation", cell.Metric(Utilisation), want, seTolerance)
	if got := m.Lots[0].MeanService([3]float64{2, 0, 1}); got != 5.0/3 {
		t.Errorf("MeanService = %v, want 5/3 (hand: (2 x 1 + 1 x 3)/3)", got)
	}
}

// cobhamByClass returns the mean wait in queue of each class of an M/G/1
// queue with non-preemptive priorities, classes in priority order, highest
// first, each with its own service law (Cobham 1954; Gross et al. section
// 3.4.2): W_k = W0 / ((1 - s_{k-1})(1 - s_k)), W0 = sum_i lambda_i
// E[S_i^2] / 2, s_k = sum_{i<=k} lambda_i E[S_i]. For exponential service
// of mean m, E[S^2] = 2 m^2.
func cobhamByClass(lambdas, means []float64) []float64 {
	w0 := 0.0
	for i, l := range lambdas {
		w0 += l * 2 * means[i] * means[i] / 2
	}
	out := make([]float64, len(lambdas))
	prev := 0.0
	for k, l := range lambdas {
		cur := prev + l*means[k]
		out[k] = w0 / ((1 - prev) * (1 - cur))
		prev = cur
	}
	return out
}

// TestServiceByRiskCobham checks the wait of each risk level of a single
// caseworker slot whose high-risk cases (served first) last twice as long
// as standard ones, against the exact M/G/1 priority formula: high risk
// 0.2 a day of mean 2 days (load 0.4), standard 0.3 a day of mean 1 day
// (load 0.3), W0 = 0.2 x 4 + 0.3 x 1 = 1.1, so the high-risk wait is
// 1.1/0.6 = 1.833 days and the standard 1.1/(0.6 x 0.3) = 6.111 days.
// With one case length for both (the pooled mean 1.4 days) the waits
// would be 1.96/0.72 = 2.72 and 1.96/(0.72 x 0.3) = 9.07 days instead.
func TestServiceByRiskCobham(t *testing.T) {
	t.Parallel()
	m := twoRiskModel(1, 0.3, 0.2, 1, 2, 20000, 2000)
	res := run(t, m, 12, 20)
	want := cobhamByClass([]float64{0.2, 0.3}, []float64{2, 1})
	within(t, "high-risk wait", res.Cell(0, AllYears, AllAreas, lotting.High).Metric(WaitMean), want[0], seTolerance)
	within(t, "standard-risk wait", res.Cell(0, AllYears, AllAreas, lotting.Standard).Metric(WaitMean), want[1], seTolerance)
}

// TestServiceByRiskUnchanged checks that a lot whose by-risk entries are
// all nil draws exactly as before: the same seed gives the same results
// with and without a by-risk entry equal to Service.
func TestServiceByRiskUnchanged(t *testing.T) {
	t.Parallel()
	plain := mmcModel(3, 2, 1, 400, 0)
	plain.Streams[0].RiskMix = [3]float64{0.5, 0, 0.5}
	same := mmcModel(3, 2, 1, 400, 0)
	same.Streams[0].RiskMix = plain.Streams[0].RiskMix
	d := same.Lots[0].Service
	same.Lots[0].ServiceByRisk[2] = &d
	a, b := run(t, plain, 5, 4), run(t, same, 5, 4)
	for _, r := range []lotting.Risk{lotting.Standard, lotting.High} {
		wa := a.Cell(0, AllYears, AllAreas, r).Metric(WaitMean).Mean()
		wb := b.Cell(0, AllYears, AllAreas, r).Metric(WaitMean).Mean()
		if wa != wb {
			t.Errorf("%s wait with a by-risk length equal to Service = %v, without %v; want the same draws", r, wb, wa)
		}
	}
}

func TestServiceByRiskValidate(t *testing.T) {
	t.Parallel()
	m := twoRiskModel(2, 1, 1, 1, 3, 100, 0)
	m.Lots[0].ServiceByRisk[2] = &lotting.Distribution{Kind: lotting.Exponential, Mean: -1}
	if err := m.Validate(); err == nil {
		t.Error("Validate accepted a high-risk case length of mean -1 days")
	}
}
