package runner

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// MergeOptions relax what Merge refuses.
type MergeOptions struct {
	// AllowPartial merges a set lacking some shards; the merged summary
	// is marked partial and the run names the missing shard numbers.
	AllowPartial bool
}

// Merge combines the reports of the shards of one run into the report a
// single run would have given: every result once, the summary recounted.
// Results are ordered by detection file, then case id, then the order the
// inputs list them (a shard keeps plan order). Duration is the longest
// shard's, the matrix's wall time. It refuses reports of different runs
// (their plans' content ids differ), the same shard twice, tests in two
// shards and, unless opts.AllowPartial, a set with shards missing.
func Merge(reports []*Report, names []string, opts MergeOptions) (*Report, error) {
	run, err := mergeRuns(reports, names, opts)
	if err != nil {
		return nil, err
	}
	out := &Report{Run: run}
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
	if !run.Partial() && len(out.Results) != run.PlannedTests {
		return nil, fmt.Errorf("the shards hold %d tests but their run planned %d: a report was edited or cut short", len(out.Results), run.PlannedTests)
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
	out.Summary.Partial = run.Partial()
	out.SetValidation(mergeValidation(reports))
	return out, nil
}

// mergeRuns checks that the reports are distinct shards of one run and
// returns the merged run's identity.
func mergeRuns(reports []*Report, names []string, opts MergeOptions) (*RunInfo, error) {
	var first *RunInfo
	byShard := map[int]string{}
	for i, rep := range reports {
		run := rep.Run
		if run == nil || run.ContentID == "" {
			return nil, fmt.Errorf("%s: no run identity (content_id): written by an older dactest, or not by dactest test; re-run the shard", names[i])
		}
		if run.Partial() {
			return nil, fmt.Errorf("%s is itself a partial merge (shards %s missing): merge the shards' own reports", names[i], joinInts(run.MissingShards))
		}
		sh := shardOf(run)
		if first == nil {
			first = run
		} else if err := sameRun(first, run, shardOf(first), sh, names[0], names[i]); err != nil {
			return nil, err
		}
		if prev, dup := byShard[sh.K]; dup {
			return nil, fmt.Errorf("%s and %s are both shard %d/%d: give each shard's report once", prev, names[i], sh.K, sh.N)
		}
		byShard[sh.K] = names[i]
	}
	if first == nil {
		return nil, fmt.Errorf("no reports to merge")
	}
	n := shardOf(first).N
	var missing []int
	for k := 1; k <= n; k++ {
		if _, ok := byShard[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 && !opts.AllowPartial {
		return nil, fmt.Errorf("shard(s) %s of %d missing (got %d report(s)): a partial merge would pass for the whole run; give every shard's report, or --allow-partial to mark the merged run partial", joinInts(missing), n, len(reports))
	}
	return &RunInfo{ContentID: first.ContentID, PlannedTests: first.PlannedTests, MissingShards: missing}, nil
}

// shardOf reads an unsharded run as shard 1/1.
func shardOf(r *RunInfo) Shard {
	if r.Shard == nil {
		return Shard{K: 1, N: 1}
	}
	return *r.Shard
}

func sameRun(a, b *RunInfo, sa, sb Shard, nameA, nameB string) error {
	switch {
	case a.ContentID != b.ContentID || a.PlannedTests != b.PlannedTests:
		return fmt.Errorf("%s and %s come from different runs (content id %s, %d tests planned vs %s, %d): other content, datasets or selection flags; merge only the shards of one run",
			nameA, nameB, short(a.ContentID), a.PlannedTests, short(b.ContentID), b.PlannedTests)
	case sa.N != sb.N:
		return fmt.Errorf("%s is shard %d/%d but %s is shard %d/%d: merge the shards of one --shard K/N split", nameA, sa.K, sa.N, nameB, sb.K, sb.N)
	case a.NotValidated != b.NotValidated:
		// a shard that skipped validation would drop its errors from the merge
		return fmt.Errorf("%s and %s differ in --no-validate: run every shard with the same flags", nameA, nameB)
	}
	return nil
}

func short(id string) string {
	if len(id) > 19 {
		return id[:19]
	}
	return id
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
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
