package explain

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/dactest/dactest/harness/event"
)

// similarField names the row's field nearest to a field a condition wanted
// and the row lacks: a typo (proces_name) or a case slip (Process_Name;
// Splunk field names are case-sensitive) is the commonest reason a new
// detection does not fire, and "field x is missing" alone leaves the
// author to diff field lists by hand. "" when no field is close: at most
// two edits, or a third of the name's length for long names, ignoring case.
func similarField(want string, r event.Row) string {
	best, bestDist := "", -1
	for _, name := range sortedNames(r) {
		if name == want || r.Get(name).Null() {
			continue
		}
		d := levenshtein.ComputeDistance(strings.ToLower(want), strings.ToLower(name))
		if bestDist < 0 || d < bestDist {
			best, bestDist = name, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len(want)/3) {
		return ""
	}
	return best
}

func sortedNames(r event.Row) []string {
	names := r.Names()
	sort.Strings(names)
	return names
}
