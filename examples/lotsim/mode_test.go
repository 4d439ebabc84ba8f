package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

func TestModeParagraph(t *testing.T) {
	t.Parallel()
	l := report.LotResult{Name: "Perpetrators", Mode: "group",
		ModeChanges: []report.ModeChange{{Date: "2020-03-23", Mode: "casework"}, {Date: "2021-09-01", Mode: "group"}}}
	got, ok := modeParagraph(l)
	want := render.Paragraph("Delivery: group work; 1:1 casework from 2020-03-23; group work from 2021-09-01. Each contract year's figures add both deliveries; " +
		"utilisation counts each delivery's own units (case slots, or groups at once) in the days it runs.")
	if !ok {
		t.Fatal("no paragraph for a lot that switches")
	}
	if diff := cmp.Diff(render.Block(want), got); diff != "" {
		t.Errorf("paragraph (-want +got)\n%s", diff)
	}
	if _, ok := modeParagraph(report.LotResult{Name: "Victims", Mode: "casework"}); ok {
		t.Error("a paragraph for a lot that does not switch")
	}
}
