package synth

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario"
)

const staffordshire = "../scenarios/staffordshire-2023.yaml"

func load(t *testing.T) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load(staffordshire)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var asOf = funding.NewDate(2025, 9, 30) // two years of the 2023 contract, which starts on 2023-10-01

// TestRowsKeepTheRules checks every row of extracts from three scenarios
// against the rules an extract keeps: dates in order and within From to
// AsOf, blanks as the outcome says, names the scenario's, one client id
// each where no referral repeats. Staffordshire 2023 starts from an
// inherited state; Essex 2025 has a front door with self-serve and a
// warm-up; Rotherham 2021 has a refuge.
func TestRowsKeepTheRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file       string
		asOf, from funding.Date
		want       []string // outcomes that must appear
	}{
		// Staffordshire has more victim demand than capacity (its comments:
		// about 7,150 referrals a year against 4,760).
		{staffordshire, asOf, funding.NewDate(2023, 10, 1), []string{Completed, DroppedOut, GaveUp, Open, Waiting}},
		{"../scenarios/essex-2025.yaml", funding.NewDate(2026, 3, 31), funding.NewDate(2025, 4, 1), []string{Completed, GaveUp, Open, ReferredOn}},
		{"../scenarios/rotherham-2021.yaml", funding.NewDate(2022, 9, 30), funding.NewDate(2021, 10, 1), []string{Completed, Open, TurnedAway}},
	} {
		t.Run(tc.file[len("../scenarios/"):], func(t *testing.T) {
			t.Parallel()
			s, err := scenario.Load(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Generate(s, Options{AsOf: tc.asOf, Seed: 7, ClientIDs: true})
			if err != nil {
				t.Fatal(err)
			}
			checkRules(t, s, r, tc.from, tc.asOf, tc.want)
		})
	}
}

func checkRules(t *testing.T, s *scenario.Scenario, r *Records, from, asOf funding.Date, wantOutcomes []string) {
	t.Helper()
	if !r.AsOf.Equal(asOf) || !r.From.Equal(from) {
		t.Errorf("From %s, AsOf %s; want %s (the demand start) and %s", r.From, r.AsOf, from, asOf)
	}
	byOutcome := map[string]int{}
	var lots []string
	for _, l := range s.Structure.Lots {
		lots = append(lots, l.Name)
	}
	repeats := false
	for _, ds := range s.Demand.Streams {
		repeats = repeats || ds.RepeatRate > 0
	}
	fails := 0
	for i, row := range r.Rows {
		byOutcome[row.Outcome]++
		bad := func(format string, args ...any) {
			t.Helper()
			if fails++; fails <= 10 {
				t.Errorf("row %d %+v: "+format, append([]any{i + 2, row}, args...)...)
			}
		}
		if row.Referral.Before(r.From) || row.Referral.After(asOf) {
			bad("referral outside From to AsOf")
		}
		if !row.Start.IsZero() && (row.Start.Before(row.Referral) || row.Start.After(asOf)) {
			bad("start before the referral or after AsOf")
		}
		if !row.End.IsZero() && (row.End.Before(row.Referral) || row.End.Before(row.Start) || row.End.After(asOf)) {
			bad("end before the referral or start, or after AsOf")
		}
		if i > 0 && row.Referral.Before(r.Rows[i-1].Referral) {
			bad("rows not in referral order")
		}
		started, ended := !row.Start.IsZero(), !row.End.IsZero()
		type blanks struct{ started, ended bool }
		want, ok := map[string]blanks{
			Completed: {true, true}, DroppedOut: {true, true}, GaveUp: {false, true}, TurnedAway: {false, true},
			Open: {true, false}, Waiting: {false, false}, ReferredOn: {false, true},
		}[row.Outcome]
		switch {
		case !ok:
			bad("unknown outcome")
		case want != blanks{started, ended}:
			bad("start given %v, end given %v; want %v and %v for %s", started, ended, want.started, want.ended, row.Outcome)
		}
		if row.Outcome == TurnedAway && !row.End.Equal(row.Referral) {
			bad("turned away on another day than the referral")
		}
		if (row.Lot == "") != (row.Outcome == ReferredOn) || row.Lot != "" && !slices.Contains(lots, row.Lot) {
			bad("lot %q: want one of %v, blank only when referred on", row.Lot, lots)
		}
		if !slices.Contains(s.Structure.Areas, row.Area) {
			bad("unknown area")
		}
		if _, err := lotting.ParseClientGroup(row.ClientGroup); err != nil {
			bad("%v", err)
		}
		if _, err := lotting.ParseRisk(row.Risk); err != nil {
			bad("%v", err)
		}
		if len(row.ClientID) != 8 || row.ClientID[0] != 'C' {
			bad("client id %q, want C and seven digits", row.ClientID)
		}
	}
	total := 0
	for _, n := range byOutcome {
		total += n
	}
	t.Logf("%d rows: %v", len(r.Rows), byOutcome)
	if total != len(r.Rows) {
		t.Errorf("outcomes add up to %d, want the %d rows", total, len(r.Rows))
	}
	for _, o := range wantOutcomes {
		if byOutcome[o] == 0 {
			t.Errorf("no %s rows", o)
		}
	}
	ids := map[string]bool{}
	for _, row := range r.Rows {
		ids[row.ClientID] = true
	}
	if !repeats && len(ids) != len(r.Rows) {
		t.Errorf("%d ids for %d rows with no repeat referrals, want one each", len(ids), len(r.Rows))
	}
}

