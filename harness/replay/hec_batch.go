package replay

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/dactest/dactest/harness/event"
)

// Endpoints of the HTTP Event Collector.
const (
	EndpointEvent = "event" // /services/collector/event: JSON envelopes, time from the envelope
	EndpointRaw   = "raw"   // /services/collector/raw: bare _raw lines, Splunk line-breaks and timestamps them
)

// batch is one request's worth of events, built once: a retry sends the
// very same bytes, so a collector sees either the whole batch or nothing
// of it, however often the connection fails.
type batch struct {
	seq    int        // 1-based, for messages
	query  url.Values // raw endpoint: source, sourcetype, host, index
	body   []byte     // gzipped when Config.Gzip
	events int
}

// hecEnvelope is the event endpoint's per-event JSON object.
type hecEnvelope struct {
	Time       json.Number `json:"time,omitempty"`
	Host       string      `json:"host,omitempty"`
	Source     string      `json:"source,omitempty"`
	Sourcetype string      `json:"sourcetype,omitempty"`
	Index      string      `json:"index,omitempty"`
	Event      string      `json:"event"`
}

// buildBatches cuts rows into batches of at most maxEvents events and
// about maxBytes bytes (a single larger event is sent alone). The raw
// endpoint takes metadata as query parameters, so a raw batch also ends
// where source, sourcetype or host change.
func buildBatches(rows []event.Row, cfg Config) ([]*batch, error) {
	var out []*batch
	var cur bytes.Buffer
	var curKey string
	var n int
	flush := func(q url.Values) error {
		if n == 0 {
			return nil
		}
		body, err := encodeBody(cur.Bytes(), cfg.Gzip)
		if err != nil {
			return err
		}
		out = append(out, &batch{seq: len(out) + 1, query: q, body: body, events: n})
		cur.Reset()
		n = 0
		return nil
	}
	var lastQuery url.Values
	for _, r := range rows {
		piece, q, key := encodeEvent(r, cfg)
		if n > 0 && (n >= cfg.BatchEvents || cur.Len()+len(piece) > cfg.BatchBytes || key != curKey) {
			if err := flush(lastQuery); err != nil {
				return nil, err
			}
		}
		cur.Write(piece)
		n++
		curKey, lastQuery = key, q
	}
	if err := flush(lastQuery); err != nil {
		return nil, err
	}
	return out, nil
}

// encodeEvent renders one event for the endpoint, with the metadata key
// that decides where raw batches must split.
func encodeEvent(r event.Row, cfg Config) (piece []byte, q url.Values, key string) {
	host := r.Get(event.Host).First()
	source := r.Get(event.Source).First()
	sourcetype := r.Get(event.Sourcetype).First()
	raw := r.Get(event.Raw).First()
	if cfg.Endpoint == EndpointRaw {
		q = url.Values{}
		setIf(q, "host", host)
		setIf(q, "source", source)
		setIf(q, "sourcetype", sourcetype)
		setIf(q, "index", cfg.Index)
		return append([]byte(raw), '\n'), q, host + "\x00" + source + "\x00" + sourcetype
	}
	env := hecEnvelope{Host: host, Source: source, Sourcetype: sourcetype, Index: cfg.Index, Event: raw}
	if us, ok := epochMicros(r.Get(event.Time).First()); ok {
		env.Time = json.Number(microsText(us))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(env) // a struct of strings always encodes; Encode ends it with \n
	return buf.Bytes(), nil, ""
}

func setIf(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

func encodeBody(b []byte, gz bool) ([]byte, error) {
	if !gz {
		return append([]byte(nil), b...), nil
	}
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func itoa(i int) string { return strconv.Itoa(i) }
