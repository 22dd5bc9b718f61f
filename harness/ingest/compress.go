package ingest

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// Compressed inputs are read in place. A .gz holds one stream (its name
// without .gz is the format hint); a tar, .tar.gz or .tgz and a zip hold
// members, each sniffed on its own, and nested archives are opened too.
// Problems in a member name it as "archive#member" (nested:
// "a.tar.gz#inner.zip#x.json"), offsets counting within the member.

// countingReader counts the bytes a decompressor delivered, for offsets.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (s *scanner) gzip(r io.Reader, display, hint string) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	inner := strings.TrimSuffix(hint, ".gz")
	if strings.HasSuffix(hint, ".tgz") {
		inner = strings.TrimSuffix(hint, ".tgz") + ".tar"
	}
	cr := &countingReader{r: gz}
	br, head, format, err := peekFormat(bufio.NewReaderSize(cr, readBufSize), inner)
	if err != nil {
		s.cutShort(display, cr.n, err)
		return nil
	}
	switch {
	case format == FormatUnknown:
		return &archiveError{fmt.Sprintf("%s: unknown format inside the gzip stream: %s", display, describeHead(head))}
	case len(s.selectors) > 0 && format != FormatTar && format != FormatZip:
		return &archiveError{fmt.Sprintf("%s: member %q asked for, but the gzip stream holds %s, not an archive", display, s.selectors[0], format)}
	}
	err = s.stream(br, display, inner, format)
	if err != nil && err != errStop {
		if _, ok := err.(*archiveError); ok {
			return err
		}
		s.cutShort(display, cr.n, err)
	}
	return nil
}

// takeSelectors hands the member patterns to the first archive level.
func (s *scanner) takeSelectors() []string {
	sel := s.selectors
	s.selectors = nil
	return sel
}

func selected(patterns []string, name string) bool {
	if len(patterns) == 0 {
		return true
	}
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
		if ok, _ := path.Match(p, path.Base(name)); ok {
			return true
		}
	}
	return false
}

// noMatch is the error for selectors that chose nothing.
func noMatch(display string, patterns, names []string) error {
	return &archiveError{fmt.Sprintf("%s: no member matches %q; members are: %s", display, patterns, strings.Join(names, ", "))}
}

func (s *scanner) tar(r io.Reader, display string) error {
	tr := tar.NewReader(r)
	sel := s.takeSelectors()
	var names []string
	matched := 0
	for !s.stopped {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.cutShort(display, -1, fmt.Errorf("reading the member header after %s: %w", lastName(names), err))
			return nil
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		names = append(names, h.Name)
		if !selected(sel, h.Name) {
			continue
		}
		matched++
		md := display + "#" + h.Name
		cr := &countingReader{r: tr}
		if err := s.member(cr, md, h.Name); err != nil && err != errStop {
			if _, ok := err.(*archiveError); ok {
				return err
			}
			s.cutShort(md, cr.n, err) // a tar stream cannot be resumed
			return nil
		}
	}
	if len(sel) > 0 && matched == 0 && !s.stopped {
		return noMatch(display, sel, names)
	}
	return nil
}

// zipFile reads a zip on disk through its central directory; without one
// (a truncated download) it reads the members in order from their local
// headers and keeps what precedes the cut.
func (s *scanner) zipFile(f *os.File, size int64, display string) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		if _, serr := f.Seek(0, io.SeekStart); serr != nil {
			return serr
		}
		return s.zipLocal(bufio.NewReaderSize(f, readBufSize), display)
	}
	return s.zipEntries(zr, display)
}

// zipStream reads a zip nested in another archive (held in memory: a zip's
// directory is at its end).
func (s *scanner) zipStream(r io.Reader, display string) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return s.zipLocal(bufio.NewReader(bytes.NewReader(data)), display)
	}
	return s.zipEntries(zr, display)
}

// zipEntries reads the chosen members; members are independent, so a
// damaged one is reported and the next is still read.
func (s *scanner) zipEntries(zr *zip.Reader, display string) error {
	sel := s.takeSelectors()
	var names []string
	matched := 0
	for _, zf := range zr.File {
		if s.stopped {
			return nil
		}
		if zf.FileInfo().IsDir() {
			continue
		}
		names = append(names, zf.Name)
		if !selected(sel, zf.Name) {
			continue
		}
		matched++
		if err := s.zipMember(zf, display+"#"+zf.Name); err != nil {
			return err
		}
	}
	if len(sel) > 0 && matched == 0 {
		return noMatch(display, sel, names)
	}
	return nil
}

func (s *scanner) zipMember(zf *zip.File, md string) error {
	if zf.Flags&zipEncrypted != 0 {
		s.emit(nil, &Problem{Path: md, Msg: "member is encrypted (password-protected zip): it cannot be read"})
		return nil
	}
	rc, err := zf.Open()
	if err != nil {
		s.emit(nil, &Problem{Path: md, Msg: fmt.Sprintf("cannot open member: %v", err)})
		return nil
	}
	defer rc.Close()
	cr := &countingReader{r: rc}
	if err := s.member(cr, md, zf.Name); err != nil && err != errStop {
		if _, ok := err.(*archiveError); ok {
			return err
		}
		s.cutShort(md, cr.n, err)
	}
	return nil
}

// zipEncrypted is the general-purpose flag bit of an encrypted member.
const zipEncrypted = 1

// evtxStream reads an EVTX member: the EVTX reader needs random access, so
// the member goes to a temporary file first.
func (s *scanner) evtxStream(r io.Reader, display string) error {
	tmp, err := os.CreateTemp("", "dactest-*.evtx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	// A cut archive still holds the chunks before the cut: read them, then
	// report the cut (the caller says the records before it were read).
	_, copyErr := io.Copy(tmp, r)
	if err := scanEVTX(tmp, display, s.meta, s.emit); err != nil && copyErr == nil {
		return err
	}
	return copyErr
}

func lastName(names []string) string {
	if len(names) == 0 {
		return "the start of the archive"
	}
	return fmt.Sprintf("%q", names[len(names)-1])
}
