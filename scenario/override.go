package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// ErrOverride is wrapped by every error about an Override that cannot be
// applied: a path that names nothing, a value of the wrong unit, a range
// that does not step to its end.
var ErrOverride = errors.New("lotsim: bad override")

// OverrideOp is what an Override does to the value at its path.
type OverrideOp int

// The override operations.
const (
	// Set replaces the value with Value, YAML text ("40", "3%",
	// "£1.2m", "{percent: 80%}").
	Set OverrideOp = iota
	// Add adds Value, a number in the value's own unit ("1%", "-5 days",
	// "£10k"), to the value.
	Add
	// Scale multiplies the value by Value, a plain number ("1.1"). Money
	// is rounded to the penny, half to even.
	Scale
)

// String returns the operator as ParseOverride reads it: "=", "+=" or
// "*=".
func (op OverrideOp) String() string {
	switch op {
	case Set:
		return "="
	case Add:
		return "+="
	case Scale:
		return "*="
	}
	return fmt.Sprintf("OverrideOp(%d)", int(op))
}

// Override changes values of a scenario file before it is decoded, so
// that the changed scenario is checked exactly as a file is.
//
// Path is written as the loader's error messages write field paths: keys
// joined by dots, list items by index in brackets, as in
// funders[2].contributions[0].amount or lots[0].service.caseworkers.fte.
// A list item may also be picked by its name, lots[Victims] (the item
// whose name key is Victims; quotes are optional: lots["North Essex"]),
// and [*] picks every item: demand.streams[*].growth. A path names the
// file's own keys, so a funder written with annual: is changed at
// funders[0].annual.amount. Set may add a key that is absent from an
// existing mapping; Add and Scale need the value to be there.
//
// Values keep the units the file writes them in: a percentage path takes
// "3%", a money path "£1.2m", a duration "6 weeks".
type Override struct {
	Path  string
	Op    OverrideOp
	Value string
}

// String returns the override as ParseOverride reads it.
func (o Override) String() string { return o.Path + o.Op.String() + o.Value }

// ParseOverride reads an override written PATH=VALUE (Set), PATH+=VALUE
// (Add) or PATH*=VALUE (Scale), such as
// "lots[Victims].service.caseworkers.fte=40" or
// "demand.streams[*].growth+=1%".
func ParseOverride(s string) (Override, error) {
	i := equalsOutsideBrackets(s)
	if i < 0 {
		return Override{}, fmt.Errorf("%w: %q: write PATH=VALUE, PATH+=VALUE or PATH*=VALUE, e.g. lots[Victims].service.caseworkers.fte=40", ErrOverride, s)
	}
	o := Override{Path: strings.TrimSpace(s[:i]), Value: strings.TrimSpace(s[i+1:])}
	switch {
	case strings.HasSuffix(o.Path, "+"):
		o.Op, o.Path = Add, strings.TrimSpace(strings.TrimSuffix(o.Path, "+"))
	case strings.HasSuffix(o.Path, "*"):
		o.Op, o.Path = Scale, strings.TrimSpace(strings.TrimSuffix(o.Path, "*"))
	}
	if _, err := parsePath(o.Path); err != nil {
		return Override{}, err
	}
	if o.Value == "" {
		return Override{}, fmt.Errorf("%w: %q: no value after %q", ErrOverride, s, o.Op.String())
	}
	return o, nil
}

// SplitAssignment splits "PATH=REST" at the first "=" outside brackets,
// for flags whose right-hand side is not a single value (a range
// FROM:TO:STEP, say). ok is false if there is no "=".
func SplitAssignment(s string) (path, rest string, ok bool) {
	i := equalsOutsideBrackets(s)
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}

func equalsOutsideBrackets(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case '=':
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// ApplyOverrides changes the scenario file data (named file in errors) by
// each override in turn and decodes the result with Parse, so that the
// changed scenario is validated as a file would be. The Scenario's File is
// file and its SHA256 the digest of data, the file as it is on disk;
// its values are the changed ones.
//
// An override whose path names nothing, or whose value cannot be added to
// or scaled, gives an error wrapping ErrOverride that says what the path
// could name instead. A changed file that is not a valid scenario gives
// Parse's ErrorList, with file named "FILE with OVERRIDES": its field paths
// are the file's, but its line numbers are those of the rewritten YAML.
func ApplyOverrides(file string, data []byte, overrides ...Override) (*Scenario, error) {
	if len(overrides) == 0 {
		return Parse(file, data)
	}
	out, err := Rewrite(file, data, overrides...)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(overrides))
	for i, o := range overrides {
		names[i] = o.String()
	}
	s, err := Parse(file+" with "+strings.Join(names, ", "), out)
	if err != nil {
		return nil, err
	}
	orig, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	s.File, s.SHA256 = file, orig.SHA256
	return s, nil
}

