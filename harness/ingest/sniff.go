package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

// SniffHint decides a file's format from its first bytes (a few KB), with
// the file name as a hint where content alone is ambiguous: a header line
// of comma-separated names is CSV only in a .csv file, since a log line
// with commas looks the same. Content always wins over the extension
// (attack_data names XML captures .log, .raw or .xml indifferently).
func SniffHint(head []byte, name string) Format {
	switch {
	case bytes.HasPrefix(head, []byte(evtxMagic)):
		return FormatEVTX
	case bytes.HasPrefix(head, []byte("\x1f\x8b")):
		return FormatGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return FormatZip
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return FormatTar
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(text) == 0 || isBinary(head):
		return FormatUnknown
	case bytes.HasPrefix(skipXMLDeclaration(text), []byte("<Event")):
		return FormatXMLWinEventLog
	case text[0] == '{' || text[0] == '[' && jsonArrayStart(text):
		return FormatJSON
	case bytes.HasPrefix(text, []byte("#separator ")):
		return FormatZeekTSV
	case isWinEventLogTextStart(text):
		return FormatWinEventLogText
	case isCSVName(name) && csvHeaderLike(text):
		return FormatCSV
	}
	return FormatLines
}

// skipXMLDeclaration drops a leading <?xml ...?> declaration (Event
// Viewer's "Save as XML" writes one before <Events>), so such a file is
// read as XmlWinEventLog, its records broken before each <Event.
func skipXMLDeclaration(text []byte) []byte {
	if !bytes.HasPrefix(text, []byte("<?xml")) {
		return text
	}
	end := bytes.Index(text, []byte("?>"))
	if end < 0 {
		return text
	}
	return bytes.TrimLeft(text[end+2:], " \t\r\n")
}

// jsonArrayStart: "[" opens a JSON array of objects, arrays or strings (or
// an empty one), not a bracketed log prefix such as "[Wed Oct 11 ...]" or
// "[19/Aug/2024:19:41:22 +0000]".
func jsonArrayStart(text []byte) bool {
	rest := bytes.TrimLeft(text[1:], " \t\r\n")
	return len(rest) == 0 || bytes.IndexByte([]byte(`{["]`), rest[0]) >= 0
}

// isBinary: a NUL byte, or more than a tenth of the head not UTF-8 text.
func isBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if (r == utf8.RuneError && n == 1 && len(head)-i >= utf8.UTFMax) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') {
			bad++
		}
		i += n
	}
	return bad*10 > len(head)
}

var winTextDateLine = regexp.MustCompile(`^\d{2}/\d{2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M[ \t]*\r?$`)

// isWinEventLogTextStart: a date line then a Key=Value line, at the start
// or after a little stray text (which the reader then reports).
func isWinEventLogTextStart(text []byte) bool {
	lines := bytes.Split(text, []byte("\n"))
	for i := 0; i+1 < len(lines) && i < 8; i++ {
		if winTextDateLine.Match(lines[i]) && winTextKV.Match(lines[i+1]) {
			return true
		}
	}
	return false
}

func isCSVName(name string) bool {
	ext := strings.ToLower(path.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
	return ext == ".csv"
}

// csvHeaderLike: the first record parses as CSV with at least two fields.
func csvHeaderLike(text []byte) bool {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	return err == nil && len(rec) >= 2
}

// describeHead says what an unrecognised file starts with.
func describeHead(head []byte) string {
	kinds := []struct{ magic, name string }{
		{"\xd4\xc3\xb2\xa1", "a pcap capture"}, {"\xa1\xb2\xc3\xd4", "a pcap capture"},
		{"\x0a\x0d\x0d\x0a", "a pcapng capture"}, {"%PDF", "a PDF"}, {"\x7fELF", "an ELF binary"},
		{"MZ", "a Windows executable"}, {"BZh", "bzip2 data"}, {"\xfd7zXZ", "xz data"},
		{"7z\xbc\xaf", "a 7-Zip archive"}, {"\x00\x05\x16\x07", "a macOS AppleDouble resource fork (__MACOSX metadata, not a log)"},
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return "an empty file"
	}
	first := head[:min(len(head), 8)]
	for _, k := range kinds {
		if bytes.HasPrefix(head, []byte(k.magic)) {
			return fmt.Sprintf("%s (starts % x)", k.name, first)
		}
	}
	return fmt.Sprintf("binary data (starts % x)", first)
}
