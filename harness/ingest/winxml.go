package ingest

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The XmlWinEventLog field extraction (add-on kv_mode "winxml"), as
// Splunk_TA_windows does it with regex transforms rather than generic
// KV_MODE=xml: System elements become fields named after the element (or
// attribute: Provider Name -> Name, Guid; TimeCreated -> SystemTime;
// Execution -> ProcessID, ThreadID; Security -> UserID), each
// <Data Name='X'>v</Data> becomes field X, an empty element yields no field
// (Splunk does not keep empty extractions), and UserData leaves become
// fields named after their element. XML entities are decoded so a value
// reads as Windows logged it (EVTX and XML text then agree).

// xmlTag is one start or empty-element tag found by the scanner.
type xmlTag struct {
	name  []byte
	attrs []byte // raw attribute text
	close bool   // </name>
	empty bool   // <name .../>
	end   int    // index just past '>'
}

// nextTag scans for the next tag at or after from; ok is false at the end.
func nextTag(b []byte, from int) (t xmlTag, start int, ok bool) {
	for {
		i := bytes.IndexByte(b[from:], '<')
		if i < 0 {
			return t, 0, false
		}
		start = from + i
		j := bytes.IndexByte(b[start:], '>')
		if j < 0 {
			return t, 0, false
		}
		inner := b[start+1 : start+j]
		t = xmlTag{end: start + j + 1}
		if len(inner) > 0 && (inner[0] == '?' || inner[0] == '!') {
			from = t.end
			continue
		}
		if len(inner) > 0 && inner[0] == '/' {
			t.close = true
			inner = inner[1:]
		}
		if len(inner) > 0 && inner[len(inner)-1] == '/' {
			t.empty = true
			inner = inner[:len(inner)-1]
		}
		k := bytes.IndexAny(inner, " \t\r\n")
		if k < 0 {
			t.name = inner
		} else {
			t.name, t.attrs = inner[:k], inner[k+1:]
		}
		return t, start, true
	}
}

// eachAttr calls fn for each name='value' / name="value" pair.
func eachAttr(attrs []byte, fn func(name, value []byte)) {
	for {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 || eq+1 >= len(attrs) {
			return
		}
		name := bytes.TrimSpace(attrs[:eq])
		q := attrs[eq+1]
		if q != '\'' && q != '"' {
			return
		}
		end := bytes.IndexByte(attrs[eq+2:], q)
		if end < 0 {
			return
		}
		fn(name, attrs[eq+2:eq+2+end])
		attrs = attrs[eq+2+end+1:]
	}
}

// systemSection returns the inner bytes of <System>...</System>.
func systemSection(raw []byte) []byte {
	return section(raw, "System")
}

// section returns the inner bytes of the first <name>...</name>. The
// open tag may carry attributes (TaskScheduler writes <EventData
// Name='ActionStart'>), as the add-on's block transforms allow with
// <EventData(?:\s+[^>]+)?>.
func section(raw []byte, name string) []byte {
	t := sectionTags[name]
	if t == nil {
		t = &[2][]byte{[]byte("<" + name), []byte("</" + name + ">")}
	}
	for from := 0; ; {
		at := bytes.Index(raw[from:], t[0])
		if at < 0 {
			return nil
		}
		open := from + at + len(t[0])
		if open >= len(raw) {
			return nil
		}
		switch c := raw[open]; {
		case c == '>':
			open++
		case isSpace(c):
			gt := bytes.IndexByte(raw[open:], '>')
			if gt < 0 || raw[open+gt-1] == '/' {
				return nil
			}
			open += gt + 1
		default: // a longer name (<EventDataX>): keep looking
			from = open
			continue
		}
		end := bytes.Index(raw[open:], t[1])
		if end < 0 {
			return nil
		}
		return raw[open : open+end]
	}
}

// sectionTags holds the open/close tags of the sections every event has,
// built once rather than per event.
var sectionTags = map[string]*[2][]byte{}

func init() {
	for _, n := range []string{"System", "EventData", "UserData", "Computer"} {
		sectionTags[n] = &[2][]byte{[]byte("<" + n), []byte("</" + n + ">")}
	}
}

// attrValue finds attribute attr of the first element el.
func attrValue(b []byte, el, attr string) (string, bool) {
	var out string
	var found bool
	for from := 0; !found; {
		t, _, ok := nextTag(b, from)
		if !ok {
			break
		}
		from = t.end
		if t.close || string(t.name) != el {
			continue
		}
		eachAttr(t.attrs, func(n, v []byte) {
			if !found && string(n) == attr {
				out, found = decodeEntities(v), true
			}
		})
		break
	}
	return out, found
}

// elementText returns the text of the first <el>text</el>.
func elementText(b []byte, el string) (string, bool) {
	s := section(b, el)
	if s == nil {
		return "", false
	}
	return decodeEntities(s), true
}

// WinXMLField receives one extracted field; a repeated name adds a value.
type WinXMLField func(name, value string)

// ExtractWinXML walks one XmlWinEventLog _raw and reports its fields.
// It scans raw's bytes in place and hands out substrings of raw (no
// copy): the hot path of ingestion.
func ExtractWinXML(raw string, emit WinXMLField) {
	if raw == "" {
		return
	}
	b := unsafe.Slice(unsafe.StringData(raw), len(raw)) // read-only view
	if end := bytes.Index(b, []byte("</Event>")); end >= 0 {
		b = b[:end]
	}
	sys := systemSection(b)
	if sys != nil {
		extractSystem(sys, emit)
		emit("System_Props_Xml", view(sys))
	}
	if ed := section(b, "EventData"); ed != nil {
		extractData(ed, emit)
		emit("EventData_Xml", view(ed))
	}
	if ud := section(b, "UserData"); ud != nil {
		extractLeaves(ud, emit)
		emit("UserData_Xml", view(ud))
	}
}