// TestReferralsPerStream checks the number of referrals of each stream
// against its expectation, the sum of the scenario's daily rates
// (lotting.Demand.Rate, seasonality included) over the days written,
// within 4 standard errors of a Poisson count; and that Truth gives the
// scenario's rates. A variant with growth and a later From checks that
// Truth's rate is the one at From and that the counts follow the grown
// rate.
func TestReferralsPerStream(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		growth float64
		from   funding.Date
	}{
		{"flat", 0, funding.Date{}},
		{"growing from a year in", 0.08, funding.NewDate(2024, 10, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := load(t)
			for i := range s.Demand.Streams {
				s.Demand.Streams[i].Growth = tc.growth
			}
			r, err := Generate(s, Options{AsOf: asOf, From: tc.from, Seed: 11})
			if err != nil {
				t.Fatal(err)
			}
			years := float64(asOf.DaysSince(r.From)+1) / funding.DaysPerYear
			for i, ds := range s.Demand.Streams {
				st := r.Truth.Streams[i]
				wantRate := ds.PerYear * math.Pow(1+tc.growth, float64(r.From.DaysSince(s.Demand.Start))/funding.DaysPerYear)
				if st.Area != ds.Area || st.Group != ds.Group || math.Abs(st.ReferralsPerYear-wantRate) > 1e-9*wantRate || st.Growth != tc.growth {
					t.Errorf("Truth.Streams[%d] = %+v, want %s %s at %.3f a year, growth %v", i, st, ds.Area, ds.Group, wantRate, tc.growth)
				}
				var want float64
				for d := r.From; !d.After(asOf); d = d.AddDays(1) {
					want += s.Demand.Rate(i, d)
				}
				got := 0
				for _, row := range r.Rows {
					if row.Area == ds.Area && row.ClientGroup == ds.Group.String() {
						got++
					}
				}
				se := math.Sqrt(want) // a Poisson count (no repeats in this scenario)
				t.Logf("%s %s: %d referrals over %.2f years (%.1f a year), expected %.1f (%.1f a year at From), %.2f SE apart",
					ds.Area, ds.Group, got, years, float64(got)/years, want, st.ReferralsPerYear, (float64(got)-want)/se)
				if math.Abs(float64(got)-want) > 4*se {
					t.Errorf("%s %s: %d referrals, want %.1f within 4 SE (%.1f)", ds.Area, ds.Group, got, want, 4*se)
				}
				// With no growth the yearly mean is Truth's rate, up to the
				// seasonality's months of unequal length (0.2 SE here).
				if mean, seYear := float64(got)/years, math.Sqrt(st.ReferralsPerYear*years)/years; tc.growth == 0 && math.Abs(mean-st.ReferralsPerYear) > 4*seYear {
					t.Errorf("%s %s: %.1f referrals a year, want Truth's %.1f within 4 SE (%.1f)", ds.Area, ds.Group, mean, st.ReferralsPerYear, 4*seYear)
				}
			}
		})
	}
}

