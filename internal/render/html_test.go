package render

import "testing"

func TestKeepDates(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"2023-10-01 to 2024-09-30", `<span class="date">2023-10-01</span> to <span class="date">2024-09-30</span>`},
		{"whole period", "whole period"},
		{"2023/24", "2023/24"},
		{"x-2023-10-011", "x-2023-10-011"},
	}
	for _, tc := range tests {
		if got := keepDates(tc.in); got != tc.want {
			t.Errorf("keepDates(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
