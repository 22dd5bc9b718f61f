package ingest

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/dactest/dactest/harness/event"
	"www.velocidex.com/golang/evtx"
)

const (
	evtxChunkSize       = 0x10000
	evtxChunkHeaderSize = 0x200
)

// scanEVTX yields every record of an EVTX file, rendered as the
// XmlWinEventLog text Windows would forward, so the XML and EVTX paths share
// one field extraction and raw-term search sees the same _raw. The file is
// walked chunk slot by chunk slot: the parser skips a slot without a chunk
// signature, and a damaged chunk must not vanish without a word.
func scanEVTX(f *os.File, path string, meta Meta, yield func(event.Row, *Problem) bool) error {
	chunks, err := evtx.GetChunks(f)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	slots, err := chunkSlots(f, chunks)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	recNo := 0
	buf := make([]byte, evtxChunkSize)
	for _, s := range slots {
		var rows []event.Row
		var problems []Problem
		if s.chunk != nil {
			n, err := f.ReadAt(buf, s.offset)
			if err != nil && err != io.EOF {
				return fmt.Errorf("%s: chunk at offset %d: %v", path, s.offset, err)
			}
			first := recNo + 1
			rows, problems = readChunk(s.chunk, buf[:n], path, &recNo, meta)
			if why := chunkChecksumMismatch(buf[:n]); why != "" && !anyLost(problems) {
				problems = append(problems, Problem{Path: path, Record: first, Offset: s.offset, Msg: why, Damaged: true})
			}
		} else if s.damage != "" {
			problems = []Problem{{Path: path, Offset: s.offset, Msg: s.damage, Lost: true}}
		}
		for _, r := range rows {
			if !yield(r, nil) {
				return nil
			}
		}
		for i := range problems {
			if !yield(nil, &problems[i]) {
				return nil
			}
		}
	}
	return nil
}

// readChunk parses one chunk; a parser panic on corrupt data loses only
// this chunk's remaining records, reported as a problem.
func readChunk(c *evtx.Chunk, buf []byte, path string, recNo *int, meta Meta) (rows []event.Row, problems []Problem) {
	offsets := recordOffsets(buf)
	want := int(c.Header.LastEventRecNumber - c.Header.FirstEventRecNumber + 1)
	start, seen := *recNo, 0
	// Runs last: the next chunk's records are numbered after every record
	// this chunk declares, read or lost.
	defer func() { *recNo = start + max(want, seen) }()
	defer func() {
		if r := recover(); r != nil {
			problems = append(problems, Problem{Path: path, Record: *recNo + 1, Offset: c.Offset,
				Msg: fmt.Sprintf("corrupt chunk: parser failed after %d records: %v", len(rows), r)})
		}
	}()
	if c.Header.LastEventRecNumber < c.Header.FirstEventRecNumber {
		if len(offsets) > 0 {
			problems = append(problems, Problem{Path: path, Record: *recNo + 1, Offset: c.Offset, Lost: true,
				Msg: fmt.Sprintf("chunk header numbers its records backwards (first %d, last %d): the header is damaged and its %d records are lost",
					c.Header.FirstEventRecNumber, c.Header.LastEventRecNumber, len(offsets))})
		}
		want = len(offsets)
		return rows, problems
	}
	recs, _ := c.Parse(0)
	seen = len(recs)
	for _, rec := range recs {
		*recNo++
		off, ok := offsets[rec.Header.RecordID]
		row, err := evtxRow(rec, buf, off, ok, meta)
		if err != nil {
			problems = append(problems, Problem{Path: path, Record: *recNo, Offset: c.Offset + int64(off), Msg: err.Error()})
			continue
		}
		rows = append(rows, row)
	}
	if len(recs) < want {
		msg := fmt.Sprintf("chunk declares %d records, only %d readable: %d lost", want, len(recs), want-len(recs))
		if len(buf) < evtxChunkSize {
			msg += fmt.Sprintf(": the file ends %d bytes into this %d-byte chunk (a truncated copy?)", len(buf), evtxChunkSize)
		}
		problems = append(problems, Problem{Path: path, Record: *recNo + 1, Offset: c.Offset, Msg: msg, Lost: true})
	}
	return rows, problems
}

func anyLost(ps []Problem) bool {
	for _, p := range ps {
		if p.Lost {
			return true
		}
	}
	return false
}

// chunkChecksumMismatch checks a whole chunk's two CRC32s (Windows writes
// them when it flushes the chunk): of its header, and of its records up to
// the free space offset. A mismatch means bytes changed after Windows
// wrote them, so a record read from it may hold damaged values.
func chunkChecksumMismatch(buf []byte) string {
	if len(buf) < evtxChunkSize {
		return "" // a cut chunk is reported as lost records
	}
	header := append(append([]byte{}, buf[:0x78]...), buf[0x80:evtxChunkHeaderSize]...)
	if crc32.ChecksumIEEE(header) != binary.LittleEndian.Uint32(buf[0x7c:]) {
		return "chunk header checksum does not match: the chunk was altered after Windows wrote it, and its records may hold damaged values"
	}
	free := int(binary.LittleEndian.Uint32(buf[0x30:]))
	if free >= evtxChunkHeaderSize && free <= len(buf) && crc32.ChecksumIEEE(buf[evtxChunkHeaderSize:free]) != binary.LittleEndian.Uint32(buf[0x34:]) {
		return "chunk records checksum does not match: bytes changed after Windows wrote them, and a record may hold damaged values"
	}
	return ""
}

// recordOffsets maps record ID to its offset within the chunk.
func recordOffsets(buf []byte) map[uint64]int {
	m := map[uint64]int{}
	for off := evtxChunkHeaderSize; off+24 <= len(buf); {
		if string(buf[off:off+4]) != "**\x00\x00" {
			break
		}
		size := int(binary.LittleEndian.Uint32(buf[off+4:]))
		if size < 28 || off+size > len(buf) {
			break
		}
		m[binary.LittleEndian.Uint64(buf[off+8:])] = off
		off += size
	}
	return m
}

func evtxRow(rec *evtx.EventRecord, buf []byte, off int, found bool, meta Meta) (event.Row, error) {
	var args []evtxArg
	if found {
		a, err := recordArgs(buf, off)
		if err != nil {
			return nil, err
		}
		args = a
	}
	x := renderEventXML(rec.Event, newArgRenderer(args))
	if x.systemTime == "" && found {
		// No System: a plain-BinXML record velocidex misreads.
		xml, err := plainRecordXML(buf, off)
		if err != nil {
			return nil, fmt.Errorf("record %d: %v", rec.Header.RecordID, err)
		}
		return xmlRecordRow([]byte(xml), meta)
	}
	if x.systemTime == "" {
		return nil, fmt.Errorf("record %d has no TimeCreated SystemTime", rec.Header.RecordID)
	}
	t, err := systemTimeEpoch(x.systemTime)
	if err != nil {
		return nil, err
	}
	return newRow(x.xml, t, meta, x.computer), nil
}