// TestRepeatIDs gives the Staffordshire victims a repeat share of 20% and
// checks the client ids: an id is used at most twice, by two referrals of
// the same area, client group and risk within 365 days, and the number of
// ids used twice is the expected number of repeat referrals within 4
// standard errors. A first referral on day d is followed by a repeat
// uniformly within 365 days with probability p = ρ/(1-ρ), so the expected
// repeats by AsOf are the sum over days of the first referrals' rate × p ×
// the share of the year left before AsOf (at most 1); repeats are a
// thinned Poisson process, so their count is Poisson.
func TestRepeatIDs(t *testing.T) {
	t.Parallel()
	s := load(t)
	const rho = 0.2
	p := rho / (1 - rho)
	for i := range s.Demand.Streams {
		if s.Demand.Streams[i].Group == lotting.Victim {
			s.Demand.Streams[i].RepeatRate = rho
		}
	}
	r, err := Generate(s, Options{AsOf: asOf, Seed: 3, ClientIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Truth.Streams[0].RepeatShare != rho {
		t.Errorf("Truth.Streams[0].RepeatShare = %v, want %v", r.Truth.Streams[0].RepeatShare, rho)
	}
	rows := map[string][]Row{}
	for _, row := range r.Rows {
		rows[row.ClientID] = append(rows[row.ClientID], row)
	}
	pairs := 0
	for id, rs := range rows {
		switch {
		case len(rs) > 2:
			t.Errorf("id %s used %d times, want at most twice", id, len(rs))
		case len(rs) == 2:
			pairs++
			a, b := rs[0], rs[1]
			if a.Area != b.Area || a.ClientGroup != b.ClientGroup || a.Risk != b.Risk || b.Referral.DaysSince(a.Referral) > 365 || b.Referral.Before(a.Referral) {
				t.Errorf("id %s links %+v and %+v: want the same area, group and risk within 365 days", id, a, b)
			}
			if a.ClientGroup != "victim" {
				t.Errorf("id %s links two %s referrals, which have no repeats", id, a.ClientGroup)
			}
		}
	}
	var want float64
	T := asOf.DaysSince(r.From) + 1
	for i, ds := range s.Demand.Streams {
		if ds.Group != lotting.Victim {
			continue
		}
		for k := range T {
			left := (float64(T-k) - 0.5) / 365 // from the middle of day k to the end of AsOf
			want += s.Demand.Rate(i, r.From.AddDays(k)) / (1 + p) * p * min(left, 1)
		}
	}
	se := math.Sqrt(want)
	t.Logf("%d ids used twice, %.1f repeats expected, %.2f SE apart", pairs, want, (float64(pairs)-want)/se)
	if math.Abs(float64(pairs)-want) > 4*se {
		t.Errorf("%d ids used twice, want %.1f within 4 SE (%.1f)", pairs, want, 4*se)
	}
}

// TestSameSeedSameBytes checks that a seed gives the same file byte for
// byte, and another seed another file.
func TestSameSeedSameBytes(t *testing.T) {
	t.Parallel()
	write := func(seed uint64) []byte {
		t.Helper()
		r, err := Generate(load(t), Options{AsOf: funding.NewDate(2024, 3, 31), Seed: seed, ClientIDs: true})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b, c := write(5), write(5), write(6)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different files")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 5 and 6 gave the same file")
	}
}

// TestTruthLots checks Truth's lots against the Staffordshire file's
// figures.
func TestTruthLots(t *testing.T) {
	t.Parallel()
	r, err := Generate(load(t), Options{AsOf: funding.NewDate(2023, 10, 31)})
	if err != nil {
		t.Fatal(err)
	}
	want := []LotTruth{
		// case_length lognormal mean 80 days; patience exponential mean 90 days,
		// for victims and for children and families alike
		{Name: "Victims", Delivery: lotting.Casework, CaseLengthMeanDays: 80, Groups: []GroupTruth{{lotting.Victim, 90, 0}, {lotting.ChildFamily, 90, 0}}},
		// 26 weeks x 7 days; patience exponential mean 30 days, drop-out 40%
		{Name: "Perpetrators", Delivery: lotting.GroupWork, CaseLengthMeanDays: 182, Groups: []GroupTruth{{lotting.Perpetrator, 30, 0.4}}},
	}
	for i, w := range want {
		if i >= len(r.Truth.Lots) || !equalLot(r.Truth.Lots[i], w) {
			t.Errorf("Truth.Lots = %+v, want %+v", r.Truth.Lots, want)
			break
		}
	}
	if r.Truth.Seed != 20231001 { // the scenario's simulation seed
		t.Errorf("Truth.Seed = %d, want the scenario's 20231001", r.Truth.Seed)
	}
}

func equalLot(a, b LotTruth) bool {
	return a.Name == b.Name && a.Delivery == b.Delivery && math.Abs(a.CaseLengthMeanDays-b.CaseLengthMeanDays) < 1e-9 && slices.Equal(a.Groups, b.Groups)
}

func TestBadOptions(t *testing.T) {
	t.Parallel()
	s := load(t)
	for _, tc := range []struct {
		name string
		s    *scenario.Scenario
		opt  Options
		want error
	}{
		{"no scenario", nil, Options{}, ErrBadOptions},
		{"From before time 0", s, Options{From: funding.NewDate(2023, 9, 30)}, ErrBadOptions},
		{"AsOf before From", s, Options{From: funding.NewDate(2024, 1, 1), AsOf: funding.NewDate(2023, 12, 31)}, ErrBadOptions},
		{"AsOf beyond the money", s, Options{AsOf: funding.NewDate(2040, 1, 1)}, scenario.ErrCannotSimulate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Generate(tc.s, tc.opt)
			if !errors.Is(err, tc.want) {
				t.Errorf("Generate: %v, want an error wrapping %v", err, tc.want)
			}
			t.Log(err)
		})
	}
}

