package content

import (
	"fmt"
	"path"

	"gopkg.in/yaml.v3"
)

// Macro is one macros/*.yml file.
type Macro struct {
	Name          string
	Arguments     []string
	Definition    string
	Description   string
	File          string
	DefinitionPos Pos
	Node          *yaml.Node
	defNode       *yaml.Node
	src           []byte
	defMap        scalarMap
}

// Key is the name Splunk gives the macro: "name" or, with N arguments,
// "name(N)".
func (m *Macro) Key() string { return MacroKey(m.Name, len(m.Arguments)) }

// MacroKey names a macro called with nargs arguments the way Splunk does.
func MacroKey(name string, nargs int) string {
	if nargs == 0 {
		return name
	}
	return fmt.Sprintf("%s(%d)", name, nargs)
}

// MacroLocation maps a byte offset inside Definition to file:line:col, like
// Detection.SearchLocation.
func (m *Macro) MacroLocation(offset int) Pos {
	return m.defMap.locate(m.File, m.src, m.defNode, offset)
}

func buildMacro(file string, src []byte, root *yaml.Node) *Macro {
	def := get(root, "definition")
	return &Macro{
		Name: str(get(root, "name")), Arguments: strs(get(root, "arguments")),
		Definition: str(def), Description: str(get(root, "description")),
		File: file, DefinitionPos: nodePos(file, def), Node: root,
		defNode: def, src: src,
	}
}

// Lookup is one lookups/*.yml file: a CSV (or ML model) file lookup or a KV
// store collection.
type Lookup struct {
	Name, Description  string
	Filename           string // as written in the YAML
	CSVPath            string // slash path of Filename inside the loaded fs.FS ("" for collections)
	Collection         string // KV store collection
	FieldsList         string
	MatchType          string // e.g. WILDCARD(domain)
	CaseSensitiveMatch *bool
	MinMatches         *int
	MaxMatches         *int
	DefaultMatch       string
	File               string
	Node               *yaml.Node
}

func buildLookup(file, dir string, root *yaml.Node) *Lookup {
	l := &Lookup{
		Name: str(get(root, "name")), Description: str(get(root, "description")),
		Filename: str(get(root, "filename")), Collection: str(get(root, "collection")),
		FieldsList: str(get(root, "fields_list")), MatchType: str(get(root, "match_type")),
		DefaultMatch: str(get(root, "default_match")), File: file, Node: root,
	}
	if l.Filename != "" {
		l.CSVPath = path.Join(dir, l.Filename)
	}
	if b, ok := boolOf(get(root, "case_sensitive_match")); ok {
		l.CaseSensitiveMatch = &b
	}
	l.MinMatches = optInt(get(root, "min_matches"))
	l.MaxMatches = optInt(get(root, "max_matches"))
	return l
}

func optInt(n *yaml.Node) *int {
	if i, ok := intOf(n); ok {
		return &i
	}
	return nil
}

// Story is one stories/*.yml file (an analytic story).
type Story struct {
	Name, ID string
	File     string
	Node     *yaml.Node
}

func buildStory(file string, root *yaml.Node) *Story {
	return &Story{Name: str(get(root, "name")), ID: str(get(root, "id")), File: file, Node: root}
}

// DataSource is one data_sources/*.yml file.
type DataSource struct {
	Name, ID           string
	Source, Sourcetype string
	Fields             []string
	OutputFields       []string // 2026 shape
	ExampleLog         string
	File               string
	Node               *yaml.Node
}

func buildDataSource(file string, root *yaml.Node) *DataSource {
	return &DataSource{
		Name: str(get(root, "name")), ID: str(get(root, "id")),
		Source: str(get(root, "source")), Sourcetype: str(get(root, "sourcetype")),
		Fields: strs(get(root, "fields")), OutputFields: strs(get(root, "output_fields")),
		ExampleLog: str(get(root, "example_log")), File: file, Node: root,
	}
}
