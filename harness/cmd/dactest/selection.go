package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// selectionFlags narrow a planned run: --changed-since, --filter, --shard.
type selectionFlags struct {
	changedSince string
	filters      filterFlag
	shard        shardFlag
}

const selectionHelp = `
Selection (applied in this order, after planning):
  --changed-since REF   only tests whose detection file, or a macro, lookup
                        (YAML or CSV), data source or dataset file it uses,
                        differs between git REF and the working tree,
                        committed or not (untracked files too). A detection
                        whose search does not expand or parse is kept.
  --filter KEY=GLOB     only detections whose KEY matches GLOB; KEY!=GLOB
                        negates. Keys: type, status, name, id, file, story,
                        data_source, mitre. GLOB matches the whole value,
                        ignoring case, with * and ?; for story, data_source
                        and mitre one matching value is enough. Repeat the
                        flag to AND filters: --filter type=TTP
                        --filter 'story="Living Off The Land"' --filter mitre=T1003*
  --shard K/N           the K-th of N parts (1-based) of the selected tests,
                        balanced by dataset size; tests sharing a dataset
                        stay together. Merge the parts' JSON reports with
                        dactest merge.
`

func (s *selectionFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.changedSince, "changed-since", "", "only tests whose detection or what it uses changed since this git ref")
	fs.Var(&s.filters, "filter", "only detections matching KEY=GLOB or KEY!=GLOB (repeatable: AND)")
	fs.Var(&s.shard, "shard", "run part K of N (K/N, 1-based), balanced by dataset size")
}

func (s *selectionFlags) apply(jobs []runner.Job, embedded bool) ([]runner.Job, error) {
	if s.changedSince != "" {
		if embedded {
			return nil, fmt.Errorf("--changed-since needs --content DIR or --manifest: the embedded content is not a git work tree")
		}
		var err error
		if jobs, err = runner.SelectChanged(jobs, s.changedSince); err != nil {
			return nil, err
		}
	}
	jobs = runner.FilterJobs(jobs, s.filters)
	if s.shard.set {
		jobs = s.shard.Select(jobs)
	}
	return jobs, nil
}

// filterFlag parses each --filter as it is given, so a typo is a usage
// error before any content is loaded.
type filterFlag []runner.Filter

func (f *filterFlag) String() string {
	var parts []string
	for _, x := range *f {
		parts = append(parts, x.Key+"="+x.Glob)
	}
	return strings.Join(parts, " ")
}

func (f *filterFlag) Set(v string) error {
	x, err := runner.ParseFilter(v)
	if err != nil {
		return err
	}
	*f = append(*f, x)
	return nil
}

type shardFlag struct {
	runner.Shard
	set bool
}

func (s *shardFlag) String() string {
	if !s.set {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

func (s *shardFlag) Set(v string) error {
	sh, err := runner.ParseShard(v)
	if err != nil {
		return err
	}
	s.Shard, s.set = sh, true
	return nil
}
