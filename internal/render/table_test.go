package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/lotsim/lotsim/funding"
)

// fundersTable is Staffordshire's funders as the seed states them (000):
// three contributions that add up to £2,230,970 against a stated total of
// £2,157,000.
func fundersTable() Table {
	t := Table{
		Title: "Funders, 2018/19",
		Columns: []Column{
			{Header: "funder"},
			{Header: "a year (cash)", Kind: KindMoney},
			{Header: "share", Kind: KindPercent},
			{Header: "stated share", Kind: KindPercent},
		},
		Notes: []string{"The contributions add up to £2,230,970.00, not the stated £2,157,000.00."},
	}
	t.AddRow(Str("Staffordshire County Council"), Money(funding.Pounds(670490)), Percent(670490.0/2230970, 2), Percent(0.31, 0))
	t.AddRow(Str("Staffordshire Commissioner's Office (lead)"), Money(funding.Pounds(1015483)), Percent(1015483.0/2230970, 2), Percent(0.47, 0))
	t.AddRow(Str("Stoke-on-Trent City Council"), Money(funding.Pounds(544997)), Percent(544997.0/2230970, 2), Percent(0.22, 0))
	t.AddRow(Str("Total"), Money(funding.Pounds(2230970)), Percent(1, 2), Number(math.NaN(), 0))
	return t
}

func TestTableGolden(t *testing.T) {
	t.Parallel()
	tab := fundersTable()
	p := testProvenance()
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"table.txt", func(b *bytes.Buffer) error { return tab.WriteText(b) }},
		{"table.md", func(b *bytes.Buffer) error { return tab.WriteMarkdown(b) }},
		{"table.csv", func(b *bytes.Buffer) error { return tab.WriteCSV(b, nil) }},
		{"table-provenance.csv", func(b *bytes.Buffer) error { return tab.WriteCSV(b, &p) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, b.Bytes())
		})
	}
}

func TestCells(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  Cell
		want Cell
	}{
		{"whole", Number(2157000, 0), Cell{Text: "2,157,000", Value: "2157000"}},
		{"decimals", Number(1234.5678, 2), Cell{Text: "1,234.57", Value: "1234.57"}},
		{"negative", Number(-1234567.5, 1), Cell{Text: "-1,234,567.5", Value: "-1234567.5"}},
		{"mirrored", Number(1234567.5, 1), Cell{Text: "1,234,567.5", Value: "1234567.5"}},
		{"small", Number(999, 0), Cell{Text: "999", Value: "999"}},
		{"negative zero", Number(-0.004, 2), Cell{Text: "0.00", Value: "0.00"}},
		{"NaN", Number(math.NaN(), 2), Cell{Text: "n/a", Missing: true}},
		{"infinity", Number(math.Inf(1), 0), Cell{Text: "∞", Value: "Inf"}},
		{"minus infinity", Number(math.Inf(-1), 0), Cell{Text: "-∞", Value: "-Inf"}},
		{"decimals clamped", Number(1.5, -3), Cell{Text: "2", Value: "2"}},
		{"percent", Percent(670490.0/2230970, 2), Cell{Text: "30.05%", Value: "30.05"}},
		{"percent NaN", Percent(math.NaN(), 1), Cell{Text: "n/a", Missing: true}},
		{"money", Money(funding.MustParseMoney("-£75,000.5")), Cell{Text: "-£75,000.50", Value: "-75000.50"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, cell, block string
		reason                string
	}{
		{"plain", "Stoke-on-Trent", "Stoke-on-Trent", "Stoke-on-Trent", ""},
		{"pipe", "a | b", `a \| b`, `a \| b`, "a pipe would end the cell"},
		{"backslash", `C:\x`, `C:\\x`, `C:\\x`, "a backslash would escape what follows"},
		{"emphasis", "*not* _em_", `\*not\* \_em\_`, `\*not\* \_em\_`, ""},
		{"code and link", "`x` [a](b)", "\\`x\\` \\[a\\](b)", "\\`x\\` \\[a\\](b)", ""},
		{"html", "<b>bold</b>", `\<b>bold\</b>`, `\<b>bold\</b>`, "raw HTML would be rendered"},
		{"entity", "&amp; & AT&T", `\&amp; & AT&T`, `\&amp; & AT&T`, "only a character reference needs escaping"},
		{"maths", "$5 and $6", `\$5 and \$6`, `\$5 and \$6`, "GitHub renders $...$ as maths"},
		{"strike", "~~gone~~", `\~\~gone\~\~`, `\~\~gone\~\~`, ""},
		{"newline", "line one\nline two\r\n\nthree", "line one<br>line two<br>three", "line one<br>line two<br>three", ""},
		{"control", "a\tb\x1b[31mc", `a b \[31mc`, `a b \[31mc`, "a terminal escape must not survive"},
		{"heading", "# not a heading", "# not a heading", `\# not a heading`, "a leading # starts a heading in a paragraph only"},
		{"list dash", "-5% in real terms", "-5% in real terms", `\-5% in real terms`, "a leading - starts a list in a paragraph only"},
		{"ordered list", "2018. A year", "2018. A year", `2018\. A year`, ""},
		{"quote", "> quoted", "> quoted", `\> quoted`, ""},
		{"money", "£2,157,000.00", "£2,157,000.00", "£2,157,000.00", ""},
		{"spaces", "  padded  ", "padded", "padded", ""},
	}
	for _, tc := range tests {
		if cell := markdownInline(tc.in); cell != tc.cell {
			t.Errorf("%s: markdownInline(%q) = %q, want %q %s", tc.name, tc.in, cell, tc.cell, tc.reason)
		}
		if got := markdownBlock(tc.in); got != tc.block {
			t.Errorf("%s: markdownBlock(%q) = %q, want %q %s", tc.name, tc.in, got, tc.block, tc.reason)
		}
	}
}

// TestMarkdownTableShape checks that a table of awkward cells still has
// one row per line and the same number of unescaped pipes on each.
func TestMarkdownTableShape(t *testing.T) {
	t.Parallel()
	tab := Table{Columns: []Column{{Header: "a|b"}, {Header: "c", Kind: KindNumber}, {Header: "d", Align: AlignCenter}}}
	tab.AddRow(Str("x | y\nz"), Str(`\|`), Str("`|`"))
	tab.AddRow(Str(""), Str("1"), Str("*"))
	var b bytes.Buffer
	if err := tab.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines (header, rule, 2 rows), got %d:\n%s", len(lines), b.String())
	}
	for _, l := range lines {
		// Count pipes not preceded by an odd run of backslashes.
		n := 0
		for i := range len(l) {
			if l[i] != '|' {
				continue
			}
			k := 0
			for j := i - 1; j >= 0 && l[j] == '\\'; j-- {
				k++
			}
			if k%2 == 0 {
				n++
			}
		}
		if n != 4 {
			t.Errorf("line %q has %d cell pipes, want 4", l, n)
		}
	}
	if !strings.Contains(lines[1], "---:") || !strings.Contains(lines[1], ":-") {
		t.Errorf("rule %q lacks alignment colons", lines[1])
	}
}

