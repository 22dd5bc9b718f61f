package ingest

import (
	"sort"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// An eventtype's source/sourcetype/host terms are checked once per
// metadata; the verdict must be the whole search's, whatever the shape.
func TestEventtypeMetadataGuard(t *testing.T) {
	yml := `eventtypes:
  st_code:
    search: sourcetype=st* code=1
    tags: [a]
  not_other:
    search: NOT sourcetype=other code=2
    tags: [b]
  either:
    search: (source=s1 OR host=h2) code=3
    tags: [c]
  meta_in_or:
    search: sourcetype=zz OR code=4
    tags: [d]
`
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	for _, c := range []struct {
		source, sourcetype, host, code, want string
	}{
		{"s", "st1", "h", "1", "st_code"},
		{"s", "xx", "h", "1", ""},
		{"s", "other", "h", "2", ""},
		{"s", "st1", "h", "2", "not_other"},
		{"s1", "x", "h", "3", "either"},
		{"s", "x", "h2", "3", "either"},
		{"s", "x", "h", "3", ""},
		{"s", "x", "h", "4", "meta_in_or"}, // an OR with a non-meta branch is not a guard
		{"s", "zz", "h", "9", "meta_in_or"},
	} {
		row := event.Row{event.Source: {c.source}, event.Sourcetype: {c.sourcetype}, event.Host: {c.host}, "code": {c.code}}
		a.Apply(row)
		if got := row.Get("eventtype").String(); got != c.want {
			t.Errorf("%+v: eventtype %q", c, got)
		}
	}
}

// The guard is cached per first value of source/sourcetype/host, but a
// calculated field (EVAL-host = mvappend(...)) can make one of them
// multivalue: search terms match any value, so the eventtype must still
// be tried on such events, and on events where a metadata field is present
// but empty (host="" is not a missing host).
func TestEventtypeMetadataGuardUnusualMetadata(t *testing.T) {
	yml := `eventtypes:
  on_h2:
    search: host=h2 code=1
    tags: [a]
  any_host:
    search: host=* code=1
    tags: [b]
`
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	for _, c := range []struct {
		host event.Value
		want string
	}{
		{event.Value{"h1", "h2"}, "any_host on_h2"},
		{event.Value{"h2"}, "any_host on_h2"},
		{event.Value{"h1"}, "any_host"},
		{event.Value{""}, unguarded(a, event.Row{event.Sourcetype: {"st"}, event.Host: {""}, "code": {"1"}})},
	} {
		row := event.Row{event.Sourcetype: {"st"}, event.Host: c.host, "code": {"1"}}
		a.Apply(row)
		if got := strings.Join(row.Get("eventtype"), " "); got != c.want {
			t.Errorf("host %q: eventtype %q, want %q", c.host, got, c.want)
		}
	}
}

// unguarded names the eventtypes whose whole search matches row.
func unguarded(a *Addons, row event.Row) string {
	var names []string
	for _, et := range a.eventtypes {
		if et.match(row) {
			names = append(names, et.name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}
