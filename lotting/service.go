package lotting

import (
	"fmt"
	"math"

	"github.com/lotsim/lotsim/funding"
)

// Delivery is how a lot delivers its service. The zero value is Casework.
type Delivery int

// The ways a lot can deliver.
const (
	Casework  Delivery = iota // casework: 1:1 casework by caseworkers
	GroupWork                 // group: cohorts of a group programme
	Beds                      // beds: refuge bed spaces
)

// WhenFull is what a refuge does with a referral when every bed is taken.
// The zero value is TurnAway.
type WhenFull int

// The policies a refuge may follow when full.
const (
	TurnAway WhenFull = iota // turn_away: the referral is turned away (and counted)
	Wait                     // wait: the referral waits for a bed
)

var deliveries = &enum[Delivery]{
	typeName: "Delivery",
	values:   []Delivery{Casework, GroupWork, Beds},
	names:    []string{"casework", "group", "beds"},
	err:      ErrUnknownDelivery,
}

var whenFulls = &enum[WhenFull]{
	typeName: "WhenFull",
	values:   []WhenFull{TurnAway, Wait},
	names:    []string{"turn_away", "wait"},
	err:      ErrUnknownWhenFull,
}

// String returns the delivery as a scenario writes it: "casework", "group"
// or "beds".
func (d Delivery) String() string { return deliveries.str(d) }

// ParseDelivery returns the delivery named s: "casework", "group" or "beds".
// An unknown name is an error wrapping ErrUnknownDelivery.
func ParseDelivery(s string) (Delivery, error) { return deliveries.parse(s) }

// DeliveryNames lists the deliveries' names in a fixed order.
func DeliveryNames() []string { return deliveries.list() }

// MarshalText encodes d by its scenario name.
func (d Delivery) MarshalText() ([]byte, error) { return deliveries.marshal(d) }

// UnmarshalText decodes any name ParseDelivery accepts.
func (d *Delivery) UnmarshalText(text []byte) error {
	v, err := ParseDelivery(string(text))
	if err == nil {
		*d = v
	}
	return err
}

// String returns the policy as a scenario writes it: "turn_away" or "wait".
func (w WhenFull) String() string { return whenFulls.str(w) }

// ParseWhenFull returns the policy named s: "turn_away" or "wait". An
// unknown name is an error wrapping ErrUnknownWhenFull.
func ParseWhenFull(s string) (WhenFull, error) { return whenFulls.parse(s) }

// WhenFullNames lists the policies' names in a fixed order.
func WhenFullNames() []string { return whenFulls.list() }

// MarshalText encodes w by its scenario name.
func (w WhenFull) MarshalText() ([]byte, error) { return whenFulls.marshal(w) }

// UnmarshalText decodes any name ParseWhenFull accepts.
func (w *WhenFull) UnmarshalText(text []byte) error {
	v, err := ParseWhenFull(string(text))
	if err == nil {
		*w = v
	}
	return err
}

// ServiceModel says how a lot turns money into capacity. Delivery picks the
// mode that runs; the block for it must be present. A lot may carry more
// than one block: a perpetrator lot may have both Caseworkers (its 1:1 mode)
// and Group, and Delivery picks which one runs.
type ServiceModel struct {
	// Delivery picks the block that runs: Casework uses Caseworkers,
	// GroupWork uses Group, Beds uses Refuge.
	Delivery Delivery
	// Caseworkers is the 1:1 casework block; nil if the lot has none.
	Caseworkers *Caseworkers
	// Group is the group programme block; nil if the lot has none.
	Group *Group
	// Refuge is the bed spaces block; nil if the lot has none.
	Refuge *Refuge
}

