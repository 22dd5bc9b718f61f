package content

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// Tree is a loaded content tree.
type Tree struct {
	Label       string
	Detections  []*Detection
	Macros      map[string]*Macro // key "name" or "name(N)" (see MacroKey)
	Lookups     map[string]*Lookup
	Stories     map[string]*Story
	DataSources map[string]*DataSource
	// Objects lists every loaded object in file order, duplicates included
	// (the maps keep the first of two same-named objects).
	Objects  []Object
	Findings []Finding // load problems, each with a position
	FS       fs.FS     // the tree's files, e.g. for lookup CSVs
}

// Object is the identity of one loaded content file, whatever its kind.
type Object struct {
	Kind     string // detection|macro|lookup|story|data_source
	Name, ID string
	File     string     // as named in messages
	Path     string     // slash path inside the fs.FS
	Node     *yaml.Node // root mapping
}

// Content kinds and the directories they are read from.
var kinds = []struct{ kind, dir string }{
	{SchemaDetection, "detections"},
	{SchemaMacro, "macros"},
	{SchemaLookup, "lookups"},
	{SchemaStory, "stories"},
	{SchemaDataSource, "data_sources"},
}

// Load reads every .yml file under detections/, macros/, lookups/, stories/
// and data_sources/ of fsys. label prefixes file names in messages (e.g. the
// directory path). Files that cannot be parsed are reported in
// Tree.Findings and skipped; everything else loads. The error is only for an
// unreadable root.
func Load(fsys fs.FS, label string) (*Tree, error) {
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return nil, fmt.Errorf("content root %s: %w", label, err)
	}
	t := &Tree{
		Label: label, FS: fsys,
		Macros: map[string]*Macro{}, Lookups: map[string]*Lookup{},
		Stories: map[string]*Story{}, DataSources: map[string]*DataSource{},
	}
	var jobs []fileJob
	for _, k := range kinds {
		for _, p := range ymlFiles(fsys, k.dir, t) {
			jobs = append(jobs, fileJob{kind: k.kind, path: p, file: fileName(label, p)})
		}
	}
	parseAll(fsys, jobs)
	for i := range jobs {
		t.add(&jobs[i])
	}
	SortFindings(t.Findings)
	return t, nil
}

// fileName joins the label and a path inside the fs for messages.
func fileName(label, p string) string {
	if label == "" || label == "." {
		return p
	}
	return strings.TrimSuffix(label, "/") + "/" + p
}

// ymlFiles lists dir's .yml files recursively, in lexical order; a missing
// dir is not an error (trees need not have every kind).
func ymlFiles(fsys fs.FS, dir string, t *Tree) []string {
	var out []string
	// The callback never returns an error, so neither does WalkDir.
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != dir {
				t.Findings = append(t.Findings, errorAt(Pos{File: fileName(t.Label, p)},
					CheckReadError, err.Error(), "check file permissions"))
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(p, ".yml") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// fileJob is one file's work: read, parse, schema-check.
type fileJob struct {
	kind, path, file string
	src              []byte
	root             *yaml.Node
	findings         []Finding
}

// parseAll processes the files in parallel; each job only touches itself.
// fsys must allow concurrent reads, as os.DirFS, embed.FS and fstest.MapFS do.
func parseAll(fsys fs.FS, jobs []fileJob) {
	next := make(chan *fileJob)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				j.run(fsys)
			}
		})
	}
	for i := range jobs {
		next <- &jobs[i]
	}
	close(next)
	wg.Wait()
}

func (j *fileJob) run(fsys fs.FS) {
	src, err := fs.ReadFile(fsys, j.path)
	if err != nil {
		j.findings = []Finding{errorAt(Pos{File: j.file}, CheckReadError, err.Error(), "check file permissions")}
		return
	}
	j.src = src
	j.root, j.findings = parseYAML(j.file, src)
	if j.root == nil {
		return
	}
	if j.root.Kind != yaml.MappingNode {
		j.findings = append(j.findings, errorAt(nodePos(j.file, j.root), CheckSchema,
			"document must be a mapping of keys to values", "start the file with `name: ...`"))
		j.root = nil
		return
	}
	j.findings = append(j.findings, validateNode(j.kind, j.file, j.root)...)
}

// add turns a parsed file into its content object.
func (t *Tree) add(j *fileJob) {
	t.Findings = append(t.Findings, j.findings...)
	if j.root == nil {
		return
	}
	obj := Object{Kind: j.kind, Name: str(get(j.root, "name")), ID: str(get(j.root, "id")),
		File: j.file, Path: j.path, Node: j.root}
	t.Objects = append(t.Objects, obj)
	switch j.kind {
	case SchemaDetection:
		t.Detections = append(t.Detections, buildDetection(j.file, j.path, j.src, j.root))
	case SchemaMacro:
		m := buildMacro(j.file, j.src, j.root)
		addOnce(t.Macros, m.Key(), m)
	case SchemaLookup:
		addOnce(t.Lookups, obj.Name, buildLookup(j.file, path.Dir(j.path), j.root))
	case SchemaStory:
		addOnce(t.Stories, obj.Name, buildStory(j.file, j.root))
	case SchemaDataSource:
		addOnce(t.DataSources, obj.Name, buildDataSource(j.file, j.root))
	}
}

func addOnce[V any](m map[string]V, key string, v V) {
	if _, dup := m[key]; !dup {
		m[key] = v
	}
}

// DetectionByPath returns the detection at slash path p inside the tree's
// fs (e.g. "detections/endpoint/x.yml", as manifests name them), or nil.
func (t *Tree) DetectionByPath(p string) *Detection {
	p = path.Clean(p)
	for _, d := range t.Detections {
		if d.Path == p {
			return d
		}
	}
	return nil
}
