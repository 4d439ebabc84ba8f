package records

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRoundTrip writes a generated extract three ways, as ISO dates in
// CSV, as DD/MM/YYYY dates in CSV and as date cells in a workbook, and
// reads each back to the same referrals.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	iso := filepath.Join(dir, "iso.csv")
	writeCases(t, iso, 2000)
	want, err := Read(iso, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkExtract(t, want)

	uk := filepath.Join(dir, "uk.csv")
	ukDate := func(d Day) string {
		if d == NoDay {
			return ""
		}
		s := d.String() // YYYY-MM-DD
		return s[8:10] + "/" + s[5:7] + "/" + s[0:4]
	}
	var b strings.Builder
	b.WriteString(header)
	risks := []string{"standard", "medium", "high"}
	name := func(i int16, names []string) string {
		if i < 0 {
			return ""
		}
		return names[i]
	}
	for _, r := range want.Referrals {
		risk := ""
		if r.Risk >= 0 {
			risk = risks[r.Risk]
		}
		b.WriteString(strings.Join([]string{ukDate(r.Referred), name(r.Area, want.Areas), name(r.Group, want.Groups), risk,
			name(r.Lot, want.Lots), ukDate(r.Start), ukDate(r.End), r.Outcome.String(), ""}, ",") + "\n")
	}
	if err := os.WriteFile(uk, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "book.xlsx")
	writeWorkbook(t, book, want)

	noClients := cmp.Transformer("noClients", func(rs []Referral) []Referral {
		out := make([]Referral, len(rs))
		for i, r := range rs {
			r.Client = 0
			out[i] = r
		}
		return out
	})
	for _, path := range []string{uk, book} {
		got, err := Read(path, Options{})
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(path), err)
		}
		if diff := cmp.Diff(want.Referrals, got.Referrals, noClients); diff != "" {
			t.Errorf("%s: referrals (-want +got):\n%s", filepath.Base(path), diff)
		}
		if got.AsOf != want.AsOf || got.First != want.First || got.Last != want.Last || got.Rows != want.Rows ||
			!cmp.Equal(got.Areas, want.Areas) || !cmp.Equal(got.Lots, want.Lots) || !cmp.Equal(got.Groups, want.Groups) {
			t.Errorf("%s: as of %v, %v to %v, %d rows, names %q %q %q", filepath.Base(path), got.AsOf, got.First, got.Last,
				got.Rows, got.Areas, got.Lots, got.Groups)
		}
	}
}
