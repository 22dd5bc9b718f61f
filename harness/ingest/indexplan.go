package ingest

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"gopkg.in/yaml.v3"
)

// indexPlanFor merges the index-time settings of the stanzas matching
// meta, with props.conf precedence (source beats host beats sourcetype,
// exact beats pattern, then ASCII order); nil when no stanza sets any,
// which leaves the dataset to the content-sniffing readers.
func (a *Addons) indexPlanFor(meta Meta) *indexPlan {
	if a == nil {
		return nil
	}
	key := meta.Source + "\x00" + meta.Sourcetype + "\x00" + meta.Host
	if p, ok := a.indexPlans.Load(key); ok {
		return p.(*indexPlan)
	}
	var p *indexPlan
	merged := mergeStanzas(a.stanzas, meta.Source, meta.Sourcetype, meta.Host)
	for _, k := range sortedKeys(merged) {
		at := merged[k]
		if at.index == nil {
			continue
		}
		if p == nil {
			p = defaultIndexPlan()
		}
		at.index(p)
		p.origin[k] = at.origin
	}
	a.indexPlans.Store(key, p)
	return p
}

var (
	defaultIndexOnce sync.Once
	defaultIndex     *Addons
	defaultIndexErr  error
)

// defaultIndexAddons holds the index-time settings of the embedded add-on
// definitions, compiled once without the SPL compilers (index-time
// settings need none): what ReadFile and Scan use when ReadOptions names
// no add-ons.
func defaultIndexAddons() (*Addons, error) {
	defaultIndexOnce.Do(func() {
		sub, err := fs.Sub(addonFiles, "addons")
		if err == nil {
			defaultIndex, err = loadIndexTimeOnly(sub)
		}
		defaultIndexErr = err
	})
	return defaultIndex, defaultIndexErr
}

// loadIndexTimeOnly reads the index-time settings of every *.yml of fsys.
func loadIndexTimeOnly(fsys fs.FS) (*Addons, error) {
	names, err := fs.Glob(fsys, "*.yml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	a := &Addons{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f AddonFile
		if err := yaml.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		for _, spec := range sortedKeys(f.Props) {
			attrs := map[string]string{}
			for k, v := range f.Props[spec] {
				if _, ok := indexSettings[k]; ok {
					attrs[k] = v
				}
			}
			if len(attrs) == 0 {
				continue
			}
			st, err := compileStanza(path.Base(name), spec, attrs, Compilers{}, nil)
			if err != nil {
				return nil, err
			}
			a.stanzas = append(a.stanzas, st)
		}
	}
	return a, nil
}
