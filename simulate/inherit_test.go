package simulate

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// Tolerance of the tables of statistical checks below, which make about
// 20 comparisons: a correct sampler is further than 4.5 standard errors
// from the closed form with probability 6.8e-6 each (two-sided normal
// tail), so below 1.5e-4 for the table, and the seeds are fixed.
const tableTolerance = 4.5

// samplerCases are the distributions the sampler tests draw from, with an
// independent survival function S (gonum distuv, or written out) for
// closed forms.
func samplerCases() []struct {
	name string
	d    lotting.Distribution
	surv func(x float64) float64
	hi   float64 // beyond hi, S is negligible (below 1e-13) or 0
} {
	// Lognormal with mean 80 and sd 60 (the case length of the issue):
	// sigma² = ln(1 + 60²/80²), mu = ln 80 - sigma²/2.
	s2 := math.Log1p(60.0 * 60 / (80 * 80))
	ln := distuv.LogNormal{Mu: math.Log(80) - s2/2, Sigma: math.Sqrt(s2)}
	// Gamma with mean 30 and sd 20: shape (30/20)², rate shape/30.
	k := 2.25
	ga := distuv.Gamma{Alpha: k, Beta: k / 30}
	tri := distuv.NewTriangle(10, 100, 30, nil)
	vals := []float64{5, 10, 10, 40, 120}
	return []struct {
		name string
		d    lotting.Distribution
		surv func(x float64) float64
		hi   float64
	}{
		{"exponential", lotting.Distribution{Kind: lotting.Exponential, Mean: 50},
			func(x float64) float64 { return math.Exp(-x / 50) }, 50 * 32},
		{"fixed", lotting.FixedValue(30),
			func(x float64) float64 { return b2f(x < 30) }, 30},
		{"lognormal", lotting.Distribution{Kind: lotting.Lognormal, Mean: 80, SD: 60}, ln.Survival, ln.Quantile(1 - 1e-14)},
		{"gamma", lotting.Distribution{Kind: lotting.Gamma, Mean: 30, SD: 20}, ga.Survival, ga.Quantile(1 - 1e-14)},
		{"uniform", lotting.Distribution{Kind: lotting.Uniform, Min: 20, Max: 60},
			func(x float64) float64 { return math.Min(1, math.Max(0, (60-x)/40)) }, 60},
		{"triangular", lotting.Distribution{Kind: lotting.Triangular, Min: 10, Mode: 30, Max: 100}, tri.Survival, 100},
		{"empirical", lotting.Distribution{Kind: lotting.Empirical, Values: vals}, func(x float64) float64 {
			n := 0
			for _, v := range vals {
				if v > x {
					n++
				}
			}
			return float64(n) / float64(len(vals))
		}, 120},
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// integrateSurvival returns ∫_a^hi S(x) dx by Gauss–Legendre quadrature
// on pieces split at the given kinks (where S is not smooth).
func integrateSurvival(s func(float64) float64, a, hi float64, kinks ...float64) float64 {
	pts := []float64{a}
	for _, k := range kinks {
		if k > a && k < hi {
			pts = append(pts, k)
		}
	}
	for k := 1; k <= 20; k++ { // geometric pieces towards a, for long tails
		pts = append(pts, a+(hi-a)/math.Exp2(float64(k)))
	}
	pts = append(pts, hi)
	slices.Sort(pts)
	sum := 0.0
	for i := 1; i < len(pts); i++ {
		sum += quad.Fixed(s, pts[i-1], pts[i], 200, quad.Legendre{}, 0)
	}
	return sum
}

// TestDrawBiasedResidual checks the equilibrium residual of every family
// against the renewal-theory closed form: with L* length-biased and U
// uniform, E[U·L*] = E[L²]/(2E[L]), where E[L²] = 2∫₀^∞ x S(x) dx and
// E[L] = ∫₀^∞ S(x) dx, both by quadrature of an independent survival
// function. 200,000 draws each; tolerance tableTolerance standard errors.
func TestDrawBiasedResidual(t *testing.T) {
	t.Parallel()
	for i, tc := range samplerCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kinks := []float64{5, 10, 20, 30, 40, 60, 100, 120}
			el := integrateSurvival(tc.surv, 0, tc.hi, kinks...)
			el2 := 2 * integrateSurvival(func(x float64) float64 { return x * tc.surv(x) }, 0, tc.hi, kinks...)
			want := el2 / (2 * el)
			src := newSourceRand()
			seedSource(&src.pcg, 21, i, 0)
			s := newSampler(tc.d, src)
			var sum stats.Summary
			for range 200_000 {
				sum.Add(src.Float64() * s.drawBiased())
			}
			within(t, "mean residual", sum, want, tableTolerance)
		})
	}
}

