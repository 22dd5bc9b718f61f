package main

import (
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// usedFiles is what the tested detections of one content tree use, by the
// file names findings carry.
type usedFiles struct {
	content *runner.Content
	label   string // what findings put before a path in the tree
	files   map[string]bool
	names   map[string]bool // macro and data source names, as file stems
	seen    map[*content.Detection]bool
}

func newUsedFiles(c *runner.Content) *usedFiles {
	u := &usedFiles{content: c, files: map[string]bool{}, names: map[string]bool{}, seen: map[*content.Detection]bool{}}
	if len(c.Tree.Objects) > 0 {
		o := c.Tree.Objects[0]
		u.label = strings.TrimSuffix(o.File, o.Path)
	}
	return u
}

// nameOf is a file of the tree as findings name it, loaded object or not
// (a lookup's CSV): the tree's label and the path inside it.
func (u *usedFiles) nameOf(p string) (string, bool) {
	if u.content.Dir == "" { // embedded: paths are the tree's own
		return u.label + filepath.ToSlash(p), true
	}
	rel, err := filepath.Rel(u.content.Dir, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return u.label + filepath.ToSlash(rel), true
}

var macroCall = regexp.MustCompile("`([A-Za-z0-9_.-]+)[`(]")

// add notes what a job's detection uses, once per detection: a survey
// pairs each with hundreds of datasets, and its dependencies do not change.
func (u *usedFiles) add(j runner.Job) {
	if u.seen[j.Detection] {
		return
	}
	u.seen[j.Detection] = true
	u.files[j.Detection.File] = true
	deps, _ := runner.Dependencies(j) // what cannot be worked out is matched by name below
	for _, p := range deps {
		if f, ok := u.nameOf(p); ok {
			u.files[f] = true
		}
	}
	for _, m := range macroCall.FindAllStringSubmatch(j.Detection.Search, -1) {
		u.names["macros/"+stem(m[1])] = true
	}
	for _, ds := range j.Detection.DataSource {
		u.names["data_sources/"+stem(ds)] = true
	}
}

// has: a finding's file is used when a dependency was followed to it, or
// when it sits in macros/ or data_sources/ under the name of one used
// (security_content names each file for its object).
func (u *usedFiles) has(file string) bool {
	if u.files[file] {
		return true
	}
	slash := filepath.ToSlash(file)
	dir, base := path.Base(path.Dir(slash)), path.Base(slash)
	return u.names[dir+"/"+stem(strings.TrimSuffix(base, path.Ext(base)))]
}

// stem folds a name the way security_content turns names into file names:
// "Sysmon EventID 1" is sysmon_eventid_1.yml.
func stem(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return '_'
	}, name)
}
