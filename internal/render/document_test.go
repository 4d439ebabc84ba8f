package render

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// testDocument is a small run report with every kind of block.
func testDocument() *Document {
	tab := fundersTable()
	return &Document{
		Title:      "Staffordshire and Stoke-on-Trent: waiting times under the 2018 contract",
		Provenance: testProvenance(),
		Sections: []Section{
			{Heading: "Summary", Blocks: []Block{
				Paragraph("Figures are means over 200 replications, with 95% confidence intervals. Money is in cash unless it says real terms."),
				Findings{
					"Stated total £2,157,000.00 but the contributions add up to £2,230,970.00 (difference £73,970.00).",
					"The extension from 30 Sep 2020 until 30 Sep 2023 is 3 years, not the stated two.",
					"Perpetrators (group work) cannot keep up: 520 referrals expected against 360 places.",
				},
			}},
			{Heading: "Money", Blocks: []Block{&tab, fundingChart()}},
			{Heading: "Capacity and waiting", Blocks: []Block{
				capacityChart(), waitingChart(), histogramChart(),
			}},
			{Heading: "Options", Blocks: []Block{intervalChart(), tornadoChart()}},
		},
	}
}

func TestDocumentGolden(t *testing.T) {
	t.Parallel()
	d := testDocument()
	md := *d
	md.FigureDir = "figures"
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"document.txt", func(b *bytes.Buffer) error { return d.WriteText(b) }},
		{"document.md", func(b *bytes.Buffer) error { return md.WriteMarkdown(b) }},
		{"document.html", func(b *bytes.Buffer) error { return d.WriteHTML(b) }},
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

// TestProvenanceEverywhere checks that every output form carries every
// provenance fact.
func TestProvenanceEverywhere(t *testing.T) {
	t.Parallel()
	d := testDocument()
	p := d.Provenance
	facts := []string{p.Sources[0].File, p.Sources[0].SHA256, "20181001", "200", "v0.4.0", "2025-03-14"}
	tab := fundersTable()
	outputs := map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return d.WriteText(b) },
		"markdown": func(b *bytes.Buffer) error { return d.WriteMarkdown(b) },
		"html":     func(b *bytes.Buffer) error { return d.WriteHTML(b) },
		"csv":      func(b *bytes.Buffer) error { return tab.WriteCSV(b, &p) },
		"tidy csv": func(b *bytes.Buffer) error { return WriteTidyCSV(b, testTidyRows(), &p) },
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range facts {
			if !strings.Contains(b.String(), f) {
				t.Errorf("%s output lacks %q", name, f)
			}
		}
	}
}

