package datamodel

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

//go:embed cim/*.json
var cimFiles embed.FS

// CIM returns the embedded Common Information Model data models.
func CIM() (*Set, error) { return Load(cimFiles, "cim") }

// Load reads every *.json model in dir of fsys, so users can ship their own
// models as data.
func Load(fsys fs.FS, dir string) (*Set, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var models []*Model
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		m, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		models = append(models, m)
	}
	return NewSet(models...)
}