// Rewrite returns the scenario file data (named file in errors) changed by
// each override in turn, as YAML with the file's comments kept, for a
// program that writes a changed scenario out (lotsim optimise --out). It
// does not check that the result is a valid scenario: Parse it for that.
// Its errors are ApplyOverrides's.
func Rewrite(file string, data []byte, overrides ...Override) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		// Not YAML at all: Parse says why, with positions.
		if _, perr := Parse(file, data); perr != nil {
			return nil, perr
		}
		return nil, fmt.Errorf("%w: %s is not a YAML document", ErrOverride, file)
	}
	for _, o := range overrides {
		if err := applyOverride(doc.Content[0], o); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("%w: rewriting %s: %w", ErrOverride, file, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%w: rewriting %s: %w", ErrOverride, file, err)
	}
	return buf.Bytes(), nil
}

// segment is one step of a path: a key, then any number of selectors.
type segment struct {
	key  string
	sels []string // "3", "*", or an item's name
}

// parsePath splits a path such as lots[Victims].service.caseworkers.fte.
func parsePath(p string) ([]segment, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: path %q: %s (write keys joined by dots and list items in brackets: lots[0].service.caseworkers.fte, lots[Victims].allocation, demand.streams[*].growth)", ErrOverride, p, why)
	}
	if p == "" {
		return nil, bad("empty")
	}
	var segs []segment
	rest := p
	for rest != "" {
		var seg segment
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		seg.key = strings.TrimSpace(rest[:end])
		if seg.key == "" {
			return nil, bad("a key is missing")
		}
		rest = rest[end:]
		for strings.HasPrefix(rest, "[") {
			close := strings.IndexByte(rest, ']')
			if close < 0 {
				return nil, bad("a [ has no ]")
			}
			sel := strings.TrimSpace(rest[1:close])
			if uq, err := strconv.Unquote(sel); err == nil {
				sel = uq
			} else if len(sel) >= 2 && sel[0] == '\'' && sel[len(sel)-1] == '\'' {
				sel = sel[1 : len(sel)-1]
			}
			if sel == "" {
				return nil, bad("empty brackets")
			}
			seg.sels = append(seg.sels, sel)
			rest = rest[close+1:]
		}
		segs = append(segs, seg)
		if rest == "" {
			break
		}
		if rest[0] != '.' {
			return nil, bad(fmt.Sprintf("unexpected %q", rest[:1]))
		}
		rest = rest[1:]
		if rest == "" {
			return nil, bad("ends with a dot")
		}
	}
	return segs, nil
}

