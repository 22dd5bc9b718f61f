package runner

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/fetch"
	"github.com/dactest/dactest/harness/ingest"
)

// Every replayed event has the host contentctl gives it: the test's own
// `host:` when set, else CONTENTCTL_HOST (contentctl's hec_raw_replay sends
// host=attack_data_file.host or replay_host). The XML's <Computer> does not
// become host: HEC's host parameter wins.
func TestReplayedEventsGetContentctlHost(t *testing.T) {
	dir := t.TempDir()
	xml := filepath.Join(dir, "sysmon.log")
	body := `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1</EventID><TimeCreated SystemTime='2024-01-01T00:00:00.000Z'/><Computer>pc-7</Computer></System></Event>`
	if err := os.WriteFile(xml, []byte(body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addons, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	cache := newDatasetCache(addons, nil)
	src := "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	for _, c := range []struct{ host, want string }{{"", "CONTENTCTL_HOST"}, {"dc01", "dc01"}} {
		data := cache.get(DataRef{Path: xml, Source: src, Sourcetype: "XmlWinEventLog", Host: c.host})
		if data.err != nil || len(data.rows) != 1 {
			t.Fatalf("host %q: %v, %d rows", c.host, data.err, len(data.rows))
		}
		if got := data.rows[0].Get(event.Host).String(); got != c.want {
			t.Errorf("host %q: event host %q, want %q", c.host, got, c.want)
		}
	}
}

// A dataset URL that cannot be fetched for want of a network says how to
// run without one.
func TestUnreachableDownloadSaysHowToRunOffline(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/datasets/x.log"
	srv.Close() // nothing listens there now: connection refused
	cache := newDatasetCache(nil, &fetch.Cache{Dir: t.TempDir()})
	_, err := cache.local(url)
	if err == nil || !strings.Contains(err.Error(), "give --data-root pointing at a local attack_data checkout, or --offline") {
		t.Fatalf("error %v", err)
	}
}

// Two tests replaying the same file with different hosts get different
// engine datasets: the combined-dataset key must include the host, or
// the second test would search the first one's events.
func TestCombinedDatasetKeyIncludesHost(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log")
	if err := os.WriteFile(path, []byte("2024-01-01T00:00:00Z hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addons, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	r := &runState{data: newDatasetCache(addons, nil), sets: &combinedCache{}}
	for _, host := range []string{"", "dc01"} {
		want := host
		if want == "" {
			want = ReplayHost
		}
		ds, _, _, err := r.dataset([]DataRef{{Path: path, Source: "s", Sourcetype: "st", Host: host}})
		if err != nil || ds.Len() != 1 {
			t.Fatalf("host %q: %v", host, err)
		}
		if got := ds.Rows()[0].Get(event.Host).String(); got != want {
			t.Errorf("host %q: event host %q, want %q", host, got, want)
		}
	}
}

// A downloaded URL#PATTERN reads only the members the pattern names, and
// the archive is fetched once whatever the members asked for.
func TestDownloadedArchiveMembers(t *testing.T) {
	zipped := zipOf(t, map[string]string{
		"events.json": `{"time":"2024-01-01T00:00:00Z","who":"a"}` + "\n" + `{"time":"2024-01-01T00:00:01Z","who":"b"}` + "\n",
		"readme.txt":  "2024-01-01T00:00:02Z notes\n",
	})
	fetches := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches++
		w.Write(zipped)
	}))
	defer srv.Close()
	addons, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	cache := newDatasetCache(addons, &fetch.Cache{Dir: t.TempDir()})
	for member, want := range map[string]int{"events.json": 2, "readme.txt": 1} {
		d := cache.get(DataRef{Path: srv.URL + "/d.zip#" + member, Source: "s", Sourcetype: "st", Host: "h"})
		if d.err != nil || len(d.rows) != want {
			t.Errorf("#%s: %v, %d rows, want %d", member, d.err, len(d.rows), want)
		}
	}
	if fetches != 1 {
		t.Errorf("the archive was fetched %d times", fetches)
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
