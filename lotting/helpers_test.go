package lotting

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
)

// approx compares floats to within a relative 1e-9, for figures worked out
// by hand.
var approx = cmpopts.EquateApprox(1e-9, 1e-9)

var sentinelNames = []struct {
	err  error
	name string
}{
	{ErrGap, "ErrGap"},
	{ErrOverlap, "ErrOverlap"},
	{ErrUnreachable, "ErrUnreachable"},
	{ErrAreaNotCovered, "ErrAreaNotCovered"},
	{ErrUnknownLot, "ErrUnknownLot"},
	{ErrUnknownArea, "ErrUnknownArea"},
	{ErrBadRule, "ErrBadRule"},
	{ErrFrontDoor, "ErrFrontDoor"},
	{ErrBadStructure, "ErrBadStructure"},
	{ErrBadLot, "ErrBadLot"},
	{ErrBadDemand, "ErrBadDemand"},
}

// summarise turns problems into "path ErrName" lines, so a test can state
// which problems it expects, and checks each is a *Problem with a message.
func summarise(t *testing.T, errs []error) []string {
	t.Helper()
	var out []string
	for _, err := range errs {
		var p *Problem
		if !errors.As(err, &p) {
			t.Errorf("%v is a %T, not a *Problem", err, err)
			continue
		}
		if p.Msg == "" {
			t.Errorf("%v has no message", err)
		}
		name := "unknown sentinel"
		for _, s := range sentinelNames {
			if errors.Is(err, s.err) {
				name = s.name
				break
			}
		}
		out = append(out, fmt.Sprintf("%s %s", p.Path, name))
	}
	return out
}