// applyOverride changes every node the override's path matches.
func applyOverride(root *yaml.Node, o Override) error {
	segs, err := parsePath(o.Path)
	if err != nil {
		return err
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrOverride, o, fmt.Sprintf(format, args...))
	}
	// Each target is a mapping and a key in it (value index vi, or -1 to
	// add the key), or a list item.
	type target struct {
		parent *yaml.Node
		i      int // index in parent.Content of the value; -1: add key
		key    string
	}
	type at struct {
		node *yaml.Node
		path string
	}
	cur := []at{{root, ""}}
	var targets []target
	for si, seg := range segs {
		last := si == len(segs)-1 && len(seg.sels) == 0
		var next []at
		for _, c := range cur {
			here := joinPath(c.path, seg.key)
			if c.node.Kind != yaml.MappingNode {
				return fail("%s is not a mapping, so it has no key %q", orRoot(c.path), seg.key)
			}
			vi := -1
			var keys []string
			for k := 0; k+1 < len(c.node.Content); k += 2 {
				keys = append(keys, c.node.Content[k].Value)
				if c.node.Content[k].Value == seg.key {
					vi = k + 1
				}
			}
			if vi < 0 {
				if last && o.Op == Set {
					targets = append(targets, target{parent: c.node, i: -1, key: seg.key})
					continue
				}
				return fail("%s has no key %q (it has %s)", orRoot(c.path), seg.key, strings.Join(keys, ", "))
			}
			if last {
				targets = append(targets, target{parent: c.node, i: vi})
				continue
			}
			next = append(next, at{c.node.Content[vi], here})
		}
		for j, sel := range seg.sels {
			lastSel := si == len(segs)-1 && j == len(seg.sels)-1
			var picked []at
			for _, c := range next {
				if c.node.Kind != yaml.SequenceNode {
					return fail("%s is not a list, so [%s] picks nothing", c.path, sel)
				}
				var idx []int
				switch n, err := strconv.Atoi(sel); {
				case sel == "*":
					for k := range c.node.Content {
						idx = append(idx, k)
					}
				case err == nil:
					if n < 0 || n >= len(c.node.Content) {
						return fail("%s has %d items, numbered from 0, so it has no item %d", c.path, len(c.node.Content), n)
					}
					idx = []int{n}
				default:
					var names []string
					for k, item := range c.node.Content {
						name := itemName(item)
						if name == sel {
							idx = append(idx, k)
						}
						if name != "" {
							names = append(names, strconv.Quote(name))
						}
					}
					if len(idx) == 0 {
						if len(names) == 0 {
							return fail("%s has no items with a name", c.path)
						}
						return fail("%s has no item named %q (names: %s)", c.path, sel, strings.Join(names, ", "))
					}
				}
				for _, k := range idx {
					if lastSel {
						targets = append(targets, target{parent: c.node, i: k})
						continue
					}
					picked = append(picked, at{c.node.Content[k], fmt.Sprintf("%s[%d]", c.path, k)})
				}
			}
			next = picked
		}
		cur = next
	}
	if len(targets) == 0 {
		return fail("the path picks nothing (an empty list?)")
	}
	for _, t := range targets {
		if t.i < 0 {
			n, err := valueNode(o.Value)
			if err != nil {
				return fail("%v", err)
			}
			t.parent.Content = append(t.parent.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t.key}, n)
			continue
		}
		old := t.parent.Content[t.i]
		var n *yaml.Node
		switch o.Op {
		case Set:
			n, err = valueNode(o.Value)
		case Add, Scale:
			if old.Kind != yaml.ScalarNode {
				return fail("the value is %s, not a number to change", yamlnode.Describe(old))
			}
			var text string
			text, err = changeQuantity(old.Value, o.Op, o.Value)
			if err == nil {
				n, err = valueNode(text)
			}
		default:
			err = fmt.Errorf("unknown operation %v", o.Op)
		}
		if err != nil {
			return fail("%v", err)
		}
		n.HeadComment, n.LineComment, n.FootComment = old.HeadComment, old.LineComment, old.FootComment
		t.parent.Content[t.i] = n
	}
	return nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "the scenario"
	}
	return path
}

// itemName returns the name key of a list item, or "".
func itemName(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for k := 0; k+1 < len(n.Content); k += 2 {
		if n.Content[k].Value == "name" && n.Content[k+1].Kind == yaml.ScalarNode {
			return n.Content[k+1].Value
		}
	}
	return ""
}

// valueNode parses text as one YAML value, as it would read in a file.
func valueNode(text string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("value %q is not YAML: %w", text, err)
	}
	if len(doc.Content) != 1 {
		return nil, fmt.Errorf("value %q is empty", text)
	}
	n := doc.Content[0]
	n.Line, n.Column = 0, 0
	return n, nil
}

// quantity is a number with the unit it is written in: "£1.2m", "3%",
// "6 weeks", "22".
type quantity struct {
	num    decimal.Decimal
	money  bool   // written with £ (the k and m suffixes are folded into num)
	suffix string // "%", " weeks", ""; as written, with its leading space
}

// parseQuantity reads a number with an optional sign, £, thousands
// commas, k or m (after £), and a unit.
func parseQuantity(s string) (quantity, error) {
	var q quantity
	t := strings.TrimSpace(s)
	sign := ""
	if t != "" && (t[0] == '+' || t[0] == '-') {
		if t[0] == '-' {
			sign = "-"
		}
		t = strings.TrimSpace(t[1:])
	}
	if strings.HasPrefix(t, "£") {
		q.money, t = true, strings.TrimPrefix(t, "£")
	}
	end := 0
	for end < len(t) && (t[end] >= '0' && t[end] <= '9' || t[end] == '.' || t[end] == ',') {
		end++
	}
	digits := strings.ReplaceAll(t[:end], ",", "")
	if digits == "" {
		return q, fmt.Errorf("%q is not a number with a unit (write 40, 3%%, £1.2m or 6 weeks)", s)
	}
	n, err := decimal.NewFromString(sign + digits)
	if err != nil {
		return q, fmt.Errorf("%q is not a number with a unit (write 40, 3%%, £1.2m or 6 weeks)", s)
	}
	rest := t[end:]
	if q.money {
		switch strings.ToLower(rest) {
		case "k":
			n, rest = n.Shift(3), ""
		case "m":
			n, rest = n.Shift(6), ""
		}
	}
	q.num, q.suffix = n, rest
	return q, nil
}

