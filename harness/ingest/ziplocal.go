package ingest

import (
	"bufio"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
)

// zipLocal reads a zip without its central directory, member by member
// from the local file headers: how a truncated .zip still gives the
// members (and records) before the cut.
func (s *scanner) zipLocal(r *bufio.Reader, display string) error {
	sel := s.takeSelectors()
	var names []string
	for !s.stopped {
		sig, err := r.Peek(4)
		if err != nil { // the directory never came: the file was cut here
			s.cutShort(display, -1, fmt.Errorf("zip central directory missing (file truncated) after member %s", lastName(names)))
			return nil
		}
		if string(sig) == "PK\x01\x02" || string(sig) == "PK\x05\x06" { // there, but unreadable
			s.cutShort(display, -1, fmt.Errorf("zip central directory truncated or damaged after member %s", lastName(names)))
			return nil
		}
		if string(sig) != "PK\x03\x04" {
			s.cutShort(display, -1, fmt.Errorf("no zip local header after member %s", lastName(names)))
			return nil
		}
		name, err := s.zipLocalMember(r, display, sel)
		names = append(names, name)
		if err != nil {
			return err
		}
	}
	return nil
}

// zipLocalHeader is the fixed part of a zip local file header.
type zipLocalHeader struct {
	Sig                       uint32
	Version, Flags, Method    uint16
	ModTime, ModDate          uint16
	CRC, CompSize, UncompSize uint32
	NameLen, ExtraLen         uint16
}

// zipLocalMember reads one member; a cut inside it is its problem and
// ends the archive (errStop), since nothing after it can be found.
func (s *scanner) zipLocalMember(r *bufio.Reader, display string, sel []string) (string, error) {
	var h zipLocalHeader
	if err := binary.Read(r, binary.LittleEndian, &h); err != nil {
		s.cutShort(display, -1, fmt.Errorf("zip local header: %w", err))
		return "", errStop
	}
	nameExtra := make([]byte, int(h.NameLen)+int(h.ExtraLen))
	if _, err := io.ReadFull(r, nameExtra); err != nil {
		s.cutShort(display, -1, fmt.Errorf("zip local header: %w", err))
		return "", errStop
	}
	name := string(nameExtra[:h.NameLen])
	md := display + "#" + name
	sized := h.Flags&8 == 0
	if h.Flags&zipEncrypted != 0 {
		s.emit(nil, &Problem{Path: md, Msg: "member is encrypted (password-protected zip): it cannot be read"})
		if !sized {
			return name, errStop // its end cannot be found without the directory
		}
		_, err := r.Discard(int(h.CompSize))
		return name, err
	}
	var body io.Reader
	switch {
	case h.Method == zip8Deflate && sized:
		body = flate.NewReader(io.LimitReader(r, int64(h.CompSize)))
	case h.Method == zip8Deflate:
		body = flate.NewReader(r) // stops at its own end: r is an io.ByteReader
	case h.Method == 0 && sized:
		body = io.LimitReader(r, int64(h.CompSize))
	default:
		s.emit(nil, &Problem{Path: md, Msg: fmt.Sprintf("zip member with method %d and no sizes cannot be read without the central directory", h.Method)})
		return name, errStop
	}
	cr := &countingReader{r: body}
	if selected(sel, name) && name != "" && name[len(name)-1] != '/' {
		if err := s.member(cr, md, name); err != nil && err != errStop {
			if _, ok := err.(*archiveError); ok {
				return name, err
			}
			s.cutShort(md, cr.n, err)
			return name, errStop
		}
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		s.cutShort(md, cr.n, err)
		return name, errStop
	}
	if !sized {
		skipDataDescriptor(r)
	}
	return name, nil
}

const zip8Deflate = 8

// skipDataDescriptor passes the CRC and sizes written after a member
// whose header had none (with or without the optional signature).
func skipDataDescriptor(r *bufio.Reader) {
	if sig, _ := r.Peek(4); string(sig) == "PK\x07\x08" {
		r.Discard(4)
	}
	r.Discard(12)
}
