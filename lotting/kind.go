package lotting

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is what a lot does, as a scenario names it. The zero value is not a
// valid kind.
type Kind int

// The kinds of lot a partnership commissions.
const (
	KindCentralPointOfContact     Kind = iota + 1 // central_point_of_contact: helpline and triage, the single front door
	KindCommunityVictimSupport                    // community_victim_support: casework for standard and medium risk victims
	KindIDVA                                      // idva: independent domestic violence advisors for high-risk victims
	KindEarlyHelp                                 // early_help: children, young people and families
	KindPerpetratorProgramme                      // perpetrator_programme: behaviour-change groups or 1:1 work
	KindRefuge                                    // refuge: safe accommodation bed spaces
	KindSexualViolenceCounselling                 // sexual_violence_counselling: counselling procured alongside
	KindCustom                                    // custom: anything else
)

// ClientGroup is who a referral is about. The zero value is not a valid
// group.
type ClientGroup int

// The client groups referrals come in.
const (
	Victim      ClientGroup = iota + 1 // victim: an adult victim or survivor
	ChildFamily                        // child_family: a child, young person or the family unit
	Perpetrator                        // perpetrator: a person who harms
)

// Risk is the DASH risk level triage gives a referral. Levels are ordered:
// Standard < Medium < High, so r >= Medium means medium or high risk. The zero
// value is not a valid level.
type Risk int

// The DASH risk levels (14 or more ticks is high, 10 to 13 medium, 0 to 9
// standard).
const (
	Standard Risk = iota + 1 // standard
	Medium                   // medium
	High                     // high
)

// Sentinel errors for names that are not one of a fixed set. Errors returned
// by the Parse functions wrap them and list the valid names.
var (
	ErrUnknownKind        = errors.New("lotting: unknown lot kind")
	ErrUnknownClientGroup = errors.New("lotting: unknown client group")
	ErrUnknownRisk        = errors.New("lotting: unknown risk level")
	ErrUnknownDelivery    = errors.New("lotting: unknown delivery")
	ErrUnknownWhenFull    = errors.New("lotting: unknown when_full policy")
)

// enum is a fixed, ordered table of names for an integer type.
type enum[T ~int] struct {
	typeName string // Go type name, for String of an invalid value
	values   []T
	names    []string
	err      error
}

func (e *enum[T]) name(v T) (string, bool) {
	for i, x := range e.values {
		if x == v {
			return e.names[i], true
		}
	}
	return "", false
}

func (e *enum[T]) str(v T) string {
	if n, ok := e.name(v); ok {
		return n
	}
	return fmt.Sprintf("%s(%d)", e.typeName, int(v))
}

func (e *enum[T]) parse(s string) (T, error) {
	for i, n := range e.names {
		if n == s {
			return e.values[i], nil
		}
	}
	return 0, fmt.Errorf("%w %q (want one of %s)", e.err, s, strings.Join(e.names, ", "))
}

func (e *enum[T]) marshal(v T) ([]byte, error) {
	if n, ok := e.name(v); ok {
		return []byte(n), nil
	}
	return nil, fmt.Errorf("%w: %s(%d) has no name (want one of %s)", e.err, e.typeName, int(v), strings.Join(e.names, ", "))
}

func (e *enum[T]) valid(v T) bool {
	_, ok := e.name(v)
	return ok
}

func (e *enum[T]) list() []string { return append([]string(nil), e.names...) }

var kinds = &enum[Kind]{
	typeName: "Kind",
	values: []Kind{KindCentralPointOfContact, KindCommunityVictimSupport, KindIDVA, KindEarlyHelp,
		KindPerpetratorProgramme, KindRefuge, KindSexualViolenceCounselling, KindCustom},
	names: []string{"central_point_of_contact", "community_victim_support", "idva", "early_help",
		"perpetrator_programme", "refuge", "sexual_violence_counselling", "custom"},
	err: ErrUnknownKind,
}

var clientGroups = &enum[ClientGroup]{
	typeName: "ClientGroup",
	values:   []ClientGroup{Victim, ChildFamily, Perpetrator},
	names:    []string{"victim", "child_family", "perpetrator"},
	err:      ErrUnknownClientGroup,
}

var risks = &enum[Risk]{
	typeName: "Risk",
	values:   []Risk{Standard, Medium, High},
	names:    []string{"standard", "medium", "high"},
	err:      ErrUnknownRisk,
}

// String returns the kind as a scenario writes it, e.g. "idva".
func (k Kind) String() string { return kinds.str(k) }

