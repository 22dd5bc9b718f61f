package ingest

import (
	"bufio"
	"bytes"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// peekFormat sniffs a stream's format. Text that starts with a UTF-16 byte
// order mark (PowerShell's Out-File and Windows exports write it) is
// decoded to UTF-8 on the fly, as Splunk's CHARSET=AUTO would, and the
// decoded stream is sniffed and read instead; offsets in problems then
// count UTF-8 bytes.
func peekFormat(br *bufio.Reader, name string) (*bufio.Reader, []byte, Format, error) {
	head, err := br.Peek(4096)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return br, head, FormatUnknown, err
	}
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		dec := transform.NewReader(br, unicode.BOMOverride(unicode.UTF8.NewDecoder()))
		br = bufio.NewReaderSize(dec, readBufSize)
		head, err = br.Peek(4096)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return br, head, FormatUnknown, err
		}
	}
	return br, head, SniffHint(head, name), nil
}
