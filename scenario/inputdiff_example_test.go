package scenario_test

import (
	"fmt"
	"log"

	"github.com/lotsim/lotsim/scenario"
)

// Two versions of a scenario's lots: the lots are listed in another order,
// one lot's staff and wait targets change and a lot is added. Reordering
// is not a change; each path can be given back as an override.
func ExampleInputChanges() {
	a := []byte(`
lots:
  - name: North Essex
    service: {caseworkers: {fte: 12}}
    wait_targets: {high: 2 days}
  - name: Perpetrators
    allocation: remainder
`)
	b := []byte(`
lots:
  - name: Perpetrators
    allocation: remainder
  - name: North Essex
    service:
      caseworkers:
        fte: 14
    wait_targets: {high: 2 days, standard: 4 weeks}
  - name: Refuge
    allocation: {percent: 20%}
`)
	changes, err := scenario.InputChanges(a, b)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range changes {
		fmt.Printf("%-7s %s: %q -> %q\n", c.Kind, c.Path, c.A, c.B)
	}
	// Output:
	// changed lots[North Essex].service.caseworkers.fte: "12" -> "14"
	// added   lots[North Essex].wait_targets.standard: "" -> "4 weeks"
	// added   lots[Refuge]: "" -> "{name: Refuge, allocation: {percent: 20%}}"
}
