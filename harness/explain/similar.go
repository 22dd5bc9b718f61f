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
// author to diff field lists by hand.
func similarField(want string, r event.Row) string {
	var names []string
	for _, name := range r.Names() {
		if !r.Get(name).Null() {
			names = append(names, name)
		}
	}
	return NearestName(want, names)
}

// NearestName is the name of names nearest to want by edit distance,
// ignoring case (the first in sorted order of equals), other than want
// itself; "" when none is close enough to be a slip: at most two edits,
// or a third of want's length for long names.
func NearestName(want string, names []string) string {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	best, bestDist := "", -1
	for _, name := range sorted {
		if name == want {
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
