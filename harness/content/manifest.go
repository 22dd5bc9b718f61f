package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Manifest is a test manifest: cases of detection × datasets × expectation.
type Manifest struct {
	File  string // absolute path of the manifest
	Cases []Case
}

// Case is one manifest case. Content, DetectionPath and every DataRef.Path
// are absolute (resolved against the manifest's directory); Detection stays
// relative to Content, as the tree's Load names it.
type Case struct {
	ID            string
	Content       string
	Detection     string
	DetectionPath string
	Data          []DataRef
	Expect        Expect
	Pos           Pos
}

// DataRef is one dataset replayed by a case.
type DataRef struct {
	Path, Source, Sourcetype, Host string
	Pos                            Pos
}

// Expect is a case's expectation: Fires says whether the search returns any
// result; Results, when set, is the exact number of result rows.
type Expect struct {
	Fires   bool
	Results *int
	Range   *Range // results: {min, max}
}

// Findings is an error made of positioned findings.
type Findings []Finding

func (fs Findings) Error() string {
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = f.String()
	}
	return strings.Join(lines, "\n")
}

// LoadManifest reads and validates a manifest. Problems (YAML, schema,
// duplicate case ids) come back as a Findings error alongside whatever
// cases could be read.
func LoadManifest(path string) (*Manifest, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	root, findings := parseYAML(path, src)
	if root == nil {
		return nil, Findings(findings)
	}
	findings = append(findings, validateNode(SchemaManifest, path, root)...)
	m := &Manifest{File: abs}
	dir := filepath.Dir(abs)
	seen := map[string]Pos{}
	for _, n := range items(get(root, "cases")) {
		c := buildCase(path, dir, n)
		if first, dup := seen[c.ID]; dup && c.ID != "" {
			findings = append(findings, errorAt(c.Pos, "manifest-duplicate-id",
				fmt.Sprintf("case id %q already used at %s", c.ID, first), "give every case its own id"))
		}
		seen[c.ID] = c.Pos
		m.Cases = append(m.Cases, c)
	}
	if len(findings) > 0 {
		SortFindings(findings)
		return m, Findings(findings)
	}
	return m, nil
}

func buildCase(file, dir string, n *yaml.Node) Case {
	c := Case{
		ID: str(get(n, "id")), Content: resolvePath(dir, str(get(n, "content"))),
		Detection: str(get(n, "detection")), Pos: nodePos(file, n),
	}
	if c.Detection != "" {
		c.DetectionPath = filepath.Join(c.Content, filepath.FromSlash(c.Detection))
	}
	for _, d := range items(get(n, "data")) {
		c.Data = append(c.Data, DataRef{
			Path:   resolvePath(dir, str(get(d, "path"))),
			Source: str(get(d, "source")), Sourcetype: str(get(d, "sourcetype")),
			Host: str(get(d, "host")), Pos: nodePos(file, d),
		})
	}
	exp := get(n, "expect")
	c.Expect.Fires, _ = boolOf(get(exp, "fires"))
	c.Expect.Results, c.Expect.Range = countOf(get(exp, "results"))
	return c
}

func resolvePath(dir, p string) string {
	if p == "" || filepath.IsAbs(p) || strings.Contains(p, "://") { // a URL is downloaded as given
		return p
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}
