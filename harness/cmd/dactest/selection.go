package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/dactest/dactest/harness/runner"
)

// selectionFlags replace a content run's tests with a survey (--data-glob)
// and narrow a planned run: --changed-since, --filter, --shard.
type selectionFlags struct {
	dataGlobs    multiFlag
	changedSince string
	filters      filterFlag
	shard        shardFlag
	notes        io.Writer // where selection says what it kept; nil: nowhere
}

const selectionHelp = `
Survey (instead of the detections' own tests):
  --data-glob GLOB      pair every runnable detection of the content (not
                        deprecated, not Correlation, compiled) with every
                        Windows dataset (EVTX, XmlWinEventLog) matching GLOB
                        (repeatable; ** crosses folders) holding a channel
                        one of the detection's data sources reads; each
                        event keeps its own channel's source, as Splunk's
                        Windows input labels it. Each pair is a negative test: a
                        FAIL is a detection that fires on that dataset.
                        bench/run.sh uses it to replay the whole corpus.

Selection (applied in this order, after planning):
  --changed-since REF   only tests whose detection file, or a macro, lookup
                        (YAML or CSV), data source or dataset file it uses,
                        differs between git REF and the working tree,
                        committed or not (untracked files too). A detection
                        whose search does not expand or parse is kept.
                        Manifests are compared case by case: a case whose
                        entry (by id) is new or differs from REF's in any
                        key is kept (comments and formatting do not count);
                        every case of a manifest git does not have at REF
                        (new, moved) or cannot parse there is kept.
  --filter KEY=GLOB     only detections whose KEY matches GLOB; KEY!=GLOB
                        negates. Keys: type, status, name, id, file, story,
                        data_source, mitre. GLOB matches the whole value,
                        ignoring case, with * and ?; for story, data_source
                        and mitre one matching value is enough; file is the
                        path inside the tree (detections/endpoint/x.yml) or
                        as named on the command line. Repeat the
                        flag to AND filters: --filter type=TTP
                        --filter 'story="Living Off The Land"' --filter mitre=T1003*
                        A detection file that does not load has only its
                        file to match: only a file filter leaves it out.
  --shard K/N           the K-th of N parts (1-based) of the selected tests,
                        balanced by dataset size; tests sharing a dataset
                        stay together. Merge the parts' JSON reports with
                        dactest merge.
`

func (s *selectionFlags) register(fs *flag.FlagSet) {
	fs.Var(&s.dataGlobs, "data-glob", "survey: every runnable detection x every Windows dataset matching this glob (repeatable)")
	fs.StringVar(&s.changedSince, "changed-since", "", "only tests whose detection or what it uses changed since this git ref")
	fs.Var(&s.filters, "filter", "only detections matching KEY=GLOB or KEY!=GLOB (repeatable: AND)")
	fs.Var(&s.shard, "shard", "run part K of N (K/N, 1-based), balanced by dataset size")
}

// apply returns the jobs to run and the identity of the whole selected
// plan (before --shard), which the JSON report records for dactest merge.
func (s *selectionFlags) apply(plan *testPlan, comp *runner.Compiler, embedded bool) ([]runner.Job, *runner.RunInfo, error) {
	jobs, err := s.narrow(plan, comp, embedded)
	if err != nil {
		return nil, nil, err
	}
	run := runner.IdentifyPlan(jobs)
	if s.shard.set {
		sh := s.shard.Shard
		run.Shard = &sh
		jobs = s.shard.Select(jobs)
	}
	return jobs, run, nil
}

func (s *selectionFlags) narrow(plan *testPlan, comp *runner.Compiler, embedded bool) ([]runner.Job, error) {
	jobs := plan.jobs
	if len(s.dataGlobs) > 0 {
		if plan.tallied == nil {
			return nil, fmt.Errorf("--data-glob surveys a content tree: use it with --content (or the embedded content), not --manifest")
		}
		refs, err := s.surveyData()
		if err != nil {
			return nil, err
		}
		jobs = runner.PlanSurvey(plan.tallied, refs, comp)
		if len(jobs) == 0 {
			return nil, fmt.Errorf("--data-glob: no runnable detection reads the source of any of the %d datasets (%s)", len(refs), sourcesOf(refs))
		}
	}
	if s.changedSince != "" {
		if embedded {
			return nil, fmt.Errorf("--changed-since needs --content DIR or --manifest: the embedded content is not a git work tree")
		}
		before := len(jobs)
		var err error
		if jobs, err = runner.SelectChanged(jobs, s.changedSince); err != nil {
			return nil, err
		}
		// Nothing changed is a fine outcome, but "0 tests" alone reads
		// like a broken selection; say what was compared.
		s.note("--changed-since %s: %d of %d planned tests depend on what changed since %s", s.changedSince, len(jobs), before, s.changedSince)
	}
	if len(s.filters) > 0 {
		before := len(jobs)
		jobs = runner.FilterJobs(jobs, s.filters)
		// A filter that keeps nothing is almost always a typo; a CI job
		// must not go green by testing nothing.
		if len(jobs) == 0 && before > 0 {
			return nil, fmt.Errorf("--filter %s matched none of the %d planned tests", s.filters.String(), before)
		}
	}
	return jobs, nil
}

func (s *selectionFlags) note(format string, args ...any) {
	if s.notes != nil {
		fmt.Fprintf(s.notes, "dactest test: "+format+"\n", args...)
	}
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

// surveyData expands the --data-glob patterns to Windows datasets.
func (s *selectionFlags) surveyData() ([]runner.WindowsLog, error) {
	var paths []string
	seen := map[string]bool{}
	for _, g := range s.dataGlobs {
		matches, err := doublestar.FilepathGlob(g, doublestar.WithFilesOnly())
		if err != nil {
			return nil, fmt.Errorf("--data-glob %q: %v", g, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("--data-glob %q matches no file", g)
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				paths = append(paths, m)
			}
		}
	}
	sort.Strings(paths)
	logs, unreadable := runner.WindowsLogs(paths)
	for _, u := range unreadable {
		s.note("--data-glob: %s looks like a Windows event log but gives no event, so no test reads it: %s", u.Path, u.Why)
	}
	if len(logs) == 0 {
		return nil, fmt.Errorf("--data-glob: none of the %d files is a Windows event log dactest reads (%d look like one but cannot be read, named above)", len(paths), len(unreadable))
	}
	return logs, nil
}

// sourcesOf lists the distinct sources of the logs, for a message.
func sourcesOf(logs []runner.WindowsLog) string {
	seen := map[string]bool{}
	var out []string
	for _, l := range logs {
		for _, src := range l.Sources {
			if !seen[src] {
				seen[src] = true
				out = append(out, src)
			}
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
