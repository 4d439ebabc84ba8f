package funding

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func money(m Money) *Money { return &m }

func TestReconcile(t *testing.T) {
	t.Parallel()
	// The single figure that reconciles Staffordshire (seed 001), by hand:
	// 2,157,000 - 670,490 - 1,015,483 = 471,027 for Stoke-on-Trent, and then
	// 670,490 / 2,157,000 = 31.08% (31), 1,015,483 / 2,157,000 = 47.08% (47),
	// 471,027 / 2,157,000 = 21.84% (22). Changing the County instead needs
	// 596,520 (27.66%, not 31); the Commissioner 941,513 (43.65%, not 47).
	const staffsFix = "the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00"

	corrected := staffordshire()
	corrected.Funders[2].Contributions = []Contribution{{2018, Pounds(471027)}}

	// The same contributions stated with the shares they really have: only
	// the total is wrong. 30.05% fits 30, 45.52% fits 46, 24.43% fits 24.
	sharesRight := staffordshire()
	sharesRight.Funders[0].StatedShare = pct("30")
	sharesRight.Funders[1].StatedShare = pct("46")
	sharesRight.Funders[2].StatedShare = pct("24")

	noShares := staffordshire()
	for i := range noShares.Funders {
		noShares.Funders[i].StatedShare = nil
	}

	twoFunders := func(a, b string) Pool {
		return Pool{Funders: []Funder{
			{Name: "Council", Contributions: []Contribution{{2019, Pounds(600000)}}, StatedShare: pct(a)},
			{Name: "PCC", Contributions: []Contribution{{2019, Pounds(400000)}}, StatedShare: pct(b)},
		}}
	}

	thirds := Pool{Funders: []Funder{
		{Name: "A", Contributions: []Contribution{{2019, Pounds(100)}}, StatedShare: pct("33")},
		{Name: "B", Contributions: []Contribution{{2019, Pounds(100)}}, StatedShare: pct("33")},
		{Name: "C", Contributions: []Contribution{{2019, Pounds(100)}}, StatedShare: pct("33")},
	}}

	someShares := Pool{Funders: []Funder{
		{Name: "A", Contributions: []Contribution{{2019, Pounds(600)}}, StatedShare: pct("60")},
		{Name: "B", Contributions: []Contribution{{2019, Pounds(300)}}, StatedShare: pct("50")},
		{Name: "C", Contributions: []Contribution{{2019, Pounds(100)}}},
	}}

	precise := twoFunders("60.0", "40.4")

	edge := func(a, b string, council, pcc Money) Pool {
		p := twoFunders(a, b)
		p.Funders[0].Contributions[0].Amount = council
		p.Funders[1].Contributions[0].Amount = pcc
		return p
	}

	tests := []struct {
		name   string
		pool   Pool
		stated Stated
		want   []Finding
		reason string
	}{
		{
			name:   "Staffordshire as stated",
			pool:   staffordshire(),
			stated: Stated{AnnualTotal: money(Pounds(2157000)), Year: 2018},
			// 2,230,970 - 2,157,000 = 73,970. Shares of the sum: 30.05 - 31 =
			// -0.95, 45.52 - 47 = -1.48, 24.43 - 22 = +2.43.
			want: []Finding{
				{TotalMismatch, "the 2018/19 annual total", "£2,157,000.00", "£2,230,970.00", "£73,970.00 more", staffsFix},
				{ShareMismatch, "Staffordshire County Council's 2018/19 share", "31%", "30.05%", "0.95 percentage points less", staffsFix},
				{ShareMismatch, "Staffordshire Commissioner's Office's 2018/19 share", "47%", "45.52%", "1.48 percentage points less", staffsFix},
				{ShareMismatch, "Stoke-on-Trent City Council's 2018/19 share", "22%", "24.43%", "2.43 percentage points more", staffsFix},
			},
		},
		{
			name:   "year zero means the first year",
			pool:   staffordshire(),
			stated: Stated{AnnualTotal: money(Pounds(2230970))},
			want: []Finding{
				{ShareMismatch, "Staffordshire County Council's 2018/19 share", "31%", "30.05%", "0.95 percentage points less", "no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
				{ShareMismatch, "Staffordshire Commissioner's Office's 2018/19 share", "47%", "45.52%", "1.48 percentage points less", "no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
				{ShareMismatch, "Stoke-on-Trent City Council's 2018/19 share", "22%", "24.43%", "2.43 percentage points more", "no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
			},
			reason: "with the total right, three shares are wrong: no single figure",
		},
		{
			name:   "Staffordshire corrected",
			pool:   corrected,
			stated: Stated{AnnualTotal: money(Pounds(2157000)), Year: 2018},
			want:   nil,
		},
		{
			name:   "only the total is wrong",
			pool:   sharesRight,
			stated: Stated{AnnualTotal: money(Pounds(2157000)), Year: 2018},
			want: []Finding{
				{TotalMismatch, "the 2018/19 annual total", "£2,157,000.00", "£2,230,970.00", "£73,970.00 more",
					"the contributions and the stated shares (30%, 46% and 24%) agree, so the stated total is likely £2,230,970.00"},
			},
		},
		{
			name:   "total lower than stated",
			pool:   sharesRight,
			stated: Stated{AnnualTotal: money(Pounds(2300000)), Year: 2018},
			want: []Finding{
				{TotalMismatch, "the 2018/19 annual total", "£2,300,000.00", "£2,230,970.00", "£69,030.00 less",
					"the contributions and the stated shares (30%, 46% and 24%) agree, so the stated total is likely £2,230,970.00"},
			},
			reason: "2,300,000 - 2,230,970 = 69,030",
		},
		{
			name:   "no shares stated, so no single figure",
			pool:   noShares,
			stated: Stated{AnnualTotal: money(Pounds(2157000)), Year: 2018},
			want: []Finding{
				{TotalMismatch, "the 2018/19 annual total", "£2,157,000.00", "£2,230,970.00", "£73,970.00 more",
					"changing the stated total or one contribution by £73,970.00 would reconcile them; no stated share shows which"},
			},
		},
		{
			name:   "no single figure reconciles the total",
			pool:   staffordshire(),
			stated: Stated{AnnualTotal: money(Pounds(2000000)), Year: 2018},
			want: []Finding{
				{TotalMismatch, "the 2018/19 annual total", "£2,000,000.00", "£2,230,970.00", "£230,970.00 more",
					"no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
				{ShareMismatch, "Staffordshire County Council's 2018/19 share", "31%", "30.05%", "0.95 percentage points less",
					"no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
				{ShareMismatch, "Staffordshire Commissioner's Office's 2018/19 share", "47%", "45.52%", "1.48 percentage points less",
					"no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
				{ShareMismatch, "Stoke-on-Trent City Council's 2018/19 share", "22%", "24.43%", "2.43 percentage points more",
					"no single figure reconciles them; the funders' shares of the contributions are 30.05%, 45.52% and 24.43%"},
			},
			reason: "Stoke would need 2,000,000 - 1,685,973 = 314,027 (15.70%, not 22)",
		},
		{
			name:   "one share wrong, total right",
			pool:   twoFunders("60", "45"),
			stated: Stated{AnnualTotal: money(Pounds(1000000)), Year: 2019},
			// 400,000 / 1,000,000 = 40%, stated 45; 60 + 45 = 105.
			want: []Finding{
				{ShareMismatch, "PCC's 2019/20 share", "45%", "40.00%", "5 percentage points less", "a stated share of 40% would match its contribution of £400,000.00"},
				{SharesNotHundred, "the stated shares for 2019/20", "105%", "100%", "5 percentage points more", "a stated share of 40% would match its contribution of £400,000.00"},
			},
		},
		{
			name:   "share stated to a tenth",
			pool:   precise,
			stated: Stated{Year: 2019},
			// 40% stated as 40.4: outside 40.35 to 40.45. 60.0 + 40.4 = 100.4,
			// outside 100 ± 0.1.
			want: []Finding{
				{ShareMismatch, "PCC's 2019/20 share", "40.4%", "40.00%", "0.4 percentage points less", "a stated share of 40.0% would match its contribution of £400,000.00"},
				{SharesNotHundred, "the stated shares for 2019/20", "100.4%", "100%", "0.4 percentage points more", "a stated share of 40.0% would match its contribution of £400,000.00"},
			},
		},
		{
			name:   "shares at the edge of rounding, down",
			pool:   edge("60", "40", Pounds(605), Pounds(395)),
			stated: Stated{Year: 2019},
			want:   nil,
			reason: "60.5% may be stated as 60 and 39.5% as 40: a document may round either way at a half",
		},
		{
			name:   "shares at the edge of rounding, up",
			pool:   edge("61", "39", Pounds(605), Pounds(395)),
			stated: Stated{Year: 2019},
			want:   nil,
		},
		{
			name:   "shares just past the edge",
			pool:   edge("60", "40", Pence(60510), Pence(39490)),
			stated: Stated{Year: 2019},
			// 605.10 / 1,000 = 60.51%, beyond 60 ± 0.5; 39.49% beyond 40 ± 0.5.
			want: []Finding{
				{ShareMismatch, "Council's 2019/20 share", "60%", "60.51%", "0.51 percentage points more", "no single figure reconciles them; the funders' shares of the contributions are 60.51% and 39.49%"},
				{ShareMismatch, "PCC's 2019/20 share", "40%", "39.49%", "0.51 percentage points less", "no single figure reconciles them; the funders' shares of the contributions are 60.51% and 39.49%"},
			},
		},
		{
			name:   "thirds",
			pool:   thirds,
			stated: Stated{AnnualTotal: money(Pounds(300)), Year: 2019},
			want:   nil,
			reason: "33.33% rounds to 33, and 33 + 33 + 33 = 99 is within 100 ± 1.5",
		},
		{
			name:   "some shares stated add up to too much",
			pool:   someShares,
			stated: Stated{Year: 2019},
			want: []Finding{
				{ShareMismatch, "B's 2019/20 share", "50%", "30.00%", "20 percentage points less", "a stated share of 30% would match its contribution of £300.00"},
				{SharesNotHundred, "the stated shares for 2019/20", "110%", "at most 100%", "10 percentage points more", "a stated share of 30% would match its contribution of £300.00"},
			},
		},
		{
			name:   "nothing stated",
			pool:   noShares,
			stated: Stated{Year: 2018},
			want:   nil,
		},
		{
			name:   "no contributions in the stated year",
			pool:   noShares,
			stated: Stated{AnnualTotal: money(Pounds(2157000)), Year: 2022},
			want: []Finding{
				{TotalMismatch, "the 2022/23 annual total", "£2,157,000.00", "£0.00", "£2,157,000.00 less", "no contributions are recorded for 2022/23"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Reconcile(tt.pool, tt.stated)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Reconcile mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFindingString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   Finding
		want string
	}{
		{
			Finding{TotalMismatch, "the 2018/19 annual total", "£2,157,000.00", "£2,230,970.00", "£73,970.00 more",
				"the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00"},
			"The 2018/19 annual total is stated as £2,157,000.00 but the contributions add up to £2,230,970.00 (£73,970.00 more); " +
				"the stated total and shares (31%, 47% and 22%) fit if Stoke-on-Trent City Council gave £471,027.00, not £544,997.00.",
		},
		{
			Finding{ShareMismatch, "Staffordshire County Council's 2018/19 share", "31%", "30.05%", "0.95 percentage points less", ""},
			"Staffordshire County Council's 2018/19 share is stated as 31% but its contribution is 30.05% of the total contributed (0.95 percentage points less).",
		},
		{
			Finding{SharesNotHundred, "the stated shares for 2019/20", "105%", "100%", "5 percentage points more", "at least one is wrong"},
			"The stated shares for 2019/20 add up to 105% rather than 100% (5 percentage points more), more than rounding explains; at least one is wrong.",
		},
		{
			Finding{DurationMismatch, "extension 1 (30 Sep 2020 to 30 Sep 2023)", "2 years", "3 years", "1 year longer", ""},
			"Extension 1 (30 Sep 2020 to 30 Sep 2023) is stated as 2 years but its stated dates span 3 years (1 year longer).",
		},
		{
			Finding{DateMismatch, "the contract end", "30 Sep 2023", "30 Sep 2022", "1 year earlier", ""},
			"The contract end is stated as 30 Sep 2023 but the terms give 30 Sep 2022 (1 year earlier).",
		},
		{
			Finding{DateOrder, "extension 1's stated dates", "30 Sep 2023 to 30 Sep 2020", "", "the end is 3 years before the start", "one of them is likely mistyped"},
			"Extension 1's stated dates, 30 Sep 2023 to 30 Sep 2020, are out of order (the end is 3 years before the start); one of them is likely mistyped.",
		},
		{
			Finding{0, "something", "1", "2", "1 more", ""},
			"Something: stated 1, computed 2 (1 more).",
		},
	}
	for _, tt := range tests {
		t.Run(tt.in.Kind.String(), func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.in.String()); diff != "" {
				t.Errorf("String mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFindingKindString(t *testing.T) {
	t.Parallel()
	var got []string
	for k := FindingKind(0); k <= DateOrder+1; k++ {
		got = append(got, k.String())
	}
	want := []string{"FindingKind(0)", "total_mismatch", "share_mismatch", "shares_not_hundred",
		"duration_mismatch", "date_mismatch", "date_order", "FindingKind(7)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if b, _ := ShareMismatch.MarshalText(); string(b) != "share_mismatch" {
		t.Errorf("MarshalText = %q", b)
	}
}
