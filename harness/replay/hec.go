package replay

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// Config says where and how to send events to an HTTP Event Collector.
type Config struct {
	URL         string                           // https://host:8088, or a full .../services/collector[/event|/raw] URL
	Token       string                           // sent as "Authorization: Splunk <token>"
	Index       string                           // empty: the token's default index
	Endpoint    string                           // EndpointEvent (default) or EndpointRaw
	BatchEvents int                              // events per request (default 500)
	BatchBytes  int                              // uncompressed bytes per request (default 1 MiB)
	Gzip        bool                             // Content-Encoding: gzip
	Insecure    bool                             // skip TLS certificate checks (lab collectors)
	Retries     int                              // attempts after the first, per request (0: 8; negative: none)
	Backoff     time.Duration                    // first retry delay, doubled each time (default 500ms)
	MaxBackoff  time.Duration                    // cap on the delay (default 30s)
	AckTimeout  time.Duration                    // how long to wait for an ack before resending (default 2m)
	AckPoll     time.Duration                    // delay between ack polls (default 1s)
	Channel     string                           // X-Splunk-Request-Channel; default a random GUID
	HTTP        *http.Client                     // default: a client honouring Insecure
	Logf        func(format string, args ...any) // retries and resends; nil: quiet
}

func (c *Config) defaults() error {
	if c.Endpoint == "" {
		c.Endpoint = EndpointEvent
	}
	if c.Endpoint != EndpointEvent && c.Endpoint != EndpointRaw {
		return fmt.Errorf("HEC endpoint %q: want event or raw", c.Endpoint)
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.BatchEvents, 500)
	def(&c.BatchBytes, 1<<20)
	if c.Retries == 0 {
		c.Retries = 8
	}
	defDur(&c.Backoff, 500*time.Millisecond)
	defDur(&c.MaxBackoff, 30*time.Second)
	defDur(&c.AckTimeout, 2*time.Minute)
	defDur(&c.AckPoll, time.Second)
	if c.Channel == "" {
		c.Channel = newGUID()
	}
	if c.HTTP == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: c.Insecure} //nolint:gosec // opt-in for lab collectors
		c.HTTP = &http.Client{Transport: tr, Timeout: 60 * time.Second}
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return nil
}

// Client sends events to one collector on one channel.
type Client struct {
	cfg     Config
	sendURL string
	ackURL  string
}

// Stats say what a Send did.
type Stats struct {
	Events   int // events delivered (acknowledged when the collector acks)
	Batches  int
	Requests int // data requests, retries and resends included
	Retries  int
	Acked    int // batches confirmed by indexer acknowledgement
}

// NewClient checks the configuration and derives the endpoint URLs.
func NewClient(cfg Config) (*Client, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	base, err := collectorBase(cfg.URL)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, sendURL: base + "/" + cfg.Endpoint, ackURL: base + "/ack"}
	c.ackURL += "?channel=" + url.QueryEscape(cfg.Channel)
	return c, nil
}

// collectorBase turns what a user types (host:port, .../services/collector,
// .../services/collector/event) into the .../services/collector base.
func collectorBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("HEC URL %q: want http(s)://host:port[/services/collector]", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("HEC URL %q: scheme must be http or https", raw)
	}
	p := strings.TrimRight(u.Path, "/")
	for _, suffix := range []string{"/event", "/raw", "/event/1.0", "/raw/1.0"} {
		if strings.HasSuffix(p, "/services/collector"+suffix) {
			p = strings.TrimSuffix(p, suffix)
		}
	}
	if !strings.HasSuffix(p, "/services/collector") {
		p += "/services/collector"
	}
	u.Path, u.RawQuery = p, ""
	return u.String(), nil
}

// Channel is the request channel every request of this client carries.
func (c *Client) Channel() string { return c.cfg.Channel }

// Send delivers rows in batches, in order, one batch in flight at a time.
// A batch is retried with exponential backoff on a connection failure and
// on the collector's retryable answers (429, 500, 502, 503, 504); other
// error answers stop the send with the collector's text and code. When
// the collector answers with an ackId (indexer acknowledgement enabled on
// the token), Send polls /services/collector/ack until each batch is
// indexed and resends a batch whose ack does not come within AckTimeout.
//
// Delivery is exactly once when the collector either answers or discards
// an incomplete request. Splunk's protocol leaves one window open: a
// collector that accepts a batch and then loses the connection before
// its reply reaches us will get that batch again (at least once, as the
// ack documentation says of resends).
func (c *Client) Send(ctx context.Context, rows []event.Row) (Stats, error) {
	batches, err := buildBatches(rows, c.cfg)
	if err != nil {
		return Stats{}, err
	}
	s := &sender{c: c, stats: Stats{Batches: len(batches)}, pending: map[int64]*pendingBatch{}}
	for _, b := range batches {
		if err := s.send(ctx, b); err != nil {
			return s.stats, err
		}
		if len(s.pending) >= maxPendingAcks {
			if err := s.waitAcks(ctx); err != nil {
				return s.stats, err
			}
		}
	}
	if err := s.waitAcks(ctx); err != nil {
		return s.stats, err
	}
	return s.stats, nil
}

// maxPendingAcks bounds how many batches may await an ack before Send
// stops to poll, so a collector that never acks is noticed early.
const maxPendingAcks = 16

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func newGUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
