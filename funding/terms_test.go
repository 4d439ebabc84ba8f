package funding

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func date(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func years(n int) Duration  { return Duration{n, Years} }
func months(n int) Duration { return Duration{n, Months} }

// newEra returns Staffordshire's New Era contract (seeds 000 and 001): from
// 1 October 2018, with an option to extend "for a period of two years from
// 30th September 2020 until 30th September 2023", taken, and a stated end
// of 30 September 2023. The initial term is not stated in the seeds; two
// years is what the extension's start implies.
func newEra() Terms {
	return Terms{
		Start:   date("2018-10-01"),
		Initial: years(2),
		Extensions: []Extension{{
			Length: years(2), Taken: true,
			StatedFrom: date("2020-09-30"), StatedUntil: date("2023-09-30"),
		}},
		StatedEnd:         date("2023-09-30"),
		ReprocurementLead: months(12),
	}
}

// coventry returns Coventry's 5+2+2 terms from 1 July 2019 (seed 002),
// with the extensions as given.
func coventry(taken ...bool) Terms {
	t := Terms{Start: date("2019-07-01"), Initial: years(5)}
	for i := range 2 {
		t.Extensions = append(t.Extensions, Extension{Length: years(2), Taken: i < len(taken) && taken[i]})
	}
	return t
}

func TestTermsDates(t *testing.T) {
	t.Parallel()
	type dates struct {
		InitialEnd, End, MaxEnd, ProcureBy Date
	}
	telford := Terms{Start: date("2019-06-01"), Initial: months(34),
		Extensions: []Extension{{Length: years(1), Taken: true}, {Length: years(1)}}}
	tests := []struct {
		name   string
		in     Terms
		want   dates
		reason string
	}{
		{"New Era", newEra(), dates{date("2020-09-30"), date("2022-09-30"), date("2022-09-30"), date("2021-09-30")},
			"2 years from 1 Oct 2018 ends 30 Sep 2020; +2 years 30 Sep 2022; 12 months before"},
		{"Coventry none taken", coventry(), dates{date("2024-06-30"), date("2024-06-30"), date("2028-06-30"), date("2024-06-30")},
			"5+2+2 from 1 Jul 2019: up to 9 years; no lead stated"},
		{"Coventry one taken", coventry(true), dates{date("2024-06-30"), date("2026-06-30"), date("2028-06-30"), date("2026-06-30")}, ""},
		{"Coventry both taken", coventry(true, true), dates{date("2024-06-30"), date("2028-06-30"), date("2028-06-30"), date("2028-06-30")}, ""},
		{"Coventry second without first", coventry(false, true), dates{date("2024-06-30"), date("2024-06-30"), date("2028-06-30"), date("2024-06-30")},
			"End stops at the first extension not taken"},
		{"Telford 2 years 10 months + 1 + 1", telford, dates{date("2022-03-31"), date("2023-03-31"), date("2024-03-31"), date("2023-03-31")},
			"34 months from 1 Jun 2019 ends 31 Mar 2022 (REFERENCES.md, Telford)"},
		{"weeks", Terms{Start: date("2020-01-01"), Initial: Duration{10, Weeks}, ReprocurementLead: Duration{2, Weeks}},
			dates{date("2020-03-10"), date("2020-03-10"), date("2020-03-10"), date("2020-02-25")}, "70 days from 1 Jan 2020 (leap year)"},
		{"no start", Terms{Initial: years(2)}, dates{}, "zero dates, not a panic"},
		{"no initial term", Terms{Start: date("2018-10-01")}, dates{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := dates{tt.in.InitialEnd(), tt.in.End(), tt.in.MaxEnd(), tt.in.ProcureBy()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("dates mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTermsPeriods(t *testing.T) {
	t.Parallel()
	want := []Period{
		{"initial term", date("2019-07-01"), date("2024-06-30"), true},
		{"extension 1", date("2024-07-01"), date("2026-06-30"), true},
		{"extension 2", date("2026-07-01"), date("2028-06-30"), false},
	}
	if diff := cmp.Diff(want, coventry(true).Periods()); diff != "" {
		t.Errorf("Periods mismatch (-want +got):\n%s", diff)
	}
	// An extension taken after one that is not is reported as not taken.
	want[1].Taken = false
	if diff := cmp.Diff(want, coventry(false, true).Periods()); diff != "" {
		t.Errorf("Periods (second without first) mismatch (-want +got):\n%s", diff)
	}
	if got := (Terms{}).Periods(); got != nil {
		t.Errorf("Periods of zero terms = %v; want nil", got)
	}
}

func TestTermsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      Terms
		wantErr []error
	}{
		{"New Era", newEra(), nil},
		{"Coventry", coventry(true, true), nil},
		{"no start", Terms{Initial: years(2)}, []error{ErrBadTerms}},
		{"impossible start", Terms{Start: Date{2023, time.February, 30}, Initial: years(2)}, []error{ErrBadTerms}},
		{"zero initial term", Terms{Start: date("2018-10-01"), Initial: years(0)}, []error{ErrBadTerms}},
		{"negative initial term", Terms{Start: date("2018-10-01"), Initial: years(-2)}, []error{ErrBadTerms}},
		{"initial term without unit", Terms{Start: date("2018-10-01"), Initial: Duration{N: 2}}, []error{ErrBadTerms}},
		{"zero extension", Terms{Start: date("2018-10-01"), Initial: years(2), Extensions: []Extension{{}}}, []error{ErrBadTerms}},
		{"taken after not taken", coventry(false, true), []error{ErrExtensionOrder}},
		{"negative notice", Terms{Start: date("2018-10-01"), Initial: years(2), Notice: months(-6)}, []error{ErrBadTerms}},
		{"negative lead", Terms{Start: date("2018-10-01"), Initial: years(2), ReprocurementLead: months(-6)}, []error{ErrBadTerms}},
		{"impossible stated end", Terms{Start: date("2018-10-01"), Initial: years(2), StatedEnd: Date{2020, time.September, 31}}, []error{ErrBadTerms}},
		{"everything reported", Terms{Extensions: []Extension{{Length: years(1)}, {Length: years(1), Taken: true, StatedFrom: Date{2020, 13, 1}}}},
			[]error{ErrBadTerms, ErrBadTerms, ErrBadTerms, ErrExtensionOrder}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkErrors(t, tt.in.Validate(), tt.wantErr)
		})
	}
}

func TestTermsCheck(t *testing.T) {
	t.Parallel()
	const recheck = "check the extension's length and dates against the contract"
	withExt := func(x Extension, statedEnd string) Terms {
		t := Terms{Start: date("2018-10-01"), Initial: years(2), Extensions: []Extension{x}}
		if statedEnd != "" {
			t.StatedEnd = date(statedEnd)
		}
		return t
	}
	rotherham := Terms{Start: date("2018-10-01"), Initial: years(3), Extensions: []Extension{{Length: years(2)}}}
	dayAfter := rotherham
	dayAfter.StatedEnd = date("2021-10-01")
	allTaken := coventry()
	allTaken.StatedEnd = date("2028-06-30")
	noneTaken := coventry(true)
	noneTaken.StatedEnd = date("2024-06-30")
	firstOnly := coventry(true, true)
	firstOnly.StatedEnd = date("2026-06-30")
	elsewhere := rotherham
	elsewhere.StatedEnd = date("2022-03-31")
	tests := []struct {
		name   string
		in     Terms
		want   []Finding
		reason string
	}{
		{
			name: "New Era as stated",
			in:   newEra(),
			// 30 Sep 2020 + 3 years = 30 Sep 2023: the stated dates span 3
			// years, not 2. 1 Oct 2018 + 2 + 2 years ends 30 Sep 2022, a
			// year before the stated end; with a 3-year extension it is
			// 30 Sep 2023.
			want: []Finding{
				{DurationMismatch, "extension 1 (30 Sep 2020 to 30 Sep 2023)", "2 years", "3 years", "1 year longer",
					"the stated contract end, 30 Sep 2023, agrees with the stated dates, so the extension is likely 3 years"},
				{DateMismatch, "the contract end", "30 Sep 2023", "30 Sep 2022", "1 year earlier",
					"30 Sep 2023 is the end if extension 1 lasts 3 years, as its stated dates say"},
			},
		},
		{
			name: "stated end agrees with the length",
			in: withExt(Extension{Length: years(2), Taken: true, StatedFrom: date("2020-09-30"), StatedUntil: date("2023-09-30")},
				"2022-09-30"),
			want: []Finding{
				{DurationMismatch, "extension 1 (30 Sep 2020 to 30 Sep 2023)", "2 years", "3 years", "1 year longer",
					"the stated contract end, 30 Sep 2022, agrees with 2 years, so the stated dates are likely wrong"},
			},
		},
		{
			name:   "from the last day before",
			in:     withExt(Extension{Length: years(2), Taken: true, StatedFrom: date("2020-09-30"), StatedUntil: date("2022-09-30")}, "2022-09-30"),
			reason: "\"from 30 Sep 2020 until 30 Sep 2022\"",
		},
		{
			name:   "first and last days",
			in:     withExt(Extension{Length: years(2), Taken: true, StatedFrom: date("2020-10-01"), StatedUntil: date("2022-09-30")}, ""),
			reason: "\"from 1 Oct 2020 to 30 Sep 2022\"",
		},
		{
			name:   "until the day after",
			in:     withExt(Extension{Length: years(2), StatedFrom: date("2020-10-01"), StatedUntil: date("2022-10-01")}, ""),
			reason: "\"from 1 Oct 2020 until 1 Oct 2022\"",
		},
		{
			name: "stated start elsewhere",
			in:   withExt(Extension{Length: years(2), StatedFrom: date("2020-06-01"), StatedUntil: date("2022-05-31")}, ""),
			want: []Finding{
				{DateMismatch, "the start of extension 1", "1 Jun 2020", "1 Oct 2020", "4 months later",
					"an extension starts the day after the period before it ends, here 30 Sep 2020"},
			},
			reason: "1 Jun 2020 + 2 years - 1 day = 31 May 2022: the length agrees",
		},
		{
			name: "months against dates",
			in:   withExt(Extension{Length: months(6), StatedFrom: date("2020-09-30"), StatedUntil: date("2021-09-30")}, ""),
			want: []Finding{
				{DurationMismatch, "extension 1 (30 Sep 2020 to 30 Sep 2021)", "6 months", "1 year", "6 months longer", recheck},
			},
		},
		{
			name: "shorter than stated",
			in:   withExt(Extension{Length: months(18), StatedFrom: date("2020-10-01"), StatedUntil: date("2021-09-30")}, ""),
			want: []Finding{
				{DurationMismatch, "extension 1 (1 Oct 2020 to 30 Sep 2021)", "18 months", "1 year", "6 months shorter", recheck},
			},
		},
		{
			name: "weeks against dates",
			in:   withExt(Extension{Length: Duration{26, Weeks}, StatedFrom: date("2020-10-01"), StatedUntil: date("2021-09-30")}, ""),
			// 1 Oct 2020 + 182 days = 1 Apr 2021; to 1 Oct 2021 is 183 days more.
			want: []Finding{
				{DurationMismatch, "extension 1 (1 Oct 2020 to 30 Sep 2021)", "26 weeks", "1 year", "183 days longer", recheck},
			},
		},
		{
			name: "odd days against dates",
			in:   withExt(Extension{Length: years(1), StatedFrom: date("2020-10-01"), StatedUntil: date("2021-10-15")}, ""),
			// The dates span 1 Oct 2020 to 15 Oct 2021 inclusive: 380 days;
			// 1 Oct 2020 + 1 year = 1 Oct 2021, then 15 days to 16 Oct.
			want: []Finding{
				{DurationMismatch, "extension 1 (1 Oct 2020 to 15 Oct 2021)", "1 year", "380 days", "15 days longer", recheck},
			},
		},
		{
			name: "only an until date",
			in:   withExt(Extension{Length: years(2), StatedUntil: date("2023-09-30")}, ""),
			want: []Finding{
				{DateMismatch, "the end of extension 1", "30 Sep 2023", "30 Sep 2022", "1 year earlier",
					"the stated date fits an extension of 3 years"},
			},
		},
		{
			name: "only an odd until date",
			in:   withExt(Extension{Length: years(2), StatedUntil: date("2022-08-15")}, ""),
			want: []Finding{
				{DateMismatch, "the end of extension 1", "15 Aug 2022", "30 Sep 2022", "46 days later", recheck},
			},
		},
		{
			name:   "only a from date, right",
			in:     withExt(Extension{Length: years(2), StatedFrom: date("2020-10-01")}, ""),
			reason: "",
		},
		{
			name: "extension dates out of order",
			in:   withExt(Extension{Length: years(2), StatedFrom: date("2023-09-30"), StatedUntil: date("2020-09-30")}, ""),
			want: []Finding{
				{DateOrder, "extension 1's stated dates", "30 Sep 2023 to 30 Sep 2020", "", "the end is 3 years before the start",
					"one of them is likely mistyped"},
			},
		},
		{
			name: "stated end before the start",
			in:   Terms{Start: date("2018-10-01"), Initial: years(2), StatedEnd: date("2018-09-30")},
			want: []Finding{
				{DateOrder, "the contract's start and stated end", "1 Oct 2018 to 30 Sep 2018", "", "the end is 1 day before the start",
					"one of them is likely mistyped"},
			},
		},
		{
			name: "stated end is the day after",
			in:   dayAfter,
			want: []Finding{
				{DateMismatch, "the contract end", "1 Oct 2021", "30 Sep 2021", "1 day earlier",
					"the stated end is the day after the last day, so it may be stated as the first day after the contract"},
			},
			reason: "Rotherham's 3 years from 1 Oct 2018 end 30 Sep 2021 (seed 003)",
		},
		{
			name: "stated end with every extension",
			in:   allTaken,
			want: []Finding{
				{DateMismatch, "the contract end", "30 Jun 2028", "30 Jun 2024", "4 years earlier", "30 Jun 2028 is the end if every extension is taken"},
			},
		},
		{
			name: "stated end with no extension",
			in:   noneTaken,
			want: []Finding{
				{DateMismatch, "the contract end", "30 Jun 2024", "30 Jun 2026", "2 years later", "30 Jun 2024 is the end if no extension is taken"},
			},
		},
		{
			name: "stated end with the first extension",
			in:   firstOnly,
			want: []Finding{
				{DateMismatch, "the contract end", "30 Jun 2026", "30 Jun 2028", "2 years later", "30 Jun 2026 is the end if only extension 1 is taken"},
			},
		},
		{
			name: "stated end fits nothing",
			in:   elsewhere,
			want: []Finding{
				{DateMismatch, "the contract end", "31 Mar 2022", "30 Sep 2021", "182 days earlier",
					"check the start date, initial term and extensions against the contract"},
			},
			reason: "30 Sep 2021 to 31 Mar 2022 is 182 days and not whole months (30 Sep + 6 months = 30 Mar)",
		},
		{name: "nothing stated", in: coventry(true)},
		{name: "invalid terms are not checked", in: Terms{StatedEnd: date("2020-01-01")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.in.Check()); diff != "" {
				t.Errorf("Check mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestContractYears(t *testing.T) {
	t.Parallel()
	one := dec("1")
	telford := Terms{Start: date("2019-06-01"), Initial: months(34),
		Extensions: []Extension{{Length: years(1), Taken: true}, {Length: years(1)}}}
	tests := []struct {
		name    string
		in      Terms
		maxTerm bool
		want    []ContractYear
		reason  string
	}{
		{"New Era", newEra(), false, []ContractYear{
			{1, date("2018-10-01"), date("2019-09-30"), one},
			{2, date("2019-10-01"), date("2020-09-30"), one},
			{3, date("2020-10-01"), date("2021-09-30"), one},
			{4, date("2021-10-01"), date("2022-09-30"), one},
		}, ""},
		{"Telford taken", telford, false, []ContractYear{
			{1, date("2019-06-01"), date("2020-05-31"), one},
			{2, date("2020-06-01"), date("2021-05-31"), one},
			{3, date("2021-06-01"), date("2022-05-31"), one},
			{4, date("2022-06-01"), date("2023-03-31"), dec("0.833333333333")},
		}, "34 + 12 = 46 months: 3 years and 10 months; 10/12 = 0.8333..."},
		{"Telford maximum", telford, true, []ContractYear{
			{1, date("2019-06-01"), date("2020-05-31"), one},
			{2, date("2020-06-01"), date("2021-05-31"), one},
			{3, date("2021-06-01"), date("2022-05-31"), one},
			{4, date("2022-06-01"), date("2023-05-31"), one},
			{5, date("2023-06-01"), date("2024-03-31"), dec("0.833333333333")},
		}, "58 months"},
		{"half year", Terms{Start: date("2019-04-01"), Initial: months(18)}, false, []ContractYear{
			{1, date("2019-04-01"), date("2020-03-31"), one},
			{2, date("2020-04-01"), date("2020-09-30"), dec("0.5")},
		}, ""},
		{"days", Terms{Start: date("2020-01-01"), Initial: Duration{100, Days}}, false, []ContractYear{
			{1, date("2020-01-01"), date("2020-04-09"), dec("0.27397260274")},
		}, "100/365 = 0.273972602739726... rounded to 12 places"},
		{"invalid", Terms{}, true, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.in.ContractYears(tt.maxTerm)); diff != "" {
				t.Errorf("ContractYears(%v) mismatch (-want +got):\n%s", tt.maxTerm, diff)
			}
		})
	}
}

func TestSpanBetween(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to string
		want     Duration
	}{
		{"2020-09-30", "2023-09-30", years(3)},
		{"2020-10-01", "2021-04-01", months(6)},
		{"2020-01-31", "2020-02-29", months(1)},
		{"2020-01-31", "2020-03-01", Duration{30, Days}},
		{"2020-01-01", "2020-01-01", Duration{0, Days}},
		{"2020-01-15", "2020-02-14", Duration{30, Days}},
	}
	for _, tt := range tests {
		if got := spanBetween(date(tt.from), date(tt.to)); got != tt.want {
			t.Errorf("spanBetween(%s, %s) = %v; want %v", tt.from, tt.to, got, tt.want)
		}
	}
}
