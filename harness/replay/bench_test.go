package replay

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// otrfRows are 6202 NXLog JSON events (msf_record_mic.zip, ~13 MB of _raw).
func otrfRows(b *testing.B) []event.Row {
	rows, _, err := ingest.ReadFile(sharedDir("corpus", "otrf", "datasets", "atomic", "windows", "collection", "host", "msf_record_mic.zip"), ingest.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	return rows
}

// BenchmarkSend replays the OTRF capture to a loopback collector with
// acks on: events/s is the client's ceiling, not a Splunk's.
func BenchmarkSend(b *testing.B) {
	rows := otrfRows(b)
	for _, gz := range []bool{false, true} {
		name := map[bool]string{false: "plain", true: "gzip"}[gz]
		b.Run(name, func(b *testing.B) {
			f := fakeCollector{token: "t", ack: true}
			srv := newFakeB(b, &f)
			cfg := Config{URL: srv, Token: "t", Gzip: gz, AckPoll: 1}
			c, err := NewClient(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Send(context.Background(), rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkWriteJSONL writes the OTRF capture, add-on fields included.
func BenchmarkWriteJSONL(b *testing.B) {
	rows := otrfRows(b)
	a, err := ingest.DefaultAddons()
	if err != nil {
		b.Fatal(err)
	}
	a.ApplyAll(rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := WriteJSONL(io.Discard, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkShiftTo moves the OTRF capture's timestamps.
func BenchmarkShiftTo(b *testing.B) {
	rows := otrfRows(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ShiftTo(rows, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "events/s")
}
