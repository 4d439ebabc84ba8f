package lotting

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/funding"
)

// essex returns a structure shaped like seed 004 (Southend, Essex and
// Thurrock): a front door, three geographic victim lots, an IDVA lot for high
// risk and a perpetrator lot; and demand that every lot is reached by. Fresh
// for each call so tests can change it.
func essex() (Structure, Demand) {
	casework := func() ServiceModel {
		return ServiceModel{Caseworkers: &Caseworkers{FTE: 10, CaseloadPerFTE: 22, CaseLength: FixedValue(110)}}
	}
	s := Structure{
		Areas: []string{"North Essex", "Mid Essex", "South Essex"},
		Lots: []Lot{
			{Name: "Front door", Kind: KindCentralPointOfContact},
			{Name: "North", Kind: KindCommunityVictimSupport, Areas: []string{"North Essex"}, Service: casework()},
			{Name: "Mid", Kind: KindCommunityVictimSupport, Areas: []string{"Mid Essex"}, Service: casework()},
			{Name: "South", Kind: KindCommunityVictimSupport, Areas: []string{"South Essex"}, Service: casework()},
			{Name: "IDVA", Kind: KindIDVA, Service: casework()},
			{Name: "Perpetrators", Kind: KindPerpetratorProgramme, Service: ServiceModel{Delivery: GroupWork,
				Group: &Group{CohortSize: 12, Weeks: 26, StartEvery: funding.MustParseDuration("4 weeks"), ConcurrentCohorts: 3}}},
		},
		Rules: []Rule{
			{Groups: []ClientGroup{Victim}, Risks: []Risk{Standard, Medium}, Areas: []string{"North Essex"}, Lot: "North"},
			{Groups: []ClientGroup{Victim}, Risks: []Risk{Standard, Medium}, Areas: []string{"Mid Essex"}, Lot: "Mid"},
			{Groups: []ClientGroup{Victim}, Risks: []Risk{Standard, Medium}, Areas: []string{"South Essex"}, Lot: "South"},
			{Groups: []ClientGroup{Victim}, Risks: []Risk{High}, Lot: "IDVA"},
			{Groups: []ClientGroup{Perpetrator}, Lot: "Perpetrators"},
		},
		FrontDoor: &FrontDoor{Lot: "Front door", Handlers: 6, HandlingTime: Distribution{Kind: Lognormal, Mean: 0.03125, SD: 0.0139},
			SelfServe: map[Risk]float64{Standard: 0.2}},
	}
	mix := func() map[Risk]float64 { return map[Risk]float64{Standard: 0.6, Medium: 0.3, High: 0.1} }
	d := Demand{
		Start: funding.NewDate(2025, 4, 1),
		Streams: []Stream{
			{Area: "North Essex", Group: Victim, PerYear: 3000, RiskMix: mix()},
			{Area: "Mid Essex", Group: Victim, PerYear: 2500, RiskMix: mix()},
			{Area: "South Essex", Group: Victim, PerYear: 3500, RiskMix: mix()},
			{Area: "Mid Essex", Group: Perpetrator, PerYear: 300, RiskMix: map[Risk]float64{Standard: 0.5, Medium: 0.5}},
		},
	}
	return s, d
}

func TestRuleMatchesAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rule  Rule
		area  string
		group ClientGroup
		risk  Risk
		match bool
		str   string
	}{
		{Rule{Lot: "All"}, "Anywhere", Perpetrator, High, true, "any client group; any risk; any area -> All"},
		{Rule{Groups: []ClientGroup{Victim, ChildFamily}, Lot: "Victims"}, "X", ChildFamily, Standard, true, "victim, child_family; any risk; any area -> Victims"},
		{Rule{Groups: []ClientGroup{Victim}, Lot: "Victims"}, "X", Perpetrator, Standard, false, "victim; any risk; any area -> Victims"},
		{Rule{Risks: []Risk{High, Medium}, Lot: "IDVA"}, "X", Victim, Standard, false, "any client group; high, medium risk; any area -> IDVA"},
		{Rule{Areas: []string{"Mid Essex", "South Essex"}, Lot: "Mid"}, "North Essex", Victim, High, false, "any client group; any risk; Mid Essex, South Essex -> Mid"},
		{Rule{Groups: []ClientGroup{Victim}, Risks: []Risk{High}, Areas: []string{"Mid Essex"}, Lot: "IDVA"}, "Mid Essex", Victim, High, true, "victim; high risk; Mid Essex -> IDVA"},
	}
	for _, tt := range tests {
		if got := tt.rule.Matches(tt.area, tt.group, tt.risk); got != tt.match {
			t.Errorf("%s: Matches(%q, %s, %s) = %v, want %v", tt.rule, tt.area, tt.group, tt.risk, got, tt.match)
		}
		if got := tt.rule.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
	}
}

