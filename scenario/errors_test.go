package scenario

import (
	"errors"
	"testing"

	"github.com/lotsim/lotsim/funding"
)

func TestErrorString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "s.yaml", Line: 14, Column: 13, Path: "funders[2].amount", Msg: "bad"}, "s.yaml:14:13: funders[2].amount: bad"},
		{Error{File: "s.yaml", Line: 3, Msg: "YAML syntax error: x"}, "s.yaml:3: YAML syntax error: x"},
		{Error{File: "s.yaml", Msg: "file is empty"}, "s.yaml: file is empty"},
		{Error{Line: 2, Column: 1, Path: "name", Msg: "m"}, "2:1: name: m"},
		{Error{Msg: "m"}, "m"},
		{Error{File: "s.yaml", Column: 4, Msg: "m"}, "s.yaml: m"}, // a column without a line means nothing
		{Error{File: "records.csv", Row: 14, Column: 3, Path: "referral_date", Msg: "not a date"}, "records.csv: row 14, column 3: referral_date: not a date"},
		{Error{File: "records.csv", Row: 2, Msg: "too few columns"}, "records.csv: row 2: too few columns"},
		{Error{Row: 5, Column: 1, Msg: "m"}, "row 5, column 1: m"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
}

func TestErrorList(t *testing.T) {
	t.Parallel()
	a := &Error{File: "f", Line: 9, Column: 1, Msg: "late", Err: ErrUnknownKey}
	b := &Error{File: "f", Line: 2, Column: 5, Msg: "early", Err: funding.ErrSubPenny}
	c := &Error{File: "f", Line: 2, Column: 3, Msg: "earliest", Err: ErrMissing}
	list := ErrorList{a, b, c}
	list.sort()
	if list[0] != c || list[1] != b || list[2] != a {
		t.Errorf("sorted %v; want by line then column", list)
	}
	if got, want := list.Error(), "f:2:3: earliest\nf:2:5: early\nf:9:1: late"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	var err error = list
	for _, target := range []error{ErrUnknownKey, ErrMissing, funding.ErrSubPenny} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(list, %v) = false", target)
		}
	}
	if errors.Is(err, ErrSyntax) {
		t.Error("errors.Is(list, ErrSyntax) = true; no error in the list is a syntax error")
	}
	var se *ScenarioError
	if !errors.As(err, &se) || se != c {
		t.Errorf("errors.As gave %v; want the first error", se)
	}
}
