package content

import (
	"cmp"
	"fmt"
	"slices"
)

// Pos is a position in a content file. Line and Col are 1-based; Col counts
// characters (runes), as yaml.v3 does.
type Pos struct {
	File      string
	Line, Col int
}

// String renders the position the way compilers do: file:line:col.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severities of a Finding.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Finding is one problem found while loading or validating content.
type Finding struct {
	Pos      Pos
	Severity string // error|warning|info
	Check    string // stable id, e.g. "yaml-syntax", "schema"
	Message  string
	Hint     string
}

// String renders "file:line:col: severity: message [check]".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Check)
}

// SortFindings orders findings by file, line, column and check, so output is
// stable regardless of the order in which files were processed.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Check, b.Check),
		)
	})
}

// Load-time check ids. Semantic checks live in package validate.
const (
	CheckYAMLSyntax   = "yaml-syntax"
	CheckYAMLTab      = "yaml-tab"
	CheckDuplicateKey = "yaml-duplicate-key"
	CheckEmptyFile    = "empty-file"
	CheckEncoding     = "encoding"
	CheckSchema       = "schema"
	CheckReadError    = "read-error"
)

func errorAt(p Pos, check, msg, hint string) Finding {
	return Finding{Pos: p, Severity: SeverityError, Check: check, Message: msg, Hint: hint}
}
