package records

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadBadFilesMore(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100)
	many := make([]string, 25)
	for i := range many {
		many[i] = "Area " + strconv.Itoa(i)
	}
	tests := []struct {
		name string
		in   string
		opt  Options
		want []want
	}{
		{
			name: "semicolons",
			in:   "referral_date;area\n2024-01-03;A\n",
			want: []want{
				{1, 0, "referral_date", `no column "referral_date"`, ErrBadHeader},
				{1, 1, "referral_date;area", "is the file separated by semicolons, tabs or bars?", ErrBadHeader},
			},
		},
		{
			name: "a long value is cut in the message",
			in:   "referral_date,outcome\n2024-01-03," + long + "\n",
			want: []want{{2, 2, "outcome", `"` + long[:60] + `"... is not an outcome`, ErrBadValue}},
		},
		{
			name: "a long list of areas is cut in the message",
			in:   "referral_date,area\n2024-01-03,Area 99\n",
			opt:  Options{Areas: many},
			want: []want{{2, 2, "area", `(valid: Area 0, Area 1,`, ErrBadValue}},
		},
		{
			name: "counts: not numbers, too large, after the extract date",
			in: "month,referrals\n" +
				"2024-01,twelve\n" +
				"2024-02,1e12\n" +
				"2024-03,NaN\n" +
				"2024-04,3\n",
			opt: Options{AsOf: DayOf(mustDate("2024-03-31"))},
			want: []want{
				{2, 2, "referrals", `"twelve" is not a number`, ErrBadValue},
				{3, 2, "referrals", `"1e12" is more than 1000000000 referrals in a month`, ErrBadValue},
				{4, 2, "referrals", `"NaN" is not a number`, ErrBadValue},
				{5, 1, "month", `"2024-04" begins after the extract date 2024-03-31`, ErrInconsistent},
			},
		},
		{
			name: "counts: blank month",
			in:   "month,referrals\n,3\n",
			want: []want{{2, 1, "month", "no month", ErrBadValue}},
		},
		{
			name: "a line too long",
			in:   "referral_date,area\n2024-01-03," + strings.Repeat("a", MaxLineBytes+1) + "\n",
			want: []want{{2, 0, "", "a line is longer than 1048576 bytes", ErrFormat}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errs := readErrs(t, tt.in, tt.opt)
			if errs == nil {
				t.Fatal("no error")
			}
			checkErrs(t, errs, tt.want)
		})
	}
}

// TestTooManyNames checks that a column with more distinct names than an
// int16 indexes is one error, not a wrapped index.
func TestTooManyNames(t *testing.T) {
	t.Parallel()
	file := func(names int) string {
		var b strings.Builder
		b.WriteString("referral_date,lot\n")
		for i := range names {
			b.WriteString("2024-01-03,L" + strconv.Itoa(i) + "\n")
		}
		return b.String()
	}
	_, errs := readErrs(t, file(maxNames+2), Options{})
	checkErrs(t, errs, []want{{maxNames + 2, 2, "lot", `more than 32767 different lot names; "L32767" is one too many`, ErrTooMany}})

	// As many names as an int16 indexes fit, the last index the largest int16.
	ex, errs := readErrs(t, file(maxNames), Options{})
	if errs != nil {
		t.Fatal(errs[0])
	}
	if len(ex.Lots) != maxNames || ex.Referrals[len(ex.Referrals)-1].Lot != maxNames-1 {
		t.Errorf("%d lots, last index %d", len(ex.Lots), ex.Referrals[len(ex.Referrals)-1].Lot)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	disk := errors.New("disk on fire")
	for name, read := range map[string]func(string, io.Reader, Options) (*Extract, error){"csv": ReadCSV, "xlsx": ReadXLSX} {
		ex, err := read("refs."+name, iotest.ErrReader(disk), Options{})
		if ex != nil || !errors.Is(err, disk) || !strings.Contains(err.Error(), "refs."+name+": cannot read the file: disk on fire") {
			t.Errorf("%s: %v, %v", name, ex, err)
		}
	}
}
