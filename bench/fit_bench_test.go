package bench

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/scenario"
)

// fitRows is the size of the extract BenchmarkFit1M fits: a million
// referrals, far more than any partnership's case management system
// holds for two years.
const fitRows = 1_000_000

var (
	fitFileOnce sync.Once
	fitFile     string
	fitFileErr  error
)

// millionRows writes, once per test binary, a CSV extract of fitRows
// referrals to Staffordshire's lots over two years, with waits, case
// lengths, people giving up, drop-outs, open cases and a waiting list at
// the extract date, and client ids.
func millionRows(b *testing.B) string {
	fitFileOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lotsim-fit-bench")
		if err != nil {
			fitFileErr = err
			return
		}
		fitFile = filepath.Join(dir, "million.csv")
		f, err := os.Create(fitFile)
		if err != nil {
			fitFileErr = err
			return
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		r := rand.New(rand.NewPCG(1, 2))
		start := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
		asOf := 730
		day := func(d int) string { return start.AddDate(0, 0, d).Format("2006-01-02") }
		fmt.Fprintln(w, "referral_date,area,client_group,risk,lot,start_date,end_date,outcome,client_id")
		for i := 0; i < fitRows; i++ {
			ref := i * asOf / fitRows
			area := []string{"Staffordshire", "Stoke-on-Trent"}[r.IntN(2)]
			group, lot, risk := "victim", "Victims", []string{"high", "medium", "standard", "standard"}[r.IntN(4)]
			if r.IntN(20) == 0 {
				group, lot, risk = "perpetrator", "Perpetrators", "standard"
			}
			client := fmt.Sprintf("C%d", r.IntN(fitRows*7/10))
			patience := int(r.ExpFloat64() * 60)
			wait := int(r.ExpFloat64() * 25)
			switch {
			case patience < wait && ref+patience <= asOf:
				fmt.Fprintf(w, "%s,%s,%s,%s,%s,,%s,gave_up,%s\n", day(ref), area, group, risk, lot, day(ref+patience), client)
			case ref+wait > asOf:
				fmt.Fprintf(w, "%s,%s,%s,%s,%s,,,waiting,%s\n", day(ref), area, group, risk, lot, client)
			default:
				s := ref + wait
				length := int(math.Exp(4.2 + 0.6*r.NormFloat64()))
				outcome := "completed"
				if group == "perpetrator" && r.IntN(5) < 2 {
					outcome, length = "dropped_out", r.IntN(length+1)
				}
				if s+length > asOf {
					fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,,open,%s\n", day(ref), area, group, risk, lot, day(s), client)
				} else {
					fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", day(ref), area, group, risk, lot, day(s), day(s+length), outcome, client)
				}
			}
		}
	})
	if fitFileErr != nil {
		b.Fatal(fitFileErr)
	}
	return fitFile
}

// BenchmarkFit1M reads and fits a million-row extract to
// staffordshire-2023.yaml, as lotsim fit does, reporting rows a second
// and the peak heap (the bound: under 30 s and 1 GB on 2 cores).
func BenchmarkFit1M(b *testing.B) {
	path := millionRows(b)
	base, err := scenario.LoadValid("../scenarios/staffordshire-2023.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	runtime.GC()
	b.ResetTimer()
	for range b.N {
		if _, err := lotsim.Fit(path, base, lotsim.FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(fitRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
