package ingest

import (
	"path/filepath"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// match_type = WILDCARD(col) / CIDR(col) (transforms.conf; Knowledge
// Manager Manual, "Add field matching rules to your lookup
// configuration"): a WILDCARD cell's * matches any run of characters
// ("/contact/*"), a CIDR cell matches the addresses in its range; rows
// still match in file order, up to max_matches.
func TestLookupMatchTypes(t *testing.T) {
	fsys := testFS{"l.yml": `
lookups:
  urls:
    csv: "url,category\n/contact/*,contact\n*.exe,binary\n/index.html,home\n"
    wildcard: [url]
    max_matches: 1
  nets:
    csv: "net,zone\n10.0.0.0/8,internal\n192.168.1.7,printer\n0.0.0.0/0,any\n"
    cidr: [net]
props:
  st:
    LOOKUP-url: urls url OUTPUT category
    LOOKUP-net: nets net AS src OUTPUT zone
`}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ url, src, category, zone string }{
		{"/contact/form", "10.1.2.3", "contact", "internal\nany"},
		{"/dl/x.exe", "192.168.1.7", "binary", "printer\nany"},
		{"/index.html", "8.8.8.8", "home", "any"},
		{"/contact", "not-an-ip", "", ""},
	} {
		row := event.Row{event.Raw: event.Single("x"), event.Sourcetype: event.Single("st"),
			"url": event.Single(c.url), "src": event.Single(c.src)}
		a.Apply(row)
		if got := row.Get("category").String(); got != c.category {
			t.Errorf("url %s: category = %q, want %q", c.url, got, c.category)
		}
		if got := row.Get("zone").String(); got != c.zone {
			t.Errorf("src %s: zone = %q, want %q", c.src, got, c.zone)
		}
	}
}

// A real add-on's match_type is read from transforms.conf.
func TestLoadAddonConfMatchType(t *testing.T) {
	ta := filepath.Join(t.TempDir(), "TA-m")
	writeConf(t, ta, "default/props.conf", "[m:st]\nLOOKUP-c = cats url OUTPUT category\n")
	writeConf(t, ta, "default/transforms.conf", "[cats]\nfilename = cats.csv\nmatch_type = WILDCARD(url)\nmax_matches = 1\n\n"+
		"[bad]\nfilename = cats.csv\nmatch_type = REGEX(url)\n")
	writeConf(t, ta, "lookups/cats.csv", "url,category\n*/admin/*,admin\n")
	a, problems, err := LoadAddonConfEngine([]string{ta})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Stanza != "bad" || problems[0].Key != "match_type" {
		t.Errorf("problems %v", problems)
	}
	row := event.Row{event.Raw: event.Single("x"), event.Sourcetype: event.Single("m:st"), "url": event.Single("https://h/admin/x")}
	a.Apply(row)
	if got := row.Get("category").String(); got != "admin" {
		t.Errorf("category = %q", got)
	}
}
