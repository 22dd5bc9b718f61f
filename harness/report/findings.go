package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/dactest/dactest/harness/content"
)

// Findings writes validation findings compiler-style,
// `file:line:col: severity check-id: message`, then a count per check.
func Findings(w io.Writer, fs []content.Finding) {
	for _, f := range fs {
		fmt.Fprintf(w, "%s: %s %s: %s\n", f.Pos, f.Severity, f.Check, f.Message)
	}
	counts := map[string]int{}
	sev := map[string]string{}
	for _, f := range fs {
		counts[f.Check]++
		sev[f.Check] = f.Severity
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) > 0 {
		fmt.Fprintln(w, "\nfindings per check:")
	}
	for _, id := range ids {
		fmt.Fprintf(w, "  %-28s %-8s %d\n", id, sev[id], counts[id])
	}
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Check    string `json:"check"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// FindingsJSON writes the findings as a JSON array.
func FindingsJSON(w io.Writer, fs []content.Finding) error {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, jsonFinding{f.Pos.File, f.Pos.Line, f.Pos.Col, f.Severity, f.Check, f.Message, f.Hint})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // SPL and _raw hold < > &: keep them readable
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
