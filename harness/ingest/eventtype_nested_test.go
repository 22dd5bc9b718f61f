package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// An eventtype whose search names another eventtype matches when that one
// does ("Event type definitions can also refer to other event types",
// Implementing Splunk, "Using event types to categorize results"), also
// through a chain, whatever the names' order.
func TestNestedEventtypes(t *testing.T) {
	fsys := testFS{"e.yml": `
eventtypes:
  a_login:
    search: sourcetype=app logger=AuthClass
    tags: [authentication]
  b_failed_login:
    search: eventtype=a_login loglevel=error
    tags: [failure]
  0_failed_admin_login:
    search: eventtype=b_failed_login user=admin
    tags: [privileged]
`}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, loglevel, user, eventtypes, tags string
	}{
		{"plain login", "info", "bob", "a_login", "authentication"},
		{"failed login", "error", "bob", "a_login\nb_failed_login", "authentication\nfailure"},
		{"failed admin login, two levels", "error", "admin", "0_failed_admin_login\na_login\nb_failed_login", "authentication\nfailure\nprivileged"},
	} {
		row := event.Row{event.Raw: event.Single("x"), event.Sourcetype: event.Single("app"), "logger": event.Single("AuthClass"),
			"loglevel": event.Single(c.loglevel), "user": event.Single(c.user)}
		a.Apply(row)
		if got := row.Get("eventtype").String(); got != c.eventtypes {
			t.Errorf("%s: eventtype = %q, want %q", c.name, got, c.eventtypes)
		}
		if got := row.Get("tag").String(); got != c.tags {
			t.Errorf("%s: tag = %q, want %q", c.name, got, c.tags)
		}
	}
}
