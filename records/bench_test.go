package records

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeCases writes a case-level extract of n referrals to path: three
// years of referrals, five areas, four lots, every outcome, dates
// consistent with it, and a client id on each row with some repeats.
func writeCases(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	areas := []string{"Stoke-on-Trent", "Staffordshire", "Cannock Chase", "East Staffordshire", "Tamworth"}
	groups := []string{"victim", "victim", "victim", "perpetrator", "child_family"}
	risks := []string{"high", "medium", "standard", "standard", ""}
	lots := []string{"IDVA", "Community", "Perpetrator programme", "Children and families"}
	start := DayOf(mustDate("2021-01-01"))
	const span = 3 * 365
	asOf := start + span + 30
	w.WriteString(header)
	var b []byte
	for range n {
		ref := start + Day(rng.IntN(span))
		s, e := NoDay, NoDay
		var outcome string
		switch k := rng.IntN(10); {
		case k < 4:
			s = ref + Day(rng.IntN(20))
			e = s + Day(1+rng.IntN(120))
			outcome = "completed"
			if k == 3 {
				outcome = "dropped_out"
			}
		case k < 6:
			e = ref + Day(rng.IntN(60))
			outcome = []string{"gave_up", "turned_away"}[k-4]
		case k < 7:
			outcome = "referred_on"
		case k < 9:
			s = ref + Day(rng.IntN(20))
			outcome = "open"
		default:
			outcome = "waiting"
		}
		if s > asOf {
			s, outcome = NoDay, "waiting"
		}
		if e > asOf {
			e = NoDay
			if outcome == "gave_up" || outcome == "turned_away" {
				outcome = "waiting"
			} else if s != NoDay {
				outcome = "open"
			}
		}
		b = b[:0]
		b = append(b, ref.String()...)
		b = append(b, ',')
		b = append(b, areas[rng.IntN(len(areas))]...)
		b = append(b, ',')
		b = append(b, groups[rng.IntN(len(groups))]...)
		b = append(b, ',')
		b = append(b, risks[rng.IntN(len(risks))]...)
		b = append(b, ',')
		b = append(b, lots[rng.IntN(len(lots))]...)
		b = append(b, ',')
		b = append(b, s.String()...)
		b = append(b, ',')
		b = append(b, e.String()...)
		b = append(b, ',')
		b = append(b, outcome...)
		b = append(b, ",C"...)
		b = strconv.AppendInt(b, int64(rng.IntN(n/2+1)), 10) // about one client in five referred more than once
		b = append(b, '\n')
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// peakHeap samples the live heap while it runs, for the peak a read
// takes above the heap before it.
type peakHeap struct {
	base, peak uint64
	stop       chan struct{}
	done       sync.WaitGroup
}

func startPeak() *peakHeap {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	p := &peakHeap{base: m.HeapAlloc, peak: m.HeapAlloc, stop: make(chan struct{})}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			p.peak = max(p.peak, m.HeapAlloc)
			select {
			case <-p.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

// end returns the peak bytes above the heap at the start.
func (p *peakHeap) end() uint64 {
	close(p.stop)
	p.done.Wait()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return max(p.peak, m.HeapAlloc) - p.base
}

// BenchmarkRead1M reads a generated extract of a million referrals from
// a file, reporting rows a second, the peak heap a read takes above the
// heap before it (sampled every 5 ms) and that per row.
func BenchmarkRead1M(b *testing.B) {
	const n = 1_000_000
	path := filepath.Join(b.TempDir(), "refs.csv")
	writeCases(b, path, n)
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(info.Size())
	var peak uint64
	var ex *Extract
	for b.Loop() {
		p := startPeak()
		ex, err = Read(path, Options{})
		peak = max(peak, p.end())
		if err != nil {
			b.Fatal(err)
		}
	}
	if ex.Rows != n {
		b.Fatalf("%d rows, want %d", ex.Rows, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/n, "peak-B/row")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// BenchmarkReadXLSX100k reads a workbook of 100,000 referrals, dates as
// date cells, converted from the CSV extract BenchmarkRead1M reads.
func BenchmarkReadXLSX100k(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "refs.csv")
	writeCases(b, csvPath, n)
	ex, err := Read(csvPath, Options{})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "refs.xlsx")
	writeWorkbook(b, path, ex)
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		p := startPeak()
		ex, err = Read(path, Options{})
		peak = max(peak, p.end())
		if err != nil {
			b.Fatal(err)
		}
	}
	if ex.Rows != n {
		b.Fatalf("%d rows, want %d", ex.Rows, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/n, "peak-B/row")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// writeWorkbook writes ex's referrals as a workbook, with excelize's
// streaming writer.
func writeWorkbook(tb testing.TB, path string, ex *Extract) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		tb.Fatal(err)
	}
	head := []any{"referral_date", "area", "client_group", "risk", "lot", "start_date", "end_date", "outcome"}
	if err := sw.SetRow("A1", head); err != nil {
		tb.Fatal(err)
	}
	risks := []string{"standard", "medium", "high"}
	name := func(i int16, names []string) any {
		if i < 0 {
			return nil
		}
		return names[i]
	}
	day := func(d Day) any {
		if d == NoDay {
			return nil
		}
		return excelize.Cell{StyleID: dateStyle, Value: d.Date().Time()}
	}
	for i, r := range ex.Referrals {
		var risk any
		if r.Risk >= 0 {
			risk = risks[r.Risk]
		}
		row := []any{day(r.Referred), name(r.Area, ex.Areas), name(r.Group, ex.Groups), risk, name(r.Lot, ex.Lots),
			day(r.Start), day(r.End), r.Outcome.String()}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}
