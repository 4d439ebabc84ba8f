package scenario

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// FigureStatus is what a figure of a scenario file rests on, as the
// comments of the file mark it.
type FigureStatus uint8

// The statuses, in the order a marking decides them (see Figures).
const (
	// Sourced: the comment names a source: a seed document ("seed 001"),
	// REFERENCES.md, or a named publisher or dataset (ONS, MoJ, ...).
	Sourced FigureStatus = iota
	// Derived: worked out from other figures ("derived: 3,459 x 1.30").
	Derived
	// Fitted: fitted to a service's own records by lotsim fit ("fitted:
	// FILE (SHA-256 ...), N rows, PERIOD, 95% CI LO to HI").
	Fitted
	// Assumed: marked "assumption:" (or a bare "# assumption").
	Assumed
	// Unmarked: no comment on the figure or around it says where it comes
	// from.
	Unmarked
	// NumStatuses is the number of statuses.
	NumStatuses
)

var statusNames = [...]string{"sourced", "derived", "fitted", "assumed", "unmarked"}

// String returns the status in lower case: "sourced", "derived", "fitted",
// "assumed" or "unmarked".
func (st FigureStatus) String() string {
	if int(st) < len(statusNames) {
		return statusNames[st]
	}
	return "FigureStatus(" + strconv.Itoa(int(st)) + ")"
}

// Figure is one quantity written in a scenario file and what it rests on.
type Figure struct {
	// Path is in the syntax ApplyOverrides accepts, list items by name
	// where the name is unique (lots[Victims].service.caseworkers.fte),
	// else by index (demand.streams[2].referrals_per_year).
	Path         string
	Line, Column int    // of the value in the file, from 1
	Value        string // as written, e.g. "90 days", "£41,400", "[1.12, 0.90, ...]"
	Status       FigureStatus
	// Note is the comment that decided the status, on one line and cut
	// to about 200 characters; for an unmarked figure, its own comment,
	// if it has one.
	Note string
	// Low and High are the range the deciding comment states, written
	// "range LOW to HIGH" in the figure's unit ("range 30 to 180 days",
	// "range 15% to 35%"), each in the figure's unit ("30 days", "180
	// days"); both "" if it states none.
	Low, High string
}

// maxNote is the longest Note kept, in characters.
const maxNote = 200

// Figures lists the figures of a scenario read by Load or Parse, in file
// order, with what each rests on; nil for a scenario built in Go, which
// has no file and no comments.
//
// A figure is every value that is a quantity: money, shares, rates,
// counts, durations, distribution parameters, dates and financial years
// (contract dates and terms matter as much as money). Names, kinds, free
// text, booleans and the words of a choice (remainder, max_term, cpi) are
// not figures; nor are the simulation's own settings (seed, replications,
// horizon, stopping_rule, a warm-up) or the dates the format's other
// figures are written against: base_year, the price base, and
// demand.start, the date referrals_per_year refers to.
// A list of numbers (seasonality, an empirical distribution's values) is
// one figure.
//
// The status is decided by the first comment with a marking, looking in
// this order: the figure's own line comment, the head comment of its key
// (the comment block above it), then each enclosing key or list item's
// line and head comments, nearest first, up to the item of the lot,
// funder, contract, routing rule, stream or shock it belongs to (a list at
// most two keys deep) or, outside those, to the top-level key. Two readings follow how the files are written: the comment block
// at the top of a mapping, above its first key, also speaks for the
// mapping's other keys (the block under inflation: is about its rates);
// and a comment block above a list item also speaks for the items after
// it that have none of their own (one block above two perpetrator
// streams covers both).
//
// Within a comment the first marking of these decides, in this order:
// "fitted:" (Fitted); "assumption:", or a comment that is just
// "assumption" (Assumed); the word "derived" (Derived); a source: "seed"
// and a number, "REFERENCES.md", or a named publisher or dataset (ONS,
// MoJ, Home Office, SafeLives, ...) (Sourced). A comment with none of
// these (a remark like "a flow") does not decide, and the search goes on
// outwards. Nothing found: Unmarked.
func Figures(s *Scenario) []Figure {
	return figures(s, maxNote)
}

