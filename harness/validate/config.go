package validate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/dactest/dactest/harness/content"
	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"
)

// ConfigFile is the name of the config file looked for at the content root.
const ConfigFile = ".dactest.yml"

// Config is a .dactest.yml: check severities for the whole tree and for
// some files or detections.
type Config struct {
	File      string            // where it was read from
	Checks    map[string]string `yaml:"checks"`
	Overrides []Override        `yaml:"overrides"`
	Attack    string            `yaml:"attack"` // ATT&CK bundle, relative to File
}

// Override applies Checks to files matching Files (a doublestar glob
// relative to the content root) and/or detections named in Detections.
type Override struct {
	Files      string            `yaml:"files"`
	Detections []string          `yaml:"detections"`
	Checks     map[string]string `yaml:"checks"`
}

// FindConfig returns dir/.dactest.yml if it exists, else "".
func FindConfig(dir string) string {
	if dir == "" {
		return ""
	}
	p := filepath.Join(dir, ConfigFile)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// LoadConfig reads and validates a config file against
// schemas/config.schema.json. Problems come back as positioned findings
// (check "config"); the config is nil then.
func LoadConfig(path string) (*Config, []content.Finding) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, []content.Finding{configFinding(content.Pos{File: path}, err.Error())}
	}
	return parseConfig(path, src)
}

// parseConfig is LoadConfig on the file's bytes.
func parseConfig(path string, src []byte) (*Config, []content.Finding) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, []content.Finding{configFinding(content.Pos{File: path, Line: 1, Col: 1}, err.Error())}
	}
	if len(root.Content) == 0 {
		return &Config{File: path}, nil // an empty file changes nothing
	}
	doc := root.Content[0]
	if fs := schemaFindings(path, doc); len(fs) > 0 {
		return nil, fs
	}
	cfg := &Config{File: path}
	if err := doc.Decode(cfg); err != nil {
		return nil, []content.Finding{configFinding(content.PosOf(path, doc), err.Error())}
	}
	if fs := unknownChecks(path, doc); len(fs) > 0 {
		return nil, fs
	}
	if cfg.Attack != "" && !filepath.IsAbs(cfg.Attack) {
		cfg.Attack = filepath.Join(filepath.Dir(path), cfg.Attack)
	}
	return cfg, nil
}

func configFinding(p content.Pos, msg string) content.Finding {
	return content.Finding{Pos: p, Severity: content.SeverityError, Check: "config", Message: msg,
		Hint: "see schemas/config.schema.json and README \"Validation checks\""}
}

func schemaFindings(path string, doc *yaml.Node) []content.Finding {
	s, err := content.Schema("config")
	if err != nil {
		return []content.Finding{configFinding(content.Pos{File: path}, err.Error())}
	}
	var v any
	if err := doc.Decode(&v); err != nil {
		return []content.Finding{configFinding(content.PosOf(path, doc), err.Error())}
	}
	res, err := s.Validate(gojsonschema.NewGoLoader(v))
	if err != nil {
		return []content.Finding{configFinding(content.PosOf(path, doc), err.Error())}
	}
	var out []content.Finding
	for _, e := range res.Errors() {
		msg := e.Description()
		if e.Type() == "number_any_of" { // the only anyOf: an override's selector
			msg = "an override needs files: (a glob) or detections: (names)"
		}
		out = append(out, configFinding(content.PosOf(path, schemaNode(doc, e)), e.Field()+": "+msg))
	}
	return out
}

// schemaNode finds the node a schema error is about from its JSON path
// ("(root).overrides.0.checks"), falling back to the nearest parent.
func schemaNode(doc *yaml.Node, e gojsonschema.ResultError) *yaml.Node {
	n := doc
	for _, seg := range strings.Split(e.Field(), ".") {
		if seg == "(root)" {
			continue
		}
		next := content.NodeAt(n, seg)
		if next == nil {
			if n.Kind == yaml.SequenceNode {
				var i int
				if _, err := fmt.Sscan(seg, &i); err == nil && i < len(n.Content) {
					next = n.Content[i]
				}
			}
			if next == nil {
				return n
			}
		}
		n = next
	}
	return n
}

// unknownChecks: a misspelt check id would silently do nothing.
func unknownChecks(path string, doc *yaml.Node) []content.Finding {
	var out []content.Finding
	check := func(m *yaml.Node) {
		if m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			if _, ok := KnownCheck(k.Value); !ok {
				out = append(out, configFinding(content.PosOf(path, k),
					fmt.Sprintf("unknown check %q%s", k.Value, didYouMean(k.Value, checkIDs()))))
			}
		}
	}
	check(content.NodeAt(doc, "checks"))
	for _, o := range seq(content.NodeAt(doc, "overrides")) {
		check(content.NodeAt(o, "checks"))
	}
	return out
}

// ParseSeverityFlag parses one --severity id=level.
func ParseSeverityFlag(s string) (id, level string, err error) {
	id, level, ok := strings.Cut(s, "=")
	if !ok {
		return "", "", fmt.Errorf("--severity %q: want check-id=level", s)
	}
	if _, known := KnownCheck(id); !known {
		return "", "", fmt.Errorf("--severity: unknown check %q%s", id, didYouMean(id, checkIDs()))
	}
	switch level {
	case content.SeverityError, content.SeverityWarning, content.SeverityInfo, SeverityOff:
		return id, level, nil
	}
	return "", "", errors.New("--severity " + s + ": level must be error, warning, info or off")
}

// Policy decides each finding's final severity. Precedence, lowest first:
// the check's default, Config.Checks, matching Config.Overrides in order,
// then Flags (--severity).
type Policy struct {
	Config *Config
	Flags  map[string]string
}

// Apply returns fs with severities changed and silenced findings dropped.
// File globs match the path relative to the tree's root.
func (p Policy) Apply(tree *content.Tree, fs []content.Finding) []content.Finding {
	names := map[string]string{}
	for _, d := range tree.Detections {
		names[d.File] = d.Name
	}
	out := make([]content.Finding, 0, len(fs))
	for _, f := range fs {
		f.Severity = p.severity(f, relPath(tree.Label, f.Pos.File), names[f.Pos.File])
		if f.Severity != SeverityOff {
			out = append(out, f)
		}
	}
	return out
}

func (p Policy) severity(f content.Finding, rel, detection string) string {
	sev := f.Severity
	if c := p.Config; c != nil {
		if s, ok := c.Checks[f.Check]; ok {
			sev = s
		}
		for _, o := range c.Overrides {
			if s, ok := o.Checks[f.Check]; ok && o.matches(rel, detection) {
				sev = s
			}
		}
	}
	if s, ok := p.Flags[f.Check]; ok {
		sev = s
	}
	return sev
}

// matches: both selectors, when given, must hold.
func (o Override) matches(rel, detection string) bool {
	if o.Files != "" {
		if ok, err := doublestar.Match(o.Files, rel); err != nil || !ok {
			return false
		}
	}
	if len(o.Detections) > 0 {
		for _, d := range o.Detections {
			if d == detection {
				return true
			}
		}
		return false
	}
	return true
}

func relPath(label, file string) string {
	if label == "" || label == "." {
		return file
	}
	return strings.TrimPrefix(file, strings.TrimSuffix(label, "/")+"/")
}
