package runner

import (
	"context"
	"errors"
	"fmt"
	"github.com/dactest/dactest/harness/content"
	"net"
	"strings"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/fetch"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/internal/memo"
	"github.com/dactest/dactest/harness/replay"
)

// DataRef names one dataset file as a test sees it: the same file read with
// another source or sourcetype is another dataset, because add-ons key on them.
type DataRef struct {
	Path       string
	Source     string
	Sourcetype string
	Host       string      // empty: ReplayHost
	Index      string      // the test's custom_index; empty: ReplayIndex
	At         content.Pos // the data entry naming it (test or manifest), if any
}

// ReplayHost is the host every replayed event gets when its test names
// none: contentctl sends attack data to HEC with host=CONTENTCTL_HOST
// (DetectionTestingInfrastructure.hec_raw_replay, replay_host), so in
// Splunk no test event lacks a host and `stats ... by host` keeps them.
const ReplayHost = "CONTENTCTL_HOST"

// ReplayIndex is the index contentctl replays a test's data into unless
// the attack_data entry names a custom_index (its replay_index,
// CONTENTCTL_TESTING_INDEX; Splunk index names are lower case). A
// search's index=... term then matches as it would there.
const ReplayIndex = "contentctl_testing_index"

func (d DataRef) String() string {
	return fmt.Sprintf("%s (source=%s sourcetype=%s)", d.Path, d.Source, d.Sourcetype)
}

// key identifies the dataset as read: every field counts (String leaves
// the host out of messages, but events read with another host differ).
func (d DataRef) key() string {
	return d.Path + "\x00" + d.Source + "\x00" + d.Sourcetype + "\x00" + d.host() + "\x00" + d.index()
}

// host is the host the dataset's events are indexed with.
func (d DataRef) index() string {
	if d.Index != "" {
		return d.Index
	}
	return ReplayIndex
}

func (d DataRef) host() string {
	if d.Host != "" {
		return d.Host
	}
	return ReplayHost
}

// loadedData is one dataset read, with its add-on fields applied.
type loadedData struct {
	rows     []event.Row
	problems []string
	warnings []string // events lacking source, sourcetype or host
	err      error
}

// datasetCache reads each DataRef once per run, however many tests use it;
// concurrent callers of the same ref wait for the one read.
type datasetCache struct {
	addons    *ingest.Addons
	downloads *fetch.Cache // nil: remote datasets are an error
	data      memo.Map[DataRef, *loadedData]
}

func newDatasetCache(addons *ingest.Addons, downloads *fetch.Cache) *datasetCache {
	return &datasetCache{addons: addons, downloads: downloads}
}

func (c *datasetCache) get(ref DataRef) *loadedData {
	return c.data.Get(ref, func() *loadedData {
		d := c.read(ref)
		return &d
	})
}

func (c *datasetCache) read(ref DataRef) loadedData {
	path, err := c.local(ref.Path)
	if err != nil {
		return loadedData{err: err}
	}
	meta := ingest.Meta{Source: ref.Source, Sourcetype: ref.Sourcetype, Host: ref.host()}
	if ref.Source == ChannelSource {
		meta.Source = "" // each event's own channel, below
	}
	rows, problems, err := ingest.ReadFileWith(path, meta, ingest.ReadOptions{Addons: c.addons})
	if err != nil {
		return loadedData{err: err}
	}
	if ref.Source == ChannelSource {
		replay.InferSource(rows)
	}
	index := event.Single(ref.index())
	for _, r := range rows {
		r["index"] = index
	}
	if len(rows) == 0 {
		return loadedData{err: noEvents(ref.Path, problems)}
	}
	// Checked before the add-ons run: they may set host-like fields, but
	// not the metadata Splunk would have indexed the events with.
	var warnings []string
	if w := replay.MetaWarning(ref.Path, rows); w != "" {
		warnings = append(warnings, w)
	}
	if n := ingest.StampUndated(rows); n > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: %d of %d events carry no timestamp dactest reads: they get the replay's now (the newest event's time), as HEC stamps an event without one when it receives it", ref.Path, n, len(rows)))
	}
	c.addons.ApplyAll(rows)
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Error()) // worded as search, fields and replay word it
	}
	return loadedData{rows: rows, problems: msgs, warnings: warnings}
}

// noEvents is the error of a dataset that yields no event: a verdict on
// it would say nothing about the detection (a negative test would pass on
// an empty archive).
func noEvents(path string, problems []ingest.Problem) error {
	if len(problems) > 0 {
		return fmt.Errorf("no event could be read from dataset %s: %s", path, problems[0].Error())
	}
	return fmt.Errorf("dataset %s holds no event", path)
}

// local returns a file for the dataset, downloading a remote one.
func (c *datasetCache) local(p string) (string, error) {
	if !isRemote(p) {
		return p, nil
	}
	// URL#PATTERN names members of the archive at URL: download the
	// archive (once, whatever the members) and read them from the copy.
	if i := strings.LastIndexByte(p, '#'); i >= 0 {
		local, err := c.local(p[:i])
		if err != nil {
			return "", err
		}
		return local + p[i:], nil
	}
	if c.downloads == nil {
		return "", fmt.Errorf("dataset %s is remote: give --data-root pointing at a local attack_data checkout, or allow downloads", p)
	}
	local, err := c.downloads.Get(context.Background(), p)
	var dnsErr *net.DNSError
	var opErr *net.OpError
	if errors.As(err, &dnsErr) || errors.As(err, &opErr) {
		// No network (CI runners often have none): say how to run anyway.
		err = fmt.Errorf("%w (cannot download: give --data-root pointing at a local attack_data checkout, or --offline to use only the download cache)", err)
	}
	return local, err
}

// combine builds the engine dataset for a test from its refs, in order.
// Single-ref tests (nearly all) share one engine.Dataset per ref so that
// data-model projections are computed once.
type combinedCache struct {
	sets memo.Map[string, *engine.Dataset]
}

func (c *combinedCache) get(key string, build func() []event.Row) *engine.Dataset {
	return c.sets.Get(key, func() *engine.Dataset { return engine.NewDataset(build()) })
}
