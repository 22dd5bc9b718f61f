package ingest

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The velocidex evtx parser gives the structure of each record but loses
// the BinXML value types Windows uses to render text: a HexInt32 and a
// UInt32 both come back as uint32, a FILETIME as a float (too coarse for
// 100 ns), a GUID without braces, SYSTEMTIME and signed integers as raw
// bytes. So the substitution arguments of each record's template instance
// are read here a second time, with their types, and used to render every
// value exactly as Windows does in XmlWinEventLog.

// evtxArg is one typed substitution value of a record's template instance.
type evtxArg struct {
	typ  byte
	off  int // chunk-relative offset of data
	data []byte
}

const (
	evtUInt8    = 0x04
	evtUInt16   = 0x06
	evtUInt32   = 0x08
	evtUInt64   = 0x0a
	evtGUID     = 0x0f
	evtSizeT    = 0x10
	evtFileTime = 0x11
	evtSysTime  = 0x12
	evtHex32    = 0x14
	evtHex64    = 0x15
	evtBinXML   = 0x21
)

// recordArgs reads the typed arguments of the record at off in chunk.
func recordArgs(chunk []byte, off int) ([]evtxArg, error) {
	if off+24 > len(chunk) {
		return nil, fmt.Errorf("record header past end of chunk")
	}
	size := int(binary.LittleEndian.Uint32(chunk[off+4:]))
	end := off + size
	if size < 28 || end > len(chunk) {
		return nil, fmt.Errorf("record size %d out of range", size)
	}
	return templateArgs(chunk, off+24, end, 0)
}

// templateArgs parses a BinXML fragment holding a template instance.
func templateArgs(chunk []byte, pos, end, depth int) ([]evtxArg, error) {
	if depth > 4 {
		return nil, nil
	}
	if pos < end && chunk[pos] == 0x0f { // fragment header
		pos += 4
	}
	if pos+10 > end || chunk[pos] != 0x0c {
		return nil, nil // not a template instance: nothing typed to learn
	}
	defOff := int(binary.LittleEndian.Uint32(chunk[pos+6:]))
	pos += 10
	if defOff == pos { // template definition inline: skip it
		if pos+24 > end {
			return nil, fmt.Errorf("template definition past end of record")
		}
		pos += 24 + int(binary.LittleEndian.Uint32(chunk[pos+20:]))
	}
	if pos+4 > end {
		return nil, fmt.Errorf("argument count past end of record")
	}
	n := int(binary.LittleEndian.Uint32(chunk[pos:]))
	pos += 4
	if n > 4096 || pos+4*n > end {
		return nil, fmt.Errorf("argument table (%d entries) past end of record", n)
	}
	args := make([]evtxArg, n)
	dataPos := pos + 4*n
	for i := range args {
		l := int(binary.LittleEndian.Uint16(chunk[pos+4*i:]))
		if dataPos+l > end {
			return nil, fmt.Errorf("argument %d past end of record", i)
		}
		args[i] = evtxArg{typ: chunk[pos+4*i+2], off: dataPos, data: chunk[dataPos : dataPos+l]}
		dataPos += l
	}
	var nested []evtxArg
	for _, a := range args {
		if a.typ == evtBinXML && len(a.data) > 0 {
			sub, err := templateArgs(chunk, a.off, a.off+len(a.data), depth+1)
			if err != nil {
				return nil, err
			}
			nested = append(nested, sub...)
		}
	}
	return append(args, nested...), nil
}

// argRenderer renders velocidex leaf values the way Windows would, using
// the typed arguments of the same record.
type argRenderer struct {
	ints      []intArg           // integer args in template order
	fileTimes map[float64]string // velocidex float -> exact ISO text
	guids     map[string]bool    // velocidex GUID text (no braces)
	raw       map[string]string  // velocidex text for types it cannot decode
}

type intArg struct {
	v    uint64
	hex  bool
	used bool
}

func newArgRenderer(args []evtxArg) *argRenderer {
	r := &argRenderer{fileTimes: map[float64]string{}, guids: map[string]bool{}, raw: map[string]string{}}
	for _, a := range args {
		r.add(a)
	}
	return r
}

