package scenario

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The scenario format is described in four places: the decoders, the
// *Keys slices that name each mapping's valid keys, the format block in
// doc.go and the key tables of scenarios/README.md. The tests below keep
// the last three in step, so that the documents name every key the loader
// accepts and no key it rejects.

// readmeSectionKeys maps each *Keys slice in decode.go to the README
// sections that document its keys: a "### " heading or a bold "**`x`**"
// heading, named by its first backticked word (or its text when it has
// none). A key counts as documented when it appears in a backticked span
// of one of those sections.
var readmeSectionKeys = map[string][]string{
	"topKeys":          {"Keys", "Scenario"},
	"funderKeys":       {"funders"},
	"contributionKeys": {"funders"},
	"annualKeys":       {"funders"},
	"earmarkKeys":      {"funders"},
	"statusKeys":       {"funders"},
	"statedKeys":       {"stated"},
	"inflationKeys":    {"inflation"},
	"contractKeys":     {"contracts"},
	"extensionKeys":    {"contracts"},
	"upliftKeys":       {"contracts"},
	"cpiKeys":          {"contracts"},
	"mobilisationKeys": {"contracts"},
	"lotKeys":          {"lots"},
	"allocationKeys":   {"lots"},
	"serviceKeys":      {"service"},
	"caseworkerKeys":   {"service"},
	"stretchKeys":      {"service"},
	"groupKeys":        {"service"},
	"refugeKeys":       {"service"},
	"disengageKeys":    {"disengagement[]"},
	"engagementKeys":   {"disengagement[]"},
	"changeKeys":       {"changes[]"},
	"frontDoorKeys":    {"front_door"},
	"demandKeys":       {"demand"},
	"shockKeys":        {"demand"},
	"streamKeys":       {"streams[]"},
	"ruleKeys":         {"routing"},
	"simulationKeys":   {"simulation"},
	"startStateKeys":   {"simulation"},
	"inheritedKeys":    {"simulation"},
	"stoppingKeys":     {"simulation"},
	"structureKeys":    {"structure"},
}

// keySlices returns every package-level []string variable in decode.go
// whose name ends in Keys, with its elements, parsed from the source so
// that a new slice cannot be missed.
func keySlices(t *testing.T) map[string][]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "decode.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasSuffix(name.Name, "Keys") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.CompositeLit)
				if !ok {
					continue
				}
				var keys []string
				for _, elt := range lit.Elts {
					bl, ok := elt.(*ast.BasicLit)
					if !ok || bl.Kind != token.STRING {
						t.Fatalf("decode.go: %s holds a non-literal element", name.Name)
					}
					s, err := strconv.Unquote(bl.Value)
					if err != nil {
						t.Fatal(err)
					}
					keys = append(keys, s)
				}
				out[name.Name] = keys
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("decode.go: no *Keys slices found")
	}
	return out
}

var (
	backticked = regexp.MustCompile("`([^`]+)`")
	identifier = regexp.MustCompile(`[a-z_][a-z0-9_]*`)
	boldHead   = regexp.MustCompile("^\\*\\*`([^`]+)`\\*\\*")
)

// readmeKeySections is the "## Keys" part of scenarios/README.md, split
// into sections. For each section it returns the words in backticked spans
// (words) and the keys named in the first column of its key tables
// (tableKeys, with any dotted or [] prefix removed), each with its line.
func readmeKeySections(t *testing.T) (words map[string]map[string]bool, tableKeys map[string]map[string]int) {
	t.Helper()
	b, err := os.ReadFile("../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	words = map[string]map[string]bool{}
	tableKeys = map[string]map[string]int{}
	section, inKeys, inKeyTable := "", false, false
	for i, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			inKeys = line == "## Keys"
			section = "Keys"
			continue
		case !inKeys:
			continue
		case strings.HasPrefix(line, "### "):
			section = strings.TrimPrefix(line, "### ")
			if m := backticked.FindStringSubmatch(section); m != nil {
				section = m[1]
			}
			continue
		case boldHead.MatchString(line):
			section = boldHead.FindStringSubmatch(line)[1]
		}
		if words[section] == nil {
			words[section] = map[string]bool{}
			tableKeys[section] = map[string]int{}
		}
		for _, m := range backticked.FindAllStringSubmatch(line, -1) {
			for _, w := range identifier.FindAllString(m[1], -1) {
				words[section][w] = true
			}
		}
		if !strings.HasPrefix(line, "|") {
			inKeyTable = false
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		first := strings.TrimSpace(cells[1])
		if first == "key" {
			inKeyTable = true
			continue
		}
		if !inKeyTable {
			continue
		}
		for _, m := range backticked.FindAllStringSubmatch(first, -1) {
			k := m[1]
			if j := strings.LastIndexAny(k, ".]"); j >= 0 {
				k = k[j+1:]
			}
			tableKeys[section][k] = i + 1
		}
	}
	return words, tableKeys
}