// TestDrawAbove checks each family's draw conditional on exceeding a:
// every draw is above a, and the mean is a + ∫_a^∞ S(x) dx / S(a) (by
// quadrature of an independent survival function), for a below the
// median, above it, and far in the tail. Where nothing exceeds a the
// draw is a itself.
func TestDrawAbove(t *testing.T) {
	t.Parallel()
	for i, tc := range samplerCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := newSourceRand()
			seedSource(&src.pcg, 22, i, 0)
			s := newSampler(tc.d, src)
			for _, a := range []float64{0, 7, 25, 50, 150, 400} {
				sa := tc.surv(a)
				if sa == 0 {
					if got := s.drawAbove(a); got != a {
						t.Errorf("drawAbove(%v) with nothing above = %v, want %v", a, got, a)
					}
					continue
				}
				want := a + integrateSurvival(tc.surv, a, math.Max(tc.hi, a+1), 5, 10, 20, 30, 40, 60, 100, 120)/sa
				var sum stats.Summary
				for range 50_000 {
					x := s.drawAbove(a)
					if !(x > a) && !(a == 0 && x == 0) {
						t.Fatalf("drawAbove(%v) = %v, not above it", a, x)
					}
					sum.Add(x)
				}
				if sum.SD() == 0 { // fixed, or a single value left
					if math.Abs(sum.Mean()-want) > 1e-6*want {
						t.Errorf("drawAbove(%v) = %v, want %v", a, sum.Mean(), want)
					}
					continue
				}
				within(t, "conditional mean above "+ftoa(a), sum, want, tableTolerance)
			}
		})
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// inheritedDepartures runs m with a trace and returns the times at which
// the inherited people of lot 0 complete, over all replications.
func inheritedDepartures(t *testing.T, m *Model, seed uint64, reps int) []float64 {
	t.Helper()
	inherited := make([]map[int32]bool, reps)
	for r := range inherited {
		inherited[r] = map[int32]bool{}
	}
	var out []float64
	opt := Options{Seed: seed, Replications: reps, Workers: 1}
	opt.Trace = func(ev TraceEvent) {
		switch ev.Kind {
		case TraceInherited:
			if !ev.Waiting {
				inherited[ev.Replication][ev.Person] = true
			}
		case TraceCompleted:
			if inherited[ev.Replication][ev.Person] {
				out = append(out, ev.Time)
				delete(inherited[ev.Replication], ev.Person)
			}
		}
	}
	if _, err := Run(context.Background(), m, opt); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestInheritedExponentialResidual: c busy servers inherited by an
// M/M/c-like lot with exponential case length (mean 2 days) and no new
// referrals: by memorylessness each case's time left is exponential with
// the full mean, not half of it. Mean within 4 SE over 10,000 cases, and
// a Kolmogorov–Smirnov distance below 2.4/√n (asymptotic probability of a
// larger distance for the true law: 2e^{-2·2.4²} ≈ 2e-5).
func TestInheritedExponentialResidual(t *testing.T) {
	t.Parallel()
	const c, reps, mean = 20, 500, 2.0
	m := mmcModel(c, 0, 1/mean, 200, 0)
	m.Lots[0].OpenCases = c
	got := inheritedDepartures(t, m, 31, reps)
	if len(got) != c*reps {
		t.Fatalf("%d inherited cases completed, want %d", len(got), c*reps)
	}
	var s stats.Summary
	for _, x := range got {
		s.Add(x)
	}
	within(t, "mean time left", s, mean, seTolerance)
	slices.Sort(got)
	n := float64(len(got))
	d := 0.0
	for i, x := range got {
		f := 1 - math.Exp(-x/mean)
		d = math.Max(d, math.Max(math.Abs(float64(i+1)/n-f), math.Abs(f-float64(i)/n)))
	}
	t.Logf("Kolmogorov–Smirnov distance %.5f, limit %.5f", d, 2.4/math.Sqrt(n))
	if d > 2.4/math.Sqrt(n) {
		t.Errorf("Kolmogorov–Smirnov distance from Exp(mean %v) = %.5f, want below %.5f", mean, d, 2.4/math.Sqrt(n))
	}
}

// TestInheritedLognormalResidual: open cases of a lognormal length of
// mean 80 and sd 60 days have, on average, E[L²]/(2E[L]) =
// (60² + 80²)/(2·80) = 62.5 days left (the equilibrium residual), not
// E[L]/2 = 40. Within 4 SE over 20,000 cases.
func TestInheritedLognormalResidual(t *testing.T) {
	t.Parallel()
	const c, reps = 100, 200
	m := mmcModel(c, 0, 1, 20000, 0)
	m.Lots[0].Service = lotting.Distribution{Kind: lotting.Lognormal, Mean: 80, SD: 60}
	m.Lots[0].OpenCases = c
	got := inheritedDepartures(t, m, 32, reps)
	if len(got) != c*reps {
		t.Fatalf("%d inherited cases completed, want %d", len(got), c*reps)
	}
	var s stats.Summary
	for _, x := range got {
		s.Add(x)
	}
	within(t, "mean time left", s, (60.0*60+80*80)/(2*80), seTolerance)
}

// TestInheritedSteadyState: a busy lot (20 slots, lognormal cases of mean
// 80 and sd 60 days, 1 referral a day, exponential patience of mean 20
// days, so the slots stay full and about 15 wait) warmed up for 3000 days
// starts as many people in its first 30 days as the same lot started cold
// from the warmed-up lot's mean state as counts (20 open cases, the mean
// waiting list). With the list never empty, starts are the departures of
// 20 stationary renewal processes, 20·30/80 = 7.5 on average, which the
// residual draw must reproduce (a uniform share of a plain length would
// give about 11). The two means are compared by a two-sample z-test on
// 4000 replications each, within 4 SE of their difference.
func TestInheritedSteadyState(t *testing.T) {
	t.Parallel()
	const c, reps = 20, 4000
	busy := func(warmUp float64) *Model {
		m := mmcModel(c, 1, 1, 30, warmUp)
		m.Lots[0].Service = lotting.Distribution{Kind: lotting.Lognormal, Mean: 80, SD: 60}
		m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
			Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 20}}}
		return m
	}
	warm := run(t, busy(3000), 41, reps)
	cold := busy(0)
	cold.Lots[0].OpenCases = c
	cold.Lots[0].Waiting = int(math.Round(warm.System.In.Mean())) - c
	t.Logf("warmed up: %.2f in the system at the start; cold start with %d open and %d waiting", warm.System.In.Mean(), c, cold.Lots[0].Waiting)
	coldRes := run(t, cold, 42, reps)
	a := warm.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts)
	b := coldRes.Cell(0, AllYears, AllAreas, AllRisks).Metric(Starts)
	se := math.Sqrt(a.Var()/float64(a.N()) + b.Var()/float64(b.N()))
	t.Logf("starts in the first 30 days: warmed up %.3f, cold %.3f, difference %.2f SE", a.Mean(), b.Mean(), (b.Mean()-a.Mean())/se)
	if math.Abs(a.Mean()-b.Mean()) > seTolerance*se || math.IsNaN(se) {
		t.Errorf("first-month starts: warmed up %.3f, cold start from counts %.3f, want equal within %v SE (%.3f)", a.Mean(), b.Mean(), seTolerance, seTolerance*se)
	}
}

