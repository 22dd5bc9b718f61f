package content

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/dactest/dactest"
	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"
)

// Schema names, one per file schemas/<name>.schema.json.
const (
	SchemaDetection  = "detection"
	SchemaMacro      = "macro"
	SchemaLookup     = "lookup"
	SchemaStory      = "story"
	SchemaDataSource = "data_source"
	SchemaManifest   = "manifest"
	SchemaReport     = "report"
)

var schemaCache sync.Map // name -> *compiledSchema

type compiledSchema struct {
	once   sync.Once
	schema *gojsonschema.Schema
	err    error
}

// Schema returns the compiled embedded JSON Schema of that name. Compilation
// happens once per process.
func Schema(name string) (*gojsonschema.Schema, error) {
	v, _ := schemaCache.LoadOrStore(name, &compiledSchema{})
	c := v.(*compiledSchema)
	c.once.Do(func() {
		data, err := dactest.Schemas.ReadFile("schemas/" + name + ".schema.json")
		if err != nil {
			c.err = fmt.Errorf("schema %s: %w", name, err)
			return
		}
		c.schema, c.err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(data))
		if c.err != nil {
			c.err = fmt.Errorf("schema %s: %w", name, c.err)
		}
	})
	return c.schema, c.err
}

// validateNode checks a document against a schema and reports each violation
// at the YAML position of the offending value, not as a JSON pointer.
func validateNode(schemaName, file string, root *yaml.Node) []Finding {
	s, err := Schema(schemaName)
	if err != nil {
		return []Finding{errorAt(Pos{File: file}, CheckSchema, err.Error(), "")}
	}
	v, ok := toValue(root)
	if !ok {
		return []Finding{errorAt(nodePos(file, root), CheckYAMLSyntax,
			"document nests too deeply or its aliases expand too far", "do not make aliases refer to themselves or nest them")}
	}
	res, err := s.Validate(gojsonschema.NewGoLoader(v))
	if err != nil {
		return []Finding{errorAt(nodePos(file, root), CheckSchema, err.Error(), "")}
	}
	var out []Finding
	for _, e := range res.Errors() {
		out = append(out, schemaFinding(schemaName, file, root, e))
	}
	return out
}

// pathSep cannot occur in YAML keys of real content, so the gojsonschema
// context can be split back into its segments exactly.
const pathSep = "\x00"

func schemaFinding(schemaName, file string, root *yaml.Node, e gojsonschema.ResultError) Finding {
	segs := strings.Split(e.Context().String(pathSep), pathSep)[1:] // drop "(root)"
	target := nodeAt(root, segs)
	field := strings.Join(segs, ".")
	prop, _ := e.Details()["property"].(string)
	var msg, hint string
	switch e.Type() {
	case "additional_property_not_allowed":
		if k := keyNode(target, prop); k != nil {
			target = k
		}
		msg = fmt.Sprintf("unknown key %q%s%s", prop, inField(field), DidYouMean(prop, knownKeys(schemaName, segs)))
		hint = "remove the key or fix its spelling"
	case "required":
		msg = fmt.Sprintf("missing required key %q%s", prop, inField(field))
		hint = "add the key"
	default:
		msg = fmt.Sprintf("%s: %s", displayField(field), e.Description())
		hint = "see schemas/" + schemaName + ".schema.json"
	}
	return errorAt(nodePos(file, target), CheckSchema, msg, hint)
}

func inField(field string) string {
	if field == "" {
		return ""
	}
	return " in " + field
}

func displayField(field string) string {
	if field == "" {
		return "document"
	}
	return field
}

// nodeAt walks the node tree along a schema error's path; it stops at the
// deepest node that exists, which is the best position available.
func nodeAt(root *yaml.Node, segs []string) *yaml.Node {
	n := resolve(root)
	for _, s := range segs {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			next = get(n, s)
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(s); err == nil && i >= 0 && i < len(n.Content) {
				next = resolve(n.Content[i])
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}
