package lotting

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseNames(t *testing.T) {
	t.Parallel()
	// Every name each type lists parses back to a value that prints as the
	// same name and marshals to it.
	type roundTrip struct {
		name  string
		names []string
		parse func(string) (string, []byte, error)
	}
	tests := []roundTrip{
		{"Kind", KindNames(), func(s string) (string, []byte, error) {
			v, err := ParseKind(s)
			b, _ := v.MarshalText()
			return v.String(), b, err
		}},
		{"ClientGroup", ClientGroupNames(), func(s string) (string, []byte, error) {
			v, err := ParseClientGroup(s)
			b, _ := v.MarshalText()
			return v.String(), b, err
		}},
		{"Risk", RiskNames(), func(s string) (string, []byte, error) {
			v, err := ParseRisk(s)
			b, _ := v.MarshalText()
			return v.String(), b, err
		}},
		{"Delivery", DeliveryNames(), func(s string) (string, []byte, error) {
			v, err := ParseDelivery(s)
			b, _ := v.MarshalText()
			return v.String(), b, err
		}},
		{"WhenFull", WhenFullNames(), func(s string) (string, []byte, error) {
			v, err := ParseWhenFull(s)
			b, _ := v.MarshalText()
			return v.String(), b, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, n := range tt.names {
				got, text, err := tt.parse(n)
				if err != nil {
					t.Errorf("parse %q: %v", n, err)
					continue
				}
				if got != n || string(text) != n {
					t.Errorf("parse %q: String %q, MarshalText %q", n, got, text)
				}
			}
		})
	}
}

func TestNameLists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"KindNames", KindNames(), []string{"central_point_of_contact", "community_victim_support", "idva", "early_help",
			"perpetrator_programme", "refuge", "sexual_violence_counselling", "custom"}},
		{"ClientGroupNames", ClientGroupNames(), []string{"victim", "child_family", "perpetrator"}},
		{"RiskNames", RiskNames(), []string{"standard", "medium", "high"}},
		{"DeliveryNames", DeliveryNames(), []string{"casework", "group", "beds"}},
		{"WhenFullNames", WhenFullNames(), []string{"turn_away", "wait"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestNameListsAreCopies(t *testing.T) {
	t.Parallel()
	KindNames()[0] = "changed"
	Risks()[0] = Standard
	ClientGroups()[0] = Perpetrator
	if got := KindNames()[0]; got != "central_point_of_contact" {
		t.Errorf("KindNames()[0] = %q after changing a returned copy", got)
	}
	if diff := cmp.Diff([]Risk{High, Medium, Standard}, Risks()); diff != "" {
		t.Errorf("Risks() (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]ClientGroup{Victim, ChildFamily, Perpetrator}, ClientGroups()); diff != "" {
		t.Errorf("ClientGroups() (-want +got)\n%s", diff)
	}
}

func TestRiskOrder(t *testing.T) {
	t.Parallel()
	// Risks() is service priority: high first. The levels compare in DASH
	// order, so r >= Medium is medium or high.
	if !(Standard < Medium && Medium < High) {
		t.Errorf("want Standard < Medium < High, got %d, %d, %d", Standard, Medium, High)
	}
}

func TestRiskIndex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Risk
		want int
	}{
		{"standard", Standard, 0},
		{"medium", Medium, 1},
		{"high", High, 2},
		{"zero value", 0, -1},
		{"above high", High + 1, -1},
		{"negative", -1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.in.Index()
			if got != tt.want {
				t.Fatalf("Risk(%d).Index() = %d, want %d", int(tt.in), got, tt.want)
			}
			if got >= 0 && RiskAt(got) != tt.in {
				t.Errorf("RiskAt(%d) = %v, want %v", got, RiskAt(got), tt.in)
			}
		})
	}
	for _, i := range []int{-1, 3} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("RiskAt(%d) did not panic", i)
				}
			}()
			RiskAt(i)
		}()
	}
}

func TestParseUnknown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		parse    func(string) error
		in       string
		sentinel error
		lists    string // a valid name the message must offer
	}{
		{"kind misspelt", func(s string) error { _, err := ParseKind(s); return err }, "idv", ErrUnknownKind, "idva"},
		{"kind in capitals", func(s string) error { _, err := ParseKind(s); return err }, "IDVA", ErrUnknownKind, "central_point_of_contact"},
		{"kind empty", func(s string) error { _, err := ParseKind(s); return err }, "", ErrUnknownKind, "custom"},
		{"group with a space", func(s string) error { _, err := ParseClientGroup(s); return err }, "child family", ErrUnknownClientGroup, "child_family"},
		{"risk word", func(s string) error { _, err := ParseRisk(s); return err }, "very high", ErrUnknownRisk, "standard, medium, high"},
		{"delivery", func(s string) error { _, err := ParseDelivery(s); return err }, "groups", ErrUnknownDelivery, "group"},
		{"when full", func(s string) error { _, err := ParseWhenFull(s); return err }, "turn away", ErrUnknownWhenFull, "turn_away"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.parse(tt.in)
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("parse %q: got %v, want an error wrapping %v", tt.in, err, tt.sentinel)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "lotting: ") || !strings.Contains(msg, tt.lists) || !strings.Contains(msg, `"`+tt.in+`"`) {
				t.Errorf("message %q should start lotting:, quote %q and offer %q", msg, tt.in, tt.lists)
			}
		})
	}
}

func TestInvalidValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		str     string
		valid   bool
		marshal error
	}{
		{"zero Kind", Kind(0).String(), Kind(0).Valid(), func() error { _, err := Kind(0).MarshalText(); return err }()},
		{"zero ClientGroup", ClientGroup(0).String(), ClientGroup(0).Valid(), func() error { _, err := ClientGroup(0).MarshalText(); return err }()},
		{"zero Risk", Risk(0).String(), Risk(0).Valid(), func() error { _, err := Risk(0).MarshalText(); return err }()},
		{"Risk 4", Risk(4).String(), Risk(4).Valid(), func() error { _, err := Risk(4).MarshalText(); return err }()},
		{"Delivery 9", Delivery(9).String(), false, func() error { _, err := Delivery(9).MarshalText(); return err }()},
	}
	want := map[string]string{"zero Kind": "Kind(0)", "zero ClientGroup": "ClientGroup(0)", "zero Risk": "Risk(0)", "Risk 4": "Risk(4)", "Delivery 9": "Delivery(9)"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.str != want[tt.name] || tt.valid || tt.marshal == nil {
				t.Errorf("got String %q, Valid %v, MarshalText error %v; want %q, false, an error", tt.str, tt.valid, tt.marshal, want[tt.name])
			}
		})
	}
}

func TestUnmarshalText(t *testing.T) {
	t.Parallel()
	var k Kind
	var g ClientGroup
	var r Risk
	var d Delivery
	var w WhenFull
	for _, err := range []error{
		k.UnmarshalText([]byte("refuge")), g.UnmarshalText([]byte("perpetrator")), r.UnmarshalText([]byte("medium")),
		d.UnmarshalText([]byte("beds")), w.UnmarshalText([]byte("wait")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if k != KindRefuge || g != Perpetrator || r != Medium || d != Beds || w != Wait {
		t.Errorf("got %v %v %v %v %v", k, g, r, d, w)
	}
	// A failed decode leaves the value as it was.
	if err := r.UnmarshalText([]byte("hgih")); !errors.Is(err, ErrUnknownRisk) || r != Medium {
		t.Errorf("UnmarshalText(hgih): err %v, value %v; want ErrUnknownRisk and medium kept", err, r)
	}
}