// handModel is one casework slot with a fixed 10-day case length and no
// referrals, over 100 days.
func handModel(people ...InheritedPerson) *Model {
	m := mmcModel(1, 0, 0.1, 100, 0)
	m.Lots[0].Service = lotting.FixedValue(10)
	m.Lots[0].Inherited = people
	return m
}

// TestInheritedByHand works cases out by hand: waits include the time
// already waited, the queue is in referral order, a case in service has
// its length less its elapsed time left, and the stream and risk given
// are kept.
func TestInheritedByHand(t *testing.T) {
	t.Parallel()
	type start struct {
		at, wait float64
	}
	tests := []struct {
		name   string
		people []InheritedPerson
		starts []start // in order
		reason string
	}{
		{"wait includes elapsed", []InheritedPerson{
			{Waiting: false, Elapsed: 0, Stream: 0, Risk: lotting.Standard},
			{Waiting: true, Elapsed: 5, Stream: 0, Risk: lotting.Standard},
		}, []start{{10, 15}}, "the slot frees at 10; the waiter was referred at -5"},
		{"open case part-way", []InheritedPerson{
			{Waiting: true, Elapsed: 2, Stream: 0, Risk: lotting.Standard},
			{Waiting: false, Elapsed: 4, Stream: 0, Risk: lotting.Standard},
		}, []start{{6, 8}}, "a fixed 10-day case 4 days in has 6 left, listed after the waiter"},
		{"referral order within a risk", []InheritedPerson{
			{Waiting: false, Elapsed: 0, Stream: 0, Risk: lotting.Standard},
			{Waiting: true, Elapsed: 3, Stream: 0, Risk: lotting.Standard},
			{Waiting: true, Elapsed: 7, Stream: 0, Risk: lotting.Standard},
		}, []start{{10, 17}, {20, 23}}, "the longer waiter goes first"},
		{"risk before wait", []InheritedPerson{
			{Waiting: false, Elapsed: 0, Stream: 0, Risk: lotting.Standard},
			{Waiting: true, Elapsed: 30, Stream: 0, Risk: lotting.Standard},
			{Waiting: true, Elapsed: 1, Stream: 0, Risk: lotting.High},
		}, []start{{10, 11}, {20, 50}}, "high risk is seen first whatever the standard risk waiter's wait"},
		{"case past its length", []InheritedPerson{
			{Waiting: false, Elapsed: 25, Stream: 0, Risk: lotting.Medium},
			{Waiting: true, Elapsed: 0, Stream: 0, Risk: lotting.Standard},
		}, []start{{0, 0}}, "nothing of a fixed 10-day length is left after 25 days: it ends at once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := handModel(tt.people...)
			m.Streams[0].RiskMix = [3]float64{0.5, 0.3, 0.2}
			var got []start
			risks := map[int32]lotting.Risk{}
			opt := Options{Seed: 1, Replications: 1}
			opt.Trace = func(ev TraceEvent) {
				switch ev.Kind {
				case TraceInherited:
					risks[ev.Person] = ev.Risk
				case TraceStarted:
					got = append(got, start{at: ev.Time})
				}
			}
			res, err := Run(context.Background(), m, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.starts) {
				t.Fatalf("%d starts, want %d (%s)", len(got), len(tt.starts), tt.reason)
			}
			wantSum := 0.0
			for k, s := range tt.starts {
				if got[k].at != s.at {
					t.Errorf("start %d at %v, want %v (%s)", k, got[k].at, s.at, tt.reason)
				}
				wantSum += s.wait
			}
			cell := res.Cell(0, AllYears, AllAreas, AllRisks)
			if w := cell.Metric(WaitMean).Mean(); math.Abs(w-wantSum/float64(len(tt.starts))) > 1e-9 {
				t.Errorf("mean wait %v, want %v (%s)", w, wantSum/float64(len(tt.starts)), tt.reason)
			}
			var wantRisks []lotting.Risk
			for _, p := range tt.people {
				wantRisks = append(wantRisks, p.Risk)
			}
			var gotRisks []lotting.Risk
			for _, r := range risks {
				gotRisks = append(gotRisks, r)
			}
			slices.Sort(wantRisks)
			slices.Sort(gotRisks)
			if !slices.Equal(gotRisks, wantRisks) {
				t.Errorf("inherited risks %v, want %v", gotRisks, wantRisks)
			}
		})
	}
}

