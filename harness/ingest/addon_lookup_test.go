package ingest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
)

// Several matching rows give a multivalue field in file order, capped at
// max_matches (100 without time_field: Knowledge Manager Manual, "Add
// field matching rules to your lookup configuration"); rows with an empty
// output cell add nothing.
func TestAutomaticLookupMultipleMatches(t *testing.T) {
	var rows strings.Builder
	for i := 0; i < engine.DefaultMaxMatches+5; i++ {
		rows.WriteString("      many,v\n")
	}
	yml := `props:
  st:
    LOOKUP-role: roles user OUTPUT role
lookups:
  roles:
    csv: |
      user,role
      ann,admin
      bob,dev
      ann,
      ann,auditor
` + rows.String()
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	for user, want := range map[string]int{"ann": 2, "bob": 1, "many": engine.DefaultMaxMatches} {
		row := event.Row{event.Sourcetype: {"st"}, "user": {user}}
		a.Apply(row)
		if got := len(row.Get("role")); got != want {
			t.Errorf("%s: %d values %v, want %d", user, got, row.Get("role"), want)
		}
	}
	row := event.Row{event.Sourcetype: {"st"}, "user": {"ann"}}
	a.Apply(row)
	if got := []string(row.Get("role")); !reflect.DeepEqual(got, []string{"admin", "auditor"}) {
		t.Errorf("ann: %v, want admin then auditor", got)
	}
}

// max_matches caps the rows used; fewer matches than min_matches give
// default_match (transforms.conf.spec, min_matches / default_match: the
// Palo Alto add-on's pan_vendor_action_lookup has max_matches = 1,
// min_matches = 1, default_match = unknown). An event without the input
// field is left alone.
func TestLookupMatchLimits(t *testing.T) {
	yml := `props:
  st:
    LOOKUP-a: actions vendor_action OUTPUT action
lookups:
  actions:
    max_matches: 1
    min_matches: 1
    default_match: unknown
    csv: |
      vendor_action,action
      allow,allowed
      allow,second
`
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	for in, want := range map[string]string{"allow": "allowed", "drop-icmp": "unknown", "": ""} {
		row := event.Row{event.Sourcetype: {"st"}}
		if in != "" {
			row["vendor_action"] = event.Value{in}
		}
		a.Apply(row)
		if got := row.Get("action").String(); got != want {
			t.Errorf("vendor_action %q: action = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"max_matches: 1001", "min_matches: -1"} {
		if _, err := LoadAddons(testFS{"f.yml": "lookups:\n  t:\n    " + bad + "\n    csv: \"a\\n\"\n"}, EngineCompilers()); err == nil {
			t.Errorf("%s loaded", bad)
		}
	}
}

// default_match fills up to min_matches: "it provides this default_match
// value one or more times until the min_matches threshold is reached"
// (Knowledge Manager Manual 9.4, "Add field matching rules to your lookup
// configuration"); the matches found are kept.
func TestLookupDefaultMatchFillsToMinMatches(t *testing.T) {
	yml := `props:
  st:
    LOOKUP-a: actions vendor_action OUTPUT action
lookups:
  actions:
    min_matches: 3
    default_match: unknown
    csv: |
      vendor_action,action
      allow,allowed
`
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	for in, want := range map[string][]string{"allow": {"allowed", "unknown", "unknown"}, "drop": {"unknown", "unknown", "unknown"}} {
		row := event.Row{event.Sourcetype: {"st"}, "vendor_action": {in}}
		a.Apply(row)
		if got := []string(row.Get("action")); !reflect.DeepEqual(got, want) {
			t.Errorf("vendor_action %q: action = %q, want %q", in, got, want)
		}
	}
}

// A multivalue input field matches a table row when any of its values
// does, as the lookup command matches; a value matching nothing adds
// nothing.
func TestAutomaticLookupMultivalueInput(t *testing.T) {
	yml := `props:
  st:
    LOOKUP-role: roles user OUTPUT role
lookups:
  roles:
    csv: |
      user,role
      ann,admin
      bob,dev
`
	a := loadTestAddons(t, map[string]string{"f.yml": yml})
	row := event.Row{event.Sourcetype: {"st"}, "user": {"zed", "bob", "ann"}}
	a.Apply(row)
	if got := []string(row.Get("role")); !reflect.DeepEqual(got, []string{"admin", "dev"}) {
		t.Errorf("roles %v, want admin and dev (table order)", got)
	}
}
