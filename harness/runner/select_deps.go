package runner

import (
	"path/filepath"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/spl"
)

// SelectChanged keeps the jobs whose verdict may have changed since the
// git ref: the detection file, a macro its search expands, a lookup it
// names (YAML or CSV), one of its data sources or one of its dataset files
// changed, or, for a manifest case, its entry in the manifest is new or
// differs from the ref's. A job whose dependencies cannot be worked out (a
// file that does not load, a search that does not expand or parse) is
// kept: dropping it could hide the very breakage that was just committed.
func SelectChanged(jobs []Job, ref string) ([]Job, error) {
	changes := gitChangesCache{ref: ref, byDir: map[string]ChangedFiles{}}
	manifests := map[string]manifestDiff{}
	objs := map[*content.Tree]map[string]string{}
	var out []Job
	for _, j := range jobs {
		if j.Manifest != "" {
			d, ok := manifests[j.Manifest]
			if !ok {
				mc, err := changes.of(filepath.Dir(j.Manifest))
				if err != nil {
					return nil, err
				}
				d = diffManifest(j.Manifest, ref, mc)
				manifests[j.Manifest] = d
			}
			if d.has(j.CaseID) {
				out = append(out, j)
				continue
			}
		}
		if j.Broken != nil || j.LoadErr != nil {
			out = append(out, j)
			continue
		}
		c, err := changes.of(j.Content.Dir)
		if err != nil {
			return nil, err
		}
		if objs[j.Content.Tree] == nil {
			objs[j.Content.Tree] = objectPaths(j.Content.Tree)
		}
		deps, complete := dependencies(j, objs[j.Content.Tree])
		if !complete || c.HasAny(deps) {
			out = append(out, j)
		}
	}
	return out, nil
}

// gitChangesCache asks git once per folder.
type gitChangesCache struct {
	ref   string
	byDir map[string]ChangedFiles
}

func (g gitChangesCache) of(dir string) (ChangedFiles, error) {
	if c, ok := g.byDir[dir]; ok {
		return c, nil
	}
	c, err := GitChanges(dir, g.ref)
	if err != nil {
		return nil, err
	}
	g.byDir[dir] = c
	return c, nil
}

// HasAny reports whether any of the paths changed.
func (c ChangedFiles) HasAny(paths []string) bool {
	for _, p := range paths {
		if c.Has(p) {
			return true
		}
	}
	return false
}

// Dependencies lists the files a job's verdict depends on. complete is
// false when the search cannot be expanded and parsed, so its macros and
// lookups are unknown.
func Dependencies(j Job) (files []string, complete bool) {
	return dependencies(j, objectPaths(j.Content.Tree))
}

func dependencies(j Job, objs map[string]string) (files []string, complete bool) {
	c, d := j.Content, j.Detection
	files = append(files, c.abs(d.Path))
	for _, name := range d.DataSource {
		if ds := c.Tree.DataSources[name]; ds != nil {
			files = append(files, c.abs(objs[ds.File]))
		}
	}
	for _, ref := range j.Data {
		files = append(files, ref.Path)
	}
	macroFiles, ok := expandedMacroFiles(c.Tree, d)
	if !ok {
		return files, false
	}
	for _, f := range macroFiles {
		if p := objs[f]; p != "" { // built-in macros have no file
			files = append(files, c.abs(p))
		}
	}
	lookups, ok := lookupsUsed(c.Tree, d)
	for _, l := range lookups {
		files = append(files, c.abs(objs[l.File]))
		if l.CSVPath != "" {
			files = append(files, c.abs(l.CSVPath))
		}
	}
	return files, ok
}

// abs is the on-disk path of a slash path inside the content tree.
func (c *Content) abs(slashPath string) string {
	if slashPath == "" {
		return ""
	}
	return filepath.Join(c.Dir, filepath.FromSlash(slashPath))
}

// objectPaths maps each loaded file as named in messages to its path
// inside the tree.
func objectPaths(tree *content.Tree) map[string]string {
	m := make(map[string]string, len(tree.Objects))
	for _, o := range tree.Objects {
		m[o.File] = o.Path
	}
	return m
}

// expandedMacroFiles lists the files of every macro the search expands,
// nested ones included. Each definition is padded with a space for this
// expansion only, so that a macro expanding to nothing still leaves a
// byte whose origin names it.
func expandedMacroFiles(tree *content.Tree, d *content.Detection) ([]string, bool) {
	padded := spl.Macros{}
	for _, m := range tree.Macros {
		padded.Add(spl.Macro{Name: m.Name, Params: m.Arguments, Definition: m.Definition + " ", File: m.File})
	}
	exp, err := spl.Expand(d.Search, padded)
	if err != nil {
		return nil, false
	}
	seen := map[string]bool{}
	var files []string
	for i := range len(exp.Text) {
		if _, file, _ := exp.Origin(spl.Pos(i)); file != "" && !seen[file] {
			seen[file] = true
			files = append(files, file)
		}
	}
	return files, true
}

// lookupsUsed lists the lookups the search's lookup, inputlookup and
// outputlookup commands name, subsearches included.
func lookupsUsed(tree *content.Tree, d *content.Detection) ([]*content.Lookup, bool) {
	exp, err := spl.Expand(d.Search, SPLMacros(tree))
	if err != nil {
		return nil, false
	}
	q, err := exp.Parse()
	if err != nil {
		return nil, false
	}
	var out []*content.Lookup
	spl.WalkQuery(q, func(n spl.Node) bool {
		g, ok := n.(*spl.GenericCommand)
		if ok && (g.Name == "lookup" || g.Name == "inputlookup" || g.Name == "outputlookup") {
			if l := findLookup(tree, lookupName(g.Args)); l != nil {
				out = append(out, l)
			}
		}
		return true
	})
	return out, true
}

// lookupName is the first argument that is not an option (key=value).
func lookupName(args string) string {
	for _, tok := range strings.Fields(args) {
		if !strings.Contains(tok, "=") {
			return strings.Trim(tok, `"'`)
		}
	}
	return ""
}

// findLookup resolves a name as Splunk does: a lookup definition, or the
// file name of one (inputlookup accepts `name.csv`).
func findLookup(tree *content.Tree, name string) *content.Lookup {
	if l := tree.Lookups[name]; l != nil {
		return l
	}
	if l := tree.Lookups[strings.TrimSuffix(name, ".csv")]; l != nil {
		return l
	}
	for _, l := range tree.Lookups {
		if name != "" && l.Filename == name {
			return l
		}
	}
	return nil
}
