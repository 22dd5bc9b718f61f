package runner

import (
	"fmt"
	"reflect"
	"sort"
)

// Merge combines the reports of the shards of one run into the report a
// single run would have given: every result once, the summary recounted.
// Results are ordered by detection file, then case id, then the order the
// inputs list them (a shard keeps plan order). Duration is the longest
// shard's, the matrix's wall time. It refuses reports that overlap (a test
// in two shards) or come from different content (compile tallies differ).
func Merge(reports []*Report, names []string) (*Report, error) {
	out := &Report{}
	seen := map[string]string{}
	for i, rep := range reports {
		for _, r := range rep.Results {
			key := resultKey(r)
			if prev, dup := seen[key]; dup {
				return nil, fmt.Errorf("%s and %s both ran %s — %s: shards overlap (mixed --shard N, or the same report twice?)", prev, names[i], r.Detection, r.Test)
			}
			seen[key] = names[i]
			out.Results = append(out.Results, r)
		}
		if err := mergeCompile(&out.Compile, rep.Compile, names[i]); err != nil {
			return nil, err
		}
		out.Duration = max(out.Duration, rep.Duration)
	}
	sort.SliceStable(out.Results, func(a, b int) bool {
		ra, rb := out.Results[a], out.Results[b]
		if ra.File != rb.File {
			return ra.File < rb.File
		}
		return ra.CaseID < rb.CaseID
	})
	for _, r := range out.Results {
		out.Summary.Add(r.Status)
	}
	return out, nil
}

// resultKey identifies a test across shards.
func resultKey(r TestResult) string {
	return r.File + "\x00" + r.Test + "\x00" + r.CaseID
}

// mergeCompile keeps the whole-tree compile tally every shard of a content
// run computes; shards of one run agree on it.
func mergeCompile(into *CompileStats, c CompileStats, name string) error {
	switch {
	case c.Detections == 0:
		return nil
	case into.Detections == 0:
		*into = c
		return nil
	case !sameTally(*into, c):
		return fmt.Errorf("%s: its compile tally (%d detections, %d compiled) differs from the other reports' (%d, %d): reports of different content cannot be merged",
			name, c.Detections, c.Compiled, into.Detections, into.Compiled)
	}
	return nil
}

// sameTally compares tallies, an absent Missing map equal to an empty one
// (JSON omits it when empty).
func sameTally(a, b CompileStats) bool {
	if len(a.Missing) == 0 && len(b.Missing) == 0 {
		a.Missing, b.Missing = nil, nil
	}
	return reflect.DeepEqual(a, b)
}
