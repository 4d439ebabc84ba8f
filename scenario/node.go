package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// This file walks yaml.v3 node trees strictly: every mapping is checked
// against the keys it may hold, every value against the shape it must have,
// and every problem is recorded with its position and field path instead of
// stopping at the first.

// decoder collects the problems found in one file.
type decoder struct {
	file    string
	root    *yaml.Node // the document's content, for finding a path's node
	errs    ErrorList
	dropped int // problems found after maxErrors
}

// maxErrors is the most problems reported for one file. A file that is
// not a scenario at all (a large YAML file of something else) would
// otherwise give one per key; a real scenario never comes near it.
const maxErrors = 500

// full reports whether maxErrors problems are recorded, so that a caller
// can skip the work of describing another (a "did you mean" search).
func (d *decoder) full() bool { return len(d.errs) >= maxErrors }

// errorf records a problem at node n (nil: no position) for the field path.
func (d *decoder) errorf(n *yaml.Node, path string, err error, format string, args ...any) {
	if d.full() {
		d.dropped++
		return
	}
	e := &ScenarioError{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...), Err: err}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// key returns the path of a key inside the mapping at path.
func key(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// index returns the path of item i of the list at path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// maxQuoted is how many characters of a value an error message repeats.
const maxQuoted = 60

// quote returns s in double quotes for a message, shortened if long.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		r := []rune(s)
		return strconv.Quote(string(r[:maxQuoted])) + "..."
	}
	return strconv.Quote(s)
}

// isNull reports whether n is absent or an explicit YAML null ("key:" with
// nothing after it, "~" or "null").
func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// describe says what kind of value n is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value pairs)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value + " (yes/no)"
		}
		return "the text " + quote(n.Value)
	}
	return "an empty document"
}

// fields is a mapping checked against the keys it may hold.
type fields struct {
	node *yaml.Node
	path string
	keys map[string]*yaml.Node // key nodes by name
	vals map[string]*yaml.Node // value nodes by name
}

// get returns the value of name, or nil if it is absent or null.
func (f fields) get(name string) *yaml.Node {
	v := f.vals[name]
	if isNull(v) {
		return nil
	}
	return v
}

// has reports whether name has a value.
func (f fields) has(name string) bool { return f.get(name) != nil }

// at returns the path of name.
func (f fields) at(name string) string { return key(f.path, name) }

// keyNode returns the node of key name, or the mapping itself if absent,
// for positioning a message about the key.
func (f fields) keyNode(name string) *yaml.Node {
	if k := f.keys[name]; k != nil {
		return k
	}
	return f.node
}

// mapping checks that n is a mapping whose keys are among valid, each given
// once, and returns its values by key. It reports an unknown key with the
// valid keys and, for a near miss, the key that was probably meant. what
// names the value for a type error ("a funder"). ok is false if n is not a
// mapping at all.
func (d *decoder) mapping(n *yaml.Node, path, what string, valid ...string) (fields, bool) {
	f := fields{node: n, path: path, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			d.errorf(n, path, ErrType, "want a mapping (key: value pairs) for %s, got %s", what, describe(n))
		}
		return f, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, ErrType, "a key must be a plain name, got %s", describe(k))
			continue
		}
		name := k.Value
		if !contains(valid, name) {
			if d.full() {
				d.dropped++
				continue
			}
			d.errorf(k, key(path, name), ErrUnknownKey, "unknown key %s%s (valid keys: %s)",
				quote(name), didYouMean(name, valid), strings.Join(valid, ", "))
			continue
		}
		if first, dup := f.keys[name]; dup {
			d.errorf(k, key(path, name), ErrDuplicate, "key %s given twice (first on line %d)", quote(name), first.Line)
			continue
		}
		f.keys[name], f.vals[name] = k, v
	}
	return f, true
}

// require returns the value of name, reporting it if absent or null. want
// says what the value should be ("the scenario's name").
func (d *decoder) require(f fields, name, want string) *yaml.Node {
	if v := f.get(name); v != nil {
		return v
	}
	if k := f.keys[name]; k != nil {
		d.errorf(k, f.at(name), ErrMissing, "no value given; want %s", want)
	} else {
		d.errorf(f.node, f.path, ErrMissing, "missing key %s: %s", quote(name), want)
	}
	return nil
}

// maxItems is the longest list a scenario may have, except an empirical
// distribution's values. Real partnerships have a handful of areas, lots,
// rules and funders; the bound keeps checks that compare every item with
// every other quick whatever the input.
const maxItems = 100

// list checks that n is a list of at most maxItems items and returns them;
// what names the items for a type error ("funders"). A null n is an empty
// list.
func (d *decoder) list(n *yaml.Node, path, what string) []*yaml.Node {
	return d.listMax(n, path, what, maxItems)
}

