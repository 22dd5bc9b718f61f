package conformance

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/ingest"
)

func TestSplunkInternalFieldsAreNotJudged(t *testing.T) {
	for f, internal := range map[string]bool{
		"punct": true, "date_zone": true, "tag::eventtype": true, "eventtype": true, "_indextime": true,
		"timeendpos": true, "timestamp": true, "_time": false, "_raw": false, "tag": false, "host": false, "dest": false,
	} {
		if SplunkInternal(f) != internal {
			t.Errorf("SplunkInternal(%q) = %v", f, !internal)
		}
	}
}

// A listed field only a site table fills (shipped empty) is not judged and
// is named with its table; once the site's table gives the event a value,
// the field counts like any other.
func TestSiteDataFieldsAreListedApart(t *testing.T) {
	yml := `props:
  my:st:
    KV_MODE: auto
    LOOKUP-host: hosts aid OUTPUT city
lookups:
  hosts:
    site: host inventory feed
    csv: |
      aid,city
`
	addons, err := ingest.LoadAddons(fstest.MapFS{"a.yml": {Data: []byte(yml)}}, ingest.EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	ds := &content.DataSource{Name: "S", Source: "s", Sourcetype: "my:st", ExampleLog: "aid=42 user=bob",
		Fields: []string{"aid", "user", "city", "nope"}}
	r := checkOne(addons, ds, 0, nil)
	if r.Listed != 3 || r.Produced != 2 || strings.Join(r.Missing, ",") != "nope" {
		t.Errorf("listed %d produced %d missing %v", r.Listed, r.Produced, r.Missing)
	}
	if len(r.SiteData) != 1 || r.SiteData[0] != (SiteField{"city", "hosts", "host inventory feed"}) {
		t.Errorf("site data %+v", r.SiteData)
	}
	if cell := missingCell(r); !strings.Contains(cell, "need site data: city (lookup hosts: host inventory feed)") {
		t.Errorf("table cell %q", cell)
	}
}
