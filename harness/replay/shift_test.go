package replay

import (
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
)

func TestEpochMicrosRoundTrip(t *testing.T) {
	cases := []struct {
		in   string
		us   int64
		text string
	}{
		{"1610667700.145335", 1610667700145335, "1610667700.145335"},
		{"1610667700.1", 1610667700100000, "1610667700.1"},
		{"1610667700", 1610667700000000, "1610667700"},
		{"1610667700.1453359", 1610667700145335, "1610667700.145335"}, // beyond µs is dropped, as Splunk keeps µs
		{"-1.5", -1500000, "-1.5"},
	}
	for _, tc := range cases {
		us, ok := epochMicros(tc.in)
		if !ok || us != tc.us || microsText(us) != tc.text {
			t.Errorf("%q: %d %v %q; want %d %q", tc.in, us, ok, microsText(us), tc.us, tc.text)
		}
	}
	for _, bad := range []string{"", "x", "1.x", "1.-5"} {
		if _, ok := epochMicros(bad); ok {
			t.Errorf("epochMicros(%q) accepted", bad)
		}
	}
}

func FuzzEpochMicros(f *testing.F) {
	f.Add("1610667700.145335")
	f.Add("-3.000001")
	f.Fuzz(func(t *testing.T, s string) {
		us, ok := epochMicros(s)
		if !ok {
			return
		}
		back, ok := epochMicros(microsText(us))
		if !ok || back != us {
			t.Fatalf("%q -> %d -> %q -> %d", s, us, microsText(us), back)
		}
	})
}

func xmlRow(systemTime, epoch string) event.Row {
	return event.Row{
		event.Time: event.Single(epoch),
		event.Raw:  event.Single("<Event><System><TimeCreated SystemTime='" + systemTime + "'/><Channel>Security</Channel></System></Event>"),
	}
}

func TestShiftToKeepsGapsAndRewritesTimeCreated(t *testing.T) {
	rows := []event.Row{
		xmlRow("2021-01-14T23:41:40.145335200Z", "1610667700.145335"),
		xmlRow("2021-01-14T23:40:00.0000001Z", "1610667600"),
		{event.Time: event.Single("1610667650.5"), event.Raw: event.Single("no timestamp in here")},
	}
	target := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	delta, err := ShiftTo(rows, target)
	if err != nil {
		t.Fatal(err)
	}
	if want := target.Sub(time.UnixMicro(1610667700145335)); delta != want {
		t.Errorf("delta %s, want %s", delta, want)
	}
	wantTimes := []string{"1796126400", "1796126299.854665", "1796126350.354665"}
	wantRaw := []string{"SystemTime='2026-12-01T12:00:00.000000200Z'" /* the digits below µs stay */, "SystemTime='2026-12-01T11:58:19.8546651Z'", "no timestamp in here"}
	for i, r := range rows {
		if got := r.Get(event.Time).First(); got != wantTimes[i] {
			t.Errorf("row %d _time %s, want %s", i, got, wantTimes[i])
		}
		if raw := r.Get(event.Raw).First(); !strings.Contains(raw, wantRaw[i]) {
			t.Errorf("row %d _raw %s, want it to contain %s", i, raw, wantRaw[i])
		}
	}
}

func TestShiftToRejectsABadTimeCreated(t *testing.T) {
	rows := []event.Row{xmlRow("yesterday", "1")}
	if _, err := ShiftTo(rows, time.Now()); err == nil || !strings.Contains(err.Error(), `event 1: TimeCreated SystemTime "yesterday"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestParseShiftTarget(t *testing.T) {
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	if got, _ := ParseShiftTarget("now", now); !got.Equal(now) {
		t.Errorf("now -> %s", got)
	}
	if got, err := ParseShiftTarget("2026-01-02T03:04:05+01:00", now); err != nil || got.UTC().Hour() != 2 {
		t.Errorf("RFC 3339 -> %s %v", got, err)
	}
	if _, err := ParseShiftTarget("tomorrow", now); err == nil {
		t.Error("tomorrow accepted")
	}
}

func TestInferSourceOnlyLabelsUnlabelledXML(t *testing.T) {
	labelled := xmlRow("2021-01-14T23:41:40Z", "1")
	labelled[event.Source] = event.Single("mine")
	rows := []event.Row{xmlRow("2021-01-14T23:41:40Z", "1"), labelled, {event.Raw: event.Single("plain text")}}
	if n := InferSource(rows); n != 1 {
		t.Fatalf("labelled %d rows, want 1", n)
	}
	if rows[0].Get(event.Source).First() != "XmlWinEventLog:Security" || rows[0].Get(event.Sourcetype).First() != "XmlWinEventLog" {
		t.Errorf("row 0: %v", rows[0])
	}
	if rows[1].Get(event.Source).First() != "mine" || !rows[2].Get(event.Source).Null() {
		t.Errorf("rows 1-2 changed: %v %v", rows[1], rows[2])
	}
}

// Only XmlWinEventLog's TimeCreated is rewritten in _raw; every other
// event is counted, so the CLI can refuse a raw-endpoint send that Splunk
// would stamp with the original time (HEC raw endpoint: timestamps are
// extracted from the data, Getting Data In, "Format events for HTTP
// Event Collector").
func TestRawTimeKept(t *testing.T) {
	rows := []event.Row{
		{event.Raw: event.Single(`<Event><System><TimeCreated SystemTime='2021-01-14T23:41:40.1453352Z'/></System></Event>`)},
		{event.Raw: event.Single(`{"eventTime":"2020-09-14T00:44:23Z","eventName":"ListBuckets"}`)},
		{event.Raw: event.Single(`Jan 14 23:41:40 host sshd[1]: Accepted password`)},
	}
	if got := RawTimeKept(rows); got != 2 {
		t.Errorf("RawTimeKept = %d, want 2", got)
	}
}