func (r *argRenderer) add(a evtxArg) {
	d := a.data
	switch a.typ {
	case evtUInt8, evtUInt16, evtUInt32, evtUInt64, evtHex32, evtHex64:
		if v, ok := leUint(d); ok {
			r.ints = append(r.ints, intArg{v: v, hex: a.typ == evtHex32 || a.typ == evtHex64})
		}
	case evtGUID:
		if len(d) == 16 {
			r.guids[guidText(d, false)] = true
		}
	case evtFileTime:
		if len(d) == 8 {
			ft := binary.LittleEndian.Uint64(d)
			r.fileTimes[(float64(ft)-11644473600000*10000)/10000000] = fileTimeText(ft)
		}
	case evtSysTime:
		if len(d) == 16 {
			r.raw[strings.TrimRight(string(d), "\x00")] = sysTimeText(d)
		}
	case evtSizeT:
		if v, ok := leUint(d); ok {
			r.raw[strings.TrimRight(string(d), "\x00")] = "0x" + strconv.FormatUint(v, 16)
		}
	case 0x03, 0x05, 0x07, 0x09: // signed integers
		if v, ok := leUint(d); ok {
			r.raw[strings.TrimRight(string(d), "\x00")] = strconv.FormatInt(signExtend(v, len(d)), 10)
		}
	case 0x0b, 0x0c: // reals
		r.raw[strings.TrimRight(string(d), "\x00")] = realText(d)
	}
}

// intText renders an integer leaf: hex when the first unused argument with
// the same value was typed HexInt32/HexInt64.
func (r *argRenderer) intText(v uint64) string {
	for i := range r.ints {
		if !r.ints[i].used && r.ints[i].v == v {
			r.ints[i].used = true
			if r.ints[i].hex {
				return "0x" + strconv.FormatUint(v, 16)
			}
			break
		}
	}
	return strconv.FormatUint(v, 10)
}

func leUint(d []byte) (uint64, bool) {
	switch len(d) {
	case 1:
		return uint64(d[0]), true
	case 2:
		return uint64(binary.LittleEndian.Uint16(d)), true
	case 4:
		return uint64(binary.LittleEndian.Uint32(d)), true
	case 8:
		return binary.LittleEndian.Uint64(d), true
	}
	return 0, false
}

func signExtend(v uint64, size int) int64 {
	shift := uint(64 - 8*size)
	return int64(v<<shift) >> shift
}

func realText(d []byte) string {
	switch len(d) {
	case 4:
		return strconv.FormatFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(d))), 'g', -1, 32)
	case 8:
		return strconv.FormatFloat(math.Float64frombits(binary.LittleEndian.Uint64(d)), 'g', -1, 64)
	}
	return ""
}

// guidText renders a GUID as Windows does: upper-case, braced.
func guidText(d []byte, braces bool) string {
	s := fmt.Sprintf("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		binary.LittleEndian.Uint32(d), binary.LittleEndian.Uint16(d[4:]), binary.LittleEndian.Uint16(d[6:]),
		d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15])
	if braces {
		return "{" + s + "}"
	}
	return s
}

// fileTimeText renders a FILETIME with its full 100 ns precision:
// 2021-01-14T23:41:40.145335200Z.
func fileTimeText(ft uint64) string {
	const epochDiff = 116444736000000000 // 1601-01-01 to 1970-01-01 in 100 ns
	if ft < epochDiff {
		return "1601-01-01T00:00:00.000000000Z"
	}
	t := time.Unix(0, 0).UTC().Add(time.Duration(ft-epochDiff) * 100)
	return t.Format("2006-01-02T15:04:05.000000000Z")
}

// sysTimeText renders a SYSTEMTIME (year, month, weekday, day, h, m, s, ms).
func sysTimeText(d []byte) string {
	f := func(i int) int { return int(binary.LittleEndian.Uint16(d[2*i:])) }
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%03d000000Z", f(0), f(1), f(3), f(4), f(5), f(6), f(7))
}