// docFormatKeys returns the keys written as "key:" in the format block of
// doc.go, the indented block after "The keys, with their defaults:".
func docFormatKeys(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "// The keys, with their defaults:"
	text := string(b)
	start := strings.Index(text, marker)
	if start < 0 {
		t.Fatalf("doc.go: no line %q", marker)
	}
	keys := map[string]bool{}
	keyColon := regexp.MustCompile(`([a-z_][a-z0-9_]*):`)
	for _, line := range strings.Split(text[start+len(marker):], "\n")[1:] {
		if line == "//" {
			continue
		}
		if !strings.HasPrefix(line, "//\t") {
			break
		}
		for _, m := range keyColon.FindAllStringSubmatch(line, -1) {
			keys[m[1]] = true
		}
	}
	if len(keys) == 0 {
		t.Fatal("doc.go: the format block names no keys")
	}
	return keys
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestFormatKeysDocumented checks that every key the loader accepts is
// named in the README section for its mapping and in doc.go's format block.
func TestFormatKeysDocumented(t *testing.T) {
	t.Parallel()
	slicesByName := keySlices(t)
	words, _ := readmeKeySections(t)
	docKeys := docFormatKeys(t)
	for _, name := range sortedNames(slicesByName) {
		sections, ok := readmeSectionKeys[name]
		if !ok {
			t.Errorf("decode.go: %s has no README section in readmeSectionKeys (format_test.go); add one", name)
			continue
		}
		for _, s := range sections {
			if words[s] == nil {
				t.Errorf("../scenarios/README.md: no section %q under ## Keys (readmeSectionKeys[%q])", s, name)
			}
		}
		for _, key := range slicesByName[name] {
			if !slices.ContainsFunc(sections, func(s string) bool { return words[s][key] }) {
				t.Errorf("../scenarios/README.md: key %q of %s is not named as `%s` in section %s", key, name, key, strings.Join(sections, " or "))
			}
			if !docKeys[key] {
				t.Errorf("doc.go: key %q of %s is not written as %q in the format block", key, name, key+":")
			}
		}
	}
	for name := range readmeSectionKeys {
		if _, ok := slicesByName[name]; !ok {
			t.Errorf("format_test.go: readmeSectionKeys names %s, which decode.go does not declare", name)
		}
	}
}

// TestFormatReadmeKeysAccepted checks that every key in the README's key
// tables is one the loader accepts in that section's mappings.
func TestFormatReadmeKeysAccepted(t *testing.T) {
	t.Parallel()
	slicesByName := keySlices(t)
	_, tableKeys := readmeKeySections(t)
	accepted := map[string]map[string]bool{}
	for name, sections := range readmeSectionKeys {
		for _, s := range sections {
			if accepted[s] == nil {
				accepted[s] = map[string]bool{}
			}
			for _, k := range slicesByName[name] {
				accepted[s][k] = true
			}
		}
	}
	n := 0
	for _, s := range sortedNames(tableKeys) {
		for _, k := range sortedNames(tableKeys[s]) {
			n++
			if !accepted[s][k] {
				t.Errorf("../scenarios/README.md:%d: key %q in the table of section %s is not in any *Keys slice for that section in decode.go", tableKeys[s][k], k, s)
			}
		}
	}
	if n == 0 {
		t.Error("../scenarios/README.md: found no keys in the key tables under ## Keys")
	}
}
