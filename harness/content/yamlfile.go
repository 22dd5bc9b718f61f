package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseYAML turns one file's bytes into its document's root node. Any problem
// that stops the file from being used yields exactly one finding and a nil
// node; duplicate keys are reported but the document is still returned, since
// every other value in it is sound (PyYAML, which contentctl uses, keeps the
// last value; yaml.v3 nodes keep both).
func parseYAML(file string, data []byte) (*yaml.Node, []Finding) {
	if f, ok := checkEncoding(file, data); !ok {
		return nil, []Finding{f}
	}
	root, err := decodeNode(data)
	if err != nil {
		return nil, []Finding{syntaxFinding(file, data, err)}
	}
	if root == nil {
		return nil, []Finding{errorAt(Pos{file, 1, 1}, CheckEmptyFile,
			"file is empty: no YAML document", "remove the file or give it content")}
	}
	return root, duplicateKeys(file, root)
}

// decodeNode parses the first document, turning a parser panic (seen on some
// fuzzed inputs in older yaml.v3 releases) into an error.
func decodeNode(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser panic: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	// contentctl (PyYAML safe_load) rejects a second document.
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("yaml: line %d: file holds more than one YAML document", extra.Line)
	}
	return doc.Content[0], nil
}

// checkEncoding rejects files that are not UTF-8, pointing at the first bad
// byte.
func checkEncoding(file string, data []byte) (Finding, bool) {
	if utf8.Valid(data) {
		return Finding{}, true
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return errorAt(Pos{file, line, col}, CheckEncoding,
		"file is not valid UTF-8", "save the file as UTF-8"), false
}

var (
	yamlErrLine   = regexp.MustCompile(`line (\d+)`)
	yamlErrPrefix = regexp.MustCompile(`^yaml: (line \d+: )?`)
)

// syntaxFinding converts a yaml.v3 parse error, which only knows the line,
// into a positioned finding. A tab in indentation is reported as such, since
// yaml.v3's messages for it do not always say so.
func syntaxFinding(file string, data []byte, err error) Finding {
	msg := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	if m := yamlErrPrefix.FindString(msg); m != "" {
		msg = msg[len(m):]
	}
	if isParserProblem(msg) {
		line++ // yaml.v3 prints the parser's 0-based line for these
	}
	// yaml.v3 says "tab character that violates indentation" on the line
	// before the tab, or "cannot start any token" on the tab's line. Tabs
	// elsewhere (inside block scalars) are legal, so only those lines count.
	from, to := 0, -1
	switch {
	case strings.Contains(msg, "tab character"):
		from, to = line, line+1
	case strings.Contains(msg, "cannot start any token"):
		from, to = line, line
	}
	if tl, tc, ok := tabIndent(data, from, to); ok {
		return errorAt(Pos{file, tl, tc}, CheckYAMLTab,
			"tab character used for indentation", "YAML indentation must use spaces")
	}
	return errorAt(Pos{file, line, firstNonBlank(data, line)}, CheckYAMLSyntax,
		"YAML syntax error: "+msg, "fix the YAML so that it parses")
}

// isParserProblem tells yaml.v3's parser errors (which it reports with a
// 0-based line) from its scanner errors (reported 1-based).
func isParserProblem(msg string) bool {
	for _, p := range []string{"key", "node content", "',' or", "'-' indicator", "<document start>"} {
		if strings.HasPrefix(msg, "did not find expected "+p) {
			return true
		}
	}
	return false
}

// tabIndent finds the first line in [from, to] whose indentation contains
// a tab, returning its line and the tab's column.
func tabIndent(data []byte, from, to int) (int, int, bool) {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if i+1 < from {
			continue
		}
		if i+1 > to {
			break
		}
		for j, c := range l {
			if c == '\t' {
				return i + 1, j + 1, true
			}
			if c != ' ' {
				break
			}
		}
	}
	return 0, 0, false
}

// firstNonBlank returns the column of the first non-blank character of line,
// or 1 when the line is blank or missing.
func firstNonBlank(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	l := []rune(string(lines[line-1]))
	for i, r := range l {
		if r != ' ' && r != '\t' && r != '\r' {
			return i + 1
		}
	}
	return 1
}

// duplicateKeys reports every mapping key that repeats an earlier key of the
// same mapping. yaml.v3 only notices duplicates when decoding into Go values,
// not when building nodes.
func duplicateKeys(file string, n *yaml.Node) []Finding {
	var out []Finding
	walkNodes(n, func(m *yaml.Node) {
		if m.Kind != yaml.MappingNode {
			return
		}
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			if first, dup := seen[k.Value]; dup {
				out = append(out, errorAt(nodePos(file, k), CheckDuplicateKey,
					fmt.Sprintf("duplicate key %q (first defined at line %d)", k.Value, first.Line),
					"remove one of the two entries"))
				continue
			}
			seen[k.Value] = k
		}
	})
	return out
}

// walkNodes visits n and its descendants (aliases are not followed, so
// recursive documents terminate).
func walkNodes(n *yaml.Node, visit func(*yaml.Node)) {
	if n == nil {
		return
	}
	visit(n)
	for _, c := range n.Content {
		walkNodes(c, visit)
	}
}

func nodePos(file string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: file, Line: 1, Col: 1}
	}
	return Pos{File: file, Line: n.Line, Col: n.Column}
}
