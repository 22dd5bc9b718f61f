package validate

import (
	"slices"

	"github.com/dactest/dactest/harness/content"
)

// didYouMean suggests the closest candidate, or "" (see content.DidYouMean).
func didYouMean(got string, candidates []string) string {
	return content.DidYouMean(got, candidates)
}

// keys returns a map's keys, sorted for deterministic suggestions.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
