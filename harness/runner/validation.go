package runner

import (
	"fmt"
	"sort"

	"github.com/dactest/dactest/harness/content"
)

// ValidationError is an error validate finds in a tested detection or in a
// file it uses (a macro, lookup, data source). contentctl test builds the
// content first and refuses it with such an error, so the run fails though
// every test passed; reports carry them, and a merge of shards recounts
// them, so no report reads green where the exit code is 1.
type ValidationError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Check   string `json:"check"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// ValidationErrorOf is the report's form of a finding.
func ValidationErrorOf(f content.Finding) ValidationError {
	return ValidationError{File: f.Pos.File, Line: f.Pos.Line, Col: f.Pos.Col, Check: f.Check, Message: f.Message, Hint: f.Hint}
}

// Position is file:line:col, or less where the finding has no line.
func (v ValidationError) Position() string {
	switch {
	case v.Line == 0:
		return v.File
	case v.Col == 0:
		return fmt.Sprintf("%s:%d", v.File, v.Line)
	}
	return fmt.Sprintf("%s:%d:%d", v.File, v.Line, v.Col)
}

// Text is the message with its fix, when there is one.
func (v ValidationError) Text() string {
	if v.Hint == "" {
		return v.Message
	}
	return v.Message + " (fix: " + v.Hint + ")"
}

// SetValidation records the errors in the report and its summary.
func (r *Report) SetValidation(errs []ValidationError) {
	r.Validation = errs
	r.Summary.Validation = len(errs)
}

// mergeValidation is the union of the shards' validation errors: shards
// testing detections that share a macro each report its error once.
func mergeValidation(reports []*Report) []ValidationError {
	seen := map[ValidationError]bool{}
	var out []ValidationError
	for _, rep := range reports {
		for _, v := range rep.Validation {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].File != out[b].File {
			return out[a].File < out[b].File
		}
		return out[a].Line < out[b].Line
	})
	return out
}
