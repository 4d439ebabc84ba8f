// Package yamlnode walks yaml.v3 node trees strictly, for package
// scenario's decoder: every mapping is checked against the keys it may
// hold, every list against its length, and every problem is recorded with
// its position and field path instead of stopping at the first. It also
// refuses anchors, aliases and tags, and suggests the key that was probably
// meant ("did you mean").
//
// The values themselves (money, dates, durations, distributions) are
// package scenario's to read: this package knows YAML, not the format.
package yamlnode

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lotsim/lotsim/internal/suggest"

	"gopkg.in/yaml.v3"
)

// The kinds of problem this package reports. Package scenario exports the
// same values, so that errors.Is works on either.
var (
	// ErrAlias reports a YAML anchor, alias or explicit tag.
	ErrAlias = errors.New("lotsim: YAML anchors, aliases and tags are not allowed")
	// ErrUnknownKey reports a key the format does not have.
	ErrUnknownKey = errors.New("lotsim: unknown key")
	// ErrMissing reports a required key that is absent or has no value.
	ErrMissing = errors.New("lotsim: missing value")
	// ErrType reports a value of the wrong shape.
	ErrType = errors.New("lotsim: wrong type of value")
	// ErrInvalid reports a value of the right shape that is not allowed.
	ErrInvalid = errors.New("lotsim: invalid value")
	// ErrDuplicate reports a name, key or year given twice.
	ErrDuplicate = errors.New("lotsim: duplicate")
)

// Problem is one problem found in a file: where it is, which field it
// concerns, what is wrong and what would be valid, and the sentinel error
// it is an instance of.
type Problem struct {
	Line, Column int    // 1-based; 0 if unknown
	Path         string // field path, e.g. funders[2].contributions[0].amount
	Msg          string
	Err          error
}

// Decoder collects the problems found in one file, up to MaxProblems.
// Its zero value is ready to use.
type Decoder struct {
	Problems []Problem
	Dropped  int // problems found after MaxProblems
}

// MaxProblems is the most problems kept for one file. A file that is not
// a scenario at all (a large YAML file of something else) would otherwise
// give one per key; a real scenario never comes near it.
const MaxProblems = 500

// Full reports whether MaxProblems problems are kept, so that a caller
// can skip the work of describing another (a "did you mean" search).
func (d *Decoder) Full() bool { return len(d.Problems) >= MaxProblems }

// Add keeps p, or counts it as dropped once MaxProblems are kept.
func (d *Decoder) Add(p Problem) {
	if d.Full() {
		d.Dropped++
		return
	}
	d.Problems = append(d.Problems, p)
}

// Errorf records a problem at node n (nil: no position) for the field path.
func (d *Decoder) Errorf(n *yaml.Node, path string, err error, format string, args ...any) {
	p := Problem{Path: path, Msg: fmt.Sprintf(format, args...), Err: err}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	d.Add(p)
}

// Key returns the path of a key inside the mapping at path.
func Key(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Index returns the path of item i of the list at path.
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// MaxQuoted is how many characters of a value an error message repeats.
const MaxQuoted = 60

// Quote returns s in double quotes for a message, shortened if long.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > MaxQuoted {
		r := []rune(s)
		return strconv.Quote(string(r[:MaxQuoted])) + "..."
	}
	return strconv.Quote(s)
}

// IsNull reports whether n is absent or an explicit YAML null ("key:" with
// nothing after it, "~" or "null").
func IsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// Describe says what kind of value n is, for "want X, got Y" messages.
func Describe(n *yaml.Node) string {
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
		return "the text " + Quote(n.Value)
	}
	return "an empty document"
}

// Fields is a mapping checked against the keys it may hold.
type Fields struct {
	node *yaml.Node
	path string
	keys map[string]*yaml.Node // Key nodes by name
	vals map[string]*yaml.Node // value nodes by name
}

// Get returns the value of name, or nil if it is absent or null.
func (f Fields) Get(name string) *yaml.Node {
	v := f.vals[name]
	if IsNull(v) {
		return nil
	}
	return v
}

// Has reports whether name has a value.
func (f Fields) Has(name string) bool { return f.Get(name) != nil }

// At returns the path of name.
func (f Fields) At(name string) string { return Key(f.path, name) }

// Given reports whether key name is in the mapping, even with no value.
func (f Fields) Given(name string) bool { return f.keys[name] != nil }

// Len is the number of keys given.
func (f Fields) Len() int { return len(f.keys) }

// Node is the mapping's node.
func (f Fields) Node() *yaml.Node { return f.node }

// Path is the mapping's field path.
func (f Fields) Path() string { return f.path }

// KeyNode returns the node of key name, or the mapping itself if absent,
// for positioning a message about the key.
func (f Fields) KeyNode(name string) *yaml.Node {
	if k := f.keys[name]; k != nil {
		return k
	}
	return f.node
}

