package ingest

import (
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
	a, err := LoadAddons(testFS{"f.yml": yml}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
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