// Caseworkers describes 1:1 casework: how many workers, what they cost, how
// many cases each holds at once and how long a case lasts.
type Caseworkers struct {
	// FTE is the number of full-time-equivalent caseworkers. Zero means
	// derive it from the lot's money: money / (CostPerFTE x cost index).
	FTE float64
	// CostPerFTE is the loaded annual cost of one FTE at base-year prices.
	// Optional when FTE is given; then it is used to check the money covers
	// the staff.
	CostPerFTE funding.Money
	// CaseloadPerFTE is the number of cases one FTE holds at once (a
	// concurrent caseload, not a yearly flow; about 20 to 25 for an IDVA).
	CaseloadPerFTE float64
	// CaseLength is how long a case stays open, in days: for every risk
	// level without an entry in CaseLengthByRisk.
	CaseLength Distribution
	// CaseLengthByRisk, if not empty, gives the case length of the risk
	// levels it lists (high-risk cases are longer and more intensive);
	// the levels it does not list take CaseLength. See CaseLengthFor and
	// MeanCaseLength.
	CaseLengthByRisk map[Risk]Distribution
	// Stretch, if not nil, lets the caseload run above CaseloadPerFTE
	// rather than keep people waiting; nil means the caseload is a hard
	// cap. Only casework delivery may stretch.
	Stretch *Stretch
}

// Stretch is how casework stretches: services "don't turn women away or
// run waiting lists … they stretch". Above the normal caseload
// (CaseloadPerFTE) and up to MaxCaseloadPerFTE a case is taken on at once
// but lasts LengthFactor times longer (thinner contact); at the maximum
// people wait.
type Stretch struct {
	// MaxCaseloadPerFTE is the most cases one FTE holds at once when
	// stretched; it must be at least CaseloadPerFTE.
	MaxCaseloadPerFTE float64
	// LengthFactor multiplies the length of a case taken on stretched
	// (at least 1).
	LengthFactor float64
}

// CasesPerYear returns the cases a year fte caseworkers can take, by
// Little's law: fte x CaseloadPerFTE / (mean case length in years). For
// example 10 FTE x 22 / (110/365.25 years) = 730.5 cases a year. It returns
// 0 if the case length has no positive mean, rather than dividing by zero.
func (c Caseworkers) CasesPerYear(fte float64) float64 {
	mean := c.CaseLength.Expected()
	if !(mean > 0) || !(fte > 0) || !(c.CaseloadPerFTE > 0) {
		return 0
	}
	return fte * c.CaseloadPerFTE * funding.DaysPerYear / mean
}

// Group describes a group programme run in cohorts.
type Group struct {
	// CohortSize is the most participants a cohort takes.
	CohortSize int
	// MinToStart is the fewest participants a cohort needs to start; 0 is
	// taken as 1. It may not exceed CohortSize.
	MinToStart int
	// Weeks is the number of weekly sessions in the programme (at least 22
	// under the Home Office standards of January 2023).
	Weeks int
	// StartEvery is how often a new cohort can start, e.g. 4 weeks.
	StartEvery funding.Duration
	// ConcurrentCohorts is how many cohorts can run at once. Zero means
	// derive it from the lot's money (see CohortsFor): that needs
	// CostPerFacilitatorFTE and FacilitatorsPerGroup.
	ConcurrentCohorts int
	// CostPerCohort is what one cohort costs to run at base-year prices.
	// Optional; when given, Plan checks the lot's frontline money covers
	// the cohorts started in a year. It buys nothing.
	CostPerCohort funding.Money
	// CostPerFacilitatorFTE is the loaded annual cost of one full-time
	// facilitator at base-year prices. With ConcurrentCohorts 0 it buys
	// groups from the lot's money; with ConcurrentCohorts given, Plan only
	// checks the money covers them.
	CostPerFacilitatorFTE funding.Money
	// FacilitatorsPerGroup is the facilitator FTE one concurrent group
	// needs, all year: its facilitators' sessions, preparation, partner
	// contact and supervision (2 facilitators each at 0.5 FTE make 1).
	// Needed with CostPerFacilitatorFTE.
	FacilitatorsPerGroup float64
	// Rolling makes intake rolling: people join a running cohort at any
	// weekly session up to week JoinUntilWeek (the cohort starts in week
	// 0), filling its free seats from the waiting list, and a seat freed
	// by a drop-out is refilled the same way up to that week. Someone who
	// joins at week w completes with the cohort, after the Weeks - w weeks
	// left. False (the default) is closed intake: a cohort takes people
	// at its start only.
	Rolling bool
	// JoinUntilWeek is the last week at which a rolling cohort takes
	// people, from 1 to Weeks - 1; used only with Rolling.
	JoinUntilWeek int
}

