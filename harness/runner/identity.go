package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/spl"
)

// RunInfo identifies the plan a report's tests came from, so that
// `dactest merge` can tell the shards of one run from other reports, and a
// missing shard from a complete set.
type RunInfo struct {
	// ContentID is a digest of the whole plan before sharding: every
	// test's detection (id, name, file, status, type, search), test name,
	// case id, expectation and datasets. Shards of one run share it; a run
	// of other content, other selection flags or other datasets does not.
	ContentID    string `json:"content_id"`
	PlannedTests int    `json:"planned_tests"` // tests in the whole plan, all shards
	Shard        *Shard `json:"shard,omitempty"`
	// MissingShards lists, in a merge made with --allow-partial, the shard
	// numbers no report was given for; the run is then partial.
	MissingShards []int `json:"missing_shards,omitempty"`
	// NotValidated marks a run made with --no-validate: its report holds
	// no validation errors, so it is not merged with shards that checked.
	NotValidated bool `json:"not_validated,omitempty"`
}

// Partial says a merged run lacks some of its shards.
func (r *RunInfo) Partial() bool { return r != nil && len(r.MissingShards) > 0 }

// IdentifyPlan describes the whole plan (before --shard) of a run.
func IdentifyPlan(jobs []Job) *RunInfo {
	keys := make([]string, len(jobs))
	uses := map[*content.Detection]string{}
	for i, j := range jobs {
		keys[i] = jobIdentity(j, uses)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%d:%s\n", len(k), k)
	}
	return &RunInfo{ContentID: "sha256:" + hex.EncodeToString(h.Sum(nil)), PlannedTests: len(jobs)}
}

// jobIdentity is what makes a job the same job in another process: paths
// are taken inside the content folder, because the embedded content is
// unpacked to a new temporary folder on every run and CI runners check out
// to different folders; and what the search uses (its macros, expanded,
// and its lookups' tables) counts, since shards run against another macro
// give other verdicts. uses memoizes that per detection: a survey pairs
// each with hundreds of datasets.
func jobIdentity(j Job, uses map[*content.Detection]string) string {
	parts := []string{j.CaseID, j.Test, fmt.Sprint(j.Expect.Fires), deref(j.Expect.Results), rangeKey(j.Expect.Range)}
	if d := j.Detection; d != nil {
		if _, done := uses[d]; !done {
			uses[d] = usedDigest(j.Content, d)
		}
		parts = append(parts, d.ID, d.Name, d.Path, d.Status, d.Type, d.Search, uses[d])
	}
	for _, ref := range j.Data {
		parts = append(parts, relativeTo(j.Content, ref.Path), ref.Source, ref.Sourcetype, ref.Index)
	}
	return strings.Join(parts, "\x00")
}

func deref(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func rangeKey(r *content.Range) string {
	if r == nil {
		return "-"
	}
	return deref(r.Min) + ".." + deref(r.Max)
}

func relativeTo(c *Content, path string) string {
	if c == nil || c.Dir == "" {
		return path
	}
	if rel, err := filepath.Rel(c.Dir, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}

// usedDigest digests the search with its macros expanded and the tables of
// the lookups it names; "" when the content cannot tell (it does not
// expand: the job reports that itself).
func usedDigest(c *Content, d *content.Detection) string {
	if c == nil || c.Tree == nil {
		return ""
	}
	h := sha256.New()
	if exp, err := spl.Expand(d.Search, SPLMacros(c.Tree)); err == nil {
		io.WriteString(h, exp.Text)
	}
	lookups, _ := lookupsUsed(c.Tree, d)
	for _, l := range lookups {
		if c.Tree.FS != nil && l.CSVPath != "" {
			data, _ := fs.ReadFile(c.Tree.FS, l.CSVPath)
			h.Write(data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
