package scenario

import "testing"

func TestStatedRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		note, value, low, high string
		reason                 string
	}{
		{"assumption: range 30 to 180 days", "90 days", "30 days", "180 days", "the unit once, at the end"},
		{"assumption: range 30 days to 26 weeks", "90 days", "", "", "ends in other units than each other's"},
		{"assumption: range 2 to 8 weeks", "60 days", "", "", "weeks for a figure in days: not taken"},
		{"assumption: range 15% to 35%", "25%", "15%", "35%", ""},
		{"assumption: range 15 to 35%", "25%", "15%", "35%", "the low end takes the high end's %"},
		{"assumption: range £35k to £45k a post", "£41,400", "£35000", "£45000", ""},
		{"assumption: range 18 to 26, as REFERENCES.md", "22", "18", "26", "a trailing comma is not part of the number"},
		{"assumption: within the £38k-45k loaded range", "£41,400", "", "", "no 'range LOW to HIGH'"},
		{"assumption: range 1.5 to 2.5", "2", "1.5", "2.5", ""},
		{"assumption: range 10% to 30%", "90 days", "", "", "a share for a duration"},
	} {
		low, high := statedRange(tc.note, tc.value)
		if low != tc.low || high != tc.high {
			t.Errorf("statedRange(%q, %q) = %q, %q; want %q, %q (%s)", tc.note, tc.value, low, high, tc.low, tc.high, tc.reason)
		}
	}
}

func TestMarking(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		note string
		want FigureStatus
		ok   bool
	}{
		{"fitted: records.csv (SHA-256 ab12…), 900 rows, 2023-10-01 to 2025-09-30, 95% CI 80 to 95 days; assumption: before", Fitted, true},
		{"seed 000, derived: the contract end + 1", Derived, true},
		{"assumption: derived as above", Assumed, true},
		{"assumption", Assumed, true},
		{"Assumption.", Assumed, true},
		{"seed 000: derived from the assumptions above", Derived, true},
		{"seed 001, carried", Sourced, true},
		{"REFERENCES.md, 20-25 concurrent", Sourced, true},
		{"ONS mid-year estimates", Sourced, true},
		{"a flow", Unmarked, false},
		{"the assumptions are above", Unmarked, false},
		{"seeds of doubt", Unmarked, false},
	} {
		got, ok := marking(tc.note)
		if got != tc.want || ok != tc.ok {
			t.Errorf("marking(%q) = %v, %v; want %v, %v", tc.note, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFigureMove(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value  string
		factor float64
		whole  bool
		want   string
		ok     bool
	}{
		{"90 days", 0.8, false, "72 days", true},
		{"£41,400", 1.2, false, "£49680", true},
		{"40%", 1.2, false, "48%", true},
		{"22", 0.8, false, "17.6", true},
		{"22", 0.8, true, "18", true},
		{"3 years", 1.2, true, "4 years", true},
		{"7 weeks", 0.8, false, "5.6 weeks", true},
		{"0%", 1.2, false, "0%", true},
		{"2023-10-01", 1.2, false, "", false},
		{"2023/24", 1.2, false, "", false},
		{"[1.1, 0.9]", 1.2, false, "", false},
	} {
		got, err := Figure{Path: "p", Value: tc.value}.Move(tc.factor, tc.whole)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("Move(%q, %v, %v) = %q, %v; want %q, ok %v", tc.value, tc.factor, tc.whole, got, err, tc.want, tc.ok)
		}
	}
}
