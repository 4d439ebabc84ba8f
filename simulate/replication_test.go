package simulate

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/internal/stats"
	"github.com/lotsim/lotsim/lotting"
)

// cellMetric picks one metric of one cell, as Results.Cell and
// Replication.Value take them.
type cellMetric struct {
	lot, year, area int
	risk            lotting.Risk
	m               Metric
}

func (c cellMetric) String() string {
	return fmt.Sprintf("Cell(%d, %d, %d, %v).%v", c.lot, c.year, c.area, c.risk, c.m)
}

// summaryBits lists a summary's count, mean and variance bit for bit.
func summaryBits(s stats.Summary) string {
	return fmt.Sprintf("n %d mean %x var %x", s.N(), math.Float64bits(s.Mean()), math.Float64bits(s.Var()))
}

// hookSums runs m with a Replication hook that adds every value of cells
// to a Summary, and returns the results, the summaries and the indices the
// hook saw, in the order it saw them.
func hookSums(t *testing.T, m *Model, opt Options, cells []cellMetric) (*Results, []stats.Summary, []int) {
	t.Helper()
	sums := make([]stats.Summary, len(cells))
	var seen []int
	opt.Replication = func(index int, r *Replication) {
		seen = append(seen, index) // called from Run's goroutine only
		for i, c := range cells {
			if v, ok := r.Value(c.lot, c.year, c.area, c.risk, c.m); ok {
				sums[i].Add(v)
			} else if !math.IsNaN(v) {
				t.Errorf("replication %d: %v = %v, not ok but not NaN", index, c, v)
			}
		}
	}
	res, err := Run(context.Background(), m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res, sums, seen
}

// TestReplicationValues checks that the per-replication values handed to
// Options.Replication add up, in the order of the calls, to exactly the
// summaries in the Results, for counts, waits, shares, time averages and
// utilisation, by year, area and risk and over all of them; that the hook
// is called for replications 0, 1, 2, ... in order whatever the number of
// workers; and that counts by area add up to the all-areas count within
// each replication.
func TestReplicationValues(t *testing.T) {
	t.Parallel()
	m := fullModel()
	fd := len(m.Lots) // the front door's index in the results
	cells := []cellMetric{
		{0, AllYears, AllAreas, AllRisks, Completions},
		{0, 1, 0, lotting.High, Starts},
		{0, 2, 1, AllRisks, WaitMean},
		{0, AllYears, AllAreas, lotting.Standard, WaitP90},
		{0, 0, AllAreas, AllRisks, WithinTarget},
		{0, AllYears, AllAreas, AllRisks, Utilisation},
		{0, 0, 0, lotting.Medium, Utilisation}, // defined for lot totals only: never ok
		{1, AllYears, 1, lotting.High, WaitMedian},
		{2, 1, AllAreas, AllRisks, DroppedOut},
		{2, AllYears, 0, AllRisks, Disengaged},
		{3, AllYears, AllAreas, AllRisks, TurnedAway},
		{3, 0, 1, lotting.High, Declined},
		{fd, AllYears, AllAreas, AllRisks, SelfServed},
		{fd, 2, 0, AllRisks, Repeats},
		{0, 1, AllAreas, AllRisks, MeanWaiting},
		{0, 2, 1, lotting.Standard, YearEndWaiting},
		{1, AllYears, AllAreas, AllRisks, WaitP95},
	}
	const reps = 12
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			t.Parallel()
			res, sums, seen := hookSums(t, m, Options{Seed: 7, Replications: reps, Workers: workers}, cells)
			want := make([]int, reps)
			for i := range want {
				want[i] = i
			}
			if diff := cmp.Diff(want, seen); diff != "" {
				t.Errorf("hook indices (-want +got):\n%s", diff)
			}
			for i, c := range cells {
				if got, want := summaryBits(sums[i]), summaryBits(res.Cell(c.lot, c.year, c.area, c.risk).Metric(c.m)); got != want {
					t.Errorf("%v: hook values sum to %s, Results have %s", c, got, want)
				}
			}
			if n := sums[6].N(); n != 0 {
				t.Errorf("utilisation of an area and risk cell was defined in %d replications, want 0", n)
			}
			if n := sums[0].N(); n != reps {
				t.Errorf("completions defined in %d replications, want %d", n, reps)
			}
		})
	}

	// Within each replication, the counts of the areas add up to the
	// count over all areas, and those of the years to the whole period.
	_, err := Run(context.Background(), m, Options{Seed: 3, Replications: 4, Workers: 2,
		Replication: func(index int, r *Replication) {
			for _, metric := range []Metric{Referrals, Starts, Completions} {
				total, _ := r.Value(0, AllYears, AllAreas, AllRisks, metric)
				byArea, byYear := 0.0, 0.0
				for a := range len(m.Areas) {
					v, _ := r.Value(0, AllYears, a, AllRisks, metric)
					byArea += v
				}
				for y := range len(m.YearStarts) {
					v, _ := r.Value(0, y, AllAreas, AllRisks, metric)
					byYear += v
				}
				if byArea != total || byYear != total || !(total > 0) {
					t.Errorf("replication %d: %v: areas add up to %v, years to %v, total %v", index, metric, byArea, byYear, total)
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReplicationStoppingRule checks that with a stopping rule the hook
// sees exactly the replications merged, in order: the rule of
// TestStoppingRule stops after some tens of replications, although
// workers have started more by then.
func TestReplicationStoppingRule(t *testing.T) {
	t.Parallel()
	m := mmcModel(1, 0.8, 1, 2000, 200)
	stop := &StoppingRule{Metric: WaitMean, Risk: AllRisks, RelativeHalfWidth: 0.1, Min: 5, Max: 500}
	cells := []cellMetric{{0, AllYears, AllAreas, AllRisks, WaitMean}, {0, AllYears, AllAreas, AllRisks, Referrals}}
	for _, workers := range []int{1, 2, 8} {
		res, sums, seen := hookSums(t, m, Options{Seed: 17, Workers: workers, Stop: stop}, cells)
		if !slices.Equal(seen, seqInts(res.Replications)) || res.Replications >= stop.Max {
			t.Errorf("%d workers: hook saw %v, Results merged %d replications", workers, seen, res.Replications)
		}
		for i, c := range cells {
			if got, want := summaryBits(sums[i]), summaryBits(res.Cell(c.lot, c.year, c.area, c.risk).Metric(c.m)); got != want {
				t.Errorf("%d workers: %v: hook values sum to %s, Results have %s", workers, c, got, want)
			}
		}
	}
}

func seqInts(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestReplicationMisuse checks the documented panics: a Replication kept
// after its call, and indices or metrics out of range.
func TestReplicationMisuse(t *testing.T) {
	t.Parallel()
	var kept *Replication
	var inCall []string
	panics := func(f func()) (msg string) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
			}
		}()
		f()
		return ""
	}
	_, err := Run(context.Background(), mmcModel(2, 1, 1, 50, 0), Options{Seed: 1, Replications: 2, Workers: 1,
		Replication: func(_ int, r *Replication) {
			kept = r
			inCall = append(inCall,
				panics(func() { r.Value(1, AllYears, AllAreas, AllRisks, Starts) }),        // one lot only
				panics(func() { r.Value(0, 5, AllAreas, AllRisks, Starts) }),               // one year only
				panics(func() { r.Value(0, AllYears, AllAreas, lotting.Risk(4), Starts) }), // no such risk
				panics(func() { r.Value(0, AllYears, AllAreas, AllRisks, NumMetrics) }),
				panics(func() { r.Value(0, AllYears, AllAreas, AllRisks, Starts) }))
		}})
	if err != nil {
		t.Fatal(err)
	}
	for i, msg := range inCall {
		if last := i%5 == 4; (msg == "") != last {
			t.Errorf("call %d during the hook: panic %q", i, msg)
		}
	}
	if msg := panics(func() { kept.Value(0, AllYears, AllAreas, AllRisks, Starts) }); msg == "" {
		t.Error("Value after the hook returned did not panic")
	}
}
