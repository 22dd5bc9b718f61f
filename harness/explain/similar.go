package explain

import (
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/suggest"
)

// similarField names the row's field nearest to a field a condition wanted
// and the row lacks: a typo (proces_name) or a case slip (Process_Name;
// Splunk field names are case-sensitive) is the commonest reason a new
// detection does not fire, and "field x is missing" alone leaves the
// author to diff field lists by hand.
func similarField(want string, r event.Row) string {
	var names []string
	for _, name := range r.Names() {
		if !r.Get(name).Null() {
			names = append(names, name)
		}
	}
	return suggest.Nearest(want, names)
}
