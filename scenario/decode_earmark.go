package scenario

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lotsim/lotsim/funding"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
)

// This file reads a funder's earmarks, {lot: NAME, amount: "£75,000"} or
// {area: NAME, share: 100%} with optional from/to years, and checks them
// against the lots' allocation once the whole scenario is read.

// earmarkRef is a lot name an earmark gives, at node n and path.
type earmarkRef struct {
	n    *yaml.Node
	path string
	name string
}

const earmarkWant = `an earmark {lot: NAME, amount: "£75,000"} or {area: NAME, share: 100%}, with optional from and to financial years`

// earmarks decodes a funder's earmarks list. fu is the funder as read so
// far (its contributions), to check that the earmarks fit within them.
func (d *decoder) earmarks(n *yaml.Node, path string, areas []string, fu *funding.Funder) []funding.Earmark {
	var items []*yaml.Node
	single := strings.HasSuffix(path, ".earmark")
	if single {
		items = []*yaml.Node{n} // earmark: {...}, one mapping
	} else {
		items = d.List(n, path, "earmarks")
	}
	out := make([]funding.Earmark, len(items))
	good := true
	for i, item := range items {
		p := yamlnode.Index(path, i)
		if single {
			p = path
		}
		f, ok := d.Mapping(item, p, earmarkWant, earmarkKeys...)
		if !ok {
			good = false
			continue
		}
		e := &out[i]
		if !d.OneOf(f, "lot", "area") || !d.OneOf(f, "amount", "share") {
			good = false
			continue
		}
		switch {
		case f.Has("lot"):
			v := f.Get("lot")
			if name, ok := d.text(v, f.At("lot"), "the name of a lot"); ok {
				e.Lot = name
				d.earmarkRefs = append(d.earmarkRefs, earmarkRef{v, f.At("lot"), name})
			} else {
				good = false
			}
		case f.Has("area"):
			name, ok := d.ref(f.Get("area"), f.At("area"), "area", "areas", areas)
			e.Area, good = name, good && ok
		default:
			d.Errorf(f.Node(), p, ErrMissing, "missing key \"lot\" or \"area\": what the money is for; want %s", earmarkWant)
			good = false
		}
		switch {
		case f.Has("amount"):
			m, ok := d.money(f.Get("amount"), f.At("amount"), true)
			e.Amount, good = m, good && ok
		case f.Has("share"):
			if x, ok := d.percent(f.Get("share"), f.At("share"), 0, 100); ok {
				e.Share = &x
			} else {
				good = false
			}
		default:
			d.Errorf(f.Node(), p, ErrMissing, "missing key \"amount\" or \"share\": how much of the funder's money is earmarked, like amount: \"£75,000\" (each year) or share: 100%% (of its contribution each year)")
			good = false
		}
		if v := f.Get("from"); v != nil {
			y, ok := d.financialYear(v, f.At("from"))
			e.From, good = y, good && ok
		}
		if v := f.Get("to"); v != nil {
			y, ok := d.financialYear(v, f.At("to"))
			e.To, good = y, good && ok
			if ok && e.From != 0 && y < e.From {
				d.Errorf(v, f.At("to"), ErrInvalid, "the last year, %s, is before the first, %s", y, e.From)
				good = false
			}
		}
	}
	if !good || d.reportedUnder(strings.TrimSuffix(path, ".earmarks")) {
		return out
	}
	// Earmarks of one funder add up to at most its contribution each year.
	probe := *fu
	probe.Earmarks = out
	for _, err := range unjoin(probe.Validate()) {
		if errors.Is(err, funding.ErrOverEarmarked) {
			d.Errorf(n, path, err, "%s", strings.TrimPrefix(plain(err), "earmarks: "))
		}
	}
	return out
}

// earmarkLots checks the lot names earmarks give against the lots read.
func (d *decoder) earmarkLots(lots []string) {
	for _, r := range d.earmarkRefs {
		if lots == nil {
			return // none could be read, which is reported already
		}
		if !containsString(lots, r.name) {
			d.Errorf(r.n, r.path, ErrUnknownName, "unknown lot %s%s (lots: %s)", yamlnode.Quote(r.name), yamlnode.DidYouMean(r.name, lots), quoteList(lots))
		}
	}
}

// containsString reports whether list holds s.
func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkEarmarks checks, in every year of the pool, that the lots'
// allocation gives each lot at least the money earmarked to it and the
// lots covering each area together at least the money earmarked there,
// reporting each shortfall at the earmark that causes it.
func (d *decoder) checkEarmarks(s *Scenario) {
	if d.reportedUnder("lots") || d.reportedUnder("funders") || d.reportedUnder("areas") {
		return
	}
	// One problem for each lot or area short, at its first year; the
	// years after it are named, not repeated.
	all := s.EarmarkShortfalls()
	for k, sf := range all {
		var later []string
		seen := false
		for j, o := range all {
			if o.Lot == sf.Lot && o.Area == sf.Area {
				seen = seen || j < k
				if j > k {
					later = append(later, o.Year.String())
				}
			}
		}
		if seen {
			continue
		}
		msg := plain(sf)
		if len(later) > 0 {
			msg += fmt.Sprintf(" (short in %s too)", joinYears(later))
		}
		p := earmarkPath(s, sf)
		if q, ok := strings.CutSuffix(p, ".earmarks[0]"); ok && child(d.find(q), "earmark") != nil {
			p = q + ".earmark" // written as one earmark: {...}, not a list
		}
		d.Errorf(d.find(p), p, sf, "%s", msg)
	}
}

// joinYears lists years as "2026/27", "2026/27 and 2027/28" or
// "2026/27, 2027/28 and 2028/29".
func joinYears(years []string) string {
	if len(years) == 1 {
		return years[0]
	}
	return strings.Join(years[:len(years)-1], ", ") + " and " + years[len(years)-1]
}

// earmarkPath is the path of the first earmark behind shortfall sf.
func earmarkPath(s *Scenario, sf funding.Shortfall) string {
	for i, f := range s.Pool.Funders {
		for k, e := range f.Earmarks {
			if (sf.Lot != "" && e.Lot == sf.Lot) || (sf.Area != "" && e.Area == sf.Area) {
				return yamlnode.Index(yamlnode.Key(yamlnode.Index("funders", i), "earmarks"), k)
			}
		}
	}
	return "funders"
}