// Mapping checks that n is a mapping whose keys are among valid, each given
// once, and returns its values by key. It reports an unknown key with the
// valid keys and, for a near miss, the key that was probably meant. what
// names the value for a type error ("a funder"). ok is false if n is not a
// Mapping at all.
func (d *Decoder) Mapping(n *yaml.Node, path, what string, valid ...string) (Fields, bool) {
	f := Fields{node: n, path: path, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			d.Errorf(n, path, ErrType, "want a mapping (key: value pairs) for %s, got %s", what, Describe(n))
		}
		return f, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, path, ErrType, "a key must be a plain name, got %s", Describe(k))
			continue
		}
		name := k.Value
		if !slices.Contains(valid, name) {
			if d.Full() {
				d.Dropped++
				continue
			}
			d.Errorf(k, Key(path, name), ErrUnknownKey, "unknown key %s%s (valid keys: %s)",
				Quote(name), DidYouMean(name, valid), strings.Join(valid, ", "))
			continue
		}
		if first, dup := f.keys[name]; dup {
			d.Errorf(k, Key(path, name), ErrDuplicate, "key %s given twice (first on line %d)", Quote(name), first.Line)
			continue
		}
		f.keys[name], f.vals[name] = k, v
	}
	return f, true
}

// Require returns the value of name, reporting it if absent or null. want
// says what the value should be ("the scenario's name").
func (d *Decoder) Require(f Fields, name, want string) *yaml.Node {
	if v := f.Get(name); v != nil {
		return v
	}
	if k := f.keys[name]; k != nil {
		d.Errorf(k, f.At(name), ErrMissing, "no value given; want %s", want)
	} else {
		d.Errorf(f.node, f.path, ErrMissing, "missing key %s: %s", Quote(name), want)
	}
	return nil
}

// MaxItems is the longest list a scenario may have, except an empirical
// distribution's values. Real partnerships have a handful of areas, lots,
// rules and funders; the bound keeps checks that compare every item with
// every other quick whatever the input.
const MaxItems = 100

// List checks that n is a list of at most MaxItems items and returns them;
// what names the items for a type error ("funders"). A null n is an empty
// list.
func (d *Decoder) List(n *yaml.Node, path, what string) []*yaml.Node {
	return d.ListMax(n, path, what, MaxItems)
}

// ListMax is list with a bound of max items.
func (d *Decoder) ListMax(n *yaml.Node, path, what string, max int) []*yaml.Node {
	if IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, ErrType, "want a list of %s, got %s", what, Describe(n))
		return nil
	}
	if len(n.Content) > max {
		d.Errorf(n, path, ErrInvalid, "%d items is too many; a scenario may list at most %d here", len(n.Content), max)
		return nil
	}
	return n.Content
}

// OneOf reports and returns false if more than one of names has a value in f.
func (d *Decoder) OneOf(f Fields, names ...string) bool {
	var given []string
	for _, name := range names {
		if f.Has(name) {
			given = append(given, name)
		}
	}
	if len(given) > 1 {
		d.Errorf(f.KeyNode(given[1]), f.At(given[1]), ErrInvalid, "give only one of %s; %s is given too",
			JoinOr(names), given[0])
		return false
	}
	return true
}

// DidYouMean returns `; did you mean "x"?` for the valid word nearest to
// word, if it is near enough to be a slip (a typo, a missing or extra letter,
// spaces or hyphens for underscores, other capitals), and "" otherwise.
func DidYouMean(word string, valid []string) string {
	if m := Nearest(word, valid); m != "" {
		return "; did you mean " + Quote(m) + "?"
	}
	return ""
}

// Nearest returns the valid word nearest to word, or "" if none is near
// (see suggest.Nearest).
func Nearest(word string, valid []string) string { return suggest.Nearest(word, valid) }

// CheckPlain reports every anchor, alias and explicit tag in the tree under
// root and returns false if there are any. Anchors and aliases let a small
// file expand into a huge one (the "billion laughs") and let one value
// silently stand for another; a scenario is written out in full instead.
// The walk never follows an alias, so it is linear in the size of the file.
func (d *Decoder) CheckPlain(root *yaml.Node) bool {
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
		d.Errorf(a.node, a.path, ErrAlias,
			"YAML anchor &%s%s: anchors and aliases are not allowed in a scenario; write each value out in full",
			Trim(name), used)
	}
	for _, n := range aliases {
		d.Errorf(n, "", ErrAlias, "YAML alias *%s: anchors and aliases are not allowed in a scenario; write each value out in full", Trim(n.Value))
	}
	for i, n := range tagged {
		d.Errorf(n, paths[i], ErrAlias, "explicit YAML tag %s is not allowed in a scenario; write the plain value", Trim(n.Tag))
	}
	return len(order)+len(aliases)+len(tagged) == 0
}

// Trim shortens a name taken from the input for a message.
func Trim(s string) string {
	if utf8.RuneCountInString(s) > MaxQuoted {
		return string([]rune(s)[:MaxQuoted]) + "..."
	}
	return s
}

// JoinOr lists words as "a, b or c".
func JoinOr(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
