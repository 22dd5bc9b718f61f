package replay

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// expected is what a collector must have indexed for rows, in order.
func expected(rows []event.Row, index string, raw bool) []received {
	var out []received
	for _, r := range rows {
		e := received{Raw: r.Get(event.Raw).First(), Host: r.Get(event.Host).First(), Source: r.Get(event.Source).First(),
			Sourcetype: r.Get(event.Sourcetype).First(), Index: index}
		if !raw {
			e.Time = r.Get(event.Time).First()
		}
		out = append(out, e)
	}
	return out
}

func fastConfig(url string) Config {
	return Config{URL: url, Token: "t0ken", Index: "attack", BatchEvents: 2,
		Backoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, AckPoll: time.Millisecond, Retries: 5}
}

// TestSendDeliversEachEventOnce replays a dataset through collectors that
// fail in the ways the issue names and checks the exact events indexed.
func TestSendDeliversEachEventOnce(t *testing.T) {
	rows := projectRows(t, "datasets/sysmon/certutil_urlcache.xml")
	cases := []struct {
		name     string
		fake     fakeCollector
		endpoint string
		gzip     bool
		retries  int // data-request retries the client must report
	}{
		{name: "healthy", fake: fakeCollector{}},
		{name: "503 twice then recovers", fake: fakeCollector{busyFirst: 2}, retries: 2},
		{name: "closes the connection mid-batch twice", fake: fakeCollector{dropFirst: 2}, retries: 2},
		{name: "closes mid-batch, gzip", fake: fakeCollector{dropFirst: 1}, gzip: true, retries: 1},
		{name: "acks lag two polls", fake: fakeCollector{ack: true, ackLagging: 2}},
		{name: "ack endpoint busy twice", fake: fakeCollector{ack: true, ackBusy: 2}, retries: 2},
		{name: "acks, 503, mid-batch close, raw endpoint", fake: fakeCollector{ack: true, ackLagging: 1, busyFirst: 1, dropFirst: 2}, endpoint: EndpointRaw, retries: 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fake
			f.token = "t0ken"
			srv := newFake(t, &f)
			cfg := fastConfig(srv.URL)
			cfg.Endpoint, cfg.Gzip = tc.endpoint, tc.gzip
			c, err := NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			st, err := c.Send(context.Background(), rows)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := f.snapshot()
			want := expected(rows, "attack", tc.endpoint == EndpointRaw)
			if len(got) != len(want) {
				t.Fatalf("collector indexed %d events, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
				}
			}
			if st.Events != len(rows) || st.Retries < tc.retries {
				t.Errorf("stats %+v: want %d events and at least %d retries", st, len(rows), tc.retries)
			}
			if tc.fake.ack && st.Acked != st.Batches {
				t.Errorf("stats %+v: every batch must be acknowledged", st)
			}
		})
	}
}

func TestSendStopsOnAnswersThatWillNotChange(t *testing.T) {
	rows := projectRows(t, "datasets/sysmon/certutil_urlcache.xml")
	cases := []struct {
		name, token string
		fake        fakeCollector
		wantErr     string
		maxRequests int
	}{
		{name: "wrong token", token: "nope", wantErr: "403: Invalid token (code 4)", maxRequests: 1},
		{name: "busy for good", token: "t0ken", fake: fakeCollector{busyFirst: 1000}, wantErr: "gave up after 6 attempts: HEC answered 503: Server is busy (code 9)", maxRequests: 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fake
			f.token = "t0ken"
			srv := newFake(t, &f)
			cfg := fastConfig(srv.URL)
			cfg.Token = tc.token
			c, err := NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Send(context.Background(), rows)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tc.wantErr)
			}
			got, requests := f.snapshot()
			if len(got) != 0 || requests != tc.maxRequests {
				t.Errorf("%d events indexed after %d requests, want 0 after %d", len(got), requests, tc.maxRequests)
			}
		})
	}
}

