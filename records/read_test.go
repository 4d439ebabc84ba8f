package records

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario"
)

// header is the case-level header in the documented order.
const header = "referral_date,area,client_group,risk,lot,start_date,end_date,outcome,client_id\n"

// want is one problem expected: where, and a part of its message.
type want struct {
	row, col int
	path     string
	msg      string // a part of the message, or, after "=", all of it
	err      error  // the sentinel it wraps
}

// readErrs reads text as CSV and returns the problems found, failing the
// test if the error is not a scenario.ErrorList.
func readErrs(t *testing.T, text string, opt Options) (*Extract, scenario.ErrorList) {
	t.Helper()
	ex, err := ReadCSV("refs.csv", strings.NewReader(text), opt)
	if err == nil {
		if ex == nil {
			t.Fatal("no Extract and no error")
		}
		return ex, nil
	}
	if ex != nil {
		t.Fatalf("an Extract and an error: %v", err)
	}
	var list scenario.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %v is not a non-empty scenario.ErrorList", err, err)
	}
	return nil, list
}

func checkErrs(t *testing.T, got scenario.ErrorList, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("%d problems, want %d:\n%v", len(got), len(wants), got)
	}
	for i := range min(len(got), len(wants)) {
		g, w := got[i], wants[i]
		match := strings.Contains(g.Msg, w.msg)
		if exact, ok := strings.CutPrefix(w.msg, "="); ok {
			match = g.Msg == exact
		}
		if (g.File != "refs.csv" && g.File != "refs.xlsx") || g.Row != w.row || g.Column != w.col || g.Path != w.path ||
			!match || !errors.Is(g, w.err) {
			t.Errorf("problem %d:\n got %q (row %d, column %d, path %q, wraps %v)\nwant row %d, column %d, path %q, containing %q, wrapping %v",
				i, g.Error(), g.Row, g.Column, g.Path, g.Err, w.row, w.col, w.path, w.msg, w.err)
		}
	}
}

func TestReadBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		opt    Options
		want   []want
		reason string
	}{
		{
			name: "wrong date format",
			in:   header + "2024/01/03,A,victim,high,IDVA,,,waiting,\n3 Jan 2024,A,victim,high,IDVA,,,waiting,\n",
			want: []want{
				{2, 1, "referral_date", `"2024/01/03" is not a date; write YYYY-MM-DD`, ErrBadValue},
				{3, 1, "referral_date", `"3 Jan 2024" is not a date`, ErrBadValue},
			},
		},
		{
			name: "two-digit year",
			in:   header + "03/01/24,A,victim,high,IDVA,,,waiting,\n",
			want: []want{{2, 1, "referral_date", `"03/01/24" is not a date`, ErrBadValue}},
		},
		{
			name: "no such day",
			in:   header + "2024-02-30,A,victim,high,IDVA,,,waiting,\n",
			want: []want{{2, 1, "referral_date", `"2024-02-30" is not a date`, ErrBadValue}},
		},
		{
			name: "unknown outcome",
			in:   header + "2024-01-03,A,victim,high,IDVA,2024-01-04,2024-02-01,complete,\n2024-01-03,A,victim,high,IDVA,,,finished,\n",
			want: []want{
				{2, 8, "outcome", `"complete" is not an outcome; did you mean "completed"?; write completed, dropped_out, gave_up, turned_away, open, waiting or referred_on`, ErrBadValue},
				{3, 8, "outcome", `"finished" is not an outcome; write completed`, ErrBadValue},
			},
		},
		{
			name: "end before start",
			in:   header + "2024-01-03,A,victim,high,IDVA,2024-01-10,2024-01-09,completed,\n",
			want: []want{{2, 7, "end_date", `end date "2024-01-09" is before the start date "2024-01-10"`, ErrInconsistent}},
		},
		{
			name: "start before referral",
			in:   header + "2024-01-03,A,victim,high,IDVA,2024-01-02,,open,\n",
			want: []want{{2, 6, "start_date", `start date "2024-01-02" is before the referral date "2024-01-03"`, ErrInconsistent}},
		},
		{
			name:   "end before referral without a start",
			in:     header + "2024-01-03,A,victim,high,IDVA,,2024-01-01,gave_up,\n",
			want:   []want{{2, 7, "end_date", `end date "2024-01-01" is before the referral date "2024-01-03"`, ErrInconsistent}},
			reason: "someone cannot give up waiting before they were referred",
		},
		{
			name: "missing column",
			in:   "area,lot,outcome\nA,IDVA,waiting\n",
			want: []want{{1, 0, "referral_date", `the header has no column "referral_date"; it is required`, ErrBadHeader}},
		},
		{
			name: "unknown column with a suggestion",
			in:   "refferal_date,area\n2024-01-03,A\n",
			want: []want{
				{1, 0, "referral_date", `no column "referral_date"`, ErrBadHeader},
				{1, 1, "refferal_date", `unknown column "refferal_date"; did you mean "referral_date"? (a cases file's columns are referral_date, area,`, ErrBadHeader},
			},
		},
		{
			name: "column twice",
			in:   "referral_date,area,Area\n2024-01-03,A,B\n",
			want: []want{{1, 3, "Area", `column "Area" is given twice (first as column 2)`, ErrBadHeader}},
		},
		{
			name: "empty file",
			in:   "",
			want: []want{{0, 0, "", "no referrals: the file is empty", ErrNoReferrals}},
		},
		{
			name: "header only",
			in:   header + "\n,,,\n",
			want: []want{{0, 0, "", "no referrals: the file has a header but no rows below it", ErrNoReferrals}},
		},
		{
			name: "ambiguous slash dates",
			in:   header + "03/01/2024,A,victim,high,IDVA,,,waiting,\n05/02/2024,A,victim,high,IDVA,,,waiting,\n",
			want: []want{{2, 1, "referral_date", `"03/01/2024" and every other date in the column reads as day/month or month/day`, ErrDateOrder}},
		},
		{
			name: "an ambiguous column beside a day-first one",
			in:   header + "13/01/2024,A,victim,high,IDVA,03/02/2024,,open,\n",
			want: []want{{2, 6, "start_date", `="03/02/2024" and every other date in the column reads as day/month or month/day; ` +
				`write dates as YYYY-MM-DD, or, if they are DD/MM/YYYY, say so (Options.DayFirst, --day-first) ` +
				`(referral_date is day first: row 2 has "13/01/2024")`, ErrDateOrder}},
		},
		{
			name: "a column that mixes forms gets no day-first clue",
			in:   header + "13/01/2024,A,victim,high,IDVA,2024-01-14,,open,\n13/01/2024,A,victim,high,IDVA,03/02/2024,,open,\n",
			want: []want{{3, 6, "start_date", `=the column mixes YYYY-MM-DD (row 2: "2024-01-14") and DD/MM/YYYY (row 3: "03/02/2024"); write every date in a column the same way`, ErrDateOrder}},
		},
		{
			name: "US dates",
			in:   header + "01/03/2024,A,victim,high,IDVA,,,waiting,\n01/31/2024,A,victim,high,IDVA,,,waiting,\n",
			want: []want{{3, 1, "referral_date", `"01/31/2024" is month/day/year (US) order, which is not accepted`, ErrDateOrder}},
		},
		{
			name: "day/month and month/day in one column",
			in:   header + "31/01/2024,A,victim,high,IDVA,,,waiting,\n01/31/2024,A,victim,high,IDVA,,,waiting,\n",
			want: []want{{3, 1, "referral_date", `mixes day/month/year (row 2: "31/01/2024") and month/day/year (row 3: "01/31/2024")`, ErrDateOrder}},
		},
		{
			name: "ISO and slash dates in one column",
			in:   header + "2024-01-31,A,victim,high,IDVA,,,waiting,\n31/01/2024,A,victim,high,IDVA,,,waiting,\n",
			want: []want{{3, 1, "referral_date", `mixes YYYY-MM-DD (row 2: "2024-01-31") and DD/MM/YYYY (row 3: "31/01/2024")`, ErrDateOrder}},
		},
		{
			name: "a refused column's comparisons are dropped",
			in: header + "2024-01-03,A,victim,high,IDVA,05/01/2024,,open,\n" +
				"2024-01-03,A,victim,high,IDVA,06/01/2024,2024-01-02,completed,\n",
			want:   []want{{2, 6, "start_date", `"05/01/2024" and every other date in the column reads as day/month or month/day`, ErrDateOrder}},
			reason: "read day first, row 3's end is before its start, but the start column is refused, so that says nothing",
		},
		{
			name: "outcomes the dates contradict",
			in: header +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,,completed,\n" +
				"2024-01-03,A,victim,high,IDVA,,2024-01-05,dropped_out,\n" +
				"2024-01-03,A,victim,high,IDVA,,,open,\n" +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,2024-01-05,open,\n" +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,,waiting,\n" +
				"2024-01-03,A,victim,high,IDVA,,2024-01-05,waiting,\n" +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,2024-01-05,gave_up,\n" +
				"2024-01-03,A,victim,high,IDVA,,,gave_up,\n" +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,,turned_away,\n" +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,2024-01-05,referred_on,\n" +
				"2024-01-03,A,victim,high,IDVA,2024-01-04,2024-01-05,,\n" +
				"2024-01-03,A,victim,high,IDVA,,2024-01-05,,\n",
			want: []want{
				{2, 8, "outcome", `outcome "completed" needs an end date`, ErrInconsistent},
				{3, 8, "outcome", `outcome "dropped_out" needs a start date`, ErrInconsistent},
				{4, 8, "outcome", `outcome "open" needs a start date`, ErrInconsistent},
				{5, 8, "outcome", `outcome "open" cannot have an end date`, ErrInconsistent},
				{6, 8, "outcome", `outcome "waiting" cannot have a start date`, ErrInconsistent},
				{7, 8, "outcome", `outcome "waiting" cannot have an end date`, ErrInconsistent},
				{8, 8, "outcome", `outcome "gave_up" cannot have a start date`, ErrInconsistent},
				{9, 8, "outcome", `outcome "gave_up" needs an end date`, ErrInconsistent},
				{10, 8, "outcome", `outcome "turned_away" cannot have a start date`, ErrInconsistent},
				{11, 8, "outcome", `outcome "referred_on" cannot have a start date`, ErrInconsistent},
				{12, 8, "outcome", `no outcome, and the dates do not say which it is (with a start and an end date`, ErrInconsistent},
				{13, 8, "outcome", `no outcome, and the dates do not say which it is (with an end date and no start`, ErrInconsistent},
			},
		},
		{
			name: "blank referral date and bad names",
			in:   header + ",A,victims,High risk,IDVA,,,waiting,\n",
			want: []want{
				{2, 1, "referral_date", "no referral date", ErrBadValue},
				{2, 3, "client_group", `"victims" is not a client group; did you mean "victim"?; write victim, child_family or perpetrator`, ErrBadValue},
				{2, 4, "risk", `"High risk" is not a risk level; write high, medium or standard`, ErrBadValue},
			},
		},
		{
			name: "dates after the extract date",
			in:   header + "2024-01-03,A,victim,high,IDVA,2024-01-04,2024-02-01,completed,\n",
			opt:  Options{AsOf: DayOf(mustDate("2024-01-31"))},
			want: []want{{2, 7, "end_date", `"2024-02-01" is after the extract date 2024-01-31`, ErrInconsistent}},
		},
		{
			name: "areas and lots not in the scenario",
			in:   header + "2024-01-03,Stafordshire,victim,high,idva,,,waiting,\n",
			opt:  Options{Areas: []string{"Staffordshire", "Stoke-on-Trent"}, Lots: []string{"IDVA", "Community"}},
			want: []want{
				{2, 2, "area", `"Stafordshire" is not one of the scenario's areas; did you mean "Staffordshire"? (valid: Staffordshire or Stoke-on-Trent)`, ErrBadValue},
				{2, 5, "lot", `"idva" is not one of the scenario's lots; did you mean "IDVA"?`, ErrBadValue},
			},
		},
		{
			name: "a value beyond the header",
			in:   "referral_date,area\n2024-01-03,A,oops\n",
			want: []want{{2, 3, "", `"oops" is in a column with no name in the header`, ErrBadValue}},
		},
		{
			name: "a value under a blank header cell",
			in:   "referral_date,,area,\n2024-01-03,,A,\n2024-01-03,x,A,\n",
			want: []want{{3, 2, "", `"x" is in a column with no name in the header`, ErrBadValue}},
		},
		{
			name: "too many rows",
			in:   header + strings.Repeat("2024-01-03,A,victim,high,IDVA,,,waiting,\n", 5),
			opt:  Options{MaxRows: 3},
			want: []want{{5, 0, "", "the file has more than 3 rows", ErrTooMany}},
		},
		{
			name: "broken quoting",
			in:   header + "2024-01-03,\"A,victim\n",
			want: []want{{2, 0, "", "not CSV as a spreadsheet writes it", ErrFormat}},
		},
		{
			name: "counts: bad values",
			in: "month,area,client_group,risk,referrals\n" +
				"2024-01,A,victim,high,-3\n" +
				"2024-02,A,victim,high,2.5\n" +
				"2024-03-02,A,victim,high,4\n" +
				"13/2024,A,victim,high,4\n" +
				"2024-04,A,victim,high,\n" +
				"2024-05,A,victim,high,4\n" +
				"2024-05-01,A,victim,high,5\n" +
				"01/06/2024,A,victim,high,5\n",
			want: []want{
				{2, 5, "referrals", `"-3" is negative`, ErrBadValue},
				{3, 5, "referrals", `"2.5" is not a whole number`, ErrBadValue},
				{4, 1, "month", `"2024-03-02" is not the first of a month`, ErrBadValue},
				{5, 1, "month", `"13/2024" is not a month`, ErrBadValue},
				{6, 5, "referrals", "no count", ErrBadValue},
				{8, 1, "month", "are those of row 7", ErrInconsistent},
				{9, 1, "month", `mixes YYYY-MM-DD (row 2: "2024-01") and DD/MM/YYYY (row 9: "01/06/2024")`, ErrDateOrder},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errs := readErrs(t, tt.in, tt.opt)
			if errs == nil {
				t.Fatalf("no error; want %d (%s)", len(tt.want), tt.reason)
			}
			checkErrs(t, errs, tt.want)
		})
	}
}

