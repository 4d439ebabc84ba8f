package scenario

import (
	"strings"

	"github.com/lotsim/lotsim/lotting"
	"github.com/lotsim/lotsim/scenario/internal/yamlnode"
	"gopkg.in/yaml.v3"
)

// This file reads demand (streams, seasonality, shocks) and the routing
// rules.

// demand decodes the referral streams, seasonality and shocks.
func (d *decoder) demand(n *yaml.Node, path string, areas []string) lotting.Demand {
	var dm lotting.Demand
	f, ok := d.Mapping(n, path, "demand ("+strings.Join(demandKeys, ", ")+")", demandKeys...)
	if !ok {
		return dm
	}
	if v := f.Get("start"); v != nil {
		dm.Start, _ = d.date(v, f.At("start"))
	}
	if v := f.Get("seasonality"); v != nil {
		p := f.At("seasonality")
		items := d.List(v, p, "12 monthly multipliers, January to December")
		before := len(d.Problems)
		if v.Kind == yaml.SequenceNode && len(items) != 12 {
			d.Errorf(v, p, ErrInvalid, "want 12 multipliers, January to December, averaging 1; got %d", len(items))
		} else {
			for i, item := range items {
				dm.Seasonality[i], _ = d.number(item, yamlnode.Index(p, i), 0, maxSeason)
			}
			if len(d.Problems) == before && dm.Seasonality == ([12]float64{}) {
				d.Errorf(v, p, ErrInvalid, "all twelve multipliers are 0, which would mean no referrals in any month; want 12 multipliers from 0 to %s averaging 1, like [1.1, 0.9, ...], or leave seasonality out for none", fmtFloat(maxSeason))
			}
		}
	}
	if v := f.Get("shocks"); v != nil {
		p := f.At("shocks")
		items := d.List(v, p, "shocks {name, from, to, multiplier, areas, client_groups}")
		dm.Shocks = make([]lotting.Shock, len(items))
		for i, item := range items {
			g, ok := d.Mapping(item, yamlnode.Index(p, i), "a shock ("+strings.Join(shockKeys, ", ")+")", shockKeys...)
			if !ok {
				continue
			}
			s := &dm.Shocks[i]
			if v := g.Get("name"); v != nil {
				s.Name, _ = d.text(v, g.At("name"), "the shock's name, like first lockdown")
			}
			if v := d.Require(g, "from", "the first day of the shock, like 2020-03-23"); v != nil {
				s.From, _ = d.date(v, g.At("from"))
			}
			if v := d.Require(g, "to", "the last day of the shock, like 2020-05-31"); v != nil {
				s.To, _ = d.date(v, g.At("to"))
			}
			if v := d.Require(g, "multiplier", "the factor on referrals, like 0.6 for a 40% drop"); v != nil {
				s.Multiplier, _ = d.number(v, g.At("multiplier"), 0, maxShock)
			}
			if v := g.Get("areas"); v != nil {
				for j, a := range d.List(v, g.At("areas"), "areas") {
					if name, ok := d.ref(a, yamlnode.Index(g.At("areas"), j), "area", "areas", areas); ok {
						s.Areas = append(s.Areas, name)
					}
				}
			}
			if v := g.Get("client_groups"); v != nil {
				for j, c := range d.List(v, g.At("client_groups"), "client groups") {
					s.ClientGroups = append(s.ClientGroups, d.clientGroup(c, yamlnode.Index(g.At("client_groups"), j)))
				}
			}
		}
	}
	if v := d.Require(f, "streams", "a list of referral streams by area and client group"); v != nil {
		p := f.At("streams")
		items := d.List(v, p, "referral streams")
		if v.Kind == yaml.SequenceNode && len(items) == 0 {
			d.Errorf(v, p, ErrMissing, "empty list; give at least one referral stream")
		}
		dm.Streams = make([]lotting.Stream, len(items))
		for i, item := range items {
			dm.Streams[i] = d.stream(item, yamlnode.Index(p, i), areas)
		}
	}
	return dm
}

func (d *decoder) stream(n *yaml.Node, path string, areas []string) lotting.Stream {
	var s lotting.Stream
	f, ok := d.Mapping(n, path, "a referral stream ("+strings.Join(streamKeys, ", ")+")", streamKeys...)
	if !ok {
		return s
	}
	if v := d.Require(f, "area", "the area the referrals come from"); v != nil {
		s.Area, _ = d.ref(v, f.At("area"), "area", "areas", areas)
	}
	if v := d.Require(f, "client_group", "who the referrals are about ("+strings.Join(lotting.ClientGroupNames(), ", ")+")"); v != nil {
		s.Group = d.clientGroup(v, f.At("client_group"))
	}
	if v := d.Require(f, "referrals_per_year", "referrals a year at the demand's start, like 3400"); v != nil {
		s.PerYear, _ = d.number(v, f.At("referrals_per_year"), 0, maxReferrals)
	}
	if v := d.Require(f, "risk_mix", "the share at each risk level, like {standard: 60%, medium: 30%, high: 10%}"); v != nil {
		s.RiskMix = riskMap(d, v, f.At("risk_mix"), "risk shares, like {standard: 60%, medium: 30%, high: 10%}", d.share)
	}
	if v := f.Get("growth"); v != nil {
		s.Growth, _ = d.fraction(v, f.At("growth"), minRatePct, maxRatePct)
	}
	if v := f.Get("repeat_rate"); v != nil {
		s.RepeatRate, _ = d.fraction(v, f.At("repeat_rate"), 0, maxRepeatPct)
	}
	return s
}

// routing decodes the routing rules.
func (d *decoder) routing(n *yaml.Node, path string, areas, lots []string) []lotting.Rule {
	items := d.List(n, path, "routing rules {client_groups, risks, areas, lot}")
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.Errorf(n, path, ErrMissing, "empty list; give at least one routing rule")
	}
	out := make([]lotting.Rule, len(items))
	for i, item := range items {
		p := yamlnode.Index(path, i)
		f, ok := d.Mapping(item, p, "a routing rule ("+strings.Join(ruleKeys, ", ")+")", ruleKeys...)
		if !ok {
			continue
		}
		r := &out[i]
		if v := f.Get("client_groups"); v != nil {
			for j, g := range d.List(v, f.At("client_groups"), "client groups") {
				r.Groups = append(r.Groups, d.clientGroup(g, yamlnode.Index(f.At("client_groups"), j)))
			}
		}
		if v := f.Get("risks"); v != nil {
			for j, k := range d.List(v, f.At("risks"), "risk levels") {
				r.Risks = append(r.Risks, d.risk(k, yamlnode.Index(f.At("risks"), j)))
			}
		}
		if v := f.Get("areas"); v != nil {
			for j, a := range d.List(v, f.At("areas"), "areas") {
				name, _ := d.ref(a, yamlnode.Index(f.At("areas"), j), "area", "areas", areas)
				r.Areas = append(r.Areas, name)
			}
		}
		if v := d.Require(f, "lot", "the name of the lot the referrals go to"); v != nil {
			r.Lot, _ = d.ref(v, f.At("lot"), "lot", "lots", lots)
		}
	}
	return out
}