// Valid reports whether k is one of the named kinds.
func (k Kind) Valid() bool { return kinds.valid(k) }

// ParseKind returns the kind named s, spelt as a scenario writes it
// ("central_point_of_contact", "community_victim_support", "idva",
// "early_help", "perpetrator_programme", "refuge",
// "sexual_violence_counselling" or "custom"). An unknown name is an error
// wrapping ErrUnknownKind that lists the valid names.
func ParseKind(s string) (Kind, error) { return kinds.parse(s) }

// KindNames lists the kinds' names in a fixed order, for messages and help.
func KindNames() []string { return kinds.list() }

// MarshalText encodes k by its scenario name.
func (k Kind) MarshalText() ([]byte, error) { return kinds.marshal(k) }

// UnmarshalText decodes any name ParseKind accepts.
func (k *Kind) UnmarshalText(text []byte) error {
	v, err := ParseKind(string(text))
	if err == nil {
		*k = v
	}
	return err
}

// String returns the group as a scenario writes it, e.g. "child_family".
func (g ClientGroup) String() string { return clientGroups.str(g) }

// Valid reports whether g is one of the named client groups.
func (g ClientGroup) Valid() bool { return clientGroups.valid(g) }

// ParseClientGroup returns the group named s: "victim", "child_family" or
// "perpetrator". An unknown name is an error wrapping ErrUnknownClientGroup.
func ParseClientGroup(s string) (ClientGroup, error) { return clientGroups.parse(s) }

// ClientGroupNames lists the client groups' names in a fixed order.
func ClientGroupNames() []string { return clientGroups.list() }

// ClientGroups returns every client group: Victim, ChildFamily, Perpetrator.
func ClientGroups() []ClientGroup { return append([]ClientGroup(nil), clientGroups.values...) }

// MarshalText encodes g by its scenario name.
func (g ClientGroup) MarshalText() ([]byte, error) { return clientGroups.marshal(g) }

// UnmarshalText decodes any name ParseClientGroup accepts.
func (g *ClientGroup) UnmarshalText(text []byte) error {
	v, err := ParseClientGroup(string(text))
	if err == nil {
		*g = v
	}
	return err
}

// String returns the level as a scenario writes it: "standard", "medium"
// or "high".
func (r Risk) String() string { return risks.str(r) }

// Valid reports whether r is one of the named risk levels.
func (r Risk) Valid() bool { return risks.valid(r) }

// ParseRisk returns the level named s: "standard", "medium" or "high". An
// unknown name is an error wrapping ErrUnknownRisk.
func ParseRisk(s string) (Risk, error) { return risks.parse(s) }

// RiskNames lists the risk levels' names from lowest to highest:
// standard, medium, high.
func RiskNames() []string { return risks.list() }

// Risks returns the risk levels in service priority order, highest first:
// High, Medium, Standard.
func Risks() []Risk { return []Risk{High, Medium, Standard} }

// Index returns r's place among the levels counted from 0, lowest first:
// 0 for Standard, 1 for Medium, 2 for High. It indexes per-level arrays
// such as simulate's [3]float64, so the levels' numbering from 1 stays here.
// Index returns -1 for a value that is not a level, the zero value included;
// using that as an index panics, and callers that must not panic check it.
func (r Risk) Index() int {
	if !r.Valid() {
		return -1
	}
	return int(r - Standard)
}

// RiskAt returns the level whose Index is i, the inverse of Index. It panics
// if i is not 0, 1 or 2: an index out of range is a programming error.
func RiskAt(i int) Risk {
	r := Standard + Risk(i)
	if i < 0 || !r.Valid() {
		panic(fmt.Sprintf("lotting: RiskAt(%d): risk index out of range [0, 3)", i))
	}
	return r
}

// MarshalText encodes r by its scenario name.
func (r Risk) MarshalText() ([]byte, error) { return risks.marshal(r) }

// UnmarshalText decodes any name ParseRisk accepts.
func (r *Risk) UnmarshalText(text []byte) error {
	v, err := ParseRisk(string(text))
	if err == nil {
		*r = v
	}
	return err
}

// badName says a value of a named type is missing (the zero value) or not
// one of names.
func badName[T ~int](what string, v T, names []string) string {
	if v == 0 {
		return fmt.Sprintf("%s is missing; give one of %s", what, joinOr(names))
	}
	return fmt.Sprintf("%s %d is not one of %s", what, int(v), joinOr(names))
}
