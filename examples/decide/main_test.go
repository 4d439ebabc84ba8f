package main

import (
	"testing"

	"github.com/lotsim/lotsim/scenario"
)

// TestQuestionsLoad checks that every question's scenario loads and its
// changes apply, without running the optimiser (which takes minutes; the
// optimise package tests the search).
func TestQuestionsLoad(t *testing.T) {
	t.Parallel()
	for _, q := range questions {
		s, err := scenario.LoadValid("../../" + q.file)
		if err != nil {
			t.Fatalf("%s: %v", q.title, err)
		}
		for _, v := range q.set {
			o, err := scenario.ParseOverride(v)
			if err != nil {
				t.Fatalf("%s: %v", q.title, err)
			}
			changed, err := scenario.ApplyOverrides(s.File, s.Source(), o)
			if err == nil {
				err = changed.Validate()
			}
			if err != nil {
				t.Errorf("%s: %s: %v", q.title, v, err)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	if got, want := wrap("one two three four", 9), "one two\nthree\nfour"; got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}
