// Package suggest finds the name a user probably meant: "did you mean"
// hints for typos in field, macro, command and function names.
package suggest

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Nearest is the name of names nearest to want by edit distance, ignoring
// case (the first in sorted order of equals), other than want itself; ""
// when none is close enough to be a slip: one edit, or a third of want's
// length for longer names (user is not a slip for UserID, two edits on
// four letters).
func Nearest(want string, names []string) string {
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
	if bestDist < 0 || bestDist > max(1, len(want)/3) {
		return ""
	}
	return best
}