func TestStructureRoute(t *testing.T) {
	t.Parallel()
	s, _ := essex()
	overlapping, _ := essex()
	overlapping.Rules = append(overlapping.Rules,
		Rule{Groups: []ClientGroup{Victim}, Areas: []string{"North Essex"}, Lot: "IDVA"},   // disagrees with rule 0 below high risk
		Rule{Groups: []ClientGroup{Perpetrator}, Risks: []Risk{High}, Lot: "Perpetrators"}, // agrees with rule 4
		Rule{Groups: []ClientGroup{ChildFamily}, Lot: "Early help"},                        // no such lot
	)
	tests := []struct {
		name   string
		s      Structure
		area   string
		group  ClientGroup
		risk   Risk
		want   int
		wantOK bool
	}{
		{"standard risk by area", s, "Mid Essex", Victim, Standard, 2, true},
		{"high risk anywhere", s, "South Essex", Victim, High, 4, true},
		{"perpetrators", s, "North Essex", Perpetrator, Medium, 5, true},
		{"gap", s, "North Essex", ChildFamily, Medium, -1, false},
		{"undeclared area", s, "Thurrock", Victim, Standard, -1, false},
		{"overlap", overlapping, "North Essex", Victim, Medium, -1, false},
		{"two rules to the same lot", overlapping, "North Essex", Victim, High, 4, true},
		{"two perpetrator rules agree", overlapping, "North Essex", Perpetrator, High, 5, true},
		{"unknown lot", overlapping, "North Essex", ChildFamily, High, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := tt.s.Route(tt.area, tt.group, tt.risk)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Route(%q, %s, %s) = %d, %v; want %d, %v", tt.area, tt.group, tt.risk, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestFrontDoor(t *testing.T) {
	t.Parallel()
	s, _ := essex()
	// Six handlers at a mean of 45 minutes (0.03125 days): 6 x 365.25 /
	// 0.03125 = 70,128 contacts a year.
	if diff := cmp.Diff(70128.0, s.FrontDoor.ContactsPerYear(), approx); diff != "" {
		t.Errorf("ContactsPerYear (-want +got)\n%s", diff)
	}
	if got := (FrontDoor{Handlers: 6, HandlingTime: FixedValue(0)}).ContactsPerYear(); got != 0 {
		t.Errorf("ContactsPerYear with no handling time = %v, want 0", got)
	}
	if got := s.SelfServe("Mid Essex", Standard); got != 0.2 {
		t.Errorf("SelfServe(Mid Essex, standard) = %v, want 0.2", got)
	}
	if got := s.SelfServe("Mid Essex", High); got != 0 {
		t.Errorf("SelfServe(Mid Essex, high) = %v, want 0", got)
	}
	// A front door covering only North Essex: others go straight to routing.
	s.Lots[0].Areas = []string{"North Essex"}
	if !s.ThroughFrontDoor("North Essex") || s.ThroughFrontDoor("Mid Essex") || s.SelfServe("Mid Essex", Standard) != 0 {
		t.Errorf("a front door covering North Essex only: through(North) %v, through(Mid) %v, self-serve(Mid) %v",
			s.ThroughFrontDoor("North Essex"), s.ThroughFrontDoor("Mid Essex"), s.SelfServe("Mid Essex", Standard))
	}
	s.FrontDoor = nil
	if s.ThroughFrontDoor("North Essex") || s.SelfServe("North Essex", Standard) != 0 {
		t.Error("no front door, yet referrals pass it")
	}
}

func TestStructureValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Structure, *Demand)
		want   []string // "path sentinel", in order
		reason string
	}{
		{name: "valid", change: func(*Structure, *Demand) {}},
		{name: "no front door", change: func(s *Structure, d *Demand) {
			s.FrontDoor = nil
			s.Lots[0].Service = ServiceModel{Caseworkers: &Caseworkers{FTE: 3, CaseloadPerFTE: 40, CaseLength: FixedValue(7)}}
			s.Rules = append(s.Rules, Rule{Groups: []ClientGroup{ChildFamily}, Lot: "Front door"})
			d.Streams = append(d.Streams, Stream{Area: "Mid Essex", Group: ChildFamily, PerYear: 10, RiskMix: map[Risk]float64{Standard: 1}})
		}, reason: "a central point of contact with a service of its own may take referrals by rule"},
		{name: "gap", change: func(s *Structure, _ *Demand) { s.Rules = append(s.Rules[:1], s.Rules[2:]...) },
			want: []string{"demand.streams[1] ErrGap", "lots[2] ErrUnreachable"}},
		{name: "all self-serve needs no rule", change: func(s *Structure, _ *Demand) {
			s.Rules[0].Risks = []Risk{Medium}
			s.FrontDoor.SelfServe[Standard] = 1
		}},
		{name: "self-serve only where the front door covers", change: func(s *Structure, _ *Demand) {
			s.Rules[1].Risks = []Risk{Medium}
			s.FrontDoor.SelfServe[Standard] = 1
			s.Lots[0].Areas = []string{"North Essex", "South Essex"}
		}, want: []string{"demand.streams[1] ErrGap"}},
		{name: "overlap", change: func(s *Structure, _ *Demand) {
			s.Rules = append(s.Rules, Rule{Groups: []ClientGroup{Victim}, Areas: []string{"North Essex"}, Lot: "IDVA"})
		}, want: []string{"routing[5] ErrOverlap"}, reason: "high risk matches rules 3 and 5, both IDVA: not an overlap"},
		{name: "three-way overlap", change: func(s *Structure, _ *Demand) {
			s.Rules = append(s.Rules,
				Rule{Areas: []string{"South Essex"}, Risks: []Risk{Standard}, Lot: "IDVA"},
				Rule{Groups: []ClientGroup{Victim}, Risks: []Risk{Standard}, Lot: "North"})
		}, want: []string{"routing[6] ErrOverlap", "routing[6] ErrOverlap"},
			reason: "Mid Essex standard: rules 1, 6; South Essex standard: rules 2, 5, 6; rules 0 and 6 agree for North Essex"},
		{name: "unreachable lot", change: func(s *Structure, _ *Demand) {
			s.Lots = append(s.Lots, Lot{Name: "Refuge", Kind: KindRefuge, Service: ServiceModel{Delivery: Beds, Refuge: &Refuge{Beds: 20, LengthOfStay: FixedValue(150)}}})
		}, want: []string{"lots[6] ErrUnreachable"}},
		{name: "lot named by a rule no stream matches", change: func(s *Structure, _ *Demand) {
			s.Lots = append(s.Lots, Lot{Name: "Early help", Kind: KindEarlyHelp, Service: s.Lots[1].Service})
			s.Rules = append(s.Rules, Rule{Groups: []ClientGroup{ChildFamily}, Lot: "Early help"})
		}, want: []string{"lots[6] ErrUnreachable"}},
		{name: "lot reached only through an overlap", change: func(s *Structure, _ *Demand) {
			s.Lots = append(s.Lots, Lot{Name: "Spare", Kind: KindCustom, Service: s.Lots[1].Service})
			s.Rules = append(s.Rules, Rule{Groups: []ClientGroup{Perpetrator}, Lot: "Spare"})
		}, want: []string{"routing[5] ErrOverlap"}, reason: "the overlap is reported, not the lots it leaves unreached"},
		{name: "rule naming an unknown lot", change: func(s *Structure, _ *Demand) { s.Rules[0].Lot = "Nroth" },
			want: []string{"routing[0].lot ErrUnknownLot", "lots[1] ErrUnreachable"}},
		{name: "rule naming no lot, bad group and risk", change: func(s *Structure, _ *Demand) {
			s.Rules = append(s.Rules, Rule{Groups: []ClientGroup{0}, Risks: []Risk{7}})
		}, want: []string{"routing[5].lot ErrBadRule", "routing[5].client_groups[0] ErrBadRule", "routing[5].risks[0] ErrBadRule"}},
		{name: "rule naming an undeclared area", change: func(s *Structure, _ *Demand) { s.Rules[0].Areas = []string{"North Esex"} },
			want: []string{"routing[0].areas[0] ErrUnknownArea", "demand.streams[0] ErrGap", "lots[1] ErrUnreachable"}},
		{name: "lot does not cover the area", change: func(s *Structure, _ *Demand) {
			s.Rules[0].Areas = append(s.Rules[0].Areas, "Mid Essex")
			s.Rules = append(s.Rules[:1], s.Rules[2:]...)
		}, want: []string{"routing[0] ErrAreaNotCovered", "lots[2] ErrUnreachable"}},
		{name: "stream from an undeclared area", change: func(_ *Structure, d *Demand) { d.Streams[3].Area = "Thurrock" },
			want: []string{"demand.streams[3].area ErrUnknownArea", "lots[5] ErrUnreachable"}},
		{name: "lot covering an undeclared area", change: func(s *Structure, _ *Demand) { s.Lots[3].Areas = []string{"South Essex", "Southend"} },
			want: []string{"lots[3].areas[1] ErrUnknownArea"}},
		{name: "front door lot of the wrong kind", change: func(s *Structure, _ *Demand) { s.FrontDoor.Lot = "IDVA" },
			want:   []string{"front_door.lot ErrFrontDoor", "lots[0].service ErrBadLot", "routing[3].lot ErrBadRule", "lots[0] ErrUnreachable"},
			reason: "the IDVA lot becomes the front door, so rule 3 routes to it, and the real front door lot is left with nothing"},
		{name: "front door naming no such lot", change: func(s *Structure, _ *Demand) { s.FrontDoor.Lot = "CPC" },
			want: []string{"front_door.lot ErrUnknownLot", "lots[0].service ErrBadLot", "lots[0] ErrUnreachable"}},
		{name: "front door naming no lot", change: func(s *Structure, _ *Demand) { s.FrontDoor.Lot = "" },
			want: []string{"front_door.lot ErrFrontDoor", "lots[0].service ErrBadLot", "lots[0] ErrUnreachable"}},
		{name: "front door figures", change: func(s *Structure, _ *Demand) {
			s.FrontDoor.Handlers = 0
			s.FrontDoor.HandlingTime = Distribution{Kind: Lognormal, Mean: 0.03}
			s.FrontDoor.SelfServe = map[Risk]float64{Standard: 20, Risk(0): 0.1}
		}, want: []string{"front_door.handlers ErrFrontDoor", "front_door.handling_time ErrFrontDoor", "front_door.self_serve ErrFrontDoor", "front_door.self_serve.standard ErrFrontDoor"}},
		{name: "rule sending referrals to the front door", change: func(s *Structure, _ *Demand) { s.Rules[3].Lot = "Front door" },
			want: []string{"routing[3].lot ErrBadRule", "lots[4] ErrUnreachable"}},
		{name: "invalid lot, paths under lots[i]", change: func(s *Structure, _ *Demand) { s.Lots[2].Service.Caseworkers.CaseloadPerFTE = 0 },
			want: []string{"lots[2].service.caseworkers.caseload_per_fte ErrBadLot"}},
		{name: "duplicate names", change: func(s *Structure, _ *Demand) {
			s.Areas = append(s.Areas, "Mid Essex", "")
			s.Lots[3].Name = "Mid"
		}, want: []string{"areas[3] ErrBadStructure", "areas[4] ErrBadStructure", "lots[3].name ErrBadStructure", "routing[2].lot ErrUnknownLot", "lots[3] ErrUnreachable"},
			reason: "rules name the first lot called Mid"},
		{name: "nothing at all", change: func(s *Structure, d *Demand) { *s, *d = Structure{}, Demand{} },
			want: []string{"areas ErrBadStructure", "lots ErrBadStructure"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, d := essex()
			tt.change(&s, &d)
			errs := s.Validate(d)
			if diff := cmp.Diff(tt.want, summarise(t, errs)); diff != "" {
				t.Errorf("Validate() problems (-want +got) %s\n%s\nerrors: %v", tt.reason, diff, errors.Join(errs...))
			}
		})
	}
}

func TestStructureValidateMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Structure, *Demand)
		want   []string
	}{
		{"gap names the stream and the risks", func(s *Structure, _ *Demand) { s.Rules = s.Rules[:4] }, []string{
			`lotting: referrals with no route: demand.streams[3]: referrals from area "Mid Essex", client group perpetrator, at medium and standard risk, match no routing rule; add a rule sending them to a lot, or take those risks out of the stream's risk_mix`,
			`lotting: lot that no referral reaches: lots[5]: no referral reaches lot "Perpetrators": no routing rule names it; add a rule for the referrals it should take, or remove the lot`,
		}},
		{"overlap names both rules", func(s *Structure, _ *Demand) {
			s.Rules = append(s.Rules, Rule{Groups: []ClientGroup{Victim}, Areas: []string{"North Essex"}, Lot: "IDVA"})
		}, []string{
			`lotting: referrals with two routes: routing[5]: referrals from area "North Essex", client group victim, at medium and standard risk, match routing[0] (victim; standard, medium risk; North Essex -> North) and routing[5] (victim; any risk; North Essex -> IDVA), which send them to different lots; narrow the rules so each referral has exactly one lot`,
		}},
		{"front door of the wrong kind", func(s *Structure, _ *Demand) {
			s.Lots[0].Kind = KindIDVA
		}, []string{
			`lotting: bad lot: lots[0].service.caseworkers: lot "Front door": delivery is casework but the service has no caseworkers block; add service.caseworkers or choose the delivery of the block it has`,
			`lotting: bad front door: front_door.lot: the front door is lot "Front door", of kind idva; the front door must be a lot of kind central_point_of_contact`,
		}},
		{"lot named by a rule no stream matches", func(s *Structure, _ *Demand) {
			s.Rules[4].Groups = []ClientGroup{ChildFamily}
		}, []string{
			`lotting: referrals with no route: demand.streams[3]: referrals from area "Mid Essex", client group perpetrator, at medium and standard risk, match no routing rule; add a rule sending them to a lot, or take those risks out of the stream's risk_mix`,
			`lotting: lot that no referral reaches: lots[5]: no referral reaches lot "Perpetrators": routing[4] names it, but no demand stream matches; check the client groups, risks and areas against the demand's streams`,
		}},
		{"unknown lot lists the lots", func(s *Structure, _ *Demand) { s.Rules[4].Lot = "Perps" }, []string{
			`lotting: unknown lot: routing[4].lot: routing[4] (perpetrator; any risk; any area -> Perps) sends referrals to lot "Perps", but there is no lot of that name; lots are "Front door", "North", "Mid", "South", "IDVA", "Perpetrators"`,
			`lotting: lot that no referral reaches: lots[5]: no referral reaches lot "Perpetrators": no routing rule names it; add a rule for the referrals it should take, or remove the lot`,
		}},
		{"area not covered", func(s *Structure, _ *Demand) { s.Rules[1].Lot = "South" }, []string{
			`lotting: referrals sent to a lot that does not cover their area: routing[1]: routing[1] sends referrals from area "Mid Essex", client group victim, at medium and standard risk, to lot "South", which covers only South Essex; send them to a lot that covers Mid Essex, or add the area to the lot`,
			`lotting: lot that no referral reaches: lots[2]: no referral reaches lot "Mid": no routing rule names it; add a rule for the referrals it should take, or remove the lot`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, d := essex()
			tt.change(&s, &d)
			var got []string
			for _, e := range s.Validate(d) {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("messages (-want +got)\n%s", diff)
			}
		})
	}
}
