// Package ingest reads attack datasets (XmlWinEventLog text, EVTX, JSON
// lines/arrays/CloudTrail Records, classic WinEventLog text, CSV, Zeek
// TSV, line text; gz, tar and zip read in place: FORMATS.md) into events
// and applies add-on search-time field definitions to them, so a
// detection sees the fields Splunk with the Windows and Sysmon add-ons
// would give it.
//
// Formats are sniffed from content (sniff.go): EVTX by its "ElfFile\0" magic,
// XmlWinEventLog by a leading "<Event". XML text is broken into events as
// Splunk_TA_windows does (xmlwin.go). EVTX records are rendered to the
// XmlWinEventLog text Windows forwards - hex, GUID, SID, FILETIME and
// SYSTEMTIME values typed from the record's own substitution table
// (evtxargs.go), plain-BinXML records through a fallback reader
// (binxml.go) - so both formats share one _raw form and one field
// extraction. Search-time fields come from data: addons/*.yml, modelled on
// props.conf, eventtypes.conf and tags.conf (addons/README.md).
package ingest

import (
	"fmt"

	"github.com/dactest/dactest/harness/event"
)

// Meta is the source metadata a test's attack_data entry assigns to a file.
type Meta struct{ Source, Sourcetype, Host string }

// Problem is one bad record that was skipped; the rest of the file is read.
type Problem struct {
	Path   string
	Record int   // 1-based record number within the file, 0 when unknown
	Offset int64 // byte offset of the record in the file
	Msg    string
	// Lost says the stream ended here (a truncated or corrupt archive):
	// not one record but the rest of the member is missing.
	Lost bool
	// Damaged says the records were read but may hold altered values (a
	// checksum that does not match): nothing was skipped.
	Damaged bool
}

// Error names the record when it is known; a problem of a whole member
// or stream (a truncated archive, a binary member) has no record number,
// and "record 0" would send the reader looking for one.
func (p Problem) Error() string {
	switch {
	case p.Record > 0:
		return fmt.Sprintf("%s: record %d (offset %d): %s", p.Path, p.Record, p.Offset, p.Msg)
	case p.Offset > 0:
		return fmt.Sprintf("%s: offset %d: %s", p.Path, p.Offset, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Msg)
}

// Format is a dataset file format recognised by its content.
type Format int

const (
	FormatUnknown Format = iota
	FormatXMLWinEventLog
	FormatEVTX
	FormatJSON            // JSON lines, concatenated or pretty objects, arrays, {"Records":[...]}
	FormatWinEventLogText // classic multi-line WinEventLog text
	FormatCSV             // CSV with a header line
	FormatLines           // one event per line of text
	FormatZeekTSV         // Zeek (Bro) tab-separated logs with #fields headers
	FormatGzip
	FormatZip
	FormatTar
)

func (f Format) String() string {
	switch f {
	case FormatXMLWinEventLog:
		return "XmlWinEventLog"
	case FormatEVTX:
		return "EVTX"
	}
	if name, ok := formatNames[f]; ok {
		return name
	}
	return "unknown"
}

const evtxMagic = "ElfFile\x00"

// Sniff decides a file's format from its first bytes alone (SniffHint
// also takes the file name as a hint).
func Sniff(head []byte) Format { return SniffHint(head, "") }

// ReadFile reads every event of a dataset file. err is set only when the
// whole file is unusable (missing, unreadable, unknown format); bad records
// are reported as problems and skipped.
func ReadFile(path string, meta Meta) (rows []event.Row, problems []Problem, err error) {
	return ReadFileWith(path, meta, ReadOptions{})
}

// ReadFileWith is ReadFile with reading options (opt.Addons' index-time
// props break and stamp the events).
func ReadFileWith(path string, meta Meta, opt ReadOptions) (rows []event.Row, problems []Problem, err error) {
	err = ScanWith(path, meta, opt, func(r event.Row, p *Problem) bool {
		if p != nil {
			problems = append(problems, *p)
		} else {
			rows = append(rows, r)
		}
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	return rows, problems, nil
}

// Scan streams a file's events (p == nil) and problems (r == nil) to yield
// in file order until yield returns false. The format is sniffed from the
// content; err is set only when the whole file is unusable. It is
// ScanWith with default ReadOptions.
func Scan(path string, meta Meta, yield func(r event.Row, p *Problem) bool) error {
	return ScanWith(path, meta, ReadOptions{}, yield)
}

// newRow builds the indexed fields every event carries.
func newRow(raw, timeText string, meta Meta, computer string) event.Row {
	return newRowSized(raw, timeText, meta, computer, 96) // room for the add-on fields, no rehash
}

// newRowSized is newRow with a size hint for the field map.
func newRowSized(raw, timeText string, meta Meta, computer string, size int) event.Row {
	row := make(event.Row, size)
	row[event.Raw] = event.Single(raw)
	if timeText != "" {
		row[event.Time] = event.Single(timeText)
	}
	host := meta.Host
	if host == "" {
		host = computer
	}
	if host != "" {
		row[event.Host] = event.Single(host)
	}
	if meta.Source != "" {
		row[event.Source] = event.Single(meta.Source)
	}
	if meta.Sourcetype != "" {
		row[event.Sourcetype] = event.Single(meta.Sourcetype)
	}
	return row
}
