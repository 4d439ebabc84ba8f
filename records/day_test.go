package records

import (
	"math"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/lotsim/lotsim/funding"
)

// TestDayAgainstTime checks the day arithmetic against package time over
// five thousand years either side of 1970, every 7th day and around each
// century's leap-year rule.
func TestDayAgainstTime(t *testing.T) {
	t.Parallel()
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	check := func(n int) {
		tm := epoch.AddDate(0, 0, n)
		want := funding.DateOf(tm)
		d := Day(n)
		if got := d.Date(); got != want {
			t.Fatalf("Day(%d).Date() = %v, want %v", n, got, want)
		}
		if got := DayOf(want); got != d {
			t.Fatalf("DayOf(%v) = %d, want %d", want, got, n)
		}
		if n%97 == 0 && d.String() != want.String() {
			t.Fatalf("Day(%d).String() = %q, want %q", n, d.String(), want.String())
		}
	}
	for n := -5000 * 366; n <= 5000*366; n += 7 {
		check(n)
	}
	for _, y := range []int{1600, 1700, 1900, 2000, 2100, 2400} {
		base := int(time.Date(y, 2, 20, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
		for n := base; n < base+20; n++ {
			check(n)
		}
	}
	if NoDay.String() != "" || !NoDay.Date().IsZero() {
		t.Errorf("NoDay: %q %v", NoDay.String(), NoDay.Date())
	}
	if s := Day(math.MaxInt32).String(); s == "" {
		t.Error("the last Day has no String")
	}
}

// TestSerials checks spreadsheet day serials against known values and
// against excelize's own conversion.
func TestSerials(t *testing.T) {
	t.Parallel()
	known := []struct {
		serial float64
		want   string // "" for not a day
	}{
		{0, ""}, {-1, ""}, {math.NaN(), ""}, {math.Inf(1), ""},
		{1, "1900-01-01"},
		{59, "1900-02-28"},
		{60, ""}, // 1900-02-29, which Excel counts and the calendar does not have
		{61, "1900-03-01"},
		{36526, "2000-01-01"},
		{45292, "2024-01-01"},
		{45292.75, "2024-01-01"},
		{2958465, "9999-12-31"},
		{2958466, ""},
	}
	for _, k := range known {
		d, ok := fromSerial(k.serial)
		if got := d.String(); ok != (k.want != "") || got != k.want {
			t.Errorf("fromSerial(%v) = %q, %v; want %q", k.serial, got, ok, k.want)
		}
	}
	for s := 61; s <= maxSerial; s += 13 {
		tm, err := excelize.ExcelDateToTime(float64(s), false)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := fromSerial(float64(s))
		if want := funding.DateOf(tm); !ok || d.Date() != want {
			t.Fatalf("serial %d: %v, want %v (excelize)", s, d, want)
		}
	}
}

func TestScanDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		serials bool
		form    dateForm
		day     string
		a, b, y int
	}{
		{in: "2024-01-31", form: formISO, day: "2024-01-31"},
		{in: "2024-01-31 00:00:00", form: formISO, day: "2024-01-31"},
		{in: "2024-01-31T13:45:00Z", form: formISO, day: "2024-01-31"},
		{in: "2024-01-31T", form: formBad},
		{in: "2024-01-31 noon", form: formBad},
		{in: "2024-1-31", form: formBad},
		{in: "2024-02-29", form: formISO, day: "2024-02-29"},
		{in: "2023-02-29", form: formBad},
		{in: "31/01/2024", form: formSlash, a: 31, b: 1, y: 2024},
		{in: "1/2/2024", form: formSlash, a: 1, b: 2, y: 2024},
		{in: "1/2/24", form: formBad},
		{in: "001/2/2024", form: formBad},
		{in: "1//2024", form: formBad},
		{in: "45292", form: formBad},
		{in: "45292", serials: true, form: formSerial, day: "2024-01-01"},
		{in: "45292.5", serials: true, form: formSerial, day: "2024-01-01"},
		{in: "-3", serials: true, form: formBad},
		{in: "20240131", serials: true, form: formBad},
		{in: "2024-01-31", serials: true, form: formISO, day: "2024-01-31"},
	}
	for _, tt := range tests {
		got := scanDate(tt.in, tt.serials)
		if got.form != tt.form || (tt.day != "" && got.day.String() != tt.day) ||
			(tt.form == formSlash && (got.a != tt.a || got.b != tt.b || got.year != tt.y)) {
			t.Errorf("scanDate(%q, %v) = %+v (day %v), want form %d day %q parts %d/%d/%d",
				tt.in, tt.serials, got, got.day, tt.form, tt.day, tt.a, tt.b, tt.y)
		}
	}
}

func TestHashID(t *testing.T) {
	t.Parallel()
	// Ten thousand ids like a case system's differ in all their hashes,
	// and the hashes' low bits spread evenly: each of 16 buckets gets
	// 625 on average; a chi-square with 15 degrees of freedom exceeds 44.3
	// with probability under 1e-4 for a uniform hash.
	seen := map[uint64]bool{}
	var buckets [16]int
	for i := range 10000 {
		id := "C" + string(rune('0'+i/1000)) + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
		h := hashID(id)
		if h == 0 || seen[h] {
			t.Fatalf("hash of %q is 0 or repeats", id)
		}
		seen[h] = true
		buckets[h%16]++
	}
	chi := 0.0
	for _, n := range buckets {
		chi += (float64(n) - 625) * (float64(n) - 625) / 625
	}
	if chi > 44.3 {
		t.Errorf("low bits uneven: chi-square %.1f over 15 degrees of freedom (buckets %v)", chi, buckets)
	}
	if a, b := "C0001", []byte("C0001"); hashID(a) != hashID(string(b)) || hashID(a) == hashID("C0002") {
		t.Error("hash not a function of the id")
	}
}

func TestOutcomeAndKindStrings(t *testing.T) {
	t.Parallel()
	for o := Completed; o <= ReferredOn; o++ {
		if parseOutcome(o.String()) != o {
			t.Errorf("%v does not parse back", o)
		}
	}
	if Outcome(0).String() != "Outcome(0)" || Outcome(99).String() != "Outcome(99)" || Kind(0).String() != "Kind(0)" {
		t.Error("String of an invalid value")
	}
}
