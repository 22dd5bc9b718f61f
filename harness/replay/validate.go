package replay

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"
)

// Check ids of descriptor findings.
const (
	CheckDescriptorYAML   = "dataset-yaml"
	CheckDescriptorSchema = "dataset-schema"
	CheckDescriptorFile   = "dataset-file"
	CheckDescriptorSource = "dataset-source"
	CheckDescriptorNone   = "dataset-none"
	// CheckDescriptorSourcetype: the file's content contradicts its
	// sourcetype (Windows XML events labelled aws:cloudtrail).
	CheckDescriptorSourcetype = "dataset-sourcetype"
)

// SchemaName is the embedded schema descriptors are checked against
// (schemas/dataset.schema.json).
const SchemaName = "dataset"

// ValidateDir checks every *.yml and *.yaml descriptor under dir. A folder
// without any is an error: validating nothing must not pass.
func ValidateDir(dir string) ([]content.Finding, int, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && IsDescriptor(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return []content.Finding{finding(content.Pos{File: dir}, content.SeverityError, CheckDescriptorNone,
			"no dataset descriptors (*.yml, *.yaml) found in this folder or below",
			"name the attack_data folder holding the descriptors, or the descriptor files themselves")}, 0, nil
	}
	var out []content.Finding
	for _, f := range files {
		out = append(out, ValidateFile(f)...)
	}
	content.SortFindings(out)
	return out, len(files), nil
}

// ValidateFile checks one descriptor against the schema, then that each
// data file it names exists and has the metadata the add-ons key on.
func ValidateFile(file string) []content.Finding {
	data, err := os.ReadFile(file)
	if err != nil {
		return []content.Finding{finding(content.Pos{File: file}, content.SeverityError, CheckDescriptorYAML, err.Error(), "")}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []content.Finding{finding(yamlErrorPos(file, err), content.SeverityError, CheckDescriptorYAML, err.Error(), "fix the YAML syntax")}
	}
	if len(doc.Content) == 0 {
		return []content.Finding{finding(content.Pos{File: file, Line: 1, Col: 1}, content.SeverityError, CheckDescriptorYAML, "empty document", "")}
	}
	root := doc.Content[0]
	out := schemaFindings(file, root)
	if len(out) > 0 {
		return out
	}
	d, err := ReadDescriptor(file)
	if err != nil {
		return []content.Finding{finding(content.Pos{File: file, Line: 1, Col: 1}, content.SeverityError, CheckDescriptorSchema, err.Error(), "")}
	}
	return append(out, entryFindings(d)...)
}

func entryFindings(d *Descriptor) []content.Finding {
	var out []content.Finding
	for _, e := range d.Entries {
		path, err := d.resolve(e.Path)
		if err != nil {
			// A test replaying this descriptor would have no data: an
			// error, not a note.
			out = append(out, finding(e.Pos, content.SeverityError, CheckDescriptorFile, err.Error(),
				"fetch the file (attack_data keeps data in Git LFS, some folders only as an archive) or fix the path"))
		} else if msg := sourcetypeMismatch(path, e.Sourcetype); msg != "" {
			out = append(out, finding(e.Pos, content.SeverityWarning, CheckDescriptorSourcetype, msg,
				"set the sourcetype the data was indexed with (XmlWinEventLog for Windows XML events)"))
		}
		if e.Source == "" {
			out = append(out, finding(e.Pos, content.SeverityWarning, CheckDescriptorSource,
				"no source for this file (the older `dataset:` form has none); add-ons key their field extractions on source",
				"rewrite the descriptor in the `datasets:` form with source and sourcetype, or pass --source when replaying"))
		}
	}
	return out
}

func schemaFindings(file string, root *yaml.Node) []content.Finding {
	s, err := content.Schema(SchemaName)
	if err != nil {
		return []content.Finding{finding(content.Pos{File: file}, content.SeverityError, CheckDescriptorSchema, err.Error(), "")}
	}
	var v any
	keepTimestampsAsWritten(root)
	if err := root.Decode(&v); err != nil {
		return []content.Finding{finding(content.PosOf(file, root), content.SeverityError, CheckDescriptorYAML, err.Error(), "")}
	}
	res, err := s.Validate(gojsonschema.NewGoLoader(v))
	if err != nil {
		return []content.Finding{finding(content.PosOf(file, root), content.SeverityError, CheckDescriptorSchema, err.Error(), "")}
	}
	var out []content.Finding
	for _, e := range res.Errors() {
		if formRequirement(e) {
			continue // the anyOf finding says it better
		}
		out = append(out, schemaFinding(file, root, e))
	}
	return out
}

