package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"gopkg.in/yaml.v3"
)

// InputChange is one value that differs between two scenario files.
//
// Path is written as Override paths are, so that a path can be given back
// to ApplyOverrides or --vary: keys joined by dots, items of a list of
// named mappings by name (lots[Victims], funders["St. Helens"]), other
// list items by index (demand.seasonality[3]). A and B are the values as
// the files write them, as YAML text: a scalar plainly (quoted only where
// YAML needs it, so that "PATH=B" sets the same value), a mapping or list
// compactly in flow style ({high: 2 days}), a null as null. A is "" when
// the value is only in B and B is "" when it is only in A. A key that
// itself holds a dot or a bracket cannot be written as an override path;
// no scenario key does.
type InputChange struct {
	Path string `json:"path"`
	A    string `json:"a,omitempty"`
	B    string `json:"b,omitempty"`
	Kind string `json:"kind"` // "changed", "added" (only in B), "removed" (only in A), or "more"
}

// maxInputChanges is the most changes InputChanges lists before it ends
// the list with one "more" entry. Two scenarios of different places
// differ in hundreds of values; a reader wants the first screenful and the
// count, not all of them.
const maxInputChanges = 200

// InputChanges lists the values that differ between two scenario files,
// a and b, as YAML: what a comparison of their results should show first.
//
// It compares the YAML trees, not the decoded scenarios, so that each
// change names a value as the file writes it. Comments, key order and
// formatting are ignored. Mappings are matched by key. A list whose items
// are all mappings with a distinct name key is matched by name, so
// reordering its items is not a change; any other list is matched by
// index, and items past the shorter list's end are added or removed. A
// key or item only in one file is one change, its whole value written
// compactly. Scalars are compared by their text, trimmed of surrounding
// space: "2 weeks" and "14 days" differ, "5" and 5 do not.
//
// Changes come in the order of a's keys and items, then those only in b in
// b's order, except that the top-level name and description come first.
// An item of a list matched by name whose name a path cannot write (a
// number, "*", a name with brackets) is written by its index in a, or in
// b if it is only there. A change to a whole file that is not a mapping
// has Path "".
//
// At most 200 changes are listed: if there are more, the first 200 are
// followed by one InputChange{Path: "…", Kind: "more", B: "N more
// changes"}, N being how many were left off.
//
// Text that is not YAML gives an error naming the file, A or B, and
// wrapping the YAML error. Two empty files have no changes.
func InputChanges(a, b []byte) ([]InputChange, error) {
	ra, err := inputRoot(a)
	if err != nil {
		return nil, fmt.Errorf("lotsim: scenario A is not YAML: %w", err)
	}
	rb, err := inputRoot(b)
	if err != nil {
		return nil, fmt.Errorf("lotsim: scenario B is not YAML: %w", err)
	}
	var d inputDiff
	switch {
	case ra == nil && rb == nil:
	case ra == nil && rb.Kind == yaml.MappingNode:
		d.mapping("", &yaml.Node{Kind: yaml.MappingNode}, rb)
	case rb == nil && ra.Kind == yaml.MappingNode:
		d.mapping("", ra, &yaml.Node{Kind: yaml.MappingNode})
	case ra == nil || rb == nil:
		d.add("", ra, rb)
	default:
		d.node("", ra, rb)
	}
	if n := len(d.changes); n > maxInputChanges {
		d.changes = append(d.changes[:maxInputChanges:maxInputChanges], InputChange{
			Path: "…",
			Kind: "more",
			B:    fmt.Sprintf("%d more changes", n-maxInputChanges),
		})
	}
	return d.changes, nil
}

// inputRoot returns the content of the first YAML document in data, or
// nil if there is none.
func inputRoot(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return resolveAlias(doc.Content[0]), nil
}

// resolveAlias follows an alias (*name) to the node it names.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// inputDiff collects the changes of one comparison.
type inputDiff struct {
	changes []InputChange
}

func (d *inputDiff) add(path string, a, b *yaml.Node) {
	c := InputChange{Path: path}
	switch {
	case a == nil:
		c.Kind, c.B = "added", compactYAML(b)
	case b == nil:
		c.Kind, c.A = "removed", compactYAML(a)
	default:
		c.Kind, c.A, c.B = "changed", compactYAML(a), compactYAML(b)
	}
	d.changes = append(d.changes, c)
}

// node compares two values present in both files.
func (d *inputDiff) node(path string, a, b *yaml.Node) {
	a, b = resolveAlias(a), resolveAlias(b)
	if a.Kind != b.Kind {
		d.add(path, a, b)
		return
	}
	switch a.Kind {
	case yaml.MappingNode:
		d.mapping(path, a, b)
	case yaml.SequenceNode:
		d.sequence(path, a, b)
	default:
		if !sameScalar(a, b) {
			d.add(path, a, b)
		}
	}
}

// sameScalar reports whether two scalars are written alike: the same text,
// or both null however written (nothing, ~, null).
func sameScalar(a, b *yaml.Node) bool {
	if yamlnode.IsNull(a) && yamlnode.IsNull(b) {
		return true
	}
	if yamlnode.IsNull(a) != yamlnode.IsNull(b) {
		return false
	}
	return strings.TrimSpace(a.Value) == strings.TrimSpace(b.Value)
}

// mapKeys returns the mapping's keys in file order, each once, with the
// index of its value (the first, if a key is repeated).
func mapKeys(n *yaml.Node) (keys []string, at map[string]int) {
	at = make(map[string]int)
	for k := 0; k+1 < len(n.Content); k += 2 {
		key := mapKeyText(n.Content[k])
		if _, ok := at[key]; ok {
			continue
		}
		at[key] = k + 1
		keys = append(keys, key)
	}
	return keys, at
}

