package fit

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// This file writes fitted values into a copy of the base scenario's text,
// line by line: only the value of each fitted figure and the comment on its
// line change, so that every other line, comment and layout of the base
// file is kept as it was. Re-marshalling the YAML would reflow the whole
// file.

// step selects one child on the way to a figure: the value of a mapping
// key, or the item of a list whose mapping has every one of match's
// key: value pairs.
type step struct {
	key   string
	match [][2]string
}

// key selects the value of mapping key k.
func key(k string) step { return step{key: k} }

// item selects the list item whose fields are the pairs kv (field, value,
// field, value, ...).
func item(kv ...string) step {
	s := step{}
	for i := 0; i+1 < len(kv); i += 2 {
		s.match = append(s.match, [2]string{kv[i], kv[i+1]})
	}
	return s
}

func (s step) String() string {
	if s.match == nil {
		return s.key
	}
	var parts []string
	for _, m := range s.match {
		parts = append(parts, m[0]+"="+m[1])
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// yamlEdit puts one fitted value into the file: value is its YAML text on
// one line (a scalar or a flow mapping or list), comment the words after
// "# " that say where it came from. A key that is missing is added when
// its mapping is there.
type yamlEdit struct {
	at      []step
	value   string
	comment string
}

func (e yamlEdit) path() string {
	parts := make([]string, len(e.at))
	for i, s := range e.at {
		parts[i] = s.String()
	}
	return strings.Join(parts, ".")
}

// lineChange is what happens to one line of the base file: value
// replacements within it (byte offsets of the original line), comments to
// put at its end, and new lines to add after it.
type lineChange struct {
	spans    []span
	comments []string
	after    []string
}

type span struct {
	from, to int // byte offsets in the original line
	text     string
}

// rewrite returns base with edits applied, and, for each edit it could
// not apply, why (the figure stays as the base has it). It never changes
// a line no edit concerns.
func rewrite(base []byte, edits []yamlEdit) ([]byte, []string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(base, &doc); err != nil {
		return nil, nil, fmt.Errorf("fit: base scenario is not YAML: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("fit: base scenario is not a YAML mapping")
	}
	text := string(base)
	lines := strings.Split(text, "\n")
	changes := map[int]*lineChange{} // 0-based line
	change := func(line int) *lineChange {
		c := changes[line]
		if c == nil {
			c = &lineChange{}
			changes[line] = c
		}
		return c
	}
	var skipped []string
	for _, e := range edits {
		if why := applyEdit(doc.Content[0], lines, e, change); why != "" {
			skipped = append(skipped, e.path()+": "+why)
		}
	}
	var out strings.Builder
	for i, line := range lines {
		c := changes[i]
		if c == nil {
			out.WriteString(line)
		} else {
			out.WriteString(c.apply(line))
		}
		if i < len(lines)-1 {
			out.WriteByte('\n')
		}
	}
	return []byte(out.String()), skipped, nil
}

// apply returns the line with its spans replaced and its comment set.
func (c *lineChange) apply(line string) string {
	cr := strings.HasSuffix(line, "\r")
	line = strings.TrimSuffix(line, "\r")
	code, oldComment := splitComment(line)
	commentCol := len(code)
	if oldComment != "" {
		commentCol = strings.Index(line, oldComment)
	}
	code = strings.TrimRight(code, " \t")
	spans := slices.Clone(c.spans)
	slices.SortFunc(spans, func(a, b span) int { return b.from - a.from })
	for _, s := range spans {
		if s.to > len(code) {
			s.to = len(code)
		}
		code = code[:s.from] + s.text + code[s.to:]
	}
	if len(c.comments) > 0 {
		pad := 3
		if oldComment != "" && commentCol > len(code) {
			pad = commentCol - len(code)
		}
		code += strings.Repeat(" ", pad) + "# " + strings.Join(c.comments, "; ")
	} else if oldComment != "" {
		pad := 3
		if commentCol > len(code) {
			pad = commentCol - len(code)
		}
		code += strings.Repeat(" ", pad) + oldComment
	}
	for _, a := range c.after {
		code += "\n" + a
	}
	if cr {
		code += "\r"
	}
	return code
}

// applyEdit records edit e in change, or says why it cannot be made.
func applyEdit(root *yaml.Node, lines []string, e yamlEdit, change func(int) *lineChange) string {
	parent := root
	for i, s := range e.at {
		last := i == len(e.at)-1
		if s.match != nil {
			if parent.Kind != yaml.SequenceNode {
				return "not a list in the base file"
			}
			found := findItem(parent, s.match)
			if found == nil {
				return "no such item in the base file"
			}
			if last {
				return "a whole list item cannot be fitted"
			}
			parent = found
			continue
		}
		if parent.Kind != yaml.MappingNode {
			return "not a mapping in the base file"
		}
		k, v := findKey(parent, s.key)
		if v == nil {
			if !last {
				return fmt.Sprintf("the base file has no %s", s.key)
			}
			return insertKey(parent, lines, s.key, e, change)
		}
		if last {
			_ = k
			return replaceValue(parent, v, lines, e, change)
		}
		parent = v
	}
	return "empty path"
}

func findKey(m *yaml.Node, k string) (*yaml.Node, *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func findItem(seq *yaml.Node, match [][2]string) *yaml.Node {
	for _, it := range seq.Content {
		if it.Kind != yaml.MappingNode {
			continue
		}
		ok := true
		for _, m := range match {
			_, v := findKey(it, m[0])
			if v == nil {
				ok = false
				break
			}
			switch v.Kind {
			case yaml.ScalarNode:
				ok = ok && strings.EqualFold(strings.TrimSpace(v.Value), m[1])
			case yaml.SequenceNode:
				// client_groups: [victim] matches victim when it is the only one.
				ok = ok && len(v.Content) == 1 && strings.EqualFold(v.Content[0].Value, m[1])
			default:
				ok = false
			}
		}
		if ok {
			return it
		}
	}
	return nil
}

// replaceValue records the replacement of node v's text.
func replaceValue(parent, v *yaml.Node, lines []string, e yamlEdit, change func(int) *lineChange) string {
	li := v.Line - 1
	if li < 0 || li >= len(lines) {
		return "no position in the base file"
	}
	line := strings.TrimSuffix(lines[li], "\r")
	from, ok := byteOffset(line, v.Column-1)
	if !ok {
		return "no position in the base file"
	}
	to, ok := valueEnd(line, from, parent.Style&yaml.FlowStyle != 0)
	if !ok {
		return "its value runs over more than one line in the base file; edit it by hand"
	}
	c := change(li)
	c.spans = append(c.spans, span{from, to, e.value})
	c.comments = append(c.comments, e.comment)
	return ""
}

// insertKey records the addition of key: value to mapping m.
func insertKey(m *yaml.Node, lines []string, k string, e yamlEdit, change func(int) *lineChange) string {
	if len(m.Content) < 2 {
		return "its mapping is empty in the base file"
	}
	if m.Style&yaml.FlowStyle != 0 {
		li := m.Line - 1
		if li < 0 || li >= len(lines) {
			return "no position in the base file"
		}
		line := strings.TrimSuffix(lines[li], "\r")
		from, ok := byteOffset(line, m.Column-1)
		if !ok {
			return "no position in the base file"
		}
		end, ok := valueEnd(line, from, true)
		if !ok || end < 1 || line[end-1] != '}' {
			return "its mapping runs over more than one line in the base file; add it by hand"
		}
		c := change(li)
		c.spans = append(c.spans, span{end - 1, end - 1, ", " + k + ": " + e.value})
		c.comments = append(c.comments, e.comment)
		return ""
	}
	lastKey, lastVal := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	if lastVal.Kind == yaml.MappingNode && lastVal.Style&yaml.FlowStyle == 0 ||
		lastVal.Kind == yaml.SequenceNode && lastVal.Style&yaml.FlowStyle == 0 ||
		lastVal.Line != lastKey.Line {
		return "its mapping ends in a block in the base file; add it by hand"
	}
	li := lastVal.Line - 1
	if li < 0 || li >= len(lines) {
		return "no position in the base file"
	}
	indent := strings.Repeat(" ", lastKey.Column-1)
	c := change(li)
	c.after = append(c.after, indent+k+": "+e.value+"   # "+e.comment)
	return ""
}

// byteOffset converts a 0-based rune column of line to a byte offset.
func byteOffset(line string, col int) (int, bool) {
	off := 0
	for i := 0; i < col; i++ {
		if off >= len(line) {
			return 0, false
		}
		_, n := utf8.DecodeRuneInString(line[off:])
		off += n
	}
	return off, off < len(line)
}

// valueEnd returns the byte offset just after the value that starts at
// from: a bracketed flow collection, a quoted scalar or a plain scalar
// (which in a flow collection ends at a comma or closing bracket). ok is
// false if the value does not end on the line.
func valueEnd(line string, from int, inFlow bool) (int, bool) {
	switch line[from] {
	case '{', '[':
		depth := 0
		for i := from; i < len(line); i++ {
			switch line[i] {
			case '"', '\'':
				end, ok := quoteEnd(line, i)
				if !ok {
					return 0, false
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
		}
		return 0, false
	case '"', '\'':
		return quoteEnd(line, from)
	}
	end := len(line)
	for i := from; i < len(line); i++ {
		if line[i] == '#' && i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
			end = i
			break
		}
		if inFlow && (line[i] == ',' || line[i] == '}' || line[i] == ']') {
			end = i
			break
		}
	}
	return from + len(strings.TrimRight(line[from:end], " \t")), true
}

// quoteEnd returns the offset just after the quoted scalar starting at i.
func quoteEnd(line string, i int) (int, bool) {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch {
		case q == '"' && line[j] == '\\':
			j++
		case line[j] == q && q == '\'' && j+1 < len(line) && line[j+1] == '\'':
			j++
		case line[j] == q:
			return j + 1, true
		}
	}
	return 0, false
}

// splitComment splits a line into its code and its trailing comment (from
// the "#" that starts it, outside quotes), or "" if it has none.
func splitComment(line string) (code, comment string) {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"', '\'':
			if opensScalar(line, i) {
				if end, ok := quoteEnd(line, i); ok {
					i = end - 1
				}
			}
		case '#':
			if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' {
				return line[:i], line[i:]
			}
		}
	}
	return line, ""
}

// opensScalar reports whether the quote at i starts a quoted scalar: it
// follows the start of the line, a colon, comma, dash or opening bracket
// (and spaces), rather than standing in plain text like an apostrophe.
func opensScalar(line string, i int) bool {
	j := i - 1
	for j >= 0 && (line[j] == ' ' || line[j] == '\t') {
		j--
	}
	return j < 0 || strings.IndexByte(":,-[{", line[j]) >= 0
}