func TestCollectorBase(t *testing.T) {
	cases := map[string]string{
		"https://splunk:8088":                              "https://splunk:8088/services/collector",
		"https://splunk:8088/":                             "https://splunk:8088/services/collector",
		"http://127.0.0.1:8088/services/collector":         "http://127.0.0.1:8088/services/collector",
		"http://127.0.0.1:8088/services/collector/event":   "http://127.0.0.1:8088/services/collector",
		"http://127.0.0.1:8088/services/collector/raw/1.0": "http://127.0.0.1:8088/services/collector",
	}
	for in, want := range cases {
		got, err := collectorBase(in)
		if err != nil || got != want {
			t.Errorf("collectorBase(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"splunk:8088", "ftp://x/", ""} {
		if _, err := collectorBase(bad); err == nil {
			t.Errorf("collectorBase(%q) accepted", bad)
		}
	}
}

func TestBatchesRespectLimitsAndMetadata(t *testing.T) {
	row := func(host, raw string) event.Row {
		return event.Row{event.Raw: event.Single(raw), event.Host: event.Single(host), event.Time: event.Single("1")}
	}
	rows := []event.Row{row("a", "1"), row("a", "2"), row("a", "3"), row("b", "4"), row("b", strings.Repeat("x", 100))}
	cases := []struct {
		name     string
		cfg      Config
		wantSize []int
	}{
		{"event: count limit", Config{Endpoint: EndpointEvent, BatchEvents: 2, BatchBytes: 1 << 20}, []int{2, 2, 1}},
		{"raw: splits where host changes", Config{Endpoint: EndpointRaw, BatchEvents: 10, BatchBytes: 1 << 20}, []int{3, 2}},
		{"raw: byte limit, a big event alone", Config{Endpoint: EndpointRaw, BatchEvents: 10, BatchBytes: 50}, []int{3, 1, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bs, err := buildBatches(rows, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			var sizes []int
			for _, b := range bs {
				sizes = append(sizes, b.events)
			}
			if len(sizes) != len(tc.wantSize) {
				t.Fatalf("batch sizes %v, want %v", sizes, tc.wantSize)
			}
			for i := range sizes {
				if sizes[i] != tc.wantSize[i] {
					t.Fatalf("batch sizes %v, want %v", sizes, tc.wantSize)
				}
			}
		})
	}
}

// TestSendTLS: a self-signed collector is refused at once (a certificate
// does not get better on retry) unless Insecure is set.
func TestSendTLS(t *testing.T) {
	rows := projectRows(t, "datasets/sysmon/certutil_urlcache.xml")
	for _, insecure := range []bool{false, true} {
		f := fakeCollector{token: "t0ken"}
		srv := httptest.NewTLSServer(f.handler()) // loopback only
		cfg := fastConfig(srv.URL)
		cfg.Insecure = insecure
		c, err := NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		st, err := c.Send(context.Background(), rows)
		got, _ := f.snapshot()
		srv.Close()
		if insecure && (err != nil || len(got) != len(rows)) {
			t.Errorf("insecure: %v, %d events indexed", err, len(got))
		}
		if !insecure && (err == nil || !strings.Contains(err.Error(), "needs --insecure") || st.Retries != 0 || len(got) != 0) {
			t.Errorf("verified TLS: err %v, %d retries, %d events indexed", err, st.Retries, len(got))
		}
	}
}

// TestSendResendsABatchWhoseAckNeverComes: Splunk's ack documentation
// has the client resend data whose ack does not arrive; the collector
// then holds that batch twice when the first copy was in fact kept, the
// at-least-once window of the protocol that README states.
func TestSendResendsABatchWhoseAckNeverComes(t *testing.T) {
	rows := projectRows(t, "datasets/sysmon/certutil_urlcache.xml")
	f := fakeCollector{token: "t0ken", ack: true, loseAck0: true}
	srv := newFake(t, &f)
	cfg := fastConfig(srv.URL)
	cfg.AckTimeout = 20 * time.Millisecond
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Send(context.Background(), rows)
	if err != nil {
		t.Fatal(err)
	}
	got, requests := f.snapshot()
	want := expected(rows, "attack", false)
	want = append(want, want[:2]...) // batch 1 (2 events) resent at the end
	if len(got) != len(want) || requests != st.Batches+1 || st.Events != len(rows) || st.Acked != st.Batches {
		t.Fatalf("%d events after %d requests, stats %+v; want %d events after %d requests", len(got), requests, st, len(want), st.Batches+1)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}
