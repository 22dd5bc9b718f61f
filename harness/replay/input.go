package replay

import (
	"fmt"
	"regexp"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// Input names one dataset file and the metadata it is read with. Where
// says where the name came from (a descriptor's file:line:col), for
// messages; empty for command-line paths.
type Input struct {
	Path       string
	Source     string
	Sourcetype string
	Host       string
	Where      string
}

func (in Input) meta() ingest.Meta {
	return ingest.Meta{Source: in.Source, Sourcetype: in.Sourcetype, Host: in.Host}
}

// Loaded is what reading a set of inputs produced. A file that cannot be
// read is an error in Errors; the other files are still read.
type Loaded struct {
	Rows     []event.Row
	Problems []ingest.Problem
	Errors   []error
	Files    []FileRows // which rows each input produced
}

// FileRows says that Rows[From:To] came from Path.
type FileRows struct {
	Path     string
	From, To int
}

// MetaWarnings names, file by file, events lacking source, sourcetype or
// host (call it after InferSource, which labels Windows XML events).
func (l *Loaded) MetaWarnings() []string {
	var out []string
	for _, f := range l.Files {
		if w := MetaWarning(f.Path, l.Rows[f.From:f.To]); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Read reads every input in order without applying add-ons, so callers
// can shift timestamps first or compare fields before and after.
func Read(inputs []Input) *Loaded {
	return ReadWith(inputs, ingest.ReadOptions{})
}

// ReadWith is Read with reading options: opt.Addons' index-time props
// (a user's add-on's LINE_BREAKER, TIME_FORMAT...) break and stamp the
// events.
func ReadWith(inputs []Input, opt ingest.ReadOptions) *Loaded {
	l := &Loaded{}
	for _, in := range inputs {
		rows, probs, err := ingest.ReadFileWith(in.Path, in.meta(), opt)
		if err != nil {
			l.Errors = append(l.Errors, inputError(in, err))
			continue
		}
		l.Files = append(l.Files, FileRows{Path: in.Path, From: len(l.Rows), To: len(l.Rows) + len(rows)})
		l.Rows = append(l.Rows, rows...)
		l.Problems = append(l.Problems, probs...)
	}
	return l
}

func inputError(in Input, err error) error {
	if in.Where == "" {
		return err
	}
	return fmt.Errorf("%s: %w", in.Where, err)
}

// channel is the event log an XmlWinEventLog event was written to.
var channel = regexp.MustCompile(`<Channel>([^<]+)</Channel>`)

// InferSource gives rows read without a source the one Splunk's Windows
// event log input would: source XmlWinEventLog:<Channel>, sourcetype
// XmlWinEventLog. It returns how many rows it labelled, so the caller can
// say that it guessed.
func InferSource(rows []event.Row) int {
	n := 0
	for _, r := range rows {
		if !r.Get(event.Source).Null() {
			continue
		}
		m := channel.FindStringSubmatch(r.Get(event.Raw).First())
		if m == nil {
			continue
		}
		r[event.Source] = event.Single("XmlWinEventLog:" + m[1])
		if r.Get(event.Sourcetype).Null() {
			r[event.Sourcetype] = event.Single("XmlWinEventLog")
		}
		n++
	}
	return n
}
