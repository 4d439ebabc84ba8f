package lotting_test

import (
	"fmt"

	"github.com/lotsim/lotsim/lotting"
)

// Names are read as a scenario writes them; an unknown one is an error that
// lists the valid names.
func ExampleParseKind() {
	k, err := lotting.ParseKind("perpetrator_programme")
	fmt.Println(k, err)
	_, err = lotting.ParseKind("IDVA")
	fmt.Println(err)
	fmt.Println(lotting.Risks())
	// Output:
	// perpetrator_programme <nil>
	// lotting: unknown lot kind "IDVA" (want one of central_point_of_contact, community_victim_support, idva, early_help, perpetrator_programme, refuge, sexual_violence_counselling, custom)
	// [high medium standard]
}