// TestInheritedPatienceMemoryless: people inherited after waiting 50 days
// with exponential patience of mean 10 days, and no capacity, give up
// after a further 10 days on average, as fresh ones would (patience is
// drawn conditional on exceeding the wait so far). Within 4 SE over 5000
// people.
func TestInheritedPatienceMemoryless(t *testing.T) {
	t.Parallel()
	var people []InheritedPerson
	for range 5000 {
		people = append(people, InheritedPerson{Waiting: true, Elapsed: 50, Stream: -1})
	}
	m := mmcModel(0, 0, 1, 1000, 0)
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim,
		Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 10}}}
	m.Lots[0].Inherited = people
	var s stats.Summary
	opt := Options{Seed: 51, Replications: 1}
	opt.Trace = func(ev TraceEvent) {
		if ev.Kind == TraceGaveUp {
			s.Add(ev.Time)
		}
	}
	if _, err := Run(context.Background(), m, opt); err != nil {
		t.Fatal(err)
	}
	if s.N() != len(people) {
		t.Fatalf("%d gave up, want all %d", s.N(), len(people))
	}
	within(t, "further wait before giving up", s, 10, seTolerance)
}

// TestInheritedDrawnStreamAndRisk: a person with Stream -1 and Risk 0 is
// given a stream and risk routed to the lot, in proportion to the day-0
// rates; a person with a stream but no risk takes a risk that stream
// sends here. 20,000 draws; each share within 4.5 binomial SE.
func TestInheritedDrawnStreamAndRisk(t *testing.T) {
	t.Parallel()
	m := mmcModel(0, 1, 1, 1, 0)
	m.Streams = append(m.Streams, Stream{Group: lotting.Perpetrator, Rate: 3, RiskMix: [3]float64{0.5, 0.5, 0}})
	m.Route = append(m.Route, [3]int{0, 0, 0})
	const n = 20000
	var people []InheritedPerson
	for k := range n {
		stream := -1
		if k%2 == 1 {
			stream = 1
		}
		people = append(people, InheritedPerson{Waiting: true, Stream: stream})
	}
	m.Lots[0].Inherited = people
	// Weights: stream 0 standard 1; stream 1 standard 1.5, medium 1.5.
	var drawn, given [2][3]float64
	opt := Options{Seed: 61, Replications: 1}
	placed := 0 // people are placed in order: even positions draw their stream
	opt.Trace = func(ev TraceEvent) {
		if ev.Kind != TraceInherited {
			return
		}
		if placed%2 == 0 {
			drawn[ev.Stream][ev.Risk.Index()]++
		} else {
			given[ev.Stream][ev.Risk.Index()]++
		}
		placed++
	}
	if _, err := Run(context.Background(), m, opt); err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, p float64) {
		t.Helper()
		se := math.Sqrt(p * (1 - p) / (n / 2))
		if math.Abs(got/(n/2)-p) > tableTolerance*se {
			t.Errorf("%s: share %.4f, want %.4f within %.4f", what, got/(n/2), p, tableTolerance*se)
		}
	}
	check("drawn stream 0 standard", drawn[0][0], 1/4.0)
	check("drawn stream 1 standard", drawn[1][0], 1.5/4)
	check("drawn stream 1 medium", drawn[1][1], 1.5/4)
	check("given stream 1 standard", given[1][0], 0.5)
	if given[0] != [3]float64{} || drawn[0][1]+drawn[0][2]+drawn[1][2] != 0 {
		t.Errorf("a stream or risk not routed here was drawn: drawn %v, given %v", drawn, given)
	}
}