// WeeksPerYear is the number of weeks in a year the group arithmetic uses,
// as commissioners count: a year of weekly sessions is 52 weeks.
const WeeksPerYear = 52

// CohortsPerYear returns how many cohorts can start in a year: one every
// StartEvery (365.25 / days between starts), but no more than
// ConcurrentCohorts programmes of Weeks weeks fit in 52 weeks
// (ConcurrentCohorts x 52 / Weeks). For a cohort every 4 weeks, 26 weekly
// sessions and 3 cohorts at once: min(365.25/28, 3 x 52/26) = min(13.04, 6)
// = 6. It returns 0 for a group that cannot run.
func (g Group) CohortsPerYear() float64 {
	every := g.StartEvery.ApproxDays()
	if !(every > 0) || g.Weeks <= 0 || g.ConcurrentCohorts <= 0 {
		return 0
	}
	return math.Min(funding.DaysPerYear/every, float64(g.ConcurrentCohorts)*WeeksPerYear/float64(g.Weeks))
}

// PlacesPerYear returns CohortsPerYear x CohortSize: 6 cohorts of 12 make
// 72 places a year.
func (g Group) PlacesPerYear() float64 {
	if g.CohortSize <= 0 {
		return 0
	}
	return g.CohortsPerYear() * float64(g.CohortSize)
}

// Refuge describes refuge bed spaces.
type Refuge struct {
	// Beds is the number of bed spaces (family places). Zero means derive
	// it from the lot's money (see BedsFor): that needs CostPerBed.
	Beds int
	// CostPerBed is the annual cost of one bed space at base-year prices.
	// With Beds 0 it buys beds from the lot's money; with Beds given, Plan
	// only checks the money covers them.
	CostPerBed funding.Money
	// LengthOfStay is how long a stay lasts, in days.
	LengthOfStay Distribution
	// WhenFull is what happens to a referral when every bed is taken.
	WhenFull WhenFull
	// DeclinedShare is the share of referrals the refuge declines for
	// reasons other than space (needs it cannot meet), 0 to 1.
	DeclinedShare float64
}

// StaysPerYear returns the stays a year the beds allow: Beds x 365.25 /
// mean length of stay. For 20 beds and a mean stay of 150 days: 20 x
// 365.25/150 = 48.7 stays a year. It returns 0 if the stay has no positive
// mean, rather than dividing by zero.
func (r Refuge) StaysPerYear() float64 {
	mean := r.LengthOfStay.Expected()
	if !(mean > 0) || r.Beds <= 0 {
		return 0
	}
	return float64(r.Beds) * funding.DaysPerYear / mean
}

// empty reports whether the model has no delivery block at all.
func (m ServiceModel) empty() bool {
	return m.Caseworkers == nil && m.Group == nil && m.Refuge == nil
}

