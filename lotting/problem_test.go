package lotting

import (
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestProblem(t *testing.T) {
	t.Parallel()
	cause := Distribution{Kind: Gamma, Mean: 150}.Validate()
	tests := []struct {
		name    string
		p       *Problem
		want    string
		wrapped []error
	}{
		{"with path", &Problem{Path: "routing[2]", Err: ErrOverlap, Msg: "two lots"},
			"lotting: referrals with two routes: routing[2]: two lots", []error{ErrOverlap}},
		{"without path", &Problem{Err: ErrBadStructure, Msg: "no lots"},
			"lotting: bad structure: no lots", []error{ErrBadStructure}},
		{"with a cause", &Problem{Path: "service.refuge.length_of_stay", Err: ErrBadLot, Msg: "stay", Cause: cause},
			"lotting: bad lot: service.refuge.length_of_stay: stay", []error{ErrBadLot, ErrBadDistribution}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.p.Error()); diff != "" {
				t.Errorf("Error() (-want +got)\n%s", diff)
			}
			for _, w := range tt.wrapped {
				if !errors.Is(tt.p, w) {
					t.Errorf("%v does not wrap %v", tt.p, w)
				}
			}
			if errors.Is(tt.p, ErrGap) {
				t.Errorf("%v wraps ErrGap", tt.p)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	a := &Problem{Err: ErrBadLot, Msg: "a"}
	b := &Problem{Err: ErrBadLot, Msg: "b", Cause: io.EOF}
	c := &Problem{Err: ErrBadDemand, Msg: "c"}
	tests := []struct {
		name string
		in   error
		want []error
	}{
		{"nil", nil, nil},
		{"one problem", a, []error{a}},
		{"a problem with a cause stays whole", b, []error{b}},
		{"joined", errors.Join(a, b), []error{a, b}},
		{"nested joins flatten", errors.Join(a, errors.Join(b, c)), []error{a, b, c}},
		{"plain error", io.EOF, []error{io.EOF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, Split(tt.in), cmp.Comparer(func(x, y error) bool { return x == y })); diff != "" {
				t.Errorf("Split (-want +got)\n%s", diff)
			}
		})
	}
}

func TestRebase(t *testing.T) {
	t.Parallel()
	in := []error{
		&Problem{Path: "service.caseworkers.fte", Err: ErrBadLot, Msg: "x"},
		&Problem{Path: "", Err: ErrBadLot, Msg: "y"},
		&Problem{Path: "[2].area", Err: ErrBadLot, Msg: "z"},
	}
	var got []string
	for _, e := range rebase("lots[1]", in) {
		got = append(got, e.(*Problem).Path)
	}
	if diff := cmp.Diff([]string{"lots[1].service.caseworkers.fte", "lots[1]", "lots[1][2].area"}, got); diff != "" {
		t.Errorf("paths (-want +got)\n%s", diff)
	}
	if in[0].(*Problem).Path != "service.caseworkers.fte" {
		t.Error("rebase changed its input")
	}
}
