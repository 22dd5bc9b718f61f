package ingest

import (
	"bytes"
	"os"
	"testing"
)

// xmlBenchData repeats the certutil capture to about 16 MB.
func xmlBenchData(b *testing.B) []byte {
	data, err := os.ReadFile(corpus(b, certutilRaw))
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Repeat(data, 16<<20/len(data))
}

// BenchmarkXMLRead: XmlWinEventLog bytes to events (line breaking, _time).
func BenchmarkXMLRead(b *testing.B) {
	data := xmlBenchData(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ReadXMLWinEventLog(data, "bench", Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
	}
}

// BenchmarkXMLReadFields: bytes to events with the fields of their XML
// (Splunk_TA_windows' KV_MODE = xml: System and EventData names), no
// add-on rules.
func BenchmarkXMLReadFields(b *testing.B) {
	data := xmlBenchData(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, _ := ReadXMLWinEventLog(data, "bench", Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
		for _, r := range rows {
			extractWinXMLInto(r)
		}
	}
}

// BenchmarkXMLReadApply: bytes to events with every add-on field.
func BenchmarkXMLReadApply(b *testing.B) {
	data := xmlBenchData(b)
	a := defaultAddons(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, _ := ReadXMLWinEventLog(data, "bench", Meta{Source: sysmonMeta, Sourcetype: "xmlwineventlog"})
		for _, r := range rows {
			a.Apply(r)
		}
	}
}

// BenchmarkEVTXMitreTree: the 281 EVTX files of evtx-to-mitre to events.
func BenchmarkEVTXMitreTree(b *testing.B) {
	files := evtxFiles(b, "evtx-to-mitre")
	var size int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			if _, _, err := ReadFile(f, Meta{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