// unit returns the quantity's unit for comparison: "£", "%", "week".
func (q quantity) unit() string {
	if q.money {
		return "£" + strings.TrimSpace(q.suffix)
	}
	u := strings.ToLower(strings.TrimSpace(q.suffix))
	if len(u) > 1 && strings.HasSuffix(u, "s") {
		u = strings.TrimSuffix(u, "s")
	}
	return u
}

// unitText describes a unit for a message.
func unitText(u string) string {
	if u == "" {
		return "no unit"
	}
	return strconv.Quote(u)
}

// text writes the quantity as a scenario file would, keeping its unit.
func (q quantity) text() string {
	if q.money {
		m := q.num.RoundBank(2)
		sign := ""
		if m.Sign() < 0 {
			sign, m = "-", m.Neg()
		}
		s := m.String()
		if !m.Equal(m.Truncate(0)) {
			s = m.StringFixedBank(2)
		}
		return sign + "£" + s + q.suffix
	}
	return q.num.String() + q.suffix
}

// changeQuantity adds to or scales the value written old.
func changeQuantity(old string, op OverrideOp, by string) (string, error) {
	q, err := parseQuantity(old)
	if err != nil {
		return "", fmt.Errorf("the value %w", err)
	}
	switch op {
	case Add:
		d, err := parseQuantity(by)
		if err != nil {
			return "", err
		}
		if d.unit() != q.unit() {
			return "", fmt.Errorf("cannot add %q (%s) to %q (%s): write the change in the value's unit", by, unitText(d.unit()), old, unitText(q.unit()))
		}
		q.num = q.num.Add(d.num)
	case Scale:
		f, err := decimal.NewFromString(strings.TrimSpace(by))
		if err != nil {
			return "", fmt.Errorf("scale by a plain number such as 1.1, not %q", by)
		}
		q.num = q.num.Mul(f)
	}
	return q.text(), nil
}

// maxRangePoints is the most values Range gives: a sweep of more is
// almost surely a mistaken step.
const maxRangePoints = 1000

// Range returns the values from, from+step, ... up to and including to
// (or down to it, when to is below from), each written in from's unit:
// Range("0%", "6%", "2%") is 0%, 2%, 4%, 6%; Range("£600k", "£800k",
// "£100k") is £600000, £700000, £800000; Range("4 weeks", "8 weeks", "2")
// is 4 weeks, 6 weeks, 8 weeks. Arithmetic is exact decimal, so 0.1 steps
// do not drift. from and to must be in the same unit, and step in it too
// or unitless; step must be above 0. A to that the steps do not reach
// exactly is not included.
func Range(from, to, step string) ([]string, error) {
	bad := func(format string, args ...any) ([]string, error) {
		return nil, fmt.Errorf("%w: range %s:%s:%s: %s", ErrOverride, from, to, step, fmt.Sprintf(format, args...))
	}
	f, err := parseQuantity(from)
	if err != nil {
		return bad("FROM: %v", err)
	}
	t, err := parseQuantity(to)
	if err != nil {
		return bad("TO: %v", err)
	}
	st, err := parseQuantity(step)
	if err != nil {
		return bad("STEP: %v", err)
	}
	if f.unit() != t.unit() {
		return bad("FROM is in %s and TO in %s; write both in the same unit", unitText(f.unit()), unitText(t.unit()))
	}
	if st.unit() != "" && st.unit() != f.unit() {
		return bad("STEP is in %s, FROM and TO in %s", unitText(st.unit()), unitText(f.unit()))
	}
	if st.num.Sign() <= 0 {
		return bad("STEP must be above 0")
	}
	n := t.num.Sub(f.num).Abs().Div(st.num).Floor()
	if n.GreaterThanOrEqual(decimal.NewFromInt(maxRangePoints)) {
		return bad("that is more than %d values; use a larger step", maxRangePoints)
	}
	dir := st.num
	if t.num.LessThan(f.num) {
		dir = dir.Neg()
	}
	var out []string
	for i := int64(0); i <= n.IntPart(); i++ {
		q := f
		q.num = f.num.Add(dir.Mul(decimal.NewFromInt(i)))
		out = append(out, q.text())
	}
	return out, nil
}
