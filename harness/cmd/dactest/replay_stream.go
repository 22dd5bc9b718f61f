package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/replay"
)

// streams says the replay can write each event as it is read: nothing
// needs every event first (--shift-to needs the newest time, the HEC send
// its batches of the whole set), so memory stays bounded by writeChunk.
func (f *replayFlags) streams() bool { return f.shiftTo == "" && f.hec == "" && f.out != "" }

// replayStream is the streaming replay: the same inputs, problems,
// labels and JSON lines as the loading one, each file read once, events
// written writeChunk at a time with their add-on fields.
func (f *replayFlags) replayStream(stdout, stderr io.Writer) int {
	if !f.data.loadAddons("replay", stderr) {
		return exitUsage
	}
	w, closeOut, err := f.output(stdout)
	if err != nil {
		fmt.Fprintln(stderr, "dactest replay:", err)
		return exitUsage
	}
	s := &replayStreamer{f: f, w: w, stderr: stderr, chunk: make([]event.Row, 0, writeChunk)}
	inputs := f.data.inputs("replay", stderr, &s.load)
	for _, in := range inputs {
		s.file(in)
	}
	s.inputs = len(inputs)
	werr := s.flush()
	if cerr := closeOut(); werr == nil {
		werr = cerr // a full disk shows up at Close
	}
	return s.exit(werr)
}

// output is stdout or the --out file.
func (f *replayFlags) output(stdout io.Writer) (io.Writer, func() error, error) {
	if f.out == "-" {
		return stdout, func() error { return nil }, nil
	}
	file, err := os.Create(f.out)
	if err != nil {
		return nil, nil, err
	}
	return file, file.Close, nil
}

type replayStreamer struct {
	f                          *replayFlags
	w                          io.Writer
	stderr                     io.Writer
	load                       dataLoad // broken: some input lost or skipped
	chunk                      []event.Row
	written, dropped, labelled int
	problems, inputs           int
	writeErr                   error
	warnings                   []string
}

func (s *replayStreamer) file(in replay.Input) {
	var tally replay.MetaTally
	meta := ingest.Meta{Source: in.Source, Sourcetype: in.Sourcetype, Host: in.Host}
	err := ingest.ScanWith(in.Path, meta, ingest.ReadOptions{Addons: s.f.data.addons}, func(r event.Row, p *ingest.Problem) bool {
		if p != nil {
			s.problem(*p)
			return true
		}
		s.labelled += replay.InferSource([]event.Row{r})
		tally.Add(r)
		s.event(r)
		return s.writeErr == nil
	})
	if err != nil {
		if in.Where != "" {
			err = fmt.Errorf("%s: %w", in.Where, err)
		}
		fmt.Fprintf(s.stderr, "dactest replay: %v\n", err)
		s.load.broken = true
	}
	if w := tally.Warning(in.Path); w != "" {
		s.warnings = append(s.warnings, w)
	}
}

// problem prints as the loading replay does: at most maxProblemLines.
func (s *replayStreamer) problem(p ingest.Problem) {
	s.load.broken = true
	s.problems++
	switch {
	case s.problems > maxProblemLines:
	case p.Lost:
		fmt.Fprintf(s.stderr, "dactest replay: events lost: %v\n", p)
	case p.Damaged:
		fmt.Fprintf(s.stderr, "dactest replay: events may be damaged: %v\n", p)
	default:
		fmt.Fprintf(s.stderr, "dactest replay: skipped bad record: %v\n", p)
	}
}

// event keeps a labelled event for the next write; an event without
// source or sourcetype is not replayed (see runReplay).
func (s *replayStreamer) event(r event.Row) {
	if r.Get(event.Source).Null() || r.Get(event.Sourcetype).Null() {
		s.dropped++
		return
	}
	s.chunk = append(s.chunk, r)
	if len(s.chunk) == writeChunk {
		s.writeErr = s.flush()
	}
}

func (s *replayStreamer) flush() error {
	if s.writeErr != nil || len(s.chunk) == 0 {
		return s.writeErr
	}
	if err := s.f.data.applyAddons(s.chunk); err != nil {
		return err
	}
	err := replay.WriteJSONL(s.w, s.chunk)
	s.written += len(s.chunk)
	s.chunk = s.chunk[:0]
	return err
}

func (s *replayStreamer) exit(writeErr error) int {
	if s.problems > maxProblemLines {
		fmt.Fprintf(s.stderr, "dactest replay: … %d more problems reading --data\n", s.problems-maxProblemLines)
	}
	if s.labelled > 0 {
		fmt.Fprintf(s.stderr, "dactest replay: %d events had no source; labelled XmlWinEventLog:<Channel> as the Windows event log input would (set --source to choose)\n", s.labelled)
	}
	for _, w := range s.warnings {
		fmt.Fprintf(s.stderr, "dactest replay: %s; set --source/--sourcetype/--host, or read the file through a descriptor that names them\n", w)
	}
	if writeErr != nil {
		fmt.Fprintln(s.stderr, "dactest replay:", writeErr)
		return exitFailed
	}
	if s.written+s.dropped == 0 {
		s.f.data.noEvents("replay", s.stderr, s.inputs, s.load.broken)
		return exitUsage
	}
	if s.dropped > 0 {
		fmt.Fprintf(s.stderr, "dactest replay: %d event(s) without source or sourcetype not replayed\n", s.dropped)
		return exitIncomplete
	}
	if s.load.broken {
		return exitIncomplete
	}
	return exitOK
}
