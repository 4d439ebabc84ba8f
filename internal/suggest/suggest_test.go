package suggest

import "testing"

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"high", "high", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"hihg", "high", 1}, // a swap of neighbours is one edit
		{"fundres", "funders", 1},
		{"contribution", "contributions", 1},
		{"initial_trem", "initial_term", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a swapped pair
		{"£ä", "ä£", 1},  // runes, not bytes
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
		if got := EditDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d; want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}