func TestProvenanceFields(t *testing.T) {
	t.Parallel()
	var empty Provenance
	var b bytes.Buffer
	d := Document{Provenance: empty}
	if err := d.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `lotsim report
=============

Scenario file:   not given
Seed:            not used
Replications:    none (arithmetic only, nothing simulated)
lotsim version:  not given
Date:            not given
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	two := testProvenance()
	two.Sources = append(two.Sources, Source{Name: "Three lots", File: "b.yaml", SHA256: "ab"})
	if got := strings.Join(two.csvFields(), ","); got != "scenarios/staffordshire-2018.yaml; b.yaml,"+two.Sources[0].SHA256+"; ab,20181001,200,v0.4.0,2025-03-14" {
		t.Errorf("csvFields = %s", got)
	}
	var labels []string
	for _, f := range two.fields() {
		labels = append(labels, f.Label)
	}
	if got := strings.Join(labels, "|"); got != "Scenario 1|Scenario 1 file|Scenario 1 SHA-256|Scenario 2|Scenario 2 file|Scenario 2 SHA-256|Seed|Replications|lotsim version|Date" {
		t.Errorf("labels = %s", got)
	}
}

// TestHTMLSelfContained checks that the page loads nothing and runs
// nothing: no scripts, no external references of any kind.
func TestHTMLSelfContained(t *testing.T) {
	t.Parallel()
	d := testDocument()
	d.Title = `<script src="https://evil.example/x.js"></script>`
	d.Sections[0].Blocks = append(d.Sections[0].Blocks, Paragraph(`<img src="http://x/y.png"> url(http://x) @import`))
	var b bytes.Buffer
	if err := d.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script", "<img", "<link", "<iframe", "<object", "<embed", "<base"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	// No tag refers to anything outside the page.
	for _, tag := range regexp.MustCompile(`<[^>]*>`).FindAllString(page, -1) {
		if regexp.MustCompile(`\s(src|href|xlink:href|action|srcset)="[^#]`).MatchString(tag) {
			t.Errorf("tag %s refers outside the page", tag)
		}
	}
	style := regexp.MustCompile(`(?s)<style>(.*)</style>`).FindStringSubmatch(page)
	if style == nil {
		t.Fatal("no style sheet")
	}
	for _, bad := range []string{"url(", "@import", "@font-face"} {
		if strings.Contains(style[1], bad) {
			t.Errorf("style sheet holds %q", bad)
		}
	}
	// The only URL is the SVG namespace, which is a name, not a fetch.
	urls := regexp.MustCompile(`https?://[^"\s<]*`).FindAllString(page, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" && !strings.HasPrefix(u, "https://evil.example") && !strings.HasPrefix(u, "http://x") {
			t.Errorf("unexpected URL %q", u)
		}
	}
	for _, want := range []string{`http-equiv="Content-Security-Policy" content="default-src 'none'`, "@media print", "break-before: page", "break-inside: avoid", "display: table-header-group"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Each inline SVG is well-formed XML with its own IDs.
	svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(page, -1)
	if len(svgs) != 6 {
		t.Errorf("want 6 inline charts, got %d", len(svgs))
	}
	seen := map[string]bool{}
	for _, s := range svgs {
		checkXML(t, []byte(s))
		for _, id := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(s, -1) {
			if seen[id[1]] {
				t.Errorf("duplicate id %q", id[1])
			}
			seen[id[1]] = true
		}
	}
}

func TestDocumentMalformedTable(t *testing.T) {
	t.Parallel()
	bad := Table{Title: "bad", Columns: []Column{{Header: "a"}}, Rows: [][]Cell{{Str("1"), Str("2")}}}
	d := Document{Sections: []Section{{Heading: "Money", Blocks: []Block{bad}}}}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return d.WriteText(b) },
		"markdown": func(b *bytes.Buffer) error { return d.WriteMarkdown(b) },
		"html":     func(b *bytes.Buffer) error { return d.WriteHTML(b) },
	} {
		var b bytes.Buffer
		err := write(&b)
		if !errors.Is(err, ErrTable) || !strings.Contains(err.Error(), `section "Money"`) {
			t.Errorf("%s: error = %v, want ErrTable naming the section", name, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite the error", name, b.Len())
		}
	}
}

func TestNilBlocks(t *testing.T) {
	t.Parallel()
	var tab *Table
	var chart *BarChart
	d := Document{Title: "T", Sections: []Section{{Heading: "S", Blocks: []Block{nil, tab, chart, Paragraph("p"), &BarChart{Title: "B"}}}}}
	if n := len(d.Figures()); n != 1 {
		t.Errorf("Figures: %d, want 1", n)
	}
	for _, write := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return d.WriteText(b) },
		func(b *bytes.Buffer) error { return d.WriteMarkdown(b) },
		func(b *bytes.Buffer) error { return d.WriteHTML(b) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Error(err)
		}
		if !strings.Contains(b.String(), "Figure 1") || strings.Contains(b.String(), "Figure 2") {
			t.Errorf("want exactly one figure:\n%s", b.String())
		}
	}
}

func TestFigures(t *testing.T) {
	t.Parallel()
	figs := testDocument().Figures()
	var got []string
	for _, f := range figs {
		title, _ := f.Chart.describe()
		got = append(got, f.File+" "+title[:10])
	}
	want := "figure-1.svg Pooled bud|figure-2.svg Capacity a|figure-3.svg People wai|figure-4.svg Days waite|figure-5.svg Difference|figure-6.svg What moves"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("Figures = %s\nwant %s", g, want)
	}
}

// TestProvenanceKinds: a source of another kind (records) has its own
// label, and only sources of one kind are numbered.
func TestProvenanceKinds(t *testing.T) {
	t.Parallel()
	p := Provenance{Sources: []Source{{Name: "A", File: "a.yaml"}, {Kind: "Records", Name: "cases", File: "r.csv"}}}
	var labels []string
	for _, f := range p.fields() {
		labels = append(labels, f.Label)
	}
	got := strings.Join(labels[:6], "|")
	if want := "Scenario|Scenario file|Scenario SHA-256|Records|Records file|Records SHA-256"; got != want {
		t.Errorf("labels %q, want %q", got, want)
	}
}
