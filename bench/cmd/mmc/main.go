// Command mmc times an M/M/c queue through lotsim's public simulate API
// against the hand-written reference loop (bench.ReferenceMMc) on the same
// work, and prints both throughputs and the ratio of their CPU times per
// customer. With the defaults it is the M/M/10 comparison of issue 12:
//
//	go run ./bench/cmd/mmc -c 10 -lambda 9 -mu 1 -customers 2000000
//
// The engine runs one replication on one worker with every statistic on;
// its model is built below from simulate.Model as any program would.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/lotsim/lotsim/bench"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/simulate"
)

func main() {
	c := flag.Int("c", 10, "servers (case slots)")
	lambda := flag.Float64("lambda", 9, "arrival rate per day")
	mu := flag.Float64("mu", 1, "service rate per server per day")
	customers := flag.Int("customers", 2_000_000, "customers to simulate")
	seed := flag.Uint64("seed", 20181001, "random seed")
	flag.Parse()
	if *c < 1 || !(*lambda > 0) || !(*mu > 0) || *customers < 1 {
		fmt.Fprintln(os.Stderr, "mmc: -c and -customers must be at least 1, -lambda and -mu above 0")
		os.Exit(2)
	}

	// M/M/c in the engine's terms: one stream of referrals at rate lambda
	// a day, all of one risk level (so the waiting list is first in first
	// out), to one casework lot with c slots and exponential case lengths
	// of mean 1/mu days; no warm-up and no waiting-list samples. The
	// horizon gives about the asked number of arrivals.
	m := &simulate.Model{
		Horizon:     float64(*customers) / *lambda,
		SampleEvery: -1,
		Streams:     []simulate.Stream{{Group: lotting.Victim, Rate: *lambda, RiskMix: [3]float64{1, 0, 0}}},
		Route:       [][3]int{{0, 0, 0}},
		Lots: []simulate.Lot{{Name: "casework", Slots: []simulate.CapacityStep{{Slots: *c}},
			Service: lotting.Distribution{Kind: lotting.Exponential, Mean: 1 / *mu}}},
	}

	t0 := cpu()
	res, err := simulate.Run(context.Background(), m, simulate.Options{Seed: *seed, Replications: 1, Workers: 1})
	if err != nil {
		fmt.Fprintln(os.Stderr, "mmc:", err)
		os.Exit(1)
	}
	t1 := cpu()
	refWait := bench.ReferenceMMc(*c, *lambda, *mu, *customers, *seed)
	t2 := cpu()

	eng := float64(res.Customers) / (t1 - t0).Seconds()
	ref := float64(*customers) / (t2 - t1).Seconds()
	wait := res.Cell(0, simulate.AllYears, simulate.AllAreas, simulate.AllRisks).Metric(simulate.WaitMean).Mean()
	fmt.Printf("engine:    %d customers in %v CPU, %.2f M customers/s, mean wait %.4f days\n",
		res.Customers, t1-t0, eng/1e6, wait)
	fmt.Printf("reference: %d customers in %v CPU, %.2f M customers/s, mean wait %.4f days\n",
		*customers, t2-t1, ref/1e6, refWait)
	fmt.Printf("CPU time per customer, engine over reference: %.3f\n", ref/eng)
}

// cpu returns the CPU time (user + system) the process has used so far.
func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fmt.Fprintln(os.Stderr, "mmc:", err)
		os.Exit(1)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
