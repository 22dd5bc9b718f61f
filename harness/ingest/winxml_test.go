package ingest

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// A repeated Data name becomes a multivalue without touching the fields
// read between its two occurrences (they share one backing array).
func TestExtractWinXMLIntoRepeatedNameKeepsNeighbours(t *testing.T) {
	raw := `<Event><System><EventID>1</EventID></System><EventData>` +
		`<Data Name='A'>a1</Data><Data Name='B'>b</Data><Data Name='A'>a2</Data><Data Name='C'>c</Data>` +
		`</EventData></Event>`
	row := event.Row{event.Raw: event.Single(raw)}
	extractWinXMLInto(row)
	for f, want := range map[string]string{"A": "a1 a2", "B": "b", "C": "c", "EventID": "1"} {
		if got := strings.Join(row[f], " "); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
}