// check adds the model's problems to ps, with paths under "service" and
// messages starting with who (e.g. `lot "Victims"`). A lot of kind
// central_point_of_contact may have no blocks at all: the front door's
// handlers are its capacity.
func (m ServiceModel) check(ps *problems, who string, kind Kind) {
	if !deliveries.valid(m.Delivery) {
		ps.add("service.delivery", ErrBadLot, fmt.Sprintf("%s: delivery %s is not one of %s", who, m.Delivery, joinOr(DeliveryNames())))
	} else if !(kind == KindCentralPointOfContact && m.empty()) {
		var missing string
		switch m.Delivery {
		case Casework:
			if m.Caseworkers == nil {
				missing = "caseworkers"
			}
		case GroupWork:
			if m.Group == nil {
				missing = "group"
			}
		case Beds:
			if m.Refuge == nil {
				missing = "refuge"
			}
		}
		if missing != "" {
			ps.add("service."+missing, ErrBadLot, fmt.Sprintf("%s: delivery is %s but the service has no %s block; add service.%s or choose the delivery of the block it has", who, m.Delivery, missing, missing))
		}
	}
	if c := m.Caseworkers; c != nil {
		const at = "service.caseworkers"
		switch {
		case !finiteAtLeast(c.FTE, 0):
			ps.add(at+".fte", ErrBadLot, fmt.Sprintf("%s: fte must be a number at least 0 (0 derives it from money), got %v", who, c.FTE))
		case c.FTE == 0 && c.CostPerFTE.IsZero():
			ps.add(at, ErrBadLot, fmt.Sprintf("%s: caseworkers need fte, or cost_per_fte to derive FTE from the lot's money; neither is given", who))
		}
		if c.CostPerFTE.IsNegative() {
			ps.add(at+".cost_per_fte", ErrBadLot, fmt.Sprintf("%s: cost_per_fte must not be negative, got %s", who, c.CostPerFTE))
		}
		if !(finiteAtLeast(c.CaseloadPerFTE, 0) && c.CaseloadPerFTE > 0) {
			ps.add(at+".caseload_per_fte", ErrBadLot, fmt.Sprintf("%s: caseload_per_fte (cases one FTE holds at once) must be above 0, got %v", who, c.CaseloadPerFTE))
		}
		checkDuration(ps, at+".case_length", who, "case_length", c.CaseLength)
		c.checkByRisk(ps, at, who)
		if st := c.Stretch; st != nil {
			if m.Delivery != Casework {
				ps.add(at+".stretch", ErrBadLot, fmt.Sprintf("%s: stretch applies to casework delivery only, and this lot delivers %s; remove the stretch block or deliver casework", who, m.Delivery))
			}
			if !(finiteAtLeast(st.MaxCaseloadPerFTE, c.CaseloadPerFTE) && st.MaxCaseloadPerFTE > 0) {
				ps.add(at+".stretch.max_caseload_per_fte", ErrBadLot, fmt.Sprintf("%s: max_caseload_per_fte must be a number at least caseload_per_fte (%v), got %v", who, c.CaseloadPerFTE, st.MaxCaseloadPerFTE))
			}
			if !finiteAtLeast(st.LengthFactor, 1) {
				ps.add(at+".stretch.length_factor", ErrBadLot, fmt.Sprintf("%s: length_factor (how many times longer a stretched case lasts) must be a number at least 1, got %v", who, st.LengthFactor))
			}
		}
	}
	if g := m.Group; g != nil {
		const at = "service.group"
		if g.CohortSize < 1 {
			ps.add(at+".cohort_size", ErrBadLot, fmt.Sprintf("%s: cohort_size must be at least 1, got %d", who, g.CohortSize))
		}
		if g.MinToStart < 0 || (g.CohortSize >= 1 && g.MinToStart > g.CohortSize) {
			ps.add(at+".min_to_start", ErrBadLot, fmt.Sprintf("%s: min_to_start must be from 0 to cohort_size %d, got %d", who, g.CohortSize, g.MinToStart))
		}
		if g.Weeks < 1 {
			ps.add(at+".weeks", ErrBadLot, fmt.Sprintf("%s: weeks (weekly sessions in the programme) must be at least 1, got %d", who, g.Weeks))
		}
		if g.Rolling && (g.JoinUntilWeek < 1 || g.JoinUntilWeek >= max(g.Weeks, 2)) {
			ps.add(at+".join_until_week", ErrBadLot, fmt.Sprintf("%s: join_until_week, the last week people join a rolling cohort, must be from 1 to weeks - 1 = %d, got %d", who, max(g.Weeks-1, 1), g.JoinUntilWeek))
		}
		if !g.Rolling && g.JoinUntilWeek != 0 {
			ps.add(at+".join_until_week", ErrBadLot, fmt.Sprintf("%s: join_until_week %d needs intake: rolling; a closed group takes people at its start only", who, g.JoinUntilWeek))
		}
		if g.StartEvery.IsZero() {
			ps.add(at+".start_every", ErrBadLot, fmt.Sprintf("%s: start_every, how often a cohort can start, is missing; give a duration such as 4 weeks", who))
		} else if !(g.StartEvery.ApproxDays() > 0) {
			ps.add(at+".start_every", ErrBadLot, fmt.Sprintf("%s: start_every must be a positive duration such as 4 weeks, got %q", who, g.StartEvery))
		}
		switch {
		case g.ConcurrentCohorts < 0:
			ps.add(at+".concurrent_cohorts", ErrBadLot, fmt.Sprintf("%s: concurrent_cohorts must be at least 1, got %d", who, g.ConcurrentCohorts))
		case g.ConcurrentCohorts == 0 && g.CostPerFacilitatorFTE.Sign() <= 0:
			ps.add(at+".concurrent_cohorts", ErrBadLot, fmt.Sprintf("%s: concurrent_cohorts must be at least 1, or 0 with cost_per_facilitator_fte and facilitators_per_group to buy groups with the lot's money", who))
		}
		if g.CostPerCohort.IsNegative() {
			ps.add(at+".cost_per_cohort", ErrBadLot, fmt.Sprintf("%s: cost_per_cohort must not be negative, got %s", who, g.CostPerCohort))
		}
		if g.CostPerFacilitatorFTE.IsNegative() {
			ps.add(at+".cost_per_facilitator_fte", ErrBadLot, fmt.Sprintf("%s: cost_per_facilitator_fte must not be negative, got %s", who, g.CostPerFacilitatorFTE))
		}
		switch f := g.FacilitatorsPerGroup; {
		case !finiteAtLeast(f, 0):
			ps.add(at+".facilitators_per_group", ErrBadLot, fmt.Sprintf("%s: facilitators_per_group (facilitator FTE a running group needs) must be a number above 0, got %v", who, f))
		case f == 0 && g.CostPerFacilitatorFTE.Sign() > 0:
			ps.add(at+".facilitators_per_group", ErrBadLot, fmt.Sprintf("%s: cost_per_facilitator_fte needs facilitators_per_group, the facilitator FTE one concurrent group needs (like 1.2)", who))
		}
	}
	if r := m.Refuge; r != nil {
		const at = "service.refuge"
		switch {
		case r.Beds < 0:
			ps.add(at+".beds", ErrBadLot, fmt.Sprintf("%s: beds must be at least 1, got %d", who, r.Beds))
		case r.Beds == 0 && r.CostPerBed.Sign() <= 0:
			ps.add(at+".beds", ErrBadLot, fmt.Sprintf("%s: beds must be at least 1, or 0 with cost_per_bed to buy beds with the lot's money", who))
		}
		if r.CostPerBed.IsNegative() {
			ps.add(at+".cost_per_bed", ErrBadLot, fmt.Sprintf("%s: cost_per_bed must not be negative, got %s", who, r.CostPerBed))
		}
		checkDuration(ps, at+".length_of_stay", who, "length_of_stay", r.LengthOfStay)
		if !whenFulls.valid(r.WhenFull) {
			ps.add(at+".when_full", ErrBadLot, fmt.Sprintf("%s: when_full %s is not one of %s", who, r.WhenFull, joinOr(WhenFullNames())))
		}
		if !isShare(r.DeclinedShare) {
			ps.add(at+".declined_share", ErrBadLot, fmt.Sprintf("%s: declined_share must be from 0%% to 100%%, got %v", who, r.DeclinedShare))
		}
	}
}

// checkDuration reports a distribution of durations that is invalid or has
// no positive mean (a case that lasts no time would make capacity infinite).
func checkDuration(ps *problems, path, who, field string, d Distribution) {
	if err := d.Validate(); err != nil {
		ps.addCause(path, ErrBadLot, fmt.Sprintf("%s: %s", who, field), err)
		return
	}
	if !(d.Expected() > 0) {
		ps.add(path, ErrBadLot, fmt.Sprintf("%s: %s must have a mean above 0 days, got %v", who, field, d.Expected()))
	}
}

func finiteAtLeast(x, lo float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0) && x >= lo
}

// isShare reports whether x is a proportion from 0 to 1.
func isShare(x float64) bool { return x >= 0 && x <= 1 }

// joinOr lists names as "a, b or c".
func joinOr(names []string) string { return joinWith(names, " or ") }

// joinAnd lists names as "a, b and c".
func joinAnd(names []string) string { return joinWith(names, " and ") }

func joinWith(names []string, last string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	s := ""
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s + last + names[len(names)-1]
}
