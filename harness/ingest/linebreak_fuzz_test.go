package ingest

import (
	"bufio"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// FuzzLineBreaker: the streaming LINE_BREAKER (small read blocks, so
// matches straddle block ends) cuts any text exactly where one search over
// the whole text does, for breakers with and without the line-end fast
// path.
func FuzzLineBreaker(f *testing.F) {
	f.Add("a\nb\r\n\r\nc", uint8(3), uint8(0))
	f.Add("2024-01-02 x\n y\n2024-01-03 z", uint8(5), uint8(1))
	f.Add("a---END---\nb---END---", uint8(2), uint8(2))
	f.Add("\n\n\nx\n", uint8(1), uint8(0))
	breakers := []string{`([\r\n]+)`, `([\r\n]+)\d{4}-`, `(---END---\n*)`, `(\r?\n)(?=[a-z])`}
	f.Fuzz(func(t *testing.T, text string, block, which uint8) {
		if len(text) > 2048 {
			t.Skip("tiny read blocks make long inputs quadratic") // the reader's blocks are 64 KB
		}
		src := breakers[int(which)%len(breakers)]
		re, err := compileLineBreaker(src)
		if err != nil {
			t.Fatal(err)
		}
		if re == nil {
			re, _ = compileLineBreaker(`((?:\r|\n)+)`) // the default, through the regex path
		}
		var anchored = re
		if startsAtNewline(re) {
			anchored = mustAnchor(re)
		} else {
			anchored = nil
		}
		var got []string
		b := &regexBreaker{r: bufio.NewReaderSize(strings.NewReader(text), 16), re: re, atNewline: anchored, block: int(block)%9 + 1}
		if err := b.run("f", func(e textEvent) bool { got = append(got, string(e.text)); return true },
			func(event.Row, *Problem) bool { return true }); err != nil {
			t.Fatal(err)
		}
		if want := breakAll(re, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q by %s: streamed %q, whole %q", text, src, got, want)
		}
	})
}

// breakAll is the reference: the same rules over the whole text at once.
func breakAll(re interface{ FindSubmatchIndex([]byte) []int }, text string) []string {
	buf := []byte(text)
	var out []string
	emit := func(s []byte) {
		if len(bytes.TrimSpace(s)) > 0 {
			out = append(out, string(s))
		}
	}
	start, from := 0, 0
	for from <= len(buf) {
		m := re.FindSubmatchIndex(buf[from:])
		if m == nil {
			break
		}
		gs, ge := from+m[2], from+m[3]
		if m[2] < 0 || ge == start {
			from += max(m[1], 1)
			continue
		}
		emit(buf[start:gs])
		start, from = ge, ge
	}
	emit(buf[start:])
	return out
}
