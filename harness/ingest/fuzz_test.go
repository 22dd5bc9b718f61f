package ingest

import (
	"bytes"
	"os"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func FuzzReadXMLWinEventLog(f *testing.F) {
	f.Add([]byte("<Event xmlns='x'><System><TimeCreated SystemTime='2021-01-14T23:41:40.1Z'/><Computer>h</Computer></System><EventData><Data Name='a'>b &amp; c</Data></EventData></Event>"))
	f.Add([]byte("junk\n<Event><System></System></Event>\n<Event "))
	f.Add([]byte("<Event><System><TimeCreated SystemTime='x'/></System><EventData><Data Name='"))
	f.Add([]byte("<Event xmlns='x'><System><TimeCreated SystemTime='2021-01-14T23:41:40Z'/></System><UserData><A><B>v</B></A></UserData></Event>\r\n01/01/2021\nMessage=x"))
	if data, err := os.ReadFile(corpusPathNoSkip(certutilRaw)); err == nil {
		f.Add(data[:4000])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems := ReadXMLWinEventLog(data, "fuzz", Meta{Source: "s"})
		for _, r := range rows {
			raw := r.Get(event.Raw).First()
			if !bytes.HasPrefix([]byte(raw), []byte("<Event")) {
				t.Fatalf("row does not start an event: %q", raw)
			}
			if _, ok := r.Time(); !ok {
				t.Fatalf("row without numeric _time: %v", r)
			}
			ExtractWinXML(raw, func(string, string) {})
		}
		for _, p := range problems {
			if p.Offset < 0 || p.Offset > int64(len(data)) {
				t.Fatalf("problem offset %d outside input of %d bytes", p.Offset, len(data))
			}
		}
		ExtractWinXML(string(data), func(string, string) {})
	})
}
