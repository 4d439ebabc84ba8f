package report

import "github.com/lotsim/lotsim/lotting"

// Serves is who a lot is for and where its referrals come from, as the
// scenario states them (lots[].female_only, specialist and
// out_of_area_share), with what the simulation gave for its referrals
// from outside the area.
type Serves struct {
	FemaleOnly bool   `json:"female_only"`
	Specialist string `json:"specialist,omitempty"`
	// OutOfAreaShare is the stated share of the lot's referrals from
	// outside the area (0.6 for 60%); 0 when none is stated.
	OutOfAreaShare float64 `json:"out_of_area_share"`
	// Note is the above in words, as the run report shows it beside the
	// lot.
	Note string `json:"note"`
	// OutOfArea is the flow of the lot's referrals from outside the area
	// over the whole period, per replication; null when none is stated.
	// The same figures by contract year and risk are the lot's cells of
	// the area Note names "outside the area" (scenario.OutOfArea).
	OutOfArea *AreaFlow `json:"out_of_area"`
}

// AreaFlow is the flow of one area's referrals through a lot over a
// period, per replication.
type AreaFlow struct {
	Area       string   `json:"area"`
	Referrals  Estimate `json:"referrals"`
	Starts     Estimate `json:"starts"`
	TurnedAway Estimate `json:"turned_away"`
	Disengaged Estimate `json:"disengaged"`
}

// NewServes returns what a lot's Serves states, and the flow of its cells
// of the area outside over the whole period when it states a share from
// outside the area; nil when it states nothing. outside names the area
// the simulation puts those referrals in (scenario.OutOfArea).
func NewServes(s lotting.Serves, l *LotResult, outside string) *Serves {
	if s.IsZero() {
		return nil
	}
	out := &Serves{FemaleOnly: s.FemaleOnly, Specialist: s.Specialist, OutOfAreaShare: s.OutOfAreaShare, Note: s.Note()}
	if s.OutOfAreaShare > 0 {
		f := &AreaFlow{Area: outside}
		if c, ok := l.Cell("", outside, ""); ok {
			f.Referrals, f.Starts, f.TurnedAway, f.Disengaged = c.Referrals, c.Starts, c.TurnedAway, c.Disengaged
		}
		out.OutOfArea = f
	}
	return out
}
