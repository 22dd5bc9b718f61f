package replay

import (
	"bytes"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func TestWriteJSONLOrderAndValues(t *testing.T) {
	rows := []event.Row{{
		event.Time:       event.Single("1610667700.145335"),
		event.Raw:        event.Single("<Event a='1'>&</Event>"),
		event.Host:       event.Single("h"),
		event.Source:     event.Single("s"),
		event.Sourcetype: event.Single("st"),
		"tag":            event.Value{"process", "report"},
		"EventCode":      event.Single("1"),
	}}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, rows); err != nil {
		t.Fatal(err)
	}
	want := `{"_time":"2021-01-14T23:41:40.145335Z","_raw":"<Event a='1'>&</Event>","source":"s","sourcetype":"st","host":"h","EventCode":"1","tag":["process","report"]}` + "\n"
	if buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}
}
