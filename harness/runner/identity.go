package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
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
}

// Partial says a merged run lacks some of its shards.
func (r *RunInfo) Partial() bool { return r != nil && len(r.MissingShards) > 0 }

// IdentifyPlan describes the whole plan (before --shard) of a run.
func IdentifyPlan(jobs []Job) *RunInfo {
	keys := make([]string, len(jobs))
	for i, j := range jobs {
		keys[i] = jobIdentity(j)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%d:%s\n", len(k), k)
	}
	return &RunInfo{ContentID: "sha256:" + hex.EncodeToString(h.Sum(nil)), PlannedTests: len(jobs)}
}

// jobIdentity is what makes a job the same job in another process: paths
// of datasets are taken relative to the content folder, because the
// embedded content is unpacked to a new temporary folder on every run.
func jobIdentity(j Job) string {
	parts := []string{j.CaseID, j.Test, fmt.Sprint(j.Expect.Fires), deref(j.Expect.Results), rangeKey(j.Expect.Range)}
	if d := j.Detection; d != nil {
		parts = append(parts, d.ID, d.Name, d.File, d.Status, d.Type, d.Search)
	}
	for _, ref := range j.Data {
		parts = append(parts, relativeTo(j.Content, ref.Path), ref.Source, ref.Sourcetype)
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
