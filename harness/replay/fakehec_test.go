package replay

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeCollector implements the HTTP Event Collector protocol as Splunk
// documents it ("Format events for HTTP Event Collector", "About HTTP
// Event Collector Indexer Acknowledgment", "Troubleshoot HTTP Event
// Collector" status codes): Authorization "Splunk <token>"; JSON answers
// {"text":…,"code":…}; 401 code 2 without a token, 403 code 4 for a wrong
// one; 400 code 10 when acks are on and X-Splunk-Request-Channel is
// missing; 503 code 9 "Server is busy"; with acks on, each accepted
// request gets an ackId and /services/collector/ack answers
// {"acks":{"id":bool}}, forgetting an id once it reported it true.
// A request that does not arrive whole is discarded, as a real server
// discards a body it could not read.
type fakeCollector struct {
	token      string
	ack        bool
	busyFirst  int  // answer 503 to the first N data requests
	dropFirst  int  // close the connection halfway through the body of the next N
	ackLagging int  // answer false to the first N polls of each id
	ackBusy    int  // answer 503 to the first N ack polls
	loseAck0   bool // ack id 0 never reports indexed (an indexer lost that batch)

	mu       *sync.Mutex // a pointer so test tables can hold fakeCollector values
	requests int
	received []received
	nextAck  int64
	polls    map[int64]int
}

// received is one indexed event as the collector saw it.
type received struct {
	Raw, Host, Source, Sourcetype, Index, Time string
}

func newFake(t *testing.T, f *fakeCollector) *httptest.Server {
	srv := httptest.NewServer(f.handler()) // loopback only
	t.Cleanup(srv.Close)
	return srv
}

func newFakeB(b *testing.B, f *fakeCollector) string {
	srv := httptest.NewServer(f.handler())
	b.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeCollector) handler() http.Handler {
	f.polls = map[int64]int{}
	f.mu = &sync.Mutex{}
	mux := http.NewServeMux()
	mux.HandleFunc("/services/collector/event", func(w http.ResponseWriter, r *http.Request) { f.data(w, r, false) })
	mux.HandleFunc("/services/collector/raw", func(w http.ResponseWriter, r *http.Request) { f.data(w, r, true) })
	mux.HandleFunc("/services/collector/ack", f.ackPoll)
	return mux
}

func reply(w http.ResponseWriter, status int, text string, code int, extra ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"text": text, "code": code}
	for i := 0; i+1 < len(extra); i += 2 {
		body[extra[i].(string)] = extra[i+1]
	}
	_ = json.NewEncoder(w).Encode(body)
}

func (f *fakeCollector) authorize(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	switch {
	case auth == "":
		reply(w, 401, "Token is required", 2)
	case auth != "Splunk "+f.token:
		reply(w, 403, "Invalid token", 4)
	case f.ack && r.Header.Get("X-Splunk-Request-Channel") == "":
		reply(w, 400, "Data channel is missing", 10)
	default:
		return true
	}
	return false
}

func (f *fakeCollector) data(w http.ResponseWriter, r *http.Request, raw bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if !f.authorize(w, r) {
		return
	}
	if f.dropFirst > 0 {
		f.dropFirst--
		dropMidBody(w, r)
		return
	}
	body, err := readBody(r)
	if err != nil {
		reply(w, 400, "Invalid data format", 6)
		return
	}
	if f.busyFirst > 0 {
		f.busyFirst--
		reply(w, 503, "Server is busy", 9)
		return
	}
	events, err := parseEvents(body, raw, r)
	if err != nil {
		reply(w, 400, err.Error(), 6)
		return
	}
	f.received = append(f.received, events...)
	if !f.ack {
		reply(w, 200, "Success", 0)
		return
	}
	id := f.nextAck
	f.nextAck++
	f.polls[id] = 0
	reply(w, 200, "Success", 0, "ackId", id)
}

// dropMidBody reads half the body, then closes the connection without an
// answer: the request is incomplete, so nothing of it is indexed.
func dropMidBody(w http.ResponseWriter, r *http.Request) {
	n := r.ContentLength / 2
	_, _ = io.CopyN(io.Discard, r.Body, n)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func readBody(r *http.Request) ([]byte, error) {
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, err
		}
		rd = gz
	}
	return io.ReadAll(rd)
}

func parseEvents(body []byte, raw bool, r *http.Request) ([]received, error) {
	if raw {
		q := r.URL.Query()
		var out []received
		sc := bufio.NewScanner(strings.NewReader(string(body)))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			if sc.Text() != "" {
				out = append(out, received{Raw: sc.Text(), Host: q.Get("host"), Source: q.Get("source"), Sourcetype: q.Get("sourcetype"), Index: q.Get("index")})
			}
		}
		return out, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	var out []received
	for dec.More() {
		var e map[string]any
		if err := dec.Decode(&e); err != nil {
			return nil, err
		}
		ev, ok := e["event"].(string)
		if !ok {
			return nil, fmt.Errorf("Event field is required")
		}
		str := func(k string) string { s, _ := e[k].(string); return s }
		tm, _ := e["time"].(json.Number)
		out = append(out, received{Raw: ev, Host: str("host"), Source: str("source"), Sourcetype: str("sourcetype"), Index: str("index"), Time: tm.String()})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("No data")
	}
	return out, nil
}

func (f *fakeCollector) ackPoll(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.authorize(w, r) {
		return
	}
	if !f.ack {
		reply(w, 400, "ACK is disabled", 14)
		return
	}
	if f.ackBusy > 0 {
		f.ackBusy--
		reply(w, 503, "Server is busy", 9)
		return
	}
	if r.URL.Query().Get("channel") == "" && r.Header.Get("X-Splunk-Request-Channel") == "" {
		reply(w, 400, "Data channel is missing", 10)
		return
	}
	var q struct {
		Acks []int64 `json:"acks"`
	}
	if err := json.NewDecoder(r.Body).Decode(&q); err != nil {
		reply(w, 400, "Invalid data format", 6)
		return
	}
	out := map[string]bool{}
	for _, id := range q.Acks {
		n, known := f.polls[id]
		done := known && n >= f.ackLagging && !(f.loseAck0 && id == 0)
		if known {
			f.polls[id] = n + 1
		}
		if done {
			delete(f.polls, id)
		}
		out[strconv.FormatInt(id, 10)] = done
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"acks": out})
}

func (f *fakeCollector) snapshot() ([]received, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.received...), f.requests
}