// TestInheritedValidation: bad inherited people are model errors naming
// where and what would be valid, never a panic.
func TestInheritedValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		person   InheritedPerson
		wantPath string
	}{
		{"stream out of range", InheritedPerson{Stream: 9}, "Lots[0] (Community).Inherited[0].Stream"},
		{"stream below -1", InheritedPerson{Stream: -2}, "Inherited[0].Stream"},
		{"negative elapsed", InheritedPerson{Stream: -1, Elapsed: -1}, "Inherited[0].Elapsed"},
		{"NaN elapsed", InheritedPerson{Stream: -1, Elapsed: math.NaN()}, "Inherited[0].Elapsed"},
		{"infinite elapsed", InheritedPerson{Stream: -1, Elapsed: math.Inf(1)}, "Inherited[0].Elapsed"},
		{"risk out of range", InheritedPerson{Stream: -1, Risk: 7}, "Inherited[0].Risk"},
		{"valid", InheritedPerson{Stream: 0, Elapsed: 3, Risk: lotting.High}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := fullModel()
			m.Lots[0].Inherited = []InheritedPerson{tt.person}
			_, err := Run(context.Background(), m, Options{Replications: 1})
			if tt.wantPath == "" {
				if err != nil {
					t.Fatalf("Run = %v, want nil", err)
				}
				return
			}
			var me *ModelError
			if !errors.Is(err, ErrBadModel) || !errors.As(err, &me) || !strings.Contains(err.Error(), tt.wantPath) {
				t.Fatalf("Run = %v, want a *ModelError at %q", err, tt.wantPath)
			}
		})
	}
	// Many bad people: five are listed, then a note.
	m := fullModel()
	for range 50 {
		m.Lots[0].Inherited = append(m.Lots[0].Inherited, InheritedPerson{Stream: 99})
	}
	err := m.Validate()
	if n := strings.Count(err.Error(), ".Stream:"); n != 5 || !strings.Contains(err.Error(), "more bad people not listed") {
		t.Errorf("50 bad people: %d listed, want 5 and a note: %v", n, err)
	}
	// A drawn stream needs a stream routed to the lot.
	m = fullModel()
	m.Route[3] = [3]int{-1, -1, -1}
	m.Route[2] = [3]int{1, 1, 1}
	m.Lots[2].Inherited = []InheritedPerson{{Waiting: true, Stream: -1}}
	if _, err := Run(context.Background(), m, Options{Replications: 1}); !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "Perpetrators") {
		t.Errorf("drawn stream with no route: Run = %v, want ErrBadModel naming the lot", err)
	}
	// A given stream needs no route.
	m.Lots[2].Inherited = []InheritedPerson{{Waiting: true, Stream: 2}}
	if _, err := Run(context.Background(), m, Options{Replications: 1}); err != nil {
		t.Errorf("given stream with no route: Run = %v, want nil", err)
	}
}