// mapKeyText returns a key as a path writes it.
func mapKeyText(k *yaml.Node) string {
	k = resolveAlias(k)
	if k.Kind == yaml.ScalarNode {
		return k.Value
	}
	return compactYAML(k)
}

// mapping compares two mappings by key: a's keys in order, then those only
// in b in b's order. At the top level, name and description come first.
func (d *inputDiff) mapping(path string, a, b *yaml.Node) {
	ka, atA := mapKeys(a)
	kb, atB := mapKeys(b)
	var order []string
	seen := make(map[string]bool)
	if path == "" {
		for _, k := range []string{"name", "description"} {
			_, inA := atA[k]
			_, inB := atB[k]
			if inA || inB {
				order = append(order, k)
				seen[k] = true
			}
		}
	}
	for _, keys := range [][]string{ka, kb} {
		for _, k := range keys {
			if !seen[k] {
				order = append(order, k)
				seen[k] = true
			}
		}
	}
	for _, k := range order {
		here := joinPath(path, k)
		ia, inA := atA[k]
		ib, inB := atB[k]
		switch {
		case inA && inB:
			d.node(here, a.Content[ia], b.Content[ib])
		case inA:
			d.add(here, resolveAlias(a.Content[ia]), nil)
		default:
			d.add(here, nil, resolveAlias(b.Content[ib]))
		}
	}
}

// sequence compares two lists, by name if every item of both is a mapping
// with a distinct name, else by index.
func (d *inputDiff) sequence(path string, a, b *yaml.Node) {
	namesA, okA := itemNames(a)
	namesB, okB := itemNames(b)
	if !okA || !okB || len(a.Content)+len(b.Content) == 0 {
		n := min(len(a.Content), len(b.Content))
		for i := 0; i < n; i++ {
			d.node(yamlnode.Index(path, i), a.Content[i], b.Content[i])
		}
		for i := n; i < len(a.Content); i++ {
			d.add(yamlnode.Index(path, i), resolveAlias(a.Content[i]), nil)
		}
		for i := n; i < len(b.Content); i++ {
			d.add(yamlnode.Index(path, i), nil, resolveAlias(b.Content[i]))
		}
		return
	}
	atB := make(map[string]int, len(namesB))
	for i, name := range namesB {
		atB[name] = i
	}
	inA := make(map[string]bool, len(namesA))
	for i, name := range namesA {
		inA[name] = true
		here := path + "[" + nameSelector(name, i) + "]"
		if j, ok := atB[name]; ok {
			d.node(here, a.Content[i], b.Content[j])
		} else {
			d.add(here, resolveAlias(a.Content[i]), nil)
		}
	}
	for j, name := range namesB {
		if !inA[name] {
			d.add(path+"["+nameSelector(name, j)+"]", nil, resolveAlias(b.Content[j]))
		}
	}
}

// itemNames returns the name of each item of a list, as applyOverride
// finds it, and whether every item has one and no two share one.
func itemNames(n *yaml.Node) ([]string, bool) {
	names := make([]string, len(n.Content))
	seen := make(map[string]bool, len(n.Content))
	for i, item := range n.Content {
		name := itemName(resolveAlias(item))
		if name == "" || seen[name] {
			return nil, false
		}
		seen[name] = true
		names[i] = name
	}
	return names, true
}

// nameSelector returns what goes between the brackets of a path to pick
// the item named name, at index i, as parsePath and applyOverride read
// it: the name plainly (lots[North Essex]), or in double quotes if it has
// surrounding space or a dot, or would itself read as quoted
// (lots["St. Helens"]). A name no path can pick (empty, "*", a number,
// one with a bracket) gives the index instead.
func nameSelector(name string, i int) string {
	_, err := strconv.Atoi(strings.TrimSpace(name))
	if name == "" || strings.TrimSpace(name) == "*" || err == nil || strings.ContainsAny(name, "[]") {
		return strconv.Itoa(i)
	}
	_, uerr := strconv.Unquote(name)
	singleQuoted := len(name) >= 2 && name[0] == '\'' && name[len(name)-1] == '\''
	if strings.TrimSpace(name) != name || strings.Contains(name, ".") || uerr == nil || singleQuoted {
		return strconv.Quote(name)
	}
	return name
}

// compactYAML writes a value as YAML text on one line: a scalar as its
// text, quoted only where reading the text back as YAML would give a
// different value; a mapping or list in flow style.
func compactYAML(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode {
		if yamlnode.IsNull(n) && strings.TrimSpace(n.Value) == "" {
			return "null"
		}
		v := strings.TrimSpace(n.Value)
		if back, err := valueNode(v); err == nil && back.Kind == yaml.ScalarNode && back.Value == v && !strings.Contains(v, "\n") {
			return v
		}
	}
	out, err := yaml.Marshal(flowCopy(n))
	if err != nil {
		// Marshal fails only on trees the parser cannot give.
		return strings.TrimSpace(n.Value)
	}
	return strings.TrimSpace(string(out))
}

// flowCopy copies a value with every mapping and list in flow style and
// without comments, resolving aliases. Scalars keep their quoting.
func flowCopy(n *yaml.Node) *yaml.Node {
	n = resolveAlias(n)
	c := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Value: n.Value, Style: n.Style}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		c.Style = yaml.FlowStyle
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, k := range n.Content {
			c.Content[i] = flowCopy(k)
		}
	case yaml.ScalarNode:
		// Block scalars (| and >) cannot appear in flow style; let the
		// encoder quote them.
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			c.Style = 0
			c.Value = strings.TrimSpace(n.Value)
		}
		if strings.Contains(c.Value, "\n") {
			c.Style = yaml.DoubleQuotedStyle
		}
	}
	return c
}
