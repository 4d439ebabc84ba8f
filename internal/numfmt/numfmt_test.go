package numfmt

import "testing"

func TestFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, got, want string
	}{
		{"Group digits", Group("38000"), "38,000"},
		{"Group short", Group("999"), "999"},
		{"Group signed fraction", Group("-1234567.891"), "-1,234,567.891"},
		{"Group empty", Group(""), ""},
		{"Fixed", Fixed(1234.5678, 2), "1234.57"},
		{"Fixed no negative zero", Fixed(-0.001, 2), "0.00"},
		{"Fixed clamps places", Fixed(1.5, -3), "2"},
		{"Count", Count(5995893.4), "5,995,893"},
		{"Count negative", Count(-12345.6), "-12,346"},
		{"Count negative zero", Count(-0.2), "0"},
		{"Percent", Percent(0.3108, 1), "31.1%"},
		{"Percent whole", Percent(0.95, 0), "95%"},
		{"PercentShortest", PercentShortest(0.025), "2.5%"},
		{"PercentShortest binary noise", PercentShortest(0.07), "7%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
