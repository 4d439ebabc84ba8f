package simulate

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// stretchHand is the small case worked out by hand in TestStretchHand:
// no arrivals, three people inherited waiting at time 0, a casework lot
// with a normal caseload of 1 and a stretched maximum of 2, fixed cases of
// 10 days and a stretch factor of 2, over 40 days.
func stretchHand() *Model {
	return &Model{
		Horizon: 40, SampleEvery: -1,
		Streams: []Stream{{Group: lotting.Victim, Rate: 0, RiskMix: [3]float64{1, 0, 0}}},
		Route:   [][3]int{{0, 0, 0}},
		Lots: []Lot{{Name: "idva", Slots: []CapacityStep{{Slots: 1, MaxSlots: 2}},
			Service: lotting.Distribution{Kind: lotting.Fixed, Mean: 10},
			Waiting: 3, Stretch: &Stretch{Factor: 2}}},
	}
}

// TestStretchHand checks a stretching lot against a hand calculation.
// At time 0 one case opens normally (busy 0 < 1, ends day 10) and one
// stretched (busy 1, within the maximum 2: 10 × 2 = 20 days, ends day 20);
// the third waits. At day 10 the first ends and the third starts, again
// with one case open, so stretched (ends day 30). Cases open: 2 on [0, 20),
// 1 on [20, 30), 0 on [30, 40). So: 3 starts, 2 stretched (share 2/3),
// above the normal caseload on [0, 20) (time stretched 20/40 = 0.5, extra
// caseload 1 × 20 / 40 = 0.5), utilisation against the maximum
// (2×20 + 1×10) / (2×40) = 0.625, waits 0, 0 and 10 (mean 10/3).
func TestStretchHand(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), stretchHand(), Options{Seed: 1, Replications: 2})
	if err != nil {
		t.Fatal(err)
	}
	cell := res.Cell(0, AllYears, AllAreas, AllRisks)
	for _, c := range []struct {
		m    Metric
		want float64
	}{
		{Starts, 3}, {StretchedStarts, 2}, {StretchedShare, 2.0 / 3}, {TimeStretched, 0.5},
		{ExtraCaseload, 0.5}, {Utilisation, 0.625}, {WaitMean, 10.0 / 3}, {Completions, 3},
		{ExcessCases, 0},
	} {
		s := cell.Metric(c.m)
		if got := s.Mean(); math.Abs(got-c.want) > 1e-9 || s.SD() > 1e-9 {
			t.Errorf("%v = %v (sd %v), want %v exactly in every replication", c.m, got, s.SD(), c.want)
		}
	}
	// Without the stretch the same case is a hard cap of 1: three cases
	// of 10 days one after another, never stretched, waits 0, 10 and 20.
	m := stretchHand()
	m.Lots[0].Stretch = nil
	res, err = Run(context.Background(), m, Options{Seed: 1, Replications: 1})
	if err != nil {
		t.Fatal(err)
	}
	cell = res.Cell(0, AllYears, AllAreas, AllRisks)
	for _, c := range []struct {
		m    Metric
		want float64
	}{
		{Starts, 3}, {StretchedStarts, 0}, {TimeStretched, 0}, {ExtraCaseload, 0},
		{Utilisation, 0.75}, {WaitMean, 10},
	} {
		if got := cell.Metric(c.m).Mean(); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("no stretch: %v = %v, want %v", c.m, got, c.want)
		}
	}
}

// mmcProbs returns the stationary probabilities P(n) of M/M/c for
// n = 0..upTo, from the birth-death balance equations (Gross et al.
// section 2.3): P(n) = P0 a^n/n! for n < c, P0 a^c/c! rho^(n-c) above.
func mmcProbs(c int, lambda, mu float64, upTo int) []float64 {
	a, rho := lambda/mu, lambda/(float64(c)*mu)
	term := func(n int) float64 {
		x := 1.0
		for k := 1; k <= min(n, c); k++ {
			x *= a / float64(k)
		}
		return x * math.Pow(rho, float64(max(n-c, 0)))
	}
	sum := 0.0
	for n := range c {
		sum += term(n)
	}
	sum += term(c) / (1 - rho)
	p := make([]float64, upTo+1)
	for n := range p {
		p[n] = term(n) / sum
	}
	return p
}

