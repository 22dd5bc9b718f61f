package runner_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in      string
		want    runner.Shard
		wantErr bool
	}{
		{in: "1/1", want: runner.Shard{K: 1, N: 1}},
		{in: "2/4", want: runner.Shard{K: 2, N: 4}},
		{in: " 4 / 4 ", want: runner.Shard{K: 4, N: 4}},
		{in: "0/4", wantErr: true}, // 1-based, as CI matrices count
		{in: "5/4", wantErr: true},
		{in: "1/0", wantErr: true},
		{in: "-1/2", wantErr: true},
		{in: "2", wantErr: true},
		{in: "a/b", wantErr: true},
	}
	for _, tt := range tests {
		got, err := runner.ParseShard(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("ParseShard(%q) = %+v, %v; want %+v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// shardJobs makes jobs over dataset files of the given sizes: job i reads
// files[uses[i]...].
func shardJobs(t *testing.T, sizes []int, uses [][]int) []runner.Job {
	dir := t.TempDir()
	var paths []string
	for i, n := range sizes {
		p := filepath.Join(dir, fmt.Sprintf("data%d", i))
		if err := os.WriteFile(p, []byte(strings.Repeat("x", n)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	var jobs []runner.Job
	for i, u := range uses {
		j := runner.Job{Detection: &content.Detection{Name: fmt.Sprintf("d%d", i)}, Test: "t"}
		for _, f := range u {
			j.Data = append(j.Data, runner.DataRef{Path: paths[f]})
		}
		jobs = append(jobs, j)
	}
	return jobs
}

func shardOf(jobs []runner.Job, n int) map[string]int {
	owner := map[string]int{}
	for k := 1; k <= n; k++ {
		for _, j := range (runner.Shard{K: k, N: n}).Select(jobs) {
			if prev, dup := owner[j.Detection.Name]; dup {
				panic(fmt.Sprintf("%s in shards %d and %d", j.Detection.Name, prev, k))
			}
			owner[j.Detection.Name] = k
		}
	}
	return owner
}

func TestShardsCoverEveryJobOnceAndKeepSharedDataTogether(t *testing.T) {
	// d0,d1 share file 0; d2 reads 1 and 2, d3 reads 2: d2,d3 together;
	// d4 has no data; d5..d9 each read their own file.
	jobs := shardJobs(t, []int{1000, 300, 300, 50, 60, 70, 80, 90},
		[][]int{{0}, {0}, {1, 2}, {2}, {}, {3}, {4}, {5}, {6}, {7}})
	for n := 1; n <= 6; n++ {
		owner := shardOf(jobs, n)
		if len(owner) != len(jobs) {
			t.Fatalf("N=%d: %d of %d jobs covered", n, len(owner), len(jobs))
		}
		if owner["d0"] != owner["d1"] || owner["d2"] != owner["d3"] {
			t.Errorf("N=%d: jobs sharing a dataset split across shards: %v", n, owner)
		}
	}
}

func TestShardsAreBalancedByDatasetSize(t *testing.T) {
	sizes := []int{1000, 600, 300, 100, 500, 400}
	jobs := shardJobs(t, sizes, [][]int{{0}, {1}, {2}, {3}, {4}, {5}})
	owner := shardOf(jobs, 2)
	load := map[int]int{}
	for i, size := range sizes {
		load[owner[fmt.Sprintf("d%d", i)]] += size
	}
	// Largest first onto the lighter shard: {1000, 400, 100} and
	// {600, 500, 300}; splitting in plan order would give 1900 / 1000.
	if load[1] != 1500 || load[2] != 1400 {
		t.Errorf("shard loads %v, want 1: 1500, 2: 1400", load)
	}
	if got := (runner.Shard{K: 1, N: 2}).Select(jobs); got[0].Detection.Name != "d0" || got[1].Detection.Name != "d3" {
		t.Errorf("a shard keeps plan order, got %s, %s first", got[0].Detection.Name, got[1].Detection.Name)
	}
}

func TestShardSelectionIsDeterministic(t *testing.T) {
	jobs := shardJobs(t, []int{10, 10, 10, 10}, [][]int{{0}, {1}, {2}, {3}, {0}, {1}})
	first := shardOf(jobs, 3)
	for range 5 {
		if again := shardOf(jobs, 3); fmt.Sprint(again) != fmt.Sprint(first) {
			t.Fatalf("split changed between calls: %v vs %v", first, again)
		}
	}
}

func TestShardWeightCountsEveryJobReadingAFile(t *testing.T) {
	// File 0 (100 bytes) is replayed by 10 jobs, file 1 (600 bytes) by
	// one: the 10 jobs weigh 1000 and get a shard of their own rather
	// than joining the bigger file's.
	uses := [][]int{{1}}
	for range 10 {
		uses = append(uses, []int{0})
	}
	uses = append(uses, []int{2}) // 300 bytes, one job
	jobs := shardJobs(t, []int{100, 600, 300}, uses)
	owner := shardOf(jobs, 2)
	if owner["d0"] == owner["d1"] {
		t.Errorf("the 600-byte job and the ten 100-byte jobs share shard %d", owner["d0"])
	}
	if owner["d11"] != owner["d0"] {
		t.Errorf("the 300-byte job should join the lighter shard (600), got %v", owner)
	}
}
