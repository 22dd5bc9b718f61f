// Package datamodel holds Splunk data models (the CIM ones by default) as
// data: each dataset ("node") has a parent, a constraint written as an SPL
// search, and fields. The engine decides which events belong to a node and
// projects their fields; this package only loads and validates the models.
package datamodel

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/spl"
)

// Set is a collection of data models by name.
type Set struct {
	models map[string]*Model
}

// Model is one data model, e.g. Endpoint.
type Model struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Objects     []*Node `json:"objects"`
	byName      map[string]*Node
}

// Node is one dataset of a model, e.g. Endpoint.Processes.
type Node struct {
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	// Constraint is an SPL search expression an event must match, on top of
	// its parents' constraints, to belong to the node.
	Constraint string `json:"constraint"`
	// Fields are extracted fields the node defines: tstats names each
	// <lineage path>.field (All_Certificates.SSL.ssl_serial) and reads the
	// event's field of that name.
	Fields []string `json:"fields,omitempty"`
	// Calculated fields are computed with an eval expression on the event.
	Calculated []Calculated `json:"calculated,omitempty"`

	model  *Model
	parent *Node
}

// Calculated is a field whose value is an eval expression.
type Calculated struct {
	Name string `json:"name"`
	Eval string `json:"eval"`
}

// Field is one field of a node as tstats sees it.
type Field struct {
	Name string // unprefixed, e.g. process_name
	Eval string // empty for an extracted field
	// Owner is the dataset that defines the field (the node itself or an
	// ancestor): Splunk names the field by the owner's path, not by the
	// dataset being searched.
	Owner *Node
}

// QualifiedName is the field's name in tstats and in data-model search
// results: the owner's lineage path and the field name
// (All_Certificates.src, All_Certificates.SSL.ssl_issuer).
func (f Field) QualifiedName() string { return f.Owner.Path() + "." + f.Name }

// NewSet validates and indexes models.
func NewSet(models ...*Model) (*Set, error) {
	s := &Set{models: map[string]*Model{}}
	for _, m := range models {
		if _, dup := s.models[m.Name]; dup {
			return nil, fmt.Errorf("data model %s defined twice", m.Name)
		}
		if err := m.index(); err != nil {
			return nil, err
		}
		s.models[m.Name] = m
	}
	return s, nil
}