// TestCutAtAsOf checks the cut at the extract date against a longer run:
// the simulation up to a date does not depend on how far it runs (every
// component draws from its own source), so an extract to AsOf is the
// rows of an extract to a later date that were referred by AsOf, with
// starts and ends after AsOf blanked as the rules say.
func TestCutAtAsOf(t *testing.T) {
	t.Parallel()
	s := load(t)
	short, err := Generate(s, Options{AsOf: asOf, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	long, err := Generate(s, Options{AsOf: asOf.AddDays(200), Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var cut []Row
	changed := 0
	for _, row := range long.Rows {
		if row.Referral.After(asOf) {
			break
		}
		if row.End.After(asOf) || row.Start.After(asOf) {
			changed++
		}
		switch {
		case row.Start.After(asOf) || row.Start.IsZero() && row.End.After(asOf):
			row.Start, row.End, row.Outcome = funding.Date{}, funding.Date{}, Waiting
		case row.End.After(asOf):
			row.End, row.Outcome = funding.Date{}, Open
		}
		cut = append(cut, row)
	}
	if changed == 0 {
		t.Error("no row of the longer extract ends after AsOf: the test checks no cut")
	}
	if d := cmp.Diff(cut, short.Rows); d != "" {
		t.Errorf("the extract to %s differs from the longer one cut there (-cut +short):\n%s", asOf, d)
	}
}
