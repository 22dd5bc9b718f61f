package ingest

import (
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// Most eventtype searches start with terms on source, sourcetype or host
// (`sourcetype=aws:cloudtrail eventName=ConsoleLogin`). Those terms give
// the same answer for every event of one source/sourcetype/host, so they
// are checked once per metadata and the eventtype's whole search runs only
// on events whose metadata it accepts: with a few hundred eventtypes
// loaded, most of them are skipped for any one event.

// metaGuard is the conjunction of an eventtype search's top-level terms
// that test only source, sourcetype and host; nil when it has none.
func metaGuard(search string, compile func(string) (func(event.Row) bool, error)) func(event.Row) bool {
	x, err := spl.ParseSearchExpr(search)
	if err != nil || compile == nil {
		return nil
	}
	terms := []spl.SearchExpr{x}
	if and, ok := x.(*spl.SearchAnd); ok {
		terms = and.Terms
	}
	var guard []spl.SearchExpr
	for _, t := range terms {
		if onlyMeta(t) {
			guard = append(guard, t)
		}
	}
	if len(guard) == 0 {
		return nil
	}
	m, err := compile(spl.SearchString(&spl.SearchAnd{Terms: guard}))
	if err != nil {
		return nil
	}
	return m
}

// onlyMeta: every leaf compares source, sourcetype or host.
func onlyMeta(x spl.SearchExpr) bool {
	switch n := x.(type) {
	case *spl.SearchCompare:
		return isMetaField(n.Field)
	case *spl.SearchIn:
		return isMetaField(n.Field)
	case *spl.SearchNot:
		return onlyMeta(n.X)
	case *spl.SearchOr:
		return allMeta(n.Terms)
	case *spl.SearchAnd:
		return allMeta(n.Terms)
	}
	return false
}

func allMeta(xs []spl.SearchExpr) bool {
	for _, x := range xs {
		if !onlyMeta(x) {
			return false
		}
	}
	return len(xs) > 0
}

func isMetaField(f string) bool {
	return f == event.Source || f == event.Sourcetype || f == event.Host
}

// plainMetadata: source, sourcetype and host are each missing or one
// non-empty value, so the probe candidates builds from their first values
// stands for the row. A calculated field can make one multivalue (search
// terms match any value) or empty but present; such rows try every
// eventtype.
func plainMetadata(row event.Row) bool {
	for _, f := range [...]string{event.Source, event.Sourcetype, event.Host} {
		if v, ok := row[f]; ok && (len(v) != 1 || v[0] == "") {
			return false
		}
	}
	return true
}

// candidates are the eventtypes whose metadata guard accepts events of
// this source, sourcetype and host, computed once per combination.
func (a *Addons) candidates(source, sourcetype, host string) []*eventtype {
	key := source + "\x00" + sourcetype + "\x00" + host
	if c, ok := a.etCandidates.Load(key); ok {
		return c.([]*eventtype)
	}
	probe := event.Row{}
	for f, v := range map[string]string{event.Source: source, event.Sourcetype: sourcetype, event.Host: host} {
		if v != "" {
			probe[f] = event.Single(v)
		}
	}
	var out []*eventtype
	for _, et := range a.eventtypes {
		if et.guard == nil || et.guard(probe) {
			out = append(out, et)
		}
	}
	a.etCandidates.Store(key, out)
	return out
}