func mustDate(s string) funding.Date {
	d, err := funding.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestMessages checks whole messages, as a person reads them.
func TestMessages(t *testing.T) {
	t.Parallel()
	in := header + strings.Repeat("14/01/2024,A,victim,high,IDVA,15/01/2024,,open,\n", 12) +
		"14/01/2024,A,victim,high,IDVA,31/02/2024,,open,\n"
	_, errs := readErrs(t, in, Options{})
	wantMsgs := []string{
		`refs.csv: row 14, column 6: start_date: "31/02/2024" is not a date; write YYYY-MM-DD (e.g. 2024-01-31) or DD/MM/YYYY (e.g. 31/01/2024)`,
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if diff := cmp.Diff(wantMsgs, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
	if errs.Error() != wantMsgs[0] {
		t.Errorf("ErrorList.Error() = %q", errs.Error())
	}
}

// TestCap checks that a file with many problems shows the first 100, in
// row order, and counts the rest.
func TestCap(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(header)
	for range 150 {
		b.WriteString("2024-01-03,A,victim,high,IDVA,2024-01-10,2024-01-09,nonsense,\n") // two problems a row
	}
	_, errs := readErrs(t, b.String(), Options{})
	if len(errs) != maxProblems+1 {
		t.Fatalf("%d errors, want %d", len(errs), maxProblems+1)
	}
	for i, e := range errs[:maxProblems] {
		if wantRow, wantCol := 2+i/2, []int{7, 8}[i%2]; e.Row != wantRow || e.Column != wantCol {
			t.Fatalf("error %d at row %d column %d, want row %d column %d", i, e.Row, e.Column, wantRow, wantCol)
		}
	}
	if last := errs[maxProblems]; last.Msg != "and 200 more problems not shown: the first 100 are above" {
		t.Errorf("last error %q", last.Msg)
	}
}

func TestReadGood(t *testing.T) {
	t.Parallel()
	d := func(s string) Day { return DayOf(mustDate(s)) }
	tests := []struct {
		name string
		in   string
		opt  Options
		want []Referral
		// what else to check
		areas, groups, lots []string
		asOf                Day
	}{
		{
			name: "odd spacing and capitals in the header, columns in another order, blank rows",
			in: "\ufeff  Outcome ,REFERRAL_DATE,  Start_Date,end_date , Client_Group,Risk\n" +
				"\n" +
				" Waiting ,2024-01-03,,, Victim ,HIGH\n" +
				",,,,,\n" +
				"open,2024-01-05 09:30:00,2024-01-06T10:00:00Z,,perpetrator,\n",
			want: []Referral{
				{Row: 3, Referred: d("2024-01-03"), Start: NoDay, End: NoDay, Area: -1, Group: 0, Lot: -1, Risk: 2, Outcome: Waiting},
				{Row: 5, Referred: d("2024-01-05"), Start: d("2024-01-06"), End: NoDay, Area: -1, Group: 1, Lot: -1, Risk: -1, Outcome: Open},
			},
			groups: []string{"victim", "perpetrator"},
			asOf:   d("2024-01-06"),
		},
		{
			name: "UK dates, one over 12 settles the column; blank outcomes inferred",
			in: "referral_date,start_date,end_date,outcome,area,lot\n" +
				"03/01/2024,,,,Stoke,IDVA\n" +
				"13/01/2024,14/01/2024,,,Staffs,IDVA\n" +
				"02/02/2024,05/02/2024,01/03/2024,completed,Stoke,Community\n",
			want: []Referral{
				{Row: 2, Referred: d("2024-01-03"), Start: NoDay, End: NoDay, Area: 0, Group: -1, Lot: 0, Risk: -1, Outcome: Waiting},
				{Row: 3, Referred: d("2024-01-13"), Start: d("2024-01-14"), End: NoDay, Area: 1, Group: -1, Lot: 0, Risk: -1, Outcome: Open},
				{Row: 4, Referred: d("2024-02-02"), Start: d("2024-02-05"), End: d("2024-03-01"), Area: 0, Group: -1, Lot: 1, Risk: -1, Outcome: Completed},
			},
			areas: []string{"Stoke", "Staffs"},
			lots:  []string{"IDVA", "Community"},
			opt:   Options{DayFirst: true},
			asOf:  d("2024-03-01"),
		},
		{
			name: "ambiguous dates read day first when asked; same day and month is not ambiguous",
			in:   "referral_date,start_date\n03/01/2024,04/04/2024\n",
			opt:  Options{DayFirst: true, AsOf: d("2024-06-30")},
			want: []Referral{
				{Row: 2, Referred: d("2024-01-03"), Start: d("2024-04-04"), End: NoDay, Area: -1, Group: -1, Lot: -1, Risk: -1, Outcome: Open},
			},
			asOf: d("2024-06-30"),
		},
		{
			name: "a quoted value over two lines is one row, as a spreadsheet shows it",
			in:   "referral_date,area\n2024-01-03,\"North\nSouth\"\n2024-01-04,East\n",
			want: []Referral{
				{Row: 2, Referred: d("2024-01-03"), Start: NoDay, End: NoDay, Area: 0, Group: -1, Lot: -1, Risk: -1, Outcome: Waiting},
				{Row: 3, Referred: d("2024-01-04"), Start: NoDay, End: NoDay, Area: 1, Group: -1, Lot: -1, Risk: -1, Outcome: Waiting},
			},
			areas: []string{"North\nSouth", "East"},
			asOf:  d("2024-01-04"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ex, errs := readErrs(t, tt.in, tt.opt)
			if errs != nil {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.want, ex.Referrals); diff != "" {
				t.Errorf("referrals (-want +got):\n%s", diff)
			}
			if ex.Rows != len(tt.want) || ex.Kind != Cases || ex.AsOf != tt.asOf || ex.File != "refs.csv" {
				t.Errorf("Rows %d Kind %v AsOf %v File %q; want %d cases %v refs.csv", ex.Rows, ex.Kind, ex.AsOf, ex.File, len(tt.want), tt.asOf)
			}
			if !cmp.Equal(ex.Areas, tt.areas) || !cmp.Equal(ex.Groups, tt.groups) || !cmp.Equal(ex.Lots, tt.lots) {
				t.Errorf("names %q %q %q, want %q %q %q", ex.Areas, ex.Groups, ex.Lots, tt.areas, tt.groups, tt.lots)
			}
			if ex.First != tt.want[0].Referred || ex.Last != tt.want[len(tt.want)-1].Referred {
				t.Errorf("First, Last = %v, %v", ex.First, ex.Last)
			}
		})
	}
}

// TestExampleFiles reads the documented example files.
func TestExampleFiles(t *testing.T) {
	t.Parallel()
	ex, err := Read("testdata/example.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Rows != 9 || ex.File != "example.csv" || len(ex.SHA256) != 64 || ex.AsOf.String() != "2024-03-28" {
		t.Errorf("example.csv: %d rows, file %q, sha %q, as of %v", ex.Rows, ex.File, ex.SHA256, ex.AsOf)
	}
	var outcomes []string
	for _, r := range ex.Referrals {
		outcomes = append(outcomes, r.Outcome.String())
	}
	if got := strings.Join(outcomes, " "); got != "completed dropped_out gave_up open waiting turned_away referred_on open waiting" {
		t.Errorf("outcomes %s", got)
	}
	if r := ex.Referrals; r[0].Client == 0 || r[0].Client != r[7].Client || r[0].Client == r[1].Client || r[5].Client != 0 {
		t.Errorf("client hashes %x %x %x %x: rows 2 and 9 are one client, row 7 has none", r[0].Client, r[7].Client, r[1].Client, r[5].Client)
	}

	c, err := Read("testdata/counts.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, m := range c.Counts {
		total += m.Referrals
	}
	if c.Kind != Counts || c.Rows != 6 || total != 657 || c.First.String() != "2024-01-01" ||
		c.Last.String() != "2024-02-01" || c.AsOf.String() != "2024-02-29" {
		t.Errorf("counts.csv: %v %d rows, %d referrals, %v to %v as of %v", c.Kind, c.Rows, total, c.First, c.Last, c.AsOf)
	}
	if want := (MonthCount{Row: 7, Month: DayOf(mustDate("2024-02-01")), Area: 0, Group: 0, Risk: 0, Referrals: 196}); c.Counts[5] != want {
		t.Errorf("last count %+v, want %+v", c.Counts[5], want)
	}

	if _, err := Read("testdata/example.txt", Options{}); err == nil || !errors.Is(err, ErrFormat) ||
		!strings.Contains(err.Error(), `cannot read ".txt" files`) {
		t.Errorf("a .txt file: %v", err)
	}
	if _, err := Read("testdata/absent.csv", Options{}); err == nil || !strings.Contains(err.Error(), "absent.csv: cannot open the file") {
		t.Errorf("an absent file: %v", err)
	}
}
