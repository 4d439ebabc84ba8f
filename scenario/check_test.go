package scenario

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// decodeDoc parses YAML text into its content node.
func decodeDoc(t *testing.T, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func TestFind(t *testing.T) {
	t.Parallel()
	root := decodeDoc(t, "lots:\n  - name: A\n    service:\n      refuge: {beds: 0}\nrouting: []\n")
	d := &decoder{root: root}
	tests := []struct {
		path      string
		line, col int
		reason    string
	}{
		{"", 1, 1, "the root"},
		{"lots", 2, 3, ""},
		{"lots[0]", 2, 5, ""},
		{"lots[0].service.refuge.beds", 4, 22, ""},
		{"lots[0].service.caseworkers.fte", 4, 7, "absent: the nearest enclosing node"},
		{"lots[3].name", 2, 3, "no such item: the list"},
		{"lots[x]", 2, 3, "not an index"},
		{"routing[0]", 5, 10, "an empty list"},
	}
	for _, tt := range tests {
		n := d.find(tt.path)
		if n.Line != tt.line || n.Column != tt.col {
			t.Errorf("find(%q) at %d:%d; want %d:%d (%s)", tt.path, n.Line, n.Column, tt.line, tt.col, tt.reason)
		}
	}
}