// formRequirement is one branch of the anyOf between the two forms.
func formRequirement(e gojsonschema.ResultError) bool {
	prop, _ := e.Details()["property"].(string)
	return e.Type() == "required" && e.Context().String(pathSep) == "(root)" && (prop == "datasets" || prop == "dataset")
}

const pathSep = "\x00"

func schemaFinding(file string, root *yaml.Node, e gojsonschema.ResultError) content.Finding {
	segs := strings.Split(e.Context().String(pathSep), pathSep)[1:] // drop "(root)"
	target := deepestNode(root, segs)
	field := strings.Join(segs, ".")
	prop, _ := e.Details()["property"].(string)
	msg, hint := e.Description(), "see schemas/dataset.schema.json"
	switch e.Type() {
	case "additional_property_not_allowed":
		if k := content.KeyAt(root, append(segs, prop)...); k != nil {
			target = k
		}
		msg = fmt.Sprintf("unknown key %q%s%s", prop, in(field), content.DidYouMean(prop, knownKeys(segs)))
		hint = "remove the key or fix its spelling"
	case "required":
		msg = fmt.Sprintf("missing required key %q%s", prop, in(field))
		hint = "add the key"
	case "number_any_of":
		msg = "no data files: the descriptor needs `datasets:` (current form) or `dataset:` (older form)"
		hint = "list the data files under datasets: with name, path, source and sourcetype"
	case "number_not":
		msg = "both `datasets:` and `dataset:`: use one form"
		hint = "keep the datasets: entries and drop dataset:/sourcetypes:"
	default:
		if field != "" {
			msg = field + ": " + msg
		}
	}
	return finding(content.PosOf(file, target), content.SeverityError, CheckDescriptorSchema, msg, hint)
}

// deepestNode follows the path as far as it exists: the best position
// for a finding about a missing or wrong value.
func deepestNode(root *yaml.Node, segs []string) *yaml.Node {
	for i := len(segs); i > 0; i-- {
		if n := content.NodeAt(root, segs[:i]...); n != nil {
			return n
		}
	}
	return root
}

func knownKeys(segs []string) []string {
	if len(segs) == 2 && segs[0] == "datasets" {
		return []string{"name", "path", "source", "sourcetype"}
	}
	return []string{"author", "id", "date", "description", "environment", "directory",
		"mitre_technique", "datasets", "dataset", "sourcetypes", "references"}
}

func in(field string) string {
	if field == "" {
		return ""
	}
	return " in " + field
}

func finding(p content.Pos, sev, check, msg, hint string) content.Finding {
	return content.Finding{Pos: p, Severity: sev, Check: check, Message: msg, Hint: hint}
}

// yamlErrorPos reads the line yaml.v3 names in its message ("yaml: line
// 3: ..."); column 1 because yaml.v3 does not give one.
func yamlErrorPos(file string, err error) content.Pos {
	var line int
	if _, scanErr := fmt.Sscanf(err.Error(), "yaml: line %d:", &line); scanErr == nil {
		return content.Pos{File: file, Line: line, Col: 1}
	}
	return content.Pos{File: file, Line: 1, Col: 1}
}

// keepTimestampsAsWritten makes an unquoted date (date: 2021-01-26) a
// string, as the schema expects: yaml.v3 would decode it to a time and
// the schema would see 2021-01-26T00:00:00Z.
func keepTimestampsAsWritten(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!timestamp" {
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		keepTimestampsAsWritten(c)
	}
}

// windowsSourcetype are the sourcetypes Windows XML events are indexed
// under (XmlWinEventLog, xmlwineventlog, WinEventLog:..., Sysmon for
// Linux's sysmon:linux).
var windowsSourcetype = regexp.MustCompile(`(?i)wineventlog|sysmon`)

// sourcetypeMismatch says how a data file's content contradicts its
// sourcetype ("" when it does not, or cannot be told from the first
// bytes): add-ons keyed on the sourcetype would then extract nothing, or
// the wrong thing.
func sourcetypeMismatch(path, sourcetype string) string {
	if sourcetype == "" {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	switch format := ingest.SniffHint(head[:n], path); {
	case (format == ingest.FormatXMLWinEventLog || format == ingest.FormatEVTX) && !windowsSourcetype.MatchString(sourcetype):
		return fmt.Sprintf("the file holds Windows event log records (%s) but its sourcetype is %s", format, sourcetype)
	case format == ingest.FormatJSON && windowsSourcetype.MatchString(sourcetype):
		return fmt.Sprintf("the file holds JSON records but its sourcetype is %s, the Windows event log's", sourcetype)
	}
	return ""
}
