package simulate_test

import (
	"fmt"

	"github.com/lotsim/lotsim/simulate"
)

// ExampleShardRange shows the fixed split of a run's replications into
// shards: contiguous ranges in order, the first ones a replication longer
// when the count does not divide.
func ExampleShardRange() {
	for k := 1; k <= 4; k++ {
		lo, hi, _ := simulate.ShardRange(k, 4, 10)
		fmt.Printf("shard %d/4 of 10: replications %d to %d\n", k, lo, hi-1)
	}
	_, _, err := simulate.ShardRange(1, 11, 10)
	fmt.Println(err)
	// Output:
	// shard 1/4 of 10: replications 0 to 2
	// shard 2/4 of 10: replications 3 to 5
	// shard 3/4 of 10: replications 6 to 7
	// shard 4/4 of 10: replications 8 to 9
	// simulate: bad options: 11 shards of 10 replications: each shard needs at least one, so use at most 10 shards
}
