package queueing

import "fmt"

// A casework lot: 20 caseworker slots, 0.5 referrals a day (about 180 a
// year), cases lasting 35 days on average, people who wait giving up after
// 60 days on average, and a target of starting within 28 days.
func ExampleErlangA() {
	const (
		slots    = 20
		referred = 0.5  // referrals a day
		caseLen  = 35.0 // mean case length, days
		patience = 60.0 // mean patience, days
		target   = 28.0 // target wait, days
	)
	q, err := NewErlangA(slots, referred, 1/caseLen, 1/patience)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("offered load: %.1f slots' worth of cases\n", referred*caseLen)
	fmt.Printf("wait at all: %.1f%%\n", 100*q.ProbWait())
	fmt.Printf("started within %.0f days: %.1f%%\n", target, 100*q.ShareStartedWithin(target))
	fmt.Printf("give up: %.1f%%\n", 100*q.ProbAbandon())
	fmt.Printf("mean wait: %.1f days\n", q.MeanWait())
	c, err := ServersForErlangA(referred, 1/caseLen, 1/patience, target, 0.9)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slots for 90%% within %.0f days: %d\n", target, c)
	// Output:
	// offered load: 17.5 slots' worth of cases
	// wait at all: 33.8%
	// started within 28 days: 96.6%
	// give up: 3.3%
	// mean wait: 2.0 days
	// slots for 90% within 28 days: 18
}

// The same lot if nobody gave up: M/M/c.
func ExampleMMc() {
	q, err := NewMMc(20, 0.5, 1.0/35)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("wait at all: %.1f%%\n", 100*q.ProbWait())
	fmt.Printf("started within 28 days: %.1f%%\n", 100*q.ShareStartedWithin(28))
	fmt.Printf("mean wait: %.1f days\n", q.MeanWait())
	fmt.Printf("90%% start within %.1f days\n", q.WaitQuantile(0.9))
	c, err := ServersForMMc(0.5, 1.0/35, 28, 0.9)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slots for 90%% within 28 days: %d\n", c)
	// Output:
	// wait at all: 46.3%
	// started within 28 days: 93.7%
	// mean wait: 6.5 days
	// 90% start within 21.5 days
	// slots for 90% within 28 days: 20
}

// A refuge with 0.1 referrals a day and stays of 90 days on average: how
// many beds turn away at most 10% of those referred (Erlang B)?
func ExampleServersForBlocking() {
	load := 0.1 * 90.0 // Erlangs: beds' worth of demand
	beds, err := ServersForBlocking(load, 0.1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d beds turn away %.1f%%; %d would turn away %.1f%%\n",
		beds, 100*ErlangB(beds, load), beds-1, 100*ErlangB(beds-1, load))
	// Output:
	// 12 beds turn away 8.3%; 11 would turn away 12.1%
}