// systemAttrs maps System element attributes to field names.
var systemAttrs = map[string]map[string]string{
	"Provider":    {"Name": "Name", "Guid": "Guid", "EventSourceName": "EventSourceName"},
	"TimeCreated": {"SystemTime": "SystemTime"},
	"Execution":   {"ProcessID": "ProcessID", "ThreadID": "ThreadID"},
	"Security":    {"UserID": "UserID"},
	"Correlation": {"ActivityID": "ActivityID", "RelatedActivityID": "RelatedActivityID"},
	"EventID":     {"Qualifiers": "Qualifiers"},
}

func extractSystem(sys []byte, emit WinXMLField) {
	for from := 0; ; {
		t, _, ok := nextTag(sys, from)
		if !ok {
			return
		}
		from = t.end
		if t.close {
			continue
		}
		name := view(t.name) // sys is a view of the _raw string
		// Splunk_TA_windows' system_props_xml_attributes takes every
		// name='value' of the System block, whatever the element: Sysmon
		// for Linux's <Security UserId='0'/> gives UserId as Windows'
		// UserID does.
		eachAttr(t.attrs, func(n, v []byte) {
			// The transform's name is the word before "=" ([^\s=]+).
			if i := bytes.LastIndexAny(n, " \t\r\n"); i >= 0 {
				n = n[i+1:]
			}
			if len(n) > 0 && len(v) > 0 {
				emit(view(n), rawView(v))
			}
		})
		if t.empty {
			continue
		}
		text, next := elementBody(sys, t.end, name)
		if text == nil {
			// Not closed (<Le>0</Level> in a hand-edited example): skip
			// just this element, as the add-on's per-element regex does.
			continue
		}
		if len(text) > 0 && bytes.IndexByte(text, '<') < 0 {
			emit(name, rawView(text))
		}
		from = next
	}
}

// elementBody returns the text up to </name> and the index after it. The
// usual case - a text-only element closed at the next '<' - is checked in
// place, without building the closing tag.
func elementBody(b []byte, from int, name string) ([]byte, int) {
	if lt := bytes.IndexByte(b[from:], '<'); lt >= 0 {
		at := from + lt
		rest := b[at:]
		if len(rest) >= len(name)+3 && rest[1] == '/' && string(rest[2:2+len(name)]) == name && rest[2+len(name)] == '>' {
			return b[from:at], at + len(name) + 3
		}
	}
	end := bytes.Index(b[from:], []byte("</"+name+">"))
	if end < 0 {
		return nil, len(b)
	}
	return b[from : from+end], from + end + len(name) + 3
}

func extractData(ed []byte, emit WinXMLField) {
	for from := 0; ; {
		t, _, ok := nextTag(ed, from)
		if !ok {
			return
		}
		from = t.end
		if t.close || t.empty || string(t.name) != "Data" {
			continue
		}
		var name []byte
		eachAttr(t.attrs, func(n, v []byte) {
			if string(n) == "Name" {
				name = v
			}
		})
		text, next := elementBody(ed, t.end, "Data")
		from = next
		if len(text) == 0 {
			continue
		}
		if len(name) == 0 {
			emit("Data", rawView(text))
			continue
		}
		emit(dataFieldName(name), rawView(text))
	}
}

// extractLeaves reports each leaf element of UserData by its name.
func extractLeaves(ud []byte, emit WinXMLField) {
	for from := 0; ; {
		t, _, ok := nextTag(ud, from)
		if !ok {
			return
		}
		from = t.end
		if t.close || t.empty {
			continue
		}
		lt := bytes.IndexByte(ud[t.end:], '<')
		if lt < 0 {
			return
		}
		text := ud[t.end : t.end+lt]
		if bytes.HasPrefix(ud[t.end+lt:], []byte("</"+string(t.name)+">")) && len(text) > 0 {
			emit(string(t.name), rawView(text))
		}
	}
}

// rawView is a field value as the add-on's regexes extract it: the text
// as Windows rendered it, entities (&gt; &amp; &quot;) kept encoded -
// security_content matches "*&gt;*" on XmlWinEventLog fields.
func rawView(b []byte) string { return view(b) }

// view turns a slice of a read-only view of a string back into a string
// without copying.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// decodeEntities resolves the five XML entities and numeric references.
func decodeEntities(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			sb.Write(b)
			break
		}
		sb.Write(b[:i])
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 10 {
			sb.WriteByte('&')
			b = b[1:]
			continue
		}
		if r, ok := entity(string(b[1:semi])); ok {
			sb.WriteString(r)
			b = b[semi+1:]
			continue
		}
		sb.WriteByte('&')
		b = b[1:]
	}
	return sb.String()
}

func entity(name string) (string, bool) {
	switch name {
	case "amp":
		return "&", true
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "quot":
		return "\"", true
	case "apos":
		return "'", true
	}
	if strings.HasPrefix(name, "#") {
		base, digits := 10, name[1:]
		if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
			base, digits = 16, digits[1:]
		}
		n, err := strconv.ParseUint(digits, base, 32)
		if err == nil && utf8.ValidRune(rune(n)) {
			return string(rune(n)), true
		}
	}
	return "", false
}

// dataFieldName is a Data element's Name as a field name: the add-on's
// eventdata_xml_data transform keeps CLEAN_KEYS on, so a name with spaces
// or punctuation ("Product Name", Defender's) comes out as Product_Name.
func dataFieldName(name []byte) string {
	for _, c := range name {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return cleanKey(string(name))
		}
	}
	return view(name)
}
