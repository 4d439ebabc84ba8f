package main

import (
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lotsim/lotsim/report"
)

// TestRunClientGroups checks that every results cell of a run carries its
// client group: "all" and each group's for the single contract, which
// pools victims, children and families and perpetrators, and the group's
// own name for a lot one group reaches; that the pooled lot's group cells
// add up to its all-groups cells; and that every CSV row has a
// client_group beside risk and area.
func TestRunClientGroups(t *testing.T) {
	t.Parallel()
	args := []string{"run", "--replications", "3", "--workers", "1", "scenarios/essex-2025-single.yaml"}
	var r report.Run
	decodeStrict(t, mustRun(t, append(args, "--format", "json")...), &r)
	var pooled *report.LotResult
	for i := range r.Lots {
		l := &r.Lots[i]
		for _, c := range l.Cells {
			if c.ClientGroup == "" {
				t.Fatalf("%s: a cell (%q, %q, %q) has no client_group", l.Name, c.Year, c.Area, c.Risk)
			}
			if !l.Pools() && (len(l.ClientGroups) != 1 || c.ClientGroup != l.ClientGroups[0]) {
				t.Errorf("%s, one group %v: cell's client_group %q", l.Name, l.ClientGroups, c.ClientGroup)
			}
		}
		if l.Name == "Combined DA service" {
			pooled = l
		}
	}
	if pooled == nil {
		t.Fatal("no Combined DA service lot")
	}
	if want := []string{"victim", "child_family", "perpetrator"}; !slices.Equal(pooled.ClientGroups, want) {
		t.Fatalf("Combined DA service client_groups = %v, want %v", pooled.ClientGroups, want)
	}
	for _, y := range append(slices.Clone(r.Years), "") {
		for _, rk := range []string{"", "high", "medium", "standard"} {
			all, ok := pooled.Cell(y, "", rk)
			if !ok {
				continue
			}
			if all.ClientGroup != report.AllGroups {
				t.Errorf("year %q risk %q: all-groups cell has client_group %q", y, rk, all.ClientGroup)
			}
			var refs, starts float64
			for _, g := range pooled.ClientGroups {
				if c, ok := pooled.CellGroup(y, "", rk, g); ok {
					refs += float64(c.Referrals.Mean)
					starts += float64(c.Starts.Mean)
				}
			}
			if math.Abs(refs-float64(all.Referrals.Mean)) > 1e-6 || math.Abs(starts-float64(all.Starts.Mean)) > 1e-6 {
				t.Errorf("year %q risk %q: groups' referrals %v and starts %v, all groups' %v and %v", y, rk, refs, starts, all.Referrals.Mean, all.Starts.Mean)
			}
		}
	}
	if c, ok := pooled.CellGroup("", "", "high", "perpetrator"); ok && c.Referrals.Mean != 0 {
		t.Errorf("high-risk perpetrators referred: %v", c.Referrals.Mean)
	}

	recs, err := csv.NewReader(strings.NewReader(mustRun(t, append(args, "--format", "csv")...))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "client_group")
	if col < 0 || recs[0][col-1] != "risk" || recs[0][col+1] != "area" {
		t.Fatalf("CSV header %v: want client_group between risk and area", recs[0])
	}
	groups := map[string]bool{}
	for _, rec := range recs[1:] {
		if rec[col] == "" {
			t.Fatalf("CSV row without a client group: %v", rec)
		}
		groups[rec[col]] = true
	}
	for _, g := range []string{"all", "victim", "child_family", "perpetrator"} {
		if !groups[g] {
			t.Errorf("no CSV row of client group %q", g)
		}
	}

	text := mustRun(t, args...)
	if !strings.Contains(text, "By client group and contract year") {
		t.Error("the text report has no client-group table for the pooled lot")
	}
}

// TestCompareSeparatesPerpetrators compares the lotted Essex design with
// its single contract: the comparison must count perpetrators, victims and
// children and families apart over all lots, and the groups' referrals
// must add up to the total's (every referral reaching a lot belongs to one
// group). A comparison of two lotted designs has no such rows.
func TestCompareSeparatesPerpetrators(t *testing.T) {
	t.Parallel()
	var r report.Compare
	decodeStrict(t, mustRun(t, "compare", "--replications", "3", "--workers", "1", "--format", "json",
		"scenarios/essex-2025.yaml", "scenarios/essex-2025-single.yaml"), &r)
	c := r.Comparisons[0]
	find := func(group, metric string) (report.Difference, bool) {
		for _, d := range c.Differences {
			if d.Lot == "" && d.Risk == "" && d.ClientGroup == group && d.Metric == metric {
				return d, true
			}
		}
		return report.Difference{}, false
	}
	total, ok := find(report.AllGroups, "referrals")
	if !ok {
		t.Fatal("no total referrals")
	}
	var a, b float64
	for _, g := range []string{"victim", "child_family", "perpetrator"} {
		d, ok := find(g, "referrals")
		if !ok {
			t.Fatalf("no %s referrals over all lots", g)
		}
		a += float64(d.A.Mean)
		b += float64(d.B.Mean)
	}
	if math.Abs(a-float64(total.A.Mean)) > 1e-6 || math.Abs(b-float64(total.B.Mean)) > 1e-6 {
		t.Errorf("groups' referrals a year %v and %v, totals %v and %v", a, b, total.A.Mean, total.B.Mean)
	}
	if d, ok := find("perpetrator", "wait_mean"); !ok || d.A.N == 0 || d.B.N == 0 {
		t.Errorf("perpetrators' mean wait missing in a side: %+v", d)
	}
	for _, d := range c.Differences {
		if d.ClientGroup == "" {
			t.Fatalf("a difference without client_group: %+v", d)
		}
	}
	text := mustRun(t, "compare", "--replications", "3", "--workers", "1", "scenarios/essex-2025.yaml", "scenarios/essex-2025-single.yaml")
	if !strings.Contains(text, "Paired differences by client group over all lots") || !strings.Contains(text, "perpetrators") {
		t.Error("the text comparison has no client-group table")
	}

	var lotted report.Compare
	decodeStrict(t, mustRun(t, "compare", "--replications", "2", "--workers", "1", "--format", "json",
		"scenarios/staffordshire-2018.yaml", "scenarios/staffordshire-2023.yaml"), &lotted)
	for _, d := range lotted.Comparisons[0].Differences {
		if d.ClientGroup != report.AllGroups {
			t.Errorf("lotted designs: a difference for client group %q", d.ClientGroup)
		}
	}
}
