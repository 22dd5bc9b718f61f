package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"www.velocidex.com/golang/evtx"
)

// chunkSlot is one 64 KiB chunk position of an EVTX file: a chunk the
// parser reads, or a slot it skipped, with why that loses records
// (damage) or "" when the slot is unused.
type chunkSlot struct {
	offset int64
	chunk  *evtx.Chunk
	damage string
}

// chunkSlots lays the parser's chunks over every slot of the file. A
// skipped slot is unused when it is all zero bytes with no chunk after it
// (Windows preallocates the file) or a chunk that holds no record yet;
// anything else there once held records: a slot with other bytes (a
// damaged signature, a file cut inside a chunk header) or zeros before a
// later chunk.
func chunkSlots(f *os.File, chunks []*evtx.Chunk) ([]chunkSlot, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var hdr [44]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return nil, err
	}
	first := int64(binary.LittleEndian.Uint16(hdr[40:]))
	declared := int(binary.LittleEndian.Uint16(hdr[42:])) // chunks in use, as the file header counts them
	byOffset := map[int64]*evtx.Chunk{}
	for _, c := range chunks {
		byOffset[c.Offset] = c
	}
	var slots []chunkSlot
	zeros := []int{} // indexes of all-zero slots not yet known to be unused
	buf := make([]byte, evtxChunkSize)
	for off, i := first, 0; off < info.Size(); off, i = off+evtxChunkSize, i+1 {
		s := chunkSlot{offset: off, chunk: byOffset[off]}
		if s.chunk != nil {
			for _, z := range zeros {
				slots[z].damage = fmt.Sprintf("chunk %d is all zero bytes, yet a chunk after it holds records: its records are lost", z)
			}
			zeros = zeros[:0]
			slots = append(slots, s)
			continue
		}
		n, err := f.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			return nil, err
		}
		switch b := buf[:n]; {
		case len(bytes.Trim(b, "\x00")) == 0:
			zeros = append(zeros, i)
		case n >= 8 && string(b[:8]) == "ElfChnk\x00" && n >= evtxChunkHeaderSize:
			// the parser skips a chunk whose header says it holds no record
			if n >= evtxChunkHeaderSize+4 && string(b[evtxChunkHeaderSize:evtxChunkHeaderSize+4]) == "**\x00\x00" {
				s.damage = fmt.Sprintf("chunk %d's header says it holds no record, yet records follow it: the header is damaged and its records are lost", i)
			}
		case n < evtxChunkHeaderSize:
			s.damage = fmt.Sprintf("the file ends %d bytes into chunk %d, inside its header (a truncated copy?): its records are lost", n, i)
		default:
			s.damage = fmt.Sprintf("chunk %d has no chunk signature (ElfChnk): it is damaged and its records are lost", i)
		}
		slots = append(slots, s)
	}
	if len(slots) < declared {
		// Cut at a chunk boundary: no slot shows damage, the chunks are
		// simply not there.
		slots = append(slots, chunkSlot{offset: info.Size(), damage: fmt.Sprintf(
			"the file header counts %d chunks but the file ends after %d (a truncated copy?): the records of %d chunks are lost",
			declared, len(slots), declared-len(slots))})
	}
	return slots, nil
}
