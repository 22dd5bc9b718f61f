package replay

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

func TestMissingMetaNamesWhatIsMissing(t *testing.T) {
	full := event.Row{event.Source: event.Single("s"), event.Sourcetype: event.Single("st"), event.Host: event.Single("h")}
	noHost := event.Row{event.Source: event.Single("s"), event.Sourcetype: event.Single("st")}
	bare := event.Row{event.Raw: event.Single(`{"EventID": 1}`)}
	cases := []struct {
		name        string
		rows        []event.Row
		wantEvents  int
		wantMissing string
		keep        int
	}{
		{"labelled", []event.Row{full, full}, 0, "", 2},
		{"host only", []event.Row{full, noHost}, 1, "host", 2},
		{"JSON lines as read", []event.Row{bare, bare, full}, 2, "source sourcetype host", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, missing := MissingMeta(c.rows)
			if n != c.wantEvents || strings.Join(missing, " ") != c.wantMissing {
				t.Errorf("MissingMeta = %d %v, want %d %q", n, missing, c.wantEvents, c.wantMissing)
			}
			w := MetaWarning("x.json", c.rows)
			if (w == "") != (c.wantEvents == 0) {
				t.Errorf("warning %q for %d unlabelled events", w, c.wantEvents)
			}
			if kept, dropped := Labelled(c.rows); len(kept) != c.keep || dropped != len(c.rows)-c.keep {
				t.Errorf("Labelled kept %d dropped %d, want %d kept", len(kept), dropped, c.keep)
			}
		})
	}
	if w := MetaWarning("cap.json", []event.Row{bare}); w != "cap.json: 1 of 1 events have no source, sourcetype, host: the file does not name them and nothing else did (add-ons key their extractions on source and sourcetype, so these events get none)" {
		t.Errorf("warning %q", w)
	}
	hostless := event.Row{event.Source: event.Single("ct"), event.Sourcetype: event.Single("aws:cloudtrail")}
	if w := MetaWarning("ct.json", []event.Row{hostless}); w != "ct.json: 1 of 1 events have no host: the file does not name them and nothing else did (a search on host and [host::...] add-on stanzas miss them)" {
		t.Errorf("warning %q", w)
	}
}
