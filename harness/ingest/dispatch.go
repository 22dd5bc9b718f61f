package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
)

var formatNames = map[Format]string{
	FormatJSON: "JSON", FormatWinEventLogText: "WinEventLog text", FormatCSV: "CSV",
	FormatLines: "line text", FormatZeekTSV: "Zeek TSV", FormatGzip: "gzip", FormatZip: "zip", FormatTar: "tar",
}

// ReadOptions tune how a dataset file is read.
type ReadOptions struct {
	// Members chooses archive members: each is a path.Match pattern tried
	// against a member's full name and its base name ("*.json",
	// "attack_data.txt"). Empty takes every member. A path written
	// "archive.zip#pattern" adds that pattern. It applies to the
	// outermost archive with named members (zip, tar; a .tar.gz is one).
	Members []string
	// Location is the zone of timestamps that name none; nil is UTC.
	Location *time.Location
	// Year completes syslog timestamps, which have no year; 0 is the
	// current year (Splunk too assumes a recent year).
	Year int
	// Addons supplies the index-time props (line breaking, timestamps,
	// INDEXED_EXTRACTIONS, TRANSFORMS-) keyed by the dataset's source,
	// sourcetype and host; nil uses the embedded add-on definitions'
	// line breaking and timestamps alone (their TRANSFORMS- write
	// indexed fields, which a read without add-ons leaves out).
	Addons *Addons

	plan *indexPlan // set by ScanWith from Addons and the dataset's Meta
}

// indexPlan is the index plan of meta under o.Addons (or the embedded
// definitions); nil when no stanza sets an index-time setting.
func (o ReadOptions) indexPlan(meta Meta) (*indexPlan, error) {
	a := o.Addons
	if a == nil {
		var err error
		if a, err = defaultIndexAddons(); err != nil {
			return nil, fmt.Errorf("embedded add-on definitions: %w", err)
		}
	}
	return a.indexPlanFor(meta), nil
}

func (o ReadOptions) location() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

func (o ReadOptions) year() int {
	if o.Year == 0 {
		return time.Now().Year()
	}
	return o.Year
}

const readBufSize = 256 << 10

