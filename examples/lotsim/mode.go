package main

import (
	"strings"

	"github.com/lotsim/lotsim/internal/render"
	"github.com/lotsim/lotsim/report"
)

// modeParagraph names a lot's changes of delivery, if it has any: "Delivery:
// group work; 1:1 casework from 2020-03-23; group work from 2021-09-01."
func modeParagraph(l report.LotResult) (render.Block, bool) {
	if len(l.ModeChanges) == 0 {
		return nil, false
	}
	parts := []string{deliveryName(l.Mode)}
	for _, c := range l.ModeChanges {
		parts = append(parts, deliveryName(c.Mode)+" from "+c.Date)
	}
	return render.Paragraph("Delivery: " + strings.Join(parts, "; ") + ". Each contract year's figures add both deliveries; " +
		"utilisation counts each delivery's own units (case slots, or groups at once) in the days it runs."), true
}

// deliveryName writes a delivery for a reader.
func deliveryName(mode string) string {
	switch mode {
	case "casework":
		return "1:1 casework"
	case "group":
		return "group work"
	}
	return mode
}
