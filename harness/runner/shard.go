package runner

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/ingest"
)

// Shard is `--shard K/N`: the K-th (1-based) of N parts of a run.
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
}

// ParseShard reads "K/N" with 1 <= K <= N.
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, errK := strconv.Atoi(strings.TrimSpace(k))
	ni, errN := strconv.Atoi(strings.TrimSpace(n))
	if !ok || errK != nil || errN != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("--shard %q: want K/N with 1 <= K <= N, e.g. 2/4", s)
	}
	return Shard{K: ki, N: ni}, nil
}

// Select returns the jobs of shard K, in plan order. The split depends
// only on the plan and the dataset files' sizes, so N processes planning
// the same run pick disjoint shards that cover every job exactly once.
// Jobs that read a common dataset file stay together (the file is read
// once, in one shard). A job weighs the bytes of the files it reads (its
// replay time grows with them), a group the sum of its jobs; groups are
// spread heaviest first onto the lightest shard so far.
func (s Shard) Select(jobs []Job) []Job {
	if s.N <= 1 {
		return jobs
	}
	owner := s.assign(jobs)
	var out []Job
	for i, j := range jobs {
		if owner[i] == s.K-1 {
			out = append(out, j)
		}
	}
	return out
}

// jobGroup is jobs bound together by the dataset files they share.
type jobGroup struct {
	first  int   // index of the group's first job: the deterministic tie-break
	weight int64 // the bytes each job reads, summed, plus one per job
	jobs   []int
}

// assign maps each job index to its shard (0-based).
func (s Shard) assign(jobs []Job) []int {
	groups := groupByData(jobs)
	sort.Slice(groups, func(a, b int) bool {
		if groups[a].weight != groups[b].weight {
			return groups[a].weight > groups[b].weight
		}
		return groups[a].first < groups[b].first
	})
	load := make([]int64, s.N)
	owner := make([]int, len(jobs))
	for _, g := range groups {
		lightest := 0
		for k := range load {
			if load[k] < load[lightest] {
				lightest = k
			}
		}
		load[lightest] += g.weight
		for _, i := range g.jobs {
			owner[i] = lightest
		}
	}
	return owner
}

// groupByData joins jobs that share a dataset file (union-find over file
// paths) and weighs each group.
func groupByData(jobs []Job) []*jobGroup {
	parent := make([]int, len(jobs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	firstUser := map[string]int{}
	for i, j := range jobs {
		for _, d := range j.Data {
			if u, seen := firstUser[d.Path]; seen {
				a, b := find(u), find(i)
				parent[max(a, b)] = min(a, b) // the root is the group's first job
			} else {
				firstUser[d.Path] = i
			}
		}
	}
	byRoot := map[int]*jobGroup{}
	var groups []*jobGroup
	sizes := map[string]int64{}
	for i, j := range jobs {
		r := find(i)
		g := byRoot[r]
		if g == nil {
			g = &jobGroup{first: r}
			byRoot[r] = g
			groups = append(groups, g)
		}
		g.jobs = append(g.jobs, i)
		g.weight++ // jobs without data (skips, errors) spread too
		for _, d := range j.Data {
			if _, ok := sizes[d.Path]; !ok {
				sizes[d.Path] = fileSize(d.Path)
			}
			g.weight += sizes[d.Path]
		}
	}
	return groups
}

func fileSize(path string) int64 {
	file, _ := ingest.SplitMember(path) // the archive's size stands for its members'
	if st, err := os.Stat(file); err == nil {
		return st.Size()
	}
	return 0
}