func TestCSVEscaping(t *testing.T) {
	t.Parallel()
	tab := Table{Columns: []Column{{Header: "name"}, {Header: "value", Kind: KindNumber}}}
	rows := [][]string{
		{"comma, inside", "1"},
		{`quote " inside`, "2"},
		{"line\nbreak", "3"},
		{"=SUM(A1:A9)", "-4"},
		{"+44 1234", "5"},
		{"-lead", "6"},
		{"@cmd", "7"},
		{"£ and é", "8"},
		{"", ""},
	}
	for _, r := range rows {
		tab.AddRow(Str(r[0]), Str(r[1]))
	}
	var b bytes.Buffer
	if err := tab.WriteCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "name,value\r\n") || !strings.HasSuffix(b.String(), "\r\n") || strings.Count(b.String(), "\n") != strings.Count(b.String(), "\r\n") {
		t.Errorf("want CRLF line ends:\n%q", b.String())
	}
	got, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "value"}}
	for _, r := range rows {
		name := r[0]
		if name != "" && strings.ContainsRune("=+-@", rune(name[0])) {
			name = "'" + name // shown as text by a spreadsheet
		}
		want = append(want, []string{name, r[1]})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV read back (-want +got):\n%s", diff)
	}
}

func TestTableCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		table   Table
		wantErr string
	}{
		{"ok", Table{Columns: []Column{{Header: "a"}}, Rows: [][]Cell{{Str("x")}}}, ""},
		{"no rows", Table{Columns: []Column{{Header: "a"}}}, ""},
		{"no columns", Table{Title: "T"}, `render: malformed table "T": it has no columns`},
		{"short row", Table{Columns: []Column{{}, {}}, Rows: [][]Cell{{Str("x"), Str("y")}, {Str("x")}}}, "row 2 has 1 cells, want one per column (2)"},
		{"long row", Table{Columns: []Column{{}}, Rows: [][]Cell{{Str("x"), Str("y")}}}, "row 1 has 2 cells"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, write := range []func(*bytes.Buffer) error{
				func(b *bytes.Buffer) error { return tc.table.WriteText(b) },
				func(b *bytes.Buffer) error { return tc.table.WriteMarkdown(b) },
				func(b *bytes.Buffer) error { return tc.table.WriteCSV(b, nil) },
			} {
				var b bytes.Buffer
				err := write(&b)
				if tc.wantErr == "" {
					if err != nil {
						t.Errorf("unexpected error %v", err)
					}
					continue
				}
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrTable) {
					t.Errorf("error = %v, want one wrapping ErrTable containing %q", err, tc.wantErr)
				}
				if b.Len() != 0 {
					t.Errorf("wrote %q despite the error", b.String())
				}
			}
		})
	}
}