// TestStretchErlangC checks a stretching lot with factor 1 against M/M/M:
// with a normal caseload N = 2 and a maximum M = 5, a stretched case lasts
// as long as any other, so the lot is an M/M/5 queue. Its mean wait is
// Erlang C's (package queueing), its utilisation rho = lambda/(5 mu), its
// time stretched P(n > 2), its extra caseload E[min(n, 5) - 2]^+ and,
// since every start at or above N open cases is stretched and (PASTA) an
// arrival sees the stationary law, its share of stretched starts
// P(n >= 2).
func TestStretchErlangC(t *testing.T) {
	t.Parallel()
	const lambda, mu, n, mx = 4.0, 1.0, 2, 5
	m := mmcModel(n, lambda, mu, 5000, 1000)
	m.Lots[0].Slots[0].MaxSlots = mx
	m.Lots[0].Stretch = &Stretch{Factor: 1}
	res := run(t, m, 7, 20)
	cell := res.Cell(0, AllYears, AllAreas, AllRisks)
	p := mmcProbs(mx, lambda, mu, mx)
	above, extra := 1-p[0]-p[1]-p[2], 0.0
	for k := n + 1; k < mx; k++ {
		extra += float64(k-n) * p[k]
	}
	tail := 1.0 // P(n >= M)
	for k := range mx {
		tail -= p[k]
	}
	extra += float64(mx-n) * tail
	within(t, "mean wait", cell.Metric(WaitMean), mmcWait(mx, lambda, mu), seTolerance)
	within(t, "utilisation", cell.Metric(Utilisation), lambda/(mx*mu), seTolerance)
	within(t, "time stretched", cell.Metric(TimeStretched), above, seTolerance)
	within(t, "extra caseload", cell.Metric(ExtraCaseload), extra, seTolerance)
	within(t, "stretched share", cell.Metric(StretchedShare), 1-p[0]-p[1], seTolerance)
}

// TestStretchInvalid checks that a bad stretch is an error naming it.
func TestStretchInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Model)
	}{
		{"factor below 1", func(m *Model) { m.Lots[0].Stretch.Factor = 0.5 }},
		{"factor NaN", func(m *Model) { m.Lots[0].Stretch.Factor = math.NaN() }},
		{"not casework", func(m *Model) { m.Lots[0].Mode = lotting.Beds }},
		{"negative maximum", func(m *Model) { m.Lots[0].Slots[0].MaxSlots = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := stretchHand()
			tt.edit(m)
			_, err := Run(context.Background(), m, Options{Seed: 1, Replications: 1})
			var me *ModelError
			if !errors.As(err, &me) {
				t.Fatalf("Run = %v, want a *ModelError", err)
			}
			t.Log(err)
		})
	}
}

// TestStretchWithoutRoom checks that a stretch with no room above the
// slots (MaxSlots at or below Slots) changes nothing: every metric of every
// replication is the same as without the stretch, bit for bit, and
// nothing is counted as stretched.
func TestStretchWithoutRoom(t *testing.T) {
	t.Parallel()
	plain := run(t, mmcModel(3, 2.5, 1, 500, 100), 5, 4)
	m := mmcModel(3, 2.5, 1, 500, 100)
	m.Lots[0].Stretch = &Stretch{Factor: 1.5}
	m.Lots[0].Slots[0].MaxSlots = 3
	got := run(t, m, 5, 4)
	a, b := plain.Cell(0, AllYears, AllAreas, AllRisks), got.Cell(0, AllYears, AllAreas, AllRisks)
	for mt := range NumMetrics {
		x, y := a.Metric(mt), b.Metric(mt)
		if mt == TimeStretched || mt == ExtraCaseload || mt == StretchedStarts || mt == StretchedShare {
			if y.Mean() != 0 {
				t.Errorf("%v = %v with no room to stretch, want 0", mt, y.Mean())
			}
			continue
		}
		if x.N() != y.N() || !(x.Mean() == y.Mean() || math.IsNaN(x.Mean()) && math.IsNaN(y.Mean())) || !(x.SD() == y.SD() || math.IsNaN(x.SD()) && math.IsNaN(y.SD())) {
			t.Errorf("%v: %v ± %v with the stretch, %v ± %v without", mt, y.Mean(), y.SD(), x.Mean(), x.SD())
		}
	}
	if plain.Events != got.Events {
		t.Errorf("events %d with the stretch, %d without", got.Events, plain.Events)
	}
}
