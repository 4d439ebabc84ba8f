package yamlnode

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lotsim/lotsim/internal/suggest"
	"gopkg.in/yaml.v3"
)

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	keys := []string{"name", "source", "lead", "stated_share", "status", "contributions", "annual"}
	tests := []struct {
		word, want string
		reason     string
	}{
		{"contribution", "contributions", "a missing letter"},
		{"stated-share", "stated_share", "a hyphen for an underscore"},
		{"Stated Share", "stated_share", "capitals and a space"},
		{"staus", "status", "a missing letter in a short word"},
		{"nmae", "name", "a swap"},
		{"anual", "annual", ""},
		{"budget", "", "nothing near"},
		{"sauce", "", "two edits from source is too far for a five-letter word"},
		{strings.Repeat("a", suggest.MaxLength+1), "", "too long to compare"},
	}
	for _, tt := range tests {
		if got := Nearest(tt.word, keys); got != tt.want {
			t.Errorf("Nearest(%q) = %q; want %q (%s)", tt.word, got, tt.want, tt.reason)
		}
	}
	if got, want := DidYouMean("contribution", keys), `; did you mean "contributions"?`; got != want {
		t.Errorf("didYouMean = %q; want %q", got, want)
	}
	if got := DidYouMean("budget", keys); got != "" {
		t.Errorf("DidYouMean(budget) = %q; want none", got)
	}
}

// messages formats the problems as package scenario does for a file
// named f.yaml.
func messages(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		where := fmt.Sprintf("f.yaml:%d:%d: ", p.Line, p.Column)
		if p.Path != "" {
			where += p.Path + ": "
		}
		out = append(out, where+p.Msg)
	}
	return out
}

// decodeDoc parses text as one YAML document and returns its content.
func decodeDoc(t *testing.T, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func TestMapping(t *testing.T) {
	t.Parallel()
	d := &Decoder{}
	n := decodeDoc(t, "name: a\nnmae: b\nname: c\n[x]: 1\nlead: ~\n")
	f, ok := d.Mapping(n, "funders[0]", "a funder", "name", "lead")
	if !ok {
		t.Fatal("mapping reported a mapping as something else")
	}
	if got := f.Get("name").Value; got != "a" {
		t.Errorf(`get("name") = %q; want the first, "a"`, got)
	}
	if f.Get("lead") != nil || f.Has("lead") {
		t.Error("a null value should read as absent")
	}
	d.Require(f, "lead", "whether the funder leads")
	want := []string{
		`f.yaml:2:1: funders[0].nmae: unknown key "nmae"; did you mean "name"? (valid keys: name, lead)`,
		`f.yaml:3:1: funders[0].name: key "name" given twice (first on line 1)`,
		`f.yaml:4:1: funders[0]: a key must be a plain name, got a list`,
		`f.yaml:5:1: funders[0].lead: no value given; want whether the funder leads`,
	}
	if diff := cmp.Diff(want, messages(d.Problems)); diff != "" {
		t.Errorf("mapping errors mismatch (-want +got):\n%s", diff)
	}

	d = &Decoder{}
	if _, ok := d.Mapping(decodeDoc(t, "[1, 2]"), "stated", "the stated figures", "year"); ok {
		t.Error("mapping accepted a list")
	}
	want = []string{`f.yaml:1:1: stated: want a mapping (key: value pairs) for the stated figures, got a list`}
	if diff := cmp.Diff(want, messages(d.Problems)); diff != "" {
		t.Errorf("mapping(list) errors mismatch (-want +got):\n%s", diff)
	}
}

func TestListBound(t *testing.T) {
	t.Parallel()
	d := &Decoder{}
	items := "[" + strings.Repeat("a, ", MaxItems) + "a]"
	if got := d.List(decodeDoc(t, items), "areas", "areas"); got != nil {
		t.Errorf("list of %d items returned %d", MaxItems+1, len(got))
	}
	want := []string{"f.yaml:1:1: areas: 101 items is too many; a scenario may list at most 100 here"}
	if diff := cmp.Diff(want, messages(d.Problems)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestCheckPlain(t *testing.T) {
	t.Parallel()
	d := &Decoder{}
	root := decodeDoc(t, "a: &x 1\nb: [*x, *x]\nc: {d: !!str 2}\n")
	if d.CheckPlain(root) {
		t.Fatal("checkPlain accepted an anchor")
	}
	want := []string{
		"f.yaml:1:4: a: YAML anchor &x, used by 2 aliases: anchors and aliases are not allowed in a scenario; write each value out in full",
		"f.yaml:3:8: c.d: explicit YAML tag !!str is not allowed in a scenario; write the plain value",
	}
	if diff := cmp.Diff(want, messages(d.Problems)); diff != "" {
		t.Errorf("checkPlain errors mismatch (-want +got):\n%s", diff)
	}
	d = &Decoder{}
	if !d.CheckPlain(decodeDoc(t, "a: [1, {b: 2}]\n")) || len(d.Problems) != 0 {
		t.Errorf("checkPlain rejected plain YAML: %v", d.Problems)
	}
}