// TestInheritedGroupWork: in a 4-week programme (28 days), people
// inherited 10 and 40 days in complete on days 18 and 0 (nothing left,
// at least 0), and hold no cohort slot: a waiter inherited 3 days into
// their wait joins the first cohort on day 5 with a wait of 8.
func TestInheritedGroupWork(t *testing.T) {
	t.Parallel()
	m := groupModel(0, GroupSettings{CohortSize: 5, MinToStart: 1, Weeks: 4, StartEvery: 14, FirstStart: 5}, 1, 60)
	m.Lots[0].Inherited = []InheritedPerson{
		{Elapsed: 10, Stream: 0, Risk: lotting.Standard},
		{Elapsed: 40, Stream: 0, Risk: lotting.Standard},
		{Waiting: true, Elapsed: 3, Stream: 0, Risk: lotting.Standard},
	}
	var got []string
	opt := Options{Seed: 1, Replications: 1}
	opt.Trace = func(ev TraceEvent) {
		if ev.Kind != TraceInherited {
			got = append(got, ev.Kind.String()+" "+ftoa(ev.Time))
		}
	}
	res, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"completed 0", "started 5", "completed 18", "completed 33"}
	if !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if w := res.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean).Mean(); w != 8 {
		t.Errorf("mean wait %v, want 8", w)
	}
}