// listMax is list with a bound of max items.
func (d *decoder) listMax(n *yaml.Node, path, what string, max int) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, ErrType, "want a list of %s, got %s", what, describe(n))
		return nil
	}
	if len(n.Content) > max {
		d.errorf(n, path, ErrInvalid, "%d items is too many; a scenario may list at most %d here", len(n.Content), max)
		return nil
	}
	return n.Content
}

// oneOf reports and returns false if more than one of names has a value in f.
func (d *decoder) oneOf(f fields, names ...string) bool {
	var given []string
	for _, name := range names {
		if f.has(name) {
			given = append(given, name)
		}
	}
	if len(given) > 1 {
		d.errorf(f.keyNode(given[1]), f.at(given[1]), ErrInvalid, "give only one of %s; %s is given too",
			joinOr(names), given[0])
		return false
	}
	return true
}

// contains reports whether s is in list.
func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// maxSuggest is the longest word didYouMean compares, keeping the edit
// distance cheap on hostile input.
const maxSuggest = 64

// didYouMean returns `; did you mean "x"?` for the valid word nearest to
// word, if it is near enough to be a slip (a typo, a missing or extra letter,
// spaces or hyphens for underscores, other capitals), and "" otherwise.
func didYouMean(word string, valid []string) string {
	if m := nearest(word, valid); m != "" {
		return "; did you mean " + quote(m) + "?"
	}
	return ""
}

// nearest returns the valid word nearest to word, or "" if none is near.
func nearest(word string, valid []string) string {
	if len(word) > maxSuggest {
		return ""
	}
	norm := func(s string) string { return separators.Replace(strings.ToLower(s)) }
	w := norm(word)
	best, bestDist := "", -1
	for _, v := range valid {
		if len(v) > maxSuggest {
			continue
		}
		dist := editDistance(w, norm(v))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = v, dist
		}
	}
	// One edit in a short word, two in a longer one: further than that the
	// suggestion is more likely to mislead than help.
	limit := 1
	if utf8.RuneCountInString(w) >= 6 {
		limit = 2
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// separators are the characters people put where the format has "_".
var separators = strings.NewReplacer("-", "_", " ", "_")

// editDistance is the number of single-rune insertions, deletions,
// substitutions and swaps of neighbours that turn a into b (the optimal
// string alignment distance): "hihg" is one edit from "high".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// rows i-2, i-1 and i of the table of distances between prefixes.
	before, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(rb)]
}

// checkPlain reports every anchor, alias and explicit tag in the tree under
// root and returns false if there are any. Anchors and aliases let a small
// file expand into a huge one (the "billion laughs") and let one value
// silently stand for another; a scenario is written out in full instead.
// The walk never follows an alias, so it is linear in the size of the file.
func (d *decoder) checkPlain(root *yaml.Node) bool {
	type anchor struct {
		node *yaml.Node
		path string
		uses int
	}
	var (
		anchors = map[string]*anchor{}
		order   []string
		aliases []*yaml.Node // aliases with no anchor seen, in document order
		tagged  []*yaml.Node
		paths   []string // paths of tagged
		stack   []string // path elements of the node being visited
	)
	render := func() string {
		var b strings.Builder
		for _, s := range stack {
			if !strings.HasPrefix(s, "[") && b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		}
		return b.String()
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Anchor != "" {
			if _, ok := anchors[n.Anchor]; !ok {
				order = append(order, n.Anchor)
			}
			anchors[n.Anchor] = &anchor{node: n, path: render()}
		}
		if n.Style&yaml.TaggedStyle != 0 {
			tagged = append(tagged, n)
			paths = append(paths, render())
		}
		switch n.Kind {
		case yaml.AliasNode:
			if a, ok := anchors[n.Value]; ok {
				a.uses++
			} else {
				aliases = append(aliases, n)
			}
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				stack = append(stack, "["+strconv.Itoa(i)+"]")
				walk(c)
				stack = stack[:len(stack)-1]
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				walk(k)
				stack = append(stack, k.Value)
				walk(v)
				stack = stack[:len(stack)-1]
			}
		}
	}
	walk(root)
	for _, name := range order {
		a := anchors[name]
		used := ""
		switch a.uses {
		case 0:
		case 1:
			used = ", used by 1 alias"
		default:
			used = fmt.Sprintf(", used by %d aliases", a.uses)
		}
		d.errorf(a.node, a.path, ErrAlias,
			"YAML anchor &%s%s: anchors and aliases are not allowed in a scenario; write each value out in full",
			trim(name), used)
	}
	for _, n := range aliases {
		d.errorf(n, "", ErrAlias, "YAML alias *%s: anchors and aliases are not allowed in a scenario; write each value out in full", trim(n.Value))
	}
	for i, n := range tagged {
		d.errorf(n, paths[i], ErrAlias, "explicit YAML tag %s is not allowed in a scenario; write the plain value", trim(n.Tag))
	}
	return len(order)+len(aliases)+len(tagged) == 0
}

// trim shortens a name taken from the input for a message.
func trim(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		return string([]rune(s)[:maxQuoted]) + "..."
	}
	return s
}