func TestTextControlCharacters(t *testing.T) {
	t.Parallel()
	tab := Table{Title: "T\x1b[2J", Columns: []Column{{Header: "h\tx"}}, Notes: []string{"n\r\no"}}
	tab.AddRow(Str("a\nb\x07"))
	var b bytes.Buffer
	if err := tab.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "T [2J\nh x\n---\na b\nNote: n o\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// failWriter fails every write.
type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	tab := fundersTable()
	d := testDocument()
	for name, err := range map[string]error{
		"text":          tab.WriteText(failWriter{}),
		"markdown":      tab.WriteMarkdown(failWriter{}),
		"csv":           tab.WriteCSV(failWriter{}, nil),
		"tidy":          WriteTidyCSV(failWriter{}, testTidyRows(), nil),
		"document text": d.WriteText(failWriter{}),
		"document md":   d.WriteMarkdown(failWriter{}),
		"document html": d.WriteHTML(failWriter{}),
	} {
		if !errors.Is(err, errWrite) {
			t.Errorf("%s: error = %v, want the writer's", name, err)
		}
	}
}

// TestTableTextWidth checks that no line of a table's text form is wider
// than TextWidth: long headers wrap, a table with too many columns splits
// into parts that repeat its row labels, and a long text cell wraps.
func TestTableTextWidth(t *testing.T) {
	t.Parallel()
	wide := Table{Title: "Waiting times by risk level and contract year (days)",
		Columns: []Column{{Header: "year"}, {Header: "risk"}},
		Notes:   []string{strings.Repeat("A note long enough to need wrapping onto a second line. ", 3)}}
	for _, h := range []string{"target", "starts", "mean wait", "median", "90th percentile", "95th percentile", "within target", "chance the target is missed", "cost per completed case"} {
		wide.Columns = append(wide.Columns, Column{Header: h, Kind: KindNumber})
	}
	for _, y := range []string{"2024-10-01 to 2025-09-30", "whole period"} {
		cells := []Cell{Str(y), Str("standard")}
		for range wide.Columns[2:] {
			cells = append(cells, Str("1,234.5 ±67.8"))
		}
		wide.AddRow(cells...)
	}
	longCell := Table{Columns: []Column{{Header: "lot"}, {Header: "contract"}, {Header: "a year (cash)", Kind: KindMoney}},
		Rows: [][]Cell{{Str("Perpetrators"), Str(strings.Repeat("Perpetrator service (Reducing Reoffending Partnership) ", 2)), Str("£267,716.40")}}}
	tests := []struct {
		name  string
		table Table
		want  []string // substrings the text must hold
	}{
		{"many columns", wide, []string{"(continued)", "95th percentile"}},
		{"a long text cell", longCell, []string{"£267,716.40", "Perpetrator service"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			if err := tt.table.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			for i, l := range strings.Split(got, "\n") {
				if n := utf8.RuneCountInString(l); n > TextWidth {
					t.Errorf("line %d is %d wide, more than %d:\n%s", i+1, n, TextWidth, l)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("text does not hold %q:\n%s", w, got)
				}
			}
			if parts := strings.Count(got, "whole period"); tt.name == "many columns" && parts < 2 {
				t.Errorf("the row labels are not repeated in every part:\n%s", got)
			}
			// Every cell's words are still there.
			for _, r := range tt.table.Rows {
				for _, c := range r {
					for _, word := range strings.Fields(c.Text) {
						if !strings.Contains(got, word) {
							t.Errorf("text lost %q:\n%s", word, got)
						}
					}
				}
			}
		})
	}
}

func TestWrapWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		limit int
		want  []string
	}{
		{"the quick brown fox jumps over the lazy dog", 15, []string{"the quick brown", "fox jumps over", "the lazy dog"}},
		{"unbreakablewordlongerthanlimit x", 10, []string{"unbreakabl", "ewordlonge", "rthanlimit", "x"}},
		{"", 10, []string{""}},
		{"£2,157,000.00 ±12", 40, []string{"£2,157,000.00 ±12"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, wrapWords(tt.in, tt.limit)); diff != "" {
			t.Errorf("wrapWords(%q, %d) (-want +got):\n%s", tt.in, tt.limit, diff)
		}
	}
}
