package lotting

import (
	"fmt"
	"math"
	"strings"
)

// Serves is who a lot is for and where its referrals come from, as the
// scenario states them: a refuge may be female-only or a specialist
// service (for Black and minoritised women, say), and take many of its
// referrals from outside the commissioning area (about 60% of refuge
// referrals cross local-authority boundaries). The flags are carried to
// the reports beside the lot; OutOfAreaShare also labels that share of
// the lot's referrals as from outside the area in the simulation.
type Serves struct {
	// FemaleOnly says the lot serves women only (a female-only refuge).
	FemaleOnly bool
	// Specialist, if not empty, names who the lot specialises in, such as
	// "Black and minoritised women".
	Specialist string
	// OutOfAreaShare is the share of the referrals routed to the lot that
	// come from outside the area, from 0 to below 1. The lot's demand is
	// not raised: the streams' figures are taken as all the referrals the
	// lot receives (as many local people go to refuges elsewhere as come
	// in), and this share of them is reported apart as from outside the
	// area. Zero: every referral is local.
	OutOfAreaShare float64
}

// IsZero reports whether s states nothing.
func (s Serves) IsZero() bool { return s == Serves{} }

// Note is s in words for a report, like "female-only; specialist: Black
// and minoritised women; 60% of referrals from outside the area"; "" for
// the zero value.
func (s Serves) Note() string {
	var parts []string
	if s.FemaleOnly {
		parts = append(parts, "female-only")
	}
	if s.Specialist != "" {
		parts = append(parts, "specialist: "+s.Specialist)
	}
	if s.OutOfAreaShare > 0 {
		parts = append(parts, fmt.Sprintf("%s%% of referrals from outside the area", trimFloat(100*s.OutOfAreaShare)))
	}
	return strings.Join(parts, "; ")
}

// trimFloat writes x with at most two decimals and no trailing zeros.
func trimFloat(x float64) string {
	s := fmt.Sprintf("%.2f", math.Round(100*x)/100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func (s Serves) check(ps *problems, who string) {
	if x := s.OutOfAreaShare; !(x >= 0 && x < 1) {
		ps.add("out_of_area_share", ErrBadLot, fmt.Sprintf("%s: out_of_area_share must be a share from 0%% to below 100%% of the lot's referrals, got %v", who, x))
	}
	if s.Specialist != strings.TrimSpace(s.Specialist) {
		ps.add("specialist", ErrBadLot, fmt.Sprintf("%s: specialist %q has spaces at either end", who, s.Specialist))
	}
}
