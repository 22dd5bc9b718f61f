package runner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// Filter is one `--filter KEY=GLOB` (or `KEY!=GLOB`) expression. The glob
// matches case-insensitively, `*` any run of characters and `?` one; for
// fields with several values (story, data_source, mitre) one matching
// value is enough.
type Filter struct {
	Key    string
	Glob   string
	Negate bool
}

// filterKeys maps each filter key to the detection values it tests. A
// file is matched as its path inside the tree (detections/endpoint/x.yml,
// as in the repository) and as named on the command line.
var filterKeys = map[string]func(*content.Detection) []string{
	"type":        func(d *content.Detection) []string { return []string{d.Type} },
	"status":      func(d *content.Detection) []string { return []string{d.Status} },
	"name":        func(d *content.Detection) []string { return []string{d.Name} },
	"id":          func(d *content.Detection) []string { return []string{d.ID} },
	"file":        func(d *content.Detection) []string { return []string{d.Path, d.File} },
	"story":       func(d *content.Detection) []string { return d.Stories },
	"data_source": func(d *content.Detection) []string { return d.DataSource },
	"mitre":       func(d *content.Detection) []string { return d.MitreIDs },
}

// FilterKeys lists the keys a filter may use, sorted.
func FilterKeys() []string {
	var keys []string
	for k := range filterKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ParseFilter reads `key=glob` or `key!=glob`; surrounding quotes on the
// glob are dropped so `story="Living Off The Land"` works unquoted by a shell.
func ParseFilter(s string) (Filter, error) {
	key, glob, ok := strings.Cut(s, "=")
	if !ok {
		return Filter{}, fmt.Errorf("--filter %q: want KEY=GLOB, e.g. type=TTP or name=*LSASS*", s)
	}
	f := Filter{Key: strings.ToLower(strings.TrimSpace(key)), Glob: strings.TrimSpace(glob)}
	if strings.HasSuffix(f.Key, "!") {
		f.Key, f.Negate = strings.TrimSpace(strings.TrimSuffix(f.Key, "!")), true
	}
	if len(f.Glob) >= 2 && (f.Glob[0] == '"' || f.Glob[0] == '\'') && f.Glob[len(f.Glob)-1] == f.Glob[0] {
		f.Glob = f.Glob[1 : len(f.Glob)-1]
	}
	if _, known := filterKeys[f.Key]; !known {
		return Filter{}, fmt.Errorf("--filter %q: unknown key %q (known: %s)", s, f.Key, strings.Join(FilterKeys(), ", "))
	}
	if f.Glob == "" {
		return Filter{}, fmt.Errorf("--filter %q: empty pattern", s)
	}
	return f, nil
}

// Matches reports whether the detection passes the filter.
func (f Filter) Matches(d *content.Detection) bool {
	hit := false
	for _, v := range filterKeys[f.Key](d) {
		if Glob(f.Glob, v) {
			hit = true
			break
		}
	}
	return hit != f.Negate
}

// FilterJobs keeps the jobs whose detection passes every filter (AND).
// A job whose detection could not be loaded (a broken file, a manifest
// case with missing content) has nothing but its file to filter on, so it
// is kept unless a file filter rules it out: its error must still be
// reported, never filtered out of sight by a key it cannot be read for.
func FilterJobs(jobs []Job, filters []Filter) []Job {
	if len(filters) == 0 {
		return jobs
	}
	var out []Job
	for _, j := range jobs {
		unread := j.Broken != nil || j.LoadErr != nil
		if unread && passesFileFilters(j.Detection, filters) || !unread && passesAll(j.Detection, filters) {
			out = append(out, j)
		}
	}
	return out
}

func passesFileFilters(d *content.Detection, filters []Filter) bool {
	for _, f := range filters {
		if f.Key == "file" && !f.Matches(d) {
			return false
		}
	}
	return true
}

func passesAll(d *content.Detection, filters []Filter) bool {
	for _, f := range filters {
		if !f.Matches(d) {
			return false
		}
	}
	return true
}

// Glob matches s against a pattern of literal text, `*` (any run, also
// empty) and `?` (one character), ignoring case. Unlike path.Match, `*`
// crosses `/`, which detection names and data source names contain.
func Glob(pattern, s string) bool {
	p, t := []rune(strings.ToLower(pattern)), []rune(strings.ToLower(s))
	// Iterative matching with one backtrack point: linear for patterns
	// without nested stars, never exponential.
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
