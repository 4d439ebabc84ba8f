package lotsim

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// A measure must not improve as the service gets worse. These tests take
// each shipped scenario's model, make it worse in one way (less capacity,
// or more demand), run both with the same seed (common random numbers,
// so that the two runs see the same referrals and draws as far as they
// agree), and check that the share of referred people seen within target
// does not rise beyond chance, for every lot and risk level with a target.
// The share among starters, which leaves out those who gave up, is checked
// to rise somewhere, so the test shows why the measure was needed: it can
// fail.

// worsen is a way to make a model's service worse.
type worsen struct {
	name string
	// apply changes a copy of the model.
	apply func(m *simulate.Model)
	// skip reports lots where worse is not expected to mean a lower share:
	// group programmes fill cohorts sooner when demand rises, which can
	// shorten waits (an economy of scale, not a flaw in the measure).
	skip func(l simulate.Lot) bool
}

var worsenings = []worsen{
	{"capacity falls by a fifth", func(m *simulate.Model) {
		for i := range m.Lots {
			steps := append([]simulate.CapacityStep(nil), m.Lots[i].Slots...)
			for k := range steps {
				steps[k].Slots = int(math.Floor(float64(steps[k].Slots) * 0.8))
			}
			m.Lots[i].Slots = steps
		}
	}, func(simulate.Lot) bool { return false }},
	{"demand rises by a fifth", func(m *simulate.Model) {
		streams := append([]simulate.Stream(nil), m.Streams...)
		for i := range streams {
			streams[i].Rate *= 1.2
			rates := append([]float64(nil), streams[i].RatePerDay...)
			for d := range rates {
				rates[d] *= 1.2
			}
			streams[i].RatePerDay = rates
		}
		m.Streams = streams
	}, func(l simulate.Lot) bool { return l.Mode == lotting.GroupWork }},
}

// perRepShares runs m and returns, for every lot and risk level with a
// target, each replication's share of referred people within target and
// share of starters within target (NaN where undefined).
func perRepShares(t *testing.T, m *simulate.Model, seed uint64, reps int) (referred, starters map[string][]float64) {
	t.Helper()
	referred, starters = map[string][]float64{}, map[string][]float64{}
	_, err := simulate.Run(context.Background(), m, simulate.Options{Seed: seed, Replications: reps, Workers: 2,
		Replication: func(_ int, r *simulate.Replication) {
			for l, lot := range m.Lots {
				for _, rk := range targetRisks(lot) {
					key := shareKey(lot, rk)
					v, ok := r.Value(l, simulate.AllYears, simulate.AllAreas, rk, simulate.ReferredWithinTarget)
					if !ok {
						v = math.NaN()
					}
					referred[key] = append(referred[key], v)
					v, ok = r.Value(l, simulate.AllYears, simulate.AllAreas, rk, simulate.WithinTarget)
					if !ok {
						v = math.NaN()
					}
					starters[key] = append(starters[key], v)
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	return referred, starters
}

// targetRisks lists the risk levels of a lot that have a target, then
// all levels together if any has one.
func targetRisks(l simulate.Lot) []lotting.Risk {
	var out []lotting.Risk
	for k, target := range l.Targets {
		if target > 0 {
			out = append(out, lotting.RiskAt(k))
		}
	}
	if len(out) > 0 {
		out = append(out, simulate.AllRisks)
	}
	return out
}

func shareKey(l simulate.Lot, rk lotting.Risk) string {
	if rk == simulate.AllRisks {
		return l.Name + " all risk levels"
	}
	return fmt.Sprintf("%s %s risk", l.Name, rk)
}

func TestReferredShareNeverImprovesWhenWorse(t *testing.T) {
	t.Parallel()
	files := []string{"staffordshire-2023", "coventry-2019", "rotherham-2021", "essex-2025"}
	seeds := []uint64{1, 2}
	const reps = 8
	// A rise is a failure when it exceeds chance: three standard errors of
	// the paired difference, plus a tenth of a percentage point for
	// replications that agree exactly.
	const k, slack = 3, 0.001
	starterRises := 0
	for _, f := range files {
		s, err := scenario.Load("scenarios/" + f + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		base, err := s.Model()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range worsenings {
			for _, seed := range seeds {
				worse := *base
				worse.Lots = append([]simulate.Lot(nil), base.Lots...)
				w.apply(&worse)
				refA, startA := perRepShares(t, base, seed, reps)
				refB, startB := perRepShares(t, &worse, seed, reps)
				for _, lot := range base.Lots {
					if w.skip(lot) {
						continue
					}
					for _, rk := range targetRisks(lot) {
						key := shareKey(lot, rk)
						d := pairedSummary(refA[key], refB[key])
						if d.N() < 2 {
							continue
						}
						se := d.SD() / math.Sqrt(float64(d.N()))
						if d.Mean() > k*se+slack {
							t.Errorf("%s, %s, seed %d: %s share of referred seen within target rose by %.4f (SE %.4f)",
								f, w.name, seed, key, d.Mean(), se)
						}
						if ds := pairedSummary(startA[key], startB[key]); ds.N() >= 2 && ds.Mean() > k*ds.SD()/math.Sqrt(float64(ds.N()))+slack {
							starterRises++
							t.Logf("%s, %s, seed %d: %s share of starters within target rose by %.4f while the share of referred changed by %+.4f",
								f, w.name, seed, key, ds.Mean(), d.Mean())
						}
					}
				}
			}
		}
	}
	if starterRises == 0 {
		t.Errorf("the share of starters within target never rose as the service got worse; the test should show that it can")
	}
}
