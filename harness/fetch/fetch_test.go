package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// server answers each path with the scripted status codes, then 200 with
// the body; it counts requests per path.
func server(t *testing.T, body string, statuses map[string][]int) (*httptest.Server, map[string]*int32) {
	hits := map[string]*int32{}
	for p := range statuses {
		hits[p] = new(int32)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := atomic.AddInt32(hits[r.URL.Path], 1)
		if script := statuses[r.URL.Path]; int(n) <= len(script) {
			w.WriteHeader(script[n-1])
			return
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, hits
}

func newCache(t *testing.T) *Cache {
	return &Cache{Dir: t.TempDir(), Retries: 3, Backoff: time.Millisecond}
}

func TestGetDownloadsOnceAndReusesTheCache(t *testing.T) {
	srv, hits := server(t, "<Event/>\n", map[string][]int{"/a/windows-sysmon.log": nil})
	c := newCache(t)
	var first string
	for i := 0; i < 3; i++ {
		p, err := c.Get(context.Background(), srv.URL+"/a/windows-sysmon.log")
		if err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(p); string(data) != "<Event/>\n" {
			t.Fatalf("content %q", data)
		}
		if !strings.HasSuffix(p, "windows-sysmon.log") {
			t.Errorf("%s lost the file name", p)
		}
		if first == "" {
			first = p
		} else if p != first {
			t.Errorf("cached path moved: %s then %s", first, p)
		}
	}
	if n := *hits["/a/windows-sysmon.log"]; n != 1 {
		t.Errorf("downloaded %d times, want once", n)
	}
}

func TestGetRetriesServerErrorsNotClientErrors(t *testing.T) {
	srv, hits := server(t, "ok", map[string][]int{
		"/flaky":   {503, 429, 500},
		"/missing": {404, 404, 404, 404, 404},
	})
	c := newCache(t)
	if _, err := c.Get(context.Background(), srv.URL+"/flaky"); err != nil {
		t.Fatalf("flaky server: %v", err)
	}
	if n := *hits["/flaky"]; n != 4 {
		t.Errorf("flaky: %d requests, want 4", n)
	}
	_, err := c.Get(context.Background(), srv.URL+"/missing")
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("missing: err = %v", err)
	}
	if n := *hits["/missing"]; n != 1 {
		t.Errorf("a 404 was retried: %d requests", n)
	}
}

func TestOfflineServesTheCacheAndNamesWhatIsMissing(t *testing.T) {
	srv, hits := server(t, "data", map[string][]int{"/x.log": nil, "/y.log": nil})
	c := newCache(t)
	if _, err := c.Get(context.Background(), srv.URL+"/x.log"); err != nil {
		t.Fatal(err)
	}
	c.Offline = true
	if _, err := c.Get(context.Background(), srv.URL+"/x.log"); err != nil {
		t.Errorf("a cached URL must work offline: %v", err)
	}
	_, err := c.Get(context.Background(), srv.URL+"/y.log")
	if !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "/y.log") {
		t.Errorf("offline miss: %v", err)
	}
	if *hits["/y.log"] != 0 {
		t.Error("offline mode made a request")
	}
}

func TestContentAddressedBlobs(t *testing.T) {
	srv, _ := server(t, "same bytes", map[string][]int{"/one/f.log": nil, "/two/f.log": nil})
	c := newCache(t)
	a, _ := c.Get(context.Background(), srv.URL+"/one/f.log")
	b, _ := c.Get(context.Background(), srv.URL+"/two/f.log")
	if a != b {
		t.Errorf("identical content stored twice: %s, %s", a, b)
	}
}

func TestLFSPointerIsAnError(t *testing.T) {
	pointer := "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n"
	srv, _ := server(t, pointer, map[string][]int{"/lfs.log": nil})
	_, err := newCache(t).Get(context.Background(), srv.URL+"/lfs.log")
	if err == nil || !strings.Contains(err.Error(), "Git LFS pointer") {
		t.Errorf("err = %v", err)
	}
}

func TestTruncatedBodyIsRetried(t *testing.T) {
	var n int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		if atomic.AddInt32(&n, 1) == 1 {
			w.Write([]byte("12345")) // the connection ends early
			return
		}
		w.Write([]byte("1234567890"))
	}))
	defer srv.Close()
	p, err := newCache(t).Get(context.Background(), srv.URL+"/t.log")
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(p); string(data) != "1234567890" {
		t.Errorf("stored %q", data)
	}
}

func TestUnknownHostIsNotRetried(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), Retries: 3, Backoff: time.Hour} // a retry would hang the test
	start := time.Now()
	_, err := c.Get(context.Background(), "http://no-such-host.invalid/x.log")
	if err == nil || !strings.Contains(err.Error(), "no-such-host.invalid") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > time.Minute {
		t.Error("an unresolvable host was retried")
	}
}

// ftp:// or file:// can never be downloaded: said at once, not retried.
func TestOtherSchemesAreRefusedAtOnce(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), Retries: 3, Backoff: time.Hour} // a retry would hang the test
	for _, u := range []string{"ftp://127.0.0.1/x.xml", "file:///tmp/x.xml"} {
		_, err := c.Get(context.Background(), u)
		if err == nil || !strings.Contains(err.Error(), "only http and https URLs are downloaded") {
			t.Errorf("%s: err = %v", u, err)
		}
	}
}
