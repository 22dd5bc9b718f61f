package replay

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"gopkg.in/yaml.v3"
)

// Descriptor is an attack_data dataset descriptor: the *.yml written
// beside the data. Two forms exist: the current one lists `datasets:`
// entries with name, path, source and sourcetype; the older one lists
// `dataset:` URLs and `sourcetypes:`, with no source.
type Descriptor struct {
	File    string
	Entries []Entry
	Root    *yaml.Node // the parsed document, for validation
}

// Entry is one data file a descriptor names.
type Entry struct {
	Name       string
	Path       string // as written: a URL, a /datasets/... path or a relative one
	Source     string
	Sourcetype string
	Pos        content.Pos // where Path is written
}

// attackDataURLs are the prefixes attack_data's descriptors and
// security_content's tests use for files of the attack_data repository.
var attackDataURLs = []string{
	"https://media.githubusercontent.com/media/splunk/attack_data/master/",
	"https://raw.githubusercontent.com/splunk/attack_data/master/",
	"https://github.com/splunk/attack_data/raw/master/",
}

// IsDescriptor reports whether a --data argument names a descriptor
// rather than a data file: descriptors are YAML, data never is.
func IsDescriptor(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yml" || ext == ".yaml"
}

// ReadDescriptor parses a descriptor of either form.
func ReadDescriptor(file string) (*Descriptor, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:1:1: a dataset descriptor is a YAML mapping", file)
	}
	d := &Descriptor{File: file, Root: doc.Content[0]}
	d.Entries = append(newFormEntries(file, d.Root), oldFormEntries(file, d.Root)...)
	if len(d.Entries) == 0 {
		return d, fmt.Errorf("%s:1:1: no data files (neither `datasets:` entries nor `dataset:` URLs)", file)
	}
	return d, nil
}

func newFormEntries(file string, root *yaml.Node) []Entry {
	list := content.NodeAt(root, "datasets")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	var out []Entry
	for _, item := range list.Content {
		p := content.NodeAt(item, "path")
		if p == nil {
			continue
		}
		out = append(out, Entry{
			Name:       scalar(item, "name"),
			Path:       p.Value,
			Source:     scalar(item, "source"),
			Sourcetype: scalar(item, "sourcetype"),
			Pos:        content.PosOf(file, p),
		})
	}
	return out
}

// oldFormEntries pairs `dataset:` URLs with `sourcetypes:` by index, or
// gives every URL the single sourcetype listed.
func oldFormEntries(file string, root *yaml.Node) []Entry {
	urls := content.NodeAt(root, "dataset")
	if urls == nil || urls.Kind != yaml.SequenceNode {
		return nil
	}
	var sts []string
	if n := content.NodeAt(root, "sourcetypes"); n != nil && n.Kind == yaml.SequenceNode {
		for _, s := range n.Content {
			sts = append(sts, s.Value)
		}
	}
	var out []Entry
	for i, u := range urls.Content {
		e := Entry{Path: u.Value, Pos: content.PosOf(file, u)}
		switch {
		case len(sts) == len(urls.Content):
			e.Sourcetype = sts[i]
		case len(sts) == 1:
			e.Sourcetype = sts[0]
		}
		out = append(out, e)
	}
	return out
}

func scalar(n *yaml.Node, key string) string {
	if v := content.NodeAt(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// Inputs resolves every entry to a file on disk. An entry whose file is
// missing is an error naming where it is written and where it was looked
// for; the others still resolve.
func (d *Descriptor) Inputs() ([]Input, []error) {
	var ins []Input
	var errs []error
	for _, e := range d.Entries {
		path, err := d.resolve(e.Path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", e.Pos, err))
			continue
		}
		ins = append(ins, Input{Path: path, Source: e.Source, Sourcetype: e.Sourcetype, Where: e.Pos.String()})
	}
	return ins, errs
}

// resolve maps a descriptor's path to a local file: attack_data URLs and
// /datasets/... paths are relative to the attack_data checkout holding the
// descriptor; a file of the same name beside the descriptor is the
// fallback (old descriptors carry URLs with typos in the folder names).
func (d *Descriptor) resolve(p string) (string, error) {
	rel := p
	for _, prefix := range attackDataURLs {
		rel = strings.TrimPrefix(rel, prefix)
	}
	if strings.Contains(rel, "://") {
		return "", fmt.Errorf("%s is not an attack_data URL; only local files can be read", p)
	}
	dir := filepath.Dir(d.File)
	var tried []string
	if rel != p || strings.HasPrefix(rel, "/") {
		if root := checkoutRoot(dir); root != "" {
			tried = append(tried, filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(rel, "/"))))
		}
	} else {
		tried = append(tried, filepath.Join(dir, filepath.FromSlash(rel)))
	}
	tried = append(tried, filepath.Join(dir, filepath.Base(filepath.FromSlash(rel))))
	if st, err := os.Stat(p); err == nil && !st.IsDir() && filepath.IsAbs(p) {
		return p, nil // a local descriptor naming a file by its full path
	}
	for _, t := range tried {
		if st, err := os.Stat(t); err == nil && !st.IsDir() {
			return t, nil
		}
	}
	return "", fmt.Errorf("data file %s not found (looked for %s)", p, strings.Join(dedup(tried), ", "))
}

// checkoutRoot is the attack_data checkout a descriptor lives in: the
// parent of the nearest enclosing folder named "datasets".
func checkoutRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if filepath.Base(d) == "datasets" {
			return filepath.Dir(d)
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func dedup(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
