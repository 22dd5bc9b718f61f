package content

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/internal/suggest"
)

var schemaDocs sync.Map // name -> map[string]any, the raw schema JSON

// knownKeys lists the properties the named schema allows for the object at
// path (document keys and sequence indices), following local $refs.
func knownKeys(schemaName string, path []string) []string {
	node := rawSchema(schemaName)
	root := node
	for _, seg := range path {
		node = deref(root, node)
		if _, err := strconv.Atoi(seg); err == nil {
			node, _ = node["items"].(map[string]any)
		} else {
			props, _ := node["properties"].(map[string]any)
			node, _ = props[seg].(map[string]any)
		}
		if node == nil {
			return nil
		}
	}
	props, _ := deref(root, node)["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func rawSchema(name string) map[string]any {
	if v, ok := schemaDocs.Load(name); ok {
		return v.(map[string]any)
	}
	var doc map[string]any
	data, err := dactest.Schemas.ReadFile("schemas/" + name + ".schema.json")
	if err == nil {
		_ = json.Unmarshal(data, &doc)
	}
	schemaDocs.Store(name, doc)
	return doc
}

// deref follows a "#/definitions/x" reference.
func deref(root, node map[string]any) map[string]any {
	ref, _ := node["$ref"].(string)
	if name, ok := strings.CutPrefix(ref, "#/definitions/"); ok {
		defs, _ := root["definitions"].(map[string]any)
		if d, ok := defs[name].(map[string]any); ok {
			return d
		}
	}
	return node
}

// DidYouMean suggests the candidate a typo of got most probably meant
// (suggest.Nearest) as ` (did you mean "x"?)`, or "" when nothing is close
// enough to help.
func DidYouMean(got string, candidates []string) string {
	if best := suggest.Nearest(got, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