// figures lists the figures as Figures does, each Note cut to cut
// characters (0: not cut).
func figures(s *Scenario, cut int) []Figure {
	if s == nil || s.data == nil {
		return nil
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(s.data)).Decode(&doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	w := &figureWalker{cut: cut, lineComments: map[int]string{}}
	w.collectLineComments(doc.Content[0])
	w.mapping(doc.Content[0], "", nil, 0, false)
	return w.out
}

// figureLevel is one enclosing key or list item of a figure and its
// comments, nearest first.
type figureLevel struct {
	comments []string
	item     bool // a list item
}

type figureWalker struct {
	out []Figure
	cut int // the longest Note kept, 0 for no limit
	// lineComments are the comments at the ends of lines, by line: in a
	// flow mapping written over several lines yaml.v3 gives a line's
	// comment to the last node before it, but it speaks for every figure
	// on the line.
	lineComments map[int]string
}

// collectLineComments records every node's line comment by its line.
func (w *figureWalker) collectLineComments(n *yaml.Node) {
	if n.LineComment != "" {
		w.lineComments[n.Line] = n.LineComment
	}
	for _, c := range n.Content {
		w.collectLineComments(c)
	}
}

// notFigureKeys are keys whose scalar values are names, kinds or words.
var notFigureKeys = map[string]bool{
	"name": true, "description": true, "kind": true, "delivery": true, "contract": true,
	"lot": true, "source": true, "status": true, "area": true, "areas": true,
	"client_group": true, "client_groups": true, "risks": true, "when_full": true,
	"uplift": true, "horizon": true, "unit": true, "metric": true,
}

// settingPaths are the simulation's settings and the price base: not
// figures about the world.
var settingPaths = map[string]bool{
	"base_year": true, "simulation.seed": true, "simulation.replications": true,
	"simulation.horizon": true, "simulation.stopping_rule": true,
	"simulation.start_state.warm_up": true, "demand.start": true,
}

func (w *figureWalker) mapping(n *yaml.Node, path string, up []figureLevel, depth int, inItem bool) {
	if n.Kind != yaml.MappingNode {
		return
	}
	intro := ""
	if len(n.Content) > 0 {
		intro = n.Content[0].HeadComment
	}
	for k := 0; k+1 < len(n.Content); k += 2 {
		key, v := n.Content[k], n.Content[k+1]
		p := joinPath(path, key.Value)
		if settingPaths[p] {
			continue
		}
		own := []string{v.LineComment, key.LineComment, key.HeadComment, v.HeadComment}
		if k > 0 && depth > 0 {
			own = append(own, intro)
		}
		lv := append([]figureLevel{{comments: own}}, up...)
		w.value(key.Value, v, p, lv, depth+1, inItem)
	}
}

// value walks a value at depth keys below the root; inItem says whether
// it is inside an item of an entity list (lots, funders, contracts,
// routing, demand.streams, demand.shocks: a list at most two keys deep),
// the item at which the search for a marking stops.
func (w *figureWalker) value(key string, v *yaml.Node, path string, levels []figureLevel, depth int, inItem bool) {
	switch v.Kind {
	case yaml.ScalarNode:
		if notFigureKeys[key] || !isQuantity(v) {
			return
		}
		w.add(path, v, v.Value, levels)
	case yaml.MappingNode:
		w.mapping(v, path, levels, depth, inItem)
	case yaml.SequenceNode:
		if notFigureKeys[key] || len(v.Content) == 0 {
			return
		}
		if allQuantities(v) {
			vals := make([]string, len(v.Content))
			for i, c := range v.Content {
				vals[i] = c.Value
			}
			w.add(path, v, "["+strings.Join(vals, ", ")+"]", levels)
			return
		}
		names := figureItemNames(v)
		carried := ""
		for i, item := range v.Content {
			if item.HeadComment != "" {
				carried = item.HeadComment
			}
			p := path + "[" + names[i] + "]"
			entity := !inItem && depth <= 2
			lv := append([]figureLevel{{comments: []string{item.LineComment, carried}, item: entity}}, levels...)
			w.value("", item, p, lv, depth, inItem || entity)
		}
	}
}

// add records a figure whose status is decided by the comments of levels,
// nearest first, up to the outermost list item.
func (w *figureWalker) add(path string, v *yaml.Node, text string, levels []figureLevel) {
	last := len(levels) - 1
	for i := len(levels) - 1; i >= 0; i-- {
		if levels[i].item {
			last = i
			break
		}
	}
	f := Figure{Path: path, Line: v.Line, Column: v.Column, Value: text, Status: Unmarked}
	for i := 0; i <= last; i++ {
		comments := levels[i].comments
		if i == 0 {
			// The comment at the end of the figure's own line comes first.
			comments = append([]string{w.lineComments[v.Line]}, comments...)
		}
		for _, c := range comments {
			if c == "" {
				continue
			}
			note := oneLine(c, w.cut)
			if f.Note == "" && i == 0 {
				f.Note = note // an unmarked figure shows its own remark
			}
			if st, ok := marking(note); ok {
				f.Status, f.Note = st, note
				f.Low, f.High = statedRange(note, text)
				w.out = append(w.out, f)
				return
			}
		}
	}
	w.out = append(w.out, f)
}

// figureItemNames returns how a path picks each item of a list: by its
// name where that is unique and reads back, else by index, as InputChanges
// writes paths.
func figureItemNames(v *yaml.Node) []string {
	count := map[string]int{}
	for _, item := range v.Content {
		count[itemName(item)]++
	}
	out := make([]string, len(v.Content))
	for i, item := range v.Content {
		name := itemName(item)
		if count[name] > 1 {
			name = ""
		}
		out[i] = nameSelector(name, i)
	}
	return out
}

// quantityText matches a value that starts as a number does: digits,
// with an optional sign or £ ("90 days", "£41,400", "2023-10-01",
// "2023/24", "-1%").
var quantityText = regexp.MustCompile(`^[+-]?£?\.?[0-9]`)

func isQuantity(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!bool" || n.Tag == "!!null" {
		return false
	}
	return quantityText.MatchString(strings.TrimSpace(n.Value))
}

