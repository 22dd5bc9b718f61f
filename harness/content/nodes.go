package content

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// get returns the value node of key in mapping m, or nil. With duplicate keys
// the last one wins, as in PyYAML.
func get(m *yaml.Node, key string) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var v *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v = resolve(m.Content[i+1])
		}
	}
	return v
}

// keyNode returns the key node of key in mapping m, or nil.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// str returns a scalar's text; anything else (including null) gives "".
// Wrong types are the schema's business, not the loader's.
func str(n *yaml.Node) string {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// strs returns the scalar items of a sequence; a lone scalar counts as a
// one-item list.
func strs(n *yaml.Node) []string {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if s := str(n); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if c = resolve(c); c.Kind == yaml.ScalarNode {
			out = append(out, c.Value)
		}
	}
	return out
}

// items returns the element nodes of a sequence.
func items(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = resolve(c)
	}
	return out
}

// intOf parses an integer scalar (quoted or not, as pydantic's lax mode
// accepts "5").
func intOf(n *yaml.Node) (int, bool) {
	s := strings.ReplaceAll(str(n), "_", "")
	if s == "" {
		return 0, false
	}
	i, err := strconv.ParseInt(s, 0, 64)
	return int(i), err == nil
}

// boolOf reads a boolean scalar; "true"/"false" in any case, quoted or not.
func boolOf(n *yaml.Node) (bool, bool) {
	switch strings.ToLower(str(n)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// toValue converts a node into the plain Go values JSON Schema validates:
// map[string]any, []any, string, numbers, bool, nil. Timestamps stay
// strings, because that is what they are in the content model (dates).
// ok is false when alias expansion would exceed maxExpandedNodes (a
// "billion laughs" document).
func toValue(n *yaml.Node) (v any, ok bool) {
	budget := maxExpandedNodes
	v = toValueBudget(n, &budget, 0)
	return v, budget >= 0
}

// maxExpandedNodes and maxDepth bound the converted size; real detections
// have a few hundred nodes, nested five deep. A self-referencing alias
// (&x [*x]) hits maxDepth.
const (
	maxExpandedNodes = 100_000
	maxDepth         = 64
)

func toValueBudget(n *yaml.Node, budget *int, depth int) any {
	n = resolve(n)
	if *budget--; n == nil || *budget < 0 {
		return nil
	}
	if depth > maxDepth {
		*budget = -1
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = toValueBudget(n.Content[i+1], budget, depth+1)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = toValueBudget(c, budget, depth+1)
		}
		return s
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return nil
}

func scalarValue(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		b, _ := boolOf(n)
		return b
	case "!!int":
		if i, ok := intOf(n); ok {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	return n.Value
}

// NodeAt follows keys (and decimal indices into sequences) from root and
// returns the node found, or nil. Validators use it to point findings at
// the exact value they concern.
func NodeAt(root *yaml.Node, path ...string) *yaml.Node {
	n := resolve(root)
	for _, s := range path {
		if n == nil {
			return nil
		}
		switch n.Kind {
		case yaml.MappingNode:
			n = get(n, s)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = resolve(n.Content[i])
		default:
			return nil
		}
	}
	return n
}

// KeyAt returns the key node of the last element of path (for findings about
// a key rather than its value), or nil.
func KeyAt(root *yaml.Node, path ...string) *yaml.Node {
	if len(path) == 0 {
		return nil
	}
	return keyNode(NodeAt(root, path[:len(path)-1]...), path[len(path)-1])
}

// PosOf is the position of node n in file; a nil node gives file:1:1.
func PosOf(file string, n *yaml.Node) Pos { return nodePos(file, n) }
