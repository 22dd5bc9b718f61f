package replay

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// hecReply is the collector's JSON answer: {"text":"Success","code":0}
// plus "ackId" when indexer acknowledgement is on for the token.
type hecReply struct {
	Text  string `json:"text"`
	Code  int    `json:"code"`
	AckID *int64 `json:"ackId"`
}

type pendingBatch struct {
	b       *batch
	sentAt  time.Time
	resends int
}

type sender struct {
	c       *Client
	stats   Stats
	pending map[int64]*pendingBatch
}

// send posts one batch until the collector accepts it.
func (s *sender) send(ctx context.Context, b *batch) error {
	return s.sendAgain(ctx, b, 0)
}

func (s *sender) sendAgain(ctx context.Context, b *batch, resends int) error {
	u := s.c.sendURL
	if len(b.query) > 0 {
		u += "?" + b.query.Encode()
	}
	var reply hecReply
	err := s.withRetries(ctx, fmt.Sprintf("batch %d", b.seq), func() error {
		s.stats.Requests++
		var err error
		reply, err = s.post(ctx, u, b.body, s.c.cfg.Gzip)
		return err
	})
	if err != nil {
		return fmt.Errorf("batch %d (%d events): %w", b.seq, b.events, err)
	}
	if reply.AckID == nil {
		s.stats.Events += b.events
		return nil
	}
	s.pending[*reply.AckID] = &pendingBatch{b: b, sentAt: time.Now(), resends: resends}
	return nil
}

// withRetries runs do until it succeeds, fails for good, or the retries
// are spent, sleeping with exponential backoff (or the collector's
// Retry-After) in between.
func (s *sender) withRetries(ctx context.Context, what string, do func() error) error {
	cfg := s.c.cfg
	delay := cfg.Backoff
	for attempt := 0; ; attempt++ {
		err := do()
		if err == nil {
			return nil
		}
		var he *HECError
		if errors.As(err, &he) && !he.Retryable() {
			return err
		}
		var certErr *tls.CertificateVerificationError
		if errors.As(err, &certErr) {
			return fmt.Errorf("%w (a lab collector's self-signed certificate needs --insecure)", err)
		}
		if attempt >= cfg.Retries || ctx.Err() != nil {
			return fmt.Errorf("gave up after %d attempts: %w", attempt+1, err)
		}
		wait := delay
		if he != nil && he.RetryAfter > 0 {
			wait = he.RetryAfter
		}
		cfg.Logf("HEC %s: %v; retrying in %s", what, err, wait)
		s.stats.Retries++
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		delay = min(delay*2, cfg.MaxBackoff)
	}
}

// HECError is a collector's error answer.
type HECError struct {
	Status     int
	Text       string
	Code       int
	RetryAfter time.Duration
}

func (e *HECError) Error() string {
	if e.Text == "" {
		return fmt.Sprintf("HEC answered %d %s", e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("HEC answered %d: %s (code %d)", e.Status, e.Text, e.Code)
}

// Retryable: the collector is busy or failing (Splunk: 503 "Server is
// busy", code 9, and the health codes 18-20; 500 "Internal server
// error", code 8) or a proxy in front of it is. A 4xx answer (bad token,
// bad index, bad data) will not change on a resend.
func (e *HECError) Retryable() bool {
	switch e.Status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// post sends one request and decodes the collector's answer. Transport
// errors (refused, reset, closed mid-request) come back as they are:
// retryable.
func (s *sender) post(ctx context.Context, u string, body []byte, gz bool) (hecReply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return hecReply{}, &HECError{Text: err.Error(), Code: -1}
	}
	req.Header.Set("Authorization", "Splunk "+s.c.cfg.Token)
	req.Header.Set("X-Splunk-Request-Channel", s.c.cfg.Channel)
	req.Header.Set("Content-Type", "application/json")
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	resp, err := s.c.cfg.HTTP.Do(req)
	if err != nil {
		return hecReply{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return hecReply{}, err
	}
	var reply hecReply
	jsonErr := json.Unmarshal(data, &reply)
	if resp.StatusCode/100 != 2 {
		he := &HECError{Status: resp.StatusCode, Text: reply.Text, Code: reply.Code}
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
			he.RetryAfter = time.Duration(secs) * time.Second
		}
		return reply, he
	}
	if jsonErr != nil {
		// A 2xx that is not the collector's JSON: a proxy or a wrong URL.
		return reply, &HECError{Status: resp.StatusCode, Text: "answer is not HEC JSON: " + truncate(string(data), 120), Code: -1}
	}
	return reply, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// waitAcks polls the ack endpoint until every pending batch is indexed,
// resending a batch whose ack is overdue.
func (s *sender) waitAcks(ctx context.Context) error {
	for len(s.pending) > 0 {
		if err := s.pollAcks(ctx); err != nil {
			return err
		}
		if err := s.resendOverdue(ctx); err != nil {
			return err
		}
		if len(s.pending) == 0 {
			return nil
		}
		if err := sleep(ctx, s.c.cfg.AckPoll); err != nil {
			return err
		}
	}
	return nil
}

func (s *sender) pollAcks(ctx context.Context) error {
	ids := make([]int64, 0, len(s.pending))
	for id := range s.pending {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	body, _ := json.Marshal(map[string][]int64{"acks": ids})
	var status map[string]bool
	err := s.withRetries(ctx, "ack poll", func() error {
		var err error
		status, err = s.postAck(ctx, body)
		return err
	})
	if err != nil {
		return fmt.Errorf("ack poll: %w", err)
	}
	for _, id := range ids {
		if status[strconv.FormatInt(id, 10)] {
			p := s.pending[id]
			delete(s.pending, id)
			s.stats.Acked++
			s.stats.Events += p.b.events
		}
	}
	return nil
}

// postAck asks which ack ids are indexed: {"acks":[0,1]} answered by
// {"acks":{"0":true,"1":false}}.
func (s *sender) postAck(ctx context.Context, body []byte) (map[string]bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.c.ackURL, bytes.NewReader(body))
	if err != nil {
		return nil, &HECError{Text: err.Error(), Code: -1}
	}
	req.Header.Set("Authorization", "Splunk "+s.c.cfg.Token)
	req.Header.Set("X-Splunk-Request-Channel", s.c.cfg.Channel)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.c.cfg.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		var reply hecReply
		_ = json.Unmarshal(data, &reply)
		return nil, &HECError{Status: resp.StatusCode, Text: reply.Text, Code: reply.Code}
	}
	var out struct {
		Acks map[string]bool `json:"acks"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, &HECError{Status: resp.StatusCode, Text: "ack answer is not HEC JSON: " + truncate(string(data), 120), Code: -1}
	}
	return out.Acks, nil
}

func (s *sender) resendOverdue(ctx context.Context) error {
	now := time.Now()
	for id, p := range s.pending {
		if now.Sub(p.sentAt) < s.c.cfg.AckTimeout {
			continue
		}
		if p.resends >= s.c.cfg.Retries {
			return fmt.Errorf("batch %d: no indexer acknowledgement after %d sends", p.b.seq, p.resends+1)
		}
		delete(s.pending, id)
		s.c.cfg.Logf("HEC batch %d: ack %d not indexed after %s; sending again", p.b.seq, id, s.c.cfg.AckTimeout)
		if err := s.sendAgain(ctx, p.b, p.resends+1); err != nil {
			return err
		}
	}
	return nil
}
