package records

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/lotsim/lotsim/scenario"
)

// FuzzReadCSV reads arbitrary bytes as CSV: it must never panic, and must
// return either an Extract that keeps the package's promises or a
// non-empty list of located problems, never both or neither.
func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"testdata/example.csv", "testdata/counts.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false, int16(0))
	}
	f.Add([]byte(header+"03/01/2024,A,victim,high,IDVA,04/01/2024,,open,x\n"), true, int16(0))
	f.Add([]byte(header+"31/01/2024,A,victim,high,IDVA,01/02/2024,13/02/2024,,x\n"), false, int16(1))
	f.Add([]byte("month,referrals\n2024-01,3\n01/02/2024,4\n"), false, int16(0))
	f.Add([]byte("referral_date\n\"2024-01-01\n"), false, int16(2))
	f.Fuzz(func(t *testing.T, data []byte, dayFirst bool, maxRows int16) {
		opt := Options{DayFirst: dayFirst, MaxRows: int(maxRows)}
		ex, err := ReadCSV("fuzz.csv", bytes.NewReader(data), opt)
		if err != nil {
			var list scenario.ErrorList
			if ex != nil || !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v with extract %v", err, err, ex)
			}
			for _, e := range list {
				if e.Msg == "" || e.Err == nil || e.File != "fuzz.csv" || e.Row < 0 || e.Column < 0 {
					t.Fatalf("badly formed problem %#v", e)
				}
			}
			return
		}
		if ex == nil {
			t.Fatal("no extract and no error")
		}
		checkExtract(t, ex)
	})
}

// checkExtract checks the promises an Extract makes.
func checkExtract(t *testing.T, ex *Extract) {
	t.Helper()
	if ex.Rows != len(ex.Referrals)+len(ex.Counts) || ex.Rows == 0 || len(ex.SHA256) != 64 || ex.AsOf == NoDay ||
		ex.First == NoDay || ex.Last < ex.First {
		t.Fatalf("extract: %d rows, %d referrals, %d counts, sha %q, as of %v, %v to %v",
			ex.Rows, len(ex.Referrals), len(ex.Counts), ex.SHA256, ex.AsOf, ex.First, ex.Last)
	}
	in := func(i int16, names []string) bool { return i == -1 || (i >= 0 && int(i) < len(names)) }
	for _, r := range ex.Referrals {
		ok := r.Referred > badDay && r.Referred <= ex.AsOf && r.Referred >= ex.First && r.Referred <= ex.Last &&
			(r.Start == NoDay || (r.Start >= r.Referred && r.Start <= ex.AsOf)) &&
			(r.End == NoDay || (r.End >= r.Referred && r.End <= ex.AsOf && (r.Start == NoDay || r.End >= r.Start))) &&
			in(r.Area, ex.Areas) && in(r.Group, ex.Groups) && in(r.Lot, ex.Lots) && r.Risk >= -1 && r.Risk <= 2 &&
			r.Outcome >= Completed && r.Outcome <= ReferredOn && outcomeDates(r.Outcome, r.Start != NoDay, r.End != NoDay) == ""
		if !ok {
			t.Fatalf("referral breaks a promise: %+v (extract as of %v, %v to %v)", r, ex.AsOf, ex.First, ex.Last)
		}
	}
	for _, c := range ex.Counts {
		if c.Month.Date().Day != 1 || c.Month > ex.AsOf || c.Referrals < 0 || !in(c.Area, ex.Areas) || !in(c.Group, ex.Groups) ||
			c.Risk < -1 || c.Risk > 2 {
			t.Fatalf("count breaks a promise: %+v", c)
		}
	}
}