// Parse decodes one model from JSON and validates it.
func Parse(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if err := m.index(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Models lists the model names, sorted.
func (s *Set) Models() []string {
	names := make([]string, 0, len(s.models))
	for n := range s.models {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Model returns a model by name.
func (s *Set) Model(name string) (*Model, bool) {
	m, ok := s.models[name]
	return m, ok
}

// Node finds model.node; an empty node name means the model's first root
// dataset (`from datamodel=Web` is the Web dataset).
func (s *Set) Node(model, node string) (*Node, error) {
	m, ok := s.models[model]
	if !ok {
		return nil, fmt.Errorf("unknown data model %q", model)
	}
	if node == "" {
		return m.Objects[0], nil
	}
	n, ok := m.byName[node]
	if !ok {
		return nil, fmt.Errorf("data model %s has no dataset %q", model, node)
	}
	return n, nil
}

// Model is the model the node belongs to.
func (n *Node) Model() *Model { return n.model }

// Lineage lists the node's ancestors from the root down to the node.
func (n *Node) Lineage() []*Node {
	var chain []*Node
	for x := n; x != nil; x = x.parent {
		chain = append([]*Node{x}, chain...)
	}
	return chain
}

// Root is the top dataset of the node's lineage; its name prefixes every
// field tstats shows (Processes.process_name, Authentication.user).
func (n *Node) Root() *Node { return n.Lineage()[0] }

// Path is the node's lineage path, root first, without the model name
// (All_Traffic.Traffic_By_Action.Blocked_Traffic): tstats' nodename value
// and the prefix of the fields the node defines.
func (n *Node) Path() string {
	var b strings.Builder
	for i, x := range n.Lineage() {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(x.Name)
	}
	return b.String()
}

// OwnFields lists the fields the node itself defines (not inherited), by
// name.
func (n *Node) OwnFields() []Field {
	var out []Field
	for _, f := range n.Fields {
		out = append(out, Field{Name: f, Owner: n})
	}
	for _, c := range n.Calculated {
		out = append(out, Field{Name: c.Name, Eval: c.Eval, Owner: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// AllFields lists the node's fields including inherited ones, by name.
func (n *Node) AllFields() []Field {
	var out []Field
	for _, x := range n.Lineage() {
		out = append(out, x.OwnFields()...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Descendants lists the datasets below the node (children, their
// children, ...), in the model's order. A search over the node can read
// their fields too: an event outside a descendant has them null.
func (n *Node) Descendants() []*Node {
	var out []*Node
	for _, x := range n.model.Objects {
		for p := x.parent; p != nil; p = p.parent {
			if p == n {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// fieldNameRE also takes dotted names: ES's Risk model defines
// annotations.mitre_attack.mitre_technique_id, which its own risk
// threshold rule reads as All_Risk.annotations.mitre_attack.mitre_technique_id.
var fieldNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// index validates the model: named nodes, known parents, no cycles,
// constraints present, field names unique along each lineage.
func (m *Model) index() error {
	if !nameRE.MatchString(m.Name) || len(m.Objects) == 0 {
		return fmt.Errorf("data model %q: needs a name and at least one dataset", m.Name)
	}
	m.byName = map[string]*Node{}
	for _, n := range m.Objects {
		if !nameRE.MatchString(n.Name) {
			return fmt.Errorf("data model %s: bad dataset name %q", m.Name, n.Name)
		}
		if _, dup := m.byName[n.Name]; dup {
			return fmt.Errorf("data model %s: dataset %s defined twice", m.Name, n.Name)
		}
		if n.Constraint == "" {
			return fmt.Errorf("data model %s: dataset %s has no constraint", m.Name, n.Name)
		}
		n.model = m
		m.byName[n.Name] = n
	}
	for _, n := range m.Objects {
		if err := m.link(n); err != nil {
			return err
		}
	}
	for _, n := range m.Objects {
		if err := n.checkFields(); err != nil {
			return err
		}
		if err := n.checkSPL(); err != nil {
			return err
		}
	}
	return nil
}

// checkSPL parses the constraint and calculated-field expressions, so a
// broken model fails when loaded rather than when a detection runs.
func (n *Node) checkSPL() error {
	if _, err := spl.ParseSearchExpr(n.Constraint); err != nil {
		return fmt.Errorf("data model %s: dataset %s: constraint: %v", n.model.Name, n.Name, err)
	}
	for _, c := range n.Calculated {
		if _, err := spl.ParseEvalExpr(c.Eval); err != nil {
			return fmt.Errorf("data model %s: dataset %s: field %s: %v", n.model.Name, n.Name, c.Name, err)
		}
	}
	return nil
}

func (m *Model) link(n *Node) error {
	if n.Parent == "" {
		return nil
	}
	p, ok := m.byName[n.Parent]
	if !ok {
		return fmt.Errorf("data model %s: dataset %s has unknown parent %s", m.Name, n.Name, n.Parent)
	}
	for x := p; x != nil; x = m.byName[x.Parent] {
		if x == n {
			return fmt.Errorf("data model %s: dataset %s is its own ancestor", m.Name, n.Name)
		}
		if x.Parent == "" {
			break
		}
	}
	n.parent = p
	return nil
}

func (n *Node) checkFields() error {
	seen := map[string]bool{}
	for _, f := range n.AllFields() {
		if !fieldNameRE.MatchString(f.Name) {
			return fmt.Errorf("data model %s: dataset %s: bad field name %q", n.model.Name, n.Name, f.Name)
		}
		if seen[f.Name] {
			return fmt.Errorf("data model %s: dataset %s: field %s defined twice", n.model.Name, n.Name, f.Name)
		}
		seen[f.Name] = true
	}
	return nil
}
