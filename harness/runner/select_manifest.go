package runner

import (
	"os"
	"path/filepath"
	"reflect"

	"gopkg.in/yaml.v3"
)

// manifestDiff says which cases of one manifest file differ from the
// manifest at the git ref: new cases, and cases whose YAML entry changed
// in any key (detection, data, expectation, paths). A manifest that git
// does not have at the ref, or that does not parse there, has every case
// changed.
type manifestDiff struct {
	all     bool
	changed map[string]bool // case id -> new or edited
}

func (d manifestDiff) has(caseID string) bool { return d.all || d.changed[caseID] }

// diffManifest compares the manifest at path with its version at ref.
// changes are the git changes of the manifest's repository: an unchanged
// file has no changed case.
func diffManifest(path, ref string, changes ChangedFiles) manifestDiff {
	if !changes.Has(path) {
		return manifestDiff{}
	}
	old, err := git(filepath.Dir(path), "show", ref+":./"+filepath.Base(path))
	if err != nil {
		return manifestDiff{all: true} // new (or moved) since ref
	}
	before, okOld := manifestCases([]byte(old))
	now, okNew := manifestCases(readOrNil(path))
	if !okOld || !okNew {
		return manifestDiff{all: true}
	}
	d := manifestDiff{changed: map[string]bool{}}
	for id, c := range now {
		if prev, ok := before[id]; !ok || !reflect.DeepEqual(prev, c) {
			d.changed[id] = true
		}
	}
	return d
}

// manifestCases reads a manifest's cases by id, each as plain data, so
// that comments, key order and formatting do not count as a change.
func manifestCases(src []byte) (map[string]any, bool) {
	var doc struct {
		Cases []map[string]any `yaml:"cases"`
	}
	if src == nil || yaml.Unmarshal(src, &doc) != nil {
		return nil, false
	}
	out := map[string]any{}
	for _, c := range doc.Cases {
		id, _ := c["id"].(string)
		out[id] = c
	}
	return out, true
}

func readOrNil(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return data
}
