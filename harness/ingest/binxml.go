package ingest

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Some EVTX files (exported or forwarded logs) store records as plain
// BinXML: the Event element written out token by token, with no template
// instance. velocidex evtx v0.2.0 always expects the 2-byte dependency id
// that only template definitions carry, so it misreads such records. This
// small reader renders plain-BinXML records to XmlWinEventLog text; it is
// used only when velocidex produced no System section.

type binXMLReader struct {
	chunk []byte
	pos   int
	end   int
	sb    strings.Builder
	open  []string // element stack
	inTag bool     // start tag written, '>' not yet
}

// plainRecordXML renders the record at off, or fails on anything that is
// not plain BinXML.
func plainRecordXML(chunk []byte, off int) (xml string, err error) {
	if off+28 > len(chunk) {
		return "", fmt.Errorf("record header past end of chunk")
	}
	size := int(binary.LittleEndian.Uint32(chunk[off+4:]))
	if size < 28 || off+size > len(chunk) {
		return "", fmt.Errorf("record size %d out of range", size)
	}
	r := &binXMLReader{chunk: chunk, pos: off + 24, end: off + size - 4}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("plain BinXML: malformed at chunk offset %d", r.pos)
		}
	}()
	if err := r.run(); err != nil {
		return "", err
	}
	return r.sb.String(), nil
}

func (r *binXMLReader) u8() byte { b := r.chunk[r.pos]; r.pos++; return b }
func (r *binXMLReader) u16() int {
	v := binary.LittleEndian.Uint16(r.chunk[r.pos:])
	r.pos += 2
	return int(v)
}
func (r *binXMLReader) u32() int {
	v := binary.LittleEndian.Uint32(r.chunk[r.pos:])
	r.pos += 4
	return int(v)
}
func (r *binXMLReader) skip(n int)     { r.pos += n }
func (r *binXMLReader) write(s string) { r.sb.WriteString(s) }

func (r *binXMLReader) run() error {
	for r.pos < r.end {
		tok := r.u8()
		switch tok {
		case 0x00: // end of fragment
			if len(r.open) == 0 {
				return nil
			}
			return fmt.Errorf("plain BinXML: end of data inside <%s>", r.open[len(r.open)-1])
		case 0x0f:
			r.skip(3)
		case 0x01, 0x41:
			r.startElement(tok == 0x41)
		case 0x02:
			r.write(">")
			r.inTag = false
		case 0x03:
			r.write("/>")
			r.inTag = false
			r.open = r.open[:len(r.open)-1]
		case 0x04:
			name := r.open[len(r.open)-1]
			r.open = r.open[:len(r.open)-1]
			r.write("</" + name + ">")
		case 0x05, 0x45:
			r.write(escapeXML(r.valueText(), false))
		case 0x06, 0x46:
			name := r.name()
			r.write(" " + name + "='" + r.attrValue() + "'")
		case 0x07, 0x47:
			r.write(escapeXML(r.prefixedString(), false))
		case 0x08, 0x48:
			r.write(fmt.Sprintf("&#%d;", r.u16()))
		case 0x09, 0x49:
			r.write("&" + r.name() + ";")
		default:
			return fmt.Errorf("plain BinXML: unsupported token 0x%02x at chunk offset %d", tok, r.pos-1)
		}
	}
	return nil
}

// startElement reads an open-start-element token (no dependency id here).
func (r *binXMLReader) startElement(hasAttrs bool) {
	r.skip(4) // data size
	name := r.name()
	if hasAttrs {
		r.skip(4) // attribute list size
	}
	r.open = append(r.open, name)
	r.write("<" + name) // the record carries its own xmlns attribute
	r.inTag = true
}

// attrValue reads the value tokens following an attribute token.
func (r *binXMLReader) attrValue() string {
	var sb strings.Builder
	for r.pos < r.end {
		switch r.chunk[r.pos] {
		case 0x05, 0x45:
			r.pos++
			sb.WriteString(escapeXML(r.valueText(), true))
		case 0x08, 0x48:
			r.pos++
			sb.WriteString(fmt.Sprintf("&#%d;", r.u16()))
		case 0x09, 0x49:
			r.pos++
			sb.WriteString("&" + r.name() + ";")
		default:
			return sb.String()
		}
	}
	return sb.String()
}

func (r *binXMLReader) valueText() string {
	if t := r.u8(); t != 0x01 {
		panic("non-string value text")
	}
	return r.prefixedString()
}

// name reads a name reference; a name stored right here is skipped over.
func (r *binXMLReader) name() string {
	off := r.u32()
	s, n := r.nameAt(off)
	if off == r.pos {
		r.pos += 8 + 2*n + 2
	}
	return s
}

// nameAt reads a name structure: next offset, hash, length, UTF-16 chars.
func (r *binXMLReader) nameAt(off int) (string, int) {
	n := int(binary.LittleEndian.Uint16(r.chunk[off+6:]))
	return utf16String(r.chunk[off+8 : off+8+2*n]), n
}

func (r *binXMLReader) prefixedString() string {
	n := r.u16()
	s := utf16String(r.chunk[r.pos : r.pos+2*n])
	r.pos += 2 * n
	return s
}

func utf16String(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}
