package scenario

import (
	"os"
	"testing"

	"github.com/lotsim/lotsim/funding"
)

// TestEarmarkOverride: --set reaches an earmark like any other value, and
// the changed earmark is checked: half the PFCC's £75,000 is £37,500, and
// £500,000 is more than the perpetrator lot's £427,750.
func TestEarmarkOverride(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../scenarios/essex-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const path = "funders[Essex PFCC (Community Safety Fund, perpetrator match-funding)].earmark.share"
	s, err := ApplyOverrides("essex-2025.yaml", data, Override{Path: path, Op: Set, Value: "50%"})
	if err != nil {
		t.Fatal(err)
	}
	split, err := s.Earmarks(2025)
	if err != nil {
		t.Fatal(err)
	}
	if got := split.Earmarked; !got.Equal(funding.Pounds(37500)) {
		t.Errorf("earmarked %s, want £37,500.00", got)
	}
	const council = "funders[Essex County Council]"
	if _, err := ApplyOverrides("essex-2025.yaml", data, Override{Path: council + ".earmarks", Op: Set, Value: `[{lot: Perpetrator services, amount: "£500,000"}]`}); err == nil {
		t.Error("an earmark of £500,000 to a lot of £427,750 was accepted")
	} else {
		t.Log(err)
	}
}
