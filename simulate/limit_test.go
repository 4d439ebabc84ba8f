package simulate

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/lotsim/lotsim/lotting"
)

// overloaded is a lot with one caseworker and a thousand referrals a day:
// its waiting list grows without end.
func overloaded() *Model {
	return mmcModel(1, 1000, 0.01, 3650, 0)
}

// TestLimit checks that a replication whose waiting list outgrows the
// memory budget stops the run with a LimitError naming the lot, instead of
// taking the machine's memory.
func TestLimit(t *testing.T) {
	t.Parallel()
	inherited := overloaded()
	inherited.Streams[0].Rate = 1
	inherited.Lots[0].Waiting = 100_000
	tests := []struct {
		name    string
		model   *Model
		workers int
	}{
		{"growing waiting list, one worker", overloaded(), 1},
		{"growing waiting list, two workers", overloaded(), 2},
		{"inherited waiting list", inherited, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const budget = 4 << 20 // 4 MiB
			_, err := Run(context.Background(), tt.model, Options{Seed: 1, Replications: 4, Workers: tt.workers, MaxMemory: budget})
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("Run: got %v, want an error wrapping ErrLimit", err)
			}
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("Run: %v is not a *LimitError", err)
			}
			most := MaxPeople(budget, tt.workers) // less what the results take
			if le.Limit > most || le.Limit < most/2 || le.People != le.Limit+1 || le.Lot != "casework" || le.Waiting < le.Limit/2 || le.Workers != tt.workers || le.MaxMemory != budget {
				t.Errorf("LimitError = %+v; want Limit at most %d, People one more, Lot casework, most of them waiting", *le, most)
			}
			t.Log(err)
		})
	}
}

// TestLimitDefault checks the default budget and that a run within its
// budget is not affected by it.
func TestLimitDefault(t *testing.T) {
	t.Parallel()
	if got, want := MaxPeople(0, 2), int(DefaultMaxMemory/2/BytesPerPerson); got != want {
		t.Errorf("MaxPeople(0, 2) = %d, want %d", got, want)
	}
	m := mmcModel(2, 1, 0.6, 200, 0)
	a, err := Run(context.Background(), m, Options{Seed: 3, Replications: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), m, Options{Seed: 3, Replications: 3, Workers: 1, MaxMemory: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if a.Events != b.Events {
		t.Errorf("a budget changed the run: %d events, %d with a 1 MiB budget", a.Events, b.Events)
	}
	if _, err := Run(context.Background(), m, Options{Replications: 1, MaxMemory: -1}); !errors.Is(err, ErrBadOptions) {
		t.Errorf("MaxMemory -1: got %v, want ErrBadOptions", err)
	}
}

// TestBytesPerPerson measures the memory the engine takes per person in
// the system, as the heap it obtains from the operating system while a
// waiting list grows to a million, and checks that BytesPerPerson covers
// it. It is a measurement, not a timing: the figure depends on the Go
// runtime's allocator and garbage collector, not on the machine's speed.
func TestBytesPerPerson(t *testing.T) {
	if testing.Short() {
		t.Skip("grows a waiting list of a million people")
	}
	m := overloaded()
	m.Streams[0].RiskMix = [3]float64{0.5, 0.3, 0.2}
	// Patience: every waiting person has a pending event, as in the
	// scenarios with disengagement.
	m.Lots[0].Disengagement = []Disengagement{{Group: lotting.Victim, Patience: &lotting.Distribution{Kind: lotting.Exponential, Mean: 1e6}}}
	p, err := newPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	e := newEngine(p)
	rr := newRepResult(p)
	rr.reset()
	e.setup(1, 0, rr)
	if err := e.runUntil(context.Background(), 1000); err != nil { // a thousand a day for a thousand days
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	grown := float64(after.HeapSys-before.HeapSys) / float64(e.inSys)
	t.Logf("%d people in the system: %.0f bytes each of heap obtained from the system (HeapSys), %.0f in use (HeapInuse)",
		e.inSys, grown, float64(after.HeapInuse-before.HeapInuse)/float64(e.inSys))
	if e.inSys < 900_000 {
		t.Fatalf("only %d people in the system; the measurement needs about a million", e.inSys)
	}
	if grown > BytesPerPerson {
		t.Errorf("%.0f bytes a person, above BytesPerPerson (%d): raise it", grown, BytesPerPerson)
	}
}

// manyCells is a model with results for 100 areas over 40 contract years.
func manyCells() *Model {
	m := mmcModel(50, 20, 0.1, 40*365, 0)
	m.Areas = make([]string, 100)
	m.Streams = nil
	m.Route = nil
	for a := range m.Areas {
		m.Areas[a] = fmt.Sprint("area ", a)
		m.Streams = append(m.Streams, Stream{Area: a, Group: lotting.Victim, Rate: 0.2, RiskMix: [3]float64{0.6, 0.3, 0.1}})
		m.Route = append(m.Route, [3]int{0, 0, 0})
	}
	for y := range 40 {
		m.YearStarts = append(m.YearStarts, float64(365*y))
	}
	return m
}

// TestResultsLimit checks that results too large for the memory budget
// (many areas over many years) stop the run before it starts, and that a
// budget that fits them on fewer workers runs on fewer, with the same
// results.
func TestResultsLimit(t *testing.T) {
	t.Parallel()
	m := manyCells()
	p, err := newPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	copyBytes := int64(p.nCells()) * BytesPerCell
	if _, err := Run(context.Background(), m, Options{Seed: 1, Replications: 2, Workers: 1, MaxMemory: 3 * copyBytes}); !errors.Is(err, ErrLimit) {
		t.Errorf("a budget of three copies of the results: got %v, want ErrLimit (they may take three quarters)", err)
	}
	// Room for 1 + 2x2 copies in three quarters: two workers, not four.
	budget := 5*copyBytes*4/3 + 1<<20
	a, err := Run(context.Background(), m, Options{Seed: 1, Replications: 4, Workers: 4, MaxMemory: budget})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), m, Options{Seed: 1, Replications: 4, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a.Events != b.Events || a.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean).Mean() != b.Cell(0, AllYears, AllAreas, AllRisks).Metric(WaitMean).Mean() {
		t.Errorf("fewer workers changed the results")
	}
}

// TestBytesPerCell measures the memory a copy of the results takes per
// cell, after replications have filled their waiting-time histograms, and
// checks that BytesPerCell covers it.
func TestBytesPerCell(t *testing.T) {
	if testing.Short() {
		t.Skip("fills the results of 100 areas over 40 years")
	}
	m := manyCells()
	p, err := newPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := newResults(p)
	e := newEngine(p)
	rr := newRepResult(p)
	for r := range 3 {
		rr.reset()
		if err := e.run(context.Background(), 1, r, rr); err != nil {
			t.Fatal(err)
		}
		res.merge(rr)
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(res)
	runtime.KeepAlive(rr)
	per := float64(after.HeapInuse-before.HeapInuse) / float64(2*p.nCells())
	t.Logf("%d cells: %.0f bytes each per copy (Results and one replication)", p.nCells(), per)
	if per > BytesPerCell {
		t.Errorf("%.0f bytes a cell, above BytesPerCell (%d): raise it", per, BytesPerCell)
	}
}