func allQuantities(n *yaml.Node) bool {
	for _, c := range n.Content {
		if !isQuantity(c) {
			return false
		}
	}
	return true
}

// oneLine joins a comment's lines without their # marks and runs of
// spaces, cut to cut characters (0: not cut).
func oneLine(c string, cut int) string {
	var words []string
	for _, l := range strings.Split(c, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimLeft(l, "#"))
		words = append(words, strings.Fields(l)...)
	}
	s := strings.Join(words, " ")
	if cut > 0 && utf8.RuneCountInString(s) > cut {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:cut-1])) + "…"
	}
	return s
}

var (
	assumedMark = regexp.MustCompile(`(?i)\bassumption\s*:|^assumption\b[.;]?$`)
	derivedMark = regexp.MustCompile(`(?i)\bderived\b`)
	// sourceMark: a seed document, REFERENCES.md, or a named publisher
	// or dataset that a reader can look up.
	sourceMark = regexp.MustCompile(`(?i)\bseeds?\s+[0-9]{3}\b|REFERENCES\.md|\b(ONS|MoJ|Ministry of Justice|Home Office|SafeLives|DLUHC|MHCLG|Census|Office for National Statistics|Crime Survey|CSEW|Women's Aid|Respect|NICE|NHS England)\b`)
)

// marking returns the status a comment marks, if it marks one.
func marking(note string) (FigureStatus, bool) {
	switch {
	case strings.Contains(strings.ToLower(note), "fitted:"):
		return Fitted, true
	case assumedMark.MatchString(note):
		return Assumed, true
	case derivedMark.MatchString(note):
		return Derived, true
	case sourceMark.MatchString(note):
		return Sourced, true
	}
	return Unmarked, false
}

// rangeMark matches "range LOW to HIGH", each end a number with an
// optional sign, £, thousands commas, k or m, % and a unit word.
var rangeMark = regexp.MustCompile(`(?i)\brange:?\s+([+-]?£?[0-9][0-9,]*(?:\.[0-9]+)?[km%]?)(\s+(?:days?|weeks?|months?|years?|minutes?|hours?))?\s+to\s+([+-]?£?[0-9][0-9,]*(?:\.[0-9]+)?[km%]?)(\s+(?:days?|weeks?|months?|years?|minutes?|hours?))?`)

// statedRange reads "range LOW to HIGH" from a note, each end written in
// the figure's unit: an end without a unit takes the other end's, or the
// figure's ("range 30 to 180 days" on "90 days" is 30 days to 180 days).
// Ends in another unit than the figure's give "", "".
func statedRange(note, value string) (low, high string) {
	m := rangeMark.FindStringSubmatch(note)
	if m == nil {
		return "", ""
	}
	fq, err := parseQuantity(value)
	if err != nil {
		return "", ""
	}
	lq, err1 := parseQuantity(strings.TrimRight(m[1], ",") + m[2])
	hq, err2 := parseQuantity(strings.TrimRight(m[3], ",") + m[4])
	if err1 != nil || err2 != nil {
		return "", ""
	}
	unitless := func(q quantity) bool { return !q.money && q.suffix == "" }
	switch {
	case unitless(lq) && !unitless(hq):
		lq.money, lq.suffix = hq.money, hq.suffix
	case unitless(hq) && !unitless(lq):
		hq.money, hq.suffix = lq.money, lq.suffix
	case unitless(lq) && unitless(hq):
		lq.money, lq.suffix = fq.money, fq.suffix
		hq.money, hq.suffix = fq.money, fq.suffix
	}
	if lq.unit() != fq.unit() || hq.unit() != fq.unit() {
		return "", ""
	}
	return lq.text(), hq.text()
}

// Move returns the figure's value multiplied by factor, written in its
// unit as an Override's Value takes it: "90 days" by 0.8 is "72 days",
// "£41,400" by 1.2 is "£49680", "40%" by 1.2 is "48%". With whole, the
// result is rounded to a whole number (half to even), for counts and
// terms that must be whole; money is always rounded to the penny.
//
// The error says why the figure is not a number that can be moved: a
// date, a financial year or a list.
func (f Figure) Move(factor float64, whole bool) (string, error) {
	q, err := parseQuantity(f.Value)
	if err != nil || strings.HasPrefix(f.Value, "[") {
		return "", fmt.Errorf("%s is %s, not a number to move", f.Path, f.Value)
	}
	switch u := q.unit(); u {
	case "", "%", "£", "day", "week", "month", "year", "minute", "hour":
	default:
		return "", fmt.Errorf("%s is %s, a date or financial year, not a number to move", f.Path, f.Value)
	}
	by := decimal.NewFromFloat(factor)
	q.num = q.num.Mul(by)
	if whole {
		q.num = q.num.RoundBank(0)
	} else if !q.money {
		q.num = q.num.Round(6)
	}
	return q.text(), nil
}