// ScanWith is Scan with options. The path may select archive members
// after a '#': "data.zip#*.json" (used only when no file has the whole
// name). Records of compressed inputs are read in place, streaming; a
// member cut short (a truncated download) ends that member with one
// problem naming the archive and member, and the records read before it
// are kept.
func ScanWith(path string, meta Meta, opt ReadOptions, yield func(r event.Row, p *Problem) bool) error {
	plan, err := opt.indexPlan(meta)
	if err != nil {
		return err
	}
	opt.plan = plan
	yield = withIndexTransforms(opt.Addons.indexTransformsFor(meta), yield)
	file, member := SplitMember(path)
	if member != "" {
		opt.Members = append([]string{member}, opt.Members...)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	br, head, format, err := peekFormat(bufio.NewReaderSize(f, readBufSize), file)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if msg := lfsPointer(head); msg != "" {
		return fmt.Errorf("%s: %s", file, msg)
	}
	s := &scanner{meta: meta, opt: opt, selectors: opt.Members, yield: yield}
	if len(opt.Members) > 0 && format != FormatZip && format != FormatTar && format != FormatGzip {
		return fmt.Errorf("%s: member %q asked for, but the file is %s, not an archive", file, opt.Members[0], describeFormat(format, head))
	}
	switch format {
	case FormatUnknown:
		return fmt.Errorf("%s: unknown dataset format: %s", file, describeHead(head))
	case FormatEVTX:
		return scanEVTX(f, file, meta, yield)
	case FormatZip:
		st, err := f.Stat()
		if err != nil {
			return err
		}
		if err := s.zipFile(f, st.Size(), file); err != errStop {
			return err
		}
		return nil
	}
	return s.top(br, file, format)
}

// top reads a whole uncompressed or compressed stream; a read error that
// cuts a compressed stream short is reported as that stream's problem.
func (s *scanner) top(br *bufio.Reader, file string, format Format) error {
	err := s.stream(br, file, file, format)
	if err == nil || err == errStop {
		return nil
	}
	if _, ok := err.(*archiveError); ok {
		return err
	}
	if format == FormatGzip || format == FormatTar {
		s.cutShort(file, -1, err)
		return nil
	}
	return fmt.Errorf("%s: %w", file, err)
}

func describeFormat(f Format, head []byte) string {
	if f == FormatUnknown {
		return describeHead(head)
	}
	return f.String()
}

// SplitMember splits "archive.zip#member" when no file has the whole name.
func SplitMember(path string) (file, member string) {
	i := strings.LastIndexByte(path, '#')
	if i < 0 {
		return path, ""
	}
	if _, err := os.Stat(path); err == nil {
		return path, ""
	}
	return path[:i], path[i+1:]
}

// scanner carries one ScanWith call's settings through nested archives.
type scanner struct {
	meta      Meta
	opt       ReadOptions
	selectors []string // member patterns not yet applied to an archive
	yield     func(event.Row, *Problem) bool
	stopped   bool
}

// emit forwards to yield and remembers a stop.
func (s *scanner) emit(r event.Row, p *Problem) bool {
	if s.stopped {
		return false
	}
	if !s.yield(r, p) {
		s.stopped = true
	}
	return !s.stopped
}

// stream reads one uncompressed or compressed stream of a known format;
// display names it in problems, hint is the name used as a format hint.
func (s *scanner) stream(r *bufio.Reader, display, hint string, format Format) error {
	switch format {
	case FormatXMLWinEventLog:
		// A stream cut short (a truncated .gz) keeps the records read
		// before the cut; the caller reports the cut.
		data, err := io.ReadAll(r)
		scanXML(data, display, s.meta, s.emit)
		return err
	case FormatJSON:
		return scanJSON(r, display, s.meta, s.opt, s.emit)
	case FormatWinEventLogText:
		return scanWinEventLogText(r, display, s.meta, s.opt, s.emit)
	case FormatCSV:
		if !s.headerCSV() {
			return s.text(r, display)
		}
		return scanCSV(r, display, s.meta, s.opt, s.emit)
	case FormatLines:
		return s.text(r, display)
	case FormatZeekTSV:
		return scanZeekTSV(r, display, s.meta, s.opt, s.emit)
	case FormatGzip:
		return s.gzip(r, display, hint)
	case FormatTar:
		return s.tar(r, display)
	case FormatZip:
		return s.zipStream(r, display)
	case FormatEVTX:
		return s.evtxStream(r, display)
	}
	return fmt.Errorf("no reader for format %v", format)
}

// headerCSV says whether a file named .csv has its header read into
// fields. Splunk does that only under INDEXED_EXTRACTIONS = csv: the
// pretrained csv sourcetype, which automatic source typing gives a .csv
// file monitored without one. Under any other sourcetype each line,
// header included, is an event.
func (s *scanner) headerCSV() bool {
	st := strings.ToLower(s.meta.Sourcetype)
	if st == "" || st == "csv" {
		return true
	}
	return s.opt.plan != nil && s.opt.plan.indexedExtractions == "csv"
}

// text reads line-based text: under an index plan, its
// INDEXED_EXTRACTIONS reader or its line breaking and timestamps; without
// one, a line per event with a leading timestamp.
func (s *scanner) text(r *bufio.Reader, display string) error {
	p := s.opt.plan
	switch {
	case p == nil:
		// No stanza sets index-time settings: Splunk's [default] ones
		// apply (line merging before dated lines, TRUNCATE 10000).
		return scanText(r, display, s.meta, s.opt, defaultIndexPlan(), s.emit)
	case p.indexedExtractions == "w3c":
		return scanW3C(r, display, s.meta, s.opt, s.emit)
	case p.indexedExtractions == "csv":
		return scanCSV(r, display, s.meta, s.opt, s.emit)
	case p.indexedExtractions == "json":
		return scanJSON(r, display, s.meta, s.opt, s.emit)
	}
	return scanText(r, display, s.meta, s.opt, p, s.emit)
}

// member reads one archive member, sniffing its format; a binary member is
// a problem (Splunk too skips binary files), not a failure of the archive.
func (s *scanner) member(r io.Reader, display, name string) error {
	br, head, format, err := peekFormat(bufio.NewReaderSize(r, readBufSize), name)
	if err != nil {
		return err
	}
	if len(head) == 0 {
		return nil // an empty member holds no events
	}
	if format == FormatUnknown {
		s.emit(nil, &Problem{Path: display, Msg: fmt.Sprintf("%s: not a log format; member skipped, as Splunk skips binary files", describeHead(head))})
		return nil
	}
	return s.stream(br, display, name, format)
}

// cutShort reports a stream that ended early: one problem, records kept.
func (s *scanner) cutShort(display string, offset int64, err error) {
	msg := fmt.Sprintf("archive truncated or corrupt: %v; the records before this point were read", err)
	if offset >= 0 {
		msg = fmt.Sprintf("archive truncated or corrupt after %d bytes of the member: %v; the records before this point were read", offset, err)
	}
	s.emit(nil, &Problem{Path: display, Offset: max(offset, 0), Msg: msg, Lost: true})
}

// archiveError is a whole-archive failure (no member matches a selector).
type archiveError struct{ msg string }

func (e *archiveError) Error() string { return e.msg }

// lfsPointer says what a Git LFS pointer file stands for, or "" when head
// is not one: a clone without git-lfs leaves these ~130-byte stubs where
// attack_data's datasets should be, and reading one as text would give
// events that make every test's verdict wrong.
func lfsPointer(head []byte) string {
	const spec = "version https://git-lfs.github.com/spec/"
	if !bytes.HasPrefix(head, []byte(spec)) {
		return ""
	}
	size := ""
	for _, line := range strings.Split(string(head), "\n") {
		if v, ok := strings.CutPrefix(line, "size "); ok {
			size = " of " + strings.TrimSpace(v) + " bytes"
		}
	}
	return "a Git LFS pointer, not the dataset" + size + ": fetch the file with `git lfs pull` in its repository"
}
