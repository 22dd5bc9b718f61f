package ingest

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/event"
)

const siteYAML = `name: site test
props:
  inv:test:
    LOOKUP-host: hosts aid OUTPUT ComputerName AS host_name OU AS host_ou
    LOOKUP-kind: kinds Kind OUTPUTNEW Kind_meaning
lookups:
  hosts:
    site: the host inventory feed
    csv: |
      aid,Unused,ComputerName,OU
  kinds:
    csv: |
      Kind,Kind_meaning
      1,ONE
`

func TestSiteFieldsWhileTableEmpty(t *testing.T) {
	a := loadTestAddons(t, map[string]string{"s.yml": siteYAML})
	got := a.SiteFields("", "inv:test", "")
	want := []SiteField{
		{Field: "host_name", Table: "hosts", Site: "the host inventory feed"},
		{Field: "host_ou", Table: "hosts", Site: "the host inventory feed"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SiteFields = %+v, want %+v", got, want)
	}
	if got := a.SiteFields("", "other", ""); len(got) != 0 {
		t.Errorf("another sourcetype: SiteFields = %+v, want none", got)
	}
	r := event.Row{event.Sourcetype: event.Single("inv:test"), "aid": event.Single("a1")}
	a.Apply(r)
	if !r.Get("host_name").Null() {
		t.Errorf("empty site table gave host_name %q", r.Get("host_name"))
	}
}

// A site's export: other column order, extra columns, a column no lookup
// reads (Unused) missing. Loaded, the fields come out and are no longer
// reported as site data.
func TestLoadSiteTables(t *testing.T) {
	a := loadTestAddons(t, map[string]string{"s.yml": siteYAML})
	site := fstest.MapFS{"hosts.csv": &fstest.MapFile{Data: []byte("OU,Extra,ComputerName,aid\nSales,x,host-1,a1\n")}}
	loaded, err := a.LoadSiteTables(site)
	if err != nil || !reflect.DeepEqual(loaded, []string{"hosts"}) {
		t.Fatalf("LoadSiteTables = %v, %v", loaded, err)
	}
	r := event.Row{event.Sourcetype: event.Single("inv:test"), "aid": event.Single("a1")}
	a.Apply(r)
	if r.Get("host_name").String() != "host-1" || r.Get("host_ou").String() != "Sales" {
		t.Errorf("host_name, host_ou = %q, %q", r.Get("host_name"), r.Get("host_ou"))
	}
	if got := a.SiteFields("", "inv:test", ""); len(got) != 0 {
		t.Errorf("after loading: SiteFields = %+v", got)
	}
}

func TestLoadSiteTablesErrors(t *testing.T) {
	for _, c := range []struct{ name, csv, want string }{
		{"key column missing", "ComputerName,OU\nh,Sales\n", `hosts.csv: no column "aid"`},
		{"bad csv", "aid,\"ComputerName\nx", "hosts.csv:"},
	} {
		a := loadTestAddons(t, map[string]string{"s.yml": siteYAML})
		_, err := a.LoadSiteTables(fstest.MapFS{"hosts.csv": &fstest.MapFile{Data: []byte(c.csv)}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	// No file for a site table: nothing loaded, no error.
	a := loadTestAddons(t, map[string]string{"s.yml": siteYAML})
	if loaded, err := a.LoadSiteTables(fstest.MapFS{}); err != nil || len(loaded) != 0 {
		t.Errorf("no files: %v, %v", loaded, err)
	}
}

func siteFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}
