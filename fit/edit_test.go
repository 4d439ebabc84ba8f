package fit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRewriteChangesOnlyFittedLines(t *testing.T) {
	t.Parallel()
	base := strings.Join([]string{
		"# Header comment, kept.",
		"name: Test £ partnership's",
		"lots:",
		"  - name: Victims",
		"    service:",
		"      caseworkers:",
		"        # assumption: a block comment above, kept",
		"        case_length: {lognormal: {mean: 80 days, sd: 60 days}}   # assumption: old",
		"        fte: 10",
		"    disengagement:",
		"      - {client_group: victim, patience: {exponential: {mean: 90 days}}}   # assumption: no source",
		"demand:",
		"  streams:",
		"    - area: Staffs",
		"      client_group: victim",
		"      referrals_per_year: 4497   # derived: 3,459 x 1.30",
		"      growth: 0%",
		"",
	}, "\n")
	edits := []yamlEdit{
		{at: []step{key("lots"), item("name", "Victims"), key("service"), key("caseworkers"), key("case_length")},
			value: "{gamma: {mean: 82.5 days, sd: 50.1 days}}", comment: "fitted: a"},
		{at: []step{key("lots"), item("name", "Victims"), key("disengagement"), item("client_group", "victim"), key("patience")},
			value: "{exponential: {mean: 45.2 days}}", comment: "fitted: b"},
		{at: []step{key("lots"), item("name", "Victims"), key("disengagement"), item("client_group", "victim"), key("drop_out")},
			value: "12.5%", comment: "fitted: c"},
		{at: []step{key("demand"), key("streams"), item("area", "Staffs", "client_group", "victim"), key("referrals_per_year")},
			value: "4210", comment: "fitted: d"},
		{at: []step{key("demand"), key("streams"), item("area", "Staffs", "client_group", "victim"), key("growth")},
			value: "3.1%", comment: "fitted: e"},
		{at: []step{key("demand"), key("streams"), item("area", "Staffs", "client_group", "victim"), key("repeat_rate")},
			value: "8.0%", comment: "fitted: f"},
		{at: []step{key("lots"), item("name", "Refuge"), key("service")}, value: "x", comment: "never"},
	}
	got, skipped, err := rewrite([]byte(base), edits)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"# Header comment, kept.",
		"name: Test £ partnership's",
		"lots:",
		"  - name: Victims",
		"    service:",
		"      caseworkers:",
		"        # assumption: a block comment above, kept",
		"        case_length: {gamma: {mean: 82.5 days, sd: 50.1 days}}   # fitted: a",
		"        fte: 10",
		"    disengagement:",
		"      - {client_group: victim, patience: {exponential: {mean: 45.2 days}}, drop_out: 12.5%}   # fitted: b; fitted: c",
		"demand:",
		"  streams:",
		"    - area: Staffs",
		"      client_group: victim",
		"      referrals_per_year: 4210   # fitted: d",
		"      growth: 3.1%   # fitted: e",
		"      repeat_rate: 8.0%   # fitted: f",
		"",
	}, "\n")
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("rewrite (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"lots.[name=Refuge].service: no such item in the base file"}, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}

func TestSplitComment(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ line, code, comment string }{
		{`a: 1 # x`, `a: 1 `, `# x`},
		{`a: "b # c" # d`, `a: "b # c" `, `# d`},
		{`name: Women's Aid # 'note'`, `name: Women's Aid `, `# 'note'`},
		{`a: b#c`, `a: b#c`, ``},
		{`# all comment`, ``, `# all comment`},
	} {
		code, comment := splitComment(c.line)
		if code != c.code || comment != c.comment {
			t.Errorf("splitComment(%q) = %q, %q; want %q, %q", c.line, code, comment, c.code, c.comment)
		}
	}
}
