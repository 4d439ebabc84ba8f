package bench

import (
	"context"
	"runtime"
	"testing"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

// mmc is an M/M/c queue in the engine's own terms: one stream of rate
// lambda per day, one casework lot with c slots and exponential case
// length of mean 1/mu days, first in first out (every referral is of one
// risk level), no waiting-list samples.
func mmc(c int, lambda, mu, horizon float64) *simulate.Model {
	return &simulate.Model{
		Horizon: horizon, SampleEvery: -1,
		Streams: []simulate.Stream{{Group: lotting.Victim, Rate: lambda, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{Name: "casework", Slots: []simulate.CapacityStep{{Slots: c}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 1 / mu}}},
	}
}

// runBench runs one replication of m per iteration on one worker and
// reports throughput and allocations per event. The per-run setup
// (results, engine, buffers) allocates a fixed amount that does not grow
// with the horizon; allocs/event is that amount over the events of a run.
func runBench(b *testing.B, m *simulate.Model) {
	b.Helper()
	runReps(b, m, 1, 1)
}

// BenchmarkMMc is the acceptance benchmark: c = 10, lambda = 9, mu = 1,
// FIFO, one worker, through simulate.Run (the same engine scenarios use).
// A run of 111,111 days is about a million customers.
func BenchmarkMMc(b *testing.B) {
	runBench(b, mmc(10, 9, 1, 111111))
}

// BenchmarkMMcHorizon shows that allocations per run do not grow with the
// horizon: allocs/op stays flat while events grow tenfold, so the engine
// allocates nothing per event in steady state.
func BenchmarkMMcHorizon(b *testing.B) {
	for _, days := range []struct {
		name    string
		horizon float64
	}{{"11k_days", 11111}, {"111k_days", 111111}} {
		b.Run(days.name, func(b *testing.B) { runBench(b, mmc(10, 9, 1, days.horizon)) })
	}
}

// partnership is a partnership-sized model in the shape of the seeds
// (Staffordshire and Stoke-on-Trent): two areas, victim and perpetrator
// streams of a few thousand referrals a year with a risk mix, a front door
// with self-serve, a victims casework lot with patience and drop-out, an
// IDVA lot for high risk, a perpetrator group programme and a refuge, over
// five contract years after a six-month warm-up. The figures are
// illustrative, sized like the seeds' (8,907 of 14,160 victim referrals
// from Staffordshire over about two and a half years, 000/001).
func partnership() *simulate.Model {
	exp := func(mean float64) *lotting.Distribution {
		return &lotting.Distribution{Kind: lotting.Exponential, Mean: mean}
	}
	years := []float64{0, 365, 730, 1096, 1461}
	return &simulate.Model{
		Horizon: 1826, WarmUp: 182, YearStarts: years, Areas: []string{"Staffordshire", "Stoke-on-Trent"},
		Streams: []simulate.Stream{
			{Area: 0, Group: lotting.Victim, Rate: 3500.0 / 365, RiskMix: [3]float64{0.6, 0.3, 0.1}, RepeatRate: 0.1},
			{Area: 1, Group: lotting.Victim, Rate: 2100.0 / 365, RiskMix: [3]float64{0.6, 0.3, 0.1}, RepeatRate: 0.1},
			{Area: 0, Group: lotting.Perpetrator, Rate: 300.0 / 365, RiskMix: [3]float64{0.5, 0.3, 0.2}},
			{Area: 1, Group: lotting.Perpetrator, Rate: 200.0 / 365, RiskMix: [3]float64{0.5, 0.3, 0.2}},
		},
		FrontDoor: &simulate.FrontDoor{Handlers: 6, HandlingTime: lotting.Distribution{Kind: lotting.Lognormal, Mean: 0.03, SD: 0.015},
			SelfServe: [3]float64{0.2, 0, 0}},
		Route: [][3]int{{0, 0, 1}, {0, 3, 1}, {2, 2, 2}, {2, 2, 2}},
		Lots: []simulate.Lot{
			{Name: "Victims", Slots: []simulate.CapacityStep{{Slots: 660}, {At: 1096, Slots: 600}},
				Service:       lotting.Distribution{Kind: lotting.Lognormal, Mean: 110, SD: 40},
				Disengagement: []simulate.Disengagement{{Group: lotting.Victim, Patience: exp(60), DropOut: 0.1}},
				Targets:       [3]float64{28, 10, 2}},
			{Name: "IDVA", Slots: []simulate.CapacityStep{{Slots: 60}}, Service: lotting.Distribution{Kind: lotting.Gamma, Mean: 90, SD: 30},
				Targets: [3]float64{0, 0, 2}},
			{Name: "Perpetrators", Mode: lotting.GroupWork, Slots: []simulate.CapacityStep{{Slots: 3}},
				Group:         simulate.GroupSettings{CohortSize: 12, MinToStart: 6, Weeks: 26, StartEvery: 28},
				Disengagement: []simulate.Disengagement{{Group: lotting.Perpetrator, Patience: exp(90), DropOut: 0.4}}},
			{Name: "Refuge", Mode: lotting.Beds, Slots: []simulate.CapacityStep{{Slots: 20}},
				Service: lotting.Distribution{Kind: lotting.Gamma, Mean: 150, SD: 60}, DeclinedShare: 0.1},
		},
	}
}

// runReps runs reps replications per iteration on the given workers and
// reports throughput like runBench, and cpu-ns/customer: the process's CPU
// time per customer, steadier than wall time on a busy machine.
func runReps(b *testing.B, m *simulate.Model, reps, workers int) {
	b.Helper()
	ctx := context.Background()
	opt := simulate.Options{Seed: 20181001, Replications: reps, Workers: workers}
	var customers, events int64
	var before, after runtime.MemStats
	b.ReportAllocs()
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime(b)
	for b.Loop() {
		res, err := simulate.Run(ctx, m, opt)
		if err != nil {
			b.Fatal(err)
		}
		customers += res.Customers
		events += res.Events
	}
	cpu := cpuTime(b) - cpu0
	runtime.ReadMemStats(&after)
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(customers), "cpu-ns/customer")
	b.ReportMetric(float64(customers)/sec, "customers/s")
	b.ReportMetric(float64(events)/sec, "events/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(events), "allocs/event")
	b.ReportMetric(float64(reps)*float64(b.N)/sec, "replications/s")
}

// BenchmarkPartnership runs 8 replications of the partnership model per
// iteration, with 1 and 2 workers; the per-replication merge into
// results (histograms and summaries for every cell) is included.
func BenchmarkPartnership(b *testing.B) {
	m := partnership()
	for _, w := range []int{1, 2} {
		b.Run("workers="+string(rune('0'+w)), func(b *testing.B) { runReps(b, m, 8, w) })
	}
}
